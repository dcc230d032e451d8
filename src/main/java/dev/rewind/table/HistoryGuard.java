package dev.rewind.table;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Keeps a table's history while restores read it (they read the source's own history, not a copy): what removes
 * history either waits for them ({@link #remove}: turning PITR off, retention) or is put off until they are done
 * ({@link #afterReads}: dropping the table's store, so that DeleteTable does not wait).
 */
public final class HistoryGuard {
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    /** Removals put off while the guard was held. */
    private final Queue<Runnable> putOff = new ConcurrentLinkedQueue<>();

    /** Runs {@code read} (a restore reading the history) with the history kept. */
    public <T> T read(Supplier<T> read) {
        lock.readLock().lock();
        try {
            return read.get();
        } finally {
            lock.readLock().unlock();
            runPutOff();
        }
    }

    /** Runs {@code removal} of history once no restore reads it, waiting till then. */
    public void remove(Runnable removal) {
        lock.writeLock().lock();
        try {
            removal.run();
        } finally {
            lock.writeLock().unlock();
            runPutOff();
        }
    }

    /**
     * Runs {@code removal} of history now if no restore reads it (nor another removal runs), else once they are done,
     * on the thread of the last of them: the caller does not wait.
     */
    public void afterReads(Runnable removal) {
        putOff.add(removal);
        runPutOff();
    }

    /** Runs the removals put off, unless the guard is held (whoever holds it runs them at its end). */
    private void runPutOff() {
        while (!putOff.isEmpty() && lock.writeLock().tryLock()) {
            try {
                for (Runnable r = putOff.poll(); r != null; r = putOff.poll()) {
                    r.run();
                }
            } finally {
                lock.writeLock().unlock();
            }
        }
    }
}
