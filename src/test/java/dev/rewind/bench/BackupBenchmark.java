package dev.rewind.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

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
 * How on-demand backups scale with the table (issue #3): for tables of 10k, 100k and 1M items of ~250 bytes in an
 * in-process Rewind (RocksDB on a temporary directory), the CreateBackup latency (median of several) and the
 * RestoreTableFromBackup throughput from the request to ACTIVE (items/s and MB/s), next to the disk's sequential
 * write speed measured in the same run (1 GiB written and fsynced in the data directory). Prints a markdown table.
 *
 * <p>Not a test. Run it after {@code mvn -B -q test-compile}:
 *
 * <pre>
 * mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test.classpath
 * java -cp target/test-classes:target/classes:$(cat target/test.classpath) dev.rewind.bench.BackupBenchmark \
 *     [--dir /some/disk] 10000 100000 1000000
 * </pre>
 *
 * Items are loaded through the SDK with BatchWriteItem from several threads, as a user would; loading dominates
 * the run time (the backup and the restore themselves are O(1) in the table's size).
 */
public final class BackupBenchmark {
    private static final int ITEM_BYTES = 250;
    private static final int BACKUPS_PER_SIZE = 5;
    private static final int RESTORES_PER_SIZE = 3;
    private static final int LOAD_THREADS = 8;
    private static final long DISK_TEST_BYTES = 1L << 30;

    private record Row(int items, long tableBytes, double loadSeconds, double backupMedianMillis,
            double backupFirstMillis, double restoreMedianSeconds) {
    }

    private BackupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path base = null;
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--dir")) {
                base = Path.of(args[++i]);
            } else {
                sizes.add(Integer.parseInt(args[i].replace("_", "")));
            }
        }
        if (sizes.isEmpty()) {
            sizes = List.of(10_000, 100_000, 1_000_000);
        }
        Path dir = base == null ? Files.createTempDirectory("rewind-bench")
                : Files.createTempDirectory(Files.createDirectories(base), "rewind-bench");
        try {
            run(dir, sizes);
        } finally {
            deleteRecursively(dir);
        }
    }

    private static void run(Path dir, List<Integer> sizes) throws Exception {
        double diskMegabytesPerSecond = sequentialWriteSpeed(dir.resolve("disk-test.bin"));
        System.err.printf("disk: %.0f MB/s sequential write+fsync%n", diskMegabytesPerSecond);
        List<Row> rows = new ArrayList<>();
        try (Rewind server = Rewind.builder().port(0).dataDir(dir.resolve("data")).start();
                DynamoDbClient client = DynamoDbClient.builder().endpointOverride(server.endpoint())
                        .region(Region.US_EAST_1)
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("b", "b")))
                        .httpClientBuilder(ApacheHttpClient.builder().maxConnections(LOAD_THREADS * 2))
                        .build()) {
            for (int size : sizes) {
                rows.add(measure(client, size));
            }
        }
        System.out.println();
        System.out.printf("Disk sequential write (1 GiB, fsync) in the data directory: **%.0f MB/s**%n%n",
                diskMegabytesPerSecond);
        System.out.println("| items | table size | load (BatchWriteItem, " + LOAD_THREADS + " threads) "
                + "| CreateBackup median | CreateBackup first | restore to ACTIVE (median) | restore items/s "
                + "| restore MB/s |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Row r : rows) {
            double mb = r.tableBytes() / 1e6;
            System.out.printf("| %,d | %.1f MB | %.1f s | %.1f ms | %.1f ms | %.3f s | %,.0f | %,.0f |%n", r.items(), mb,
                    r.loadSeconds(), r.backupMedianMillis(), r.backupFirstMillis(), r.restoreMedianSeconds(),
                    r.items() / r.restoreMedianSeconds(), mb / r.restoreMedianSeconds());
        }
    }

    private static Row measure(DynamoDbClient client, int size) throws Exception {
        String table = "bench-" + size;
        client.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH)));
        long loadStart = System.nanoTime();
        load(client, table, size);
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
        TableDescription loaded = client.describeTable(b -> b.tableName(table)).table();
        System.err.printf("%,d items loaded in %.1f s (%,d bytes)%n", loaded.itemCount(), loadSeconds,
                loaded.tableSizeBytes());
        if (loaded.itemCount() != size) {
            throw new IllegalStateException("loaded " + loaded.itemCount() + " items, expected " + size);
        }

        double[] backupMillis = new double[BACKUPS_PER_SIZE];
        String arn = null;
        for (int i = 0; i < BACKUPS_PER_SIZE; i++) {
            String name = table + "-backup-" + i;
            long start = System.nanoTime();
            arn = client.createBackup(b -> b.tableName(table).backupName(name)).backupDetails().backupArn();
            backupMillis[i] = (System.nanoTime() - start) / 1e6;
        }
        double firstBackup = backupMillis[0];

        double[] restoreSeconds = new double[RESTORES_PER_SIZE];
        for (int i = 0; i < RESTORES_PER_SIZE; i++) {
            String target = table + "-restored-" + i;
            String backupArn = arn;
            long start = System.nanoTime();
            client.restoreTableFromBackup(b -> b.backupArn(backupArn).targetTableName(target));
            TableDescription restored = awaitActive(client, target);
            restoreSeconds[i] = (System.nanoTime() - start) / 1e9;
            if (restored.itemCount() != size) {
                throw new IllegalStateException(target + " has " + restored.itemCount() + " items");
            }
            client.deleteTable(b -> b.tableName(target));
        }
        System.err.printf("%,d items: CreateBackup %s ms, restore %s s%n", size, Arrays.toString(backupMillis),
                Arrays.toString(restoreSeconds));
        client.deleteTable(b -> b.tableName(table));
        return new Row(size, loaded.tableSizeBytes(), loadSeconds, median(backupMillis), firstBackup,
                median(restoreSeconds));
    }

    private static void load(DynamoDbClient client, String table, int size) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(LOAD_THREADS);
        try {
            List<Future<?>> futures = new ArrayList<>();
            int perThread = (size + LOAD_THREADS - 1) / LOAD_THREADS;
            for (int t = 0; t < LOAD_THREADS; t++) {
                int from = t * perThread;
                int to = Math.min(size, from + perThread);
                futures.add(pool.submit(() -> {
                    for (int i = from; i < to; i += 25) {
                        List<WriteRequest> batch = new ArrayList<>(25);
                        for (int j = i; j < Math.min(to, i + 25); j++) {
                            batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item(j)).build())
                                    .build());
                        }
                        Map<String, List<WriteRequest>> pending = Map.of(table, batch);
                        while (!pending.isEmpty()) {
                            Map<String, List<WriteRequest>> request = pending;
                            pending = client.batchWriteItem(b -> b.requestItems(request)).unprocessedItems();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    /** An item of about {@value #ITEM_BYTES} bytes: a 12-byte key, a number and random text. */
    private static Map<String, AttributeValue> item(int i) {
        char[] text = new char[ITEM_BYTES - 2 - 12 - 4 - 1 - 8 - 4];
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int c = 0; c < text.length; c++) {
            text[c] = (char) ('a' + random.nextInt(26));
        }
        return Map.of("pk", AttributeValue.fromS(String.format("item-%07d", i)),
                "n", AttributeValue.fromN(Integer.toString(i)),
                "payload", AttributeValue.fromS(new String(text)));
    }

    private static TableDescription awaitActive(DynamoDbClient client, String table) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (true) {
            TableDescription t = client.describeTable(b -> b.tableName(table)).table();
            if (t.tableStatus() == TableStatus.ACTIVE) {
                return t;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(table + " not ACTIVE after 30 minutes");
            }
            Thread.sleep(1);
        }
    }

    /** Writes and fsyncs {@value #DISK_TEST_BYTES} bytes; MB/s including the fsync. */
    private static double sequentialWriteSpeed(Path file) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocateDirect(8 << 20);
        byte[] random = new byte[chunk.capacity()];
        ThreadLocalRandom.current().nextBytes(random);
        chunk.put(random).flip();
        long start = System.nanoTime();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (long written = 0; written < DISK_TEST_BYTES; written += chunk.capacity()) {
                chunk.rewind();
                while (chunk.hasRemaining()) {
                    channel.write(chunk);
                }
            }
            channel.force(true);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Files.deleteIfExists(file);
        return DISK_TEST_BYTES / 1e6 / seconds;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
