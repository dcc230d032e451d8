package dev.rewind.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.rewind.it.support.ServerProcess;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Acknowledged means durable: a server process under a concurrent write load is killed with SIGKILL (no shutdown
 * hook, no close, no final WAL sync), restarted on the same data directory, and every write it acknowledged must be
 * there. A write that failed because of the kill may or may not be there, but never half of it: each item, its
 * index entry and the table's ItemCount move together. Several rounds, so recovery of a recovered directory is
 * covered too (issue #2). The first round writes into a reused WAL file (RocksDB's recycle_log_file_num).
 */
class CrashIT {
    private static final String TABLE = "crash";
    private static final String GSI = "by-group";
    private static final int THREADS = 8;
    private static final int COUNTERS = 8;
    private static final int ROUNDS = 3;
    private static final int MIN_ACKS_BEFORE_KILL = 200;
    private static final long SEED = Long.getLong("rewind.crash.seed", System.nanoTime());
    private static final String PAD = "x".repeat(200);

    /** What the client knows about one key it wrote. Only the thread that owns the key changes it. */
    private enum KeyState {
        PUT_UNCERTAIN, PRESENT, DELETE_UNCERTAIN, DELETED
    }

    private final Map<String, KeyState> keys = new ConcurrentHashMap<>();
    private final long[] counterAcked = new long[COUNTERS];
    private final long[] counterAttempted = new long[COUNTERS];
    private final AtomicLong[] counterAckedLive = newCounters();
    private final AtomicLong[] counterAttemptedLive = newCounters();
    private final long[] sequenceAcked = new long[THREADS];
    private final long[] sequenceAttempted = new long[THREADS];
    private final List<String> groups = new ArrayList<>();

    @TempDir
    Path work;

    /** Both durability modes promise that an acknowledged write survives kill -9 of the server. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"fsync", "process"})
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void kill9_underWriteLoad_everyAcknowledgedWriteSurvives(String durability) throws Exception {
        Random random = new Random(SEED);
        Path dataDir = work.resolve("data");
        Path log = work.resolve("server.log");
        System.out.println("CrashIT seed " + SEED + " (rerun with -Drewind.crash.seed=" + SEED + ")");
        ServerProcess server = ServerProcess.start(dataDir, log, "--durability", durability);
        try {
            System.out.println("CrashIT: server started in " + server.startupTime().toMillis() + " ms");
            try (DynamoDbClient client = client(server)) {
                createTable(client);
                fillWal(client);
            }
            try (var files = java.nio.file.Files.list(dataDir)) {
                assertThat(files.filter(f -> f.toString().endsWith(".log")).count())
                        .as("WAL files: the live one and WAL files kept for reuse").isGreaterThanOrEqualTo(3);
            }
            for (int round = 1; round <= ROUNDS; round++) {
                long acked = runLoadAndKill(server, round, Duration.ofMillis(1000 + random.nextInt(2000)));
                server = ServerProcess.start(dataDir, log, "--durability", durability);
                System.out.printf("CrashIT (" + durability + ") round %d: %d writes acknowledged before SIGKILL; restarted in %d ms%n",
                        round, acked, server.startupTime().toMillis());
                try (DynamoDbClient client = client(server)) {
                    verify(client, round);
                }
            }
        } finally {
            server.close();
        }
    }

    /**
     * Writes ~100 MB to another table, past the 64 MB of WAL after which RocksDB flushes every memtable: the WAL files
     * written so far are then done with and kept for reuse, so round 1's acknowledged writes go into a reused file,
     * after the tail of its old records (what recovery must tell apart from new ones).
     */
    private static void fillWal(DynamoDbClient client) throws Exception {
        client.createTable(b -> b.tableName("filler").billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH)));
        String big = "f".repeat(4000);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> batches = new ArrayList<>();
            for (int batch = 0; batch < 1000; batch++) {
                int first = batch * 25;
                batches.add(pool.submit(() -> {
                    List<WriteRequest> puts = new ArrayList<>();
                    for (int i = first; i < first + 25; i++) {
                        puts.add(WriteRequest.builder().putRequest(PutRequest.builder()
                                .item(Map.of("pk", s("f" + i), "pad", s(big + i))).build()).build());
                    }
                    client.batchWriteItem(b -> b.requestItems(Map.of("filler", puts)));
                }));
            }
            for (Future<?> f : batches) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Runs the load, kills the server after {@code killAfter} (and some acknowledged writes), waits for the writers. */
    private long runLoadAndKill(ServerProcess server, int round, Duration killAfter) throws Exception {
        for (int i = 0; i < COUNTERS; i++) {
            counterAckedLive[i].set(counterAcked[i]);
            counterAttemptedLive[i].set(counterAttempted[i]);
        }
        AtomicBoolean killed = new AtomicBoolean();
        AtomicLong acks = new AtomicLong();
        AtomicReference<Throwable> unexpected = new AtomicReference<>();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> writers = new ArrayList<>();
        try (DynamoDbClient client = client(server)) {
            for (int t = 0; t < THREADS; t++) {
                String group = "r" + round + "-t" + t;
                groups.add(group);
                Writer writer = new Writer(client, t, group, new Random(SEED * 31 + round * 17 + t), acks);
                writers.add(pool.submit(() -> {
                    while (!killed.get() && unexpected.get() == null) {
                        try {
                            writer.step();
                        } catch (RuntimeException e) {
                            if (!killed.get()) {
                                unexpected.compareAndSet(null, e);
                            }
                        }
                    }
                }));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            long killAt = System.nanoTime() + killAfter.toNanos();
            while ((System.nanoTime() < killAt || acks.get() < MIN_ACKS_BEFORE_KILL) && unexpected.get() == null
                    && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(unexpected.get()).as("error before the kill").isNull();
            assertThat(acks.get()).as("acknowledged writes before the kill").isGreaterThanOrEqualTo(MIN_ACKS_BEFORE_KILL);
            killed.set(true);
            int exit = server.kill();
            assertThat(exit).as("exit value of a SIGKILLed process (128 + 9)").isEqualTo(137);
            for (Future<?> w : writers) {
                w.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < COUNTERS; i++) {
            counterAcked[i] = counterAckedLive[i].get();
            counterAttempted[i] = counterAttemptedLive[i].get();
        }
        return acks.get();
    }

    /** One load thread: new items by PutItem and BatchWriteItem (with deletes), ADD counters, an overwritten sequence. */
    private final class Writer {
        private final DynamoDbClient client;
        private final int thread;
        private final String group;
        private final Random random;
        private final AtomicLong acks;
        private final List<String> present = new ArrayList<>();
        private int next;

        Writer(DynamoDbClient client, int thread, String group, Random random, AtomicLong acks) {
            this.client = client;
            this.thread = thread;
            this.group = group;
            this.random = random;
            this.acks = acks;
        }

        void step() {
            switch (random.nextInt(4)) {
                case 0 -> putNew();
                case 1 -> addToCounter();
                case 2 -> writeBatch();
                case 3 -> putSequence();
                default -> throw new IllegalStateException();
            }
            acks.incrementAndGet();
        }

        private void putNew() {
            String key = group + "-" + next++;
            keys.put(key, KeyState.PUT_UNCERTAIN);
            client.putItem(b -> b.tableName(TABLE).item(item(key, group)));
            keys.put(key, KeyState.PRESENT);
            present.add(key);
        }

        private void addToCounter() {
            int counter = random.nextInt(COUNTERS);
            counterAttemptedLive[counter].incrementAndGet();
            client.updateItem(b -> b.tableName(TABLE).key(Map.of("pk", s("counter-" + counter)))
                    .updateExpression("ADD c :one").expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))));
            counterAckedLive[counter].incrementAndGet();
        }

        private void writeBatch() {
            List<WriteRequest> requests = new ArrayList<>();
            List<String> puts = new ArrayList<>();
            List<String> deletes = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String key = group + "-" + next++;
                keys.put(key, KeyState.PUT_UNCERTAIN);
                puts.add(key);
                requests.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item(key, group)).build())
                        .build());
            }
            for (int i = 0; i < 2 && present.size() > 10; i++) {
                String key = present.remove(random.nextInt(present.size()));
                keys.put(key, KeyState.DELETE_UNCERTAIN);
                deletes.add(key);
                requests.add(WriteRequest.builder().deleteRequest(DeleteRequest.builder()
                        .key(Map.of("pk", s(key))).build()).build());
            }
            BatchWriteItemResponse response = client.batchWriteItem(b -> b.requestItems(Map.of(TABLE, requests)));
            assertThat(response.unprocessedItems()).isEmpty();
            puts.forEach(k -> keys.put(k, KeyState.PRESENT));
            present.addAll(puts);
            deletes.forEach(k -> keys.put(k, KeyState.DELETED));
        }

        private void putSequence() {
            long value = sequenceAttempted[thread] + 1;
            sequenceAttempted[thread] = value;
            client.putItem(b -> b.tableName(TABLE).item(Map.of(
                    "pk", s("sequence-" + thread), "v", AttributeValue.fromN(Long.toString(value)))));
            sequenceAcked[thread] = value;
        }
    }

    private void verify(DynamoDbClient client, int round) {
        assertThat(client.describeTable(b -> b.tableName(TABLE)).table().tableStatus()).isEqualTo(TableStatus.ACTIVE);
        Map<String, Map<String, AttributeValue>> items = new HashMap<>();
        client.scanPaginator(ScanRequest.builder().tableName(TABLE).consistentRead(true).build())
                .items().forEach(i -> items.put(i.get("pk").s(), i));

        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, KeyState> e : keys.entrySet()) {
            String key = e.getKey();
            Map<String, AttributeValue> item = items.get(key);
            switch (e.getValue()) {
                case PRESENT -> {
                    if (item == null) {
                        problems.add("acknowledged put of " + key + " is lost");
                    }
                }
                case DELETED -> {
                    if (item != null) {
                        problems.add("acknowledged delete of " + key + " is undone");
                    }
                }
                case PUT_UNCERTAIN, DELETE_UNCERTAIN -> {
                    // either outcome is fine; from now on it is what the server recovered
                }
            }
            if (item != null && !item.equals(item(key, groupOf(key)))) {
                problems.add(key + " is torn: " + item);
            }
            e.setValue(item == null ? KeyState.DELETED : KeyState.PRESENT);
        }
        for (int i = 0; i < COUNTERS; i++) {
            Map<String, AttributeValue> item = items.get("counter-" + i);
            long value = item == null ? 0 : Long.parseLong(item.get("c").n());
            if (value < counterAcked[i] || value > counterAttempted[i]) {
                problems.add("counter-" + i + " = " + value + ", acknowledged " + counterAcked[i] + ", attempted "
                        + counterAttempted[i]);
            }
            counterAcked[i] = value;
            counterAttempted[i] = value;
        }
        for (int t = 0; t < THREADS; t++) {
            Map<String, AttributeValue> item = items.get("sequence-" + t);
            long value = item == null ? 0 : Long.parseLong(item.get("v").n());
            if (value < sequenceAcked[t] || value > sequenceAttempted[t]) {
                problems.add("sequence-" + t + " = " + value + ", acknowledged " + sequenceAcked[t] + ", attempted "
                        + sequenceAttempted[t]);
            }
            sequenceAcked[t] = value;
            sequenceAttempted[t] = value;
        }
        // index entries and statistics are written in the same atomic batch as the item
        long count = client.describeTable(b -> b.tableName(TABLE)).table().itemCount();
        if (count != items.size()) {
            problems.add("ItemCount " + count + " but a scan finds " + items.size());
        }
        for (String group : groups) {
            List<String> indexed = new ArrayList<>();
            client.queryPaginator(QueryRequest.builder().tableName(TABLE).indexName(GSI)
                    .keyConditionExpression("grp = :g").expressionAttributeValues(Map.of(":g", s(group))).build())
                    .items().forEach(i -> indexed.add(i.get("pk").s()));
            List<String> expected = items.keySet().stream().filter(k -> group.equals(groupOf(k))).sorted().toList();
            if (!indexed.stream().sorted().toList().equals(expected)) {
                problems.add("GSI for " + group + " has " + indexed.size() + " entries, table has " + expected.size());
            }
        }
        assertThat(problems.stream().sorted().limit(20).toList())
                .as("round %d (seed %d): %d problems, the first ones", round, SEED, problems.size()).isEmpty();
    }

    private static void createTable(DynamoDbClient client) {
        client.createTable(b -> b.tableName(TABLE)
                .attributeDefinitions(
                        a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("grp").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                .globalSecondaryIndexes(i -> i.indexName(GSI)
                        .keySchema(k -> k.attributeName("grp").keyType(KeyType.HASH),
                                k -> k.attributeName("pk").keyType(KeyType.RANGE))
                        .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY)))
                .billingMode(BillingMode.PAY_PER_REQUEST));
    }

    /** No retries: a retried ADD could apply twice, and a write's outcome must be exactly "acknowledged" or not. */
    private static DynamoDbClient client(ServerProcess server) {
        return DynamoDbClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(Duration.ofSeconds(30)))
                .build();
    }

    private static Map<String, AttributeValue> item(String key, String group) {
        return Map.of("pk", s(key), "grp", s(group), "pad", s(PAD + key));
    }

    /** "r1-t3-17" belongs to group "r1-t3"; counters and sequences belong to none. */
    private static String groupOf(String key) {
        int dash = key.lastIndexOf('-');
        return key.startsWith("r") ? key.substring(0, dash) : null;
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AtomicLong[] newCounters() {
        AtomicLong[] counters = new AtomicLong[COUNTERS];
        for (int i = 0; i < COUNTERS; i++) {
            counters[i] = new AtomicLong();
        }
        return counters;
    }
}
