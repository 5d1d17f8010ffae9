-- list.lua: GET /users?limit=20 (the first page, ordered by primary key).
local dir = os.getenv("BENCH_LUA_DIR") or "scripts/bench"
dofile(dir .. "/report.lua")

wrk.method = "GET"
wrk.path = "/users?limit=20"
