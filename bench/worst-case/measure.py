"""The worst case the limits allow, measured against a running app (see README, "Limits").

Start the published app on an empty SQLite database behind a pretend TLS proxy, e.g.
  ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS=http://127.0.0.1:5099 RateLimits__WritesPerMinutePerUser=100000 \
    ConnectionStrings__Sovereign="Data Source=/tmp/worst/worst.db" DataDirectory=/tmp/worst/data dotnet Sovereign.Web.dll
then run: python3 bench/worst-case/measure.py http://127.0.0.1:5099
It registers two users, imports the largest file the limits let through for one (200 habits from 1900, 10,000 relapses,
10,000 urges) while the other keeps writing, and times the first user's heaviest pages afterwards.
"""
import json, re, threading, time, datetime, sys, statistics, requests
BASE = sys.argv[1]
H = {"X-Forwarded-Proto": "https"}

class Client:
    """A browser behind a pretend TLS proxy: keeps its cookies itself and sends the Secure ones over plain http."""
    def __init__(self): self.jar = {}; self.http = requests.Session(); self.http.headers.update(H)
    def _send(self, method, url, headers=None, **kw):
        headers = dict(headers or {}); headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.jar.items())
        r = self.http.request(method, url, headers=headers, allow_redirects=False, **kw)
        for c in r.raw.headers.getlist("Set-Cookie"):
            name, value = c.split(";")[0].split("=", 1)
            if value: self.jar[name] = value
            else: self.jar.pop(name, None)
        return r
    def get(self, url, **kw): return self._send("GET", url, **kw)
    def post(self, url, **kw): return self._send("POST", url, **kw)

def session(): return Client()

def token(s, url):
    html = s.get(BASE + url).text
    return re.search(r'name="__RequestVerificationToken"[^>]*value="([^"]+)"', html).group(1)

def post(s, url, data, token_from=None):
    data = dict(data); data["__RequestVerificationToken"] = token(s, token_from or url.split("?")[0])
    return s.post(BASE + url, data=data)

def register(email, name):
    s = session()
    pw = "a long walk by the river"
    r = post(s, "/auth/register", {"Input.Email": email, "Input.Username": name, "Input.Password": pw, "Input.ConfirmPassword": pw, "Input.TimeZone": "Pacific/Kiritimati"})
    assert r.status_code == 302, r.status_code
    r = post(s, "/auth/login", {"Input.Login": email, "Input.Password": pw})
    assert r.status_code == 302, r.status_code
    return s

a = register("worst@example.org", "worst"); b = register("neighbour@example.org", "neighbour")
# B's habit for the parallel writes
post(b, "/habits/new", {"Input.Name": "Walk", "Input.Frequency": "Daily", "Input.TargetPerPeriod": "1"})
hid = re.search(r'href="/habits/([0-9a-f-]{36})"', b.get(BASE + "/habits").text).group(1)
btok = token(b, "/habits")

# The largest import the limits let through: 200 habits from 1900-01-01, 10,000 relapses and 10,000 urges, under 20 MB.
start = datetime.date(1900, 1, 1); today = datetime.date.today()
span = (today - start).days
per_habit = 640
habits = []
for i in range(200):
    days = sorted({start + datetime.timedelta(days=(k * span) // per_habit) for k in range(per_habit)} | {today - datetime.timedelta(days=1)})
    habits.append({"id": "00000000-0000-0000-0000-%012d" % i, "name": f"Habit {i}", "frequency": ["daily", "weekly", "monthly"][i % 3], "targetPerPeriod": 1,
        "isActive": True, "createdAt": "1900-01-01T00:00:00Z", "updatedAt": "1900-01-01T00:00:00Z",
        "logs": [{"localDate": d.isoformat(), "completedAt": d.isoformat() + "T10:00:00Z", "streakCount": 0, "createdAt": d.isoformat() + "T10:00:00Z"} for d in days],
        "skippedPeriods": []})
def instant(k, n): return (datetime.datetime(1900, 1, 2) + datetime.timedelta(days=(k * (span - 2)) / n)).strftime("%Y-%m-%dT%H:%M:%SZ")
relapses = [{"occurredAt": instant(k, 10000), "triggerType": "stress", "severity": 5, "createdAt": instant(k, 10000)} for k in range(10000)]
urges = [{"occurredAt": instant(k, 10000), "intensity": 5, "triggerType": "social_situation", "createdAt": instant(k, 10000)} for k in range(10000)]
doc = {"format": "sovereign-export", "version": 1, "exportedAt": "2026-01-01T00:00:00Z",
       "profile": {"email": "x@example.org", "username": "x", "timeZone": "Pacific/Kiritimati", "dayEndsAtHour": 0, "createdAt": "1900-01-01T00:00:00Z", "cleanSince": "1900-01-01"},
       "habits": habits, "relapseEvents": relapses, "urgeEvents": urges}
body = json.dumps(doc, separators=(",", ":")).encode()
logs = sum(len(h["logs"]) for h in habits)
print(f"import file: {len(body)/1e6:.1f} MB, {len(habits)} habits, {logs} completions, 10000 relapses, 10000 urges")

latencies = []; stop = threading.Event()
def neighbour():
    k = 0
    while not stop.is_set():
        t = time.perf_counter()
        r = b.post(f"{BASE}/habits/{hid}/{'complete' if k % 2 == 0 else 'undo'}", headers={"HX-Request": "true", "RequestVerificationToken": btok})
        latencies.append(time.perf_counter() - t); k += 1
        assert r.status_code == 200, r.status_code
        time.sleep(0.02)
health = []
def healthz():
    h = requests.Session()
    while not stop.is_set():
        t = time.perf_counter(); h.get(BASE + "/healthz"); health.append(time.perf_counter() - t); time.sleep(0.02)
th = threading.Thread(target=neighbour); th.start(); th2 = threading.Thread(target=healthz); th2.start(); time.sleep(1)
itok = token(a, "/account/import")
t = time.perf_counter()
r = a.post(BASE + "/account/import", data={"__RequestVerificationToken": itok}, files={"file": ("export.json", body, "application/json")})
took = time.perf_counter() - t
if r.status_code != 302: print(re.findall(r"<li>(.*?)</li>", r.text)[:5])
time.sleep(1); stop.set(); th.join(); th2.join()
print("slowest /healthz meanwhile (ms):", sorted(int(x*1000) for x in health)[-6:])
print("slowest neighbour writes (ms):", sorted(int(x*1000) for x in latencies)[-6:])
print(f"import: {r.status_code} in {took:.1f} s; the neighbour's {len(latencies)} writes meanwhile: median {statistics.median(latencies)*1000:.0f} ms, max {max(latencies)*1000:.0f} ms")
for page in ["/insights", "/dashboard", "/habits", "/relapse"]:
    times = []
    for _ in range(6):
        t = time.perf_counter(); r = a.get(BASE + page); times.append(time.perf_counter() - t); assert r.status_code == 200, (page, r.status_code)
    print(f"GET {page}: median {statistics.median(times[1:])*1000:.0f} ms (first {times[0]*1000:.0f} ms)")
