-- GetItem of a uniformly random pre-loaded key (every key exists). The answers' bodies are not looked at (see
-- common.lua's init); bench/run checks before the cells that the keys this script asks for have items.
dofile((os.getenv("BENCH_WRK_DIR") or "bench/wrk") .. "/common.lua")
target = "GetItem"

function make_body()
   return string.format('{"TableName":"%s","Key":%s}', table_name, key_json(random_key()))
end
