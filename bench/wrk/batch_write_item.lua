-- BatchWriteItem of 25 PutRequests over distinct random pre-loaded keys (overwrites). Any UnprocessedItems counts
-- as an error.
dofile((os.getenv("BENCH_WRK_DIR") or "bench/wrk") .. "/common.lua")
target = "BatchWriteItem"

function make_body()
   local puts = {}
   for _, n in ipairs(distinct_keys(25)) do
      puts[#puts + 1] = '{"PutRequest":{"Item":' .. item_json(n) .. '}}'
   end
   return string.format('{"RequestItems":{"%s":[%s]}}', table_name, table.concat(puts, ","))
end

function on_ok(body)
   if string.find(body, '"UnprocessedItems":{"', 1, true) then return false end
   items = items + 25
   return true
end
