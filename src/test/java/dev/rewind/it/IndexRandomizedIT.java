package dev.rewind.it;

import static dev.rewind.it.QueryIT.n;
import static dev.rewind.it.QueryIT.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Index maintenance under random writes: thousands of PutItem, UpdateItem (SET and REMOVE of index key attributes),
 * DeleteItem and BatchWriteItem over a few hundred keys, checked against an in-memory model. At checkpoints every
 * index and the table are scanned and compared entry by entry with what the model says they hold (projection
 * applied), and each index is queried for a sample of keys. The seed is printed; {@code -Drewind.seed=...} replays.
 *
 * <p>Table: pk S, sk N. GSIs: g1x (ga S) INCLUDE [x]; g2x (gb N, gc S) ALL. LSIs: l1x (pk, la N) KEYS_ONLY;
 * l2x (pk, lb S) INCLUDE [y, ga].
 */
class IndexRandomizedIT {
    private static final long SEED = Long.getLong("rewind.seed", 20_240_611L);
    private static final int OPERATIONS = 3_000;
    private static final int PARTITIONS = 30;
    private static final int SORT_KEYS = 10;
    private static final DynamoDbClient client = RewindServer.client();

    /** One index as the model sees it: which attributes key it and which it projects (null: ALL). */
    private record IndexModel(String name, boolean global, String hash, String range, Set<String> projected) {
        boolean holds(Map<String, AttributeValue> item) {
            return item.containsKey(hash) && (range == null || item.containsKey(range));
        }

        Map<String, AttributeValue> project(Map<String, AttributeValue> item) {
            if (projected == null) {
                return item;
            }
            Map<String, AttributeValue> out = new HashMap<>();
            item.forEach((k, v) -> {
                if (projected.contains(k) || k.equals("pk") || k.equals("sk") || k.equals(hash) || k.equals(range)) {
                    out.put(k, v);
                }
            });
            return out;
        }
    }

    private static final List<IndexModel> INDEXES = List.of(
            new IndexModel("g1x", true, "ga", null, Set.of("x")),
            new IndexModel("g2x", true, "gb", "gc", null),
            new IndexModel("l1x", false, "pk", "la", Set.of()),
            new IndexModel("l2x", false, "pk", "lb", Set.of("y", "ga")));

    private final Map<String, Map<String, AttributeValue>> model = new TreeMap<>();
    private String table;
    private Random random;

    /** Random writes keep every index exactly equal to the projection of the items that carry its key. */
    @Test
    void randomWrites_keepEveryIndexExact() {
        System.out.println("IndexRandomizedIT seed " + SEED + " (replay with -Drewind.seed=" + SEED + ")");
        random = new Random(SEED);
        table = createTable();
        for (int op = 1; op <= OPERATIONS; op++) {
            String what = randomOperation();
            if (op % 1_000 == 0 || op == 250) {
                verify("after operation " + op + " (" + what + ")");
            }
        }
        verify("at the end");
        verifyStatistics();
    }

    // ---- operations ----

    private String randomOperation() {
        int pick = random.nextInt(100);
        if (pick < 35) {
            Map<String, AttributeValue> item = randomItem(randomKey());
            client.putItem(b -> b.tableName(table).item(item));
            model.put(id(item), item);
            return "put";
        } else if (pick < 70) {
            update();
            return "update";
        } else if (pick < 80) {
            Map<String, AttributeValue> key = randomKey();
            client.deleteItem(b -> b.tableName(table).key(key));
            model.remove(id(key));
            return "delete";
        } else if (pick < 95) {
            batch();
            return "batch";
        } else {
            wrongTypedWrite();
            return "wrong type";
        }
    }

    private void update() {
        Map<String, AttributeValue> key = randomKey();
        Map<String, AttributeValue> item = new HashMap<>(model.getOrDefault(id(key), key));
        List<String> sets = new ArrayList<>();
        List<String> removes = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        Map<String, AttributeValue> fresh = randomItem(key);
        for (String attribute : List.of("ga", "gb", "gc", "la", "lb", "x", "y", "z")) {
            int choice = random.nextInt(4);
            if (choice == 0 && fresh.containsKey(attribute)) {
                names.put("#" + attribute, attribute);
                values.put(":" + attribute, fresh.get(attribute));
                sets.add("#" + attribute + " = :" + attribute);
                item.put(attribute, fresh.get(attribute));
            } else if (choice == 1) {
                names.put("#" + attribute, attribute);
                removes.add("#" + attribute);
                item.remove(attribute);
            }
        }
        if (sets.isEmpty() && removes.isEmpty()) {
            names.put("#x", "x");
            values.put(":x", s("only-x"));
            sets.add("#x = :x");
            item.put("x", s("only-x"));
        }
        String expression = (sets.isEmpty() ? "" : "SET " + String.join(", ", sets))
                + (removes.isEmpty() ? "" : " REMOVE " + String.join(", ", removes));
        client.updateItem(b -> b.tableName(table).key(key).updateExpression(expression.trim())
                .expressionAttributeNames(names).expressionAttributeValues(values.isEmpty() ? null : values));
        model.put(id(key), item); // UpdateItem creates the item when it is absent
    }

    private void batch() {
        Map<String, WriteRequest> requests = new LinkedHashMap<>();
        int size = 1 + random.nextInt(10);
        Map<String, Map<String, AttributeValue>> after = new HashMap<>();
        for (int i = 0; i < size; i++) {
            Map<String, AttributeValue> key = randomKey();
            if (requests.containsKey(id(key))) {
                continue; // a batch may not touch one key twice
            }
            if (random.nextInt(3) == 0) {
                requests.put(id(key), WriteRequest.builder().deleteRequest(d -> d.key(key)).build());
                after.put(id(key), null);
            } else {
                Map<String, AttributeValue> item = randomItem(key);
                requests.put(id(key), WriteRequest.builder().putRequest(p -> p.item(item)).build());
                after.put(id(key), item);
            }
        }
        Map<String, List<WriteRequest>> pending = Map.of(table, List.copyOf(requests.values()));
        while (!pending.isEmpty()) {
            Map<String, List<WriteRequest>> send = pending;
            pending = client.batchWriteItem(b -> b.requestItems(send)).unprocessedItems();
        }
        after.forEach((id, item) -> {
            if (item == null) {
                model.remove(id);
            } else {
                model.put(id, item);
            }
        });
    }

    /** A write with an index key of the wrong type fails as a whole; the model does not change. */
    private void wrongTypedWrite() {
        Map<String, AttributeValue> key = randomKey();
        if (random.nextBoolean()) {
            Map<String, AttributeValue> item = new HashMap<>(randomItem(key));
            String attribute = List.of("ga", "gb", "la", "lb").get(random.nextInt(4));
            item.put(attribute, attribute.equals("gb") || attribute.equals("la") ? s("text") : n("1"));
            assertThatThrownBy(() -> client.putItem(b -> b.tableName(table).item(item)))
                    .as("seed %d", SEED).isInstanceOf(DynamoDbException.class)
                    .hasMessageStartingWith("One or more parameter values were invalid: Type mismatch for Index Key "
                            + attribute);
        } else {
            assertThatThrownBy(() -> client.updateItem(b -> b.tableName(table).key(key)
                    .updateExpression("SET x = :x, gb = :bad")
                    .expressionAttributeValues(Map.of(":x", s("never"), ":bad", s("text")))))
                    .as("seed %d", SEED).isInstanceOf(DynamoDbException.class)
                    .hasMessageStartingWith(
                            "One or more parameter values were invalid: Type mismatch for Index Key gb");
        }
    }

    private Map<String, AttributeValue> randomKey() {
        return Map.of("pk", s("p" + random.nextInt(PARTITIONS)), "sk", n(String.valueOf(random.nextInt(SORT_KEYS))));
    }

    /** The key plus each optional attribute with probability 0.7, from small domains so keys collide. */
    private Map<String, AttributeValue> randomItem(Map<String, AttributeValue> key) {
        Map<String, AttributeValue> item = new HashMap<>(key);
        maybe(item, "ga", () -> s("a" + random.nextInt(6)));
        maybe(item, "gb", () -> n(String.valueOf(random.nextInt(7) - 3)));
        maybe(item, "gc", () -> s(List.of("c", "c\0", "cc", "d", "\u00e9", "\uD83D\uDE00").get(random.nextInt(6))));
        maybe(item, "la", () -> n(String.valueOf(random.nextInt(101) - 50)));
        maybe(item, "lb", () -> s("b" + random.nextInt(20)));
        maybe(item, "x", () -> s("x" + random.nextInt(1000)));
        maybe(item, "y", () -> n(String.valueOf(random.nextInt(1000))));
        maybe(item, "z", () -> AttributeValue.fromL(List.of(s("z"), n(String.valueOf(random.nextInt(10))))));
        return item;
    }

    private void maybe(Map<String, AttributeValue> item, String name,
            java.util.function.Supplier<AttributeValue> value) {
        if (random.nextInt(10) < 7) {
            item.put(name, value.get());
        }
    }

    // ---- verification ----

    private void verify(String when) {
        String context = "seed " + SEED + ", " + when;
        assertThat(counts(scanAll(null, null))).as("table %s", context).isEqualTo(counts(model.values()));
        for (IndexModel index : INDEXES) {
            List<Map<String, AttributeValue>> expected = model.values().stream().filter(index::holds)
                    .map(index::project).toList();
            // GSIs are updated asynchronously on DynamoDB: give them a moment there (Rewind is exact at once)
            Integer limit = random.nextBoolean() ? null : 1 + random.nextInt(200);
            IndexIT.eventually(() -> assertThat(counts(scanAll(index.name(), limit)))
                    .as("index %s %s", index.name(), context).isEqualTo(counts(expected)));
        }
        for (int sample = 0; sample < 8; sample++) {
            queryG1(context);
            queryG2(context);
            queryLsi(INDEXES.get(2), "la", context);
            queryLsi(INDEXES.get(3), "lb", context);
        }
    }

    private void queryG1(String context) {
        AttributeValue ga = s("a" + random.nextInt(6));
        int limit = 1 + random.nextInt(20);
        IndexModel g1 = INDEXES.get(0);
        List<Map<String, AttributeValue>> expected = model.values().stream()
                .filter(i -> ga.equals(i.get("ga"))).map(g1::project).toList();
        IndexIT.eventually(() -> assertThat(counts(IndexIT.queryAll(b -> b.tableName(table).indexName("g1x")
                .keyConditionExpression("ga = :v").expressionAttributeValues(Map.of(":v", ga)).limit(limit))))
                .as("g1 ga=%s %s", ga.s(), context).isEqualTo(counts(expected)));
    }

    private void queryG2(String context) {
        AttributeValue gb = n(String.valueOf(random.nextInt(7) - 3));
        boolean forward = random.nextBoolean();
        int limit = 1 + random.nextInt(20);
        List<Map<String, AttributeValue>> expected = model.values().stream()
                .filter(i -> gb.equals(i.get("gb")) && i.containsKey("gc") && i.get("gc").s().startsWith("c"))
                .toList();
        IndexIT.eventually(() -> {
            List<Map<String, AttributeValue>> actual = IndexIT.queryAll(b -> b.tableName(table).indexName("g2x")
                    .keyConditionExpression("gb = :v AND begins_with(gc, :c)")
                    .expressionAttributeValues(Map.of(":v", gb, ":c", s("c"))).scanIndexForward(forward)
                    .limit(limit));
            assertThat(counts(actual)).as("g2 gb=%s %s", gb.n(), context).isEqualTo(counts(expected));
            List<String> order = actual.stream().map(i -> i.get("gc").s()).toList();
            List<String> sorted = new ArrayList<>(order);
            sorted.sort(forward ? IndexRandomizedIT::compareUtf8 : (a, b) -> compareUtf8(b, a));
            assertThat(order).as("g2 order %s", context).isEqualTo(sorted);
        });
    }

    private void queryLsi(IndexModel index, String rangeName, String context) {
        AttributeValue pk = s("p" + random.nextInt(PARTITIONS));
        List<Map<String, AttributeValue>> actual = IndexIT.queryAll(b -> b.tableName(table).indexName(index.name())
                .keyConditionExpression("pk = :p").expressionAttributeValues(Map.of(":p", pk))
                .limit(1 + random.nextInt(5)));
        List<Map<String, AttributeValue>> expected = model.values().stream()
                .filter(i -> pk.equals(i.get("pk")) && index.holds(i)).map(index::project).toList();
        assertThat(counts(actual)).as("%s pk=%s %s", index.name(), pk.s(), context).isEqualTo(counts(expected));
        for (int i = 0; i + 1 < actual.size(); i++) {
            AttributeValue a = actual.get(i).get(rangeName);
            AttributeValue b = actual.get(i + 1).get(rangeName);
            int c = a.n() != null ? new java.math.BigDecimal(a.n()).compareTo(new java.math.BigDecimal(b.n()))
                    : compareUtf8(a.s(), b.s());
            assertThat(c).as("%s sorted by %s %s", index.name(), rangeName, context).isLessThanOrEqualTo(0);
        }
    }

    /** Index ItemCounts match the model (DynamoDB refreshes them every six hours: zero there means not yet). */
    private void verifyStatistics() {
        TableDescription d = client.describeTable(b -> b.tableName(table)).table();
        if (d.itemCount() == 0 && !model.isEmpty()) {
            return;
        }
        assertThat(d.itemCount()).isEqualTo(model.size());
        Map<String, Long> counts = new HashMap<>();
        d.globalSecondaryIndexes().forEach(g -> counts.put(g.indexName(), g.itemCount()));
        d.localSecondaryIndexes().forEach(l -> counts.put(l.indexName(), l.itemCount()));
        for (IndexModel index : INDEXES) {
            assertThat(counts.get(index.name())).as(index.name())
                    .isEqualTo(model.values().stream().filter(index::holds).count());
        }
    }

    private List<Map<String, AttributeValue>> scanAll(String index, Integer limit) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse r = client.scan(b -> b.tableName(table).indexName(index).limit(limit)
                    .exclusiveStartKey(from));
            items.addAll(r.items());
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }

    /** A multiset of items, so comparisons ignore order but see duplicates. */
    private static Map<Map<String, AttributeValue>, Integer> counts(
            java.util.Collection<Map<String, AttributeValue>> items) {
        Map<Map<String, AttributeValue>, Integer> counts = new HashMap<>();
        for (Map<String, AttributeValue> item : items) {
            counts.merge(Map.copyOf(item), 1, Integer::sum);
        }
        return counts;
    }

    private static String id(Map<String, AttributeValue> key) {
        return key.get("pk").s() + "/" + String.format("%03d", Integer.parseInt(key.get("sk").n()));
    }

    private static int compareUtf8(String a, String b) {
        return java.util.Arrays.compareUnsigned(a.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                b.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String createTable() {
        String name = RewindServer.uniqueTableName("index-random");
        client.createTable(b -> b.tableName(name)
                .attributeDefinitions(def("pk", ScalarAttributeType.S), def("sk", ScalarAttributeType.N),
                        def("ga", ScalarAttributeType.S), def("gb", ScalarAttributeType.N),
                        def("gc", ScalarAttributeType.S), def("la", ScalarAttributeType.N),
                        def("lb", ScalarAttributeType.S))
                .keySchema(key("pk", KeyType.HASH), key("sk", KeyType.RANGE))
                .globalSecondaryIndexes(
                        GlobalSecondaryIndex.builder().indexName("g1x").keySchema(key("ga", KeyType.HASH))
                                .projection(Projection.builder().projectionType(ProjectionType.INCLUDE)
                                        .nonKeyAttributes("x").build()).build(),
                        GlobalSecondaryIndex.builder().indexName("g2x")
                                .keySchema(key("gb", KeyType.HASH), key("gc", KeyType.RANGE))
                                .projection(p -> p.projectionType(ProjectionType.ALL)).build())
                .localSecondaryIndexes(
                        LocalSecondaryIndex.builder().indexName("l1x")
                                .keySchema(key("pk", KeyType.HASH), key("la", KeyType.RANGE))
                                .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY)).build(),
                        LocalSecondaryIndex.builder().indexName("l2x")
                                .keySchema(key("pk", KeyType.HASH), key("lb", KeyType.RANGE))
                                .projection(p -> p.projectionType(ProjectionType.INCLUDE).nonKeyAttributes("y", "ga"))
                                .build())
                .billingMode(BillingMode.PAY_PER_REQUEST));
        client.waiter().waitUntilTableExists(b -> b.tableName(name));
        return name;
    }

    private static AttributeDefinition def(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}
