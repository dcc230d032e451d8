package dev.rewind.http;

import io.netty.channel.SelectStrategy;
import io.netty.util.IntSupplier;

/**
 * An event loop that has just served a request keeps polling its sockets for a short while before it blocks in the
 * selector. A client that sends its next request within that window (one connection doing one call after another,
 * the shape of most test suites) is answered without waking the loop up: on virtual machines the wake-up of a thread
 * whose CPU went idle costs tens of microseconds, more than serving a GetItem. Polling yields the CPU to any thread
 * waiting for it (the client itself, when it shares the CPU). An idle server does not poll at all, and a busy one
 * never blocks anyway.
 */
final class SpinThenSelect implements SelectStrategy {
    private final long pollNanos;
    private long lastActive;

    /** @param pollNanos how long a loop keeps polling after its last event */
    SpinThenSelect(long pollNanos) {
        this.pollNanos = pollNanos;
    }

    @Override
    public int calculateStrategy(IntSupplier selectNow, boolean hasTasks) throws Exception {
        int ready = selectNow.get();
        if (ready > 0 || hasTasks) {
            lastActive = System.nanoTime();
            return ready;
        }
        if (System.nanoTime() - lastActive < pollNanos) {
            Thread.yield();
            return SelectStrategy.CONTINUE;
        }
        return SelectStrategy.SELECT;
    }
}
