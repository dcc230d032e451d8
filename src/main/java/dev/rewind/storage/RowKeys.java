package dev.rewind.storage;

/** Helpers shared by engines: the partition hash that orders scans and splits segments. */
public final class RowKeys {
    private RowKeys() {
    }

    /** A 32-bit hash (murmur3 finalizer over FNV-1a) of the partition bytes; scans visit partitions in its order. */
    public static int partitionHash(byte[] partition) {
        int h = 0x811C9DC5;
        for (byte b : partition) {
            h ^= b & 0xFF;
            h *= 0x01000193;
        }
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        h ^= h >>> 16;
        return h;
    }

    /** First hash (as unsigned 32-bit, in a long) of segment {@code segment} of {@code total}. */
    public static long segmentStart(int segment, int total) {
        return (segment * (1L << 32)) / total;
    }

    public static int segmentOf(int hash, int total) {
        long unsigned = Integer.toUnsignedLong(hash);
        int seg = (int) ((unsigned * total) >>> 32);
        // guard against rounding at boundaries so segmentStart(seg) <= hash < segmentStart(seg + 1)
        while (seg + 1 < total && segmentStart(seg + 1, total) <= unsigned) {
            seg++;
        }
        while (seg > 0 && segmentStart(seg, total) > unsigned) {
            seg--;
        }
        return seg;
    }
}
