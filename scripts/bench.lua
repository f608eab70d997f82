-- wrk script for scripts/bench: GETs the paths listed one per line in the file named by
-- BENCH_PATHS (in a fixed shuffled order chosen by the caller), each thread starting at
-- its own offset, and prints one parseable RESULT line when done. Non-2xx answers count
-- as errors, so a broken endpoint cannot post a fast figure.

local paths = {}
for line in io.lines(os.getenv("BENCH_PATHS")) do
  if #line > 0 then paths[#paths + 1] = line end
end
if #paths == 0 then error("no paths in " .. tostring(os.getenv("BENCH_PATHS"))) end

local next_thread = 0
function setup(thread)
  thread:set("offset", next_thread * 7919)
  next_thread = next_thread + 1
end

local position = nil
function request()
  position = ((position or offset or 0) % #paths) + 1
  return wrk.format("GET", paths[position])
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d seconds=%.3f rps=%.1f p50_us=%d p99_us=%d errors=%d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout + e.status))
end
