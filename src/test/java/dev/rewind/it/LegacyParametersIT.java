package dev.rewind.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeAction;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.AttributeValueUpdate;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ComparisonOperator;
import software.amazon.awssdk.services.dynamodb.model.Condition;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ConditionalOperator;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ExpectedAttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * The legacy parameters through the AWS SDK: Expected (ComparisonOperator and Value/Exists forms) with
 * ConditionalOperator, AttributeUpdates, AttributesToGet, KeyConditions, QueryFilter and ScanFilter, their validation
 * messages, and the error for mixing them with expressions
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LegacyConditionalParameters.html).
 */
class LegacyParametersIT {
    private static final DynamoDbClient client = RewindServer.client();
    /** pk S, sk N. */
    private static String table;

    @BeforeAll
    static void createTable() {
        table = RewindServer.uniqueTableName("legacy");
        client.createTable(b -> b.tableName(table)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("sk").attributeType(ScalarAttributeType.N))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH),
                        k -> k.attributeName("sk").keyType(KeyType.RANGE))
                .billingMode(BillingMode.PAY_PER_REQUEST));
        client.waiter().waitUntilTableExists(b -> b.tableName(table));
    }

    // ---- Expected ----

    /** Exists: false is the classic "put if absent". */
    @Test
    void putItem_expectedExistsFalse_rejectsSecondPut() {
        Map<String, AttributeValue> item = item(UUID.randomUUID().toString(), 1);
        Map<String, ExpectedAttributeValue> absent = Map.of("pk", ExpectedAttributeValue.builder().exists(false)
                .build());
        client.putItem(b -> b.tableName(table).item(item).expected(absent));
        assertThatThrownBy(() -> client.putItem(b -> b.tableName(table).item(item).expected(absent)))
                .isInstanceOf(ConditionalCheckFailedException.class);
    }

    /** Value without Exists (or with Exists: true) means "the attribute equals Value". */
    @Test
    void putItem_expectedValue_checksEquality() {
        Map<String, AttributeValue> item = new HashMap<>(item(UUID.randomUUID().toString(), 1));
        item.put("v", n("7"));
        client.putItem(b -> b.tableName(table).item(item));
        client.putItem(b -> b.tableName(table).item(item)
                .expected(Map.of("v", ExpectedAttributeValue.builder().value(n("7")).build())));
        client.putItem(b -> b.tableName(table).item(item)
                .expected(Map.of("v", ExpectedAttributeValue.builder().value(n("7")).exists(true).build())));
        assertThatThrownBy(() -> client.putItem(b -> b.tableName(table).item(item)
                .expected(Map.of("v", ExpectedAttributeValue.builder().value(n("8")).build()))))
                .isInstanceOf(ConditionalCheckFailedException.class);
    }

    /**
     * Every ComparisonOperator against an item, with the documented semantics: type mismatches never match, NE and
     * NOT_CONTAINS hold for a missing attribute, CONTAINS looks into strings, sets and lists.
     */
    @Test
    void deleteItem_expectedEveryComparisonOperator_matchesDocumentedSemantics() {
        String pk = UUID.randomUUID().toString();
        Map<String, AttributeValue> stored = new HashMap<>(item(pk, 1));
        stored.put("s", s("abc"));
        stored.put("n", n("5"));
        stored.put("ss", AttributeValue.fromSs(List.of("a", "b")));
        stored.put("ns", AttributeValue.fromNs(List.of("1", "2")));
        stored.put("b", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {1, 2, 3})));
        stored.put("l", AttributeValue.fromL(List.of(s("x"), n("1"))));
        client.putItem(b -> b.tableName(table).item(stored));
        List<Object[]> cases = List.of(
                new Object[] {"s", ComparisonOperator.EQ, List.of(s("abc")), true},
                new Object[] {"s", ComparisonOperator.EQ, List.of(s("abd")), false},
                new Object[] {"n", ComparisonOperator.EQ, List.of(n("5.0")), true},
                new Object[] {"n", ComparisonOperator.EQ, List.of(s("5")), false},
                new Object[] {"missing", ComparisonOperator.EQ, List.of(s("x")), false},
                new Object[] {"ss", ComparisonOperator.EQ, List.of(AttributeValue.fromSs(List.of("b", "a"))), true},
                new Object[] {"s", ComparisonOperator.NE, List.of(s("abd")), true},
                new Object[] {"s", ComparisonOperator.NE, List.of(s("abc")), false},
                new Object[] {"missing", ComparisonOperator.NE, List.of(s("x")), true},
                new Object[] {"n", ComparisonOperator.LE, List.of(n("5")), true},
                new Object[] {"n", ComparisonOperator.LT, List.of(n("5")), false},
                new Object[] {"n", ComparisonOperator.GE, List.of(n("5")), true},
                new Object[] {"n", ComparisonOperator.GT, List.of(n("4.9")), true},
                new Object[] {"n", ComparisonOperator.GT, List.of(n("5")), false},
                new Object[] {"s", ComparisonOperator.LT, List.of(s("abd")), true},
                new Object[] {"s", ComparisonOperator.LT, List.of(n("9")), false},
                new Object[] {"b", ComparisonOperator.GT,
                        List.of(AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {1, 2}))), true},
                new Object[] {"s", ComparisonOperator.NOT_NULL, List.of(), true},
                new Object[] {"missing", ComparisonOperator.NOT_NULL, List.of(), false},
                new Object[] {"missing", ComparisonOperator.NULL, List.of(), true},
                new Object[] {"s", ComparisonOperator.NULL, List.of(), false},
                new Object[] {"s", ComparisonOperator.CONTAINS, List.of(s("bc")), true},
                new Object[] {"ss", ComparisonOperator.CONTAINS, List.of(s("a")), true},
                new Object[] {"ss", ComparisonOperator.CONTAINS, List.of(s("z")), false},
                new Object[] {"ns", ComparisonOperator.CONTAINS, List.of(n("2")), true},
                new Object[] {"l", ComparisonOperator.CONTAINS, List.of(s("x")), true},
                new Object[] {"ss", ComparisonOperator.NOT_CONTAINS, List.of(s("z")), true},
                new Object[] {"s", ComparisonOperator.NOT_CONTAINS, List.of(s("b")), false},
                new Object[] {"missing", ComparisonOperator.NOT_CONTAINS, List.of(s("z")), true},
                new Object[] {"s", ComparisonOperator.BEGINS_WITH, List.of(s("ab")), true},
                new Object[] {"s", ComparisonOperator.BEGINS_WITH, List.of(s("b")), false},
                new Object[] {"n", ComparisonOperator.IN, List.of(n("1"), n("5")), true},
                new Object[] {"n", ComparisonOperator.IN, List.of(n("1"), n("2")), false},
                new Object[] {"n", ComparisonOperator.BETWEEN, List.of(n("1"), n("5")), true},
                new Object[] {"n", ComparisonOperator.BETWEEN, List.of(n("6"), n("9")), false},
                new Object[] {"s", ComparisonOperator.BETWEEN, List.of(s("a"), s("b")), true});
        List<String> wrong = new ArrayList<>();
        for (Object[] c : cases) {
            @SuppressWarnings("unchecked")
            List<AttributeValue> values = (List<AttributeValue>) c[2];
            ExpectedAttributeValue expected = ExpectedAttributeValue.builder()
                    .comparisonOperator((ComparisonOperator) c[1]).attributeValueList(values).build();
            boolean held;
            try {
                // ReturnValues NONE and an unchanged item: a successful check rewrites the same item
                client.putItem(b -> b.tableName(table).item(stored).expected(Map.of((String) c[0], expected)));
                held = true;
            } catch (ConditionalCheckFailedException e) {
                held = false;
            }
            if (held != (Boolean) c[3]) {
                wrong.add(c[0] + " " + c[1] + " " + values + " gave " + held);
            }
        }
        assertThat(wrong).isEmpty();
    }

    /** ConditionalOperator OR needs one entry to hold; AND (the default) needs all. */
    @Test
    void putItem_expectedConditionalOperator_combinesEntries() {
        Map<String, AttributeValue> item = new HashMap<>(item(UUID.randomUUID().toString(), 1));
        item.put("a", n("1"));
        client.putItem(b -> b.tableName(table).item(item));
        Map<String, ExpectedAttributeValue> oneOfTwo = new LinkedHashMap<>();
        oneOfTwo.put("a", ExpectedAttributeValue.builder().value(n("2")).build());
        oneOfTwo.put("pk", ExpectedAttributeValue.builder().comparisonOperator(ComparisonOperator.NOT_NULL).build());
        client.putItem(b -> b.tableName(table).item(item).expected(oneOfTwo).conditionalOperator(ConditionalOperator.OR));
        assertThatThrownBy(() -> client.putItem(b -> b.tableName(table).item(item).expected(oneOfTwo)
                .conditionalOperator(ConditionalOperator.AND))).isInstanceOf(ConditionalCheckFailedException.class);
        assertThatThrownBy(() -> client.putItem(b -> b.tableName(table).item(item).expected(oneOfTwo)))
                .isInstanceOf(ConditionalCheckFailedException.class);
    }

    /** DeleteItem and UpdateItem take Expected as PutItem does. */
    @Test
    void deleteAndUpdate_expected_guardTheWrite() {
        Map<String, AttributeValue> item = new HashMap<>(item(UUID.randomUUID().toString(), 1));
        item.put("state", s("open"));
        client.putItem(b -> b.tableName(table).item(item));
        Map<String, AttributeValue> key = item(item.get("pk").s(), 1);
        Map<String, ExpectedAttributeValue> closed = Map.of("state",
                ExpectedAttributeValue.builder().value(s("closed")).build());
        assertThatThrownBy(() -> client.deleteItem(b -> b.tableName(table).key(key).expected(closed)))
                .isInstanceOf(ConditionalCheckFailedException.class);
        assertThatThrownBy(() -> client.updateItem(b -> b.tableName(table).key(key).expected(closed)
                .attributeUpdates(Map.of("x", put(n("1")))))).isInstanceOf(ConditionalCheckFailedException.class);
        client.updateItem(b -> b.tableName(table).key(key)
                .expected(Map.of("state", ExpectedAttributeValue.builder().value(s("open")).build()))
                .attributeUpdates(Map.of("state", put(s("closed")))));
        client.deleteItem(b -> b.tableName(table).key(key).expected(closed));
        assertThat(client.getItem(b -> b.tableName(table).key(key)).hasItem()).isFalse();
    }

    /** The Expected shape rules, worded as DynamoDB words them (dynalite validations/index.js). */
    @Test
    void putItem_malformedExpected_isValidationError() {
        Map<String, AttributeValue> item = item("malformed", 1);
        List<ExpectedAttributeValue> expected = List.of(
                ExpectedAttributeValue.builder().exists(false).value(s("x")).build(),
                ExpectedAttributeValue.builder().exists(true).build(),
                ExpectedAttributeValue.builder().build(),
                ExpectedAttributeValue.builder().value(s("x")).attributeValueList(s("y")).build(),
                ExpectedAttributeValue.builder().exists(true).comparisonOperator(ComparisonOperator.NOT_NULL).build(),
                ExpectedAttributeValue.builder().attributeValueList(s("y")).build(),
                ExpectedAttributeValue.builder().comparisonOperator(ComparisonOperator.EQ).build(),
                ExpectedAttributeValue.builder().comparisonOperator(ComparisonOperator.EQ)
                        .attributeValueList(s("a"), s("b")).build(),
                ExpectedAttributeValue.builder().comparisonOperator(ComparisonOperator.NULL).value(s("a")).build(),
                ExpectedAttributeValue.builder().comparisonOperator(ComparisonOperator.BETWEEN)
                        .attributeValueList(n("1")).build(),
                ExpectedAttributeValue.builder().comparisonOperator(ComparisonOperator.IN)
                        .attributeValueList(s("a"), n("1")).build(),
                ExpectedAttributeValue.builder().comparisonOperator(ComparisonOperator.BEGINS_WITH)
                        .attributeValueList(n("1")).build(),
                ExpectedAttributeValue.builder().comparisonOperator(ComparisonOperator.LT)
                        .attributeValueList(AttributeValue.fromSs(List.of("a"))).build(),
                ExpectedAttributeValue.builder().comparisonOperator(ComparisonOperator.BETWEEN)
                        .attributeValueList(n("2"), n("1")).build());
        List<String> messages = List.of(
                "One or more parameter values were invalid: Value cannot be used when Exists is false for "
                        + "Attribute: a",
                "One or more parameter values were invalid: Value must be provided when Exists is true for "
                        + "Attribute: a",
                "One or more parameter values were invalid: Value must be provided when Exists is null for "
                        + "Attribute: a",
                "One or more parameter values were invalid: Value and AttributeValueList cannot be used together "
                        + "for Attribute: a",
                "One or more parameter values were invalid: Exists and ComparisonOperator cannot be used together "
                        + "for Attribute: a",
                "One or more parameter values were invalid: AttributeValueList can only be used with a "
                        + "ComparisonOperator for Attribute: a",
                "One or more parameter values were invalid: Value or AttributeValueList must be used with "
                        + "ComparisonOperator: EQ for Attribute: a",
                "One or more parameter values were invalid: Invalid number of argument(s) for the EQ "
                        + "ComparisonOperator",
                "One or more parameter values were invalid: Invalid number of argument(s) for the NULL "
                        + "ComparisonOperator",
                "One or more parameter values were invalid: Invalid number of argument(s) for the BETWEEN "
                        + "ComparisonOperator",
                "One or more parameter values were invalid: AttributeValues inside AttributeValueList must be of "
                        + "same type",
                "One or more parameter values were invalid: ComparisonOperator BEGINS_WITH is not valid for N "
                        + "AttributeValue type",
                "One or more parameter values were invalid: ComparisonOperator LT is not valid for SS "
                        + "AttributeValue type",
                "The BETWEEN condition was provided a range where the lower bound is greater than the upper bound");
        for (int i = 0; i < expected.size(); i++) {
            ExpectedAttributeValue e = expected.get(i);
            assertThat(validationMessage(() -> client.putItem(b -> b.tableName(table).item(item)
                    .expected(Map.of("a", e))))).as("case %d", i).isEqualTo(messages.get(i));
        }
    }

    // ---- mixing legacy and expression parameters ----

    /** DynamoDB names both kinds of parameter when a request mixes them. */
    @Test
    void mixingLegacyAndExpressionParameters_isValidationError() {
        String prefix = "Can not use both expression and non-expression parameters in the same request: ";
        Map<String, AttributeValue> key = item("mixed", 1);
        assertThat(validationMessage(() -> client.putItem(b -> b.tableName(table).item(key)
                .expected(Map.of("pk", ExpectedAttributeValue.builder().exists(false).build()))
                .conditionExpression("attribute_not_exists(pk)"))))
                .isEqualTo(prefix + "Non-expression parameters: {Expected} Expression parameters: "
                        + "{ConditionExpression}");
        assertThat(validationMessage(() -> client.updateItem(b -> b.tableName(table).key(key)
                .attributeUpdates(Map.of("a", put(s("x")))).updateExpression("SET b = :b")
                .expressionAttributeValues(Map.of(":b", s("y"))))))
                .isEqualTo(prefix + "Non-expression parameters: {AttributeUpdates} Expression parameters: "
                        + "{UpdateExpression}");
        assertThat(validationMessage(() -> client.getItem(b -> b.tableName(table).key(key)
                .attributesToGet("a").projectionExpression("b"))))
                .isEqualTo(prefix + "Non-expression parameters: {AttributesToGet} Expression parameters: "
                        + "{ProjectionExpression}");
        assertThat(validationMessage(() -> client.query(b -> b.tableName(table).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("x")))
                .queryFilter(Map.of("a", condition(ComparisonOperator.EQ, s("x")))))))
                .isEqualTo(prefix + "Non-expression parameters: {QueryFilter} Expression parameters: "
                        + "{KeyConditionExpression}");
        assertThat(validationMessage(() -> client.scan(b -> b.tableName(table).filterExpression("a = :a")
                .expressionAttributeValues(Map.of(":a", s("x")))
                .scanFilter(Map.of("a", condition(ComparisonOperator.EQ, s("x")))))))
                .isEqualTo(prefix + "Non-expression parameters: {ScanFilter} Expression parameters: "
                        + "{FilterExpression}");
    }

    /** KeyConditions may go with a FilterExpression and a ProjectionExpression; only KeyConditionExpression excludes it. */
    @Test
    void query_keyConditionsWithFilterExpression_isAllowed() {
        String pk = UUID.randomUUID().toString();
        for (int i = 1; i <= 3; i++) {
            Map<String, AttributeValue> it = new HashMap<>(item(pk, i));
            it.put("v", n(String.valueOf(i * 10)));
            client.putItem(b -> b.tableName(table).item(it));
        }
        QueryResponse r = client.query(b -> b.tableName(table)
                .keyConditions(Map.of("pk", condition(ComparisonOperator.EQ, s(pk))))
                .filterExpression("v > :v").projectionExpression("sk")
                .expressionAttributeValues(Map.of(":v", n("15"))));
        assertThat(r.items()).containsExactly(Map.of("sk", n("2")), Map.of("sk", n("3")));
        assertThat(r.scannedCount()).isEqualTo(3);
    }

    // ---- AttributeUpdates ----

    /** PUT, ADD (numbers, sets, lists) and DELETE (whole attribute, or elements of a set) as documented. */
    @Test
    void updateItem_attributeUpdates_applyLegacyActions() {
        Map<String, AttributeValue> key = item(UUID.randomUUID().toString(), 1);
        Map<String, AttributeValue> start = new HashMap<>(key);
        start.put("count", n("10"));
        start.put("tags", AttributeValue.fromSs(List.of("a", "b", "c")));
        start.put("gone", s("bye"));
        start.put("list", AttributeValue.fromL(List.of(n("1"))));
        client.putItem(b -> b.tableName(table).item(start));
        Map<String, AttributeValueUpdate> updates = new LinkedHashMap<>();
        updates.put("name", put(s("new")));
        updates.put("count", AttributeValueUpdate.builder().action(AttributeAction.ADD).value(n("-3")).build());
        updates.put("fresh", AttributeValueUpdate.builder().action(AttributeAction.ADD).value(n("3")).build());
        updates.put("tags", AttributeValueUpdate.builder().action(AttributeAction.DELETE)
                .value(AttributeValue.fromSs(List.of("a", "c"))).build());
        updates.put("more", AttributeValueUpdate.builder().action(AttributeAction.ADD)
                .value(AttributeValue.fromNs(List.of("1", "2"))).build());
        updates.put("gone", AttributeValueUpdate.builder().action(AttributeAction.DELETE).build());
        updates.put("list", AttributeValueUpdate.builder().action(AttributeAction.ADD)
                .value(AttributeValue.fromL(List.of(n("2")))).build());
        Map<String, AttributeValue> after = client.updateItem(b -> b.tableName(table).key(key)
                .attributeUpdates(updates).returnValues(ReturnValue.ALL_NEW)).attributes();
        Map<String, AttributeValue> wanted = new HashMap<>(key);
        wanted.put("name", s("new"));
        wanted.put("count", n("7"));
        wanted.put("fresh", n("3"));
        wanted.put("tags", AttributeValue.fromSs(List.of("b")));
        wanted.put("more", AttributeValue.fromNs(List.of("1", "2")));
        wanted.put("list", AttributeValue.fromL(List.of(n("1"), n("2"))));
        assertThat(after).isEqualTo(wanted);
    }

    /** ADD of a number on an item that does not exist creates the item with the number (starting from 0). */
    @Test
    void updateItem_attributeUpdatesAddOnMissingItem_createsIt() {
        Map<String, AttributeValue> key = item(UUID.randomUUID().toString(), 1);
        client.updateItem(b -> b.tableName(table).key(key).attributeUpdates(Map.of("hits",
                AttributeValueUpdate.builder().action(AttributeAction.ADD).value(n("1")).build())));
        Map<String, AttributeValue> wanted = new HashMap<>(key);
        wanted.put("hits", n("1"));
        assertThat(client.getItem(b -> b.tableName(table).key(key).consistentRead(true)).item()).isEqualTo(wanted);
    }

    /** UPDATED_NEW names exactly the attributes AttributeUpdates touched. */
    @Test
    void updateItem_attributeUpdatesUpdatedNew_returnsTouchedAttributes() {
        Map<String, AttributeValue> key = item(UUID.randomUUID().toString(), 1);
        Map<String, AttributeValue> start = new HashMap<>(key);
        start.put("keep", s("k"));
        start.put("n", n("1"));
        client.putItem(b -> b.tableName(table).item(start));
        Map<String, AttributeValue> updated = client.updateItem(b -> b.tableName(table).key(key)
                .attributeUpdates(Map.of("n", AttributeValueUpdate.builder().action(AttributeAction.ADD)
                        .value(n("1")).build()))
                .returnValues(ReturnValue.UPDATED_NEW)).attributes();
        assertThat(updated).isEqualTo(Map.of("n", n("2")));
    }

    /** The AttributeUpdates rules and their legacy messages, including the runtime type mismatch. */
    @Test
    void updateItem_malformedAttributeUpdates_isValidationError() {
        Map<String, AttributeValue> key = item(UUID.randomUUID().toString(), 1);
        Map<String, AttributeValue> start = new HashMap<>(key);
        start.put("s", s("text"));
        client.putItem(b -> b.tableName(table).item(start));
        assertThat(validationMessage(() -> client.updateItem(b -> b.tableName(table).key(key)
                .attributeUpdates(Map.of("a", AttributeValueUpdate.builder().action(AttributeAction.PUT).build())))))
                .isEqualTo("One or more parameter values were invalid: Only DELETE action is allowed when no "
                        + "attribute value is specified");
        assertThat(validationMessage(() -> client.updateItem(b -> b.tableName(table).key(key)
                .attributeUpdates(Map.of("a", AttributeValueUpdate.builder().action(AttributeAction.DELETE)
                        .value(s("x")).build())))))
                .isEqualTo("One or more parameter values were invalid: DELETE action with value is not supported "
                        + "for the type S");
        assertThat(validationMessage(() -> client.updateItem(b -> b.tableName(table).key(key)
                .attributeUpdates(Map.of("a", AttributeValueUpdate.builder().action(AttributeAction.ADD)
                        .value(s("x")).build())))))
                .isEqualTo("One or more parameter values were invalid: ADD action is not supported for the type S");
        assertThat(validationMessage(() -> client.updateItem(b -> b.tableName(table).key(key)
                .attributeUpdates(Map.of("sk", put(n("2")))))))
                .isEqualTo("One or more parameter values were invalid: Cannot update attribute sk. This attribute "
                        + "is part of the key");
        assertThat(validationMessage(() -> client.updateItem(b -> b.tableName(table).key(key)
                .attributeUpdates(Map.of("s", AttributeValueUpdate.builder().action(AttributeAction.ADD)
                        .value(n("1")).build())))))
                .isEqualTo("Type mismatch for attribute to update");
    }

    // ---- AttributesToGet ----

    /** AttributesToGet projects top-level attributes on GetItem, BatchGetItem, Query and Scan. */
    @Test
    void attributesToGet_projectsOnEveryRead() {
        String pk = UUID.randomUUID().toString();
        Map<String, AttributeValue> stored = new HashMap<>(item(pk, 1));
        stored.put("a", s("A"));
        stored.put("b.c", s("dotted"));
        stored.put("z", s("Z"));
        client.putItem(b -> b.tableName(table).item(stored));
        Map<String, AttributeValue> wanted = Map.of("a", s("A"), "b.c", s("dotted"));
        assertThat(client.getItem(b -> b.tableName(table).key(item(pk, 1)).attributesToGet("a", "b.c")).item())
                .isEqualTo(wanted);
        assertThat(client.batchGetItem(b -> b.requestItems(Map.of(table, KeysAndAttributes.builder()
                .keys(item(pk, 1)).attributesToGet("a", "b.c").build()))).responses().get(table))
                .containsExactly(wanted);
        assertThat(client.query(b -> b.tableName(table)
                .keyConditions(Map.of("pk", condition(ComparisonOperator.EQ, s(pk))))
                .attributesToGet("a", "b.c")).items()).containsExactly(wanted);
        assertThat(client.scan(b -> b.tableName(table)
                .scanFilter(Map.of("pk", condition(ComparisonOperator.EQ, s(pk))))
                .attributesToGet("a", "b.c").select(Select.SPECIFIC_ATTRIBUTES)).items()).containsExactly(wanted);
    }

    /** Duplicates, and Select values other than SPECIFIC_ATTRIBUTES, are refused as DynamoDB refuses them. */
    @Test
    void attributesToGet_invalidUse_isValidationError() {
        assertThat(validationMessage(() -> client.getItem(b -> b.tableName(table).key(item("x", 1))
                .attributesToGet("a", "a"))))
                .isEqualTo("One or more parameter values were invalid: Duplicate value in attribute name: a");
        assertThat(validationMessage(() -> client.scan(b -> b.tableName(table).attributesToGet("a")
                .select(Select.ALL_ATTRIBUTES))))
                .isEqualTo("Cannot specify the AttributesToGet when choosing to get ALL_ATTRIBUTES");
        assertThat(validationMessage(() -> client.query(b -> b.tableName(table).attributesToGet("a")
                .keyConditions(Map.of("pk", condition(ComparisonOperator.EQ, s("x")))).select(Select.COUNT))))
                .isEqualTo("1 validation error detected: Cannot specify the AttributesToGet when choosing to get "
                        + "only the Count");
    }

    // ---- KeyConditions, QueryFilter, ScanFilter ----

    /** KeyConditions with each sort key operator, forward and backward. */
    @Test
    void query_keyConditions_everySortKeyOperator() {
        String pk = UUID.randomUUID().toString();
        for (int i = 1; i <= 5; i++) {
            int sk = i;
            client.putItem(b -> b.tableName(table).item(item(pk, sk)));
        }
        Map<ComparisonOperator, List<AttributeValue>> operands = new LinkedHashMap<>();
        operands.put(ComparisonOperator.EQ, List.of(n("3")));
        operands.put(ComparisonOperator.LT, List.of(n("3")));
        operands.put(ComparisonOperator.LE, List.of(n("3")));
        operands.put(ComparisonOperator.GT, List.of(n("3")));
        operands.put(ComparisonOperator.GE, List.of(n("3")));
        operands.put(ComparisonOperator.BETWEEN, List.of(n("2"), n("4")));
        Map<ComparisonOperator, List<String>> wanted = Map.of(ComparisonOperator.EQ, List.of("3"),
                ComparisonOperator.LT, List.of("1", "2"), ComparisonOperator.LE, List.of("1", "2", "3"),
                ComparisonOperator.GT, List.of("4", "5"), ComparisonOperator.GE, List.of("3", "4", "5"),
                ComparisonOperator.BETWEEN, List.of("2", "3", "4"));
        operands.forEach((op, values) -> {
            QueryResponse r = client.query(b -> b.tableName(table).keyConditions(Map.of(
                    "pk", condition(ComparisonOperator.EQ, s(pk)),
                    "sk", Condition.builder().comparisonOperator(op).attributeValueList(values).build())));
            assertThat(r.items()).extracting(i -> i.get("sk").n()).as(op.toString()).isEqualTo(wanted.get(op));
        });
        QueryResponse backwards = client.query(b -> b.tableName(table).scanIndexForward(false)
                .keyConditions(Map.of("pk", condition(ComparisonOperator.EQ, s(pk)))));
        assertThat(backwards.items()).extracting(i -> i.get("sk").n()).containsExactly("5", "4", "3", "2", "1");
    }

    /** BEGINS_WITH on a string sort key, through a table with an S sort key. */
    @Test
    void query_keyConditionsBeginsWith_onStringSortKey() {
        String name = RewindServer.uniqueTableName("legacy-s");
        client.createTable(b -> b.tableName(name)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("sk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH),
                        k -> k.attributeName("sk").keyType(KeyType.RANGE))
                .billingMode(BillingMode.PAY_PER_REQUEST));
        client.waiter().waitUntilTableExists(b -> b.tableName(name));
        for (String sk : List.of("a", "ab", "abc", "b")) {
            client.putItem(b -> b.tableName(name).item(Map.of("pk", s("p"), "sk", s(sk))));
        }
        QueryResponse r = client.query(b -> b.tableName(name).keyConditions(Map.of(
                "pk", condition(ComparisonOperator.EQ, s("p")),
                "sk", condition(ComparisonOperator.BEGINS_WITH, s("ab")))));
        assertThat(r.items()).extracting(i -> i.get("sk").s()).containsExactly("ab", "abc");
    }

    /** QueryFilter filters after the key condition: ScannedCount counts what was read, Count what matched. */
    @Test
    void query_queryFilterWithConditionalOperator_filtersReadItems() {
        String pk = UUID.randomUUID().toString();
        for (int i = 1; i <= 4; i++) {
            Map<String, AttributeValue> it = new HashMap<>(item(pk, i));
            it.put("color", s(i % 2 == 0 ? "red" : "blue"));
            it.put("size", n(String.valueOf(i)));
            client.putItem(b -> b.tableName(table).item(it));
        }
        Map<String, Condition> filter = new LinkedHashMap<>();
        filter.put("color", condition(ComparisonOperator.EQ, s("red")));
        filter.put("size", condition(ComparisonOperator.LT, n("2")));
        QueryResponse and = client.query(b -> b.tableName(table)
                .keyConditions(Map.of("pk", condition(ComparisonOperator.EQ, s(pk)))).queryFilter(filter));
        assertThat(and.count()).isZero();
        assertThat(and.scannedCount()).isEqualTo(4);
        QueryResponse or = client.query(b -> b.tableName(table)
                .keyConditions(Map.of("pk", condition(ComparisonOperator.EQ, s(pk)))).queryFilter(filter)
                .conditionalOperator(ConditionalOperator.OR));
        assertThat(or.items()).extracting(i -> i.get("sk").n()).containsExactly("1", "2", "4");
    }

    /** ScanFilter with several operators, and ConditionalOperator OR. */
    @Test
    void scan_scanFilter_filtersItems() {
        String marker = UUID.randomUUID().toString();
        for (int i = 1; i <= 4; i++) {
            Map<String, AttributeValue> it = new HashMap<>(item(marker, i));
            it.put("marker", s(marker));
            it.put("word", s(i <= 2 ? "apple" : "banana"));
            client.putItem(b -> b.tableName(table).item(it));
        }
        Map<String, Condition> filter = new LinkedHashMap<>();
        filter.put("marker", condition(ComparisonOperator.EQ, s(marker)));
        filter.put("word", condition(ComparisonOperator.BEGINS_WITH, s("ban")));
        ScanResponse and = client.scan(b -> b.tableName(table).scanFilter(filter).consistentRead(true));
        assertThat(and.items()).extracting(i -> i.get("sk").n()).containsExactlyInAnyOrder("3", "4");
        Map<String, Condition> either = new LinkedHashMap<>();
        either.put("sk", Condition.builder().comparisonOperator(ComparisonOperator.IN)
                .attributeValueList(n("1"), n("4")).build());
        either.put("word", condition(ComparisonOperator.CONTAINS, s("zzz")));
        ScanResponse or = client.scan(b -> b.tableName(table).scanFilter(Map.of(
                "marker", condition(ComparisonOperator.EQ, s(marker)),
                "sk", Condition.builder().comparisonOperator(ComparisonOperator.IN)
                        .attributeValueList(n("1"), n("4")).build())).consistentRead(true));
        assertThat(or.items()).extracting(i -> i.get("sk").n()).containsExactlyInAnyOrder("1", "4");
        assertThat(client.scan(b -> b.tableName(table).scanFilter(either).conditionalOperator(ConditionalOperator.OR)
                .consistentRead(true)).items()).extracting(i -> i.get("sk").n()).contains("1", "4");
    }

    /** The KeyConditions and QueryFilter rules, worded as DynamoDB words them. */
    @Test
    void query_malformedKeyConditions_isValidationError() {
        assertThat(validationMessage(() -> client.query(b -> b.tableName(table).keyConditions(Map.of(
                "pk", condition(ComparisonOperator.EQ, s("x")),
                "sk", condition(ComparisonOperator.NE, n("1")))))))
                .isEqualTo("Attempted conditional constraint is not an indexable operation");
        assertThat(validationMessage(() -> client.query(b -> b.tableName(table).keyConditions(Map.of(
                "pk", condition(ComparisonOperator.EQ, s("x")),
                "sk", condition(ComparisonOperator.EQ, n("1")),
                "other", condition(ComparisonOperator.EQ, n("1")))))))
                .isEqualTo("Conditions can be of length 1 or 2 only");
        assertThat(validationMessage(() -> client.query(b -> b.tableName(table).keyConditions(Map.of(
                "pk", Condition.builder().comparisonOperator(ComparisonOperator.EQ)
                        .attributeValueList(s("x"), s("y")).build())))))
                .isEqualTo("One or more parameter values were invalid: Invalid number of argument(s) for the EQ "
                        + "ComparisonOperator");
        assertThat(validationMessage(() -> client.query(b -> b.tableName(table).keyConditions(Map.of(
                "sk", condition(ComparisonOperator.EQ, n("1")))))))
                .isEqualTo("Query condition missed key schema element: pk");
        assertThat(validationMessage(() -> client.query(b -> b.tableName(table).keyConditions(Map.of(
                "pk", condition(ComparisonOperator.EQ, n("1")))))))
                .isEqualTo("One or more parameter values were invalid: Condition parameter type does not match "
                        + "schema type");
        assertThat(validationMessage(() -> client.query(b -> b.tableName(table)
                .keyConditions(Map.of("pk", condition(ComparisonOperator.EQ, s("x"))))
                .queryFilter(Map.of("sk", condition(ComparisonOperator.EQ, n("1")))))))
                .isEqualTo("QueryFilter can only contain non-primary key attributes: Primary key attribute: sk");
        assertThat(validationMessage(() -> client.query(b -> b.tableName(table))))
                .isEqualTo("Either the KeyConditions or KeyConditionExpression parameter must be specified in the "
                        + "request.");
    }

    // ---- helpers ----

    private static Map<String, AttributeValue> item(String pk, int sk) {
        return Map.of("pk", s(pk), "sk", n(String.valueOf(sk)));
    }

    private static Condition condition(ComparisonOperator op, AttributeValue value) {
        return Condition.builder().comparisonOperator(op).attributeValueList(value).build();
    }

    private static AttributeValueUpdate put(AttributeValue value) {
        return AttributeValueUpdate.builder().action(AttributeAction.PUT).value(value).build();
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(String v) {
        return AttributeValue.fromN(v);
    }

    private static String validationMessage(ThrowingCallable call) {
        Throwable[] thrown = new Throwable[1];
        assertThatThrownBy(() -> {
            try {
                call.call();
            } catch (Throwable t) {
                thrown[0] = t;
                throw t;
            }
        }).isInstanceOf(DynamoDbException.class);
        DynamoDbException e = (DynamoDbException) thrown[0];
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        return e.awsErrorDetails().errorMessage();
    }
}
