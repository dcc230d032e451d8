-- UpdateItem with a ConditionExpression: increments n of a random pre-loaded key only if the item exists.
-- A ConditionalCheckFailedException (400) would count as an error.
dofile((os.getenv("BENCH_WRK_DIR") or "bench/wrk") .. "/common.lua")
target = "UpdateItem"

function make_body()
   return string.format('{"TableName":"%s","Key":%s,"UpdateExpression":"SET n = n + :one",'
      .. '"ConditionExpression":"attribute_exists(pk)","ExpressionAttributeValues":{":one":{"N":"1"}}}',
      table_name, key_json(random_key()))
end
