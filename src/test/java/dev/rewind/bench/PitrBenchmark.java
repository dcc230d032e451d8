package dev.rewind.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import dev.rewind.Rewind;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * What point-in-time recovery costs (issue #4): write throughput with PITR off and on (the same PutItem/UpdateItem
 * mix through the AWS SDK over HTTP, 1 and 64 concurrent connections, ~15 s each after a warm-up, measured off-on-on-off), and
 * RestoreTableToPointInTime throughput for a 100k-item table, from the request to ACTIVE, restored (a) to the
 * latest time and (b) to a time before half of its items were updated, three times each (median, and the first).
 * Prints a markdown table. The goal: writes with PITR on at ≥ 85% of off.
 *
 * <p>Run (RocksDB in a temporary directory, real clock):
 * <pre>
 * mvn -B -q test-compile &amp;&amp; java -cp "target/classes:target/test-classes:$(mvn -B -q dependency:build-classpath \
 *     -Dmdep.outputFile=/dev/stdout)" dev.rewind.bench.PitrBenchmark
 * </pre>
 * System properties: {@code rewind.bench.seconds} (per write run, default 15), {@code rewind.bench.items}
 * (restore table size, default 100000), {@code rewind.bench.restoreOnly} (skip the write runs).
 */
public final class PitrBenchmark {
    private static final int SECONDS = Integer.getInteger("rewind.bench.seconds", 15);
    private static final int ITEMS = Integer.getInteger("rewind.bench.items", 100_000);
    private static final int WRITE_KEYS = 10_000;
    private static final String PAYLOAD = "p".repeat(100);

    private PitrBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("rewind-pitr-bench");
        try (Rewind rewind = Rewind.builder().port(0).dataDir(dir).start();
                DynamoDbClient client = DynamoDbClient.builder().endpointOverride(rewind.endpoint())
                        .region(Region.US_EAST_1)
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("b", "b")))
                        .httpClientBuilder(ApacheHttpClient.builder().maxConnections(128))
                        .build()) {
            createTable(client, "writes-off");
            createTable(client, "writes-on");
            enable(client, "writes-on");
            List<String> rows = new ArrayList<>();
            rows.add("| workload | connections | PITR off | PITR on | on / off |");
            rows.add("|---|---:|---:|---:|---:|");
            for (int connections : Boolean.getBoolean("rewind.bench.restoreOnly") ? new int[0] : new int[] {1, 64}) {
                writes(client, "writes-off", connections, 3); // warm-up
                writes(client, "writes-on", connections, 3);
                // off, on, on, off: drift in the machine's load (fsync latency, other processes) cancels out
                double off = writes(client, "writes-off", connections, SECONDS / 2);
                double on = writes(client, "writes-on", connections, SECONDS / 2);
                on = (on + writes(client, "writes-on", connections, SECONDS / 2)) / 2;
                off = (off + writes(client, "writes-off", connections, SECONDS / 2)) / 2;
                rows.add(String.format("| PutItem/UpdateItem | %d | %,.0f writes/s | %,.0f writes/s | %.0f%% |",
                        connections, off, on, 100 * on / off));
                System.out.println(rows.get(rows.size() - 1));
            }

            createTable(client, "restore-src");
            enable(client, "restore-src");
            long loadStart = System.nanoTime();
            load(client, "restore-src");
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
            Thread.sleep(5);
            Instant beforeUpdates = Instant.now();
            Thread.sleep(5);
            updateHalf(client, "restore-src");
            System.out.printf("loaded %,d items in %.1f s, then updated %,d%n", ITEMS, loadSeconds, ITEMS / 2);

            rows.add("");
            rows.add("| restore of " + String.format("%,d", ITEMS) + " items (median of 3) | seconds to ACTIVE "
                    + "| items/s | MB/s | the first of the 3 (s) |");
            rows.add("|---|---:|---:|---:|---:|");
            rows.add(restore(client, "latest", null));
            rows.add(restore(client, "before 50% updated", beforeUpdates));
            System.out.println();
            rows.forEach(System.out::println);
        } finally {
            deleteRecursively(dir);
        }
    }

    private static void createTable(DynamoDbClient client, String name) {
        client.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH)));
    }

    private static void enable(DynamoDbClient client, String table) {
        client.updateContinuousBackups(b -> b.tableName(table)
                .pointInTimeRecoverySpecification(s -> s.pointInTimeRecoveryEnabled(true)));
    }

    /** Writes/s of {@code connections} threads alternating PutItem and UpdateItem on random keys. */
    private static double writes(DynamoDbClient client, String table, int connections, int seconds)
            throws Exception {
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        List<Future<?>> futures = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < connections; t++) {
            futures.add(pool.submit(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (System.nanoTime() < end) {
                    String key = "k" + random.nextInt(WRITE_KEYS);
                    if (random.nextBoolean()) {
                        client.putItem(b -> b.tableName(table).item(Map.of("pk", s(key), "payload", s(PAYLOAD),
                                "n", AttributeValue.fromN("1"))));
                    } else {
                        client.updateItem(b -> b.tableName(table).key(Map.of("pk", s(key)))
                                .updateExpression("SET payload = :p ADD n :one")
                                .expressionAttributeValues(Map.of(":p", s(PAYLOAD), ":one", AttributeValue.fromN("1"))));
                    }
                    done.incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        return done.get() / ((System.nanoTime() - start) / 1e9);
    }

    private static void load(DynamoDbClient client, String table) throws Exception {
        parallel(ITEMS / 25, batch -> {
            List<WriteRequest> requests = new ArrayList<>();
            for (int i = batch * 25; i < batch * 25 + 25; i++) {
                requests.add(WriteRequest.builder().putRequest(PutRequest.builder().item(Map.of("pk", s("item" + i),
                        "payload", s(PAYLOAD), "n", AttributeValue.fromN("0"))).build()).build());
            }
            client.batchWriteItem(b -> b.requestItems(Map.of(table, requests)));
        });
    }

    private static void updateHalf(DynamoDbClient client, String table) throws Exception {
        parallel(ITEMS / 2, i -> client.updateItem(b -> b.tableName(table).key(Map.of("pk", s("item" + (2 * i))))
                .updateExpression("ADD n :one").expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1")))));
    }

    private interface Task {
        void run(int i);
    }

    private static void parallel(int count, Task task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(64);
        AtomicLong next = new AtomicLong();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 64; t++) {
            futures.add(pool.submit(() -> {
                for (long i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    task.run((int) i);
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
    }

    /** Three restores to the same instant: the median, and the first (which also compiles the restore code). */
    private static String restore(DynamoDbClient client, String label, Instant at) throws InterruptedException {
        List<double[]> runs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            runs.add(restoreOnce(client, "restored-" + label.replaceAll("[^a-z0-9]", "") + "-" + i, at));
        }
        List<double[]> sorted = new ArrayList<>(runs);
        sorted.sort(java.util.Comparator.comparingDouble(r -> r[0]));
        double[] median = sorted.get(1);
        return String.format("| %s | %.2f | %,.0f | %.1f | %.2f |", label, median[0], median[1] / median[0],
                median[2] / 1e6 / median[0], runs.get(0)[0]);
    }

    /** {seconds from the request to ACTIVE, items, TableSizeBytes} of one restore. */
    private static double[] restoreOnce(DynamoDbClient client, String target, Instant at) throws InterruptedException {
        long start = System.nanoTime();
        client.restoreTableToPointInTime(b -> {
            b.sourceTableName("restore-src").targetTableName(target);
            if (at == null) {
                b.useLatestRestorableTime(true);
            } else {
                b.restoreDateTime(at);
            }
        });
        TableDescription d;
        while ((d = client.describeTable(b -> b.tableName(target)).table()).tableStatus() != TableStatus.ACTIVE) {
            Thread.sleep(1);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long items = d.itemCount();
        if (items != ITEMS) {
            throw new IllegalStateException(target + " has " + items + " items, not " + ITEMS);
        }
        return new double[] {seconds, items, d.tableSizeBytes()};
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
