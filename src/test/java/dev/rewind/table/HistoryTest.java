package dev.rewind.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

/**
 * The history row's value: flags, the size a write left (read from the value's first bytes alone, so a restore can
 * skip the before-image), the before-image; and rows written before the size was recorded, which still decode.
 */
class HistoryTest {
    private static final byte[] P = {1, 2};
    private static final byte[] C = {3};
    private static final byte[] BEFORE = {9, 8, 7, 6, 5, 4, 3};

    @Test
    void aModifyRecordsTheSizeAfterAndTheBeforeImage() {
        byte[] v = History.value(BEFORE, 70_000);
        assertThat(History.sizeAfter(v, v.length)).isEqualTo(70_000);
        assertThat(History.sizeAfter(Arrays.copyOf(v, History.SIZE_AFTER_BYTES), History.SIZE_AFTER_BYTES))
                .as("from the first bytes only").isEqualTo(70_000);
        History.Entry e = decode(v);
        assertThat(e.beforeImage()).isEqualTo(BEFORE);
        assertThat(e.existsAfter()).isTrue();
        assertThat(e.eventName()).isEqualTo("MODIFY");
        assertThat(e.itemPartition()).isEqualTo(P);
        assertThat(e.itemClustering()).isEqualTo(C);
    }

    @Test
    void anInsertOfAnEmptySizedItemAndARemove() {
        byte[] insert = History.value(null, 0);
        assertThat(History.sizeAfter(insert, insert.length)).isZero();
        assertThat(decode(insert).beforeImage()).isNull();
        assertThat(decode(insert).eventName()).isEqualTo("INSERT");

        byte[] remove = History.value(BEFORE, History.ABSENT_AFTER);
        assertThat(remove).hasSize(1 + BEFORE.length);
        assertThat(History.sizeAfter(remove, remove.length)).isEqualTo(History.ABSENT_AFTER);
        assertThat(decode(remove).beforeImage()).isEqualTo(BEFORE);
        assertThat(decode(remove).eventName()).isEqualTo("REMOVE");
    }

    /** Flags bits 0 and 1 only, the before-image right after them: the format before the size was recorded. */
    @Test
    void rowsWithoutTheSizeStillDecode_andSayItIsUnknown() {
        byte[] modify = new byte[1 + BEFORE.length];
        modify[0] = 1 | 2;
        System.arraycopy(BEFORE, 0, modify, 1, BEFORE.length);
        assertThat(History.sizeAfter(modify, modify.length)).isEqualTo(History.UNKNOWN_SIZE);
        assertThat(decode(modify).beforeImage()).isEqualTo(BEFORE);
        assertThat(decode(modify).existsAfter()).isTrue();

        byte[] insert = {2};
        assertThat(History.sizeAfter(insert, insert.length)).isEqualTo(History.UNKNOWN_SIZE);
        assertThat(decode(insert).beforeImage()).isNull();

        byte[] remove = new byte[1 + BEFORE.length];
        remove[0] = 1;
        System.arraycopy(BEFORE, 0, remove, 1, BEFORE.length);
        assertThat(History.sizeAfter(remove, remove.length)).isEqualTo(History.ABSENT_AFTER);
        assertThat(decode(remove).beforeImage()).isEqualTo(BEFORE);
    }

    private static History.Entry decode(byte[] value) {
        byte[] clustering = History.clustering(42L << 16, P, C);
        History.Entry e = History.Entry.decode(clustering, value);
        assertThat(e.timestamp()).isEqualTo(42L << 16);
        return e;
    }
}
