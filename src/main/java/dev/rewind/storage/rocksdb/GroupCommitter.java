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
 * one fsync covers many writes; a lone write waits for one fsync.
 */
final class GroupCommitter implements AutoCloseable {
    private final RocksDB db;
    private final Thread thread;
    private final Object lock = new Object();
    private List<CompletableFuture<Void>> pending = new ArrayList<>();
    private boolean closed;

    GroupCommitter(RocksDB db) {
        this.db = db;
        this.thread = new Thread(this::run, "rewind-wal-sync");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** A future completing once every write already appended to the WAL is synced. */
    CompletableFuture<Void> awaitSync() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        synchronized (lock) {
            if (closed) {
                f.completeExceptionally(new StorageException("storage is closed"));
                return f;
            }
            pending.add(f);
            if (pending.size() == 1) {
                lock.notify();
            }
        }
        return f;
    }

    private void run() {
        while (true) {
            List<CompletableFuture<Void>> batch;
            synchronized (lock) {
                while (pending.isEmpty() && !closed) {
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
            }
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
