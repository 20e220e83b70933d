-- htmx POSTs that alternate "complete" and "undo" over the habits in HABITS (comma-separated ids): every request is a
-- real write with its streak update. Each connection walks the habits in its own order.
local threads = {}
local ids = {}
for id in string.gmatch(os.getenv("HABITS") or "", "[^,]+") do table.insert(ids, id) end
function setup(thread) table.insert(threads, thread) end
function init(args) bad = 0; n = 0 end
function request()
  n = n + 1
  local id = ids[(n % #ids) + 1]
  local action = (math.floor(n / #ids) % 2 == 0) and "complete" or "undo"
  return wrk.format("POST", "/habits/" .. id .. "/" .. action, nil, "")
end
function response(status, headers, body) if status < 200 or status > 299 then bad = bad + 1 end end
function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + t:get("bad") end
  io.write(string.format("NON2XX %d\n", total))
  io.write(string.format("P50US %d\nP99US %d\n", latency:percentile(50), latency:percentile(99)))
end
