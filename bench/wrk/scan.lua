-- Full-table Scan, paged by the server's 1 MB limit. Each answer's LastEvaluatedKey is queued and the next
-- request continues a scan from it; with no continuation waiting, a new scan starts from the beginning. So with
-- c connections per thread there are c full scans in flight. Counts items and pages.
dofile((os.getenv("BENCH_WRK_DIR") or "bench/wrk") .. "/common.lua")
target = "Scan"

function workload_init()
   pending = {}
end

function make_body()
   local start = table.remove(pending)
   if start then
      return string.format('{"TableName":"%s","ExclusiveStartKey":%s}', table_name, start)
   end
   return string.format('{"TableName":"%s"}', table_name)
end

-- Plain finds locate the fields (a pattern search over a 1 MB page costs wrk more CPU than the server spends).
function on_ok(body)
   local at = string.find(body, '"Count":', 1, true)
   local count = at and tonumber(string.match(body, '^(%d+)', at + 8))
   if not count then return false end
   items = items + count
   pages = pages + 1
   at = string.find(body, '"LastEvaluatedKey":', 1, true)
   local last = at and string.match(body, '^(%b{})', at + 19)
   if last then table.insert(pending, last) end
   return true
end
