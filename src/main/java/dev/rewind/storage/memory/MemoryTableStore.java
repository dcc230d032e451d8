package dev.rewind.storage.memory;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import dev.rewind.storage.RowIterator;
import dev.rewind.storage.RowKeyLayout;
import dev.rewind.storage.RowKeys;
import dev.rewind.storage.StripedLocks;
import dev.rewind.storage.TableStore;
import dev.rewind.storage.WriteBatch;

/** A table's rows in a sorted map with the same layout as on RocksDB. */
final class MemoryTableStore implements TableStore {
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final ConcurrentSkipListMap<byte[], byte[]> rows = new ConcurrentSkipListMap<>(Arrays::compareUnsigned);
    private final StripedLocks locks = new StripedLocks(1024);
    /** Batches apply under the write lock so that a snapshot (read lock) sees each whole or not at all. */
    private final ReentrantReadWriteLock batchLock = new ReentrantReadWriteLock();

    @Override
    public byte[] get(int space, byte[] partition, byte[] clustering) {
        return rows.get(RowKeyLayout.rowKey(space, partition, clustering));
    }

    @Override
    public RowIterator range(int space, byte[] partition, byte[] lowerInclusive, byte[] upperExclusive,
            boolean reverse) {
        byte[][] bounds = RowKeyLayout.rangeBounds(space, partition, lowerInclusive, upperExclusive);
        byte[] lower = bounds[0];
        byte[] upper = bounds[1];
        NavigableMap<byte[], byte[]> sub = upper == null ? rows.tailMap(lower, true) : rows.subMap(lower, true, upper, false);
        return iterate(reverse ? sub.descendingMap() : sub);
    }

    @Override
    public long approximateBytes(int space, byte[] partition, byte[] lowerInclusive, byte[] upperExclusive) {
        byte[][] bounds = RowKeyLayout.rangeBounds(space, partition, lowerInclusive, upperExclusive);
        long bytes = 0;
        for (Map.Entry<byte[], byte[]> row : rows.subMap(bounds[0], true, bounds[1], false).entrySet()) {
            bytes += row.getKey().length + row.getValue().length;
        }
        return bytes;
    }

    @Override
    public RowIterator scan(int space, int segment, int totalSegments, byte[] startPartition, byte[] startClustering) {
        return scanOf(rows, space, segment, totalSegments, startPartition, startClustering);
    }

    private static RowIterator scanOf(NavigableMap<byte[], byte[]> map, int space, int segment, int totalSegments,
            byte[] startPartition, byte[] startClustering) {
        byte[][] bounds = RowKeyLayout.scanBounds(space, segment, totalSegments, startPartition, startClustering);
        return iterate(map.subMap(bounds[0], true, bounds[1], false));
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
        batchLock.writeLock().lock();
        try {
            apply(batch);
        } finally {
            batchLock.writeLock().unlock();
        }
        return DONE;
    }

    @Override
    public java.util.List<byte[]> getAll(int space, java.util.List<byte[][]> keys) {
        java.util.List<byte[]> values = new java.util.ArrayList<>(keys.size());
        for (byte[][] k : keys) {
            values.add(get(space, k[0], k[1]));
        }
        return values;
    }

    @Override
    public void writeUnsynced(WriteBatch batch) {
        write(batch);
    }

    @Override
    public void sync() {
        // nothing is durable in memory
    }

    /** The lock that makes a batch atomic for snapshot readers; held across stores by the engine's atomic write. */
    java.util.concurrent.locks.Lock batchWriteLock() {
        return batchLock.writeLock();
    }

    void apply(WriteBatch batch) {
        for (WriteBatch.Mutation m : batch.mutations()) {
            if (m.clustering() == null) {
                byte[] prefix = RowKeyLayout.partitionPrefix(m.space(), m.partition());
                rows.subMap(prefix, RowKeyLayout.successor(prefix)).clear();
                continue;
            }
            byte[] key = RowKeyLayout.rowKey(m.space(), m.partition(), m.clustering());
            if (m.value() == null) {
                rows.remove(key);
            } else {
                rows.put(key, m.value());
            }
        }
        for (WriteBatch.StatsDelta s : batch.stats()) {
            addStat(RowKeyLayout.statsKey(s.space(), 0, 0), s.itemCountDelta());
            addStat(RowKeyLayout.statsKey(s.space(), 1, 0), s.sizeBytesDelta());
        }
    }

    /** One stripe: a map's merge does not contend as RocksDB's memtable does. */
    private void addStat(byte[] key, long delta) {
        rows.merge(key, RowKeyLayout.longLe(delta),
                (a, b) -> RowKeyLayout.longLe(RowKeyLayout.readLongLe(a) + RowKeyLayout.readLongLe(b)));
    }

    /**
     * A copy at one instant of the rows of the spaces {@link dev.rewind.storage.StorageEngine#cloneTableStore} names:
     * the items and index entries if {@code withRows}, and the log spaces listed (O(n): the in-memory engine has no
     * cheaper way).
     */
    MemoryTableStore copy(boolean withRows, int... logSpaces) {
        MemoryTableStore copy = new MemoryTableStore();
        batchLock.readLock().lock();
        try {
            copy.rows.putAll(rows);
        } finally {
            batchLock.readLock().unlock();
        }
        java.util.Set<Integer> kept = new java.util.HashSet<>();
        for (int space : logSpaces) {
            kept.add(space);
        }
        for (int space = 0; space < (RowKeyLayout.STATS_SPACE & 0xFF); space++) {
            if (space < FIRST_LOG_SPACE ? !withRows : !kept.contains(space)) {
                clearSpace(copy.rows, space);
            }
        }
        return copy;
    }

    @Override
    public void deleteSpace(int space) {
        batchLock.writeLock().lock();
        try {
            clearSpace(rows, space);
        } finally {
            batchLock.writeLock().unlock();
        }
    }

    /** Removes a space's rows and its statistics (kept in stripe 0 here). */
    private static void clearSpace(NavigableMap<byte[], byte[]> rows, int space) {
        rows.subMap(RowKeyLayout.spaceStart(space), RowKeyLayout.spaceEnd(space)).clear();
        rows.remove(RowKeyLayout.statsKey(space, 0, 0));
        rows.remove(RowKeyLayout.statsKey(space, 1, 0));
    }

    @Override
    public SpaceStats stats(int space) {
        return statsOf(rows, space);
    }

    private static SpaceStats statsOf(Map<byte[], byte[]> map, int space) {
        long count = RowKeyLayout.readLongLe(map.get(RowKeyLayout.statsKey(space, 0, 0)));
        long bytes = RowKeyLayout.readLongLe(map.get(RowKeyLayout.statsKey(space, 1, 0)));
        return new SpaceStats(Math.max(0, count), Math.max(0, bytes));
    }

    @Override
    public StoreSnapshot snapshot() {
        ConcurrentSkipListMap<byte[], byte[]> copy;
        batchLock.readLock().lock();
        try {
            copy = rows.clone();
        } finally {
            batchLock.readLock().unlock();
        }
        return new StoreSnapshot() {
            @Override
            public byte[] get(int space, byte[] partition, byte[] clustering) {
                return copy.get(RowKeyLayout.rowKey(space, partition, clustering));
            }

            @Override
            public RowIterator scan(int space, int segment, int totalSegments, byte[] startPartition,
                    byte[] startClustering) {
                return scanOf(copy, space, segment, totalSegments, startPartition, startClustering);
            }

            @Override
            public SpaceStats stats(int space) {
                return statsOf(copy, space);
            }

            @Override
            public void close() {
            }
        };
    }

    private static RowIterator iterate(NavigableMap<byte[], byte[]> map) {
        Iterator<Map.Entry<byte[], byte[]>> it = map.entrySet().iterator();
        return new RowIterator() {
            private Map.Entry<byte[], byte[]> current;

            @Override
            public boolean next() {
                current = it.hasNext() ? it.next() : null;
                return current != null;
            }

            @Override
            public byte[] partition() {
                return RowKeyLayout.partitionOf(current.getKey());
            }

            @Override
            public byte[] clustering() {
                return RowKeyLayout.clusteringOf(current.getKey());
            }

            @Override
            public byte[] value() {
                return current.getValue();
            }

            @Override
            public void close() {
            }
        };
    }
}
