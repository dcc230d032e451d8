package dev.rewind.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.rewind.Rewind;
import dev.rewind.it.RewindServer;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BackupInUseException;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableInUseException;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The restore job's life in one process, driven through the SDK and held at its end with
 * {@link BackupService#setRestoreGate}: a backup in use cannot be deleted, a restore cut off by a shutdown resumes on
 * the next start and is never ACTIVE half filled, at most {@link BackupService#MAX_CONCURRENT_RESTORES} run at once,
 * and a CREATING table is describable but closed to data calls (issue #3, DESIGN.md "Durability").
 */
@Timeout(120)
class BackupServiceTest {
    private static final int ITEMS = 400;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dataDir;

    private Rewind server;
    private DynamoDbClient client;
    private CountDownLatch gate;

    @BeforeEach
    void start() {
        startServer();
    }

    @AfterEach
    void stop() {
        if (gate != null) {
            gate.countDown();
        }
        stopServer();
    }

    private void startServer() {
        server = Rewind.builder().port(0).dataDir(dataDir).start();
        client = RewindServer.clientFor(server.endpoint(), Region.US_EAST_1);
    }

    private void stopServer() {
        if (client != null) {
            client.close();
            client = null;
        }
        if (server != null) {
            server.close();
            server = null;
        }
    }

    private void closeGate() {
        gate = new CountDownLatch(1);
        server.backups().setRestoreGate(gate);
    }

    /** A table of {@value #ITEMS} items with a GSI over half of them; returns the ARN of its backup. */
    private String tableWithBackup(String table) {
        client.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("color").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                .globalSecondaryIndexes(g -> g.indexName("by-color")
                        .keySchema(k -> k.attributeName("color").keyType(KeyType.HASH))
                        .projection(p -> p.projectionType(ProjectionType.ALL))));
        for (int from = 0; from < ITEMS; from += 25) {
            List<WriteRequest> batch = new ArrayList<>();
            for (int i = from; i < from + 25; i++) {
                batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item(i)).build()).build());
            }
            client.batchWriteItem(b -> b.requestItems(Map.of(table, batch)));
        }
        return client.createBackup(b -> b.tableName(table).backupName(table + "-backup")).backupDetails().backupArn();
    }

    private static Map<String, AttributeValue> item(int i) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", AttributeValue.fromS("item-" + i));
        item.put("n", AttributeValue.fromN(Integer.toString(i)));
        if (i % 2 == 0) {
            item.put("color", AttributeValue.fromS(i % 4 == 0 ? "red" : "blue"));
        }
        return item;
    }

    private TableDescription describe(String table) {
        return client.describeTable(b -> b.tableName(table)).table();
    }

    private int scanCount(String table) {
        int count = 0;
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = client.scan(b -> b.tableName(table).exclusiveStartKey(from));
            count += page.count();
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return count;
    }

    private int colorCount(String table, String color) {
        int count = 0;
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = client.query(b -> b.tableName(table).indexName("by-color")
                    .keyConditionExpression("color = :c")
                    .expressionAttributeValues(Map.of(":c", AttributeValue.fromS(color))).exclusiveStartKey(from));
            count += page.count();
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return count;
    }

    /** Polls until ACTIVE, checking that the table holds every item whenever it says ACTIVE. */
    private void awaitActiveAndComplete(String table) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            TableDescription t = describe(table);
            if (t.tableStatus() == TableStatus.ACTIVE) {
                assertThat(t.restoreSummary().restoreInProgress()).isFalse();
                assertThat(scanCount(table)).isEqualTo(ITEMS);
                assertThat(colorCount(table, "red") + colorCount(table, "blue")).isEqualTo(ITEMS / 2);
                return;
            }
            assertThat(t.tableStatus()).isEqualTo(TableStatus.CREATING);
            assertThat(System.nanoTime()).as("%s is still restoring", table).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    /** "BackupInUseException: ... the backup is either being created, deleted or restored to a table." */
    @Test
    void deleteBackup_whileRestoreFromItRuns_isBackupInUse() throws InterruptedException {
        String arn = tableWithBackup("source");
        closeGate();
        client.restoreTableFromBackup(b -> b.backupArn(arn).targetTableName("restored"));

        assertThatThrownBy(() -> client.deleteBackup(b -> b.backupArn(arn))).isInstanceOf(BackupInUseException.class);

        gate.countDown();
        awaitActiveAndComplete("restored");
        assertThat(client.deleteBackup(b -> b.backupArn(arn)).backupDescription().backupDetails().backupStatusAsString())
                .isEqualTo("DELETED");
    }

    /** A restore cut off by the server stopping is never left ACTIVE half done: it resumes on the next start. */
    @Test
    void restoreCutOffByShutdown_resumesOnRestart_neverActiveHalfFilled() throws InterruptedException {
        String arn = tableWithBackup("source");
        closeGate();
        client.restoreTableFromBackup(b -> b.backupArn(arn).targetTableName("restored"));
        assertThat(describe("restored").tableStatus()).isEqualTo(TableStatus.CREATING);

        stopServer(); // the job waits at the gate, which is never opened: it cannot finish
        startServer();

        awaitActiveAndComplete("restored");
        TableDescription t = describe("restored");
        assertThat(t.restoreSummary().sourceBackupArn()).isEqualTo(arn);
        // and it stays so across another restart
        stopServer();
        startServer();
        assertThat(describe("restored").tableStatus()).isEqualTo(TableStatus.ACTIVE);
        assertThat(scanCount("restored")).isEqualTo(ITEMS);
    }

    /** "Any number of users can execute up to 50 concurrent restores (any type of restore) in a given account." */
    @Test
    void fiftyFirstConcurrentRestore_isLimitExceeded() throws InterruptedException {
        String arn = tableWithBackup("source");
        closeGate();
        for (int i = 0; i < BackupService.MAX_CONCURRENT_RESTORES; i++) {
            String target = "restored-" + i;
            client.restoreTableFromBackup(b -> b.backupArn(arn).targetTableName(target));
        }

        assertThatThrownBy(() -> client.restoreTableFromBackup(b -> b.backupArn(arn).targetTableName("one-too-many")))
                .isInstanceOf(LimitExceededException.class);
        assertThatThrownBy(() -> describe("one-too-many")).isInstanceOf(ResourceNotFoundException.class);

        gate.countDown();
        for (int i = 0; i < BackupService.MAX_CONCURRENT_RESTORES; i += 7) {
            awaitActiveAndComplete("restored-" + i);
        }
        for (int i = 0; i < BackupService.MAX_CONCURRENT_RESTORES; i++) {
            String target = "restored-" + i;
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (describe(target).tableStatus() != TableStatus.ACTIVE) {
                assertThat(System.nanoTime()).isLessThan(deadline);
                Thread.sleep(10);
            }
        }
        // the slots are free again
        client.restoreTableFromBackup(b -> b.backupArn(arn).targetTableName("one-more"));
        awaitActiveAndComplete("one-more");
    }

    /** While restoring, DescribeTable answers CREATING; data calls answer ResourceNotFoundException as for a new table. */
    @Test
    void creatingTable_isDescribableButClosedToDataCalls() throws InterruptedException {
        String arn = tableWithBackup("source");
        closeGate();
        client.restoreTableFromBackup(b -> b.backupArn(arn).targetTableName("restored"));

        TableDescription t = describe("restored");
        assertThat(t.tableStatus()).isEqualTo(TableStatus.CREATING);
        assertThat(t.restoreSummary().restoreInProgress()).isTrue();
        assertThat(t.restoreSummary().sourceBackupArn()).isEqualTo(arn);
        assertThat(t.globalSecondaryIndexes()).singleElement()
                .satisfies(i -> assertThat(i.indexName()).isEqualTo("by-color"));
        assertThat(client.listTables().tableNames()).contains("restored");
        assertThatThrownBy(() -> client.putItem(b -> b.tableName("restored").item(item(ITEMS + 1))))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> client.getItem(b -> b.tableName("restored").key(Map.of("pk",
                AttributeValue.fromS("item-1"))))).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> client.scan(b -> b.tableName("restored")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> client.createBackup(b -> b.tableName("restored").backupName("too-early")))
                .isInstanceOf(TableInUseException.class);

        gate.countDown();
        awaitActiveAndComplete("restored");
        client.putItem(b -> b.tableName("restored").item(item(ITEMS + 1)));
        assertThat(scanCount("restored")).isEqualTo(ITEMS + 1);
    }

    /**
     * A point-in-time restore reads its source's own history (no copy of it): deleting the source meanwhile returns at
     * once and drops its data only after the restore is done; turning its PITR off waits for the restore.
     */
    @Test
    void pointInTimeRestore_keepsTheSourceHistory_whileTheSourceIsDeletedOrItsPitrTurnedOff() throws Exception {
        for (String removal : List.of("delete", "pitr off")) {
            String source = removal.equals("delete") ? "deleted" : "unprotected";
            tableWithBackup(source);
            java.time.Instant before = changeEveryItemAfterAnInstant(source);
            CountDownLatch release = new CountDownLatch(1);
            String restored = source + "-restored";
            startRestoreHeldAt(server.backups()::setHistoryReadHook, source, restored, before, release);
            java.util.concurrent.CompletableFuture<Void> removed = java.util.concurrent.CompletableFuture.runAsync(
                    removal.equals("delete") ? () -> client.deleteTable(b -> b.tableName(source))
                            : () -> client.updateContinuousBackups(b -> b.tableName(source)
                                    .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(false))));
            if (removal.equals("delete")) {
                removed.get(30, java.util.concurrent.TimeUnit.SECONDS); // does not wait for the restore
                assertThatThrownBy(() -> describe(source)).isInstanceOf(ResourceNotFoundException.class);
            } else {
                Thread.sleep(300);
                assertThat(removed).as("PITR off waits for the restore reading the history").isNotDone();
            }
            release.countDown();
            removed.get(30, java.util.concurrent.TimeUnit.SECONDS);
            awaitActiveAndComplete(restored);
            assertAsBeforeTheChanges(restored);
        }
    }

    /**
     * A restore starting from a restore point clones the point while it reads the history. The point is kept until it
     * is cloned, even when its table is deleted meanwhile and the points are checked (which drops the points of tables
     * gone).
     */
    @Test
    void pointInTimeRestore_fromARestorePoint_keepsThePointUntilItIsCloned() throws Exception {
        String source = "pointed";
        tableWithBackup(source);
        java.time.Instant before = changeEveryItemAfterAnInstant(source);
        server.backups().takeRestorePoints();
        String id = describe(source).tableId();
        assertThat(server.backups().restorePointCount(id)).isEqualTo(1);
        changeEveryItem(source); // history after the point too: the restore reads up to the point only
        long fromPoints = server.backups().restoresFromRestorePoints();
        CountDownLatch release = new CountDownLatch(1);
        String restored = source + "-restored";
        startRestoreHeldAt(server.backups()::setPointCloneHook, source, restored, before, release);
        client.deleteTable(b -> b.tableName(source));
        server.backups().maintainRestorePoints();
        assertThat(server.backups().restorePointCount(id)).as("kept for the restore cloning it").isEqualTo(1);
        release.countDown();
        awaitActiveAndComplete(restored);
        assertThat(server.backups().restoresFromRestorePoints()).isEqualTo(fromPoints + 1);
        assertAsBeforeTheChanges(restored);
        server.backups().maintainRestorePoints();
        assertThat(server.backups().restorePointCount(id)).as("dropped once cloned: its table is gone").isZero();
    }

    /** A hook that counts {@code reached} down, then waits (up to a minute) for {@code release}. */
    /**
     * Starts a point-in-time restore of {@code source} to {@code before} and returns once it reached the hook that
     * {@code setHook} installs, where it waits for {@code release}. The hook is removed again, so later restores pass.
     */
    private void startRestoreHeldAt(java.util.function.Consumer<Runnable> setHook, String source, String restored,
            java.time.Instant before, CountDownLatch release) throws InterruptedException {
        CountDownLatch reached = new CountDownLatch(1);
        setHook.accept(pause(reached, release));
        client.restoreTableToPointInTime(b -> b.sourceTableName(source).targetTableName(restored)
                .restoreDateTime(before));
        assertThat(reached.await(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        setHook.accept(null);
    }

    private static Runnable pause(CountDownLatch reached, CountDownLatch release) {
        return () -> {
            reached.countDown();
            try {
                release.await(60, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    /** Turns PITR on, then changes every item; returns an instant between the two. */
    private java.time.Instant changeEveryItemAfterAnInstant(String table) throws InterruptedException {
        client.updateContinuousBackups(b -> b.tableName(table)
                .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
        Thread.sleep(5);
        java.time.Instant before = java.time.Instant.now();
        Thread.sleep(5);
        changeEveryItem(table);
        return before;
    }

    private void changeEveryItem(String table) {
        for (int i = 0; i < ITEMS; i++) {
            Map<String, AttributeValue> changed = item(i);
            changed.put("n", AttributeValue.fromN(Integer.toString(-i)));
            client.putItem(b -> b.tableName(table).item(changed));
        }
    }

    /** The table holds every item as {@link #item} makes it, as before {@link #changeEveryItem}. */
    private void assertAsBeforeTheChanges(String restored) {
        Map<String, AttributeValue> start = null;
        int seen = 0;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = client.scan(b -> b.tableName(restored).exclusiveStartKey(from));
            for (Map<String, AttributeValue> item : page.items()) {
                assertThat(item).as("as it was before the changes").isEqualTo(item(Integer.parseInt(
                        item.get("pk").s().substring("item-".length()))));
                seen++;
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey()
                    : null;
        } while (start != null);
        assertThat(seen).isEqualTo(ITEMS);
    }
}
