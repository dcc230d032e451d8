package dev.rewind.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WriteBatchTest {
    /** A batch of many items carries one count-and-size change per space, so each counter is written once. */
    @Test
    void statsOfOneSpaceAreSummed() {
        WriteBatch batch = new WriteBatch();
        for (int i = 0; i < 1000; i++) {
            batch.put(0, new byte[] {(byte) i}, new byte[0], new byte[] {1});
            batch.addStats(0, 1, 100);
            if (i % 2 == 0) {
                batch.addStats(1, 1, 10);
            }
        }
        batch.addStats(0, -1, -100);
        batch.addStats(2, 0, 0);
        assertThat(batch.mutations()).hasSize(1000);
        assertThat(batch.stats()).containsExactly(new WriteBatch.StatsDelta(0, 999, 99_900),
                new WriteBatch.StatsDelta(1, 500, 5_000));
    }
}
