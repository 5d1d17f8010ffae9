-- get.lua: GET /users/{random id} over ids 1..BENCH_ROWS (default 10000).
local dir = os.getenv("BENCH_LUA_DIR") or "scripts/bench"
dofile(dir .. "/report.lua")

local rows = tonumber(os.getenv("BENCH_ROWS") or "10000")
local counter = 0

function setup(thread)
	counter = counter + 1
	thread:set("seed", counter)
end

function init(args)
	math.randomseed(os.time() * 1000 + (seed or 0))
end

function request()
	return wrk.format("GET", "/users/" .. math.random(1, rows))
end
