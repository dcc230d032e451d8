package dev.rewind.pitr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.rewind.Rewind;
import dev.rewind.model.ItemSize;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The core proof of point-in-time recovery (issue #4): a random mix of puts, updates (SET/ADD/REMOVE, index keys
 * included), deletes, failing conditional writes and batch writes runs against a table with a GSI and an LSI (and,
 * for one seed, a table without indexes, which restores take another path for) while
 * a fake clock creeps forward 0–3 ms per operation, so several writes share a millisecond and the run crosses an
 * hour boundary (history is kept in hour partitions). A model logs every change with its millisecond. Restoring to
 * any millisecond T — a write's, one before, one after, the window's edges — must give exactly the model's table
 * at the end of T (every write stamped in T included), through Scan, index Scan and Query.
 *
 * <p>Map: {@link #restoreToAnyMillisecond_equalsModel} drives; {@link Model} holds the change log and applies
 * DynamoDB's update semantics; {@code randomOperation} issues one request and checks its outcome against the
 * model; {@code verify} compares a restored table and its indexes with the model's state.
 */
@Timeout(300)
class PitrModelTest {
    private static final int OPERATIONS = 2000;
    private static final int PARTITIONS = 60;
    private static final int SORT_KEYS = 5; // 300 keys
    private static final String TABLE = "model";
    private static final String SCAN_SHARE = "rewind.restore.scanShare";
    private static final String VALUE_BUDGET = "rewind.restore.valueBudget";
    private static final String GSI = "byGroup";
    private static final String LSI = "byScore";
    private static final Set<String> LSI_ATTRIBUTES = Set.of("pk", "sk", "score", "tag");
    private static final List<String> GROUPS = List.of("g0", "g1", "g2", "g3");
    private static final Instant START = Instant.parse("2024-03-10T10:59:58.000Z");
    private static final Map<String, String> NAMES = Map.of("#g", "grp", "#r", "rank", "#s", "score", "#t", "tag",
            "#p", "payload", "#n", "n", "#v", "ver");

    @TempDir
    Path dataDir;

    /**
     * Restoring to any millisecond gives the table, GSI and LSI exactly as they were at the end of it, and its item
     * count. Without indexes a restore takes another path (stored bytes copied back undecoded). Each way of reading
     * the current values of changed items (multi-get, pass over the table) is forced on some seeds, and so is
     * fetching history values by key (a restore reads them with the history rows until its memory budget for them
     * runs out: here none, or a few kilobytes).
     */
    @ParameterizedTest(name = "seed {0}, indexes {1}, current values read by {2}, restore points {3}, history values {4}")
    @CsvSource({"1, true, auto, true, read", "7, true, get, false, fetched", "20240610, true, scan, true, partly",
        "3, false, get, false, partly", "3, false, scan, true, read", "11, false, auto, true, fetched"})
    void restoreToAnyMillisecond_equalsModel(long seed, boolean indexes, String reads, boolean points, String values) {
        System.out.println("PitrModelTest seed " + seed + (indexes ? "" : " without indexes") + ", reads " + reads
                + (points ? ", restore points" : "") + ", history values " + values);
        // a restore reads the current values of changed items by multi-get or by a pass over the table (HistoryUndo)
        if (!reads.equals("auto")) {
            System.setProperty(SCAN_SHARE, reads.equals("get") ? "0" : "1000000");
        }
        if (!values.equals("read")) {
            System.setProperty(VALUE_BUDGET, values.equals("fetched") ? "0" : "4096");
        }
        try {
            run(seed, indexes, points);
        } finally {
            System.clearProperty(SCAN_SHARE);
            System.clearProperty(VALUE_BUDGET);
        }
    }

    private void run(long seed, boolean indexes, boolean points) {
        FakeClock clock = new FakeClock(START);
        try (Rewind rewind = Rewind.builder().port(0).dataDir(dataDir).clock(clock)
                .retentionInterval(Duration.ofDays(1)).restorePoints(Long.MAX_VALUE, Duration.ZERO).start();
                DynamoDbClient client = PitrSupport.client(rewind.endpoint())) {
            Random random = new Random(seed);
            Model model = new Model();
            createTable(client, indexes);
            // items written before PITR is enabled are restorable too: they are the state at the window's start
            for (int i = 0; i < 4; i++) {
                batchWrite(client, model, clock, random);
            }
            clock.advanceMillis(5);
            client.updateContinuousBackups(b -> b.tableName(TABLE)
                    .pointInTimeRecoverySpecification(s -> s.pointInTimeRecoveryEnabled(true)));
            long enabled = clock.millis();
            long started = System.nanoTime();
            for (int op = 0; op < OPERATIONS; op++) {
                clock.advanceMillis(random.nextInt(4));
                randomOperation(client, model, clock, random);
                if (points && random.nextInt(150) == 0) { // restores to earlier instants start from the next point
                    rewind.backups().takeRestorePoints();
                }
            }
            long now = clock.millis();
            System.out.printf("seed %d: %d operations, %d changes over %d ms in %d ms%n", seed, OPERATIONS,
                    model.changes.size(), now - enabled, (System.nanoTime() - started) / 1_000_000);
            assertThat(History.hour(now)).as("the run crosses an hour boundary").isGreaterThan(History.hour(enabled));

            TreeSet<Long> targets = targets(model, enabled, now, random);
            // the targets discriminate: most differ from the millisecond before, so an off-by-one shows
            assertThat(targets.stream().filter(t -> !model.stateAt(t).equals(model.stateAt(t - 1))).count())
                    .isGreaterThan(targets.size() / 2);
            for (long target : targets) {
                String restored = "at-" + target;
                TableDescription d = PitrSupport.restoreAt(client, TABLE, restored, target);
                assertThat(d.restoreSummary().restoreDateTime()).isEqualTo(Instant.ofEpochMilli(target));
                verify(client, restored, model.stateAt(target), "restore to " + Instant.ofEpochMilli(target)
                        + " (seed " + seed + ")", random, indexes);
                client.deleteTable(b -> b.tableName(restored));
            }
            if (points) {
                String id = client.describeTable(b -> b.tableName(TABLE)).table().tableId();
                assertThat(rewind.backups().restorePointCount(id)).as("restore points taken").isPositive();
                assertThat(rewind.backups().restoresFromRestorePoints()).as("restores from a restore point")
                        .isPositive();
            }
            PitrSupport.restoreLatest(client, TABLE, "latest");
            verify(client, "latest", model.stateAt(Long.MAX_VALUE), "latest (seed " + seed + ")", random, indexes);
            verify(client, TABLE, model.stateAt(Long.MAX_VALUE), "source (seed " + seed + ")", random, indexes);
        }
    }

    /** The window's start, and around random writes: the write's millisecond, one before and one after. */
    private static TreeSet<Long> targets(Model model, long enabled, long now, Random random) {
        List<Long> writes = new ArrayList<>();
        Map<Long, Integer> perMillis = new HashMap<>();
        for (Change c : model.changes) {
            if (c.millis >= enabled) {
                writes.add(c.millis);
                perMillis.merge(c.millis, 1, Integer::sum);
            }
        }
        TreeSet<Long> targets = new TreeSet<>(List.of(enabled, now, writes.get(writes.size() - 1)));
        for (int i = 0; i < 8; i++) {
            long w = writes.get(random.nextInt(writes.size()));
            targets.add(w);
            targets.add(Math.max(enabled, w - 1));
            targets.add(Math.min(now, w + 1));
        }
        for (int i = 0; i < 8; i++) {
            targets.add(writes.get(random.nextInt(writes.size()))); // the millisecond of a write discriminates
        }
        List<Long> shared = perMillis.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey)
                .sorted().toList();
        assertThat(shared).as("some writes share a millisecond").isNotEmpty();
        long busy = shared.get(random.nextInt(shared.size()));
        targets.add(busy);
        targets.add(busy - 1);
        return targets;
    }

    private static void createTable(DynamoDbClient client, boolean indexes) {
        if (!indexes) {
            client.createTable(b -> b.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(
                            AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S)
                                    .build(),
                            AttributeDefinition.builder().attributeName("sk").attributeType(ScalarAttributeType.N)
                                    .build())
                    .keySchema(key("pk", KeyType.HASH), key("sk", KeyType.RANGE)));
            PitrSupport.awaitActive(client, TABLE);
            return;
        }
        client.createTable(b -> b.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("sk").attributeType(ScalarAttributeType.N).build(),
                        AttributeDefinition.builder().attributeName("grp").attributeType(ScalarAttributeType.S)
                                .build(),
                        AttributeDefinition.builder().attributeName("rank").attributeType(ScalarAttributeType.N)
                                .build(),
                        AttributeDefinition.builder().attributeName("score").attributeType(ScalarAttributeType.N)
                                .build())
                .keySchema(key("pk", KeyType.HASH), key("sk", KeyType.RANGE))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName(GSI)
                        .keySchema(key("grp", KeyType.HASH), key("rank", KeyType.RANGE))
                        .projection(Projection.builder().projectionType(ProjectionType.ALL).build()).build())
                .localSecondaryIndexes(LocalSecondaryIndex.builder().indexName(LSI)
                        .keySchema(key("pk", KeyType.HASH), key("score", KeyType.RANGE))
                        .projection(Projection.builder().projectionType(ProjectionType.INCLUDE)
                                .nonKeyAttributes("tag").build()).build()));
        PitrSupport.awaitActive(client, TABLE);
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    // ---- operations

    private static void randomOperation(DynamoDbClient client, Model model, FakeClock clock, Random random) {
        Key k = new Key("p" + random.nextInt(PARTITIONS), random.nextInt(SORT_KEYS));
        Map<String, AttributeValue> current = model.current.get(k);
        int dice = random.nextInt(100);
        if (dice < 22) {
            Map<String, AttributeValue> item = randomItem(k, random);
            client.putItem(b -> b.tableName(TABLE).item(item));
            model.record(clock, k, item);
        } else if (dice < 30) {
            // fails exactly when the item exists
            Map<String, AttributeValue> item = randomItem(k, random);
            expectOutcome(current == null, () -> client.putItem(b -> b.tableName(TABLE).item(item)
                    .conditionExpression("attribute_not_exists(pk)")));
            if (current == null) {
                model.record(clock, k, item);
            }
        } else if (dice < 40) {
            // moves the item in and between GSI partitions and counts
            AttributeValue g = s(GROUPS.get(random.nextInt(GROUPS.size())));
            AttributeValue r = n(random.nextInt(50));
            AttributeValue p = s(payload(random));
            update(client, k, "SET #g = :g, #r = :r, #p = :p ADD #n :one",
                    Map.of(":g", g, ":r", r, ":p", p, ":one", n(1)), null);
            Map<String, AttributeValue> next = Model.base(k, current);
            next.put("grp", g);
            next.put("rank", r);
            next.put("payload", p);
            Model.add(next, "n", 1);
            model.record(clock, k, next);
        } else if (dice < 48) {
            // drops the item from the GSI and the LSI (their keys go)
            AttributeValue t = s("t" + random.nextInt(10));
            update(client, k, "REMOVE #g, #s SET #t = :t", Map.of(":t", t), null);
            Map<String, AttributeValue> next = Model.base(k, current);
            next.remove("grp");
            next.remove("score");
            next.put("tag", t);
            model.record(clock, k, next);
        } else if (dice < 58) {
            // ADD to the LSI's sort key moves the entry within the partition
            int d = random.nextInt(11) - 5;
            update(client, k, "ADD #s :d, #v :one", Map.of(":d", n(d), ":one", n(1)), null);
            Map<String, AttributeValue> next = Model.base(k, current);
            Model.add(next, "score", d);
            Model.add(next, "ver", 1);
            model.record(clock, k, next);
        } else if (dice < 62) {
            AttributeValue t = s("t" + random.nextInt(10));
            update(client, k, "REMOVE #r SET #t = :t", Map.of(":t", t), null);
            Map<String, AttributeValue> next = Model.base(k, current);
            next.remove("rank");
            next.put("tag", t);
            model.record(clock, k, next);
        } else if (dice < 72) {
            // optimistic locking: a stale version fails and changes nothing
            AttributeValue ver = current == null || !current.containsKey("ver") ? n(0) : current.get("ver");
            boolean stale = random.nextInt(3) == 0;
            AttributeValue expected = stale ? n(Integer.parseInt(ver.n()) + 1) : ver;
            boolean succeeds = current != null && current.containsKey("ver") && current.get("ver").equals(expected);
            AttributeValue p = s(payload(random));
            expectOutcome(succeeds, () -> update(client, k, "SET #p = :p ADD #v :one",
                    Map.of(":p", p, ":one", n(1), ":v", expected), "#v = :v"));
            if (succeeds) {
                Map<String, AttributeValue> next = Model.base(k, current);
                next.put("payload", p);
                Model.add(next, "ver", 1);
                model.record(clock, k, next);
            }
        } else if (dice < 82) {
            client.deleteItem(b -> b.tableName(TABLE).key(keyItem(k)));
            if (current != null) {
                model.record(clock, k, null);
            }
        } else if (dice < 88) {
            boolean succeeds = current != null && current.containsKey("grp");
            expectOutcome(succeeds, () -> client.deleteItem(b -> b.tableName(TABLE).key(keyItem(k))
                    .conditionExpression("attribute_exists(#g)").expressionAttributeNames(Map.of("#g", "grp"))));
            if (succeeds) {
                model.record(clock, k, null);
            }
        } else if (dice < 94) {
            batchWrite(client, model, clock, random);
        } else {
            transaction(client, model, clock, random);
        }
    }

    /**
     * One TransactWriteItems of 2–6 distinct keys, puts and deletes, guarded by a ConditionCheck on another key that
     * fails when that item is absent: a cancelled transaction changes nothing, a committed one lands at one instant.
     */
    private static void transaction(DynamoDbClient client, Model model, FakeClock clock, Random random) {
        Map<Key, Map<String, AttributeValue>> writes = new LinkedHashMap<>();
        int size = 2 + random.nextInt(5);
        while (writes.size() < size) {
            Key k = new Key("p" + random.nextInt(PARTITIONS), random.nextInt(SORT_KEYS));
            writes.put(k, random.nextInt(10) < 7 ? randomItem(k, random) : null);
        }
        Key guard;
        do {
            guard = new Key("p" + random.nextInt(PARTITIONS), random.nextInt(SORT_KEYS));
        } while (writes.containsKey(guard));
        boolean commits = model.current.containsKey(guard);
        List<software.amazon.awssdk.services.dynamodb.model.TransactWriteItem> items = new ArrayList<>();
        writes.forEach((k, item) -> items.add(item == null
                ? software.amazon.awssdk.services.dynamodb.model.TransactWriteItem.builder()
                        .delete(d -> d.tableName(TABLE).key(keyItem(k))).build()
                : software.amazon.awssdk.services.dynamodb.model.TransactWriteItem.builder()
                        .put(p -> p.tableName(TABLE).item(item)).build()));
        Key g = guard;
        items.add(software.amazon.awssdk.services.dynamodb.model.TransactWriteItem.builder()
                .conditionCheck(c -> c.tableName(TABLE).key(keyItem(g)).conditionExpression("attribute_exists(pk)"))
                .build());
        try {
            client.transactWriteItems(b -> b.transactItems(items));
            if (!commits) {
                fail("the transaction should have been cancelled");
            }
        } catch (software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException e) {
            if (commits) {
                fail("the transaction should have committed", e);
            }
            return;
        }
        writes.forEach((k, item) -> {
            if (item != null || model.current.containsKey(k)) {
                model.record(clock, k, item);
            }
        });
    }

    private static void update(DynamoDbClient client, Key k, String expression, Map<String, AttributeValue> values,
            String condition) {
        Map<String, String> names = new HashMap<>();
        String all = expression + (condition == null ? "" : " " + condition);
        NAMES.forEach((placeholder, name) -> {
            if (all.contains(placeholder)) {
                names.put(placeholder, name);
            }
        });
        client.updateItem(b -> b.tableName(TABLE).key(keyItem(k)).updateExpression(expression)
                .conditionExpression(condition).expressionAttributeNames(names).expressionAttributeValues(values));
    }

    private static void expectOutcome(boolean succeeds, Runnable write) {
        try {
            write.run();
            if (!succeeds) {
                fail("the condition should have failed");
            }
        } catch (ConditionalCheckFailedException e) {
            if (succeeds) {
                fail("the condition should have held", e);
            }
        }
    }

    /** One BatchWriteItem of 2–25 distinct keys, puts and deletes mixed. */
    private static void batchWrite(DynamoDbClient client, Model model, FakeClock clock, Random random) {
        Map<Key, Map<String, AttributeValue>> writes = new LinkedHashMap<>();
        int size = 2 + random.nextInt(24);
        while (writes.size() < size) {
            Key k = new Key("p" + random.nextInt(PARTITIONS), random.nextInt(SORT_KEYS));
            writes.put(k, random.nextInt(10) < 7 ? randomItem(k, random) : null);
        }
        List<WriteRequest> requests = new ArrayList<>();
        writes.forEach((k, item) -> requests.add(item == null
                ? WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(keyItem(k)).build()).build()
                : WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build()));
        assertThat(client.batchWriteItem(b -> b.requestItems(Map.of(TABLE, requests))).unprocessedItems())
                .isEmpty();
        writes.forEach((k, item) -> {
            if (item != null || model.current.containsKey(k)) {
                model.record(clock, k, item);
            }
        });
    }

    private static Map<String, AttributeValue> randomItem(Key k, Random random) {
        Map<String, AttributeValue> item = keyItem(k);
        int index = random.nextInt(5);
        if (index > 0) {
            item.put("grp", s(GROUPS.get(random.nextInt(GROUPS.size()))));
        }
        if (index > 1) {
            item.put("rank", n(random.nextInt(50)));
        }
        if (random.nextInt(3) > 0) {
            item.put("score", n(random.nextInt(100) - 50));
        }
        if (random.nextBoolean()) {
            item.put("tag", s("t" + random.nextInt(10)));
        }
        item.put("payload", s(payload(random)));
        item.put("ver", n(0));
        return item;
    }

    private static String payload(Random random) {
        return "x".repeat(random.nextInt(40)) + random.nextInt(1000);
    }

    private static Map<String, AttributeValue> keyItem(Key k) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s(k.pk));
        item.put("sk", n(k.sk));
        return item;
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    // ---- verification

    /** An item's size as DynamoDB counts it ({@link ItemSize}); the model's items hold strings and numbers only. */
    private static long size(Map<String, AttributeValue> item) {
        Map<String, dev.rewind.model.AttributeValue> converted = new HashMap<>();
        item.forEach((name, v) -> converted.put(name, v.s() != null ? dev.rewind.model.AttributeValue.s(v.s())
                : dev.rewind.model.AttributeValue.n(v.n())));
        return ItemSize.of(converted);
    }

    private static void verify(DynamoDbClient client, String table, Map<Key, Map<String, AttributeValue>> expected,
            String what, Random random, boolean indexes) {
        assertSame(what + ": Scan", expected, byKey(PitrSupport.scanAll(client, table, null)));
        // Rewind's ItemCount and TableSizeBytes are exact and live (DynamoDB's are refreshed every ~6 hours)
        TableDescription described = client.describeTable(b -> b.tableName(table)).table();
        assertThat(described.itemCount()).as(what + ": ItemCount").isEqualTo(expected.size());
        assertThat(described.tableSizeBytes()).as(what + ": TableSizeBytes")
                .isEqualTo(expected.values().stream().mapToLong(PitrModelTest::size).sum());
        if (!indexes) {
            return;
        }

        Map<Key, Map<String, AttributeValue>> inGsi = new TreeMap<>();
        Map<Key, Map<String, AttributeValue>> inLsi = new TreeMap<>();
        expected.forEach((k, item) -> {
            if (item.containsKey("grp") && item.containsKey("rank")) {
                inGsi.put(k, item);
            }
            if (item.containsKey("score")) {
                Map<String, AttributeValue> projected = new HashMap<>(item);
                projected.keySet().retainAll(LSI_ATTRIBUTES);
                inLsi.put(k, projected);
            }
        });
        assertSame(what + ": Scan " + GSI, inGsi, byKey(PitrSupport.scanAll(client, table, GSI)));
        assertSame(what + ": Scan " + LSI, inLsi, byKey(PitrSupport.scanAll(client, table, LSI)));

        for (String group : GROUPS) {
            List<Map<String, AttributeValue>> page = query(client, table, GSI, "#h = :h", "grp", s(group));
            Map<Key, Map<String, AttributeValue>> want = new TreeMap<>();
            inGsi.forEach((k, item) -> {
                if (item.get("grp").s().equals(group)) {
                    want.put(k, item);
                }
            });
            assertSame(what + ": Query " + GSI + " " + group, want, byKey(page));
            assertThat(page).as(what + ": GSI order").isSortedAccordingTo(
                    Comparator.comparingLong(i -> Long.parseLong(i.get("rank").n())));
        }
        for (int i = 0; i < 5; i++) {
            String pk = "p" + random.nextInt(PARTITIONS);
            List<Map<String, AttributeValue>> want = inLsi.values().stream()
                    .filter(item -> item.get("pk").s().equals(pk))
                    .sorted(Comparator.<Map<String, AttributeValue>>comparingLong(item -> Long.parseLong(
                            item.get("score").n())).thenComparingLong(item -> Long.parseLong(item.get("sk").n())))
                    .toList();
            assertThat(query(client, table, LSI, "#h = :h", "pk", s(pk))).as(what + ": Query " + LSI + " " + pk)
                    .isEqualTo(want);
        }
    }

    private static List<Map<String, AttributeValue>> query(DynamoDbClient client, String table, String index,
            String condition, String attribute, AttributeValue value) {
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        client.queryPaginator(QueryRequest.builder().tableName(table).indexName(index)
                .keyConditionExpression(condition).expressionAttributeNames(Map.of("#h", attribute))
                .expressionAttributeValues(Map.of(":h", value)).build()).items().forEach(out::add);
        return out;
    }

    private static Map<Key, Map<String, AttributeValue>> byKey(List<Map<String, AttributeValue>> items) {
        Map<Key, Map<String, AttributeValue>> out = new TreeMap<>();
        for (Map<String, AttributeValue> item : items) {
            Key k = new Key(item.get("pk").s(), Integer.parseInt(item.get("sk").n()));
            assertThat(out.put(k, item)).as("duplicate %s", k).isNull();
        }
        return out;
    }

    /** Equal maps, or a failure naming the first few keys that differ (a full dump of 300 items helps nobody). */
    private static void assertSame(String what, Map<Key, Map<String, AttributeValue>> expected,
            Map<Key, Map<String, AttributeValue>> actual) {
        if (expected.equals(actual)) {
            return;
        }
        StringBuilder diff = new StringBuilder(what + ": " + expected.size() + " expected, " + actual.size()
                + " found");
        int shown = 0;
        TreeSet<Key> keys = new TreeSet<>(expected.keySet());
        keys.addAll(actual.keySet());
        for (Key k : keys) {
            if (shown < 8 && !java.util.Objects.equals(expected.get(k), actual.get(k))) {
                diff.append("\n  ").append(k).append(": expected ").append(expected.get(k)).append("\n  ")
                        .append(" ".repeat(k.toString().length())).append("  found    ").append(actual.get(k));
                shown++;
            }
        }
        fail(diff.toString());
    }

    // ---- model

    record Key(String pk, int sk) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = pk.compareTo(o.pk);
            return c != 0 ? c : Integer.compare(sk, o.sk);
        }
    }

    /** One acknowledged change: the item after it (null: deleted), at the fake clock's millisecond. */
    record Change(long millis, Key key, Map<String, AttributeValue> item) {
    }

    /** The table as the client saw it: the current state and the log of every change, in order. */
    static final class Model {
        final Map<Key, Map<String, AttributeValue>> current = new HashMap<>();
        final List<Change> changes = new ArrayList<>();

        void record(FakeClock clock, Key k, Map<String, AttributeValue> item) {
            Map<String, AttributeValue> copy = item == null ? null : Map.copyOf(item);
            changes.add(new Change(clock.millis(), k, copy));
            if (copy == null) {
                current.remove(k);
            } else {
                current.put(k, copy);
            }
        }

        /** The table at the end of millisecond {@code millis}: every change stamped in it or before. */
        Map<Key, Map<String, AttributeValue>> stateAt(long millis) {
            Map<Key, Map<String, AttributeValue>> state = new TreeMap<>();
            for (Change c : changes) {
                if (c.millis > millis) {
                    break;
                }
                if (c.item == null) {
                    state.remove(c.key);
                } else {
                    state.put(c.key, c.item);
                }
            }
            return state;
        }

        /** UpdateItem's starting point: the current item, or just the key when there is none (an upsert). */
        static Map<String, AttributeValue> base(Key k, Map<String, AttributeValue> current) {
            return current == null ? keyItem(k) : new HashMap<>(current);
        }

        /** ADD on a number: a missing attribute counts as 0. */
        static void add(Map<String, AttributeValue> item, String attribute, long delta) {
            AttributeValue old = item.get(attribute);
            item.put(attribute, n((old == null ? 0 : Long.parseLong(old.n())) + delta));
        }
    }

    /** Hours as the history partitions them. */
    private static final class History {
        static long hour(long millis) {
            return Math.floorDiv(millis, 3_600_000L);
        }
    }
}
