package dev.rewind.backup;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.rewind.storage.StorageEngine;
import dev.rewind.storage.TableStore;
import dev.rewind.table.CommitClock;
import dev.rewind.table.History;
import dev.rewind.table.Table;
import dev.rewind.table.TableCatalog;
import dev.rewind.table.TableMetadata;

/**
 * Restore points bound the work of a point-in-time restore: a restore to T starts from the first restore point taken
 * after T (a clone of the table's rows, O(1) on RocksDB) and undoes only the history between T and that point,
 * instead of everything written since T.
 *
 * <p>A point of a table with PITR is taken once the history written since its last point (or since PITR was enabled)
 * passes the table's own size, or a floor for small tables, in either of two measures: bytes as stored (compressed;
 * floor {@link #MIN_HISTORY_BYTES}) or rows (floor a 64th of that). So a restore reads at most about a table's worth
 * of history rows, which is what its work grows with (history of well-compressing items takes little space, many
 * rows of it a table's stored size), and the files the points hold on to (each at most a table's worth) stay within
 * about the history's own size. Rows are counted as writes record them, from start-up on (after a restart, until
 * the next point, only the bytes count what came before). Points older than
 * the table's window, of tables whose PITR is off, or of tables gone are dropped. Only engines whose clones share
 * files take points ({@link StorageEngine#durable()}: RocksDB; an in-memory clone would copy the table).
 *
 * <p>A point records two instants: {@code sealedMillis}, through which every write is in its rows (writes stamped
 * then were sealed before the clone), and {@code cutMillis}, after the clone, by which every write in its rows was
 * stamped. Restoring to T ≤ sealedMillis from it: its rows, then each item's first history entry in (T, cutMillis]
 * put back. Items the point holds as they were at T have no entry there; an entry whose change the rows do not hold
 * puts back what they hold already.
 *
 * <p>On disk: a store per point, and a meta entry {@code restorepoint/<table id>/<store>} = "sealed,cut,indexes"
 * ({@link #indexSignature}).
 */
final class RestorePoints implements AutoCloseable {
    static final long MIN_HISTORY_BYTES = 8L << 20;
    private static final String PREFIX = "restorepoint/";
    private static final Logger LOG = LoggerFactory.getLogger(RestorePoints.class);

    /** A restore point of table {@code tableId}. */
    record Point(String tableId, String storeName, long sealedMillis, long cutMillis, String indexes) {
        String metaKey() {
            return PREFIX + tableId + "/" + storeName;
        }
    }

    private final StorageEngine engine;
    private final TableCatalog tables;
    private final CommitClock clock;
    private final long minHistoryBytes;
    private final long minHistoryRows;
    private final List<Point> points = new ArrayList<>(); // guarded by this
    /** Points a restore is about to clone, with how many: not dropped until then. Guarded by this. */
    private final Map<Point, Integer> pinned = new java.util.HashMap<>();
    private final ScheduledExecutorService scheduler;
    /** Per table id, the history measured so far: {since, last complete hour measured, its bytes}. */
    private final Map<String, long[]> counted = new java.util.concurrent.ConcurrentHashMap<>();
    /** Per table id, its history row count ({@link Table#historyRowsRecorded}) at its last point, if taken since. */
    private final Map<String, RowMark> rowMarks = new java.util.concurrent.ConcurrentHashMap<>();

    private record RowMark(Table table, long rows) {
    }

    /**
     * @param checkEvery how often (ms) to check every table with PITR for a point due; 0: never (tests call
     *     {@link #maintain})
     */
    RestorePoints(StorageEngine engine, TableCatalog tables, long minHistoryBytes, long checkEvery) {
        this.engine = engine;
        this.tables = tables;
        this.clock = tables.commitClock();
        this.minHistoryBytes = minHistoryBytes;
        this.minHistoryRows = minHistoryBytes / 64;
        List<String> stores = engine.tableStoreNames();
        for (Map.Entry<String, byte[]> e : engine.listMeta(PREFIX)) {
            String[] key = e.getKey().substring(PREFIX.length()).split("/", 2);
            String[] value = new String(e.getValue(), StandardCharsets.UTF_8).split(",", 3);
            if (key.length != 2 || value.length != 3 || !stores.contains(key[1])) {
                engine.deleteMeta(e.getKey()); // the store never got made
                continue;
            }
            points.add(new Point(key[0], key[1], Long.parseLong(value[0]), Long.parseLong(value[1]), value[2]));
        }
        if (checkEvery > 0 && engine.durable()) {
            scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "rewind-restore-points");
                t.setDaemon(true);
                return t;
            });
            scheduler.scheduleWithFixedDelay(this::maintainQuietly, checkEvery, checkEvery, TimeUnit.MILLISECONDS);
        } else {
            scheduler = null;
        }
    }

    /** The stores of every point, so start-up does not take them for leftovers. */
    synchronized Set<String> storeNames() {
        Set<String> names = new HashSet<>();
        for (Point p : points) {
            names.add(p.storeName());
        }
        return names;
    }

    /** The points of a table, oldest first. */
    synchronized List<Point> of(String tableId) {
        List<Point> out = new ArrayList<>();
        for (Point p : points) {
            if (p.tableId().equals(tableId)) {
                out.add(p);
            }
        }
        out.sort(java.util.Comparator.comparingLong(Point::sealedMillis));
        return out;
    }

    /**
     * The table's first point sealed at or after {@code restoreMillis}, pinned (kept from being dropped) until
     * {@link #cloneAndUnpin}; null if it has none, or if the table's indexes changed since.
     */
    synchronized Point pinFirstAfter(TableMetadata table, long restoreMillis) {
        for (Point p : of(table.tableId())) {
            if (p.sealedMillis() >= restoreMillis) {
                if (!p.indexes().equals(indexSignature(table))) {
                    return null;
                }
                pinned.merge(p, 1, Integer::sum);
                return p;
            }
        }
        return null;
    }

    /** Clones a point pinned by {@link #pinFirstAfter} into {@code target}, then unpins it. */
    void cloneAndUnpin(Point p, String target) {
        try {
            engine.cloneTableStore(p.storeName(), target, true);
        } finally {
            synchronized (this) {
                pinned.computeIfPresent(p, (k, n) -> n == 1 ? null : n - 1);
            }
        }
    }

    private void maintainQuietly() {
        try {
            maintain();
        } catch (RuntimeException e) {
            LOG.warn("restore point maintenance failed", e);
        }
    }

    /** Drops the points no restore can use and takes the points due. */
    void maintain() {
        Map<String, Table> live = new java.util.HashMap<>();
        for (Table t : tables.withPointInTimeRecovery()) {
            live.put(t.metadata().tableId(), t);
        }
        long now = clock.nowMillis();
        synchronized (this) {
            for (Point p : new ArrayList<>(points)) {
                Table t = live.get(p.tableId());
                if (pinned.containsKey(p)) {
                    continue; // dropped at a later check
                }
                if (t == null || p.sealedMillis() < PointInTimeRecovery.earliestRestorableMillis(t.metadata(), now)) {
                    drop(p);
                }
            }
        }
        counted.keySet().retainAll(live.keySet());
        rowMarks.keySet().retainAll(live.keySet());
        if (!engine.durable()) {
            return;
        }
        for (Table t : live.values()) {
            if (due(t)) {
                take(t);
            }
        }
    }

    private boolean due(Table t) {
        String id = t.metadata().tableId();
        List<Point> mine = of(id);
        long since = mine.isEmpty() ? t.metadata().pointInTimeRecovery().enabledMillis()
                : mine.get(mine.size() - 1).cutMillis() + 1;
        long nowBucket = History.bucketOf(clock.nowMillis());
        TableStore store = t.store();
        // hours before the current one are complete (writes are stamped now): each is measured once
        long[] done = counted.get(id);
        if (done == null || done[0] != since) {
            done = new long[] {since, History.bucketOf(since) - 1, 0};
        }
        // the table's logical size, not its files': those hold overwritten versions until compaction
        TableStore.SpaceStats size = store.stats(TableStore.TABLE_SPACE);
        long threshold = Math.max(minHistoryBytes, size.sizeBytes());
        // history still in memory is only guessed at (by half or less, sometimes): flush it when it could matter, that
        // is before an hour is measured for good or once it could make up half of what is due (history is append-only
        // in time order: flushing it early costs a smaller file, nothing more)
        long unflushed = store.unflushedBytes(History.SPACE);
        if (unflushed > 0 && (done[1] + 1 < nowBucket || unflushed >= threshold / 2)) {
            store.flush(History.SPACE);
        }
        for (long bucket = done[1] + 1; bucket < nowBucket; bucket++) {
            done[2] += historyBytes(store, bucket, since);
            done[1] = bucket;
        }
        counted.put(id, done);
        RowMark mark = rowMarks.get(id);
        long rows = t.historyRowsRecorded() - (mark != null && mark.table() == t ? mark.rows() : 0);
        return rows >= Math.max(minHistoryRows, size.itemCount())
                || done[2] + historyBytes(store, nowBucket, since) >= threshold;
    }

    /** Stored bytes of one hour of history, from {@code since} on. */
    private static long historyBytes(TableStore store, long bucket, long since) {
        return History.storedBytes(store, Math.max(since, bucket * History.BUCKET_MILLIS),
                (bucket + 1) * History.BUCKET_MILLIS);
    }

    /** Takes a point of a table now. */
    synchronized Point take(Table t) {
        long rows = t.historyRowsRecorded(); // rows recorded before the clone, perhaps a few more
        long sealed = clock.nowMillis() - 1;
        clock.sealThrough(sealed); // every write stamped through it is in the rows cloned next
        String storeName = "restorepoint-" + UUID.randomUUID();
        engine.cloneTableStore(t.metadata().storeName(), storeName, true);
        Point p = new Point(t.metadata().tableId(), storeName, sealed, clock.nowMillis(),
                indexSignature(t.metadata()));
        engine.putMeta(p.metaKey(), (p.sealedMillis() + "," + p.cutMillis() + "," + p.indexes())
                .getBytes(StandardCharsets.UTF_8));
        points.add(p);
        rowMarks.put(t.metadata().tableId(), new RowMark(t, rows));
        return p;
    }

    private void drop(Point p) {
        points.remove(p);
        engine.deleteMeta(p.metaKey());
        engine.dropTableStore(p.storeName());
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * What a point's index spaces hold: each index's name, space, key, projection and status. A point serves a
     * restore only while the table's indexes are the same as when it was taken.
     */
    static String indexSignature(TableMetadata m) {
        List<TableMetadata.IndexMetadata> all = BackupService.allIndexes(m);
        all.sort(java.util.Comparator.comparingInt(TableMetadata.IndexMetadata::space));
        StringBuilder sb = new StringBuilder();
        for (TableMetadata.IndexMetadata i : all) {
            sb.append(i.indexName()).append('|').append(i.space()).append('|').append(i.keySchema()).append('|')
                    .append(i.projection()).append('|').append(i.indexStatus()).append(';');
        }
        return sb.toString();
    }
}
