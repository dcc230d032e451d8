package dev.rewind.table;

import java.util.Arrays;

import dev.rewind.model.ItemSize;

/**
 * Point-in-time history rows: every write to a table with PITR also records the item's previous state (its
 * before-image, or its absence) under the write's commit timestamp, in the same atomic batch.
 *
 * <p>On-disk format (do not change without a migration), in space {@link #SPACE} of the table's store:
 * partition = the hour of the commit ({@code millis / 3_600_000}, 4 bytes big-endian) so retention drops whole hours;
 * clustering = commit timestamp (8 bytes big-endian, see {@link CommitClock}) ‖ item partition length (2 bytes) ‖
 * item partition ‖ item clustering, so a partition reads in commit order; value = a flags byte (bit 0: the item existed
 * before the write, bit 1: it exists after it, bit 2: its size after it follows) ‖ that size (4 bytes big-endian,
 * {@link ItemSize}; when bit 2 is set) ‖ the item's stored bytes before the write (when bit 0 is set). Rows written
 * before bit 2 existed lack the size: {@link #sizeAfter} tells.
 */
public final class History {
    public static final int SPACE = dev.rewind.storage.TableStore.FIRST_LOG_SPACE;
    public static final long BUCKET_MILLIS = 3_600_000L;
    /** Where the item's key, partition ‖ clustering, starts in a history clustering (it runs to the end). */
    public static final int ITEM_KEY_OFFSET = 10;

    private History() {
    }

    public static long bucketOf(long millis) {
        return Math.floorDiv(millis, BUCKET_MILLIS);
    }

    public static byte[] partition(long bucket) {
        return new byte[] {(byte) (bucket >>> 24), (byte) (bucket >>> 16), (byte) (bucket >>> 8), (byte) bucket};
    }

    public static byte[] clustering(long timestamp, byte[] itemPartition, byte[] itemClustering) {
        byte[] c = new byte[10 + itemPartition.length + itemClustering.length];
        for (int i = 0; i < 8; i++) {
            c[i] = (byte) (timestamp >>> (56 - 8 * i));
        }
        c[8] = (byte) (itemPartition.length >>> 8);
        c[9] = (byte) itemPartition.length;
        System.arraycopy(itemPartition, 0, c, 10, itemPartition.length);
        System.arraycopy(itemClustering, 0, c, 10 + itemPartition.length, itemClustering.length);
        return c;
    }

    /** The clustering bound of everything stamped after {@code millis}. */
    public static byte[] after(long millis) {
        long first = (millis + 1) << 16;
        byte[] c = new byte[8];
        for (int i = 0; i < 8; i++) {
            c[i] = (byte) (first >>> (56 - 8 * i));
        }
        return c;
    }

    /** What {@link #sizeAfter} answers for a write that left no item. */
    public static final int ABSENT_AFTER = -1;
    /** What {@link #sizeAfter} answers for a write that left an item whose size the row does not hold. */
    public static final int UNKNOWN_SIZE = -2;
    /** The bytes at the start of a value that {@link #sizeAfter} reads. */
    public static final int SIZE_AFTER_BYTES = 5;

    /**
     * @param beforeImage the item's stored bytes before the write; null: there was none
     * @param sizeAfter the item's size ({@link ItemSize}) after the write; {@link #ABSENT_AFTER}: it was deleted
     */
    public static byte[] value(byte[] beforeImage, int sizeAfter) {
        int offset = sizeAfter < 0 ? 1 : SIZE_AFTER_BYTES;
        byte[] v = new byte[offset + (beforeImage == null ? 0 : beforeImage.length)];
        v[0] = (byte) ((beforeImage != null ? 1 : 0) | (sizeAfter >= 0 ? 2 | 4 : 0));
        if (sizeAfter >= 0) {
            v[1] = (byte) (sizeAfter >>> 24);
            v[2] = (byte) (sizeAfter >>> 16);
            v[3] = (byte) (sizeAfter >>> 8);
            v[4] = (byte) sizeAfter;
        }
        if (beforeImage != null) {
            System.arraycopy(beforeImage, 0, v, offset, beforeImage.length);
        }
        return v;
    }

    /**
     * The item's size after the write of a history row, from the first {@code length} bytes of its value (at least
     * {@link #SIZE_AFTER_BYTES}, or all of it): {@link #ABSENT_AFTER} if the write left no item, {@link #UNKNOWN_SIZE}
     * if the row does not hold it.
     */
    public static int sizeAfter(byte[] value, int length) {
        int flags = value[0];
        if ((flags & 2) == 0) {
            return ABSENT_AFTER;
        }
        if ((flags & 4) == 0 || length < SIZE_AFTER_BYTES) {
            return UNKNOWN_SIZE;
        }
        return ((value[1] & 0xFF) << 24) | ((value[2] & 0xFF) << 16) | ((value[3] & 0xFF) << 8) | (value[4] & 0xFF);
    }

    /**
     * Approximate stored bytes of the history rows stamped in [fromMillis, toMillis), which lie in one hour partition
     * ({@code toMillis} at most that hour's end); 0 if the range is empty.
     */
    public static long storedBytes(dev.rewind.storage.TableStore store, long fromMillis, long toMillis) {
        if (toMillis <= fromMillis) {
            return 0;
        }
        return store.approximateBytes(SPACE, partition(bucketOf(fromMillis)), after(fromMillis - 1),
                after(toMillis - 1));
    }

    /** The commit millisecond of a history row, from its clustering. */
    public static long millisOf(byte[] historyClustering) {
        return timestampOf(historyClustering) >>> 16;
    }

    /** The commit timestamp ({@link CommitClock}) of a history row, from its clustering. */
    private static long timestampOf(byte[] historyClustering) {
        long ts = 0;
        for (int i = 0; i < 8; i++) {
            ts = (ts << 8) | (historyClustering[i] & 0xFF);
        }
        return ts;
    }

    /** A decoded history row. */
    public record Entry(long timestamp, byte[] itemPartition, byte[] itemClustering, byte[] beforeImage,
            boolean existsAfter) {
        public static Entry decode(byte[] clustering, byte[] value) {
            long ts = timestampOf(clustering);
            int plen = ((clustering[8] & 0xFF) << 8) | (clustering[9] & 0xFF);
            byte[] p = Arrays.copyOfRange(clustering, ITEM_KEY_OFFSET, ITEM_KEY_OFFSET + plen);
            byte[] c = Arrays.copyOfRange(clustering, ITEM_KEY_OFFSET + plen, clustering.length);
            int offset = (value[0] & 4) == 0 ? 1 : SIZE_AFTER_BYTES;
            byte[] before = (value[0] & 1) == 0 ? null : Arrays.copyOfRange(value, offset, value.length);
            return new Entry(ts, p, c, before, (value[0] & 2) != 0);
        }

        /** INSERT, MODIFY or REMOVE, as DynamoDB Streams names the kinds of change. */
        public String eventName() {
            if (beforeImage == null) {
                return "INSERT";
            }
            return existsAfter ? "MODIFY" : "REMOVE";
        }
    }
}
