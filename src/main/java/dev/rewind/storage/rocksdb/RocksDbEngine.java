package dev.rewind.storage.rocksdb;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Checkpoint;
import org.rocksdb.ExportImportFilesMetaData;
import org.rocksdb.FlushOptions;
import org.rocksdb.ImportColumnFamilyOptions;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.UInt64AddOperator;
import org.rocksdb.WriteBufferManager;
import org.rocksdb.WriteOptions;

import dev.rewind.error.StorageException;
import dev.rewind.storage.StorageEngine;
import dev.rewind.storage.TableStore;

/**
 * The embedded engine: one RocksDB instance in the data directory, a column family per table store (so a table's
 * data can be dropped, checkpointed or imported as a unit), the default column family for metadata. Each log space
 * of a store (history, stream records; {@link TableStore#FIRST_LOG_SPACE}) has a column family of its own, created
 * on first use: a log is appended in commit order, so its files never overlap and compaction only moves them, where
 * mixed with the items every compaction of the table would rewrite them. Writes go to
 * the WAL unsynced and are acknowledged after the {@link GroupCommitter} fsyncs it; metadata writes sync at once.
 */
public final class RocksDbEngine implements StorageEngine {
    static {
        RocksDB.loadLibrary();
    }

    private static final String STORE_PREFIX = "t:";
    private static final String LOG_PREFIX = "l:";

    private final Path dir;
    private final boolean syncBeforeAcknowledge;
    private final RocksDB db;
    private final DBOptions dbOptions;
    private final ColumnFamilyOptions cfOptions;
    private final ColumnFamilyOptions logOptions;
    private final org.rocksdb.Options ingestOptions;
    private final LRUCache cache;
    private final WriteBufferManager writeBufferManager;
    private final UInt64AddOperator mergeOperator;
    private final ColumnFamilyHandle defaultFamily;
    private final Map<String, ColumnFamilyHandle> families = new ConcurrentHashMap<>();
    /** Log column families by {@link #logKey}. */
    private final Map<String, ColumnFamilyHandle> logFamilies = new ConcurrentHashMap<>();
    private final Map<String, RocksTableStore> stores = new ConcurrentHashMap<>();
    final WriteOptions unsyncedWrite = new WriteOptions().setSync(false);
    final WriteOptions syncedWrite = new WriteOptions().setSync(true);
    final GroupCommitter committer;
    final FamilyPool pool;

    public RocksDbEngine(Path dir) {
        this(dir, true);
    }

    /**
     * @param syncBeforeAcknowledge whether writes are acknowledged only after an fsync of the WAL (the default) or
     *     once the WAL write reached the operating system (see {@link GroupCommitter})
     */
    public RocksDbEngine(Path dir, boolean syncBeforeAcknowledge) {
        this.dir = dir;
        this.syncBeforeAcknowledge = syncBeforeAcknowledge;
        try {
            Files.createDirectories(dir);
            // memtables are charged to the cache (up to 128 MB): the rest, at least 128 MB, holds data blocks
            cache = new LRUCache(256L << 20);
            writeBufferManager = new WriteBufferManager(128L << 20, cache);
            mergeOperator = new UInt64AddOperator();
            // Point reads (every GetItem, and the read before every write) are the hot path. Index and filter blocks
            // stay in the table readers (~2 MB per million items) instead of the cache, so a read does one cache
            // lookup, not three; 8 KB blocks halve what a read that misses the cache decompresses and searches; a
            // whole-key Bloom filter on the memtable lets a read of a key the memtable lacks skip its skip list.
            // StorageBenchmark (one thread, random keys): 3.5-4.0 -> 2.7-2.9 us a read at 100,000 items, 7.5-8.6 -> 5.0-5.3
            // at 800,000.
            BlockBasedTableConfig table = new BlockBasedTableConfig()
                    .setBlockCache(cache)
                    .setFilterPolicy(new BloomFilter(10, false))
                    .setBlockSize(8 * 1024)
                    .setCacheIndexAndFilterBlocks(false);
            cfOptions = new ColumnFamilyOptions()
                    .setMergeOperator(mergeOperator)
                    .setTableFormatConfig(table)
                    .setWriteBufferSize(16L << 20)
                    .setMemtablePrefixBloomSizeRatio(0.1)
                    .setMemtableWholeKeyFiltering(true)
                    .setCompressionType(CompressionType.LZ4_COMPRESSION)
                    .setLevelCompactionDynamicLevelBytes(true);
            // logs are read by range only: no Bloom filter to build at every flush
            logOptions = new ColumnFamilyOptions()
                    .setMergeOperator(mergeOperator)
                    .setTableFormatConfig(new BlockBasedTableConfig()
                            .setBlockCache(cache)
                            .setBlockSize(64 * 1024)
                            .setCacheIndexAndFilterBlocks(true))
                    .setWriteBufferSize(16L << 20)
                    .setCompressionType(CompressionType.LZ4_COMPRESSION)
                    .setLevelCompactionDynamicLevelBytes(true);
            dbOptions = new DBOptions()
                    .setCreateIfMissing(true)
                    .setCreateMissingColumnFamilies(true)
                    .setWriteBufferManager(writeBufferManager)
                    .setMaxBackgroundJobs(2)
                    .setKeepLogFileNum(3)
                    // a WAL file lives until every column family with data in it has flushed; tables written
                    // rarely would keep old logs (and restart replay) growing: past 64 MB their memtables flush
                    .setMaxTotalWalSize(64L << 20)
                    .setInfoLogLevel(org.rocksdb.InfoLogLevel.WARN_LEVEL)
                    .setAvoidUnnecessaryBlockingIO(true)
                    .setEnablePipelinedWrite(true)
                    // WAL files are reused: a sync overwrites blocks written before instead of extending the file, so
                    // fdatasync has no file size to update (bench/run's floor: 124 us overwriting, 215 us appending;
                    // PutItem on one connection, fsync mode, after WAL files rotated: 2,626-2,902 -> 2,852-3,431
                    // ops/s). Point-in-time WAL recovery supports it since RocksDB 9.1 (facebook/rocksdb#12403).
                    .setRecycleLogFileNum(4);
            List<byte[]> names = new ArrayList<>();
            if (Files.exists(dir.resolve("CURRENT"))) {
                try (org.rocksdb.Options listOptions = new org.rocksdb.Options()) {
                    names.addAll(RocksDB.listColumnFamilies(listOptions, dir.toString()));
                }
            }
            if (names.stream().noneMatch(n -> Arrays.equals(n, RocksDB.DEFAULT_COLUMN_FAMILY))) {
                names.add(0, RocksDB.DEFAULT_COLUMN_FAMILY);
            }
            List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
            for (byte[] name : names) {
                boolean log = new String(name, StandardCharsets.UTF_8).startsWith(LOG_PREFIX);
                descriptors.add(new ColumnFamilyDescriptor(name, log ? logOptions : cfOptions));
            }
            List<ColumnFamilyHandle> handles = new ArrayList<>();
            db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
            ColumnFamilyHandle def = null;
            for (int i = 0; i < names.size(); i++) {
                String name = new String(names.get(i), StandardCharsets.UTF_8);
                if (Arrays.equals(names.get(i), RocksDB.DEFAULT_COLUMN_FAMILY)) {
                    def = handles.get(i);
                } else if (name.startsWith(STORE_PREFIX)) {
                    families.put(name.substring(STORE_PREFIX.length()), handles.get(i));
                } else if (name.startsWith(LOG_PREFIX)) {
                    logFamilies.put(name.substring(LOG_PREFIX.length()), handles.get(i));
                }
            }
            defaultFamily = def;
            for (String key : new ArrayList<>(logFamilies.keySet())) { // a crash while a store was dropped
                if (!families.containsKey(storeOf(key))) {
                    ColumnFamilyHandle h = logFamilies.remove(key);
                    db.dropColumnFamily(h);
                    h.close();
                }
            }
            try (java.util.stream.Stream<Path> leftovers = Files.list(dir)) {
                leftovers.filter(p -> p.getFileName().toString().startsWith("export-")
                        || p.getFileName().toString().startsWith("ingest-"))
                        .forEach(RocksDbEngine::deleteRecursively);
            }
            committer = new GroupCommitter(db, syncBeforeAcknowledge);
            pool = new FamilyPool(db, RocksDbEngine::storeFamilyName, cfOptions);
            ingestOptions = new org.rocksdb.Options(dbOptions, cfOptions);
        } catch (RocksDBException | java.io.IOException e) {
            throw new StorageException("cannot open RocksDB at " + dir + ": " + e.getMessage(), e);
        }
    }

    RocksDB db() {
        return db;
    }

    /** Options for table files written to be ingested into a store's column family. */
    org.rocksdb.Options ingestOptions() {
        return ingestOptions;
    }

    /** A new path in the data directory for a table file to ingest (leftovers are deleted at start-up). */
    Path ingestFile() {
        return dir.resolve("ingest-" + java.util.UUID.randomUUID() + ".sst");
    }

    /** The name of a store's column family. */
    private static byte[] storeFamilyName(String storeName) {
        return (STORE_PREFIX + storeName).getBytes(StandardCharsets.UTF_8);
    }

    /** Creates a store's column family, empty. */
    private ColumnFamilyHandle createStoreFamily(String storeName) throws RocksDBException {
        return db.createColumnFamily(new ColumnFamilyDescriptor(storeFamilyName(storeName), cfOptions));
    }

    /** A name whose column family is made already (see {@link FamilyPool}), if one is ready. */
    @Override
    public String newStoreName() {
        return pool.newStoreName();
    }

    @Override
    public TableStore createTableStore(String storeName) {
        try {
            ColumnFamilyHandle handle = pool.take(storeName);
            if (handle == null) {
                pool.settle(storeName);
                handle = createStoreFamily(storeName);
            }
            families.put(storeName, handle);
            return openTableStore(storeName);
        } catch (RocksDBException e) {
            throw new StorageException("cannot create store " + storeName, e);
        }
    }

    @Override
    public TableStore openTableStore(String storeName) {
        ColumnFamilyHandle handle = families.get(storeName);
        if (handle == null) {
            throw new StorageException("no store " + storeName);
        }
        return stores.computeIfAbsent(storeName, n -> new RocksTableStore(this, n, handle));
    }

    /** The column family of a log space of a store; null if it has none yet and {@code create} is false. */
    ColumnFamilyHandle logFamily(String storeName, int space, boolean create) {
        String key = logKey(space, storeName);
        ColumnFamilyHandle handle = logFamilies.get(key);
        if (handle != null || !create) {
            return handle;
        }
        synchronized (logFamilies) {
            handle = logFamilies.get(key);
            if (handle == null) {
                try {
                    handle = db.createColumnFamily(new ColumnFamilyDescriptor(
                            (LOG_PREFIX + key).getBytes(StandardCharsets.UTF_8), logOptions));
                } catch (RocksDBException e) {
                    throw new StorageException("cannot create log " + key, e);
                }
                logFamilies.put(key, handle);
            }
            return handle;
        }
    }

    /** A log column family's key: {@code space:store} (its name is {@code l:space:store}). */
    private static String logKey(int space, String storeName) {
        return space + ":" + storeName;
    }

    private static String storeOf(String logKey) {
        return logKey.substring(logKey.indexOf(':') + 1);
    }

    private static int spaceOf(String logKey) {
        return Integer.parseInt(logKey.substring(0, logKey.indexOf(':')));
    }

    @Override
    public void cloneTableStore(String source, String target, boolean rows, int... logSpaces) {
        ColumnFamilyHandle from = families.get(source);
        if (from == null) {
            throw new StorageException("no store " + source);
        }
        List<String> logs = new ArrayList<>(); // the source's logs asked for (a log never written has no family)
        for (int space : logSpaces) {
            if (logFamilies.containsKey(logKey(space, source))) {
                logs.add(logKey(space, source));
            }
        }
        pool.settle(target);
        try {
            families.put(target, rows ? cloneFamily(from, STORE_PREFIX + target, cfOptions)
                    : createStoreFamily(target));
            // logs cut after the rows: they hold every change the rows reflect, perhaps a few more
            for (String key : logs) {
                String targetKey = logKey(spaceOf(key), target);
                synchronized (logFamilies) {
                    ColumnFamilyHandle fromLog = logFamilies.get(key);
                    if (fromLog == null) {
                        throw new StorageException("store " + source + " was dropped while it was cloned");
                    }
                    logFamilies.put(targetKey, cloneFamily(fromLog, LOG_PREFIX + targetKey, logOptions));
                }
            }
        } catch (RocksDBException e) {
            throw new StorageException("cannot clone store " + source + " to " + target + ": " + e.getMessage(), e);
        }
    }

    /** A new column family holding what {@code from} holds at one instant: its memtable flushed, files hard-linked. */
    private ColumnFamilyHandle cloneFamily(ColumnFamilyHandle from, String targetName, ColumnFamilyOptions options)
            throws RocksDBException {
        ColumnFamilyDescriptor target = new ColumnFamilyDescriptor(targetName.getBytes(StandardCharsets.UTF_8),
                options);
        Path exportDir = dir.resolve("export-" + java.util.UUID.randomUUID());
        try {
            try (FlushOptions fo = new FlushOptions().setWaitForFlush(true)) {
                db.flush(fo, from);
            }
            if (db.getColumnFamilyMetaData(from).fileCount() == 0) {
                // nothing on disk and nothing written since the flush: the clone is empty (import rejects no files)
                return db.createColumnFamily(target);
            }
            try (Checkpoint checkpoint = Checkpoint.create(db);
                    ExportImportFilesMetaData files = checkpoint.exportColumnFamily(from, exportDir.toString());
                    ImportColumnFamilyOptions importOptions = new ImportColumnFamilyOptions().setMoveFiles(true)) {
                return db.createColumnFamilyWithImport(target, importOptions, files);
            }
        } finally {
            deleteRecursively(exportDir);
        }
    }

    private static void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (java.util.stream.Stream<Path> walk = Files.walk(path)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // a leftover export directory holds only hard links; harmless
        }
    }

    @Override
    public java.util.concurrent.CompletableFuture<Void> writeAtomically(Map<TableStore, dev.rewind.storage.WriteBatch> batches) {
        int stripe = StripedStats.stripe();
        List<java.util.concurrent.locks.ReentrantLock> statsLocks = new ArrayList<>();
        batches.entrySet().stream().filter(e -> !e.getValue().stats().isEmpty())
                .map(e -> (RocksTableStore) e.getKey())
                .sorted(java.util.Comparator.comparing(RocksTableStore::name, StorageEngine.lockOrder()))
                .forEach(s -> statsLocks.add(s.stats().lock(stripe)));
        statsLocks.forEach(java.util.concurrent.locks.ReentrantLock::lock);
        List<Runnable> undos = new ArrayList<>();
        try (org.rocksdb.WriteBatch wb = new org.rocksdb.WriteBatch()) {
            for (Map.Entry<TableStore, dev.rewind.storage.WriteBatch> e : batches.entrySet()) {
                ((RocksTableStore) e.getKey()).addTo(wb, e.getValue(), stripe, undos);
            }
            db.write(unsyncedWrite, wb);
        } catch (RocksDBException e) {
            StripedStats.undo(undos);
            return java.util.concurrent.CompletableFuture.failedFuture(new StorageException("write failed", e));
        } catch (RuntimeException e) {
            StripedStats.undo(undos);
            throw e;
        } finally {
            for (int i = statsLocks.size() - 1; i >= 0; i--) {
                statsLocks.get(i).unlock();
            }
        }
        return committer.awaitSync();
    }

    @Override
    public void dropTableStore(String storeName) {
        stores.remove(storeName);
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        synchronized (logFamilies) {
            for (String key : logKeysOf(storeName)) {
                handles.add(logFamilies.remove(key));
            }
        }
        handles.add(families.remove(storeName)); // last: logs left by a crash before it are dropped at the next open
        handles.removeIf(java.util.Objects::isNull);
        if (!handles.isEmpty()) {
            pool.drop(storeName, handles); // in the background: the store is gone from this engine already
        }
    }

    private List<String> logKeysOf(String storeName) {
        List<String> keys = new ArrayList<>();
        for (String key : logFamilies.keySet()) {
            if (storeOf(key).equals(storeName)) {
                keys.add(key);
            }
        }
        return keys;
    }

    @Override
    public List<String> tableStoreNames() {
        return new ArrayList<>(families.keySet());
    }

    @Override
    public void putMeta(String key, byte[] value) {
        try {
            db.put(defaultFamily, syncedWrite, key.getBytes(StandardCharsets.UTF_8), value);
        } catch (RocksDBException e) {
            throw new StorageException("meta write failed", e);
        }
    }

    @Override
    public Optional<byte[]> getMeta(String key) {
        try {
            return Optional.ofNullable(db.get(defaultFamily, key.getBytes(StandardCharsets.UTF_8)));
        } catch (RocksDBException e) {
            throw new StorageException("meta read failed", e);
        }
    }

    @Override
    public void deleteMeta(String key) {
        try {
            db.delete(defaultFamily, syncedWrite, key.getBytes(StandardCharsets.UTF_8));
        } catch (RocksDBException e) {
            throw new StorageException("meta delete failed", e);
        }
    }

    @Override
    public List<Map.Entry<String, byte[]>> listMeta(String prefix) {
        List<Map.Entry<String, byte[]>> out = new ArrayList<>();
        byte[] p = prefix.getBytes(StandardCharsets.UTF_8);
        try (ReadOptions ro = new ReadOptions(); RocksIterator it = db.newIterator(defaultFamily, ro)) {
            for (it.seek(p); it.isValid(); it.next()) {
                byte[] k = it.key();
                if (!startsWith(k, p)) {
                    break;
                }
                out.add(new AbstractMap.SimpleImmutableEntry<>(new String(k, StandardCharsets.UTF_8), it.value()));
            }
        }
        return out;
    }

    private static boolean startsWith(byte[] k, byte[] p) {
        return k.length >= p.length && Arrays.equals(k, 0, p.length, p, 0, p.length);
    }

    @Override
    public boolean durable() {
        return true;
    }

    @Override
    public String describe() {
        return "RocksDB " + RocksDB.rocksdbVersion() + " at " + dir.toAbsolutePath();
    }

    /** Whether a write is acknowledged only after the WAL holding it is fsynced. */
    public boolean syncsBeforeAcknowledge() {
        return syncBeforeAcknowledge;
    }

    @Override
    public void close() {
        committer.close();
        pool.close();
        try {
            db.syncWal();
        } catch (RocksDBException e) {
            // closing anyway
        }
        for (ColumnFamilyHandle h : families.values()) {
            h.close();
        }
        for (ColumnFamilyHandle h : logFamilies.values()) {
            h.close();
        }
        defaultFamily.close();
        db.close();
        ingestOptions.close();
        dbOptions.close();
        cfOptions.close();
        logOptions.close();
        writeBufferManager.close();
        cache.close();
        mergeOperator.close();
    }
}
