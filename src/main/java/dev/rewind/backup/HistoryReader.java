package dev.rewind.backup;

import java.util.function.Predicate;

import dev.rewind.storage.RowIterator;
import dev.rewind.storage.TableStore;
import dev.rewind.table.History;

/** Reads a table's point-in-time history between two instants, in commit order or its reverse. */
public final class HistoryReader {
    private HistoryReader() {
    }

    /**
     * Visits the history entries stamped in [fromMillis, toMillis], oldest first when {@code forward}, resuming after
     * the entry whose history clustering is {@code after} (null: from the start), until the visitor returns false.
     */
    public static void read(TableStore store, long fromMillis, long toMillis, boolean forward, byte[] after,
            Predicate<History.Entry> visitor) {
        long firstBucket = History.bucketOf(fromMillis);
        long lastBucket = History.bucketOf(toMillis);
        byte[] lowerAll = timestampBytes(fromMillis << 16);
        byte[] upperAll = timestampBytes((toMillis + 1) << 16);
        long startBucket = forward ? firstBucket : lastBucket;
        if (after != null) {
            startBucket = History.bucketOf(History.millisOf(after));
        }
        for (long bucket = startBucket; forward ? bucket <= lastBucket : bucket >= firstBucket;
                bucket += forward ? 1 : -1) {
            byte[] lower = lowerAll;
            byte[] upper = upperAll;
            if (after != null && bucket == startBucket) {
                if (forward) {
                    lower = max(lower, concat(after, new byte[] {0}));
                } else {
                    upper = min(upper, after);
                }
            }
            try (RowIterator rows = store.range(History.SPACE, History.partition(bucket), lower, upper, !forward)) {
                while (rows.next()) {
                    if (!visitor.test(History.Entry.decode(rows.clustering(), rows.value()))) {
                        return;
                    }
                }
            }
        }
    }

    /** The history clustering of an entry, for resuming after it. */
    public static byte[] positionOf(History.Entry entry) {
        return History.clustering(entry.timestamp(), entry.itemPartition(), entry.itemClustering());
    }

    private static byte[] timestampBytes(long ts) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (ts >>> (56 - 8 * i));
        }
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static byte[] max(byte[] a, byte[] b) {
        return java.util.Arrays.compareUnsigned(a, b) >= 0 ? a : b;
    }

    private static byte[] min(byte[] a, byte[] b) {
        return java.util.Arrays.compareUnsigned(a, b) <= 0 ? a : b;
    }
}
