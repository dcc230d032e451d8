package dev.rewind.pitr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.rewind.Rewind;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Restore points (RestorePoints): taken once a table's history since its last point passes the table's size (in
 * bytes as stored or in rows against items), kept
 * across a restart, used by restores to earlier instants, skipped when the table's indexes changed since, and
 * dropped when they leave the window, when PITR is turned off and when the table is deleted. Correctness of restores
 * from points at every millisecond is PitrModelTest's.
 */
@Timeout(120)
class RestorePointsTest {
    private static final Instant START = Instant.parse("2024-05-01T08:00:00.000Z");
    private static final int ITEMS = 200;

    @TempDir
    Path dataDir;

    private FakeClock clock;
    private Rewind rewind;
    private DynamoDbClient client;

    @BeforeEach
    void start() {
        clock = new FakeClock(START);
        open(Long.MAX_VALUE);
        client.createTable(b -> b.tableName("points").billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH)));
        client.updateContinuousBackups(b -> b.tableName("points").pointInTimeRecoverySpecification(
                s -> s.pointInTimeRecoveryEnabled(true).recoveryPeriodInDays(1)));
    }

    /** A server that checks for points only when asked, due every {@code historyBytes} (or the table's size). */
    private void open(long historyBytes) {
        rewind = Rewind.builder().port(0).dataDir(dataDir).clock(clock).retentionInterval(Duration.ofDays(365))
                .restorePoints(historyBytes, Duration.ZERO).start();
        client = PitrSupport.client(rewind.endpoint());
    }

    @AfterEach
    void stop() {
        client.close();
        rewind.close();
    }

    /** Due every 1 MiB of history: 200 inserts write ~10 KB of it, 10 rounds of 200 updates of 1 KB items ~2 MB. */
    @Test
    void takenAsHistoryGrows_keptAcrossRestart_usedByRestores() {
        stop();
        open(1 << 20);
        writeAll(0);
        long afterFirst = clock.millis();
        clock.advanceMillis(10);
        rewind.backups().maintainRestorePoints();
        assertThat(points()).as("inserts only: ~10 KB of history").isZero();
        for (int round = 1; round <= 10; round++) {
            writeAll(round);
        }
        rewind.backups().maintainRestorePoints();
        assertThat(points()).as("~2 MB of history since").isEqualTo(1);
        rewind.backups().maintainRestorePoints();
        assertThat(points()).as("nothing written since the point").isEqualTo(1);
        writeAll(11);
        long afterLast = clock.millis();

        stop();
        open(1 << 20);
        assertThat(points()).as("after a restart").isEqualTo(1);
        long before = rewind.backups().restoresFromRestorePoints();
        PitrSupport.restoreAt(client, "points", "at-first", afterFirst);
        assertThat(rewind.backups().restoresFromRestorePoints()).as("started from the point").isEqualTo(before + 1);
        assertAllAt("at-first", 0);
        PitrSupport.restoreAt(client, "points", "at-last", afterLast);
        assertThat(rewind.backups().restoresFromRestorePoints()).as("after the last point: from the table")
                .isEqualTo(before + 1);
        assertAllAt("at-last", 11);
    }

    /** History is summed over hours: half of it in an earlier hour (measured once, when complete), half in this one. */
    @Test
    void historyAcrossHoursAddsUp() {
        stop();
        open(1 << 20);
        for (int round = 0; round < 4; round++) {
            writeAll(round);
        }
        rewind.backups().maintainRestorePoints();
        assertThat(points()).as("inserts and 3 updates of 1 KB items: ~0.65 MB").isZero();
        clock.advance(Duration.ofHours(1));
        rewind.backups().maintainRestorePoints();
        assertThat(points()).as("the same history, now in a complete hour").isZero();
        for (int round = 4; round < 8; round++) {
            writeAll(round);
        }
        rewind.backups().maintainRestorePoints();
        assertThat(points()).as("~0.65 MB in the last hour and ~0.85 MB in this one").isEqualTo(1);
    }

    /**
     * History of items that compress well takes little space as stored, yet a restore reads every row of it: a point
     * is also due once the rows since the last one pass the table's item count (here the floor, 1,024 rows, a 64th of
     * the 64 KiB byte floor; the table's 200 KB as stored takes ~0.2 MB of such history).
     */
    @Test
    void manyRowsOfLittleHistory() {
        stop();
        open(64 << 10);
        for (int round = 0; round < 4; round++) {
            writeAll(round, n -> "x".repeat(1000));
        }
        rewind.backups().maintainRestorePoints();
        assertThat(points()).as("800 rows").isZero();
        writeAll(4, n -> "x".repeat(1000));
        writeAll(5, n -> "x".repeat(1000));
        rewind.backups().maintainRestorePoints();
        assertThat(points()).as("1,200 rows").isEqualTo(1);
        writeAll(6, n -> "x".repeat(1000));
        rewind.backups().maintainRestorePoints();
        assertThat(points()).as("200 rows since the point").isEqualTo(1);
    }

    /** A point taken before an index was added does not serve restores: they start from the table, index whole. */
    @Test
    void indexAddedSinceThePoint_restoreStartsFromTheTable() {
        writeAll(0);
        long afterFirst = clock.millis();
        clock.advanceMillis(10);
        rewind.backups().takeRestorePoints();
        client.updateTable(b -> b.tableName("points")
                .attributeDefinitions(a -> a.attributeName("grp").attributeType(ScalarAttributeType.S))
                .globalSecondaryIndexUpdates(u -> u.create(c -> c.indexName("byGroup")
                        .keySchema(k -> k.attributeName("grp").keyType(KeyType.HASH))
                        .projection(p -> p.projectionType(ProjectionType.ALL)))));
        awaitIndexActive();
        writeAll(1);
        long before = rewind.backups().restoresFromRestorePoints();
        PitrSupport.restoreAt(client, "points", "at-first", afterFirst);
        assertThat(rewind.backups().restoresFromRestorePoints()).isEqualTo(before);
        assertAllAt("at-first", 0);
        assertThat(PitrSupport.scanAll(client, "at-first", "byGroup")).hasSize(ITEMS);
    }

    @Test
    void droppedOutOfTheWindow_whenPitrIsOff_andWithTheTable() {
        writeAll(0);
        rewind.backups().takeRestorePoints();
        assertThat(points()).isEqualTo(1);
        clock.advance(Duration.ofHours(23));
        rewind.backups().maintainRestorePoints();
        assertThat(points()).as("still in the one-day window").isEqualTo(1);
        clock.advance(Duration.ofHours(2));
        rewind.backups().maintainRestorePoints();
        assertThat(points()).as("left the window").isZero();

        rewind.backups().takeRestorePoints();
        String id = tableId();
        client.updateContinuousBackups(b -> b.tableName("points")
                .pointInTimeRecoverySpecification(s -> s.pointInTimeRecoveryEnabled(false)));
        rewind.backups().maintainRestorePoints();
        assertThat(rewind.backups().restorePointCount(id)).as("PITR off").isZero();

        client.updateContinuousBackups(b -> b.tableName("points")
                .pointInTimeRecoverySpecification(s -> s.pointInTimeRecoveryEnabled(true)));
        rewind.backups().takeRestorePoints();
        assertThat(rewind.backups().restorePointCount(id)).isEqualTo(1);
        client.deleteTable(b -> b.tableName("points"));
        rewind.backups().maintainRestorePoints();
        assertThat(rewind.backups().restorePointCount(id)).as("table deleted").isZero();
    }

    private void writeAll(int version) {
        writeAll(version, n -> payload(n, version));
    }

    private void writeAll(int version, java.util.function.IntFunction<String> payload) {
        for (int i = 0; i < ITEMS; i++) {
            clock.advanceMillis(1);
            int n = i;
            client.putItem(b -> b.tableName("points").item(Map.of("pk", AttributeValue.fromS("k" + n),
                    "grp", AttributeValue.fromS("g" + n % 4), "v", AttributeValue.fromN(Integer.toString(version)),
                    "payload", AttributeValue.fromS(payload.apply(n)))));
        }
    }

    /**
     * 1 KB that does not compress, different for every item and version (a payload shared by all would compress
     * across the rows of a block): history sizes are compared as stored.
     */
    private static String payload(int item, int version) {
        java.util.Random random = new java.util.Random(item * 1000L + version);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            sb.append((char) ('a' + random.nextInt(26)));
        }
        return sb.toString();
    }

    private void assertAllAt(String table, int version) {
        var items = PitrSupport.scanAll(client, table, null);
        assertThat(items).hasSize(ITEMS);
        assertThat(items).allSatisfy(item -> assertThat(item.get("v").n()).isEqualTo(Integer.toString(version)));
        assertThat(client.describeTable(b -> b.tableName(table)).table().itemCount()).isEqualTo(ITEMS);
    }

    private int points() {
        return rewind.backups().restorePointCount(tableId());
    }

    private String tableId() {
        return client.describeTable(b -> b.tableName("points")).table().tableId();
    }

    private void awaitIndexActive() {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (client.describeTable(b -> b.tableName("points")).table().globalSecondaryIndexes().get(0)
                .indexStatusAsString().equals("CREATING")) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            PitrSupport.sleep(5);
        }
    }
}
