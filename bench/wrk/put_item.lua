-- PutItem of a ~250-byte item over a uniformly random pre-loaded key (an overwrite; the table keeps its size).
dofile((os.getenv("BENCH_WRK_DIR") or "bench/wrk") .. "/common.lua")
target = "PutItem"

function make_body()
   return string.format('{"TableName":"%s","Item":%s}', table_name, item_json(random_key()))
end
