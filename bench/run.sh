#!/usr/bin/env bash
# The benchmark: builds Release, runs the app in Production on PostgreSQL (default durability) and on SQLite, seeds
# the benchmark user, signs in, and drives it with wrk over 127.0.0.1. Prints a table and writes bench/results.json.
# Beside it, when ../shared/peers/flask-seed is there (or FLASK_PEER names it), the original design on its own stack
# (Flask, gunicorn -w 5, PostgreSQL 15) with the same data, case by case, alternating; then the growth cases: the same
# dashboard and write with 2,000 other users in the database.
#   bench/run.sh                 both databases, 15 s per case (5 s warm-up)
#   DURATION=5 bench/run.sh      shorter (WARMUP=0 skips the warm-ups: the first figures then include JIT time)
#   PEER=0 GROWTH=0 bench/run.sh without the Flask design, without the growth cases
#   DATABASES=postgres bench/run.sh  one database only
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
DURATION=${DURATION:-15}
WARMUP=${WARMUP:-5}
DATABASES=${DATABASES:-"postgres sqlite"}
FLASK_PEER=${FLASK_PEER:-$root/../shared/peers/flask-seed}
PEER=${PEER:-$([ -x "$FLASK_PEER/run.sh" ] && echo 1 || echo 0)}
GROWTH=${GROWTH:-1}
OTHERS=${OTHERS:-2000}
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

work=$(mktemp -d /tmp/sovereign-bench.XXXXXX)
chmod 755 "$work" # PostgreSQL runs as its own user and needs to reach its folder inside
app_pid=""
cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null || true
  scripts/postgres.sh stop "$work/pg" 2>/dev/null || true
  [ "$PEER" = 1 ] && "$FLASK_PEER/stop.sh" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

echo "Building Release …"
# PUBLISH_ARGS: extra publish options to compare (e.g. "-r linux-x64 --self-contained false -p:PublishReadyToRun=true").
dotnet publish src/Sovereign.Web -c Release -o "$work/app" --nologo -v quiet ${PUBLISH_ARGS:-} >/dev/null
results="$root/bench/results.json"
echo "[" > "$results.tmp"
first=1
# Unloaded: the median of 50 requests one after another (curl's whole time, as the Flask design's bench.sh measures it).
unloaded() { # curl args…
  for _ in $(seq 50); do curl -s -o /dev/null -w '%{time_total}\n' "$@"; done | awk '{ print $1 * 1000 }' | sort -n |
    awk '{ v[NR] = $1 } END { printf "%.2f", (v[int((NR + 1) / 2)] + v[int(NR / 2) + 1]) / 2 }'
}
# CPU seconds so far of a process and its reaped children (PostgreSQL's backends are children of the postmaster).
cpu_of() { awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15 + $16 + $17) / hz }' "/proc/$1/stat" 2>/dev/null || echo 0; }
tree_cpu() { # pid → its CPU seconds plus its live children's
  local total; total=$(cpu_of "$1")
  for child in $(ps --ppid "$1" -o pid= 2>/dev/null); do total=$(awk -v a="$total" -v b="$(cpu_of "$child")" 'BEGIN { print a + b }'); done
  echo "$total"
}

if [ "$PEER" = 1 ]; then
  echo "Starting the Flask design ($FLASK_PEER) …"
  "$FLASK_PEER/stop.sh" >/dev/null 2>&1 || true
  "$FLASK_PEER/run.sh" >/dev/null
  flask=http://127.0.0.1:8099
  fjar=$work/flask.jar
  ftoken=$(curl -fs -c "$fjar" -b "$fjar" "$flask/login" | sed -n 's/.*name="csrf_token" type="hidden" value="\([^"]*\)".*/\1/p' | head -1)
  curl -fs -o /dev/null -c "$fjar" -b "$fjar" --data-urlencode "csrf_token=$ftoken" --data-urlencode "email=bench@example.com" \
    --data-urlencode "password=correct horse battery staple" "$flask/login"
  fdash=$(curl -fs -c "$fjar" -b "$fjar" "$flask/dashboard")
  export CSRF; CSRF=$(echo "$fdash" | sed -n 's/.*<meta name="csrf-token" content="\([^"]*\)".*/\1/p')
  fhabit=$(echo "$fdash" | grep -o 'hx-post="/habits/[^"]*/complete"' | head -1 | cut -d'"' -f2)
  export COOKIE; COOKIE=$(awk -F'\t' 'NF == 7 && ($1 !~ /^#/ || $1 ~ /^#HttpOnly_/) { printf "%s%s=%s", sep, $6, $7; sep = "; " }' "$fjar")
  [ -n "$CSRF" ] && [ -n "$fhabit" ] && [ -n "$COOKIE" ] || { echo "could not sign in to the Flask design" >&2; exit 1; }
  for _ in $(seq 20); do curl -fs -o /dev/null -H "Cookie: $COOKIE" "$flask/dashboard"; done # every worker warm
fi
flask_case() { # name, method, path: the Flask design under the same load, with its own wrk script (counts non-200)
  local name=$1 method=$2 path=$3 out rps p50 p99 bad single extra=()
  [ "$method" = POST ] && extra=(-X POST -H "HX-Request: true" --data "")
  single=$(unloaded -H "Cookie: $COOKIE" -H "X-CSRFToken: $CSRF" "${extra[@]}" "$flask$path")
  out=$(METHOD=$method wrk -t2 -c32 -d"${DURATION}s" --timeout 10s --latency -s "$FLASK_PEER/bench.lua" "$flask$path" 2>&1)
  rps=$(echo "$out" | awk '/Requests\/sec/ { print $2 }')
  p50=$(echo "$out" | ms 50%); p99=$(echo "$out" | ms 99%)
  bad=$(echo "$out" | awk '/non-200 responses:/ { print $NF }')
  row "flask-pg" "$name" 2 32 "$rps" "$p50" "$p99" "$bad" "" "$single" "" ""
}
ms() { awk -v p="$1" '$1 == p { v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v);
         printf "%.2f", (u == "us" ? v / 1000 : u == "s" ? v * 1000 : v) }'; }
row() { # database, case, threads, connections, req/s, p50, p99, non-2xx, RSS, unloaded, app CPU ms/req, db CPU ms/req
  printf '%-9s %-30s %9s %8s %8s %7s %6s %9s %8s %8s\n' "$1" "$2" "$5" "$6" "$7" "$8" "${9:--}" "${10:--}" "${11:--}" "${12:--}"
  [ $first = 1 ] || echo "," >> "$results.tmp"; first=0
  printf '  {"database": "%s", "case": "%s", "threads": %s, "connections": %s, "seconds": %s, "requests_per_second": %s, "p50_ms": %s, "p99_ms": %s, "non_2xx": %s, "peak_rss_mb": %s, "unloaded_ms": %s, "app_cpu_ms_per_request": %s, "db_cpu_ms_per_request": %s}' \
    "$1" "$2" "$3" "$4" "$DURATION" "$5" "$6" "$7" "$8" "${9:-null}" "${10:-null}" "${11:-null}" "${12:-null}" >> "$results.tmp"
}
printf '\n%-9s %-30s %9s %8s %8s %7s %6s %9s %8s %8s\n' "database" "case" "req/s" "p50 ms" "p99 ms" "non-2xx" "RSS MB" "unloaded" "app CPU" "db CPU"
printf '%-9s %-30s %9s %8s %8s %7s %6s %9s %8s %8s\n' "" "" "" "" "" "" "" "ms" "ms/req" "ms/req"

for db in $DATABASES; do
  export ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning
  # The per-user write limit (120 a minute) would turn nearly every benchmark write into a 429: this measures the
  # write path, so the limit is lifted for the run.
  export RateLimits__WritesPerMinutePerUser=100000000
  if [ "$db" = postgres ]; then
    pgport=$(free_port)
    scripts/postgres.sh start "$work/pg" "$pgport" durable
    export Database__Provider=Postgres
    # A pool sized for two cores: enough to keep PostgreSQL busy, few enough not to thrash it.
    export ConnectionStrings__Sovereign="Host=127.0.0.1;Port=$pgport;Database=sovereign;Username=sovereign;Password=sovereign;Maximum Pool Size=32;No Reset On Close=true"
  else
    export Database__Provider=Sqlite ConnectionStrings__Sovereign="Data Source=$work/bench.db"
  fi
  (cd "$work/app" && dotnet Sovereign.Web.dll seed-bench >/dev/null)
  port=$(free_port)
  base="http://127.0.0.1:$port"
  (cd "$work/app" && exec dotnet Sovereign.Web.dll --urls "$base") > "$work/app-$db.log" 2>&1 &
  app_pid=$!
  for _ in $(seq 1 100); do curl -fs "$base/healthz" >/dev/null 2>&1 && break; sleep 0.2; done

  # Sign in as a browser behind a TLS proxy would (the app trusts X-Forwarded-Proto from loopback).
  sign_in() {
    local jar=$1 email=$2 token
    token=$(curl -fs -c "$jar" -b "$jar" -H "X-Forwarded-Proto: https" "$base/auth/login" | grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | sed 's/.*value="//; s/"$//')
    curl -fs -o /dev/null -c "$jar" -b "$jar" -H "X-Forwarded-Proto: https" "$base/auth/login" \
      --data-urlencode "__RequestVerificationToken=$token" --data-urlencode "Input.Login=$email" --data-urlencode "Input.Password=correct horse battery staple"
  }
  cookies() { awk '$0 !~ /^#/ || $0 ~ /^#HttpOnly_/ { if (NF >= 7) printf "%s=%s; ", $6, $7 }' "$1"; }
  # Each case signs in afresh: a browser keeps the cookie the app renews every minute; wrk cannot, so a stale
  # cookie would pay for a security-stamp check on every request.
  login() { # jar, email, page → sets cookie, token, page_html
    rm -f "$1"; sign_in "$1" "$2"
    page_html=$(curl -fs -b "$1" -H "X-Forwarded-Proto: https" "$base$3")
    token=$(echo "$page_html" | grep -o 'name="request-verification-token" content="[^"]*"' | sed 's/.*content="//; s/"$//')
    cookie=$(cookies "$1")
  }
  login "$work/bench.jar" bench@example.com /dashboard
  dashboard_bytes=$(curl -fs -b "$work/bench.jar" -H "X-Forwarded-Proto: https" "$base/dashboard" | wc -c)
  echo "$db: the benchmark user's dashboard is $((dashboard_bytes / 1024)) KB of HTML ($dashboard_bytes bytes)"
  habits=$(echo "$page_html" | grep -o 'id="habit-[0-9a-f-]\{36\}"' | sed 's/id="habit-//; s/"$//' | sort -u | paste -sd, -)
  [ "$(echo "$habits" | tr ',' '\n' | grep -c .)" = 20 ] || { echo "sign-in failed: no habits on the dashboard" >&2; exit 1; }
  login "$work/history.jar" history@example.com /habits
  habit_of() { echo "$page_html" | grep -o "href=\"/habits/[0-9a-f-]\{36\}\">$1<" | grep -o '[0-9a-f-]\{36\}' | head -1; }
  ten=$(habit_of "Ten past days"); tenk=$(habit_of "Ten thousand past days")
  [ -n "$ten" ] && [ -n "$tenk" ] || { echo "sign-in failed: no history habits" >&2; exit 1; }

  run_case() { # name, threads, connections, email, page, wrk args… (a Lua script counts non-2xx and percentiles)
    local name=$1 t=$2 c=$3 email=$4 from=$5; shift 5
    login "$work/case.jar" "$email" "$from"
    local target=${*: -1}
    if [ "${target#$base}" != "" ] && [ "${target#$base}" != "/" ]; then
      local status; status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" -H "X-Forwarded-Proto: https" "$target")
      [ "$status" = 200 ] || { echo "$name answers $status, not 200" >&2; exit 1; }
    fi
    local auth=(-H "Cookie: $cookie" -H "X-Forwarded-Proto: https" -H "RequestVerificationToken: $token")
    local single=""
    [ -n "${SINGLE:-}" ] && single=$(unloaded "${auth[@]}" $SINGLE)
    wrk -t"$t" -c"$c" -d"${WARMUP}s" "${auth[@]}" "$@" >/dev/null 2>&1 || true
    local app0 db0 app1 db1 out
    app0=$(cpu_of "$app_pid"); db0=$(db_cpu)
    out=$(wrk -t"$t" -c"$c" -d"${DURATION}s" "${auth[@]}" "$@" 2>&1)
    app1=$(cpu_of "$app_pid"); db1=$(db_cpu)
    local rps p50 p99 bad rss requests app_ms db_ms
    rps=$(echo "$out" | awk '/Requests\/sec/ { print $2 }')
    requests=$(echo "$out" | awk '/requests in/ { print $1 }')
    per_request() { awk -v a="$1" -v b="$2" -v n="$requests" 'BEGIN { printf "%.2f", (b - a) * 1000 / n }'; }
    app_ms=$(per_request "$app0" "$app1")
    db_ms=$([ "$db" = postgres ] && per_request "$db0" "$db1" || true)
    if echo "$out" | grep -q '^P50US'; then
      p50=$(echo "$out" | awk '/^P50US/ { printf "%.2f", $2 / 1000 }'); p99=$(echo "$out" | awk '/^P99US/ { printf "%.2f", $2 / 1000 }')
      bad=$(echo "$out" | awk '/^NON2XX/ { print $2 }')
    else # plain wrk --latency: wrk counts statuses >= 400; a redirect was ruled out by the status check above
      p50=$(echo "$out" | ms 50%); p99=$(echo "$out" | ms 99%)
      bad=$(echo "$out" | awk '/Non-2xx/ { print $5 }'); bad=${bad:-0}
    fi
    rss=$(awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$app_pid/status")
    row "$db" "$name" "$t" "$c" "$rps" "$p50" "$p99" "$bad" "$rss" "$single" "$app_ms" "$db_ms"
  }
  db_cpu() { [ "$db" = postgres ] && tree_cpu "$(head -1 "$work/pg/postmaster.pid" 2>/dev/null || echo 1)" || echo 0; }
  one_habit=${habits%%,*}
  measure_dashboard() { # name suffix
    SINGLE="$base/dashboard" run_case "GET /dashboard$1" 2 32 bench@example.com /dashboard --latency "$base/dashboard"
  }
  measure_write() { # name suffix (unloaded: one habit completed and undone in turn, 25 times each)
    HABITS=$habits SINGLE="-X POST -H HX-Request:true -o /dev/null $base/habits/$one_habit/complete $base/habits/$one_habit/undo" \
      run_case "POST complete/undo$1" 2 32 bench@example.com /dashboard -s bench/complete-undo.lua -H "HX-Request: true" "$base"
  }
  # The JIT needs a while under load before the hot paths reach their optimised tier (dynamic PGO): measured, the
  # dashboard does ~200 req/s for its first ~15 s and ~600 after. Warm every case up once before any is measured.
  if [ "$WARMUP" -gt 0 ]; then
    login "$work/case.jar" bench@example.com /dashboard
    warm=(-H "Cookie: $cookie" -H "X-Forwarded-Proto: https" -H "RequestVerificationToken: $token")
    wrk -t2 -c32 -d20s "${warm[@]}" "$base/dashboard" >/dev/null 2>&1 || true
    HABITS=$habits wrk -t2 -c32 -d10s "${warm[@]}" -H "HX-Request: true" -s bench/complete-undo.lua "$base" >/dev/null 2>&1 || true
    wrk -t2 -c32 -d5s "${warm[@]}" "$base/relapse" >/dev/null 2>&1 || true
  fi
  run_case "GET /healthz" 2 32 bench@example.com /dashboard --latency "$base/healthz"
  [ "$db" = postgres ] && [ "$PEER" = 1 ] && flask_case "GET /dashboard" GET /dashboard
  measure_dashboard ""
  [ "$db" = postgres ] && [ "$PEER" = 1 ] && flask_case "POST complete" POST "$fhabit"
  measure_write ""
  run_case "GET /relapse" 2 32 bench@example.com /dashboard --latency "$base/relapse"
  HABITS=$ten run_case "complete/undo, 10 logs" 1 1 history@example.com /habits -s bench/complete-undo.lua -H "HX-Request: true" "$base"
  HABITS=$tenk run_case "complete/undo, 10,000 logs" 1 1 history@example.com /habits -s bench/complete-undo.lua -H "HX-Request: true" "$base"
  if [ "$GROWTH" = 1 ]; then
    started=$(date +%s)
    (cd "$work/app" && dotnet Sovereign.Web.dll seed-bench-others "$OTHERS" >/dev/null)
    echo "$db: seeded $OTHERS other users in $(( $(date +%s) - started )) s"
    measure_dashboard " (+$OTHERS users)"
    measure_write " (+$OTHERS users)"
  fi

  kill "$app_pid"; wait "$app_pid" 2>/dev/null || true; app_pid=""
  [ "$db" = postgres ] && scripts/postgres.sh stop "$work/pg"
done
echo "" >> "$results.tmp"; echo "]" >> "$results.tmp"
mv "$results.tmp" "$results"
python3 - "$results" "$OTHERS" <<'PY'
import json, sys
rows = {(r["database"], r["case"]): r for r in json.load(open(sys.argv[1]))}
others = sys.argv[2]
def line(label, a, b):
    if a and b: print(f"{label:<46} {a['requests_per_second']:>9.0f} {b['requests_per_second']:>9.0f} {b['requests_per_second'] / a['requests_per_second']:>7.2f}x")
print("\nSide by side (req/s)                            before     after   ratio")
for case, flask in (("GET /dashboard", "GET /dashboard"), ("POST complete/undo", "POST complete")):
    line(f"{case}: Flask design -> Sovereign (PostgreSQL)", rows.get(("flask-pg", flask)), rows.get(("postgres", case)))
for db in ("postgres", "sqlite"):
    for case in ("GET /dashboard", "POST complete/undo"):
        line(f"{db} {case}: alone -> +{others} users", rows.get((db, case)), rows.get((db, f"{case} (+{others} users)")))
PY
echo
echo "Machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); .NET $(dotnet --version)"
echo "Results written to bench/results.json"
