-- Shared by every bench/wrk workload script: DynamoDB headers, per-thread state, error counting and a
-- machine-readable summary line ("BENCHJSON {...}") that bench/run parses.
--
-- A workload script sets `target` (the operation name), defines `make_body()` returning the JSON request
-- body, and may define `on_ok(body)` to count items/pages or to detect a partial answer (return false =
-- counted as an error); without on_ok, wrk's own count of non-2xx answers is the check (see init). Arguments
-- after `--` on the wrk command line:
--   1 table name, 2 key count, 3 thread count, 4 seed, 5 key offset (optional)
-- All servers get the same seeds, so they see the same key sequence per thread.

local threads = {}
local next_id = 0

function setup(thread)
   thread:set("id", next_id)
   next_id = next_id + 1
   table.insert(threads, thread)
end

function init(args)
   table_name = args[1]
   key_count = tonumber(args[2])
   thread_count = tonumber(args[3])
   math.randomseed(tonumber(args[4]) + 7919 * id)
   key_offset = tonumber(args[5] or "0")
   errors = 0
   first_error = ""
   items = 0
   pages = 0
   ops = 0
   wrapped = 0
   wrk.method = "POST"
   wrk.path = "/"
   wrk.headers["Content-Type"] = "application/x-amz-json-1.0"
   wrk.headers["X-Amz-Target"] = "DynamoDB_20120810." .. target
   wrk.headers["Authorization"] = "AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/dynamodb/aws4_request, "
      .. "SignedHeaders=host, Signature=x"
   if workload_init then workload_init() end
   -- wrk hands every answer's headers and body to Lua only while `response` is defined: GetItem against Rewind on
   -- one connection spent 42 us of wrk's CPU a request with it, 36 without (medians of 5 interleaved rounds), in
   -- series with the server. A script with no on_ok() needs only the status, which wrk counts itself
   -- (summary.errors.status).
   if not on_ok then response = nil end
end

function request()
   ops = ops + 1
   return wrk.format(nil, nil, nil, make_body())
end

function response(status, headers, body)
   local ok = status == 200
   if ok and on_ok then ok = on_ok(body) end
   if not ok then
      errors = errors + 1
      if first_error == "" then
         first_error = status .. " " .. string.sub(body or "", 1, 300)
      end
   end
end

-- A uniformly random key number in [0, key_count).
function random_key()
   return math.random(0, key_count - 1)
end

function key_json(n)
   return string.format('{"pk":{"S":"k%07d"}}', n)
end

-- ~250 bytes as DynamoDB counts item size (names + values).
PAYLOAD = string.rep("abcdefghij", 20)
function item_json(n)
   return string.format(
      '{"pk":{"S":"k%07d"},"n":{"N":"%d"},"grp":{"S":"g%03d"},"ts":{"N":"%d"},"payload":{"S":"%s"}}',
      n, math.random(0, 1000000), n % 1000, 1700000000 + n, PAYLOAD)
end

-- Distinct keys for batches: start anywhere, step by the prime 997 modulo key_count; the keys never repeat while
-- count < key_count and key_count is not a multiple of 997.
function distinct_keys(count)
   local start = random_key()
   local keys = {}
   for i = 0, count - 1 do
      keys[#keys + 1] = (start + i * 997) % key_count
   end
   return keys
end

local function json_escape(s)
   return (string.gsub(s, '[%c"\\]', function(c)
      if c == '"' then return '\\"' elseif c == '\\' then return '\\\\' else return string.format("\\u%04x", string.byte(c)) end
   end))
end

function done(summary, latency, requests)
   local errs, its, pgs, wrapped_total, max_ops = 0, 0, 0, 0, 0
   local first = ""
   for _, t in ipairs(threads) do
      errs = errs + t:get("errors")
      its = its + t:get("items")
      pgs = pgs + t:get("pages")
      wrapped_total = wrapped_total + t:get("wrapped")
      if t:get("ops") > max_ops then max_ops = t:get("ops") end
      if first == "" then first = t:get("first_error") end
   end
   local e = summary.errors
   io.write(string.format(
      'BENCHJSON {"requests":%d,"duration_us":%d,"bytes":%d,"errors":%d,"first_error":"%s",'
      .. '"socket_errors":%d,"timeouts":%d,"status_errors":%d,"items":%d,"pages":%d,"wrapped":%d,'
      .. '"max_thread_ops":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f}\n',
      summary.requests, summary.duration, summary.bytes, errs, json_escape(first),
      e.connect + e.read + e.write, e.timeout, e.status, its, pgs, wrapped_total, max_ops,
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
