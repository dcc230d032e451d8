-- Query of one random partition of a hash+range table (partitions of >= 100 items), first page, Limit 100.
-- Counts a page with fewer than 100 items as an error.
dofile((os.getenv("BENCH_WRK_DIR") or "bench/wrk") .. "/common.lua")
target = "Query"

function make_body()
   return string.format('{"TableName":"%s","KeyConditionExpression":"p = :p",'
      .. '"ExpressionAttributeValues":{":p":{"S":"p%05d"}},"Limit":100}', table_name, random_key())
end

function on_ok(body)
   local at = string.find(body, '"Count":', 1, true)
   local count = at and tonumber(string.match(body, '^(%d+)', at + 8))
   if count ~= 100 then return false end
   items = items + count
   pages = pages + 1
   return true
end
