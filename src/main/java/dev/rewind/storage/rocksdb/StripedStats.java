package dev.rewind.storage.rocksdb;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.ReentrantLock;

import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

import dev.rewind.storage.RowKeyLayout;
import dev.rewind.storage.WriteBatch;

/**
 * A store's item-count and size counters, written as plain puts of absolute values rather than merges: RocksDB
 * cannot put a batch holding a merge into a parallel memtable write group, so with merges every write that changed a
 * count (every insert and delete) waited for the others one by one; with 64 clients deleting, that halved
 * DeleteItem's throughput.
 *
 * <p>Each counter is split into {@link RowKeyLayout#STATS_STRIPES} stripes; a thread owns one stripe (threads are
 * dealt stripes in turn, so the few HTTP threads never share one), keeps its value here and writes the new value in
 * the same atomic batch as the change it counts, holding the stripe's lock until that batch is written so that the
 * stripe's last written value is always its sum. Readers add the stripes up ({@link RowKeyLayout#statsPrefix}).
 */
final class StripedStats {
    private static final AtomicInteger NEXT_STRIPE = new AtomicInteger();
    private static final ThreadLocal<Integer> STRIPE = ThreadLocal.withInitial(
            () -> NEXT_STRIPE.getAndIncrement() % RowKeyLayout.STATS_STRIPES);
    private static final long UNKNOWN = Long.MIN_VALUE;

    private final ReentrantLock[] locks = new ReentrantLock[RowKeyLayout.STATS_STRIPES];
    /** Per space: count and size of every stripe ({@code [2 * stripe]}, {@code [2 * stripe + 1]}); UNKNOWN until read. */
    private final AtomicReferenceArray<long[]> values = new AtomicReferenceArray<>(256);

    StripedStats() {
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /** The calling thread's stripe. */
    static int stripe() {
        return STRIPE.get();
    }

    ReentrantLock lock(int stripe) {
        return locks[stripe];
    }

    /**
     * Adds the puts of the batch's new counter values to {@code wb} and takes them as the stripe's values; the caller
     * holds the stripe's lock until {@code wb} is written, and runs {@link #undo} if it is not.
     *
     * @param familyOf the column family of a space
     * @param undos where to add what puts the previous values back
     */
    void addTo(org.rocksdb.WriteBatch wb, WriteBatch batch, int stripe, RocksDB db,
            java.util.function.IntFunction<ColumnFamilyHandle> familyOf, List<Runnable> undos)
            throws RocksDBException {
        for (WriteBatch.StatsDelta delta : batch.stats()) {
            int space = delta.space();
            ColumnFamilyHandle cf = familyOf.apply(space);
            long[] v = valuesOf(space);
            long count = current(v, db, cf, space, 0, stripe) + delta.itemCountDelta();
            long bytes = current(v, db, cf, space, 1, stripe) + delta.sizeBytesDelta();
            wb.put(cf, RowKeyLayout.statsKey(space, 0, stripe), RowKeyLayout.longLe(count));
            wb.put(cf, RowKeyLayout.statsKey(space, 1, stripe), RowKeyLayout.longLe(bytes));
            v[2 * stripe] = count; // seen by a later delta of the same space in this batch; undone on failure
            v[2 * stripe + 1] = bytes;
            long oldCount = count - delta.itemCountDelta();
            long oldBytes = bytes - delta.sizeBytesDelta();
            undos.add(() -> {
                v[2 * stripe] = oldCount;
                v[2 * stripe + 1] = oldBytes;
            });
        }
    }

    /** Counter {@code which} of a space as stored: the sum of its stripes, read with {@code options}. */
    static long sum(RocksDB db, ColumnFamilyHandle cf, org.rocksdb.ReadOptions options, int space, int which) {
        byte[] prefix = RowKeyLayout.statsPrefix(space, which);
        long sum = 0;
        try (org.rocksdb.RocksIterator it = db.newIterator(cf, options)) {
            for (it.seek(prefix); it.isValid(); it.next()) {
                byte[] key = it.key();
                if (key.length != prefix.length + 1 || !Arrays.equals(key, 0, prefix.length, prefix, 0,
                        prefix.length)) {
                    break;
                }
                sum += RowKeyLayout.readLongLe(it.value());
            }
        }
        return sum;
    }

    /** Puts back the values a batch that was not written had taken (the actions {@link #addTo} added). */
    static void undo(List<Runnable> undos) {
        for (int i = undos.size() - 1; i >= 0; i--) {
            undos.get(i).run();
        }
    }

    /** Forgets a space's values (its counters were deleted); the caller holds every stripe's lock. */
    void reset(int space) {
        values.set(space, null);
    }

    private long[] valuesOf(int space) {
        long[] v = values.get(space);
        if (v == null) {
            v = new long[2 * RowKeyLayout.STATS_STRIPES];
            Arrays.fill(v, UNKNOWN);
            if (!values.compareAndSet(space, null, v)) {
                v = values.get(space);
            }
        }
        return v;
    }

    private static long current(long[] v, RocksDB db, ColumnFamilyHandle cf, int space, int which, int stripe)
            throws RocksDBException {
        int i = 2 * stripe + which;
        if (v[i] == UNKNOWN) {
            v[i] = RowKeyLayout.readLongLe(db.get(cf, RowKeyLayout.statsKey(space, which, stripe)));
        }
        return v[i];
    }
}
