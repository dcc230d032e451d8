package dev.rewind.storage;

import java.util.Arrays;

/**
 * The byte layout of rows for ordered key-value engines (RocksDB, the in-memory engine).
 *
 * <p>On-disk format (do not change without a migration): a row key is
 * {@code space (1 byte) ‖ partitionHash (4 bytes, big-endian) ‖ partition length (2 bytes, big-endian) ‖ partition ‖
 * clustering}; in the log spaces ({@link TableStore#FIRST_LOG_SPACE} and up) the hash is 0, so their partitions (hours)
 * follow each other in byte order and the log is appended at its end. Statistics live under
 * {@code 0xFF ‖ space ‖ 0 ‖ stripe} (item count) and {@code 0xFF ‖ space ‖ 1 ‖ stripe} (size bytes) as 8-byte
 * little-endian counters updated by merge (uint64 add, negative deltas wrap), summed over the stripes.
 */
public final class RowKeyLayout {
    public static final int HEADER = 7;
    public static final byte STATS_SPACE = (byte) 0xFF;

    private RowKeyLayout() {
    }

    public static byte[] rowKey(int space, byte[] partition, byte[] clustering) {
        byte[] key = new byte[HEADER + partition.length + clustering.length];
        writeHeader(key, space, partition);
        System.arraycopy(clustering, 0, key, HEADER + partition.length, clustering.length);
        return key;
    }

    public static byte[] partitionPrefix(int space, byte[] partition) {
        byte[] key = new byte[HEADER + partition.length];
        writeHeader(key, space, partition);
        return key;
    }

    private static void writeHeader(byte[] key, int space, byte[] partition) {
        if (partition.length > 0xFFFF) {
            throw new IllegalArgumentException("partition too long: " + partition.length);
        }
        int hash = space >= TableStore.FIRST_LOG_SPACE ? 0 : RowKeys.partitionHash(partition);
        key[0] = (byte) space;
        key[1] = (byte) (hash >>> 24);
        key[2] = (byte) (hash >>> 16);
        key[3] = (byte) (hash >>> 8);
        key[4] = (byte) hash;
        key[5] = (byte) (partition.length >>> 8);
        key[6] = (byte) partition.length;
        System.arraycopy(partition, 0, key, HEADER, partition.length);
    }

    /** The first key of hash position {@code hash} (unsigned, may be 2^32 meaning past the end) in a space. */
    public static byte[] hashBound(int space, long hash) {
        if (hash >= (1L << 32)) {
            return new byte[] {(byte) (space + 1)};
        }
        return new byte[] {(byte) space, (byte) (hash >>> 24), (byte) (hash >>> 16), (byte) (hash >>> 8), (byte) hash};
    }

    public static byte[] spaceStart(int space) {
        return new byte[] {(byte) space};
    }

    public static byte[] spaceEnd(int space) {
        return new byte[] {(byte) (space + 1)};
    }

    public static int partitionLength(byte[] key) {
        return ((key[5] & 0xFF) << 8) | (key[6] & 0xFF);
    }

    public static byte[] partitionOf(byte[] key) {
        return Arrays.copyOfRange(key, HEADER, HEADER + partitionLength(key));
    }

    public static byte[] clusteringOf(byte[] key) {
        return Arrays.copyOfRange(key, HEADER + partitionLength(key), key.length);
    }

    /** Statistics counters are split into this many stripes, summed by readers (see StripedStats in storage.rocksdb). */
    public static final int STATS_STRIPES = 16;

    /** Stripe {@code stripe} of counter {@code which} (0: item count, 1: size bytes) of a space. */
    public static byte[] statsKey(int space, int which, int stripe) {
        return new byte[] {STATS_SPACE, (byte) space, (byte) which, (byte) stripe};
    }

    /** The prefix of every stripe of counter {@code which} of a space. */
    public static byte[] statsPrefix(int space, int which) {
        return new byte[] {STATS_SPACE, (byte) space, (byte) which};
    }

    /** The smallest byte string greater than every string that starts with {@code prefix}; null if none. */
    public static byte[] successor(byte[] prefix) {
        for (int i = prefix.length - 1; i >= 0; i--) {
            if (prefix[i] != (byte) 0xFF) {
                byte[] next = Arrays.copyOf(prefix, i + 1);
                next[i]++;
                return next;
            }
        }
        return null;
    }

    /**
     * The row keys of a range read within one partition: {lower inclusive, upper exclusive (null: none)}, for
     * clustering bounds as {@link dev.rewind.storage.TableStore#range} takes them (null: open). A null partition
     * stands for the whole space (as {@link dev.rewind.storage.TableStore#approximateBytes} takes it).
     */
    public static byte[][] rangeBounds(int space, byte[] partition, byte[] lowerInclusive, byte[] upperExclusive) {
        if (partition == null) {
            return new byte[][] {spaceStart(space), spaceEnd(space)};
        }
        byte[] prefix = partitionPrefix(space, partition);
        byte[] lower = lowerInclusive == null ? prefix : concat(prefix, lowerInclusive);
        byte[] upper = upperExclusive == null ? successor(prefix) : concat(prefix, upperExclusive);
        return new byte[][] {lower, upper};
    }

    /**
     * The row keys of segment {@code segment} of {@code total} of a space: {lower inclusive, upper exclusive},
     * starting after the row (startPartition, startClustering) when those are non-null.
     */
    public static byte[][] scanBounds(int space, int segment, int total, byte[] startPartition,
            byte[] startClustering) {
        byte[] lower = startPartition != null ? after(rowKey(space, startPartition, startClustering))
                : hashBound(space, RowKeys.segmentStart(segment, total));
        return new byte[][] {lower, hashBound(space, RowKeys.segmentStart(segment + 1, total))};
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /** The smallest key strictly greater than {@code key}. */
    public static byte[] after(byte[] key) {
        return Arrays.copyOf(key, key.length + 1);
    }

    public static byte[] longLe(long v) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (v >>> (8 * i));
        }
        return b;
    }

    public static long readLongLe(byte[] b) {
        if (b == null) {
            return 0;
        }
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v |= (b[i] & 0xFFL) << (8 * i);
        }
        return v;
    }
}
