package dev.rewind.storage;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The storage layer's entry point: a partitioned, ordered row store, shaped so that RocksDB (embedded, now) and
 * Apache Cassandra (distributed, later) both fit. DynamoDB semantics live above it.
 *
 * <p>Each DynamoDB table owns one {@link TableStore} holding its items and its index entries (as numbered
 * spaces). Small durable metadata (the catalog of tables and backups) lives in the engine's meta store.
 */
public interface StorageEngine extends AutoCloseable {

    /** Creates the store for a new table. */
    TableStore createTableStore(String storeName);

    /**
     * A name for a new table's store, to pass to {@link #createTableStore}: an engine may have that store made ahead,
     * so that creating it costs nothing on the request path.
     */
    default String newStoreName() {
        return java.util.UUID.randomUUID().toString();
    }

    /** Opens an existing store (one listed by {@link #tableStoreNames()}). */
    TableStore openTableStore(String storeName);

    /**
     * Creates store {@code target} holding exactly what {@code source} holds at one instant during the call
     * (a consistent cut: every write acknowledged before the call is in it, none half). Backups and restores are
     * built on this. O(1) in the data size on RocksDB (SST files are hard-linked, the memtable flushed).
     *
     * @param rows whether the clone holds the items and index entries (else it starts empty of them)
     * @param logSpaces the log spaces ({@link TableStore#FIRST_LOG_SPACE} and up) the clone holds too (the others
     *     start empty); they are cut at the same instant as the rows or later, so they hold at least every change
     *     the cloned rows reflect
     */
    void cloneTableStore(String source, String target, boolean rows, int... logSpaces);

    /**
     * Applies batches to several stores atomically: readers see all of them or none. The future completes once they
     * are durable. (Cassandra without Accord cannot offer this across partitions; RocksDB can.)
     */
    java.util.concurrent.CompletableFuture<Void> writeAtomically(java.util.Map<TableStore, WriteBatch> batches);

    /** The order in which to lock rows of several stores (by store name). */
    static java.util.Comparator<String> lockOrder() {
        return java.util.Comparator.naturalOrder();
    }

    /**
     * Removes a store and its data: from this call on the store is not listed and cannot be opened; an engine may
     * free its space in the background.
     */
    void dropTableStore(String storeName);

    List<String> tableStoreNames();

    /** Durable small metadata: written and synced before this returns. */
    void putMeta(String key, byte[] value);

    Optional<byte[]> getMeta(String key);

    void deleteMeta(String key);

    /** Meta entries whose key starts with {@code prefix}, in key order. */
    List<Map.Entry<String, byte[]>> listMeta(String prefix);

    /** Whether an acknowledged write survives a crash of the process. */
    boolean durable();

    /** A one-line description for start-up output. */
    String describe();

    @Override
    void close();
}
