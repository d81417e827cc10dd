-- wrk script of the benchmark (campaign/bench/load.py): sends a logged-in user's session
-- cookie, waits BENCH_THINK_MS (± 50 %) between pages like a person reading, and prints
-- the figures as one JSON line starting with "BENCH ".
local cookie = os.getenv("BENCH_COOKIE") or ""
local think = tonumber(os.getenv("BENCH_THINK_MS") or "0")

function setup(thread)
  thread:set("cookie", cookie)
end

function init(args)
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
  wrk.headers["Cookie"] = cookie
  wrk.headers["Accept-Language"] = "vi"
end

function delay()
  if think <= 0 then
    return 0
  end
  return math.floor(think * (0.5 + math.random()))
end

function done(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  local seconds = summary.duration / 1000000
  io.write(string.format(
    'BENCH {"requests": %d, "rps": %.2f, "errors": %d, "p50": %d, "p95": %d, "p99": %d, "max": %d}\n',
    summary.requests, summary.requests / seconds, errors,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
