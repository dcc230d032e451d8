package dev.rewind.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * HistoryGuard: a removal put off while restores read runs at the end of the last of them, on its thread; one that
 * waits runs once they are done; and a removal put off while a waiting one runs is not forgotten.
 */
@Timeout(30)
class HistoryGuardTest {
    private final HistoryGuard guard = new HistoryGuard();

    @Test
    void unheld_removalsRunAtOnce() {
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        guard.afterReads(() -> ranOn.set(Thread.currentThread()));
        assertThat(ranOn.get()).isSameAs(Thread.currentThread());
        boolean[] removed = {false};
        guard.remove(() -> removed[0] = true);
        assertThat(removed[0]).isTrue();
    }

    @Test
    void putOffWhileTwoRestoresRead_runsAtTheEndOfTheLast() throws Exception {
        CountDownLatch bothReading = new CountDownLatch(2);
        CountDownLatch firstMayEnd = new CountDownLatch(1);
        CountDownLatch secondMayEnd = new CountDownLatch(1);
        CompletableFuture<Thread> first = reader(bothReading, firstMayEnd);
        CompletableFuture<Thread> second = reader(bothReading, secondMayEnd);
        assertThat(bothReading.await(10, TimeUnit.SECONDS)).isTrue();

        AtomicReference<Thread> ranOn = new AtomicReference<>();
        guard.afterReads(() -> ranOn.set(Thread.currentThread()));
        assertThat(ranOn.get()).as("put off, the caller does not wait").isNull();
        firstMayEnd.countDown();
        first.get(10, TimeUnit.SECONDS);
        assertThat(ranOn.get()).as("one restore still reads").isNull();
        secondMayEnd.countDown();
        Thread last = second.get(10, TimeUnit.SECONDS);
        assertThat(ranOn.get()).as("run by the last reader, on its thread").isSameAs(last);
    }

    @Test
    void aWaitingRemovalRunsOnceTheReadIsDone_andRunsWhatWasPutOffMeanwhile() throws Exception {
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch mayEnd = new CountDownLatch(1);
        CompletableFuture<Thread> reader = reader(reading, mayEnd);
        assertThat(reading.await(10, TimeUnit.SECONDS)).isTrue();

        CountDownLatch removing = new CountDownLatch(1);
        CountDownLatch removalMayEnd = new CountDownLatch(1);
        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> guard.remove(() -> {
            removing.countDown();
            await(removalMayEnd);
        }));
        assertThat(removing.await(300, TimeUnit.MILLISECONDS)).as("waits for the read").isFalse();
        mayEnd.countDown();
        reader.get(10, TimeUnit.SECONDS);
        assertThat(removing.await(10, TimeUnit.SECONDS)).isTrue();

        AtomicReference<Thread> ranOn = new AtomicReference<>();
        guard.afterReads(() -> ranOn.set(Thread.currentThread()));
        assertThat(ranOn.get()).as("put off while the other removal runs").isNull();
        removalMayEnd.countDown();
        waiting.get(10, TimeUnit.SECONDS);
        assertThat(ranOn.get()).as("run when the waiting removal is done").isNotNull();
    }

    private CompletableFuture<Thread> reader(CountDownLatch reading, CountDownLatch mayEnd) {
        return CompletableFuture.supplyAsync(() -> guard.read(() -> {
            reading.countDown();
            await(mayEnd);
            return Thread.currentThread();
        }), runnable -> new Thread(runnable).start());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
