package dev.rewind.backup;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

import dev.rewind.model.ItemCodec;
import dev.rewind.storage.RowIterator;
import dev.rewind.storage.TableStore;
import dev.rewind.storage.WriteBatch;
import dev.rewind.table.History;
import dev.rewind.table.Table;

/**
 * Takes a clone of a table back to an instant: every item changed after the instant is put back as its first history
 * entry after the instant says it was. Cost: O(writes since the instant) to read the history (in parallel time
 * slices, see {@link #run}), O(items changed since the instant) to undo.
 *
 * <p>Changed items are undone in chunks of up to {@link #CHUNK} (bounded memory). Undoing an item needs its current
 * value (for the item count and size, and for index entries). A chunk that is small next to the table reads them
 * with multi-gets; a chunk of more than a {@link #SCAN_SHARE}th of the table reads them in one pass over the table,
 * which visits each data block once instead of once per key. Reads and writes of a chunk run in parallel. Writes
 * are not synced: a crash restarts the whole restore, which syncs once at its end.
 */
final class HistoryUndo {
    static final int CHUNK = 100_000;
    /**
     * A pass over the table costs ~0.4–1 µs an item, a multi-get ~2–5 µs a key: scan above 1/6 of the table. System
     * property {@code rewind.restore.scanShare} overrides it (tests: 0 always multi-gets, a large value always scans).
     */
    static final int SCAN_SHARE = 6;
    private static final int BATCH = 1000;
    /** Scan segments and write batches run on the common fork-join pool, as many at once as there are cores. */
    private static final int SEGMENTS = Math.max(2, Runtime.getRuntime().availableProcessors());

    private final Table work;
    private final TableStore store;
    private final TableStore history;
    private final long tableItems;
    private final int scanShare = Integer.getInteger("rewind.restore.scanShare", SCAN_SHARE);
    private final Set<String> seen = new HashSet<>(1 << 16);
    private final List<History.Entry> chunk = new ArrayList<>();

    /**
     * @param work the restored table's definition over the clone's store
     * @param history the store whose history is read: the clone's own, or a clone of the source's (restores from a
     *     restore point)
     */
    HistoryUndo(Table work, TableStore store, TableStore history) {
        this.work = work;
        this.store = store;
        this.history = history;
        this.tableItems = store.stats(TableStore.TABLE_SPACE).itemCount();
    }

    /**
     * Undoes every change stamped in (restoreMillis, untilMillis], then syncs. {@code untilMillis}: a time by which
     * every write the clone holds was stamped.
     *
     * <p>History is read in time slices of about equal size, one per core, at the same time; each notes every item's
     * first entry in it (its history key). Then, earliest slice first, each item not seen in an earlier slice is
     * undone from that entry, fetched by key (its block was just read).
     */
    void run(long restoreMillis, long untilMillis) {
        long[] bounds = sliceBounds(restoreMillis + 1, untilMillis);
        List<CompletableFuture<Map<String, byte[]>>> later = new ArrayList<>();
        for (int i = 1; i < bounds.length - 1; i++) {
            long a = bounds[i];
            long b = bounds[i + 1];
            later.add(CompletableFuture.supplyAsync(() -> firstEntries(a, b), ForkJoinPool.commonPool()));
        }
        try {
            undoFirst(firstEntries(bounds[0], bounds[1]));
            for (CompletableFuture<Map<String, byte[]>> slice : later) {
                undoFirst(slice.join());
            }
            undoChunk();
        } finally {
            for (CompletableFuture<Map<String, byte[]>> slice : later) { // none still reads the store when it goes
                try {
                    slice.join();
                } catch (RuntimeException e) {
                    // reported by the join above, or moot: the restore failed already
                }
            }
        }
        store.sync();
    }

    /** Slice bounds in [from, until]: {from, b1, …, until + 1}, splitting the history's bytes about evenly. */
    private long[] sliceBounds(long from, long until) {
        int slices = (int) Math.max(1, Math.min(SEGMENTS, until + 1 - from));
        long[] bounds = new long[slices + 1];
        bounds[0] = from;
        bounds[slices] = until + 1;
        long firstBucket = History.bucketOf(from);
        long[] perBucket = new long[(int) (History.bucketOf(until) - firstBucket + 1)];
        long total = 0;
        for (int i = 0; i < perBucket.length; i++) {
            long bucket = firstBucket + i;
            perBucket[i] = History.storedBytes(history, Math.max(from, bucket * History.BUCKET_MILLIS),
                    Math.min(until + 1, (bucket + 1) * History.BUCKET_MILLIS));
            total += perBucket[i];
        }
        for (int i = 1; i < slices; i++) {
            long target = total * i / slices;
            long lo = bounds[i - 1];
            long hi = until + 1;
            if (total > 0) { // the bucket where the running size passes the target, then the millisecond in it
                long before = 0;
                int b = 0;
                while (b < perBucket.length - 1 && before + perBucket[b] < target) {
                    before += perBucket[b++];
                }
                long bucketStart = Math.max(from, (firstBucket + b) * History.BUCKET_MILLIS);
                lo = Math.max(lo, bucketStart);
                hi = Math.min(hi, (firstBucket + b + 1) * History.BUCKET_MILLIS);
                while (lo < hi) {
                    long mid = (lo + hi) >>> 1;
                    if (before + History.storedBytes(history, bucketStart, mid) >= target) {
                        hi = mid;
                    } else {
                        lo = mid + 1;
                    }
                }
                bounds[i] = Math.max(bounds[i - 1], lo);
            } else { // no size known: even time slices
                bounds[i] = Math.max(bounds[i - 1], from + (until + 1 - from) * i / slices);
            }
        }
        return bounds;
    }

    /** Queues the undo of every item of a slice's first entries not seen in an earlier slice. */
    private void undoFirst(Map<String, byte[]> firsts) {
        List<byte[][]> rows = new ArrayList<>();
        for (Map.Entry<String, byte[]> first : firsts.entrySet()) {
            if (seen.add(first.getKey())) {
                byte[] clustering = first.getValue();
                rows.add(new byte[][] {History.partition(History.bucketOf(History.millisOf(clustering))),
                        clustering});
                if (rows.size() == BATCH) {
                    addFetched(rows);
                }
            }
        }
        addFetched(rows);
    }

    /** Each item's first history entry stamped in [fromMillis, toMillis), as its history clustering, in time order. */
    private Map<String, byte[]> firstEntries(long fromMillis, long toMillis) {
        Map<String, byte[]> firsts = new LinkedHashMap<>();
        read(fromMillis, toMillis, clustering -> firsts.putIfAbsent(History.itemKeyOf(clustering), clustering));
        return firsts;
    }

    /** Visits the clusterings of the history rows stamped in [fromMillis, toMillis) in commit order. */
    private void read(long fromMillis, long toMillis, java.util.function.Consumer<byte[]> visitor) {
        if (toMillis <= fromMillis) {
            return;
        }
        long last = History.bucketOf(toMillis - 1);
        for (long bucket = History.bucketOf(fromMillis); bucket <= last; bucket++) {
            byte[] lower = bucket == History.bucketOf(fromMillis) ? History.after(fromMillis - 1) : null;
            byte[] upper = bucket == last ? History.after(toMillis - 1) : null;
            try (RowIterator rows = history.range(History.SPACE, History.partition(bucket), lower, upper, false)) {
                while (rows.next()) {
                    visitor.accept(rows.clustering()); // values are not read
                }
            }
        }
    }

    /** Fetches the history rows named (partition, clustering) and queues their undo; empties the list. */
    private void addFetched(List<byte[][]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        List<byte[]> values = history.getAll(History.SPACE, rows);
        for (int i = 0; i < rows.size(); i++) {
            add(History.Entry.decode(rows.get(i)[1], values.get(i)));
        }
        rows.clear();
    }

    private void add(History.Entry entry) {
        chunk.add(entry);
        if (chunk.size() == CHUNK) {
            undoChunk();
        }
    }

    private void undoChunk() {
        if (chunk.isEmpty()) {
            return;
        }
        byte[][] current = (long) chunk.size() * scanShare > tableItems ? scanCurrent() : null;
        IntStream.range(0, (chunk.size() + BATCH - 1) / BATCH).parallel().forEach(b -> {
            int from = b * BATCH;
            int to = Math.min(chunk.size(), from + BATCH);
            List<byte[]> now;
            if (current != null) {
                now = Arrays.asList(current).subList(from, to);
            } else {
                List<byte[][]> rows = new ArrayList<>(to - from);
                for (History.Entry e : chunk.subList(from, to)) {
                    rows.add(new byte[][] {e.itemPartition(), e.itemClustering()});
                }
                now = store.getAll(TableStore.TABLE_SPACE, rows);
            }
            write(chunk.subList(from, to), now);
        });
        chunk.clear();
    }

    /** The current values of the chunk's items (null: absent), read in one pass over the table. */
    private byte[][] scanCurrent() {
        Map<String, Integer> positions = new HashMap<>(chunk.size() * 2);
        for (int i = 0; i < chunk.size(); i++) {
            positions.put(chunk.get(i).itemKey(), i);
        }
        byte[][] current = new byte[chunk.size()][];
        IntStream.range(0, SEGMENTS).parallel().forEach(segment -> {
            try (RowIterator rows = store.scan(TableStore.TABLE_SPACE, segment, SEGMENTS, null, null)) {
                while (rows.next()) {
                    Integer at = positions.get(History.itemKey(rows.partition(), rows.clustering()));
                    if (at != null) {
                        current[at] = rows.value();
                    }
                }
            }
        });
        return current;
    }

    private void write(List<History.Entry> entries, List<byte[]> now) {
        boolean raw = work.indexes().isEmpty(); // items of tables without indexes are never decoded
        WriteBatch batch = new WriteBatch();
        for (int i = 0; i < entries.size(); i++) {
            History.Entry e = entries.get(i);
            byte[] was = now.get(i);
            byte[] then = e.beforeImage();
            if (was == null && then == null) {
                continue;
            }
            if (raw) {
                work.addStoredWrite(batch, e.itemPartition(), e.itemClustering(), was, then);
            } else {
                work.addWrite(batch, was == null ? null : ItemCodec.decode(was),
                        then == null ? null : ItemCodec.decode(then));
            }
        }
        store.writeUnsynced(batch);
    }
}
