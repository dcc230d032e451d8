-- BatchGetItem of 100 distinct random pre-loaded keys. Counts returned items; fewer than 100 items or any
-- UnprocessedKeys counts as an error.
dofile((os.getenv("BENCH_WRK_DIR") or "bench/wrk") .. "/common.lua")
target = "BatchGetItem"

function make_body()
   local keys = {}
   for _, n in ipairs(distinct_keys(100)) do keys[#keys + 1] = key_json(n) end
   return string.format('{"RequestItems":{"%s":{"Keys":[%s]}}}', table_name, table.concat(keys, ","))
end

function on_ok(body)
   local _, count = string.gsub(body, '"payload"', "")
   if count ~= 100 then return false end
   if string.find(body, '"UnprocessedKeys":{"', 1, true) then return false end
   items = items + count
   return true
end
