package dev.rewind.backup;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import dev.rewind.model.ItemCodec;
import dev.rewind.storage.RowIterator;
import dev.rewind.storage.TableStore;
import dev.rewind.storage.WriteBatch;
import dev.rewind.table.History;
import dev.rewind.table.Table;
import dev.rewind.table.TableMetadata;

/**
 * Takes a clone of a table back to an instant: every item changed after the instant is put back as its first history
 * entry after the instant says it was. Cost: O(writes since the instant) to read the history (in parallel time
 * slices, see {@link #run}), O(items changed since the instant) to undo.
 *
 * <p>Changed items are undone in chunks of up to {@link #CHUNK} (bounded memory). Undoing an item needs what the
 * clone holds of it: its size, for the table's item count and size, and for a table with indexes the item itself, for
 * its index entries. The size comes from the item's last history row up to the clone, which records the size a write
 * left ({@link History#sizeAfter}), when that write was sealed before the clone was cut (so the clone holds it).
 * Other items are read: a few with multi-gets, more than a {@link #SCAN_SHARE}th of the table in one pass over the
 * table, which visits each data block once instead of once per key. A chunk's rows are then ingested
 * ({@link TableStore#ingest}: on RocksDB, sorted into table files), durable at once: a crash restarts the whole
 * restore.
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
    /**
     * History values read along with the rows, at most this many bytes for all slices together: past it a slice keeps
     * only its rows' keys and their values are fetched by key. System property {@code rewind.restore.valueBudget}
     * overrides it (tests).
     */
    static final long VALUE_BUDGET = Math.min(256L << 20, Runtime.getRuntime().maxMemory() / 8);

    private final TableMetadata definition;
    private final Supplier<TableStore> clone;
    private final TableStore history;
    /** The restored table's definition over the clone's store, once {@link #openClone} has it. */
    private Table work;
    private TableStore store;
    private long tableItems;
    /** Items of tables without indexes need only their size in the clone, which history rows may tell. */
    private final boolean sizesOnly;
    /** Every slice of history read, once {@link #run} has started them. */
    private List<CompletableFuture<Firsts>> reads = List.of();
    /** Writes stamped through it are in the clone. */
    private long sealedMillis;
    private final int scanShare = Integer.getInteger("rewind.restore.scanShare", SCAN_SHARE);
    private final long valueBudget = Long.getLong("rewind.restore.valueBudget", VALUE_BUDGET);
    private final List<History.Entry> chunk = new ArrayList<>();

    /**
     * @param definition the restored table's definition
     * @param clone the clone's store, asked for once the history is read (the clone may still be in the making
     *     while it is: {@link BackupService})
     * @param history the store whose history is read: the source table's (the clone has none)
     */
    HistoryUndo(TableMetadata definition, Supplier<TableStore> clone, TableStore history) {
        this.definition = definition;
        this.clone = clone;
        this.history = history;
        this.sizesOnly = BackupService.allIndexes(definition).isEmpty();
    }

    private void openClone() {
        if (store == null) {
            store = clone.get();
            work = new Table(definition, store);
            tableItems = store.stats(TableStore.TABLE_SPACE).itemCount();
        }
    }

    /**
     * Undoes every change stamped in (restoreMillis, untilMillis], then syncs. {@code sealedMillis}: a time through
     * which every write stamped is in the clone; {@code untilMillis}: a time by which every write the clone holds was
     * stamped.
     *
     * <p>History is read in time slices of about equal size, one per core, at the same time; each notes every item's
     * first entry in it (its history row, with its value while the budget lasts), then keeps the items no earlier
     * slice has. Each item is undone from the entry of the earliest slice that has it.
     */
    void run(long restoreMillis, long sealedMillis, long untilMillis) {
        this.sealedMillis = sealedMillis;
        long[] bounds = sliceBounds(restoreMillis + 1, untilMillis);
        int slices = bounds.length - 1;
        long budget = valueBudget / slices;
        List<CompletableFuture<Firsts>> reads = new ArrayList<>();
        this.reads = reads;
        CompletableFuture<Firsts> first = new CompletableFuture<>(); // read by this thread
        reads.add(first);
        for (int i = 1; i < slices; i++) {
            long a = bounds[i];
            long b = bounds[i + 1];
            reads.add(CompletableFuture.supplyAsync(() -> firstEntries(a, b, budget), ForkJoinPool.commonPool()));
        }
        List<CompletableFuture<NewItems>> later = new ArrayList<>();
        for (int i = 1; i < slices; i++) { // once it and every earlier slice are read
            List<CompletableFuture<Firsts>> upTo = reads.subList(0, i + 1);
            later.add(CompletableFuture.allOf(upTo.toArray(new CompletableFuture<?>[0]))
                    .thenApplyAsync(done -> newItems(upTo), ForkJoinPool.commonPool()));
        }
        try {
            try {
                first.complete(firstEntries(bounds[0], bounds[1], budget));
            } catch (RuntimeException e) {
                first.completeExceptionally(e);
                throw e;
            }
            addAll(newItems(reads.subList(0, 1)));
            for (CompletableFuture<NewItems> slice : later) {
                addAll(slice.join());
            }
            undoChunk();
            openClone();
        } finally {
            for (CompletableFuture<NewItems> slice : later) { // none still reads the store when it goes
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

    /**
     * Each item's first history row in a slice: the items (by id), each one's row clustering, and its value unless the
     * budget ran out; and by id, the commit millisecond of the item's last row in the slice and the size that row's
     * write left (see {@link History#sizeAfter}; not read for tables with indexes).
     */
    private record Firsts(ByteStringSet items, List<byte[]> clusterings, List<byte[]> values, long[] lastMillis,
            int[] lastSizes) {
    }

    /** A slice's first entries of items no earlier slice has: decoded where their values were read, else rows. */
    private record NewItems(List<History.Entry> read, List<byte[]> unread) {
    }

    /** The last slice's first entries of items no earlier slice has. Every slice given is read. */
    private NewItems newItems(List<CompletableFuture<Firsts>> upTo) {
        List<ByteStringSet> earlier = new ArrayList<>();
        for (CompletableFuture<Firsts> slice : upTo.subList(0, upTo.size() - 1)) {
            earlier.add(slice.join().items());
        }
        Firsts mine = upTo.get(upTo.size() - 1).join();
        List<History.Entry> read = new ArrayList<>(mine.clusterings().size());
        List<byte[]> unread = new ArrayList<>();
        for (int i = 0; i < mine.clusterings().size(); i++) {
            byte[] clustering = mine.clusterings().get(i);
            if (seenIn(earlier, clustering)) {
                continue;
            }
            byte[] value = mine.values().get(i);
            if (value != null) {
                read.add(History.Entry.decode(clustering, value));
            } else {
                unread.add(clustering);
            }
        }
        return new NewItems(read, unread);
    }

    /** Queues the undo of a slice's new items; values left unread are fetched by key, a batch at a time. */
    private void addAll(NewItems items) {
        items.read().forEach(this::add);
        List<byte[][]> rows = new ArrayList<>();
        for (byte[] clustering : items.unread()) {
            rows.add(new byte[][] {History.partition(History.bucketOf(History.millisOf(clustering))), clustering});
            if (rows.size() == BATCH) {
                fetch(rows);
            }
        }
        fetch(rows);
    }

    private static boolean seenIn(List<ByteStringSet> sets, byte[] clustering) {
        for (ByteStringSet set : sets) {
            if (set.find(clustering, History.ITEM_KEY_OFFSET, clustering.length - History.ITEM_KEY_OFFSET) >= 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Each item's first history row stamped in [fromMillis, toMillis), in time order, with the values of the first
     * ones up to {@code valueBudget} bytes.
     */
    private Firsts firstEntries(long fromMillis, long toMillis, long valueBudget) {
        ByteStringSet items = new ByteStringSet();
        List<byte[]> clusterings = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        long[] lastMillis = new long[1024];
        int[] lastSizes = new int[1024];
        byte[] prefix = new byte[History.SIZE_AFTER_BYTES];
        long budget = valueBudget;
        long last = History.bucketOf(toMillis - 1);
        for (long bucket = History.bucketOf(fromMillis); toMillis > fromMillis && bucket <= last; bucket++) {
            byte[] lower = bucket == History.bucketOf(fromMillis) ? History.after(fromMillis - 1) : null;
            byte[] upper = bucket == last ? History.after(toMillis - 1) : null;
            try (RowIterator rows = history.range(History.SPACE, History.partition(bucket), lower, upper, false)) {
                while (rows.next()) {
                    byte[] clustering = rows.clustering();
                    int id = items.add(clustering, History.ITEM_KEY_OFFSET,
                            clustering.length - History.ITEM_KEY_OFFSET);
                    byte[] value = null;
                    if (id >= 0) {
                        clusterings.add(clustering);
                        value = budget > 0 ? rows.value() : null;
                        budget -= value == null ? 0 : value.length;
                        values.add(value);
                        if (id == lastMillis.length) {
                            lastMillis = Arrays.copyOf(lastMillis, id * 2);
                            lastSizes = Arrays.copyOf(lastSizes, id * 2);
                        }
                    } else {
                        id = -1 - id; // a later change of an item: its before-image is not read
                    }
                    lastMillis[id] = History.millisOf(clustering);
                    if (sizesOnly) {
                        lastSizes[id] = value != null ? History.sizeAfter(value, value.length)
                                : History.sizeAfter(prefix, rows.value(prefix));
                    }
                }
            }
        }
        return new Firsts(items, clusterings, values, lastMillis, lastSizes);
    }

    /** Fetches the history rows named (partition, clustering) and queues their undo; empties the list. */
    private void fetch(List<byte[][]> rows) {
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
        openClone();
        int[] sizes = sizesInClone();
        int unknown = 0;
        for (int size : sizes) {
            unknown += size == History.UNKNOWN_SIZE ? 1 : 0;
        }
        byte[][] current = (long) unknown * scanShare > tableItems ? scanCurrent(sizes) : null;
        WriteBatch[] parts = new WriteBatch[(chunk.size() + BATCH - 1) / BATCH];
        IntStream.range(0, parts.length).parallel().forEach(b -> {
            int from = b * BATCH;
            int to = Math.min(chunk.size(), from + BATCH);
            byte[][] now = new byte[to - from][];
            if (current != null) {
                System.arraycopy(current, from, now, 0, to - from);
            } else {
                List<byte[][]> rows = new ArrayList<>();
                for (int i = from; i < to; i++) {
                    if (sizes[i] == History.UNKNOWN_SIZE) {
                        History.Entry e = chunk.get(i);
                        rows.add(new byte[][] {e.itemPartition(), e.itemClustering()});
                    }
                }
                List<byte[]> values = rows.isEmpty() ? List.of() : store.getAll(TableStore.TABLE_SPACE, rows);
                for (int i = from, next = 0; i < to; i++) {
                    if (sizes[i] == History.UNKNOWN_SIZE) {
                        now[i - from] = values.get(next++);
                    }
                }
            }
            parts[b] = undo(from, to, sizes, now);
        });
        WriteBatch all = new WriteBatch();
        for (WriteBatch part : parts) {
            all.addAll(part);
        }
        store.ingest(all);
        chunk.clear();
    }

    /**
     * Per item of the chunk, its size in the clone as the item's last history row up to the clone tells it
     * ({@link History#ABSENT_AFTER} for none), where the clone surely holds that row's write (stamped by the seal):
     * else {@link History#UNKNOWN_SIZE}, and the item is read. Tables with indexes read every item.
     */
    private int[] sizesInClone() {
        int[] sizes = new int[chunk.size()];
        Arrays.fill(sizes, History.UNKNOWN_SIZE);
        if (!sizesOnly) {
            return sizes;
        }
        List<Firsts> slices = new ArrayList<>();
        for (CompletableFuture<Firsts> read : reads) {
            slices.add(read.join());
        }
        for (int i = 0; i < sizes.length; i++) {
            History.Entry e = chunk.get(i);
            for (int s = slices.size() - 1; s >= 0; s--) { // the last slice with the item has its last row
                Firsts slice = slices.get(s);
                int id = slice.items().find(e.itemPartition(), e.itemClustering());
                if (id >= 0) {
                    sizes[i] = slice.lastMillis()[id] <= sealedMillis ? slice.lastSizes()[id] : History.UNKNOWN_SIZE;
                    break;
                }
            }
        }
        return sizes;
    }

    /** The current values of the chunk's items whose size is unknown (null: absent), in one pass over the table. */
    private byte[][] scanCurrent(int[] sizes) {
        ByteStringSet positions = new ByteStringSet(); // id = position in the chunk: its items are distinct
        for (History.Entry e : chunk) {
            positions.add(e.itemPartition(), e.itemClustering());
        }
        byte[][] current = new byte[chunk.size()][];
        IntStream.range(0, SEGMENTS).parallel().forEach(segment -> {
            try (RowIterator rows = store.scan(TableStore.TABLE_SPACE, segment, SEGMENTS, null, null)) {
                while (rows.next()) {
                    int at = positions.find(rows.partition(), rows.clustering());
                    if (at >= 0 && sizes[at] == History.UNKNOWN_SIZE) {
                        current[at] = rows.value();
                    }
                }
            }
        });
        return current;
    }

    /**
     * The writes that put the chunk's entries [from, to) back as they were, given each item's size in the clone
     * ({@code sizes}) or, where that is unknown, its value there ({@code now}, from index {@code from}).
     */
    private WriteBatch undo(int from, int to, int[] sizes, byte[][] now) {
        WriteBatch batch = new WriteBatch();
        for (int i = from; i < to; i++) {
            History.Entry e = chunk.get(i);
            byte[] was = now[i - from];
            byte[] then = e.beforeImage();
            boolean known = sizes[i] != History.UNKNOWN_SIZE;
            if ((known ? sizes[i] < 0 : was == null) && then == null) {
                continue;
            }
            if (sizesOnly) { // items of tables without indexes are never decoded
                work.addStoredWrite(batch, e.itemPartition(), e.itemClustering(),
                        known ? sizes[i] : was == null ? -1 : ItemCodec.size(was), then);
            } else {
                work.addWrite(batch, was == null ? null : ItemCodec.decode(was),
                        then == null ? null : ItemCodec.decode(then));
            }
        }
        return batch;
    }
}
