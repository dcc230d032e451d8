-- GetItem of a uniformly random pre-loaded key (every key exists). Counts an answer without Item as an error.
dofile((os.getenv("BENCH_WRK_DIR") or "bench/wrk") .. "/common.lua")
target = "GetItem"

function make_body()
   return string.format('{"TableName":"%s","Key":%s}', table_name, key_json(random_key()))
end

function on_ok(body)
   if string.find(body, '"Item"', 1, true) then items = items + 1; return true end
   return false
end
