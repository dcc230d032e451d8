package dev.rewind.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The barrier a GSI backfill passes before it scans: it returns only once every row lock held when it was called has
 * been released, so a writer that read the table's index list under its row lock has written by then.
 */
class StripedLocksTest {
    @Test
    void barrier_waitsForLocksHeldWhenItStarts() throws Exception {
        StripedLocks locks = new StripedLocks(64);
        TableStore.RowLock held = locks.lock(bytes("item-1"), bytes(""));
        CompletableFuture<Void> barrier = CompletableFuture.runAsync(locks::barrier);
        Thread.sleep(100);
        assertThat(barrier).as("a row lock is still held").isNotDone();
        held.close();
        barrier.get(10, TimeUnit.SECONDS);
    }

    @Test
    void barrier_returnsAtOnceWhenNothingIsHeld() throws Exception {
        StripedLocks locks = new StripedLocks(64);
        locks.lock(bytes("item-1"), bytes("")).close();
        CompletableFuture.runAsync(locks::barrier).get(10, TimeUnit.SECONDS);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
