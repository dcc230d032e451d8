package dev.rewind.pitr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.rewind.Rewind;
import dev.rewind.storage.TableStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ContinuousBackupsStatus;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.InvalidRestoreTimeException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryDescription;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryUnavailableException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The recovery window with a fake clock (issue #4): DescribeContinuousBackups before and after enabling,
 * RecoveryPeriodInDays 1–35 (default 35), EarliestRestorableDateTime = max(enable time, now − period),
 * LatestRestorableDateTime = now, restores exactly at the edges and InvalidRestoreTimeException one millisecond
 * outside, retention reclaiming history older than the window (measured with historySize), disabling discarding
 * history and shortening the period pruning it. API reference:
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateContinuousBackups.html
 */
@Timeout(120)
class PitrWindowTest {
    private static final Instant START = Instant.parse("2024-01-01T00:17:00.123Z");
    private static final Duration DAY = Duration.ofDays(1);
    private static final long HOUR_MILLIS = 3_600_000L;
    private static final int KEYS = 20;

    @TempDir
    Path dataDir;

    private FakeClock clock;
    private Rewind rewind;
    private DynamoDbClient client;
    private String table;
    private final List<long[]> writes = new ArrayList<>(); // {millis, key, value}; value -1 = none

    @BeforeEach
    void start() {
        clock = new FakeClock(START);
        rewind = Rewind.builder().port(0).dataDir(dataDir).clock(clock).retentionInterval(Duration.ofDays(365))
                .start();
        client = PitrSupport.client(rewind.endpoint());
        table = "window";
        client.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH)));
    }

    @AfterEach
    void stop() {
        client.close();
        rewind.close();
    }

    /** A new table's continuous backups are ENABLED but point-in-time recovery is not, and it has no window. */
    @Test
    void describe_beforeEnabling_isDisabledWithoutWindow() {
        PointInTimeRecoveryDescription d = describe();
        assertThat(d.pointInTimeRecoveryStatus()).isEqualTo(PointInTimeRecoveryStatus.DISABLED);
        assertThat(d.earliestRestorableDateTime()).isNull();
        assertThat(d.latestRestorableDateTime()).isNull();
        assertThat(d.recoveryPeriodInDays()).isNull();
        assertThat(client.describeContinuousBackups(b -> b.tableName(table)).continuousBackupsDescription()
                .continuousBackupsStatus()).isEqualTo(ContinuousBackupsStatus.ENABLED);
        assertThatThrownBy(() -> PitrSupport.restoreLatest(client, table, "nope"))
                .isInstanceOf(PointInTimeRecoveryUnavailableException.class);
    }

    /** The window opens when PITR is enabled and ends now; the period defaults to 35 days. */
    @Test
    void enable_windowIsEnableTimeToNow_defaultPeriod35() {
        enable(null);
        long enabled = clock.millis();
        clock.advance(Duration.ofSeconds(10));
        PointInTimeRecoveryDescription d = describe();
        assertThat(d.pointInTimeRecoveryStatus()).isEqualTo(PointInTimeRecoveryStatus.ENABLED);
        assertThat(d.recoveryPeriodInDays()).isEqualTo(35);
        assertThat(d.earliestRestorableDateTime()).isEqualTo(Instant.ofEpochMilli(enabled));
        assertThat(d.latestRestorableDateTime()).isEqualTo(clock.instant());
        // enabling again keeps the window's start
        enable(null);
        assertThat(describe().earliestRestorableDateTime()).isEqualTo(Instant.ofEpochMilli(enabled));
    }

    /** RecoveryPeriodInDays takes 1–35; 0 and 36 are ValidationException (API_PointInTimeRecoverySpecification). */
    @Test
    void recoveryPeriod_1to35_accepted_0and36_rejected() {
        for (int days : new int[] {1, 17, 35}) {
            assertThat(enable(days).recoveryPeriodInDays()).isEqualTo(days);
            assertThat(describe().recoveryPeriodInDays()).isEqualTo(days);
        }
        for (int days : new int[] {0, 36}) {
            assertThatThrownBy(() -> enable(days)).isInstanceOfSatisfying(DynamoDbException.class,
                    e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
        }
        assertThat(describe().recoveryPeriodInDays()).isEqualTo(35);
    }

    /** Right after enabling, the edges are the enable time and now: restorable at both, not 1 ms outside. */
    @Test
    void restoreTime_edgesOfFreshWindow() {
        put(0, 1);
        clock.advanceMillis(7);
        enable(null);
        long enabled = clock.millis();
        clock.advanceMillis(1);
        put(0, 2);
        clock.advanceMillis(3);
        long now = clock.millis();
        assertThatThrownBy(() -> PitrSupport.restoreAt(client, table, "before", enabled - 1))
                .isInstanceOf(InvalidRestoreTimeException.class);
        assertThatThrownBy(() -> PitrSupport.restoreAt(client, table, "future", now + 1))
                .isInstanceOf(InvalidRestoreTimeException.class);
        PitrSupport.restoreAt(client, table, "earliest", enabled);
        assertThat(scan("earliest")).isEqualTo(Map.of(0, 1));
        PitrSupport.restoreAt(client, table, "latest", now);
        assertThat(scan("latest")).isEqualTo(Map.of(0, 2));
    }

    /**
     * The AWS CLI sends RestoreDateTime in whole seconds (botocore truncates), so the tutorial's restore to the
     * printed EarliestRestorableDateTime arrives as the start of its second: that value means the earliest instant.
     */
    @Test
    void restoreTime_wholeSecondOfEarliest_meansEarliest() {
        put(0, 1);
        enable(null);
        long enabled = clock.millis();
        assertThat(enabled % 1000).isNotZero();
        clock.advanceMillis(1);
        put(0, 2);
        long second = enabled - enabled % 1000;
        assertThat(PitrSupport.restoreAt(client, table, "truncated", second).restoreSummary().restoreDateTime())
                .isEqualTo(Instant.ofEpochMilli(enabled));
        assertThat(scan("truncated")).isEqualTo(Map.of(0, 1));
        assertThatThrownBy(() -> PitrSupport.restoreAt(client, table, "outside", second - 1))
                .isInstanceOf(InvalidRestoreTimeException.class);
        assertThatThrownBy(() -> PitrSupport.restoreAt(client, table, "outside", second + 1))
                .as("only what a truncating client sends").isInstanceOf(InvalidRestoreTimeException.class);
    }

    /**
     * Forty days of writes under a 35-day period: the window slides (Earliest = now − 35 days), retention reclaims
     * every hour of history wholly before it, history shrinks to the writes inside, and restores inside still equal
     * the model, exactly at both edges too.
     */
    @Test
    void fortyDays_retentionReclaimsHistoryBeforeWindow_restoresInsideEqualModel() {
        long perUpdateBytes = writeFortyDays(new Random(40));
        long now = clock.millis();
        long cutoff = now - 35 * DAY.toMillis();
        PointInTimeRecoveryDescription d = describe();
        assertThat(d.earliestRestorableDateTime()).isEqualTo(Instant.ofEpochMilli(cutoff));
        assertThat(d.latestRestorableDateTime()).isEqualTo(Instant.ofEpochMilli(now));

        TableStore.SpaceStats before = historySize();
        assertThat(before.itemCount()).isEqualTo(writes.size());
        rewind.pointInTimeRecovery().applyRetention();
        TableStore.SpaceStats after = historySize();
        long kept = writes.stream().filter(w -> Math.floorDiv(w[0], HOUR_MILLIS) >= Math.floorDiv(cutoff,
                HOUR_MILLIS)).count();
        System.out.printf("history: %s before retention, %s after (%d writes in the window)%n", before, after, kept);
        assertThat(after.itemCount()).isEqualTo(kept).isLessThan(before.itemCount() * 9 / 10);
        assertThat(after.sizeBytes()).isEqualTo(kept * perUpdateBytes);
        rewind.pointInTimeRecovery().applyRetention(); // idempotent
        assertThat(historySize()).isEqualTo(after);

        assertThatThrownBy(() -> PitrSupport.restoreAt(client, table, "outside", cutoff - 1))
                .isInstanceOf(InvalidRestoreTimeException.class);
        assertThatThrownBy(() -> PitrSupport.restoreAt(client, table, "outside", now + 1))
                .isInstanceOf(InvalidRestoreTimeException.class);
        Random random = new Random(41);
        List<Long> targets = new ArrayList<>(List.of(cutoff, now));
        for (int i = 0; i < 4; i++) {
            targets.add(cutoff + (long) (random.nextDouble() * (now - cutoff)));
        }
        targets.add(writes.get(writes.size() / 2)[0]);
        for (long target : targets) {
            String restored = "at-" + target;
            PitrSupport.restoreAt(client, table, restored, target);
            assertThat(scan(restored)).as("restore to %s", Instant.ofEpochMilli(target)).isEqualTo(stateAt(target));
            client.deleteTable(b -> b.tableName(restored));
        }
    }

    /** Lowering RecoveryPeriodInDays narrows the window at once and prunes the history it no longer needs. */
    @Test
    void shorteningPeriod_narrowsWindowAndPrunes() {
        long perUpdateBytes = writeFortyDays(new Random(7));
        rewind.pointInTimeRecovery().applyRetention();
        long now = clock.millis();
        long cutoff = now - 10 * DAY.toMillis();
        assertThat(enable(10).earliestRestorableDateTime()).isEqualTo(Instant.ofEpochMilli(cutoff));
        long kept = writes.stream().filter(w -> Math.floorDiv(w[0], HOUR_MILLIS) >= Math.floorDiv(cutoff,
                HOUR_MILLIS)).count();
        assertThat(historySize()).isEqualTo(new TableStore.SpaceStats(kept, kept * perUpdateBytes));
        assertThatThrownBy(() -> PitrSupport.restoreAt(client, table, "outside", cutoff - 1))
                .isInstanceOf(InvalidRestoreTimeException.class);
        PitrSupport.restoreAt(client, table, "edge", cutoff);
        assertThat(scan("edge")).isEqualTo(stateAt(cutoff));
    }

    /** Disabling discards the history; enabling again opens a new window that starts then. */
    @Test
    void disable_discardsHistory_reenableStartsNewWindow() {
        enable(null);
        long first = clock.millis();
        for (int i = 0; i < 30; i++) {
            clock.advance(Duration.ofMinutes(20));
            put(i % 5, i);
        }
        assertThat(historySize().itemCount()).isEqualTo(30);
        assertThat(client.updateContinuousBackups(b -> b.tableName(table)
                .pointInTimeRecoverySpecification(s -> s.pointInTimeRecoveryEnabled(false)))
                .continuousBackupsDescription().pointInTimeRecoveryDescription().pointInTimeRecoveryStatus())
                .isEqualTo(PointInTimeRecoveryStatus.DISABLED);
        assertThat(historySize()).isEqualTo(new TableStore.SpaceStats(0, 0));
        assertThat(describe().earliestRestorableDateTime()).isNull();
        assertThatThrownBy(() -> PitrSupport.restoreAt(client, table, "outside", first))
                .isInstanceOf(PointInTimeRecoveryUnavailableException.class);
        clock.advance(Duration.ofHours(1));
        put(0, 100); // while disabled: not recorded
        assertThat(historySize().itemCount()).isZero();

        clock.advance(Duration.ofHours(1));
        enable(null);
        long second = clock.millis();
        assertThat(describe().earliestRestorableDateTime()).isEqualTo(Instant.ofEpochMilli(second));
        clock.advanceMillis(5);
        put(1, 200);
        assertThat(historySize().itemCount()).isEqualTo(1);
        assertThatThrownBy(() -> PitrSupport.restoreAt(client, table, "outside", second - 1))
                .isInstanceOf(InvalidRestoreTimeException.class);
        PitrSupport.restoreAt(client, table, "reenabled", second);
        assertThat(scan("reenabled")).isEqualTo(stateAt(second));
        assertThat(scan("reenabled")).containsEntry(0, 100).containsEntry(1, 26);
    }

    /**
     * Enables PITR, creates every key, then every 6 hours for 40 days updates 3 keys in one millisecond; all items
     * keep the same size, so every update's history row has the same size, which this returns.
     */
    private long writeFortyDays(Random random) {
        enable(null);
        for (int k = 0; k < KEYS; k++) {
            put(k, 10_000 + k);
        }
        long rows = historySize().sizeBytes();
        put(0, 10_000);
        long perUpdateBytes = historySize().sizeBytes() - rows;
        for (int step = 1; step <= 160; step++) {
            clock.advance(Duration.ofHours(6));
            for (int i = 0; i < 3; i++) {
                put(random.nextInt(KEYS), 20_000 + random.nextInt(10_000));
            }
        }
        return perUpdateBytes;
    }

    private PointInTimeRecoveryDescription enable(Integer days) {
        return client.updateContinuousBackups(b -> b.tableName(table)
                .pointInTimeRecoverySpecification(s -> s.pointInTimeRecoveryEnabled(true).recoveryPeriodInDays(days)))
                .continuousBackupsDescription().pointInTimeRecoveryDescription();
    }

    private PointInTimeRecoveryDescription describe() {
        return client.describeContinuousBackups(b -> b.tableName(table)).continuousBackupsDescription()
                .pointInTimeRecoveryDescription();
    }

    private TableStore.SpaceStats historySize() {
        return rewind.pointInTimeRecovery().historySize(Rewind.DEFAULT_ACCOUNT_ID, Rewind.DEFAULT_REGION, table);
    }

    private void put(int key, int value) {
        client.putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS(String.format("k%02d", key)),
                "v", AttributeValue.fromN(Integer.toString(value)))));
        writes.add(new long[] {clock.millis(), key, value});
    }

    private Map<Integer, Integer> stateAt(long millis) {
        Map<Integer, Integer> state = new TreeMap<>();
        for (long[] w : writes) {
            if (w[0] <= millis) {
                state.put((int) w[1], (int) w[2]);
            }
        }
        return state;
    }

    private Map<Integer, Integer> scan(String restored) {
        PitrSupport.awaitActive(client, restored);
        Map<Integer, Integer> out = new TreeMap<>();
        for (Map<String, AttributeValue> item : PitrSupport.scanAll(client, restored, null)) {
            out.put(Integer.parseInt(item.get("pk").s().substring(1)), Integer.parseInt(item.get("v").n()));
        }
        return out;
    }
}
