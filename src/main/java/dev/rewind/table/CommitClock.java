package dev.rewind.table;

import java.time.Clock;

/**
 * The server's one monotonic clock for writes to tables with point-in-time recovery: a commit timestamp is
 * {@code millis << 16 | sequence}, strictly increasing, so writes in the same millisecond stay ordered. It also
 * tracks writes stamped but not yet applied, so a restore to instant T can wait until every write stamped at or
 * before T is in the store (and no later write can be stamped T or earlier).
 */
public final class CommitClock {
    private static final int SEQUENCE_BITS = 16;
    private final Clock clock;
    private long last;
    /**
     * Writes stamped but not yet applied, counted per epoch: a write counts in the epoch current when it was
     * stamped; {@link #sealThrough} switches the epoch, so waiting for the old epoch's count to reach zero waits
     * for exactly the writes stamped before the seal. Cheaper per write than tracking each stamp.
     */
    private final java.util.concurrent.atomic.LongAdder[] inFlight = {
        new java.util.concurrent.atomic.LongAdder(), new java.util.concurrent.atomic.LongAdder()};
    private int epoch;
    private final ThreadLocal<int[]> epochOfThread = ThreadLocal.withInitial(() -> new int[1]);
    private final Object sealLock = new Object();

    public CommitClock(Clock clock) {
        this.clock = clock;
    }

    public Clock clock() {
        return clock;
    }

    public static long millisOf(long timestamp) {
        return timestamp >>> SEQUENCE_BITS;
    }

    /** Makes every later stamp greater than {@code timestamp} (at start-up: the newest stamp already stored). */
    public synchronized void observe(long timestamp) {
        if (timestamp > last) {
            last = timestamp;
        }
    }

    /** Stamps a write about to be applied; call {@link #end} once it is in the store. */
    public long begin() {
        long candidate;
        int e;
        synchronized (this) {
            candidate = Math.max(clock.millis() << SEQUENCE_BITS, last + 1);
            last = candidate;
            e = epoch;
            inFlight[e].increment();
        }
        epochOfThread.get()[0] = e;
        return candidate;
    }

    /** Marks the write this thread stamped last as applied. */
    public void end(long timestamp) {
        inFlight[epochOfThread.get()[0]].decrement();
    }

    /** The last timestamp handed out (0 if none yet). */
    public synchronized long lastTimestamp() {
        return last;
    }

    /** The latest instant (millis) whose writes are all stamped: the wall clock or, if ahead of it, the last stamp. */
    public synchronized long nowMillis() {
        return Math.max(clock.millis(), millisOf(last));
    }

    /**
     * Makes {@code millis} final: later writes are stamped after it, and this returns once every write stamped at or
     * before it has been applied.
     */
    public void sealThrough(long millis) {
        long bound = ((millis + 1) << SEQUENCE_BITS) - 1;
        synchronized (sealLock) { // seals one at a time, so each finds the epoch it leaves drained of older writes
            int sealed;
            synchronized (this) {
                if (last < bound) {
                    last = bound;
                }
                sealed = epoch;
                epoch = 1 - epoch;
            }
            // every write stamped at or before the bound began in the sealed epoch (or an earlier, drained one)
            while (inFlight[sealed].sum() > 0) {
                Thread.onSpinWait();
                Thread.yield();
            }
        }
    }
}
