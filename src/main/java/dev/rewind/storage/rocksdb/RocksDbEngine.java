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
 * data can be dropped, checkpointed or imported as a unit), the default column family for metadata. Writes go to
 * the WAL unsynced and are acknowledged after the {@link GroupCommitter} fsyncs it; metadata writes sync at once.
 */
public final class RocksDbEngine implements StorageEngine {
    static {
        RocksDB.loadLibrary();
    }

    private static final String STORE_PREFIX = "t:";

    private final Path dir;
    private final boolean syncBeforeAcknowledge;
    private final RocksDB db;
    private final DBOptions dbOptions;
    private final ColumnFamilyOptions cfOptions;
    private final LRUCache cache;
    private final WriteBufferManager writeBufferManager;
    private final UInt64AddOperator mergeOperator;
    private final ColumnFamilyHandle defaultFamily;
    private final Map<String, ColumnFamilyHandle> families = new ConcurrentHashMap<>();
    private final Map<String, RocksTableStore> stores = new ConcurrentHashMap<>();
    final WriteOptions unsyncedWrite = new WriteOptions().setSync(false);
    final WriteOptions syncedWrite = new WriteOptions().setSync(true);
    final WriteOptions noWal = new WriteOptions().setDisableWAL(true);
    final GroupCommitter committer;

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
            cache = new LRUCache(128L << 20);
            writeBufferManager = new WriteBufferManager(128L << 20, cache);
            mergeOperator = new UInt64AddOperator();
            BlockBasedTableConfig table = new BlockBasedTableConfig()
                    .setBlockCache(cache)
                    .setFilterPolicy(new BloomFilter(10, false))
                    .setBlockSize(16 * 1024)
                    .setCacheIndexAndFilterBlocks(true);
            cfOptions = new ColumnFamilyOptions()
                    .setMergeOperator(mergeOperator)
                    .setTableFormatConfig(table)
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
                    .setEnablePipelinedWrite(true);
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
                descriptors.add(new ColumnFamilyDescriptor(name, cfOptions));
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
                }
            }
            defaultFamily = def;
            try (java.util.stream.Stream<Path> leftovers = Files.list(dir)) {
                leftovers.filter(p -> p.getFileName().toString().startsWith("export-"))
                        .forEach(RocksDbEngine::deleteRecursively);
            }
            committer = new GroupCommitter(db, syncBeforeAcknowledge);
        } catch (RocksDBException | java.io.IOException e) {
            throw new StorageException("cannot open RocksDB at " + dir + ": " + e.getMessage(), e);
        }
    }

    RocksDB db() {
        return db;
    }

    @Override
    public TableStore createTableStore(String storeName) {
        try {
            ColumnFamilyHandle handle = db.createColumnFamily(
                    new ColumnFamilyDescriptor((STORE_PREFIX + storeName).getBytes(StandardCharsets.UTF_8), cfOptions));
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
        return stores.computeIfAbsent(storeName, n -> new RocksTableStore(this, handle));
    }

    @Override
    public void cloneTableStore(String source, String target) {
        ColumnFamilyHandle from = families.get(source);
        if (from == null) {
            throw new StorageException("no store " + source);
        }
        byte[] targetName = (STORE_PREFIX + target).getBytes(StandardCharsets.UTF_8);
        Path exportDir = dir.resolve("export-" + java.util.UUID.randomUUID());
        try {
            try (FlushOptions fo = new FlushOptions().setWaitForFlush(true)) {
                db.flush(fo, from);
            }
            ColumnFamilyHandle handle;
            if (db.getColumnFamilyMetaData(from).fileCount() == 0) {
                // nothing on disk and nothing written since the flush: the clone is empty (import rejects no files)
                handle = db.createColumnFamily(new ColumnFamilyDescriptor(targetName, cfOptions));
            } else {
                try (Checkpoint checkpoint = Checkpoint.create(db);
                        ExportImportFilesMetaData files = checkpoint.exportColumnFamily(from, exportDir.toString());
                        ImportColumnFamilyOptions importOptions = new ImportColumnFamilyOptions().setMoveFiles(true)) {
                    handle = db.createColumnFamilyWithImport(new ColumnFamilyDescriptor(targetName, cfOptions),
                            importOptions, files);
                }
            }
            families.put(target, handle);
        } catch (RocksDBException e) {
            throw new StorageException("cannot clone store " + source + " to " + target + ": " + e.getMessage(), e);
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
        try (org.rocksdb.WriteBatch wb = new org.rocksdb.WriteBatch()) {
            for (Map.Entry<TableStore, dev.rewind.storage.WriteBatch> e : batches.entrySet()) {
                ((RocksTableStore) e.getKey()).addTo(wb, e.getValue());
            }
            db.write(unsyncedWrite, wb);
        } catch (RocksDBException e) {
            return java.util.concurrent.CompletableFuture.failedFuture(new StorageException("write failed", e));
        }
        return committer.awaitSync();
    }

    @Override
    public void dropTableStore(String storeName) {
        ColumnFamilyHandle handle = families.remove(storeName);
        stores.remove(storeName);
        if (handle == null) {
            return;
        }
        try {
            db.dropColumnFamily(handle);
            handle.close();
        } catch (RocksDBException e) {
            throw new StorageException("cannot drop store " + storeName, e);
        }
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
        try {
            db.syncWal();
        } catch (RocksDBException e) {
            // closing anyway
        }
        for (ColumnFamilyHandle h : families.values()) {
            h.close();
        }
        defaultFamily.close();
        db.close();
        dbOptions.close();
        cfOptions.close();
        writeBufferManager.close();
        cache.close();
        mergeOperator.close();
    }
}
