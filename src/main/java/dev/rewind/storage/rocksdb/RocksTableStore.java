package dev.rewind.storage.rocksdb;

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

/** A table's rows in one RocksDB column family, laid out by {@link RowKeyLayout}. */
final class RocksTableStore implements TableStore {
    private final RocksDbEngine engine;
    private final ColumnFamilyHandle family;
    private final StripedLocks locks = new StripedLocks(1024);

    RocksTableStore(RocksDbEngine engine, ColumnFamilyHandle family) {
        this.engine = engine;
        this.family = family;
    }

    @Override
    public byte[] get(int space, byte[] partition, byte[] clustering) {
        try {
            return engine.db().get(family, RowKeyLayout.rowKey(space, partition, clustering));
        } catch (RocksDBException e) {
            throw new StorageException("read failed", e);
        }
    }

    @Override
    public RowIterator range(int space, byte[] partition, byte[] lowerInclusive, byte[] upperExclusive,
            boolean reverse) {
        byte[][] bounds = RowKeyLayout.rangeBounds(space, partition, lowerInclusive, upperExclusive);
        return iterate(null, bounds[0], bounds[1], reverse);
    }

    @Override
    public RowIterator scan(int space, int segment, int totalSegments, byte[] startPartition, byte[] startClustering) {
        return scanAt(null, space, segment, totalSegments, startPartition, startClustering);
    }

    private RowIterator scanAt(Snapshot snapshot, int space, int segment, int totalSegments, byte[] startPartition,
            byte[] startClustering) {
        byte[][] bounds = RowKeyLayout.scanBounds(space, segment, totalSegments, startPartition, startClustering);
        return iterate(snapshot, bounds[0], bounds[1], false);
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
    public RowLock lockRows(java.util.List<byte[][]> rows) {
        return locks.lockAll(rows);
    }

    @Override
    public CompletableFuture<Void> write(WriteBatch batch) {
        try (org.rocksdb.WriteBatch wb = toRocks(batch)) {
            engine.db().write(engine.unsyncedWrite, wb);
        } catch (RocksDBException e) {
            return CompletableFuture.failedFuture(new StorageException("write failed", e));
        }
        return engine.committer.awaitSync();
    }

    private org.rocksdb.WriteBatch toRocks(WriteBatch batch) throws RocksDBException {
        org.rocksdb.WriteBatch wb = new org.rocksdb.WriteBatch();
        addTo(wb, batch);
        return wb;
    }

    /** Adds a batch's changes to a RocksDB batch (which may span several stores' column families). */
    void addTo(org.rocksdb.WriteBatch wb, WriteBatch batch) throws RocksDBException {
        for (WriteBatch.Mutation m : batch.mutations()) {
            if (m.clustering() == null) {
                byte[] prefix = RowKeyLayout.partitionPrefix(m.space(), m.partition());
                wb.deleteRange(family, prefix, RowKeyLayout.successor(prefix));
                continue;
            }
            byte[] key = RowKeyLayout.rowKey(m.space(), m.partition(), m.clustering());
            if (m.value() == null) {
                wb.delete(family, key);
            } else {
                wb.put(family, key, m.value());
            }
        }
        for (WriteBatch.StatsDelta s : batch.stats()) {
            if (s.itemCountDelta() != 0) {
                wb.merge(family, RowKeyLayout.statsKey(s.space(), 0), RowKeyLayout.longLe(s.itemCountDelta()));
            }
            if (s.sizeBytesDelta() != 0) {
                wb.merge(family, RowKeyLayout.statsKey(s.space(), 1), RowKeyLayout.longLe(s.sizeBytesDelta()));
            }
        }
    }

    @Override
    public void deleteSpace(int space) {
        try (org.rocksdb.WriteBatch wb = new org.rocksdb.WriteBatch()) {
            wb.deleteRange(family, RowKeyLayout.spaceStart(space), RowKeyLayout.spaceEnd(space));
            wb.delete(family, RowKeyLayout.statsKey(space, 0));
            wb.delete(family, RowKeyLayout.statsKey(space, 1));
            engine.db().write(engine.syncedWrite, wb);
        } catch (RocksDBException e) {
            throw new StorageException("delete failed", e);
        }
    }

    @Override
    public SpaceStats stats(int space) {
        return statsAt(null, space);
    }

    private SpaceStats statsAt(Snapshot snapshot, int space) {
        try (ReadOptions ro = new ReadOptions()) {
            if (snapshot != null) {
                ro.setSnapshot(snapshot);
            }
            long count = RowKeyLayout.readLongLe(engine.db().get(family, ro, RowKeyLayout.statsKey(space, 0)));
            long bytes = RowKeyLayout.readLongLe(engine.db().get(family, ro, RowKeyLayout.statsKey(space, 1)));
            return new SpaceStats(Math.max(0, count), Math.max(0, bytes));
        } catch (RocksDBException e) {
            throw new StorageException("read failed", e);
        }
    }

    @Override
    public StoreSnapshot snapshot() {
        Snapshot snapshot = engine.db().getSnapshot();
        return new StoreSnapshot() {
            @Override
            public byte[] get(int space, byte[] partition, byte[] clustering) {
                try (ReadOptions ro = new ReadOptions().setSnapshot(snapshot)) {
                    return engine.db().get(family, ro, RowKeyLayout.rowKey(space, partition, clustering));
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

    @Override
    public void bulkLoad(int space, RowIterator rows) {
        try (rows) {
            org.rocksdb.WriteBatch wb = new org.rocksdb.WriteBatch();
            try {
                while (rows.next()) {
                    wb.put(family, RowKeyLayout.rowKey(space, rows.partition(), rows.clustering()), rows.value());
                    if (wb.count() >= 4096) {
                        engine.db().write(engine.noWal, wb);
                        wb.close();
                        wb = new org.rocksdb.WriteBatch();
                    }
                }
                engine.db().write(engine.noWal, wb);
            } finally {
                wb.close();
            }
            try (FlushOptions fo = new FlushOptions().setWaitForFlush(true)) {
                engine.db().flush(fo, family);
            }
        } catch (RocksDBException e) {
            throw new StorageException("bulk load failed", e);
        }
    }

    private RowIterator iterate(Snapshot snapshot, byte[] lower, byte[] upper, boolean reverse) {
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
        RocksIterator it = engine.db().newIterator(family, ro);
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
                value = it.value();
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
                return value;
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
