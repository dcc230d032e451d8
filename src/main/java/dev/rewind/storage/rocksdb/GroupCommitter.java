package dev.rewind.storage.rocksdb;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

import dev.rewind.error.StorageException;

/**
 * Group commit of the write-ahead log. Writers append to RocksDB's WAL without syncing, then wait here; one thread
 * fsyncs the WAL once for every write appended before the sync began and completes all their futures. Under load
 * one fsync covers many writes. A lone write (no sync running, none waiting) syncs on its own thread instead: handing
 * it to the sync thread and back would cost two thread wake-ups, on virtual machines as much as the fsync itself.
 */
final class GroupCommitter implements AutoCloseable {
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
    /** With process durability, how often the WAL is synced in the background. */
    private static final long BACKGROUND_SYNC_MILLIS = 50;

    private final RocksDB db;
    private final boolean syncBeforeAcknowledge;
    private final Thread thread;
    private final Object lock = new Object();
    private List<CompletableFuture<Void>> pending = new ArrayList<>();
    /** Whether a sync is running, on the sync thread or a writer's. */
    private boolean syncing;
    private boolean closed;

    /**
     * @param syncBeforeAcknowledge true: a write is acknowledged after the WAL is fsynced (survives power loss);
     *     false: after the WAL write reaches the operating system (survives a crash of Rewind), the WAL being
     *     fsynced every 50 ms in the background
     */
    GroupCommitter(RocksDB db, boolean syncBeforeAcknowledge) {
        this.db = db;
        this.syncBeforeAcknowledge = syncBeforeAcknowledge;
        this.thread = new Thread(syncBeforeAcknowledge ? this::run : this::runPeriodic, "rewind-wal-sync");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** A future completing once every write already appended to the WAL is synced. */
    CompletableFuture<Void> awaitSync() {
        if (!syncBeforeAcknowledge) {
            return DONE;
        }
        CompletableFuture<Void> f = new CompletableFuture<>();
        synchronized (lock) {
            if (closed) {
                f.completeExceptionally(new StorageException("storage is closed"));
                return f;
            }
            if (syncing || !pending.isEmpty()) {
                pending.add(f);
                if (pending.size() == 1) {
                    lock.notify();
                }
                return f;
            }
            syncing = true;
        }
        try {
            syncAndComplete(List.of(f));
        } finally {
            synchronized (lock) {
                syncing = false;
                if (!pending.isEmpty()) {
                    lock.notify();
                }
            }
        }
        return f;
    }

    /** Syncs the WAL, then completes the futures of the writes it covers (exceptionally if the sync failed). */
    private void syncAndComplete(List<CompletableFuture<Void>> batch) {
        try {
            db.syncWal();
            for (CompletableFuture<Void> f : batch) {
                f.complete(null);
            }
        } catch (RocksDBException e) {
            StorageException failure = new StorageException("WAL sync failed", e);
            for (CompletableFuture<Void> f : batch) {
                f.completeExceptionally(failure);
            }
        }
    }

    private void run() {
        while (true) {
            List<CompletableFuture<Void>> batch;
            synchronized (lock) {
                while ((pending.isEmpty() || syncing) && !closed) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                if (pending.isEmpty() && closed) {
                    return;
                }
                batch = pending;
                pending = new ArrayList<>();
                syncing = true;
            }
            try {
                syncAndComplete(batch);
            } finally {
                synchronized (lock) {
                    syncing = false;
                }
            }
        }
    }

    private void runPeriodic() {
        while (true) {
            synchronized (lock) {
                if (closed) {
                    return;
                }
                try {
                    lock.wait(BACKGROUND_SYNC_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            try {
                db.syncWal();
            } catch (RocksDBException e) {
                // retried at the next period; a persistent failure shows in RocksDB's own log
            }
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
