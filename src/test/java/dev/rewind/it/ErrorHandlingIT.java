package dev.rewind.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import dev.rewind.it.ProtocolIT.RawHttp;

/**
 * Bad input of every kind gets a 400 with DynamoDB's error name (never a 500), and leaves the stored data as it was.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html
 */
class ErrorHandlingIT {
    private static final DynamoDbClient client = RewindServer.client();
    private static final int MAX_ITEM_SIZE_BYTES = 400 * 1024;
    /** pk (S). */
    private static String hashTable;
    /** pk (S), sk (S). */
    private static String rangeTable;

    @BeforeAll
    static void createTables() {
        hashTable = RewindServer.uniqueTableName("errors-hash");
        client.createTable(b -> b.tableName(hashTable).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH)));
        rangeTable = RewindServer.uniqueTableName("errors-range");
        client.createTable(b -> b.tableName(rangeTable).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("sk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH),
                        k -> k.attributeName("sk").keyType(KeyType.RANGE)));
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    /** Stores a sentinel item and returns its key; {@link #assertUnchanged} checks it later. */
    private static String sentinel() {
        String pk = "sentinel-" + UUID.randomUUID();
        client.putItem(b -> b.tableName(hashTable).item(Map.of("pk", s(pk), "v", s("original"))));
        return pk;
    }

    private static void assertUnchanged(String pk) {
        Map<String, AttributeValue> item = client.getItem(b -> b.tableName(hashTable)
                .key(Map.of("pk", s(pk))).consistentRead(true)).item();
        assertThat(item).isEqualTo(Map.of("pk", s(pk), "v", s("original")));
    }

    /** Runs an SDK call that must fail with a 400 carrying {@code errorCode} and a message starting so. */
    private static void assertRejected(Executable call, String errorCode, String messageStart) {
        assertThatThrownBy(call::execute)
                .isInstanceOfSatisfying(DynamoDbException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo(errorCode);
                })
                .hasMessageStartingWith(messageStart);
    }

    /** Posts a raw body, expecting a 400 with {@code errorType}; returns the message. */
    private static String assertRawRejected(String operation, String body, String errorType) {
        RawHttp.Response response = RawHttp.post(operation, body);
        assertThat(response.status()).as(response.text()).isEqualTo(400);
        assertThat(response.errorType()).as(response.text()).isEqualTo(errorType);
        var message = response.json().get("message");
        if (message == null) {
            message = response.json().get("Message");
        }
        return message == null ? "" : message.asText();
    }

    private String putBody(String pk, String extraAttributes) {
        return "{\"TableName\":\"" + hashTable + "\",\"Item\":{\"pk\":{\"S\":\"" + pk + "\"},\"v\":{\"S\":\"changed\"}"
                + extraAttributes + "}}";
    }

    // ---------------------------------------------------------------- malformed requests

    /** A body that is not JSON is a SerializationException. */
    @Test
    void malformedJson_isSerializationException() {
        String pk = sentinel();
        for (String body : List.of("{", "{\"TableName\": ", "not json", putBody(pk, "").replace("}}}", "}}"))) {
            assertRawRejected("PutItem", body, "SerializationException");
        }
        assertUnchanged(pk);
    }

    /** Members of the wrong JSON type are SerializationExceptions, checked before anything is written. */
    @Test
    void wrongJsonTypes_areSerializationExceptions() {
        String pk = sentinel();
        assertRawRejected("PutItem", "{\"TableName\":5,\"Item\":{\"pk\":{\"S\":\"" + pk + "\"}}}",
                "SerializationException");
        assertRawRejected("PutItem", "{\"TableName\":\"" + hashTable + "\",\"Item\":[]}", "SerializationException");
        assertRawRejected("PutItem", putBody(pk, ",\"n\":{\"N\":5}"), "SerializationException");
        assertRawRejected("PutItem", putBody(pk, ",\"s\":{\"S\":true}"), "SerializationException");
        assertRawRejected("PutItem", putBody(pk, ",\"l\":{\"L\":{}}"), "SerializationException");
        assertRawRejected("PutItem", putBody(pk, ",\"ss\":{\"SS\":\"notalist\"}"), "SerializationException");
        assertUnchanged(pk);
    }

    /** An AttributeValue must hold exactly one type. */
    @Test
    void attributeValue_twoTypesOrNone_isValidationError() {
        String pk = sentinel();
        assertRejected(() -> client.putItem(b -> b.tableName(hashTable).item(Map.of("pk", s(pk), "v", s("changed"),
                        "bad", AttributeValue.builder().s("x").n("1").build()))),
                "ValidationException", "Supplied AttributeValue has more than one datatypes set, must contain "
                        + "exactly one of the supported datatypes");
        assertRejected(() -> client.putItem(b -> b.tableName(hashTable).item(Map.of("pk", s(pk), "v", s("changed"),
                        "bad", AttributeValue.builder().build()))),
                "ValidationException", "Supplied AttributeValue is empty, must contain exactly one of the supported "
                        + "datatypes");
        assertUnchanged(pk);
    }

    /** DynamoDB has no empty sets: SS, NS and BS must each hold at least one member. */
    @Test
    void emptySets_areValidationErrors() {
        String pk = sentinel();
        for (String set : List.of("SS", "NS", "BS")) {
            String message = assertRawRejected("PutItem", putBody(pk, ",\"set\":{\"" + set + "\":[]}"),
                    "ValidationException");
            assertThat(message).as(set).startsWith("One or more parameter values were invalid: ").contains("empty");
        }
        assertUnchanged(pk);
    }

    /** Sets cannot contain duplicates (numbers compared by value). */
    @Test
    void duplicateSetMembers_areValidationErrors() {
        String pk = sentinel();
        for (AttributeValue set : List.of(AttributeValue.fromSs(List.of("a", "a")),
                AttributeValue.fromNs(List.of("1", "1.0")),
                AttributeValue.fromBs(List.of(SdkBytes.fromUtf8String("x"), SdkBytes.fromUtf8String("x"))))) {
            assertThatThrownBy(() -> client.putItem(b -> b.tableName(hashTable)
                    .item(Map.of("pk", s(pk), "v", s("changed"), "set", set))))
                    .isInstanceOfSatisfying(DynamoDbException.class,
                            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"))
                    .hasMessageContaining("contains duplicates");
        }
        assertUnchanged(pk);
    }

    /** Strings that are not numbers (including NaN, Infinity and padded numbers) are rejected as DynamoDB does. */
    @Test
    void invalidNumbers_areValidationErrors() {
        String pk = sentinel();
        for (String bad : List.of("dog", "NaN", "Infinity", "-Infinity", " 1", "1 ", "1e", "0x10", "1,5", "")) {
            assertThatThrownBy(() -> client.putItem(b -> b.tableName(hashTable)
                    .item(Map.of("pk", s(pk), "v", s("changed"), "n", AttributeValue.fromN(bad)))))
                    .as("'%s'", bad)
                    .isInstanceOfSatisfying(DynamoDbException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    })
                    .hasMessageContaining("numeric value");
        }
        assertThatThrownBy(() -> client.putItem(b -> b.tableName(hashTable)
                .item(Map.of("pk", s(pk), "v", s("changed"), "ns", AttributeValue.fromNs(List.of("1", "two"))))))
                .isInstanceOf(DynamoDbException.class)
                .hasMessageContaining("numeric value");
        assertUnchanged(pk);
    }

    // ---------------------------------------------------------------- sizes

    /** An item of exactly 400 KB (names plus values) is accepted; one byte more is rejected. */
    @Test
    void itemSize_limitIsExactly400Kb() {
        String pk = "size-" + UUID.randomUUID(); // 41 bytes
        int overhead = "pk".length() + pk.length() + "data".length();
        String atLimit = "x".repeat(MAX_ITEM_SIZE_BYTES - overhead);
        client.putItem(b -> b.tableName(hashTable).item(Map.of("pk", s(pk), "data", s(atLimit))));
        assertThat(client.getItem(b -> b.tableName(hashTable).key(Map.of("pk", s(pk)))).item().get("data").s())
                .hasSize(atLimit.length());

        assertRejected(() -> client.putItem(b -> b.tableName(hashTable)
                        .item(Map.of("pk", s(pk), "data", s(atLimit + "y")))),
                "ValidationException", "Item size has exceeded the maximum allowed size");
        assertThat(client.getItem(b -> b.tableName(hashTable).key(Map.of("pk", s(pk)))).item().get("data").s())
                .isEqualTo(atLimit);
    }

    /** Attribute names count toward the item size. */
    @Test
    void itemSize_countsAttributeNames() {
        String pk = sentinel();
        int overhead = "pk".length() + pk.length() + "v".length() + "changed".length();
        String longName = "n".repeat(1000);
        String value = "x".repeat(MAX_ITEM_SIZE_BYTES - overhead - longName.length() + 1); // one byte over
        assertRejected(() -> client.putItem(b -> b.tableName(hashTable)
                        .item(Map.of("pk", s(pk), "v", s("changed"), longName, s(value)))),
                "ValidationException", "Item size has exceeded the maximum allowed size");
        assertUnchanged(pk);
    }

    /** An UpdateItem that would grow the item past 400 KB is rejected and the item keeps its old value. */
    @Test
    void itemSize_updatePastLimit_isValidationError() {
        String pk = sentinel();
        String big = "x".repeat(MAX_ITEM_SIZE_BYTES);
        assertRejected(() -> client.updateItem(b -> b.tableName(hashTable).key(Map.of("pk", s(pk)))
                        .updateExpression("SET big = :big").expressionAttributeValues(Map.of(":big", s(big)))),
                "ValidationException", "Item size to update has exceeded the maximum allowed size");
        assertUnchanged(pk);
    }

    /** A hash key may be 2048 bytes, a range key 1024 bytes; one byte more is rejected. */
    @Test
    void keySize_limits() {
        String hash2048 = "h".repeat(2048);
        String range1024 = "r".repeat(1024);
        client.putItem(b -> b.tableName(rangeTable).item(Map.of("pk", s(hash2048), "sk", s(range1024))));
        assertThat(client.getItem(b -> b.tableName(rangeTable)
                .key(Map.of("pk", s(hash2048), "sk", s(range1024)))).hasItem()).isTrue();

        assertRejected(() -> client.putItem(b -> b.tableName(rangeTable)
                        .item(Map.of("pk", s(hash2048 + "h"), "sk", s("r")))),
                "ValidationException", "One or more parameter values were invalid: Size of hashkey has exceeded "
                        + "the maximum size limit of");
        assertRejected(() -> client.putItem(b -> b.tableName(rangeTable)
                        .item(Map.of("pk", s("h"), "sk", s(range1024 + "r")))),
                "ValidationException", "One or more parameter values were invalid: Aggregated size of all range "
                        + "keys has exceeded the size limit of 1024 bytes");
        // multi-byte characters count by their UTF-8 length: 683 × 3 bytes = 2049
        assertRejected(() -> client.getItem(b -> b.tableName(hashTable).key(Map.of("pk", s("€".repeat(683))))),
                "ValidationException", "One or more parameter values were invalid: Size of hashkey has exceeded "
                        + "the maximum size limit of");
    }

    // ---------------------------------------------------------------- keys

    /** Key attributes cannot be empty strings (non-key attributes can). */
    @Test
    void emptyStringKey_isValidationError() {
        assertRejected(() -> client.putItem(b -> b.tableName(hashTable).item(Map.of("pk", s("")))),
                "ValidationException", "One or more parameter values are not valid. The AttributeValue for a key "
                        + "attribute cannot contain an empty string value. Key: pk");
        assertRejected(() -> client.getItem(b -> b.tableName(hashTable).key(Map.of("pk", s("")))),
                "ValidationException", "One or more parameter values are not valid. The AttributeValue for a key "
                        + "attribute cannot contain an empty string value. Key: pk");
    }

    /** A key attribute of the wrong type is rejected on writes and on reads. */
    @Test
    void wrongKeyType_isValidationError() {
        String pk = sentinel();
        assertRejected(() -> client.putItem(b -> b.tableName(hashTable)
                        .item(Map.of("pk", AttributeValue.fromN("1"), "v", s("changed")))),
                "ValidationException", "One or more parameter values were invalid: Type mismatch for key pk "
                        + "expected: S actual: N");
        assertRejected(() -> client.getItem(b -> b.tableName(hashTable).key(Map.of("pk", AttributeValue.fromN("1")))),
                "ValidationException", "The provided key element does not match the schema");
        assertRejected(() -> client.deleteItem(b -> b.tableName(hashTable).key(Map.of("pk", AttributeValue.fromN("1")))),
                "ValidationException", "The provided key element does not match the schema");
        assertUnchanged(pk);
    }

    /** A missing key attribute: PutItem names it; Key parameters say the key does not match the schema. */
    @Test
    void missingKeyAttribute_isValidationError() {
        String pk = sentinel();
        assertRejected(() -> client.putItem(b -> b.tableName(hashTable).item(Map.of("v", s("changed")))),
                "ValidationException", "One or more parameter values were invalid: Missing the key pk in the item");
        assertRejected(() -> client.putItem(b -> b.tableName(rangeTable).item(Map.of("pk", s(pk)))),
                "ValidationException", "One or more parameter values were invalid: Missing the key sk in the item");
        assertRejected(() -> client.getItem(b -> b.tableName(rangeTable).key(Map.of("pk", s(pk)))),
                "ValidationException", "The provided key element does not match the schema");
        assertRejected(() -> client.updateItem(b -> b.tableName(hashTable)
                        .key(Map.of("pk", s(pk), "extra", s("x"))).updateExpression("SET v = :v")
                        .expressionAttributeValues(Map.of(":v", s("changed")))),
                "ValidationException", "The provided key element does not match the schema");
        assertUnchanged(pk);
    }

    /** A table that does not exist is ResourceNotFoundException for every item operation. */
    @Test
    void unknownTable_isResourceNotFound() {
        String missing = RewindServer.uniqueTableName("errors-missing");
        Map<String, AttributeValue> key = Map.of("pk", s("x"));
        for (Executable call : List.<Executable>of(
                () -> client.putItem(b -> b.tableName(missing).item(key)),
                () -> client.getItem(b -> b.tableName(missing).key(key)),
                () -> client.updateItem(b -> b.tableName(missing).key(key)),
                () -> client.deleteItem(b -> b.tableName(missing).key(key)),
                () -> client.describeTable(b -> b.tableName(missing)),
                () -> client.deleteTable(b -> b.tableName(missing)))) {
            assertThatThrownBy(call::execute)
                    .isInstanceOfSatisfying(ResourceNotFoundException.class,
                            e -> assertThat(e.statusCode()).isEqualTo(400))
                    .hasMessageStartingWith("Requested resource not found");
        }
    }

    // ---------------------------------------------------------------- expressions

    /** A syntax error in an expression is a ValidationException naming the expression parameter. */
    @Test
    void expressionSyntaxError_isValidationError() {
        String pk = sentinel();
        assertRejected(() -> client.putItem(b -> b.tableName(hashTable).item(changed(pk))
                        .conditionExpression("v = = :x").expressionAttributeValues(Map.of(":x", s("y")))),
                "ValidationException", "Invalid ConditionExpression: Syntax error; token: ");
        assertRejected(() -> client.updateItem(b -> b.tableName(hashTable).key(Map.of("pk", s(pk)))
                        .updateExpression("SET v :x").expressionAttributeValues(Map.of(":x", s("changed")))),
                "ValidationException", "Invalid UpdateExpression: Syntax error; token: ");
        assertUnchanged(pk);
    }

    /** An :value used but not defined in ExpressionAttributeValues. */
    @Test
    void expressionUndefinedValue_isValidationError() {
        String pk = sentinel();
        assertRejected(() -> client.putItem(b -> b.tableName(hashTable).item(changed(pk))
                        .conditionExpression("v = :missing").expressionAttributeValues(Map.of(":x", s("y")))),
                "ValidationException", "Invalid ConditionExpression: An expression attribute value used in "
                        + "expression is not defined; attribute value: :missing");
        assertRejected(() -> client.updateItem(b -> b.tableName(hashTable).key(Map.of("pk", s(pk)))
                        .updateExpression("SET v = :missing")),
                "ValidationException", "Invalid UpdateExpression: An expression attribute value used in expression "
                        + "is not defined; attribute value: :missing");
        assertUnchanged(pk);
    }

    /** An :value defined but used by no expression. */
    @Test
    void expressionUnusedValue_isValidationError() {
        String pk = sentinel();
        assertRejected(() -> client.updateItem(b -> b.tableName(hashTable).key(Map.of("pk", s(pk)))
                        .updateExpression("SET v = :used")
                        .expressionAttributeValues(Map.of(":used", s("changed"), ":unused", s("x")))),
                "ValidationException", "Value provided in ExpressionAttributeValues unused in expressions: "
                        + "keys: {:unused}");
        assertUnchanged(pk);
    }

    /** A #name defined but used by no expression. */
    @Test
    void expressionUnusedName_isValidationError() {
        String pk = sentinel();
        assertRejected(() -> client.updateItem(b -> b.tableName(hashTable).key(Map.of("pk", s(pk)))
                        .updateExpression("SET v = :v").expressionAttributeValues(Map.of(":v", s("changed")))
                        .expressionAttributeNames(Map.of("#unused", "x"))),
                "ValidationException", "Value provided in ExpressionAttributeNames unused in expressions: "
                        + "keys: {#unused}");
        assertUnchanged(pk);
    }

    /** Reserved words must go through #names. */
    @Test
    void expressionReservedWord_isValidationError() {
        String pk = sentinel();
        assertRejected(() -> client.putItem(b -> b.tableName(hashTable).item(changed(pk))
                        .conditionExpression("attribute_not_exists(name)")),
                "ValidationException", "Invalid ConditionExpression: Attribute name is a reserved keyword; "
                        + "reserved keyword: name");
        assertRejected(() -> client.updateItem(b -> b.tableName(hashTable).key(Map.of("pk", s(pk)))
                        .updateExpression("SET status = :v").expressionAttributeValues(Map.of(":v", s("changed")))),
                "ValidationException", "Invalid UpdateExpression: Attribute name is a reserved keyword; "
                        + "reserved keyword: status");
        assertRejected(() -> client.getItem(b -> b.tableName(hashTable).key(Map.of("pk", s(pk)))
                        .projectionExpression("pk, count")),
                "ValidationException", "Invalid ProjectionExpression: Attribute name is a reserved keyword; "
                        + "reserved keyword: count");
        assertUnchanged(pk);
    }

    /** An empty expression is rejected. */
    @Test
    void expressionEmpty_isValidationError() {
        String pk = sentinel();
        assertRejected(() -> client.putItem(b -> b.tableName(hashTable).item(changed(pk)).conditionExpression("")),
                "ValidationException", "Invalid ConditionExpression: The expression can not be empty;");
        assertUnchanged(pk);
    }

    private static Map<String, AttributeValue> changed(String pk) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("pk", s(pk));
        item.put("v", s("changed"));
        return item;
    }

    // ---------------------------------------------------------------- never a 500

    /** Every prefix of a valid request body is malformed JSON, and each gets a 400 (alternator test_incorrect_json). */
    @Test
    void everyPrefixOfValidBody_isClientError() {
        String pk = sentinel();
        String body = putBody(pk, ",\"m\":{\"M\":{\"l\":{\"L\":[{\"N\":\"1\"},{\"BOOL\":true}]}}}");
        for (int i = 0; i < body.length(); i++) {
            RawHttp.Response response = RawHttp.post("PutItem", body.substring(0, i));
            assertThat(response.status()).as("prefix %d: %s", i, response.text()).isEqualTo(400);
            assertThat(response.errorType()).as("prefix %d", i)
                    .isIn("SerializationException", "ValidationException");
        }
        assertUnchanged(pk);
    }

    /** Wrongly typed members in every operation are 400s, never 500s. */
    @Test
    void wrongMemberTypes_inEveryOperation_areClientErrors() {
        String pk = sentinel();
        String key = "{\"pk\":{\"S\":\"" + pk + "\"}}";
        List<String> bodies = List.of(
                "{}",
                "[]",
                "null",
                "{\"TableName\":{}}",
                "{\"TableName\":[\"" + hashTable + "\"]}",
                "{\"TableName\":\"" + hashTable + "\",\"Key\":\"x\"}",
                "{\"TableName\":\"" + hashTable + "\",\"Key\":{\"pk\":\"x\"}}",
                "{\"TableName\":\"" + hashTable + "\",\"Key\":{\"pk\":{\"S\":null}}}",
                "{\"TableName\":\"" + hashTable + "\",\"Key\":{\"pk\":{\"Q\":\"x\"}}}",
                "{\"TableName\":\"" + hashTable + "\",\"Key\":" + key + ",\"Item\":" + key + ",\"ReturnValues\":5}",
                "{\"TableName\":\"" + hashTable + "\",\"Key\":" + key + ",\"Item\":" + key
                        + ",\"ConditionExpression\":[]}",
                "{\"TableName\":\"" + hashTable + "\",\"Key\":" + key + ",\"Item\":" + key
                        + ",\"ExpressionAttributeValues\":{\":v\":7}}",
                "{\"TableName\":\"" + hashTable + "\",\"Key\":" + key + ",\"Item\":" + key
                        + ",\"ExpressionAttributeNames\":{\"#n\":7}}",
                "{\"TableName\":\"" + hashTable + "\",\"Key\":" + key + ",\"Item\":" + key
                        + ",\"UpdateExpression\":\"SET v = :v\",\"ExpressionAttributeValues\":{\":v\":{\"N\":\"x\"}}}",
                "{\"RequestItems\":[]}",
                "{\"RequestItems\":{\"" + hashTable + "\":{}}}",
                "{\"RequestItems\":{\"" + hashTable + "\":[{\"PutRequest\":{\"Item\":[]}}]}}",
                "{\"RequestItems\":{\"" + hashTable + "\":[{}]}}",
                "{\"RequestItems\":{\"" + hashTable + "\":{\"Keys\":[5]}}}",
                "{\"RequestItems\":{\"" + hashTable + "\":{\"Keys\":{}}}}",
                "{\"TableName\":\"" + hashTable + "\",\"Limit\":\"ten\"}",
                "{\"TableName\":\"" + hashTable + "\",\"Limit\":-1}",
                "{\"TableName\":\"" + hashTable + "\",\"KeyConditionExpression\":\"pk = :p\","
                        + "\"ExpressionAttributeValues\":{\":p\":{\"S\":\"x\"}},\"ExclusiveStartKey\":[]}",
                "{\"TableName\":\"" + hashTable + "\",\"Segment\":1,\"TotalSegments\":1}",
                "{\"TableName\":\"x\",\"KeySchema\":{},\"AttributeDefinitions\":[]}",
                "{\"TableName\":\"xyz\",\"KeySchema\":[{}],\"AttributeDefinitions\":[{}]}",
                "{\"TableName\":\"xyz\",\"KeySchema\":[5],\"AttributeDefinitions\":[\"a\"]}",
                "{\"TableName\":\"xyz\",\"KeySchema\":[],\"AttributeDefinitions\":[]}",
                "{\"ExclusiveStartTableName\":5}");
        List<String> operations = List.of("PutItem", "GetItem", "UpdateItem", "DeleteItem", "Query", "Scan",
                "BatchGetItem", "BatchWriteItem", "CreateTable", "DescribeTable", "DeleteTable", "ListTables");
        for (String operation : operations) {
            for (String body : bodies) {
                if (operation.equals("DeleteTable") && body.contains(hashTable)) {
                    continue; // DynamoDB ignores unknown members: this would delete the table
                }
                RawHttp.Response response = RawHttp.post(operation, body);
                assertThat(response.status()).as("%s %s: %s", operation, body, response.text()).isLessThan(500);
                if (response.status() != 200) {
                    assertThat(response.status()).as("%s %s: %s", operation, body, response.text()).isEqualTo(400);
                }
            }
        }
        assertUnchanged(pk);
    }

    // ---------------------------------------------------------------- operations

    /** An X-Amz-Target naming no DynamoDB operation is UnknownOperationException. */
    @Test
    void unknownOperation_isUnknownOperationException() {
        RawHttp.Response response = RawHttp.post("Nope", "{}");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorType()).isEqualTo("UnknownOperationException");
    }
}
