package dev.rewind.storage;

import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/** A fixed set of locks; a row maps to one by hash. No global lock is ever taken per request. */
public final class StripedLocks {
    private final ReentrantLock[] locks;

    public StripedLocks(int stripes) {
        locks = new ReentrantLock[stripes];
        for (int i = 0; i < stripes; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    public TableStore.RowLock lock(byte[] partition, byte[] clustering) {
        ReentrantLock lock = locks[stripe(partition, clustering)];
        lock.lock();
        return lock::unlock;
    }

    private int stripe(byte[] partition, byte[] clustering) {
        int h = 31 * Arrays.hashCode(partition) + Arrays.hashCode(clustering);
        h ^= h >>> 16;
        return Math.floorMod(h, locks.length);
    }

    /**
     * Locks several rows: their stripes in ascending order, each once. Single-row locks hold one stripe and
     * multi-row locks take stores in name order (see TableStore#lockRows), so lock order is global: no deadlock.
     */
    public TableStore.RowLock lockAll(java.util.List<byte[][]> rows) {
        int[] stripes = rows.stream().mapToInt(r -> stripe(r[0], r[1])).distinct().sorted().toArray();
        for (int s : stripes) {
            locks[s].lock();
        }
        return () -> {
            for (int i = stripes.length - 1; i >= 0; i--) {
                locks[stripes[i]].unlock();
            }
        };
    }

    /** Takes and releases every stripe once: returns when every lock held at the call has been released. */
    public void barrier() {
        for (ReentrantLock lock : locks) {
            lock.lock();
            lock.unlock();
        }
    }
}
