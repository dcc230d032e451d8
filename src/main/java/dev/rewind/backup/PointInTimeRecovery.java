package dev.rewind.backup;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.rewind.storage.RowIterator;
import dev.rewind.storage.TableStore;
import dev.rewind.storage.WriteBatch;
import dev.rewind.table.CommitClock;
import dev.rewind.table.History;
import dev.rewind.table.Table;
import dev.rewind.table.TableCatalog;
import dev.rewind.table.TableMetadata;

/**
 * Continuous backups: turning point-in-time recovery on and off, the recovery window, and retention.
 *
 * <p>The window is [max(enabled time, now − period), now]: every write is restorable as soon as it is stamped, with no
 * lag. History is kept in hour partitions; a partition wholly older than the window is dropped in one range delete,
 * so storage grows with the writes inside the window, not with all writes ever. Retention runs on a schedule and on
 * demand ({@link #applyRetention()}).
 */
public final class PointInTimeRecovery implements AutoCloseable {
    public static final int DEFAULT_RECOVERY_PERIOD_DAYS = 35;
    private static final Logger LOG = LoggerFactory.getLogger(PointInTimeRecovery.class);

    private final TableCatalog tables;
    private final CommitClock clock;
    private final ScheduledExecutorService retention;
    /** Per table id: the first hour bucket not yet known to be reclaimed. */
    private final Map<String, Long> reclaimedThrough = new ConcurrentHashMap<>();

    public PointInTimeRecovery(TableCatalog tables, Duration retentionInterval) {
        this.tables = tables;
        this.clock = tables.commitClock();
        this.retention = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rewind-pitr-retention");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, retentionInterval.toMillis());
        retention.scheduleWithFixedDelay(this::applyRetentionQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    public CommitClock clock() {
        return clock;
    }

    /** Turns PITR on (a new window starting now) or changes the recovery period of an enabled table. */
    public void enable(Table table, int recoveryPeriodInDays) {
        synchronized (table) {
            TableMetadata m = table.metadata();
            long enabledAt = m.pointInTimeRecoveryEnabled() ? m.pointInTimeRecovery().enabledMillis()
                    : clock.nowMillis();
            tables.update(table, m.withPointInTimeRecovery(
                    new TableMetadata.PointInTimeRecovery(recoveryPeriodInDays, enabledAt)));
        }
        applyRetention(table);
    }

    /** Turns PITR off and discards the history. */
    public void disable(Table table) {
        synchronized (table) {
            if (!table.metadata().pointInTimeRecoveryEnabled()) {
                return;
            }
            tables.update(table, table.metadata().withPointInTimeRecovery(null));
            table.historyGuard().remove(() -> table.store().deleteSpace(History.SPACE));
            reclaimedThrough.remove(table.metadata().tableId());
        }
    }

    /** The earliest restorable instant (millis) of an enabled table. */
    public long earliestRestorableMillis(Table table) {
        return earliestRestorableMillis(table.metadata(), clock.nowMillis());
    }

    /** The earliest restorable instant (millis) at {@code nowMillis} of a table with PITR enabled. */
    static long earliestRestorableMillis(TableMetadata table, long nowMillis) {
        TableMetadata.PointInTimeRecovery pitr = table.pointInTimeRecovery();
        return Math.max(pitr.enabledMillis(), nowMillis - pitr.recoveryPeriodMillis());
    }

    /** The latest restorable instant: now. Every write stamped so far is restorable. */
    public long latestRestorableMillis() {
        return clock.nowMillis();
    }

    /** Reclaims history older than every enabled table's window. */
    public void applyRetention() {
        for (Table t : tables.withPointInTimeRecovery()) {
            applyRetention(t);
        }
    }

    private void applyRetentionQuietly() {
        try {
            applyRetention();
        } catch (RuntimeException e) {
            LOG.warn("PITR retention failed", e);
        }
    }

    private void applyRetention(Table table) {
        TableMetadata.PointInTimeRecovery pitr = table.metadata().pointInTimeRecovery();
        if (pitr == null) {
            return;
        }
        long cutoff = clock.nowMillis() - pitr.recoveryPeriodMillis();
        long firstKept = History.bucketOf(cutoff); // buckets before it end at or before the cutoff
        String id = table.metadata().tableId();
        long from = reclaimedThrough.getOrDefault(id, Long.MIN_VALUE);
        TableStore store = table.store();
        if (from == Long.MIN_VALUE) {
            from = oldestBucket(store, firstKept);
        }
        long first = from;
        if (first < firstKept) {
            table.historyGuard().remove(() -> {
                for (long bucket = first; bucket < firstKept; bucket++) {
                    reclaim(store, bucket);
                }
            });
        }
        reclaimedThrough.put(id, Math.max(from, firstKept));
    }

    /** The oldest hour bucket holding history, scanning down from {@code before}; {@code before} if none. */
    private static long oldestBucket(TableStore store, long before) {
        long oldest = before;
        // history can only start after PITR was first enabled; look back at most a year of hours
        for (long bucket = before - 1; bucket >= before - 24L * 366; bucket--) {
            try (RowIterator rows = store.range(History.SPACE, History.partition(bucket), null, null, false)) {
                if (rows.next()) {
                    oldest = bucket;
                }
            }
        }
        return oldest;
    }

    private static void reclaim(TableStore store, long bucket) {
        byte[] partition = History.partition(bucket);
        try (RowIterator rows = store.range(History.SPACE, partition, null, null, false)) {
            if (!rows.next()) {
                return;
            }
        }
        store.write(new WriteBatch().deletePartition(History.SPACE, partition)).join();
    }

    /**
     * The history held for a table: rows and bytes (what retention keeps bounded), counted by reading it (writes keep
     * no running total, so that recording history costs them as little as possible).
     */
    public TableStore.SpaceStats historySize(Table table) {
        long count = 0;
        long bytes = 0;
        long now = History.bucketOf(clock.nowMillis());
        for (long bucket = now + 48; bucket >= now - 24L * 366; bucket--) {
            try (RowIterator rows = table.store().range(History.SPACE, History.partition(bucket), null, null, false)) {
                while (rows.next()) {
                    count++;
                    bytes += rows.clustering().length + rows.value().length;
                }
            }
        }
        return new TableStore.SpaceStats(count, bytes);
    }

    /** {@link #historySize(Table)} by name, for callers that hold no {@link Table} (embedding applications, tests). */
    public TableStore.SpaceStats historySize(String accountId, String region, String tableName) {
        Table table = tables.find(accountId, region, tableName);
        if (table == null || table.store() == null) {
            throw new IllegalArgumentException("no table " + tableName + " in " + accountId + "/" + region);
        }
        return historySize(table);
    }

    @Override
    public void close() {
        retention.shutdownNow();
    }
}
