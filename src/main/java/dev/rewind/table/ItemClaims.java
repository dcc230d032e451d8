package dev.rewind.table;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.rewind.model.Bytes;

/**
 * The items of one table that transactions in flight include, so that requests meeting them can answer
 * TransactionConflict as DynamoDB does. A transaction claims each of its items without ever waiting (a claim another
 * transaction holds cancels it) before it locks their rows, and releases them once it has written. Row locks still
 * give atomicity and isolation; claims only decide who is refused.
 *
 * <p>Every single-item write asks {@link #isClaimed}: while no transaction is in flight on the table that costs one
 * volatile read, with no lock and no map lookup.
 */
public final class ItemClaims {
    private record ItemKey(Bytes partition, Bytes clustering) {
    }

    private final Map<ItemKey, Object> owners = new ConcurrentHashMap<>();
    /** Claims held or being taken: raised before a claim enters the map, lowered after it leaves. */
    private final AtomicInteger count = new AtomicInteger();

    /** Claims the item (its encoded key) for {@code owner}; false if another owner holds it. */
    public boolean tryClaim(byte[] partition, byte[] clustering, Object owner) {
        count.incrementAndGet();
        if (owners.putIfAbsent(key(partition, clustering), owner) != null) {
            count.decrementAndGet();
            return false;
        }
        return true;
    }

    /** Releases the item if {@code owner} holds it. */
    public void release(byte[] partition, byte[] clustering, Object owner) {
        if (owners.remove(key(partition, clustering), owner)) {
            count.decrementAndGet();
        }
    }

    /** Whether no transaction in flight holds an item of the table: one volatile read. */
    public boolean isEmpty() {
        return count.get() == 0;
    }

    /** Whether a transaction in flight holds the item. */
    public boolean isClaimed(byte[] partition, byte[] clustering) {
        return count.get() != 0 && owners.containsKey(key(partition, clustering));
    }

    private static ItemKey key(byte[] partition, byte[] clustering) {
        return new ItemKey(Bytes.wrap(partition), Bytes.wrap(clustering));
    }
}
