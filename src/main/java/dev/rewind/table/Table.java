package dev.rewind.table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.rewind.model.AttributeType;
import dev.rewind.model.AttributeValue;
import dev.rewind.model.ItemCodec;
import dev.rewind.model.ItemSize;
import dev.rewind.model.KeyEncoding;
import dev.rewind.storage.TableStore;
import dev.rewind.storage.WriteBatch;

/**
 * A live table: its metadata, its store, and how items map to rows. Index entries are written in the same atomic
 * batch as the item, so every index is exact at every instant.
 *
 * <p>Row layout: the item lives in space 0 at (enc(hash), enc(range) or empty). An index entry lives in the index's
 * space at (enc(index hash), [enc(index range)] ‖ [enc(table hash) for a GSI] ‖ [enc(table range)]), holding the
 * projected item. Items lacking an index key attribute have no entry.
 */
public final class Table {
    private volatile TableMetadata metadata;
    private final TableStore store;
    private final KeyDefinition key;
    /** Replaced (never mutated) when UpdateTable adds or drops an index; writes read it under their row lock. */
    private volatile List<Index> indexes;
    private final CommitClock commitClock;
    private final ItemClaims claims = new ItemClaims();
    /** History rows this object recorded (see {@link #historyRowsRecorded}). */
    private final java.util.concurrent.atomic.LongAdder historyRows = new java.util.concurrent.atomic.LongAdder();
    private final HistoryGuard historyGuard = new HistoryGuard();

    /** A table whose writes are not recorded for point-in-time recovery (a restore's work in progress). */
    public Table(TableMetadata metadata, TableStore store) {
        this(metadata, store, null);
    }

    public Table(TableMetadata metadata, TableStore store, CommitClock commitClock) {
        this.metadata = metadata;
        this.store = store;
        this.commitClock = commitClock;
        this.key = keyDefinition(metadata, metadata.keySchema());
        this.indexes = indexesOf(metadata, key);
    }

    private static List<Index> indexesOf(TableMetadata metadata, KeyDefinition key) {
        List<Index> list = new ArrayList<>();
        for (TableMetadata.IndexMetadata m : metadata.localSecondaryIndexes()) {
            list.add(new Index(m, false, keyDefinition(metadata, m.keySchema()), key));
        }
        for (TableMetadata.IndexMetadata m : metadata.globalSecondaryIndexes()) {
            list.add(new Index(m, true, keyDefinition(metadata, m.keySchema()), key));
        }
        return List.copyOf(list);
    }

    static KeyDefinition keyDefinition(TableMetadata t, List<TableMetadata.KeyElement> schema) {
        List<String> hashNames = new ArrayList<>();
        List<AttributeType> hashTypes = new ArrayList<>();
        List<String> rangeNames = new ArrayList<>();
        List<AttributeType> rangeTypes = new ArrayList<>();
        for (TableMetadata.KeyElement k : schema) {
            boolean hash = "HASH".equals(k.keyType());
            (hash ? hashNames : rangeNames).add(k.attributeName());
            (hash ? hashTypes : rangeTypes).add(AttributeType.valueOf(t.attributeType(k.attributeName())));
        }
        return new KeyDefinition(hashNames, hashTypes, rangeNames, rangeTypes);
    }

    public TableMetadata metadata() {
        return metadata;
    }

    public void setMetadata(TableMetadata metadata) {
        this.indexes = indexesOf(metadata, key);
        this.metadata = metadata;
    }

    /**
     * Fills a new index with an entry for every existing item. Each item is re-read under its row lock, so a write
     * racing the backfill (which already maintains the index) is never overwritten by a stale entry.
     */
    public void backfillIndex(String indexName) {
        // A write that read the index list before the new index was in it (it reads the list under its row lock)
        // may write an item the scan below would miss: wait until every such write is written.
        store.awaitRowLocks();
        java.util.List<byte[][]> keys = new ArrayList<>();
        try (dev.rewind.storage.RowIterator rows = store.scan(TableStore.TABLE_SPACE, 0, 1, null, null)) {
            while (rows.next()) {
                keys.add(new byte[][] {rows.partition(), rows.clustering()});
            }
        }
        java.util.List<java.util.concurrent.CompletableFuture<Void>> pending = new ArrayList<>();
        for (byte[][] k : keys) {
            Index index = index(indexName);
            if (index == null) {
                return; // dropped while filling
            }
            try (TableStore.RowLock lock = store.lock(k[0], k[1])) {
                byte[] current = store.get(TableStore.TABLE_SPACE, k[0], k[1]);
                if (current == null) {
                    continue;
                }
                Map<String, AttributeValue> item = ItemCodec.decode(current);
                if (!index.indexes(item)) {
                    continue;
                }
                byte[] existing = store.get(index.space(), index.partition(item), index.clustering(item));
                if (existing != null) {
                    continue; // a write since the index was added already wrote it
                }
                WriteBatch batch = new WriteBatch();
                index.addWrite(batch, null, item);
                pending.add(store.write(batch));
            }
        }
        java.util.concurrent.CompletableFuture.allOf(pending.toArray(new java.util.concurrent.CompletableFuture[0]))
                .join();
    }

    public TableStore store() {
        return store;
    }

    /** The items that transactions in flight include. */
    public ItemClaims claims() {
        return claims;
    }

    /** The clock stamping this table's writes when point-in-time recovery is on; null when never recorded. */
    public CommitClock commitClock() {
        return commitClock;
    }

    /** Whether writes now must record their before-images. */
    public boolean recordsHistory() {
        return commitClock != null && metadata.pointInTimeRecoveryEnabled();
    }

    /** Whether writes now must add DynamoDB Streams records. */
    public boolean recordsStream() {
        return commitClock != null && metadata.stream() != null && metadata.stream().enabled();
    }

    /** Whether writes need a commit timestamp (for history or a stream). */
    public boolean recordsChanges() {
        return recordsHistory() || recordsStream();
    }

    /**
     * Writes one item change: the batch (item and index rows, built by {@link #addWrite}) plus, when the table
     * records changes, its history row and stream record under a fresh commit timestamp, all atomically.
     *
     * @param beforeImage the item's stored bytes before the change (null: none)
     * @param after the item after the change, as {@link #addWrite} stored it (null: deleted)
     * @param byTimeToLive the change is a time-to-live deletion (stream records name the service)
     */
    public java.util.concurrent.CompletableFuture<Void> writeChange(WriteBatch batch, byte[] partition,
            byte[] clustering, byte[] beforeImage, Stored after, boolean byTimeToLive) {
        if (!recordsChanges()) {
            return store.write(batch);
        }
        long timestamp = commitClock.begin();
        try {
            addChangeRecords(batch, timestamp, 0, partition, clustering, beforeImage, after, byTimeToLive);
            return store.write(batch);
        } finally {
            commitClock.end(timestamp);
        }
    }

    /**
     * Adds the history row and stream record of a change stamped {@code timestamp} (the {@code index}-th item of
     * its commit) to {@code batch}, as this table records them.
     */
    public void addChangeRecords(WriteBatch batch, long timestamp, int index, byte[] partition, byte[] clustering,
            byte[] beforeImage, Stored after, boolean byTimeToLive) {
        if (recordsHistory()) {
            addHistory(batch, timestamp, partition, clustering, beforeImage,
                    after == null ? History.ABSENT_AFTER : after.size());
            historyRows.increment();
        }
        if (recordsStream()) {
            byte[] value = StreamLog.value(partition, clustering, beforeImage, after == null ? null : after.bytes(),
                    byTimeToLive);
            batch.put(StreamLog.SPACE, History.partition(History.bucketOf(CommitClock.millisOf(timestamp))),
                    StreamLog.clustering(timestamp, index), value);
        }
    }

    /**
     * Adds the history row of a write stamped {@code timestamp} that replaces {@code beforeImage} (null: none) with
     * an item of {@code sizeAfter} ({@link History#ABSENT_AFTER}: none).
     */
    public static void addHistory(WriteBatch batch, long timestamp, byte[] partition, byte[] clustering,
            byte[] beforeImage, int sizeAfter) {
        byte[] value = History.value(beforeImage, sizeAfter);
        byte[] historyClustering = History.clustering(timestamp, partition, clustering);
        batch.put(History.SPACE, History.partition(History.bucketOf(CommitClock.millisOf(timestamp))),
                historyClustering, value);
        // no statistics row per history write (it costs every write two merges); history is sized by scanning it
    }

    /** Keeps the table's history while restores read it. */
    public HistoryGuard historyGuard() {
        return historyGuard;
    }

    /**
     * How many history rows writes through this object added to their batches: what restore points count between
     * them (a restore reads each). Not persisted: it starts at 0 with each object (start-up, a restore made ACTIVE).
     */
    public long historyRowsRecorded() {
        return historyRows.sum();
    }

    public KeyDefinition key() {
        return key;
    }

    public List<Index> indexes() {
        return indexes;
    }

    /** The index with that name, or null. */
    public Index index(String name) {
        for (Index i : indexes) {
            if (i.name().equals(name)) {
                return i;
            }
        }
        return null;
    }

    /** Whether the table takes reads and writes (ACTIVE; not CREATING while a restore fills it). */
    public boolean isAvailable() {
        return store != null && !"CREATING".equals(metadata.tableStatus());
    }

    /**
     * Rebuilds an index from the items: drops its entries and writes one for every item (a restore that changes
     * the index's projection).
     */
    public void rebuildIndex(Index index) {
        store.deleteSpace(index.space());
        WriteBatch batch = new WriteBatch();
        java.util.List<java.util.concurrent.CompletableFuture<Void>> pending = new ArrayList<>();
        try (dev.rewind.storage.RowIterator rows = store.scan(TableStore.TABLE_SPACE, 0, 1, null, null)) {
            while (rows.next()) {
                index.addWrite(batch, null, ItemCodec.decode(rows.value()));
                if (batch.mutations().size() >= 1000) {
                    pending.add(store.write(batch));
                    batch = new WriteBatch();
                }
            }
        }
        if (!batch.isEmpty()) {
            pending.add(store.write(batch));
        }
        java.util.concurrent.CompletableFuture.allOf(pending.toArray(new java.util.concurrent.CompletableFuture[0]))
                .join();
    }

    /** Rejects an item whose index key attributes have the wrong type or are empty. */
    public void validateIndexAttributes(Map<String, AttributeValue> item) {
        for (Index index : indexes) {
            KeyDefinition k = index.key();
            for (String name : k.attributeNames()) {
                KeyDefinition.checkIndexAttribute(index.name(), name, k.typeOf(name), item.get(name));
            }
        }
    }

    /**
     * Adds to {@code batch} everything that replaces {@code oldItem} by {@code newItem} (either may be null): the
     * item row, the index entries, the statistics.
     */
    /**
     * {@link #addWrite} for items given as their stored bytes (null: none), without decoding them: only for a table
     * without indexes, where nothing is derived from the attributes.
     */
    public void addStoredWrite(WriteBatch batch, byte[] partition, byte[] clustering, byte[] oldBytes,
            byte[] newBytes) {
        addStoredWrite(batch, partition, clustering, oldBytes == null ? -1 : ItemCodec.size(oldBytes), newBytes);
    }

    /** {@link #addStoredWrite} given only the old item's size ({@link ItemSize}; -1: there is none). */
    public void addStoredWrite(WriteBatch batch, byte[] partition, byte[] clustering, int oldSize, byte[] newBytes) {
        if (!indexes.isEmpty()) {
            throw new IllegalStateException("table " + metadata.tableName() + " has indexes");
        }
        addItemRow(batch, partition, clustering, oldSize >= 0, newBytes,
                (newBytes == null ? 0 : ItemCodec.size(newBytes)) - Math.max(0, oldSize));
    }

    /** An item as a write stored it: its bytes ({@link ItemCodec}) and its size ({@link ItemSize}). */
    public record Stored(byte[] bytes, int size) {
    }

    /**
     * Adds the writes that replace {@code oldItem} with {@code newItem} (either null: none) to the batch: the item
     * row, the table's item count and size, index entries. Returns the new item as stored (null: none), for
     * {@link #writeChange} / {@link #addChangeRecords}, which then need not encode or size it again.
     */
    public Stored addWrite(WriteBatch batch, Map<String, AttributeValue> oldItem,
            Map<String, AttributeValue> newItem) {
        Map<String, AttributeValue> any = newItem != null ? newItem : oldItem;
        byte[] partition = key.partition(any);
        byte[] clustering = key.clustering(any);
        long oldSize = oldItem == null ? 0 : ItemSize.of(oldItem);
        Stored stored = newItem == null ? null : new Stored(ItemCodec.encode(newItem), ItemSize.of(newItem));
        addItemRow(batch, partition, clustering, oldItem != null, stored == null ? null : stored.bytes(),
                (stored == null ? 0 : stored.size()) - oldSize);
        for (Index index : indexes) {
            index.addWrite(batch, oldItem, newItem);
        }
        return stored;
    }

    /** The item row's put ({@code newBytes}) or delete (null), and the change of the table's item count and size. */
    private static void addItemRow(WriteBatch batch, byte[] partition, byte[] clustering, boolean existed,
            byte[] newBytes, long sizeDelta) {
        if (newBytes == null) {
            batch.delete(TableStore.TABLE_SPACE, partition, clustering);
        } else {
            batch.put(TableStore.TABLE_SPACE, partition, clustering, newBytes);
        }
        batch.addStats(TableStore.TABLE_SPACE, (newBytes == null ? 0 : 1) - (existed ? 1 : 0), sizeDelta);
    }

    /** A secondary index: its definition, key and projection. */
    public static final class Index {
        private final TableMetadata.IndexMetadata metadata;
        private final boolean global;
        private final KeyDefinition key;
        private final KeyDefinition tableKey;
        private final Set<String> projected; // null: ALL

        Index(TableMetadata.IndexMetadata metadata, boolean global, KeyDefinition key, KeyDefinition tableKey) {
            this.metadata = metadata;
            this.global = global;
            this.key = key;
            this.tableKey = tableKey;
            String type = metadata.projection().projectionType();
            if ("ALL".equals(type)) {
                projected = null;
            } else {
                Set<String> p = new HashSet<>(key.attributeNames());
                p.add(tableKey.hashName());
                if (tableKey.hasRange()) {
                    p.add(tableKey.rangeName());
                }
                if ("INCLUDE".equals(type) && metadata.projection().nonKeyAttributes() != null) {
                    p.addAll(metadata.projection().nonKeyAttributes());
                }
                projected = p;
            }
        }

        public String name() {
            return metadata.indexName();
        }

        public int space() {
            return metadata.space();
        }

        public boolean global() {
            return global;
        }

        public KeyDefinition key() {
            return key;
        }

        public TableMetadata.IndexMetadata metadata() {
            return metadata;
        }

        /** Whether every attribute of an item is projected (ProjectionType ALL). */
        public boolean projectsAll() {
            return projected == null;
        }

        /** The projected attribute names (null for ALL). */
        public Set<String> projectedAttributes() {
            return projected;
        }

        /** Whether an item has an entry: it holds every key attribute of the index. */
        public boolean indexes(Map<String, AttributeValue> item) {
            if (item == null) {
                return false;
            }
            for (String name : key.attributeNames()) {
                if (!item.containsKey(name)) {
                    return false;
                }
            }
            return true;
        }

        public byte[] partition(Map<String, AttributeValue> item) {
            return key.partition(item);
        }

        /** The entry's clustering bytes; also valid for an ExclusiveStartKey holding index and table keys. */
        public byte[] clustering(Map<String, AttributeValue> item) {
            KeyEncoding.Writer w = new KeyEncoding.Writer(48);
            for (String name : key.rangeNames()) {
                KeyEncoding.encodeTo(item.get(name), w);
            }
            if (global) {
                KeyEncoding.encodeTo(item.get(tableKey.hashName()), w);
            }
            if (tableKey.hasRange()) {
                KeyEncoding.encodeTo(item.get(tableKey.rangeName()), w);
            }
            return w.toByteArray();
        }

        public Map<String, AttributeValue> project(Map<String, AttributeValue> item) {
            if (projected == null) {
                return item;
            }
            Map<String, AttributeValue> out = new LinkedHashMap<>();
            for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
                if (projected.contains(e.getKey())) {
                    out.put(e.getKey(), e.getValue());
                }
            }
            return out;
        }

        void addWrite(WriteBatch batch, Map<String, AttributeValue> oldItem, Map<String, AttributeValue> newItem) {
            boolean hadEntry = indexes(oldItem);
            boolean hasEntry = indexes(newItem);
            byte[] oldPartition = hadEntry ? partition(oldItem) : null;
            byte[] oldClustering = hadEntry ? clustering(oldItem) : null;
            long oldSize = hadEntry ? ItemSize.of(project(oldItem)) : 0;
            if (hasEntry) {
                byte[] p = partition(newItem);
                byte[] c = clustering(newItem);
                Map<String, AttributeValue> projectedItem = project(newItem);
                if (hadEntry && !(Arrays.equals(p, oldPartition) && Arrays.equals(c, oldClustering))) {
                    batch.delete(space(), oldPartition, oldClustering);
                }
                batch.put(space(), p, c, ItemCodec.encode(projectedItem));
                batch.addStats(space(), hadEntry ? 0 : 1, ItemSize.of(projectedItem) - oldSize);
            } else if (hadEntry) {
                batch.delete(space(), oldPartition, oldClustering);
                batch.addStats(space(), -1, -oldSize);
            }
        }
    }
}
