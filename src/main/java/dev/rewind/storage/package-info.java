/**
 * The storage interface: {@link dev.rewind.storage.StorageEngine} and {@link dev.rewind.storage.TableStore}, a
 * partitioned, ordered row store with atomic batches, row locks, snapshots and bulk load. Implementations:
 * {@code storage.rocksdb} (embedded, durable) and {@code storage.memory} (in-memory). Only
 * {@code storage.rocksdb} imports {@code org.rocksdb}. Knows nothing of DynamoDB.
 */
package dev.rewind.storage;
