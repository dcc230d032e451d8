#!/usr/bin/env python3
"""A table's whole life through boto3, as an application written for DynamoDB runs it against Rewind.

Usage: boto3_cycle.py ENDPOINT_URL TABLE_NAME

create_table, the table_exists waiter, put/get/update/delete, batch_writer, query (client and resource
API), a scan paginated by get_paginator('scan'), a conditional put failing with
ConditionalCheckFailedException, delete_table and the table_not_exists waiter. Prints one line per
step and "BOTO3 CYCLE OK" at the end; any failure raises and exits non-zero. Used by Boto3EndToEndIT.
"""
import sys

import boto3
from boto3.dynamodb.conditions import Attr, Key
from botocore.config import Config
from botocore.exceptions import ClientError

ITEMS = 23
PAGE_SIZE = 5


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def main(endpoint, table_name):
    session = boto3.session.Session(aws_access_key_id="test", aws_secret_access_key="test",
                                    region_name="us-east-1")
    config = Config(retries={"max_attempts": 1, "mode": "standard"})
    client = session.client("dynamodb", endpoint_url=endpoint, config=config)
    resource = session.resource("dynamodb", endpoint_url=endpoint, config=config)

    created = client.create_table(
        TableName=table_name,
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                              {"AttributeName": "sk", "AttributeType": "N"}],
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                   {"AttributeName": "sk", "KeyType": "RANGE"}],
        BillingMode="PAY_PER_REQUEST")
    check(created["TableDescription"]["TableName"] == table_name, created)
    client.get_waiter("table_exists").wait(TableName=table_name, WaiterConfig={"Delay": 1, "MaxAttempts": 30})
    status = client.describe_table(TableName=table_name)["Table"]["TableStatus"]
    check(status == "ACTIVE", status)
    print("create_table + table_exists waiter: ACTIVE")

    client.put_item(TableName=table_name, Item={
        "pk": {"S": "user#1"}, "sk": {"N": "0"}, "name": {"S": "Ada"}, "visits": {"N": "1"},
        "data": {"B": b"\x00\x01rewind"}, "tags": {"SS": ["a", "b"]}})
    got = client.get_item(TableName=table_name, Key={"pk": {"S": "user#1"}, "sk": {"N": "0"}},
                          ConsistentRead=True)["Item"]
    check(got["name"] == {"S": "Ada"} and got["data"] == {"B": b"\x00\x01rewind"}, got)
    check(sorted(got["tags"]["SS"]) == ["a", "b"], got)
    print("put_item + get_item: round trip including binary and sets")

    updated = client.update_item(
        TableName=table_name, Key={"pk": {"S": "user#1"}, "sk": {"N": "0"}},
        UpdateExpression="SET #n = :n ADD visits :one REMOVE tags",
        ExpressionAttributeNames={"#n": "name"},
        ExpressionAttributeValues={":n": {"S": "Grace"}, ":one": {"N": "1"}},
        ReturnValues="ALL_NEW")["Attributes"]
    check(updated["name"] == {"S": "Grace"} and updated["visits"] == {"N": "2"} and "tags" not in updated,
          updated)
    print("update_item: ALL_NEW", updated["name"]["S"], updated["visits"]["N"])

    table = resource.Table(table_name)
    with table.batch_writer() as batch:
        for i in range(1, ITEMS):
            batch.put_item(Item={"pk": "user#2", "sk": i, "even": i % 2 == 0})
    queried = table.query(KeyConditionExpression=Key("pk").eq("user#2") & Key("sk").between(5, 9),
                          ScanIndexForward=False)
    check([int(i["sk"]) for i in queried["Items"]] == [9, 8, 7, 6, 5], queried["Items"])
    evens = table.query(KeyConditionExpression=Key("pk").eq("user#2"), FilterExpression=Attr("even").eq(True))
    check(evens["Count"] == (ITEMS - 1) // 2, evens["Count"])
    print("batch_writer + query: descending range and filter")

    pages = 0
    scanned = []
    for page in client.get_paginator("scan").paginate(TableName=table_name,
                                                       PaginationConfig={"PageSize": PAGE_SIZE}):
        pages += 1
        check(page["Count"] <= PAGE_SIZE, page["Count"])
        scanned.extend(page["Items"])
    keys = {(i["pk"]["S"], i["sk"]["N"]) for i in scanned}
    check(len(scanned) == ITEMS and len(keys) == ITEMS, (len(scanned), len(keys)))
    check(pages >= ITEMS // PAGE_SIZE, pages)
    print("scan paginator: %d items in %d pages" % (len(scanned), pages))

    try:
        client.put_item(TableName=table_name, Item={"pk": {"S": "user#1"}, "sk": {"N": "0"}},
                        ConditionExpression="attribute_not_exists(pk)")
        raise AssertionError("conditional put succeeded")
    except client.exceptions.ConditionalCheckFailedException as e:
        check(e.response["Error"]["Code"] == "ConditionalCheckFailedException", e.response)
    try:
        table.put_item(Item={"pk": "user#1", "sk": 0}, ConditionExpression=Attr("visits").lt(2))
        raise AssertionError("conditional put succeeded")
    except ClientError as e:
        check(e.response["Error"]["Code"] == "ConditionalCheckFailedException", e.response)
    kept = client.get_item(TableName=table_name, Key={"pk": {"S": "user#1"}, "sk": {"N": "0"}},
                           ConsistentRead=True)["Item"]
    check(kept["name"] == {"S": "Grace"}, kept)
    print("conditional put: ConditionalCheckFailedException, item unchanged")

    old = client.delete_item(TableName=table_name, Key={"pk": {"S": "user#1"}, "sk": {"N": "0"}},
                             ReturnValues="ALL_OLD")["Attributes"]
    check(old["name"] == {"S": "Grace"}, old)
    check("Item" not in client.get_item(TableName=table_name, Key={"pk": {"S": "user#1"}, "sk": {"N": "0"}}),
          "deleted item still there")
    print("delete_item: ALL_OLD")

    client.delete_table(TableName=table_name)
    client.get_waiter("table_not_exists").wait(TableName=table_name, WaiterConfig={"Delay": 1, "MaxAttempts": 30})
    check(table_name not in client.list_tables()["TableNames"], "table still listed")
    try:
        client.describe_table(TableName=table_name)
        raise AssertionError("deleted table still described")
    except client.exceptions.ResourceNotFoundException:
        pass
    print("delete_table + table_not_exists waiter: gone")
    print("BOTO3 CYCLE OK")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: boto3_cycle.py ENDPOINT_URL TABLE_NAME")
    main(sys.argv[1], sys.argv[2])
