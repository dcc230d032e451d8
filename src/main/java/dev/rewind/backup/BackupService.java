package dev.rewind.backup;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.rewind.error.DynamoException;
import dev.rewind.error.ErrorCode;
import dev.rewind.storage.StorageEngine;
import dev.rewind.storage.TableStore;
import dev.rewind.table.Table;
import dev.rewind.table.TableCatalog;
import dev.rewind.table.TableMetadata;

/**
 * On-demand backups and restores.
 *
 * <p>A backup is a clone of the table's store ({@link StorageEngine#cloneTableStore}): O(1) in the table's size on
 * RocksDB, consistent at one instant, independent of the table afterwards (it outlives it). A restore clones the
 * backup's store into the new table's store as a background job, drops the index spaces an override excludes and
 * rebuilds those whose projection changed; the table is CREATING with RestoreInProgress until then. A job cut off by
 * a crash is run again from the start when the server restarts, so a half-filled table is never ACTIVE.
 */
public final class BackupService implements AutoCloseable {
    /** "Any number of users can execute up to 50 concurrent restores (any type of restore) in a given account." */
    public static final int MAX_CONCURRENT_RESTORES = 50;
    /** History (as stored) a table with PITR writes between two restore points, at least. */
    public static final long DEFAULT_RESTORE_POINT_HISTORY_BYTES = RestorePoints.MIN_HISTORY_BYTES;
    private static final Logger LOG = LoggerFactory.getLogger(BackupService.class);

    private final StorageEngine engine;
    private final TableCatalog tables;
    private final BackupCatalog backups;
    private final Clock clock;
    private final ExecutorService jobs;
    /** Clones of restore points that point-in-time restores make while they read history. */
    private final ExecutorService clones;
    private final Map<String, AtomicInteger> restoresByAccount = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> restoresByBackup = new ConcurrentHashMap<>();
    private volatile CountDownLatch restoreGate;
    private volatile Runnable historyReadHook;
    private volatile Runnable pointCloneHook;
    private final RestorePoints restorePoints;
    private final java.util.concurrent.atomic.AtomicLong restoresFromPoints = new java.util.concurrent.atomic.AtomicLong();

    /**
     * @param restorePointHistoryBytes history a table with PITR writes between two restore points (at least; or its
     *     own size if larger), see {@link RestorePoints}
     * @param restorePointCheckMillis how often to check for restore points due; 0: only when {@link
     *     #takeRestorePoints} is called
     */
    public BackupService(StorageEngine engine, TableCatalog tables, BackupCatalog backups, Clock clock,
            long restorePointHistoryBytes, long restorePointCheckMillis) {
        this.engine = engine;
        this.tables = tables;
        this.backups = backups;
        this.clock = clock;
        this.restorePoints = new RestorePoints(engine, tables, restorePointHistoryBytes, restorePointCheckMillis);
        this.jobs = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "rewind-restore");
            t.setDaemon(true);
            return t;
        });
        this.clones = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "rewind-restore-clone");
            t.setDaemon(true);
            return t;
        });
        dropOrphanStores();
    }

    public BackupCatalog catalog() {
        return backups;
    }

    /** Takes a restore point of every table with PITR now (tests; the server takes them as history grows). */
    public void takeRestorePoints() {
        for (Table t : tables.withPointInTimeRecovery()) {
            restorePoints.take(t);
        }
    }

    /** How many restore points the table with this TableId holds (tests, diagnostics). */
    public int restorePointCount(String tableId) {
        return restorePoints.of(tableId).size();
    }

    /** How many point-in-time restores started from a restore point (tests, diagnostics). */
    public long restoresFromRestorePoints() {
        return restoresFromPoints.get();
    }

    /** Drops the restore points no restore can use (out of the window, PITR off, table gone) and takes those due. */
    public void maintainRestorePoints() {
        restorePoints.maintain();
    }

    /** Test hook: restore jobs wait for this latch before they finish. */
    public void setRestoreGate(CountDownLatch gate) {
        this.restoreGate = gate;
    }

    /**
     * Test hook: point-in-time restore jobs run this while they hold their source's history
     * ({@link dev.rewind.table.HistoryGuard#read}), before they read it (while they clone a restore point, if
     * they start from one).
     */
    public void setHistoryReadHook(Runnable hook) {
        this.historyReadHook = hook;
    }

    /** Test hook: a point-in-time restore starting from a restore point runs this just before it clones the point. */
    public void setPointCloneHook(Runnable hook) {
        this.pointCloneHook = hook;
    }

    /** Takes a backup of the table as it is now. */
    public BackupMetadata createBackup(Table table, String backupName, String backupType, Long expiryMillis) {
        synchronized (table) {
            if (!table.isAvailable()) {
                throw new DynamoException(ErrorCode.TABLE_IN_USE,
                        "Table is being " + (table.metadata().restoreSummary() != null ? "restored" : "created")
                                + ": " + table.metadata().tableName());
            }
            long now = clock.millis();
            String arn = table.metadata().tableArn() + "/backup/" + String.format("%014d", now) + "-"
                    + String.format("%08x", ThreadLocalRandom.current().nextInt());
            String storeName = "backup-" + UUID.randomUUID();
            engine.cloneTableStore(table.metadata().storeName(), storeName, true); // one instant: no history
            TableStore backupStore = engine.openTableStore(storeName);
            TableStore.SpaceStats stats = backupStore.stats(TableStore.TABLE_SPACE);
            BackupMetadata backup = new BackupMetadata(arn, backupName, backupType, "AVAILABLE", now, expiryMillis,
                    storeName, stats.itemCount(), stats.sizeBytes(), table.metadata());
            backups.put(backup);
            return backup;
        }
    }

    /** Deletes a backup; BackupInUseException while a restore reads it. */
    public BackupMetadata deleteBackup(BackupMetadata backup) {
        synchronized (restoresByBackup) {
            AtomicInteger inUse = restoresByBackup.get(backup.backupArn());
            if (inUse != null && inUse.get() > 0) {
                throw new DynamoException(ErrorCode.BACKUP_IN_USE, "Backup is being used to restore a table: "
                        + backup.backupArn());
            }
            if (backups.find(backup.backupArn()) == null) {
                throw new DynamoException(ErrorCode.BACKUP_NOT_FOUND, "Backup not found for the given BackupARN: "
                        + backup.backupArn());
            }
            backups.remove(backup);
        }
        engine.dropTableStore(backup.storeName());
        return backup.withStatus("DELETED");
    }

    /**
     * Marks a backup as read by a restore, so DeleteBackup answers BackupInUseException until the restore ends;
     * BackupNotFoundException if it was deleted meanwhile. Exclusive with {@link #deleteBackup}.
     */
    private AtomicInteger claim(BackupMetadata backup) {
        synchronized (restoresByBackup) {
            if (backups.find(backup.backupArn()) == null) {
                throw new DynamoException(ErrorCode.BACKUP_NOT_FOUND, "Backup not found for the given BackupARN: "
                        + backup.backupArn());
            }
            AtomicInteger inUse = restoresByBackup.computeIfAbsent(backup.backupArn(), a -> new AtomicInteger());
            inUse.incrementAndGet();
            return inUse;
        }
    }

    /**
     * Starts restoring {@code backup} into a new table described by {@code target} (status CREATING, with a
     * RestoreSummary in progress). Returns the CREATING table at once; the data arrives in the background.
     */
    public Table restoreFromBackup(BackupMetadata backup, TableMetadata target) {
        AtomicInteger running = reserveRestore(target.accountId());
        AtomicInteger inUse;
        try {
            inUse = claim(backup);
        } catch (RuntimeException e) {
            running.decrementAndGet();
            throw e;
        }
        Table restoring;
        try {
            restoring = tables.createRestoring(target);
        } catch (RuntimeException e) {
            running.decrementAndGet();
            inUse.decrementAndGet();
            throw e;
        }
        submit(restoring, backup, running, inUse);
        return restoring;
    }

    /**
     * Starts restoring {@code source} as it was at {@code restoreMillis} into a new table described by
     * {@code target} (CREATING with a RestoreSummary in progress).
     */
    public Table restoreToPointInTime(Table source, long restoreMillis, TableMetadata target) {
        AtomicInteger running = reserveRestore(target.accountId());
        Table restoring;
        try {
            restoring = tables.createRestoring(target);
        } catch (RuntimeException e) {
            running.decrementAndGet();
            throw e;
        }
        submitPointInTime(restoring, source, restoreMillis, running);
        return restoring;
    }

    private AtomicInteger reserveRestore(String accountId) {
        AtomicInteger running = restoresByAccount.computeIfAbsent(accountId, a -> new AtomicInteger());
        if (running.incrementAndGet() > MAX_CONCURRENT_RESTORES) {
            running.decrementAndGet();
            throw new DynamoException(ErrorCode.LIMIT_EXCEEDED, "Too many concurrent restores: up to "
                    + MAX_CONCURRENT_RESTORES + " restores may run at once in an account");
        }
        return running;
    }

    private void submitPointInTime(Table restoring, Table source, long restoreMillis, AtomicInteger running) {
        jobs.execute(() -> {
            try {
                runPointInTimeRestore(restoring, source, restoreMillis);
            } catch (RuntimeException e) {
                if (cutOffByShutdown(restoring)) {
                    return;
                }
                LOG.error("restore of {} to {} failed; the table is removed", restoring.metadata().tableName(),
                        restoreMillis, e);
                failRestore(restoring);
            } finally {
                running.decrementAndGet();
            }
        });
    }

    /**
     * A job interrupted because the server is closing has not failed: its table stays CREATING in the catalog and
     * the job runs again from the start at the next start-up ({@link #resumeRestores}), as after a crash.
     */
    private boolean cutOffByShutdown(Table restoring) {
        if (!jobs.isShutdown()) {
            return false;
        }
        LOG.info("restore of {} cut off by shutdown; it resumes at the next start", restoring.metadata().tableName());
        return true;
    }

    private void failRestore(Table restoring) {
        tables.delete(restoring);
        if (engine.tableStoreNames().contains(restoring.metadata().storeName())) {
            engine.dropTableStore(restoring.metadata().storeName());
        }
    }

    /**
     * Restores to an instant: clone the rows of the table's first restore point after the instant, or of the source's
     * store now (O(1) either way), then undo every write stamped after the instant up to the clone. The first history
     * entry of each item after the instant holds its state at the instant; it is read from the source's own history,
     * which its {@link dev.rewind.table.HistoryGuard} keeps (from PITR turned off, retention, the table deleted) until
     * the undo is done. Cost: O(writes between the instant and the clone), read in parallel slices
     * ({@link HistoryUndo}); restore points bound it ({@link RestorePoints}).
     */
    private void runPointInTimeRestore(Table restoring, Table source, long restoreMillis) {
        TableMetadata target = restoring.metadata();
        TableMetadata sourceDefinition = source.metadata();
        TableStore store = source.historyGuard().read(() -> {
            TableMetadata.PointInTimeRecovery pitr = source.metadata().pointInTimeRecovery();
            if (pitr == null || pitr.enabledMillis() > restoreMillis || tables.find(sourceDefinition.accountId(),
                    sourceDefinition.region(), sourceDefinition.tableName()) != source) {
                throw new IllegalStateException("the history of " + sourceDefinition.tableName()
                        + " is gone: its point-in-time recovery was turned off or the table deleted");
            }
            tables.commitClock().sealThrough(restoreMillis);
            RestorePoints.Point point = restorePoints.pinFirstAfter(sourceDefinition, restoreMillis);
            long sealed;
            long until;
            CompletableFuture<Void> cloned;
            if (point != null) {
                restoresFromPoints.incrementAndGet();
                sealed = point.sealedMillis();
                until = point.cutMillis();
                // the clone (file links and metadata: mostly waiting for the disk) is made while the history is read
                Runnable hook = pointCloneHook;
                cloned = CompletableFuture.runAsync(() -> {
                    if (hook != null) {
                        hook.run();
                    }
                    restorePoints.cloneAndUnpin(point, target.storeName());
                }, clones);
            } else {
                sealed = tables.commitClock().nowMillis() - 1;
                tables.commitClock().sealThrough(sealed); // every write stamped through it is in the clone
                engine.cloneTableStore(sourceDefinition.storeName(), target.storeName(), true);
                until = tables.commitClock().nowMillis();
                cloned = CompletableFuture.completedFuture(null);
            }
            Supplier<TableStore> clone = () -> {
                joinUnwrapped(cloned);
                return engine.openTableStore(target.storeName());
            };
            try {
                Runnable hook = historyReadHook;
                if (hook != null) {
                    hook.run();
                }
                new HistoryUndo(sourceDefinition, clone, source.store()).run(restoreMillis, sealed, until);
            } finally {
                try {
                    cloned.join(); // done before the restore ends, failed or not
                } catch (RuntimeException e) {
                    // reported by the undo, which asked for the clone
                }
            }
            return clone.get();
        });
        finishRestore(restoring, sourceDefinition, store);
    }

    /** Runs again every restore that a crash or shutdown cut off. Called once at start-up. */
    public void resumeRestores() {
        for (Table t : tables.restoring()) {
            TableMetadata.RestoreSummary summary = t.metadata().restoreSummary();
            if (summary.sourceBackupArn() == null) {
                Table source = findByArn(summary.sourceTableArn());
                if (source == null || !source.isAvailable()
                        || !source.metadata().pointInTimeRecoveryEnabled()) {
                    LOG.warn("restore of {} cannot resume: its source table is gone; the table is removed",
                            t.metadata().tableName());
                    tables.delete(t);
                    continue;
                }
                submitPointInTime(t, source, summary.restoreDateTimeMillis(), reserveRestore(t.metadata().accountId()));
                continue;
            }
            String arn = summary.sourceBackupArn();
            BackupMetadata backup = arn == null ? null : backups.find(arn);
            if (backup == null) {
                LOG.warn("restore of {} cannot resume: its backup is gone; the table is removed",
                        t.metadata().tableName());
                tables.delete(t);
                continue;
            }
            AtomicInteger running = restoresByAccount.computeIfAbsent(t.metadata().accountId(),
                    a -> new AtomicInteger());
            running.incrementAndGet();
            submit(t, backup, running, claim(backup));
        }
    }

    private void submit(Table restoring, BackupMetadata backup, AtomicInteger running, AtomicInteger inUse) {
        jobs.execute(() -> {
            try {
                runRestore(restoring, backup);
            } catch (RuntimeException e) {
                if (cutOffByShutdown(restoring)) {
                    return;
                }
                LOG.error("restore of {} from {} failed; the table is removed", restoring.metadata().tableName(),
                        backup.backupArn(), e);
                failRestore(restoring);
            } finally {
                inUse.decrementAndGet();
                running.decrementAndGet();
            }
        });
    }

    private void runRestore(Table restoring, BackupMetadata backup) {
        TableMetadata target = restoring.metadata();
        engine.cloneTableStore(backup.storeName(), target.storeName(), true);
        TableStore store = engine.openTableStore(target.storeName());
        finishRestore(restoring, backup.source(), store);
    }

    /**
     * The common end of every restore: drop the index spaces the target does not keep, rebuild the indexes whose
     * projection changed, then make the table ACTIVE.
     */
    private void finishRestore(Table restoring, TableMetadata source, TableStore store) {
        TableMetadata target = restoring.metadata();
        Set<Integer> kept = new HashSet<>();
        for (TableMetadata.IndexMetadata i : allIndexes(target)) {
            kept.add(i.space());
        }
        for (TableMetadata.IndexMetadata i : allIndexes(source)) {
            if (!kept.contains(i.space())) {
                store.deleteSpace(i.space());
            }
        }
        TableMetadata.RestoreSummary summary = target.restoreSummary();
        TableMetadata active = target.withStatus("ACTIVE", new TableMetadata.RestoreSummary(
                summary.sourceBackupArn(), summary.sourceTableArn(), summary.restoreDateTimeMillis(), false));
        Table filled = new Table(active, store);
        for (TableMetadata.IndexMetadata i : allIndexes(target)) {
            TableMetadata.IndexMetadata before = findIndex(source, i.indexName());
            if (before == null || !before.projection().equals(i.projection())) {
                filled.rebuildIndex(filled.index(i.indexName()));
            }
        }
        CountDownLatch gate = restoreGate;
        if (gate != null) {
            try {
                gate.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("restore interrupted", e);
            }
        }
        tables.completeRestore(restoring, active);
    }

    private Table findByArn(String tableArn) {
        if (tableArn == null) {
            return null;
        }
        String[] parts = tableArn.split(":", 6);
        if (parts.length < 6 || !parts[5].startsWith("table/")) {
            return null;
        }
        return tables.find(parts[4], parts[3], parts[5].substring("table/".length()));
    }

    static List<TableMetadata.IndexMetadata> allIndexes(TableMetadata t) {
        List<TableMetadata.IndexMetadata> all = new java.util.ArrayList<>(t.localSecondaryIndexes());
        all.addAll(t.globalSecondaryIndexes());
        return all;
    }

    private static TableMetadata.IndexMetadata findIndex(TableMetadata t, String name) {
        for (TableMetadata.IndexMetadata i : allIndexes(t)) {
            if (i.indexName().equals(name)) {
                return i;
            }
        }
        return null;
    }

    /**
     * Stores no table or backup refers to are stores made ahead and never used, or leftovers of a crash between
     * cloning and recording: drop them.
     */
    private void dropOrphanStores() {
        Set<String> used = tables.storeNames();
        used.addAll(restorePoints.storeNames());
        for (BackupMetadata b : backups.all()) {
            used.add(b.storeName());
        }
        int dropped = 0;
        for (String store : engine.tableStoreNames()) {
            if (!used.contains(store)) {
                LOG.debug("dropping unreferenced store {}", store);
                engine.dropTableStore(store);
                dropped++;
            }
        }
        if (dropped > 0) {
            LOG.info("dropping {} stores no table or backup refers to (made ahead and never used, or left by a crash)",
                    dropped);
        }
    }

    @Override
    public void close() {
        restorePoints.close();
        jobs.shutdownNow();
        try {
            jobs.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        clones.shutdown(); // restore jobs wait for their clones: none is left once they are done
    }

    /** Waits for a future, throwing what it failed with (a RuntimeException) rather than a CompletionException. */
    private static void joinUnwrapped(CompletableFuture<?> future) {
        try {
            future.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
