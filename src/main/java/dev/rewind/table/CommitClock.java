package dev.rewind.table;

import java.time.Clock;
import java.util.concurrent.ConcurrentSkipListSet;

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
    private final ConcurrentSkipListSet<Long> inFlight = new ConcurrentSkipListSet<>();

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
    public synchronized long begin() {
        long candidate = Math.max(clock.millis() << SEQUENCE_BITS, last + 1);
        last = candidate;
        inFlight.add(candidate);
        return candidate;
    }

    public void end(long timestamp) {
        inFlight.remove(timestamp);
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
        synchronized (this) {
            if (last < bound) {
                last = bound;
            }
        }
        while (true) {
            Long oldest = inFlight.isEmpty() ? null : inFlight.first();
            if (oldest == null || oldest > bound) {
                return;
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }
}
