package dev.rewind.storage.rocksdb;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.FlushOptions;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.Snapshot;

import dev.rewind.error.StorageException;
import dev.rewind.storage.RowIterator;
import dev.rewind.storage.RowKeyLayout;
import dev.rewind.storage.RowKeys;
import dev.rewind.storage.StripedLocks;
import dev.rewind.storage.TableStore;
import dev.rewind.storage.WriteBatch;

/**
 * A table's rows laid out by {@link RowKeyLayout} in one RocksDB column family, its log spaces in a second one
 * (see {@link RocksDbEngine}).
 */
final class RocksTableStore implements TableStore {
    /** An ingest writes its table files on up to this many threads, each file of at least INGEST_MIN_ROWS rows. */
    private static final int INGEST_THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());
    private static final int INGEST_MIN_ROWS = 20_000;
    private static final java.util.Comparator<Row> BY_KEY = (a, b) -> java.util.Arrays.compareUnsigned(a.key, b.key);

    private final RocksDbEngine engine;
    private final String name;
    private final ColumnFamilyHandle family;
    private final StripedLocks locks = new StripedLocks(1024);
    private final StripedStats stats = new StripedStats();
    /** Log column families by space - FIRST_LOG_SPACE, looked up once. */
    private final java.util.concurrent.atomic.AtomicReferenceArray<ColumnFamilyHandle> logs =
            new java.util.concurrent.atomic.AtomicReferenceArray<>(256 - FIRST_LOG_SPACE);

    RocksTableStore(RocksDbEngine engine, String name, ColumnFamilyHandle family) {
        this.engine = engine;
        this.name = name;
        this.family = family;
    }

    /** The column family of a space; null for a log space of a store without logs, unless {@code create}. */
    private ColumnFamilyHandle familyOf(int space, boolean create) {
        if (space < FIRST_LOG_SPACE) {
            return family;
        }
        ColumnFamilyHandle log = logs.get(space - FIRST_LOG_SPACE);
        if (log == null) {
            log = engine.logFamily(name, space, create);
            if (log != null) {
                logs.set(space - FIRST_LOG_SPACE, log);
            }
        }
        return log;
    }

    @Override
    public byte[] get(int space, byte[] partition, byte[] clustering) {
        ColumnFamilyHandle cf = familyOf(space, false);
        try {
            return cf == null ? null : engine.db().get(cf, RowKeyLayout.rowKey(space, partition, clustering));
        } catch (RocksDBException e) {
            throw new StorageException("read failed", e);
        }
    }

    @Override
    public List<byte[]> getAll(int space, List<byte[][]> rows) {
        ColumnFamilyHandle cf = familyOf(space, false);
        if (cf == null) {
            return java.util.Arrays.asList(new byte[rows.size()][]);
        }
        List<byte[]> keys = new ArrayList<>(rows.size());
        for (byte[][] r : rows) {
            keys.add(RowKeyLayout.rowKey(space, r[0], r[1]));
        }
        try {
            return engine.db().multiGetAsList(java.util.Collections.nCopies(keys.size(), cf), keys);
        } catch (RocksDBException e) {
            throw new StorageException("read failed", e);
        }
    }

    @Override
    public RowIterator range(int space, byte[] partition, byte[] lowerInclusive, byte[] upperExclusive,
            boolean reverse) {
        byte[][] bounds = RowKeyLayout.rangeBounds(space, partition, lowerInclusive, upperExclusive);
        return iterate(familyOf(space, false), null, bounds[0], bounds[1], reverse);
    }

    @Override
    public long approximateBytes(int space, byte[] partition, byte[] lowerInclusive, byte[] upperExclusive) {
        ColumnFamilyHandle cf = familyOf(space, false);
        if (cf == null) {
            return 0;
        }
        byte[][] bounds = RowKeyLayout.rangeBounds(space, partition, lowerInclusive, upperExclusive);
        try (Slice start = new Slice(bounds[0]); Slice limit = new Slice(bounds[1])) {
            return engine.db().getApproximateSizes(cf, java.util.List.of(new org.rocksdb.Range(start, limit)),
                    org.rocksdb.SizeApproximationFlag.INCLUDE_FILES,
                    org.rocksdb.SizeApproximationFlag.INCLUDE_MEMTABLES)[0];
        }
    }

    @Override
    public long unflushedBytes(int space) {
        ColumnFamilyHandle cf = familyOf(space, false);
        if (cf == null || space < FIRST_LOG_SPACE) { // item and index spaces share their memtables
            return 0;
        }
        try {
            return engine.db().getLongProperty(cf, "rocksdb.cur-size-all-mem-tables");
        } catch (RocksDBException e) {
            throw new StorageException("cannot read memtable size", e);
        }
    }

    @Override
    public void flush(int space) {
        ColumnFamilyHandle cf = familyOf(space, false);
        if (cf == null) {
            return;
        }
        try (FlushOptions fo = new FlushOptions().setWaitForFlush(true)) {
            engine.db().flush(fo, cf);
        } catch (RocksDBException e) {
            throw new StorageException("flush failed", e);
        }
    }

    @Override
    public RowIterator scan(int space, int segment, int totalSegments, byte[] startPartition, byte[] startClustering) {
        return scanAt(null, space, segment, totalSegments, startPartition, startClustering);
    }

    private RowIterator scanAt(Snapshot snapshot, int space, int segment, int totalSegments, byte[] startPartition,
            byte[] startClustering) {
        byte[][] bounds = RowKeyLayout.scanBounds(space, segment, totalSegments, startPartition, startClustering);
        return iterate(familyOf(space, false), snapshot, bounds[0], bounds[1], false);
    }

    @Override
    public int segmentOf(byte[] partition, int totalSegments) {
        return RowKeys.segmentOf(RowKeys.partitionHash(partition), totalSegments);
    }

    @Override
    public RowLock lock(byte[] partition, byte[] clustering) {
        return locks.lock(partition, clustering);
    }

    @Override
    public void awaitRowLocks() {
        locks.barrier();
    }

    @Override
    public RowLock lockRows(java.util.List<byte[][]> rows) {
        return locks.lockAll(rows);
    }

    @Override
    public CompletableFuture<Void> write(WriteBatch batch) {
        try {
            writeUnsynced(batch);
        } catch (StorageException e) {
            return CompletableFuture.failedFuture(e);
        }
        return engine.committer.awaitSync();
    }

    @Override
    public void sync() {
        engine.committer.awaitSync().join();
    }

    @Override
    public void writeUnsynced(WriteBatch batch) {
        int stripe = StripedStats.stripe();
        java.util.concurrent.locks.ReentrantLock statsLock = batch.stats().isEmpty() ? null : stats.lock(stripe);
        if (statsLock != null) {
            statsLock.lock();
        }
        List<Runnable> undos = new ArrayList<>(0);
        try (org.rocksdb.WriteBatch wb = new org.rocksdb.WriteBatch()) {
            addTo(wb, batch, stripe, undos);
            engine.db().write(engine.unsyncedWrite, wb);
        } catch (RocksDBException e) {
            StripedStats.undo(undos);
            throw new StorageException("write failed", e);
        } catch (RuntimeException e) {
            StripedStats.undo(undos);
            throw e;
        } finally {
            if (statsLock != null) {
                statsLock.unlock();
            }
        }
    }

    String name() {
        return name;
    }

    StripedStats stats() {
        return stats;
    }

    /**
     * Adds a batch's changes to a RocksDB batch (which may span several stores' column families), its statistics in
     * stripe {@code stripe}, whose lock the caller holds if the batch has any (see {@link StripedStats}).
     */
    void addTo(org.rocksdb.WriteBatch wb, WriteBatch batch, int stripe, List<Runnable> undos)
            throws RocksDBException {
        for (WriteBatch.Mutation m : batch.mutations()) {
            ColumnFamilyHandle cf = familyOf(m.space(), true);
            if (m.clustering() == null) {
                byte[] prefix = RowKeyLayout.partitionPrefix(m.space(), m.partition());
                byte[] end = RowKeyLayout.successor(prefix);
                if (cf != family) {
                    dropLogFiles(cf, prefix, end);
                }
                wb.deleteRange(cf, prefix, end);
                continue;
            }
            byte[] key = RowKeyLayout.rowKey(m.space(), m.partition(), m.clustering());
            if (m.value() == null) {
                wb.delete(cf, key);
            } else {
                wb.put(cf, key, m.value());
            }
        }
        if (!batch.stats().isEmpty()) {
            stats.addTo(wb, batch, stripe, engine.db(), space -> familyOf(space, true), undos);
        }
    }

    /**
     * Drops the log files lying wholly in [start, end) before the range deletion is written: log files are only
     * appended to, and a range deletion alone would keep their space until a compaction that appending never
     * triggers. Log rows are never overwritten, so dropping files first resurrects nothing.
     */
    private void dropLogFiles(ColumnFamilyHandle logFamily, byte[] start, byte[] end) throws RocksDBException {
        engine.db().deleteFilesInRanges(logFamily, java.util.List.of(start, end), false);
    }

    @Override
    public void deleteSpace(int space) {
        ColumnFamilyHandle cf = familyOf(space, false);
        if (cf == null) {
            return;
        }
        for (int s = 0; s < RowKeyLayout.STATS_STRIPES; s++) {
            stats.lock(s).lock();
        }
        try (org.rocksdb.WriteBatch wb = new org.rocksdb.WriteBatch()) {
            if (cf != family) {
                dropLogFiles(cf, RowKeyLayout.spaceStart(space), RowKeyLayout.spaceEnd(space));
            }
            wb.deleteRange(cf, RowKeyLayout.spaceStart(space), RowKeyLayout.spaceEnd(space));
            for (int which = 0; which < 2; which++) {
                byte[] counter = RowKeyLayout.statsPrefix(space, which);
                wb.deleteRange(cf, counter, RowKeyLayout.successor(counter));
            }
            engine.db().write(engine.syncedWrite, wb);
            stats.reset(space);
        } catch (RocksDBException e) {
            throw new StorageException("delete failed", e);
        } finally {
            for (int s = RowKeyLayout.STATS_STRIPES - 1; s >= 0; s--) {
                stats.lock(s).unlock();
            }
        }
    }

    @Override
    public SpaceStats stats(int space) {
        return statsAt(null, space);
    }

    private SpaceStats statsAt(Snapshot snapshot, int space) {
        ColumnFamilyHandle cf = familyOf(space, false);
        if (cf == null) {
            return new SpaceStats(0, 0);
        }
        try (ReadOptions ro = new ReadOptions()) {
            if (snapshot != null) {
                ro.setSnapshot(snapshot);
            }
            long count = StripedStats.sum(engine.db(), cf, ro, space, 0);
            long bytes = StripedStats.sum(engine.db(), cf, ro, space, 1);
            return new SpaceStats(Math.max(0, count), Math.max(0, bytes));
        }
    }

    @Override
    public StoreSnapshot snapshot() {
        Snapshot snapshot = engine.db().getSnapshot();
        return new StoreSnapshot() {
            @Override
            public byte[] get(int space, byte[] partition, byte[] clustering) {
                ColumnFamilyHandle cf = familyOf(space, false);
                if (cf == null) {
                    return null;
                }
                try (ReadOptions ro = new ReadOptions().setSnapshot(snapshot)) {
                    return engine.db().get(cf, ro, RowKeyLayout.rowKey(space, partition, clustering));
                } catch (RocksDBException e) {
                    throw new StorageException("read failed", e);
                }
            }

            @Override
            public RowIterator scan(int space, int segment, int totalSegments, byte[] startPartition,
                    byte[] startClustering) {
                return scanAt(snapshot, space, segment, totalSegments, startPartition, startClustering);
            }

            @Override
            public SpaceStats stats(int space) {
                return statsAt(snapshot, space);
            }

            @Override
            public void close() {
                engine.db().releaseSnapshot(snapshot);
            }
        };
    }

    /**
     * Sorts the rows into table files, written in parallel over disjoint key ranges, and ingests them: RocksDB syncs
     * the files and its manifest, and the rows skip the WAL, the memtable and a later flush. The statistics then go
     * through the WAL, synced.
     */
    @Override
    public void ingest(WriteBatch batch) {
        List<WriteBatch.Mutation> mutations = batch.mutations();
        Row[] rows = new Row[mutations.size()];
        for (int i = 0; i < rows.length; i++) {
            WriteBatch.Mutation m = mutations.get(i);
            if (m.clustering() == null || m.space() >= FIRST_LOG_SPACE) {
                TableStore.super.ingest(batch); // partition deletions and logs: not for table files
                return;
            }
            rows[i] = new Row(RowKeyLayout.rowKey(m.space(), m.partition(), m.clustering()), m.value());
        }
        sortStably(rows);
        int distinct = 0;
        for (int i = 0; i < rows.length; i++) { // of equal keys the last wins
            if (i + 1 < rows.length && java.util.Arrays.equals(rows[i].key, rows[i + 1].key)) {
                continue;
            }
            rows[distinct++] = rows[i];
        }
        int parts = distinct == 0 ? 0 : (int) Math.max(1, Math.min(INGEST_THREADS, distinct / INGEST_MIN_ROWS));
        List<String> files = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            files.add(engine.ingestFile().toString());
        }
        int total = distinct;
        try {
            java.util.stream.IntStream.range(0, parts).parallel().forEach(p -> writeTableFile(files.get(p), rows,
                    (int) ((long) total * p / parts), (int) ((long) total * (p + 1) / parts)));
            if (parts > 0) {
                try (org.rocksdb.IngestExternalFileOptions options = new org.rocksdb.IngestExternalFileOptions()
                        .setMoveFiles(true)) {
                    engine.db().ingestExternalFile(family, files, options);
                }
            }
        } catch (RocksDBException e) {
            throw new StorageException("ingest failed: " + e.getMessage(), e);
        } finally {
            for (String f : files) {
                new java.io.File(f).delete(); // moved into the store, or left by a failure
            }
        }
        if (!batch.stats().isEmpty()) {
            WriteBatch stats = new WriteBatch();
            batch.stats().forEach(d -> stats.addStats(d.space(), d.itemCountDelta(), d.sizeBytesDelta()));
            write(stats).join();
        }
    }

    private record Row(byte[] key, byte[] value) {
    }

    /**
     * Sorts rows by key, rows of equal keys in their order. Sorting the objects by comparator alone chases two
     * pointers a comparison; instead each row's first 5 key bytes (space and partition hash, see
     * {@link RowKeyLayout}) and its position are packed into a long and those are sorted, and only runs of rows
     * with the same 5 bytes (rows of one partition, mostly) are sorted by comparator.
     */
    private static void sortStably(Row[] rows) {
        int n = rows.length;
        if (n >= 1 << 24) {
            java.util.Arrays.sort(rows, BY_KEY); // stable
            return;
        }
        long[] order = new long[n];
        for (int i = 0; i < n; i++) {
            byte[] k = rows[i].key;
            long prefix = 0;
            for (int j = 0; j < 5; j++) {
                prefix = (prefix << 8) | (j < k.length ? k[j] & 0xFF : 0);
            }
            order[i] = (prefix << 24) | i; // 40 + 24 bits: non-negative, so signed order is unsigned order
        }
        java.util.Arrays.sort(order);
        Row[] sorted = new Row[n];
        for (int i = 0; i < n; i++) {
            sorted[i] = rows[(int) (order[i] & 0xFFFFFF)];
        }
        for (int start = 0; start < n;) {
            int end = start + 1;
            while (end < n && order[end] >>> 24 == order[start] >>> 24) {
                end++;
            }
            if (end - start > 1) {
                java.util.Arrays.sort(sorted, start, end, BY_KEY); // stable; the run is in position order
            }
            start = end;
        }
        System.arraycopy(sorted, 0, rows, 0, n);
    }

    /** Writes rows [from, to), sorted and distinct, into a new table file. */
    private void writeTableFile(String file, Row[] rows, int from, int to) {
        try (org.rocksdb.EnvOptions env = new org.rocksdb.EnvOptions();
                org.rocksdb.SstFileWriter writer = new org.rocksdb.SstFileWriter(env, engine.ingestOptions())) {
            writer.open(file);
            for (int i = from; i < to; i++) {
                if (rows[i].value == null) {
                    writer.delete(rows[i].key);
                } else {
                    writer.put(rows[i].key, rows[i].value);
                }
            }
            writer.finish();
        } catch (RocksDBException e) {
            throw new StorageException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private RowIterator iterate(ColumnFamilyHandle cf, Snapshot snapshot, byte[] lower, byte[] upper,
            boolean reverse) {
        if (cf == null) {
            return RowIterator.EMPTY;
        }
        ReadOptions ro = new ReadOptions();
        if (snapshot != null) {
            ro.setSnapshot(snapshot);
        }
        Slice lowerSlice = new Slice(lower);
        Slice upperSlice = upper == null ? null : new Slice(upper);
        ro.setIterateLowerBound(lowerSlice);
        if (upperSlice != null) {
            ro.setIterateUpperBound(upperSlice);
        }
        RocksIterator it = engine.db().newIterator(cf, ro);
        if (reverse) {
            it.seekToLast();
        } else {
            it.seek(lower);
        }
        return new RowIterator() {
            private boolean started;
            private byte[] key;
            private byte[] value;

            @Override
            public boolean next() {
                if (started) {
                    if (reverse) {
                        it.prev();
                    } else {
                        it.next();
                    }
                }
                started = true;
                if (!it.isValid()) {
                    key = null;
                    return false;
                }
                key = it.key();
                value = null; // read on demand: scans that skip rows do not copy their values
                return true;
            }

            @Override
            public byte[] partition() {
                return RowKeyLayout.partitionOf(key);
            }

            @Override
            public byte[] clustering() {
                return RowKeyLayout.clusteringOf(key);
            }

            @Override
            public byte[] value() {
                if (value == null) {
                    value = it.value();
                }
                return value;
            }

            @Override
            public int value(byte[] into) {
                return value != null ? RowIterator.super.value(into) : it.value(into);
            }

            @Override
            public void close() {
                it.close();
                ro.close();
                lowerSlice.close();
                if (upperSlice != null) {
                    upperSlice.close();
                }
            }
        };
    }
}
