package dev.rewind.it;

import static dev.rewind.it.QueryIT.n;
import static dev.rewind.it.QueryIT.s;
import static dev.rewind.it.QueryIT.validationMessage;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * Secondary indexes through the AWS SDK: projections, sparse indexes, paging with index keys, numeric and binary
 * index keys, Scan on an index, the read rules of GSIs and LSIs, statistics, and index maintenance on update
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html,
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LSI.html).
 *
 * <p>Table schema: pk S, sk S; LSIs lsiKeys (pk, lsk N) KEYS_ONLY and lsiInclude (pk, lsk2 S) INCLUDE [a]; GSIs
 * gsiAll (gk S, gs N) ALL, gsiKeys (gk S) KEYS_ONLY, gsiInclude (gk2 S) INCLUDE [a, b], gsiNum (num N) KEYS_ONLY and
 * gsiBin (bin B, sk S) ALL.
 */
class IndexIT {
    private static final DynamoDbClient client = RewindServer.client();
    private static String table;

    @BeforeAll
    static void createTable() {
        table = createIndexedTable("index");
    }

    static String createIndexedTable(String prefix) {
        String name = RewindServer.uniqueTableName(prefix);
        client.createTable(b -> b.tableName(name)
                .attributeDefinitions(def("pk", ScalarAttributeType.S), def("sk", ScalarAttributeType.S),
                        def("lsk", ScalarAttributeType.N), def("lsk2", ScalarAttributeType.S),
                        def("gk", ScalarAttributeType.S), def("gs", ScalarAttributeType.N),
                        def("gk2", ScalarAttributeType.S), def("num", ScalarAttributeType.N),
                        def("bin", ScalarAttributeType.B))
                .keySchema(key("pk", KeyType.HASH), key("sk", KeyType.RANGE))
                .localSecondaryIndexes(lsi("lsiKeys", "lsk", projection(ProjectionType.KEYS_ONLY)),
                        lsi("lsiInclude", "lsk2", projection(ProjectionType.INCLUDE, "a")))
                .globalSecondaryIndexes(gsi("gsiAll", projection(ProjectionType.ALL), "gk", "gs"),
                        gsi("gsiKeys", projection(ProjectionType.KEYS_ONLY), "gk"),
                        gsi("gsiInclude", projection(ProjectionType.INCLUDE, "a", "b"), "gk2"),
                        gsi("gsiNum", projection(ProjectionType.KEYS_ONLY), "num"),
                        gsi("gsiBin", projection(ProjectionType.ALL), "bin", "sk"))
                .billingMode(BillingMode.PAY_PER_REQUEST));
        client.waiter().waitUntilTableExists(b -> b.tableName(name));
        return name;
    }

    // ---- projections ----

    /** Each projection type returns what it projects: the index key and table key always, INCLUDE its list, ALL all. */
    @Test
    void query_eachProjectionType_returnsProjectedAttributes() {
        String id = UUID.randomUUID().toString();
        Map<String, AttributeValue> item = fullItem(id, "s1");
        client.putItem(b -> b.tableName(table).item(item));
        eventually(() -> assertThat(queryIndex("gsiAll", "gk", s("g-" + id))).containsExactly(item));
        eventually(() -> assertThat(queryIndex("gsiKeys", "gk", s("g-" + id)))
                .containsExactly(pick(item, "pk", "sk", "gk")));
        eventually(() -> assertThat(queryIndex("gsiInclude", "gk2", s("g2-" + id)))
                .containsExactly(pick(item, "pk", "sk", "gk2", "a", "b")));
        assertThat(queryIndex("lsiKeys", "pk", s(id))).containsExactly(pick(item, "pk", "sk", "lsk"));
        assertThat(queryIndex("lsiInclude", "pk", s(id))).containsExactly(pick(item, "pk", "sk", "lsk2", "a"));
        eventually(() -> assertThat(queryIndex("gsiBin", "bin", item.get("bin"))).containsExactly(item));
        // ALL_PROJECTED_ATTRIBUTES is the default on an index and may be asked for explicitly
        QueryResponse explicit = client.query(b -> b.tableName(table).indexName("gsiKeys")
                .keyConditionExpression("gk = :v").select(Select.ALL_PROJECTED_ATTRIBUTES)
                .expressionAttributeValues(Map.of(":v", s("g-" + id))));
        assertThat(explicit.items()).containsExactly(pick(item, "pk", "sk", "gk"));
    }

    /** Items without an index key attribute are not in that index (sparse indexes), but are in the others. */
    @Test
    void itemsLackingIndexKey_areAbsentFromIndex() {
        String id = UUID.randomUUID().toString();
        Map<String, AttributeValue> item = new HashMap<>(fullItem(id, "s1"));
        item.remove("gs"); // gsiAll needs gk and gs; gsiKeys only gk
        item.remove("lsk2");
        client.putItem(b -> b.tableName(table).item(item));
        eventually(() -> assertThat(queryIndex("gsiAll", "gk", s("g-" + id))).isEmpty());
        eventually(() -> assertThat(queryIndex("gsiKeys", "gk", s("g-" + id))).hasSize(1));
        assertThat(queryIndex("lsiInclude", "pk", s(id))).isEmpty();
        assertThat(queryIndex("lsiKeys", "pk", s(id))).hasSize(1);
    }

    // ---- paging on indexes ----

    /**
     * Many items sharing one GSI key page by Limit: LastEvaluatedKey holds the index key and the table key, and
     * resuming from it returns every item exactly once.
     */
    @Test
    void query_gsiPaging_lastEvaluatedKeyHoldsIndexAndTableKey() {
        String id = UUID.randomUUID().toString();
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 23; i++) {
            String pk = id + "-" + (i % 7);
            String sk = "s" + i;
            expected.add(pk + "/" + sk);
            client.putItem(b -> b.tableName(table).item(Map.of("pk", s(pk), "sk", s(sk), "gk", s("same-" + id),
                    "gs", n("1"))));
        }
        eventually(() -> assertThat(queryIndex("gsiAll", "gk", s("same-" + id))).hasSize(23));
        eventually(() -> assertThat(queryIndex("gsiKeys", "gk", s("same-" + id))).hasSize(23));
        for (String index : List.of("gsiKeys", "gsiAll")) {
            for (boolean forward : new boolean[] {true, false}) {
                List<String> seen = new ArrayList<>();
                Map<String, AttributeValue> start = null;
                do {
                    Map<String, AttributeValue> from = start;
                    QueryResponse r = client.query(b -> b.tableName(table).indexName(index)
                            .keyConditionExpression("gk = :g").expressionAttributeValues(Map.of(":g", s("same-" + id)))
                            .limit(4).scanIndexForward(forward).exclusiveStartKey(from));
                    r.items().forEach(i -> seen.add(i.get("pk").s() + "/" + i.get("sk").s()));
                    start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
                    if (start != null) {
                        Map<String, AttributeValue> last = r.items().get(r.items().size() - 1);
                        Set<String> names = index.equals("gsiAll") ? Set.of("pk", "sk", "gk", "gs")
                                : Set.of("pk", "sk", "gk");
                        assertThat(start.keySet()).isEqualTo(names);
                        names.forEach(k -> assertThat(r.lastEvaluatedKey().get(k)).isEqualTo(last.get(k)));
                    }
                } while (start != null);
                assertThat(seen).as("%s forward %s", index, forward).doesNotHaveDuplicates();
                assertThat(new HashSet<>(seen)).isEqualTo(expected);
            }
        }
    }

    /** On an LSI, LastEvaluatedKey holds pk, sk and the LSI sort key, and pages resume in LSI order. */
    @Test
    void query_lsiPaging_resumesInIndexOrder() {
        String id = UUID.randomUUID().toString();
        for (int i = 0; i < 20; i++) {
            int lsk = (i * 7) % 20 - 10; // a permutation of -10…9, not in sk order
            String sk = String.format("s%02d", i);
            client.putItem(b -> b.tableName(table).item(Map.of("pk", s(id), "sk", s(sk), "lsk",
                    n(String.valueOf(lsk)))));
        }
        List<Integer> seen = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse r = client.query(b -> b.tableName(table).indexName("lsiKeys")
                    .keyConditionExpression("pk = :p AND lsk >= :low")
                    .expressionAttributeValues(Map.of(":p", s(id), ":low", n("-5"))).limit(3)
                    .exclusiveStartKey(from));
            r.items().forEach(i -> seen.add(Integer.parseInt(i.get("lsk").n())));
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
            if (start != null) {
                assertThat(start.keySet()).containsExactlyInAnyOrder("pk", "sk", "lsk");
            }
        } while (start != null);
        assertThat(seen).containsExactly(-5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    /** An index ExclusiveStartKey must hold the index key too; the table key alone is not enough. */
    @Test
    void query_indexExclusiveStartKeyWithoutIndexKey_isValidationError() {
        assertThat(validationMessage(() -> client.query(b -> b.tableName(table).indexName("gsiAll")
                .keyConditionExpression("gk = :g").expressionAttributeValues(Map.of(":g", s("x")))
                .exclusiveStartKey(Map.of("pk", s("a"), "sk", s("b"))))))
                .isEqualTo("The provided starting key is invalid: The provided key element does not match the "
                        + "schema");
    }

    // ---- key types ----

    /** A GSI on a number key orders and matches numerically; on a binary key with a range, begins_with works. */
    @Test
    void query_numericAndBinaryGsiKeys() {
        String id = UUID.randomUUID().toString();
        String number = "-12.5" + Math.abs(id.hashCode()); // unique to this run
        for (int i = 0; i < 3; i++) {
            String sk = "s" + i;
            client.putItem(b -> b.tableName(table).item(Map.of("pk", s(id), "sk", s(sk), "num", n(number))));
        }
        eventually(() -> assertThat(queryIndex("gsiNum", "num", n(number + "000"))).hasSize(3)
                .allSatisfy(i -> assertThat(i.keySet()).containsExactlyInAnyOrder("pk", "sk", "num")));

        byte[] binKey = {0x00, (byte) 0xFF, 0x00, (byte) id.hashCode()};
        for (String sk : List.of("a\0", "a\0b", "ab", "b")) {
            client.putItem(b -> b.tableName(table).item(Map.of("pk", s(id), "sk", s(sk),
                    "bin", AttributeValue.fromB(SdkBytes.fromByteArray(binKey)))));
        }
        eventually(() -> assertThat(client.query(b -> b.tableName(table).indexName("gsiBin")
                .keyConditionExpression("bin = :b AND begins_with(sk, :p)")
                .expressionAttributeValues(Map.of(":b", AttributeValue.fromB(SdkBytes.fromByteArray(binKey)),
                        ":p", s("a\0")))).items()).extracting(i -> i.get("sk").s()).containsExactly("a\0", "a\0b"));
    }

    // ---- scan on an index ----

    /** Scanning an index returns its entries only (sparse), projected, and pages with index keys. */
    @Test
    void scan_onIndexes_returnsProjectedEntriesOnly() {
        String fresh = createIndexedTable("index-scan");
        Map<String, AttributeValue> full = fullItem("x", "1");
        Map<String, AttributeValue> noGsi = new HashMap<>(fullItem("y", "1"));
        noGsi.remove("gk");
        client.putItem(b -> b.tableName(fresh).item(full));
        client.putItem(b -> b.tableName(fresh).item(noGsi));
        eventually(() -> assertThat(client.scan(b -> b.tableName(fresh).indexName("gsiKeys")).items())
                .containsExactly(pick(full, "pk", "sk", "gk")));
        ScanResponse lsi = client.scan(b -> b.tableName(fresh).indexName("lsiInclude"));
        assertThat(lsi.items()).containsExactlyInAnyOrder(pick(full, "pk", "sk", "lsk2", "a"),
                pick(noGsi, "pk", "sk", "lsk2", "a"));
        ScanResponse paged = client.scan(b -> b.tableName(fresh).indexName("lsiKeys").limit(1));
        assertThat(paged.lastEvaluatedKey().keySet()).containsExactlyInAnyOrder("pk", "sk", "lsk");
        ScanResponse rest = client.scan(b -> b.tableName(fresh).indexName("lsiKeys")
                .exclusiveStartKey(paged.lastEvaluatedKey()));
        assertThat(rest.items()).hasSize(1).doesNotContainAnyElementsOf(paged.items());
    }

    // ---- read rules ----

    /** GSIs are eventually consistent only; an LSI accepts ConsistentRead. */
    @Test
    void consistentRead_onGsi_isValidationError() {
        assertThat(validationMessage(() -> client.query(b -> b.tableName(table).indexName("gsiAll")
                .keyConditionExpression("gk = :g").consistentRead(true)
                .expressionAttributeValues(Map.of(":g", s("x"))))))
                .isEqualTo("Consistent reads are not supported on global secondary indexes");
        assertThat(validationMessage(() -> client.scan(b -> b.tableName(table).indexName("gsiKeys")
                .consistentRead(true))))
                .isEqualTo("Consistent reads are not supported on global secondary indexes");
        QueryResponse lsi = client.query(b -> b.tableName(table).indexName("lsiKeys")
                .keyConditionExpression("pk = :p").consistentRead(true).expressionAttributeValues(Map.of(":p",
                        s(UUID.randomUUID().toString()))));
        assertThat(lsi.items()).isEmpty();
    }

    /** A GSI cannot fetch from the table, so ALL_ATTRIBUTES needs ProjectionType ALL there. */
    @Test
    void selectAllAttributes_onKeysOnlyGsi_isValidationError() {
        assertThat(validationMessage(() -> client.query(b -> b.tableName(table).indexName("gsiKeys")
                .keyConditionExpression("gk = :g").select(Select.ALL_ATTRIBUTES)
                .expressionAttributeValues(Map.of(":g", s("x"))))))
                .isEqualTo("One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported "
                        + "for global secondary index gsiKeys because its projection type is not ALL");
        String id = UUID.randomUUID().toString();
        Map<String, AttributeValue> item = fullItem(id, "s1");
        client.putItem(b -> b.tableName(table).item(item));
        eventually(() -> assertThat(client.query(b -> b.tableName(table).indexName("gsiAll")
                .keyConditionExpression("gk = :g").select(Select.ALL_ATTRIBUTES)
                .expressionAttributeValues(Map.of(":g", s("g-" + id)))).items()).containsExactly(item));
    }

    /** An LSI fetches what it does not project from the table: ALL_ATTRIBUTES and projections return whole items. */
    @Test
    void selectAllAttributes_onKeysOnlyLsi_fetchesFromTable() {
        String id = UUID.randomUUID().toString();
        Map<String, AttributeValue> item = fullItem(id, "s1");
        client.putItem(b -> b.tableName(table).item(item));
        QueryResponse all = client.query(b -> b.tableName(table).indexName("lsiKeys")
                .keyConditionExpression("pk = :p").select(Select.ALL_ATTRIBUTES)
                .expressionAttributeValues(Map.of(":p", s(id))));
        assertThat(all.items()).containsExactly(item);
        QueryResponse projected = client.query(b -> b.tableName(table).indexName("lsiInclude")
                .keyConditionExpression("pk = :p").projectionExpression("a, c, lsk")
                .expressionAttributeValues(Map.of(":p", s(id))));
        assertThat(projected.items()).containsExactly(pick(item, "a", "c", "lsk"));
    }

    // ---- statistics ----

    /**
     * DescribeTable reports each index's ItemCount and IndexSizeBytes (projected item sizes). DynamoDB refreshes
     * these about every six hours, so a fresh table may still show zero there; Rewind keeps them exact.
     */
    @Test
    void describeTable_reportsIndexItemCountsAndSizes() {
        String fresh = createIndexedTable("index-stats");
        Map<String, AttributeValue> one = fullItem("one", "1");
        Map<String, AttributeValue> two = new HashMap<>(fullItem("two", "2"));
        two.remove("gk");
        Map<String, AttributeValue> three = fullItem("three", "3");
        client.putItem(b -> b.tableName(fresh).item(one));
        client.putItem(b -> b.tableName(fresh).item(two));
        client.putItem(b -> b.tableName(fresh).item(three));
        client.deleteItem(b -> b.tableName(fresh).key(pick(three, "pk", "sk")));

        TableDescription d = client.describeTable(b -> b.tableName(fresh)).table();
        Map<String, long[]> actual = new LinkedHashMap<>();
        for (GlobalSecondaryIndexDescription g : d.globalSecondaryIndexes()) {
            actual.put(g.indexName(), new long[] {g.itemCount(), g.indexSizeBytes()});
        }
        for (LocalSecondaryIndexDescription l : d.localSecondaryIndexes()) {
            actual.put(l.indexName(), new long[] {l.itemCount(), l.indexSizeBytes()});
        }
        Map<String, long[]> expected = new LinkedHashMap<>();
        expected.put("gsiAll", stats(one));
        expected.put("gsiKeys", stats(pick(one, "pk", "sk", "gk")));
        expected.put("gsiInclude", stats(pick(one, "pk", "sk", "gk2", "a", "b"), pick(two, "pk", "sk", "gk2", "a",
                "b")));
        expected.put("gsiNum", stats(pick(one, "pk", "sk", "num"), pick(two, "pk", "sk", "num")));
        expected.put("gsiBin", stats(one, two));
        expected.put("lsiKeys", stats(pick(one, "pk", "sk", "lsk"), pick(two, "pk", "sk", "lsk")));
        expected.put("lsiInclude", stats(pick(one, "pk", "sk", "lsk2", "a"), pick(two, "pk", "sk", "lsk2", "a")));
        boolean stale = d.itemCount() == 0;
        if (!stale) {
            assertThat(d.itemCount()).isEqualTo(2);
            assertThat(d.tableSizeBytes()).isEqualTo(size(one) + size(two));
        }
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            long[] want = stale ? new long[] {0, 0} : e.getValue();
            assertThat(actual.get(e.getKey())).as(e.getKey()).containsExactly(want);
        }
    }

    // ---- maintenance on writes ----

    /** Changing a GSI or LSI key attribute moves the entry: the old key finds nothing, the new key finds the item. */
    @Test
    void updateItem_changingIndexKey_movesEntry() {
        String id = UUID.randomUUID().toString();
        Map<String, AttributeValue> item = fullItem(id, "s1");
        client.putItem(b -> b.tableName(table).item(item));
        client.updateItem(b -> b.tableName(table).key(pick(item, "pk", "sk"))
                .updateExpression("SET gk = :g, lsk = :l").expressionAttributeValues(Map.of(":g", s("moved-" + id),
                        ":l", n("77"))));
        eventually(() -> assertThat(queryIndex("gsiAll", "gk", s("g-" + id))).isEmpty());
        eventually(() -> assertThat(queryIndex("gsiKeys", "gk", s("g-" + id))).isEmpty());
        eventually(() -> assertThat(queryIndex("gsiAll", "gk", s("moved-" + id))).extracting(i -> i.get("gk"))
                .containsExactly(s("moved-" + id)));
        eventually(() -> assertThat(queryIndex("gsiKeys", "gk", s("moved-" + id))).hasSize(1));
        assertThat(queryIndex("lsiKeys", "pk", s(id))).extracting(i -> i.get("lsk")).containsExactly(n("77"));
        // a change to a projected non-key attribute is visible through the index too
        client.updateItem(b -> b.tableName(table).key(pick(item, "pk", "sk")).updateExpression("SET a = :a")
                .expressionAttributeValues(Map.of(":a", s("changed"))));
        eventually(() -> assertThat(queryIndex("gsiInclude", "gk2", s("g2-" + id))).extracting(i -> i.get("a"))
                .containsExactly(s("changed")));
    }

    /** Removing an index key attribute removes the item from that index only. */
    @Test
    void updateItem_removingIndexKey_removesEntry() {
        String id = UUID.randomUUID().toString();
        Map<String, AttributeValue> item = fullItem(id, "s1");
        client.putItem(b -> b.tableName(table).item(item));
        client.updateItem(b -> b.tableName(table).key(pick(item, "pk", "sk")).updateExpression("REMOVE gs, lsk"));
        eventually(() -> assertThat(queryIndex("gsiAll", "gk", s("g-" + id))).isEmpty());
        assertThat(queryIndex("lsiKeys", "pk", s(id))).isEmpty();
        eventually(() -> assertThat(queryIndex("gsiKeys", "gk", s("g-" + id))).hasSize(1));
        assertThat(queryIndex("lsiInclude", "pk", s(id))).hasSize(1);
        client.deleteItem(b -> b.tableName(table).key(pick(item, "pk", "sk")));
        eventually(() -> assertThat(queryIndex("gsiKeys", "gk", s("g-" + id))).isEmpty());
        assertThat(queryIndex("lsiInclude", "pk", s(id))).isEmpty();
    }

    /** An index key attribute of the wrong type is rejected on Put and Update, and nothing is stored. */
    @Test
    void wrongTypedIndexKey_isValidationError_andNothingStored() {
        String id = UUID.randomUUID().toString();
        Map<String, AttributeValue> bad = new HashMap<>(fullItem(id, "s1"));
        bad.put("gs", s("not a number"));
        assertThat(validationMessage(() -> client.putItem(b -> b.tableName(table).item(bad))))
                .isEqualTo("One or more parameter values were invalid: Type mismatch for Index Key gs Expected: N "
                        + "Actual: S IndexName: gsiAll");
        assertThat(client.getItem(b -> b.tableName(table).key(pick(bad, "pk", "sk"))).hasItem()).isFalse();
        eventually(() -> assertThat(queryIndex("gsiKeys", "gk", s("g-" + id))).isEmpty());

        Map<String, AttributeValue> good = fullItem(id, "s1");
        client.putItem(b -> b.tableName(table).item(good));
        assertThat(validationMessage(() -> client.updateItem(b -> b.tableName(table).key(pick(good, "pk", "sk"))
                .updateExpression("SET lsk = :s, gk = :g")
                .expressionAttributeValues(Map.of(":s", s("text"), ":g", s("changed-" + id))))))
                .startsWith("One or more parameter values were invalid: Type mismatch for Index Key lsk Expected: N "
                        + "Actual: S IndexName: lsiKeys");
        assertThat(client.getItem(b -> b.tableName(table).key(pick(good, "pk", "sk"))).item()).isEqualTo(good);
        eventually(() -> assertThat(queryIndex("gsiKeys", "gk", s("changed-" + id))).isEmpty());

        assertThat(validationMessage(() -> client.batchWriteItem(b -> b.requestItems(Map.of(table, List.of(
                software.amazon.awssdk.services.dynamodb.model.WriteRequest.builder()
                        .putRequest(p -> p.item(bad)).build()))))))
                .isEqualTo("One or more parameter values were invalid: Type mismatch for Index Key gs Expected: N "
                        + "Actual: S IndexName: gsiAll");
        assertThat(client.getItem(b -> b.tableName(table).key(pick(good, "pk", "sk"))).item()).isEqualTo(good);
    }

    // ---- helpers ----

    /**
     * Runs an assertion until it holds, for up to ten seconds: GSIs are updated asynchronously on DynamoDB, so a read
     * right after a write may not see it yet there. Rewind updates them atomically, so this passes at once.
     */
    static void eventually(Runnable assertion) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try {
                assertion.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** An item with every index key: pk, sk, lsk, lsk2, gk, gs, gk2, num, bin and non-key a, b, c. */
    static Map<String, AttributeValue> fullItem(String id, String sk) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("pk", s(id));
        item.put("sk", s(sk));
        item.put("lsk", n("5"));
        item.put("lsk2", s("l2"));
        item.put("gk", s("g-" + id));
        item.put("gs", n("42"));
        item.put("gk2", s("g2-" + id));
        item.put("num", n(String.valueOf(Math.abs((long) (id + sk).hashCode()))));
        item.put("bin", AttributeValue.fromB(SdkBytes.fromUtf8String("b-" + id + sk)));
        item.put("a", s("A"));
        item.put("b", n("2"));
        item.put("c", AttributeValue.fromL(List.of(s("x"), AttributeValue.fromBool(true))));
        return item;
    }

    private List<Map<String, AttributeValue>> queryIndex(String index, String hashName, AttributeValue hashValue) {
        return queryAll(b -> b.tableName(table).indexName(index).keyConditionExpression("#h = :h")
                .expressionAttributeNames(Map.of("#h", hashName)).expressionAttributeValues(Map.of(":h", hashValue)));
    }

    static List<Map<String, AttributeValue>> queryAll(UnaryOperator<QueryRequest.Builder> request) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse r = client.query(request.apply(QueryRequest.builder()).exclusiveStartKey(start).build());
            items.addAll(r.items());
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }

    static Map<String, AttributeValue> pick(Map<String, AttributeValue> item, String... names) {
        Map<String, AttributeValue> out = new HashMap<>();
        for (String name : names) {
            if (item.containsKey(name)) {
                out.put(name, item.get(name));
            }
        }
        return out;
    }

    @SafeVarargs
    private static long[] stats(Map<String, AttributeValue>... entries) {
        long size = 0;
        for (Map<String, AttributeValue> e : entries) {
            size += size(e);
        }
        return new long[] {entries.length, size};
    }

    /** Item size per "Item sizes and formats", for the attribute types these tests use. */
    static long size(Map<String, AttributeValue> item) {
        long size = 0;
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            size += e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8).length + size(e.getValue());
        }
        return size;
    }

    private static long size(AttributeValue v) {
        if (v.s() != null) {
            return v.s().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        }
        if (v.n() != null) {
            String digits = new java.math.BigDecimal(v.n()).stripTrailingZeros().unscaledValue().abs().toString();
            return (digits.length() + 1) / 2 + 1;
        }
        if (v.b() != null) {
            return v.b().asByteArray().length;
        }
        if (v.bool() != null) {
            return 1;
        }
        if (v.hasL()) {
            return 3 + v.l().stream().mapToLong(x -> 1 + size(x)).sum();
        }
        throw new IllegalArgumentException("size of " + v);
    }

    private static software.amazon.awssdk.services.dynamodb.model.AttributeDefinition def(String name,
            ScalarAttributeType type) {
        return software.amazon.awssdk.services.dynamodb.model.AttributeDefinition.builder().attributeName(name)
                .attributeType(type).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    private static Projection projection(ProjectionType type, String... nonKey) {
        Projection.Builder b = Projection.builder().projectionType(type);
        if (nonKey.length > 0) {
            b.nonKeyAttributes(nonKey);
        }
        return b.build();
    }

    private static LocalSecondaryIndex lsi(String name, String range, Projection projection) {
        return LocalSecondaryIndex.builder().indexName(name)
                .keySchema(key("pk", KeyType.HASH), key(range, KeyType.RANGE)).projection(projection).build();
    }

    private static GlobalSecondaryIndex gsi(String name, Projection projection, String hash, String... range) {
        List<KeySchemaElement> keys = new ArrayList<>(List.of(key(hash, KeyType.HASH)));
        for (String r : range) {
            keys.add(key(r, KeyType.RANGE));
        }
        return GlobalSecondaryIndex.builder().indexName(name).keySchema(keys).projection(projection).build();
    }
}
