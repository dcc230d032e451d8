package dev.rewind.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiPredicate;
import java.util.function.Function;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Query through the AWS SDK: every sort key operator on S, N and B keys, direction, Limit and 1 MB paging,
 * FilterExpression, ProjectionExpression, Select, and the validation errors
 * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Query.html,
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.html).
 */
class QueryIT {
    private static final DynamoDbClient client = RewindServer.client();
    /** pk S, sk S. */
    private static String stringTable;
    /** pk S, sk N. */
    private static String numberTable;
    /** pk S, sk B. */
    private static String binaryTable;

    @BeforeAll
    static void createTables() {
        stringTable = createTable("query-s", ScalarAttributeType.S);
        numberTable = createTable("query-n", ScalarAttributeType.N);
        binaryTable = createTable("query-b", ScalarAttributeType.B);
    }

    private static String createTable(String prefix, ScalarAttributeType sortType) {
        String name = RewindServer.uniqueTableName(prefix);
        client.createTable(b -> b.tableName(name)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("sk").attributeType(sortType))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH),
                        k -> k.attributeName("sk").keyType(KeyType.RANGE))
                .billingMode(BillingMode.PAY_PER_REQUEST));
        client.waiter().waitUntilTableExists(b -> b.tableName(name));
        return name;
    }

    // ---- sort key operators ----

    /** String sort keys order by UTF-8 bytes; NUL, surrogate pairs and U+FFFF are where naive orders go wrong. */
    @Test
    void query_stringSortKey_everyOperatorMatchesDynamoOrder() {
        List<String> values = List.of("\0", "\0\0", "\0a", "a", "a\0", "a\0b", "a\u0001", "aa", "ab", "b", "\u00e9",
                "\u00e9t\u00e9", "\uFFFF", "\uD83D\uDE00", "\uD83D\uDE00x", "zz");
        List<String> operands = new ArrayList<>(values);
        operands.addAll(List.of("a\0a", "\u00e0", "\uFFFE", "\uD800\uDC00", "c"));
        checkAllOperators(stringTable, values, operands, AttributeValue::fromS, QueryIT::compareUtf8,
                String::startsWith);
    }

    /** Number sort keys order numerically across signs, magnitudes and the extremes of the range. */
    @Test
    void query_numberSortKey_everyOperatorMatchesNumericOrder() {
        List<String> values = List.of("-9.9999999999999999999999999999999999999E+125", "-1E+100", "-100", "-10",
                "-1.5", "-1.01", "-1", "-0.5", "-1E-130", "0", "1E-130", "0.5", "1", "1.01", "1.5", "2", "10",
                "100", "12345678901234567890123456789012345678", "1E+125",
                "9.9999999999999999999999999999999999999E+125");
        List<String> operands = new ArrayList<>(values);
        operands.addAll(List.of("-1.2", "-0.0001", "3", "99.99", "5E+125"));
        checkAllOperators(numberTable, values, operands, AttributeValue::fromN,
                Comparator.comparing(BigDecimal::new), null);
    }

    /** Binary sort keys order as unsigned bytes; prefixes made of 0x00 and 0xFF stress begins_with bounds. */
    @Test
    void query_binarySortKey_everyOperatorMatchesUnsignedOrder() {
        List<byte[]> values = List.of(bytes(0x00), bytes(0x00, 0x00), bytes(0x00, 0xFF), bytes(0x01),
                bytes(0x01, 0x00), bytes(0x7F), bytes(0x80), bytes(0xFE, 0xFF), bytes(0xFF), bytes(0xFF, 0x00),
                bytes(0xFF, 0xFF), bytes(0xFF, 0xFF, 0xFF));
        List<byte[]> operands = new ArrayList<>(values);
        operands.addAll(List.of(bytes(0x00, 0x01), bytes(0x80, 0x00), bytes(0xFF, 0xFE)));
        checkAllOperators(binaryTable, values, operands, b -> AttributeValue.fromB(SdkBytes.fromByteArray(b)),
                Arrays::compareUnsigned,
                (value, prefix) -> value.length >= prefix.length
                        && Arrays.equals(value, 0, prefix.length, prefix, 0, prefix.length));
    }

    /**
     * Puts every value under a fresh partition, then for each operator and operand checks that Query returns
     * exactly the matching values in order, forward and backward.
     */
    private static <T> void checkAllOperators(String table, List<T> values, List<T> operands,
            Function<T, AttributeValue> toValue, Comparator<T> order, BiPredicate<T, T> beginsWith) {
        String pk = UUID.randomUUID().toString();
        List<T> sorted = new ArrayList<>(values);
        sorted.sort(order);
        for (T v : values) {
            client.putItem(b -> b.tableName(table).item(Map.of("pk", s(pk), "sk", toValue.apply(v))));
        }
        Map<String, BiPredicate<T, T>> comparisons = new LinkedHashMap<>();
        comparisons.put("sk = :a", (x, a) -> order.compare(x, a) == 0);
        comparisons.put("sk < :a", (x, a) -> order.compare(x, a) < 0);
        comparisons.put("sk <= :a", (x, a) -> order.compare(x, a) <= 0);
        comparisons.put("sk > :a", (x, a) -> order.compare(x, a) > 0);
        comparisons.put("sk >= :a", (x, a) -> order.compare(x, a) >= 0);
        comparisons.put(":a > sk", (x, a) -> order.compare(x, a) < 0); // operand on the left is flipped
        if (beginsWith != null) {
            comparisons.put("begins_with(sk, :a)", beginsWith);
        }
        for (T a : operands) {
            for (Map.Entry<String, BiPredicate<T, T>> c : comparisons.entrySet()) {
                List<T> expected = sorted.stream().filter(x -> c.getValue().test(x, a)).toList();
                checkQuery(table, pk, "pk = :pk AND " + c.getKey(), Map.of(":a", toValue.apply(a)), expected,
                        toValue);
            }
        }
        for (int i = 0; i < operands.size(); i += 2) {
            for (int j = 0; j < operands.size(); j += 3) {
                T low = operands.get(i);
                T high = operands.get(j);
                if (order.compare(low, high) > 0) {
                    continue;
                }
                List<T> expected = sorted.stream()
                        .filter(x -> order.compare(x, low) >= 0 && order.compare(x, high) <= 0).toList();
                checkQuery(table, pk, "pk = :pk AND sk BETWEEN :a AND :b",
                        Map.of(":a", toValue.apply(low), ":b", toValue.apply(high)), expected, toValue);
            }
        }
        // no sort key condition: the whole partition in order
        checkQuery(table, pk, "pk = :pk", Map.of(), sorted, toValue);
    }

    private static <T> void checkQuery(String table, String pk, String condition, Map<String, AttributeValue> values,
            List<T> expected, Function<T, AttributeValue> toValue) {
        Map<String, AttributeValue> all = new HashMap<>(values);
        all.put(":pk", s(pk));
        List<AttributeValue> expectedKeys = expected.stream().map(toValue).toList();
        for (boolean forward : new boolean[] {true, false}) {
            QueryResponse r = client.query(b -> b.tableName(table).keyConditionExpression(condition)
                    .expressionAttributeValues(all).scanIndexForward(forward));
            List<AttributeValue> want = new ArrayList<>(expectedKeys);
            if (!forward) {
                java.util.Collections.reverse(want);
            }
            assertThat(r.items().stream().map(i -> comparable(i.get("sk"))).toList())
                    .as("%s with %s, forward %s", condition, values, forward)
                    .isEqualTo(want.stream().map(QueryIT::comparable).toList());
            assertThat(r.count()).isEqualTo(want.size());
            assertThat(r.lastEvaluatedKey()).isEmpty();
        }
    }

    /** Key names can come through ExpressionAttributeNames, and the conditions in either order. */
    @Test
    void query_keyNamesThroughPlaceholders_andReversedConditions() {
        String pk = UUID.randomUUID().toString();
        for (int i = 0; i < 5; i++) {
            putNumber(pk, i, Map.of());
        }
        QueryResponse r = client.query(b -> b.tableName(numberTable)
                .keyConditionExpression("#s BETWEEN :lo AND :hi AND #p = :pk")
                .expressionAttributeNames(Map.of("#p", "pk", "#s", "sk"))
                .expressionAttributeValues(Map.of(":pk", s(pk), ":lo", n("1"), ":hi", n("3"))));
        assertThat(r.items()).extracting(i -> i.get("sk").n()).containsExactly("1", "2", "3");
    }

    // ---- paging ----

    /** Limit pages resume exactly where the previous one ended, forward and backward, and name the last key. */
    @Test
    void query_limitPaging_resumesExactly() {
        String pk = UUID.randomUUID().toString();
        for (int i = 0; i < 25; i++) {
            putNumber(pk, i, Map.of());
        }
        for (boolean forward : new boolean[] {true, false}) {
            List<String> seen = new ArrayList<>();
            Map<String, AttributeValue> start = null;
            int pages = 0;
            do {
                Map<String, AttributeValue> from = start;
                QueryResponse r = client.query(b -> b.tableName(numberTable).keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", s(pk))).limit(7).scanIndexForward(forward)
                        .exclusiveStartKey(from));
                assertThat(r.count()).isLessThanOrEqualTo(7);
                assertThat(r.scannedCount()).isEqualTo(r.count());
                r.items().forEach(i -> seen.add(i.get("sk").n()));
                if (r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty()) {
                    Map<String, AttributeValue> last = r.items().get(r.items().size() - 1);
                    assertThat(r.lastEvaluatedKey()).isEqualTo(Map.of("pk", last.get("pk"), "sk", last.get("sk")));
                    start = r.lastEvaluatedKey();
                } else {
                    start = null;
                }
                pages++;
            } while (start != null);
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                expected.add(String.valueOf(forward ? i : 24 - i));
            }
            assertThat(seen).isEqualTo(expected);
            assertThat(pages).isBetween(4, 5);
        }
    }

    /** Limit counts items read before the filter: ScannedCount is the page size, Count only the matches. */
    @Test
    void query_limitWithFilter_countsScannedBeforeFilter() {
        String pk = UUID.randomUUID().toString();
        for (int i = 0; i < 30; i++) {
            putNumber(pk, i, Map.of("even", AttributeValue.fromBool(i % 2 == 0),
                    "third", AttributeValue.fromBool(i % 3 == 0)));
        }
        List<String> matched = new ArrayList<>();
        int scanned = 0;
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse r = client.query(b -> b.tableName(numberTable).keyConditionExpression("pk = :pk")
                    .filterExpression("third = :t").expressionAttributeValues(Map.of(":pk", s(pk), ":t",
                            AttributeValue.fromBool(true)))
                    .limit(4).exclusiveStartKey(from));
            assertThat(r.scannedCount()).isLessThanOrEqualTo(4);
            assertThat(r.count()).isEqualTo(r.items().size()).isLessThanOrEqualTo(r.scannedCount());
            if (r.scannedCount() == 4) {
                // four consecutive numbers hold one or two multiples of three
                assertThat(r.count()).isBetween(1, 2);
            }
            r.items().forEach(i -> matched.add(i.get("sk").n()));
            scanned += r.scannedCount();
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null);
        assertThat(scanned).isEqualTo(30);
        assertThat(matched).containsExactly("0", "3", "6", "9", "12", "15", "18", "21", "24", "27");
    }

    /** A filter that matches nothing still returns LastEvaluatedKey, so clients must keep paging on empty pages. */
    @Test
    void query_filterMatchingNothing_stillPages() {
        String pk = UUID.randomUUID().toString();
        for (int i = 0; i < 10; i++) {
            putNumber(pk, i, Map.of());
        }
        QueryResponse r = client.query(b -> b.tableName(numberTable).keyConditionExpression("pk = :pk")
                .filterExpression("attribute_exists(nothing)").expressionAttributeValues(Map.of(":pk", s(pk)))
                .limit(3));
        assertThat(r.items()).isEmpty();
        assertThat(r.count()).isZero();
        assertThat(r.scannedCount()).isEqualTo(3);
        assertThat(r.lastEvaluatedKey()).containsEntry("sk", n("2"));
    }

    /**
     * 3.5 MB in one partition pages at 1 MB of data read: every page but the last carries LastEvaluatedKey, no page
     * holds more than 1 MB plus the item that crossed it, and the pages together hold every item once, in order.
     */
    @Test
    void query_manyMegabytes_pagesAtOneMegabyte() {
        String pk = UUID.randomUUID().toString();
        int itemCount = 350;
        int payloadBytes = 10_000;
        writeLargeItems(numberTable, pk, itemCount, payloadBytes);
        int itemSize = 2 + 36 + 2 + 4 + 7 + payloadBytes; // names + values, per "Item sizes and formats"
        for (boolean forward : new boolean[] {true, false}) {
            List<Integer> seen = new ArrayList<>();
            Map<String, AttributeValue> start = null;
            int pages = 0;
            do {
                Map<String, AttributeValue> from = start;
                QueryResponse r = client.query(b -> b.tableName(numberTable).keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", s(pk))).scanIndexForward(forward)
                        .exclusiveStartKey(from));
                long pageBytes = (long) r.items().size() * itemSize;
                assertThat(pageBytes).as("page %d", pages).isLessThanOrEqualTo(1024 * 1024 + itemSize);
                r.items().forEach(i -> seen.add(Integer.parseInt(i.get("sk").n())));
                start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
                if (start != null) {
                    assertThat(pageBytes).as("a page cut short by size is near 1 MB")
                            .isGreaterThan(1024 * 1024 - 2L * itemSize);
                }
                pages++;
            } while (start != null);
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < itemCount; i++) {
                expected.add(forward ? i : itemCount - 1 - i);
            }
            assertThat(seen).isEqualTo(expected);
            assertThat(pages).isBetween(4, 5);
        }
    }

    /** Select COUNT over many megabytes still pages at 1 MB read: the counts add up across pages. */
    @Test
    void query_countOverManyMegabytes_pagesAndAddsUp() {
        String pk = UUID.randomUUID().toString();
        writeLargeItems(numberTable, pk, 250, 10_000);
        int total = 0;
        int pages = 0;
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse r = client.query(b -> b.tableName(numberTable).keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(Map.of(":pk", s(pk))).select(Select.COUNT).exclusiveStartKey(from));
            assertThat(r.hasItems()).isFalse();
            assertThat(r.count()).isEqualTo(r.scannedCount()).isLessThan(250);
            total += r.count();
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
            pages++;
        } while (start != null);
        assertThat(total).isEqualTo(250);
        assertThat(pages).isGreaterThanOrEqualTo(3);
    }

    // ---- filter, projection, select ----

    /** FilterExpression applies after the key condition, over non-key attributes, with names and values. */
    @Test
    void query_filterExpression_keepsMatchingItems() {
        String pk = UUID.randomUUID().toString();
        for (int i = 0; i < 10; i++) {
            putNumber(pk, i, Map.of("status", s(i % 2 == 0 ? "open" : "closed"), "size", n(String.valueOf(i * 10))));
        }
        QueryResponse r = client.query(b -> b.tableName(numberTable)
                .keyConditionExpression("pk = :pk AND sk >= :from")
                .filterExpression("#st = :open AND #sz > :min")
                .expressionAttributeNames(Map.of("#st", "status", "#sz", "size"))
                .expressionAttributeValues(Map.of(":pk", s(pk), ":from", n("2"), ":open", s("open"), ":min",
                        n("30"))));
        assertThat(r.items()).extracting(i -> i.get("sk").n()).containsExactly("4", "6", "8");
        assertThat(r.count()).isEqualTo(3);
        assertThat(r.scannedCount()).isEqualTo(8);
    }

    /** ProjectionExpression returns only the named attributes and nested paths, keys included only if asked. */
    @Test
    void query_projectionExpression_returnsOnlyNamedAttributes() {
        String pk = UUID.randomUUID().toString();
        putNumber(pk, 1, Map.of("a", s("x"), "b", s("y"), "info", AttributeValue.fromM(Map.of("c", n("1"), "d",
                n("2")))));
        QueryResponse r = client.query(b -> b.tableName(numberTable).keyConditionExpression("pk = :pk")
                .projectionExpression("a, info.c, #missing").expressionAttributeNames(Map.of("#missing", "nope"))
                .expressionAttributeValues(Map.of(":pk", s(pk))));
        assertThat(r.items()).containsExactly(Map.of("a", s("x"), "info", AttributeValue.fromM(Map.of("c", n("1")))));

        QueryResponse specific = client.query(b -> b.tableName(numberTable).keyConditionExpression("pk = :pk")
                .select(Select.SPECIFIC_ATTRIBUTES).projectionExpression("sk, b")
                .expressionAttributeValues(Map.of(":pk", s(pk))));
        assertThat(specific.items()).containsExactly(Map.of("sk", n("1"), "b", s("y")));
    }

    /** Select COUNT returns counts without items; ALL_ATTRIBUTES (the default for a table) returns whole items. */
    @Test
    void query_select_countAndAllAttributes() {
        String pk = UUID.randomUUID().toString();
        for (int i = 0; i < 6; i++) {
            putNumber(pk, i, Map.of("v", n(String.valueOf(i))));
        }
        QueryResponse count = client.query(b -> b.tableName(numberTable).keyConditionExpression("pk = :pk")
                .filterExpression("v > :two").select(Select.COUNT)
                .expressionAttributeValues(Map.of(":pk", s(pk), ":two", n("2"))));
        assertThat(count.hasItems()).isFalse();
        assertThat(count.count()).isEqualTo(3);
        assertThat(count.scannedCount()).isEqualTo(6);

        QueryResponse all = client.query(b -> b.tableName(numberTable).keyConditionExpression("pk = :pk AND sk = :s")
                .select(Select.ALL_ATTRIBUTES).expressionAttributeValues(Map.of(":pk", s(pk), ":s", n("4"))));
        assertThat(all.items()).containsExactly(Map.of("pk", s(pk), "sk", n("4"), "v", n("4")));
    }

    /** SPECIFIC_ATTRIBUTES needs a projection, and a projection only goes with SPECIFIC_ATTRIBUTES. */
    @Test
    void query_selectAndProjectionMismatch_isValidationError() {
        assertThat(validationMessage(() -> client.query(b -> b.tableName(numberTable)
                .keyConditionExpression("pk = :pk").select(Select.SPECIFIC_ATTRIBUTES)
                .expressionAttributeValues(Map.of(":pk", s("x"))))))
                .isEqualTo("Must specify the AttributesToGet or ProjectionExpression when choosing to get "
                        + "SPECIFIC_ATTRIBUTES");
        assertThat(validationMessage(() -> client.query(b -> b.tableName(numberTable)
                .keyConditionExpression("pk = :pk").select(Select.ALL_PROJECTED_ATTRIBUTES)
                .expressionAttributeValues(Map.of(":pk", s("x"))))))
                .isEqualTo("ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName");
    }

    // ---- errors ----

    /** Query needs a key condition. */
    @Test
    void query_missingKeyCondition_isValidationError() {
        assertThat(validationMessage(() -> client.query(b -> b.tableName(numberTable))))
                .isEqualTo("Either the KeyConditions or KeyConditionExpression parameter must be specified in the "
                        + "request.");
    }

    /** A condition on a non-key attribute names the key element it was expected to be. */
    @Test
    void query_conditionOnNonKeyAttribute_isValidationError() {
        assertThat(validationMessage(() -> client.query(b -> b.tableName(numberTable)
                .keyConditionExpression("pk = :pk AND nonkey = :o")
                .expressionAttributeValues(Map.of(":pk", s("x"), ":o", n("1"))))))
                .isEqualTo("Query condition missed key schema element: sk");
        assertThat(validationMessage(() -> client.query(b -> b.tableName(numberTable)
                .keyConditionExpression("nonkey = :o").expressionAttributeValues(Map.of(":o", s("1"))))))
                .isEqualTo("Query condition missed key schema element: pk");
    }

    /** A key condition is ANDed conditions, one per key, with equality on the partition key. */
    @Test
    void query_keyConditionShape_isValidationError() {
        assertThat(validationMessage(() -> client.query(b -> b.tableName(numberTable)
                .keyConditionExpression("pk = :pk OR sk = :s")
                .expressionAttributeValues(Map.of(":pk", s("x"), ":s", n("1"))))))
                .isEqualTo("Invalid operator used in KeyConditionExpression: OR");
        assertThat(validationMessage(() -> client.query(b -> b.tableName(numberTable)
                .keyConditionExpression("pk = :pk AND sk > :s AND sk < :s")
                .expressionAttributeValues(Map.of(":pk", s("x"), ":s", n("1"))))))
                .isEqualTo("KeyConditionExpressions must only contain one condition per key");
        assertThat(validationMessage(() -> client.query(b -> b.tableName(numberTable)
                .keyConditionExpression("pk < :pk").expressionAttributeValues(Map.of(":pk", s("x"))))))
                .isEqualTo("Query key condition not supported");
    }

    /** Key condition values must have the schema's types, for the partition and the sort key. */
    @Test
    void query_wrongKeyType_isValidationError() {
        String message = "One or more parameter values were invalid: Condition parameter type does not match schema "
                + "type";
        assertThat(validationMessage(() -> client.query(b -> b.tableName(numberTable)
                .keyConditionExpression("pk = :pk").expressionAttributeValues(Map.of(":pk", n("1"))))))
                .isEqualTo(message);
        assertThat(validationMessage(() -> client.query(b -> b.tableName(numberTable)
                .keyConditionExpression("pk = :pk AND sk > :s")
                .expressionAttributeValues(Map.of(":pk", s("x"), ":s", s("1"))))))
                .isEqualTo(message);
    }

    /** BETWEEN with its bounds reversed is rejected, quoting both bounds. */
    @Test
    void query_betweenLowAboveHigh_isValidationError() {
        assertThat(validationMessage(() -> client.query(b -> b.tableName(numberTable)
                .keyConditionExpression("pk = :pk AND sk BETWEEN :hi AND :lo")
                .expressionAttributeValues(Map.of(":pk", s("x"), ":lo", n("1"), ":hi", n("5"))))))
                .isEqualTo("Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater "
                        + "than or equal to lower bound; lower bound operand: AttributeValue: {N:5}, upper bound "
                        + "operand: AttributeValue: {N:1}");
    }

    /** begins_with does not apply to numbers. */
    @Test
    void query_beginsWithOnNumber_isValidationError() {
        assertThat(validationMessage(() -> client.query(b -> b.tableName(numberTable)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :p)")
                .expressionAttributeValues(Map.of(":pk", s("x"), ":p", n("1"))))))
                .isEqualTo("Invalid KeyConditionExpression: Incorrect operand type for operator or function; "
                        + "operator or function: begins_with, operand type: N");
    }

    /** Querying an index the table does not have names it. */
    @Test
    void query_unknownIndex_isValidationError() {
        assertThat(validationMessage(() -> client.query(b -> b.tableName(numberTable).indexName("nope")
                .keyConditionExpression("pk = :pk").expressionAttributeValues(Map.of(":pk", s("x"))))))
                .isEqualTo("The table does not have the specified index: nope");
    }

    /** ExclusiveStartKey must be exactly the table's key with the right types. */
    @Test
    void query_exclusiveStartKeyNotMatchingSchema_isValidationError() {
        String message = "The provided starting key is invalid: The provided key element does not match the schema";
        List<Map<String, AttributeValue>> bad = List.of(Map.of("pk", s("x")),
                Map.of("pk", s("x"), "sk", s("1")),
                Map.of("pk", s("x"), "sk", n("1"), "extra", s("e")));
        for (Map<String, AttributeValue> start : bad) {
            assertThat(validationMessage(() -> client.query(b -> b.tableName(numberTable)
                    .keyConditionExpression("pk = :pk").expressionAttributeValues(Map.of(":pk", s("x")))
                    .exclusiveStartKey(start))))
                    .as("%s", start).isEqualTo(message);
        }
    }

    /** An ExclusiveStartKey from another partition is outside the query. */
    @Test
    void query_exclusiveStartKeyInOtherPartition_isValidationError() {
        assertThat(validationMessage(() -> client.query(b -> b.tableName(numberTable)
                .keyConditionExpression("pk = :pk").expressionAttributeValues(Map.of(":pk", s("x")))
                .exclusiveStartKey(Map.of("pk", s("y"), "sk", n("1"))))))
                .isEqualTo("The provided starting key is outside query boundaries based on provided conditions");
    }

    // ---- helpers ----

    static String validationMessage(ThrowingCallable call) {
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

    private static void putNumber(String pk, int sk, Map<String, AttributeValue> extra) {
        Map<String, AttributeValue> item = new HashMap<>(extra);
        item.put("pk", s(pk));
        item.put("sk", n(String.valueOf(sk)));
        client.putItem(b -> b.tableName(numberTable).item(item));
    }

    /** Items {pk, sk: 0…count-1, payload: count bytes} written 25 at a time. */
    static void writeLargeItems(String table, String pk, int count, int payloadBytes) {
        byte[] payload = new byte[payloadBytes];
        Arrays.fill(payload, (byte) 'x');
        String text = new String(payload, StandardCharsets.US_ASCII);
        List<WriteRequest> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, AttributeValue> item = Map.of("pk", s(pk), "sk", n(String.format("%d", i)), "payload",
                    s(text));
            batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
            if (batch.size() == 25 || i == count - 1) {
                List<WriteRequest> requests = List.copyOf(batch);
                Map<String, List<WriteRequest>> unprocessed = Map.of(table, requests);
                while (!unprocessed.isEmpty()) {
                    Map<String, List<WriteRequest>> pending = unprocessed;
                    unprocessed = client.batchWriteItem(b -> b.requestItems(pending)).unprocessedItems();
                }
                batch.clear();
            }
        }
    }

    /** Numbers come back in canonical form ("1E+2" as "100"): compare them by value. */
    private static Object comparable(AttributeValue v) {
        return v.n() != null ? new BigDecimal(v.n()).stripTrailingZeros() : v;
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    private static int compareUtf8(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    static AttributeValue n(String v) {
        return AttributeValue.fromN(v);
    }
}
