-- DeleteItem of pre-loaded keys, each deleted once: thread t deletes keys offset+t, offset+t+T, ... (T = thread
-- count). Past key_count it wraps around and deletes missing keys; those are counted in "wrapped" and bench/run
-- flags the cell. bench/run re-puts the deleted keys afterwards.
dofile((os.getenv("BENCH_WRK_DIR") or "bench/wrk") .. "/common.lua")
target = "DeleteItem"

function workload_init()
   cursor = key_offset + id
end

function make_body()
   local n = cursor
   cursor = cursor + thread_count
   if n >= key_count then
      wrapped = wrapped + 1
      n = n % key_count
   end
   return string.format('{"TableName":"%s","Key":%s}', table_name, key_json(n))
end
