package dev.rewind.table;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.rewind.error.DynamoException;
import dev.rewind.error.StorageException;
import dev.rewind.storage.StorageEngine;

/**
 * The tables of every (account, Region), kept in memory and persisted as JSON in the engine's meta store under
 * {@code table/<account>/<region>/<name>}. A table's data lives in its own store, named by its table id.
 */
public final class TableCatalog {
    private static final String PREFIX = "table/";
    static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final StorageEngine engine;
    private final CommitClock commitClock;
    private final Map<String, Table> tables = new ConcurrentHashMap<>();

    public TableCatalog(StorageEngine engine, CommitClock commitClock) {
        this.engine = engine;
        this.commitClock = commitClock;
        List<String> stores = engine.tableStoreNames();
        for (Map.Entry<String, byte[]> e : engine.listMeta(PREFIX)) {
            TableMetadata m = read(e.getValue());
            if (isRestoring(m)) {
                // a restore that did not finish: its job is run again (BackupService.resumeRestores)
                if (stores.contains(m.storeName())) {
                    engine.dropTableStore(m.storeName());
                }
                tables.put(key(m.accountId(), m.region(), m.tableName()), new Table(m, null));
                continue;
            }
            if (!stores.contains(m.storeName())) {
                engine.deleteMeta(e.getKey()); // created but never finished: the store was not made
                continue;
            }
            tables.put(key(m.accountId(), m.region(), m.tableName()), new Table(m, engine.openTableStore(m.storeName()),
                    commitClock));
        }
    }

    /**
     * Raises the commit clock past the newest stamp stored in any table's history or stream log, so that stamps stay
     * unique and ordered across restarts even if the wall clock is now behind (or a burst ran the sequence ahead).
     * Looks at the hour partitions two days either side of now.
     */
    public void restoreCommitClock(long nowMillis) {
        long nowBucket = History.bucketOf(nowMillis);
        for (Table t : tables.values()) {
            if (t.store() == null) {
                continue;
            }
            for (int space : new int[] {History.SPACE, StreamLog.SPACE}) {
                for (long bucket = nowBucket + 48; bucket >= nowBucket - 48; bucket--) {
                    try (dev.rewind.storage.RowIterator rows = t.store().range(space, History.partition(bucket), null,
                            null, true)) {
                        if (rows.next()) {
                            byte[] c = rows.clustering();
                            long ts = 0;
                            for (int i = 0; i < 8; i++) {
                                ts = (ts << 8) | (c[i] & 0xFF);
                            }
                            commitClock.observe(ts);
                            break;
                        }
                    }
                }
            }
        }
    }

    public StorageEngine engine() {
        return engine;
    }

    public CommitClock commitClock() {
        return commitClock;
    }

    /** Every table of every account and Region. */
    public List<Table> all() {
        return new ArrayList<>(tables.values());
    }

    /** The available tables with point-in-time recovery enabled. */
    public List<Table> withPointInTimeRecovery() {
        List<Table> out = new ArrayList<>();
        for (Table t : tables.values()) {
            if (t.isAvailable() && t.metadata().pointInTimeRecoveryEnabled()) {
                out.add(t);
            }
        }
        return out;
    }

    private static String key(String account, String region, String name) {
        return account + "/" + region + "/" + name;
    }

    /** The table, or null. */
    public Table find(String account, String region, String name) {
        return tables.get(key(account, region, name));
    }

    /** The table, or ResourceNotFoundException as DynamoDB words it for data-plane calls. */
    public Table get(String account, String region, String name) {
        Table t = tables.get(key(account, region, name));
        if (t == null) {
            throw DynamoException.resourceNotFound("Requested resource not found");
        }
        return t;
    }

    /** A new table's id, which names its store too: the engine may have that store made ahead. */
    public String newTableId() {
        return engine.newStoreName();
    }

    /** Creates a table's store and catalog entry; ResourceInUseException if the name is taken. */
    public Table create(TableMetadata metadata) {
        String k = key(metadata.accountId(), metadata.region(), metadata.tableName());
        Table[] created = new Table[1];
        tables.compute(k, (name, existing) -> {
            if (existing != null) {
                throw DynamoException.resourceInUse("Table already exists: " + metadata.tableName());
            }
            engine.putMeta(PREFIX + k, write(metadata));
            created[0] = new Table(metadata, engine.createTableStore(metadata.storeName()), commitClock);
            return created[0];
        });
        return created[0];
    }

    static boolean isRestoring(TableMetadata m) {
        return m.restoreSummary() != null && m.restoreSummary().restoreInProgress();
    }

    /**
     * Registers a table being restored: visible to DescribeTable as CREATING, closed to reads and writes, with no
     * store until {@link #completeRestore} supplies the filled one. TableAlreadyExistsException if the name is taken.
     */
    public Table createRestoring(TableMetadata metadata) {
        String k = key(metadata.accountId(), metadata.region(), metadata.tableName());
        Table[] created = new Table[1];
        tables.compute(k, (name, existing) -> {
            if (existing != null) {
                throw new DynamoException(dev.rewind.error.ErrorCode.TABLE_ALREADY_EXISTS,
                        "Table already exists: " + metadata.tableName());
            }
            engine.putMeta(PREFIX + k, write(metadata));
            created[0] = new Table(metadata, null);
            return created[0];
        });
        return created[0];
    }

    /** Makes a restored table ACTIVE on its filled store (already created under {@code metadata.storeName()}). */
    public Table completeRestore(Table restoring, TableMetadata metadata) {
        String k = key(metadata.accountId(), metadata.region(), metadata.tableName());
        Table active = new Table(metadata, engine.openTableStore(metadata.storeName()), commitClock);
        engine.putMeta(PREFIX + k, write(metadata));
        tables.replace(k, restoring, active);
        return active;
    }

    /** Tables whose restore has not finished. */
    public List<Table> restoring() {
        List<Table> out = new ArrayList<>();
        for (Table t : tables.values()) {
            if (isRestoring(t.metadata())) {
                out.add(t);
            }
        }
        return out;
    }

    /** Every store a table uses. */
    public java.util.Set<String> storeNames() {
        java.util.Set<String> out = new java.util.HashSet<>();
        for (Table t : tables.values()) {
            out.add(t.metadata().storeName());
        }
        return out;
    }

    /** Persists changed metadata of an existing table. */
    public void update(Table table, TableMetadata metadata) {
        engine.putMeta(PREFIX + key(metadata.accountId(), metadata.region(), metadata.tableName()), write(metadata));
        table.setMetadata(metadata);
    }

    /** Removes the table from the catalog and drops its data. */
    public void delete(Table table) {
        TableMetadata m = table.metadata();
        String k = key(m.accountId(), m.region(), m.tableName());
        if (tables.remove(k, table)) {
            engine.deleteMeta(PREFIX + k);
            if (table.store() != null) { // once restores reading its history are done
                table.historyGuard().afterReads(() -> engine.dropTableStore(m.storeName()));
            }
        }
    }

    /** Table names of one account and Region, sorted. */
    public List<String> names(String account, String region) {
        String prefix = account + "/" + region + "/";
        List<String> out = new ArrayList<>();
        for (String k : tables.keySet()) {
            if (k.startsWith(prefix)) {
                out.add(k.substring(prefix.length()));
            }
        }
        out.sort(null);
        return out;
    }

    static byte[] write(TableMetadata m) {
        try {
            return JSON.writeValueAsBytes(m);
        } catch (IOException e) {
            throw new StorageException("cannot encode table metadata", e);
        }
    }

    static TableMetadata read(byte[] b) {
        try {
            return JSON.readValue(b, TableMetadata.class);
        } catch (IOException e) {
            throw new StorageException("cannot decode table metadata", e);
        }
    }
}
