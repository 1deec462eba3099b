-- load.lua -- wrk script for bench/load.sh: GET /api/search rotating
-- over a file of real queries (one a line, '#' comments), each wrk
-- thread starting at its own place.  done() prints one "DXLOAD k=v ..."
-- line that load.sh reads.
--   wrk -s bench/load.lua URL -- QUERIES_FILE [LIMIT]
local reqs, n, i = {}, 0, 0

local function urlencode(s)
  return (s:gsub("[^%w%-_%.~]", function(c)
    return string.format("%%%02X", string.byte(c))
  end))
end

function init(args)
  local limit = args[2] or "10"
  for line in io.lines(args[1]) do
    if line ~= "" and line:sub(1, 1) ~= "#" then
      n = n + 1
      reqs[n] = wrk.format("GET", "/api/search?q=" .. urlencode(line) ..
        "&limit=" .. limit)
    end
  end
  i = math.random(n)
end

function request()
  i = i % n + 1
  return reqs[i]
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "DXLOAD requests=%d seconds=%.2f rps=%.1f p50_ms=%.3f p90_ms=%.3f " ..
    "p99_ms=%.3f max_ms=%.3f connect=%d read=%d write=%d status=%d " ..
    "timeout=%d\n",
    summary.requests, summary.duration / 1e6,
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    e.connect, e.read, e.write, e.status, e.timeout))
end
