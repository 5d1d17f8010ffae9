-- post.lua: POST /users with unique email and username in every request:
-- a random prefix per run and thread plus a counter, so repeated runs
-- against the same database do not collide (409s would count as non-2xx).
local dir = os.getenv("BENCH_LUA_DIR") or "scripts/bench"
dofile(dir .. "/report.lua")

local nthreads = 0

function setup(thread)
	nthreads = nthreads + 1
	thread:set("tid", nthreads)
end

local prefix
local n = 0

function init(args)
	math.randomseed(os.time() * 1000 + (tid or 0))
	prefix = string.format("b%x%04x%d", os.time(), math.random(0, 65535),
	    tid or 0)
end

function request()
	n = n + 1
	local name = prefix .. "-" .. n
	local body = '{"email":"' .. name .. '@bench.example.com",' ..
	    '"username":"' .. name .. '","full_name":"Bench User ' .. n .. '"}'
	return wrk.format("POST", "/users",
	    { ["Content-Type"] = "application/json" }, body)
end
