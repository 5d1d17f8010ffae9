-- report.lua: shared by the wrk scripts of make bench. done() prints one
-- machine-readable line that scripts/bench.sh parses:
--   BENCH requests=N seconds=S rps=R p50_ms=A p99_ms=B errors=E non2xx=F
-- errors counts socket errors (connect, read, write, timeout); non2xx counts
-- responses with a status of 400 or more (wrk's errors.status; the app
-- sends no 3xx). Counting statuses in Lua instead would slow wrk down,
-- which shares the CPU with the server under test.
function done(summary, latency, requests)
	local e = summary.errors
	local secs = summary.duration / 1e6
	io.write(string.format(
	    "BENCH requests=%d seconds=%.3f rps=%.1f p50_ms=%.3f " ..
	    "p99_ms=%.3f errors=%d non2xx=%d\n",
	    summary.requests, secs, summary.requests / secs,
	    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
	    e.connect + e.read + e.write + e.timeout, e.status))
end
