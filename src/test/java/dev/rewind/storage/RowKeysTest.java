package dev.rewind.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Parallel Scan splits the hash space into segments; every partition must fall into exactly one segment, and the
 * segment it is scanned in must be the one {@link RowKeys#segmentOf} names (ExclusiveStartKey is checked with it).
 */
class RowKeysTest {
    private static final long SEED = Long.getLong("rewind.seed", 0x5E6L);
    private static final long HASH_SPACE = 1L << 32;

    /** segmentStart is 0 for the first segment, 2^32 past the last, strictly increasing in between. */
    @Test
    void segmentStart_coversTheHashSpaceInIncreasingOrder() {
        for (int total : totals()) {
            assertThat(RowKeys.segmentStart(0, total)).isZero();
            assertThat(RowKeys.segmentStart(total, total)).isEqualTo(HASH_SPACE);
            int step = Math.max(1, total / 2000);
            for (int s = 0; s < total; s += step) {
                assertThat(RowKeys.segmentStart(s + 1, total)).as("total %d segment %d", total, s)
                        .isGreaterThan(RowKeys.segmentStart(s, total));
            }
        }
    }

    /** Every hash lands in the segment whose [start, next start) range holds it, at boundaries too. */
    @Test
    void segmentOf_agreesWithSegmentStart() {
        Random random = new Random(SEED);
        for (int total : totals()) {
            for (int i = 0; i < 2000; i++) {
                long hash = random.nextLong() & 0xFFFFFFFFL;
                assertInSegment((int) hash, total);
            }
            int step = Math.max(1, total / 500);
            for (int s = 0; s < total; s += step) {
                long start = RowKeys.segmentStart(s, total);
                assertThat(RowKeys.segmentOf((int) start, total)).as("seed %d total %d start of %d", SEED, total, s)
                        .isEqualTo(s);
                if (s > 0) {
                    assertThat(RowKeys.segmentOf((int) (start - 1), total)).as("total %d before %d", total, s)
                            .isEqualTo(s - 1);
                }
            }
            assertInSegment(0, total);
            assertInSegment(-1, total); // 0xFFFFFFFF, the last hash
            assertInSegment(Integer.MIN_VALUE, total);
            assertInSegment(Integer.MAX_VALUE, total);
        }
    }

    /** Partition hashes of real keys are spread: with 16 segments none is empty for a few thousand partitions. */
    @Test
    void partitionHash_spreadsKeysOverSegments() {
        int[] counts = new int[16];
        for (int i = 0; i < 4000; i++) {
            counts[RowKeys.segmentOf(RowKeys.partitionHash(("key" + i).getBytes()), 16)]++;
        }
        for (int c : counts) {
            assertThat(c).isBetween(150, 350);
        }
    }

    private static void assertInSegment(int hash, int total) {
        long unsigned = Integer.toUnsignedLong(hash);
        int segment = RowKeys.segmentOf(hash, total);
        assertThat(segment).as("total %d hash %d", total, unsigned).isBetween(0, total - 1);
        assertThat(RowKeys.segmentStart(segment, total)).as("total %d hash %d", total, unsigned)
                .isLessThanOrEqualTo(unsigned);
        assertThat(RowKeys.segmentStart(segment + 1, total)).as("total %d hash %d", total, unsigned)
                .isGreaterThan(unsigned);
    }

    private static int[] totals() {
        Random random = new Random(SEED);
        int[] totals = new int[40];
        int[] fixed = {1, 2, 3, 7, 16, 100, 999, 1000, 4096, 65_535, 999_999, 1_000_000};
        System.arraycopy(fixed, 0, totals, 0, fixed.length);
        for (int i = fixed.length; i < totals.length; i++) {
            totals[i] = 1 + random.nextInt(i % 2 == 0 ? 64 : 1_000_000);
        }
        return totals;
    }
}
