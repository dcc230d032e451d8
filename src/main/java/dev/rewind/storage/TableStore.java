package dev.rewind.storage;

import java.util.concurrent.CompletableFuture;

/**
 * One table's rows, addressed by (space, partition, clustering): space 0 holds the items, spaces 1…n the index
 * entries. Partitions are opaque self-delimiting byte strings; rows within a partition are ordered by clustering
 * bytes (unsigned). Scans visit partitions in hash order, split into segments by hash range.
 */
public interface TableStore {
    int TABLE_SPACE = 0;

    /**
     * Spaces from this one up hold logs (point-in-time history, stream records): append-only rows in commit order,
     * read by partition and deleted a whole partition at a time, never scanned (their partitions are not hashed, see
     * {@link RowKeyLayout}). Engines may keep them apart from the items and index entries (RocksDB does: a column
     * family per log space, so logs never make the table's compactions rewrite them), and
     * {@link StorageEngine#cloneTableStore} copies them only when asked.
     */
    int FIRST_LOG_SPACE = 250;

    /** The row's value, or null. Reads see every write whose {@link #write} returned. */
    byte[] get(int space, byte[] partition, byte[] clustering);

    /** The values (null: none) of several rows, each given as {partition, clustering}, in one call. */
    java.util.List<byte[]> getAll(int space, java.util.List<byte[][]> rows);

    /**
     * Roughly how many bytes the rows of one partition in [lowerInclusive, upperExclusive) take (null bounds are open;
     * a null partition: the whole space), as stored (compressed, on RocksDB): for splitting work into even parts and
     * comparing sizes, not exact.
     */
    long approximateBytes(int space, byte[] partition, byte[] lowerInclusive, byte[] upperExclusive);

    /**
     * Memory held by a space's writes not yet in files, where {@link #approximateBytes} can only guess at them
     * (RocksDB: its memtables' allocation, about 1 MB at least once written to; their range sizes are estimated,
     * uncompressed, from a skip list's random shape); 0 where sizes are exact.
     */
    default long unflushedBytes(int space) {
        return 0;
    }

    /** Moves what {@link #unflushedBytes} counts into files, where {@link #approximateBytes} measures it. */
    default void flush(int space) {
    }

    /**
     * Rows of one partition with {@code lowerInclusive <= clustering < upperExclusive} (null bounds are open),
     * ascending or descending.
     */
    RowIterator range(int space, byte[] partition, byte[] lowerInclusive, byte[] upperExclusive, boolean reverse);

    /**
     * Rows of segment {@code segment} of {@code totalSegments} of the space, in scan order, starting after the row
     * (startPartition, startClustering) when those are non-null.
     */
    RowIterator scan(int space, int segment, int totalSegments, byte[] startPartition, byte[] startClustering);

    /** The segment of {@code totalSegments} that a partition falls into. */
    int segmentOf(byte[] partition, int totalSegments);

    /** Locks one row for a read-check-write sequence; hold it briefly. */
    RowLock lock(byte[] partition, byte[] clustering);

    /**
     * Returns once every row lock held at the call has been released: whatever a writer read under its row lock
     * before the call, it has written by then (writes are applied while the row lock is held).
     */
    void awaitRowLocks();

    /**
     * Locks several rows of this store, each given as {partition, clustering}. Callers locking rows of several
     * stores lock the stores in {@link StorageEngine#lockOrder} order.
     */
    RowLock lockRows(java.util.List<byte[][]> rows);

    /**
     * Applies the batch atomically: readers see all of it or none. The returned future completes once the batch
     * is durable (immediately for non-durable engines); the caller acknowledges the client only then.
     */
    CompletableFuture<Void> write(WriteBatch batch);

    /**
     * Applies the batch atomically like {@link #write}, without waiting until it is durable: for jobs that a crash
     * makes start over (restores), which call {@link #sync} once they are done instead of waiting for every batch.
     */
    void writeUnsynced(WriteBatch batch);

    /** Makes every write applied so far durable; returns once it is. */
    void sync();

    /** Removes every row and the statistics of a space (an index dropped by a restore override). Durable on return. */
    void deleteSpace(int space);

    /** Item count and size in bytes of a space, as maintained by {@link WriteBatch#addStats}. */
    SpaceStats stats(int space);

    /** A consistent read-only view of the whole store at this instant. Close it when done. */
    StoreSnapshot snapshot();

    /**
     * Applies a large batch to a store nothing else writes meanwhile (a restore's table before it is ACTIVE), durable
     * on return; later mutations of a row win. Not atomic: a crash may leave part of it, so only jobs that a crash
     * makes start over use it. Engines may bypass their log (RocksDB sorts the rows into table files and ingests
     * them). No partition deletions.
     */
    default void ingest(WriteBatch batch) {
        writeUnsynced(batch);
        sync();
    }

    record SpaceStats(long itemCount, long sizeBytes) {
    }

    /** A held row lock. */
    interface RowLock extends AutoCloseable {
        @Override
        void close();
    }

    /** Reads against a fixed instant. */
    interface StoreSnapshot extends AutoCloseable {
        byte[] get(int space, byte[] partition, byte[] clustering);

        RowIterator scan(int space, int segment, int totalSegments, byte[] startPartition, byte[] startClustering);

        SpaceStats stats(int space);

        @Override
        void close();
    }
}
