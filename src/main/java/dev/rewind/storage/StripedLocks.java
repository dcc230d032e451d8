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
        int h = 31 * Arrays.hashCode(partition) + Arrays.hashCode(clustering);
        h ^= h >>> 16;
        ReentrantLock lock = locks[Math.floorMod(h, locks.length)];
        lock.lock();
        return lock::unlock;
    }
}
