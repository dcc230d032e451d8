package dev.rewind.storage.rocksdb;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes column family creation and dropping off the request path. Each one writes and syncs RocksDB's MANIFEST, then
 * writes, syncs and parses back an OPTIONS file describing every column family: ~2 ms of CPU, and more the more
 * tables there are. CreateTable and DeleteTable paid it, so both were slower than DynamoDB Local's in-memory tables,
 * and test suites create and delete tables all the time.
 *
 * <ul>
 *   <li>A few empty column families are made ahead, several per OPTIONS file. A new store takes one
 *       ({@link #take}): it is named after the family, so the caller asks for the name first.
 *   <li>A dropped store's families are queued and dropped by one background thread, all queued at once.
 * </ul>
 *
 * Crash safety needs nothing new: a family made ahead and not yet taken, or one queued for dropping, is a store no
 * table or backup refers to, and those are dropped at start-up ({@code BackupService}).
 */
final class FamilyPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FamilyPool.class);
    /** Families kept made ahead. */
    static final int SPARES = 8;
    /** The thread works once no store was taken or dropped for this long (unless the work piles up). */
    static final long QUIET_MILLIS = 20;

    private final RocksDB db;
    /** A store's name to its family's name. */
    private final Function<String, byte[]> familyName;
    private final org.rocksdb.ColumnFamilyOptions options;
    private final Object lock = new Object();
    private final Map<String, ColumnFamilyHandle> spares = new LinkedHashMap<>(); // guarded by lock; named, not taken
    private final Map<String, ColumnFamilyHandle> named = new LinkedHashMap<>(); // guarded by lock; handed out
    /** Families to drop, by store (logs first, the store's own family last). Guarded by dropLock. */
    private final Map<String, List<ColumnFamilyHandle>> drops = new LinkedHashMap<>();
    private final Object dropLock = new Object();
    private boolean closed; // guarded by lock
    /** Stores queued for dropping since the last batch. Guarded by lock. */
    private int queuedDrops;
    /** When a store was last taken or dropped. Guarded by lock. */
    private long lastActivity = System.nanoTime() - QUIET_MILLIS * 1_000_000;
    private final Thread thread;

    FamilyPool(RocksDB db, Function<String, byte[]> familyName, org.rocksdb.ColumnFamilyOptions options) {
        this.db = db;
        this.familyName = familyName;
        this.options = options;
        this.thread = new Thread(this::run, "rewind-families");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * A name for a new store: one whose family is made already if one is ready (then {@link #take} returns it), else
     * a fresh one.
     */
    String newStoreName() {
        synchronized (lock) {
            if (spares.isEmpty()) {
                return UUID.randomUUID().toString();
            }
            Map.Entry<String, ColumnFamilyHandle> spare = spares.entrySet().iterator().next();
            String name = spare.getKey();
            named.put(name, spare.getValue());
            spares.remove(name);
            lastActivity = System.nanoTime();
            lock.notifyAll();
            return name;
        }
    }

    /** The family made ahead for a store name {@link #newStoreName} gave, or null (none: create it). */
    ColumnFamilyHandle take(String storeName) {
        synchronized (lock) {
            return named.remove(storeName);
        }
    }

    /** Queues a store's families for dropping (in the order given). */
    void drop(String storeName, List<ColumnFamilyHandle> handles) {
        synchronized (dropLock) {
            drops.computeIfAbsent(storeName, n -> new ArrayList<>()).addAll(handles);
        }
        synchronized (lock) {
            queuedDrops++;
            lastActivity = System.nanoTime();
            lock.notifyAll();
        }
    }

    /** Drops a store's queued families now, if any are queued: before a family of the same name is made again. */
    void settle(String storeName) {
        synchronized (dropLock) { // the thread holds it while it drops: a batch under way finishes first
            List<ColumnFamilyHandle> handles = drops.remove(storeName);
            if (handles != null) {
                dropNow(handles);
            }
        }
    }

    /**
     * Milliseconds until the thread should drop and make families: 0 now, -1 nothing to do (wait for a signal). Work
     * waits until no store was taken or dropped for {@link #QUIET_MILLIS}, unless few families are left or many wait
     * to be dropped: each batch writes RocksDB's OPTIONS file once, and its syncs, at the same time as a CreateTable's
     * or DeleteTable's own, would make that request wait for both. Called holding the lock.
     */
    private long workIn() {
        if (spares.size() >= SPARES && queuedDrops == 0) {
            return -1;
        }
        if (spares.size() <= SPARES / 4 || queuedDrops >= SPARES) {
            return 0;
        }
        long quiet = QUIET_MILLIS - (System.nanoTime() - lastActivity) / 1_000_000;
        return quiet <= 0 ? 0 : quiet;
    }

    private void run() {
        while (true) {
            synchronized (lock) {
                long wait;
                while (!closed && (wait = workIn()) != 0) {
                    try {
                        lock.wait(Math.max(0, wait));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
            }
            dropQueued();
            if (!refill()) {
                synchronized (lock) { // RocksDB refused (disk full?): new stores are made on demand meanwhile
                    try {
                        lock.wait(1000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }
    }

    /** Drops every queued family, in one RocksDB call. */
    private void dropQueued() {
        synchronized (lock) {
            queuedDrops = 0;
        }
        synchronized (dropLock) {
            if (drops.isEmpty()) {
                return;
            }
            List<ColumnFamilyHandle> all = new ArrayList<>();
            drops.values().forEach(all::addAll);
            drops.clear();
            dropNow(all);
        }
    }

    private void dropNow(List<ColumnFamilyHandle> handles) {
        try {
            db.dropColumnFamilies(handles);
        } catch (RocksDBException e) {
            // left in place: no table refers to them, so they are dropped at the next start
            LOG.warn("cannot drop column families: {}", e.getMessage());
        }
        handles.forEach(ColumnFamilyHandle::close);
    }

    /** Makes families until {@link #SPARES} are ready; false if RocksDB refused. */
    private boolean refill() {
        int missing;
        synchronized (lock) {
            missing = SPARES - spares.size();
        }
        if (missing <= 0) {
            return true;
        }
        List<String> names = new ArrayList<>();
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        for (int i = 0; i < missing; i++) {
            String name = UUID.randomUUID().toString();
            names.add(name);
            descriptors.add(new ColumnFamilyDescriptor(familyName.apply(name), options));
        }
        List<ColumnFamilyHandle> handles;
        try {
            handles = db.createColumnFamilies(descriptors);
        } catch (RocksDBException e) {
            LOG.warn("cannot make column families ahead: {}", e.getMessage());
            return false;
        }
        synchronized (lock) {
            for (int i = 0; i < names.size(); i++) {
                spares.put(names.get(i), handles.get(i));
            }
        }
        return true;
    }

    /** How many families are made and not yet named. */
    int ready() {
        synchronized (lock) {
            return spares.size();
        }
    }

    /** Stops the thread, drops what is queued, and closes the handles of families never taken. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        dropQueued();
        synchronized (lock) {
            spares.values().forEach(ColumnFamilyHandle::close);
            named.values().forEach(ColumnFamilyHandle::close);
            spares.clear();
            named.clear();
        }
    }
}
