package dev.rewind.storage.memory;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

import dev.rewind.error.StorageException;
import dev.rewind.storage.StorageEngine;
import dev.rewind.storage.TableStore;

/** An engine that keeps everything in memory (the {@code --in-memory} mode): nothing survives the process. */
public final class MemoryEngine implements StorageEngine {
    private final Map<String, MemoryTableStore> stores = new ConcurrentHashMap<>();
    private final ConcurrentSkipListMap<String, byte[]> meta = new ConcurrentSkipListMap<>();

    @Override
    public TableStore createTableStore(String storeName) {
        MemoryTableStore store = new MemoryTableStore();
        if (stores.putIfAbsent(storeName, store) != null) {
            throw new StorageException("store exists: " + storeName);
        }
        return store;
    }

    @Override
    public TableStore openTableStore(String storeName) {
        MemoryTableStore store = stores.get(storeName);
        if (store == null) {
            throw new StorageException("no store " + storeName);
        }
        return store;
    }

    @Override
    public void cloneTableStore(String source, String target, boolean rows, int... logSpaces) {
        MemoryTableStore from = stores.get(source);
        if (from == null) {
            throw new StorageException("no store " + source);
        }
        if (stores.putIfAbsent(target, from.copy(rows, logSpaces)) != null) {
            throw new StorageException("store exists: " + target);
        }
    }

    @Override
    public java.util.concurrent.CompletableFuture<Void> writeAtomically(Map<TableStore, dev.rewind.storage.WriteBatch> batches) {
        java.util.List<MemoryTableStore> ordered = new java.util.ArrayList<>();
        for (TableStore s : batches.keySet()) {
            ordered.add((MemoryTableStore) s);
        }
        ordered.sort(java.util.Comparator.comparingInt(System::identityHashCode));
        for (MemoryTableStore s : ordered) {
            s.batchWriteLock().lock();
        }
        try {
            for (Map.Entry<TableStore, dev.rewind.storage.WriteBatch> e : batches.entrySet()) {
                ((MemoryTableStore) e.getKey()).apply(e.getValue());
            }
        } finally {
            for (int i = ordered.size() - 1; i >= 0; i--) {
                ordered.get(i).batchWriteLock().unlock();
            }
        }
        return java.util.concurrent.CompletableFuture.completedFuture(null);
    }

    @Override
    public void dropTableStore(String storeName) {
        stores.remove(storeName);
    }

    @Override
    public List<String> tableStoreNames() {
        return new ArrayList<>(stores.keySet());
    }

    @Override
    public void putMeta(String key, byte[] value) {
        meta.put(key, value.clone());
    }

    @Override
    public Optional<byte[]> getMeta(String key) {
        return Optional.ofNullable(meta.get(key));
    }

    @Override
    public void deleteMeta(String key) {
        meta.remove(key);
    }

    @Override
    public List<Map.Entry<String, byte[]>> listMeta(String prefix) {
        List<Map.Entry<String, byte[]>> out = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : meta.tailMap(prefix, true).entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                break;
            }
            out.add(new AbstractMap.SimpleImmutableEntry<>(e.getKey(), e.getValue()));
        }
        return out;
    }

    @Override
    public boolean durable() {
        return false;
    }

    @Override
    public String describe() {
        return "in memory (nothing is kept after exit)";
    }

    @Override
    public void close() {
        stores.clear();
    }
}
