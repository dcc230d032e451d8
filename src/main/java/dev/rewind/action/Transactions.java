// Map: applies prepared writes all or none, for TransactWriteItems and ExecuteTransaction (apply: claims, then
//   locks and writes) and BatchWriteItem (applyBatch: locks and writes, claims nothing). Parts: claim (ItemClaims in
//   one global order; a refused claim cancels with TransactionConflict), lockAndApply (row locks in the global lock
//   order, then applyLocked: read, check every condition, one atomic multi-store batch with one commit timestamp),
//   and canceled (TransactionCanceledException with its CancellationReasons, shared with TransactGetItems).
package dev.rewind.action;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.IntStream;

import dev.rewind.error.DynamoException;
import dev.rewind.error.ErrorCode;
import dev.rewind.model.AttributeValue;
import dev.rewind.model.ItemCodec;
import dev.rewind.protocol.AttributeValueJson;
import dev.rewind.protocol.ResponseBody;
import dev.rewind.storage.StorageEngine;
import dev.rewind.storage.TableStore;
import dev.rewind.storage.WriteBatch;
import dev.rewind.table.CommitClock;
import dev.rewind.table.Table;
import dev.rewind.table.TableCatalog;

/**
 * Applies prepared writes all or none.
 *
 * <p>A transaction ({@link #apply}) first claims each of its items ({@link dev.rewind.table.ItemClaims}) without
 * waiting. As on DynamoDB, an item that another transaction in flight includes cancels it with a TransactionConflict
 * reason (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html
 * #transaction-conflict-handling), and single writes meeting its claims fail with TransactionConflictException.
 * Claims are taken in one global order, so of transactions wanting the same items one gets them all rather than each
 * cancelling the others. Then every row is locked (in one global order, so nothing deadlocks), every condition
 * checked, and all changes written in one atomic batch across the tables' stores with one commit timestamp, so a
 * point-in-time restore sees the whole transaction or none of it. The claims are released once it is written.
 */
final class Transactions {
    private static final Comparator<String> STORE_ORDER = StorageEngine.lockOrder();

    private final TableCatalog catalog;
    private final TransactionPause pause;

    Transactions(TableCatalog catalog, TransactionPause pause) {
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.pause = requireNonNull(pause, "pause is null");
    }

    TableCatalog catalog() {
        return catalog;
    }

    /** What a transaction replaced and wrote (per action, in request order), and when it is durable. */
    record Applied(List<Map<String, AttributeValue>> oldItems, List<Map<String, AttributeValue>> newItems,
            CompletableFuture<Void> durable) {
    }

    /**
     * Applies a transaction: TransactionCanceledException (thrown, or failing the future) with a reason per action
     * when an item is claimed by another transaction, a condition fails or a change is invalid.
     */
    CompletableFuture<Applied> apply(List<PreparedWrite> writes) {
        byte[][][] keys = keysOf(writes);
        Object owner = new Object();
        claim(writes, keys, owner);
        CompletionStage<Void> resume;
        try {
            resume = pause == TransactionPause.NONE ? null : pause.afterClaim(tableNames(writes));
        } catch (RuntimeException e) {
            release(writes, keys, owner);
            throw e;
        }
        if (resume == null) {
            try {
                return CompletableFuture.completedFuture(lockAndApply(writes, keys));
            } finally {
                release(writes, keys, owner);
            }
        }
        return resume.toCompletableFuture().thenApply(v -> lockAndApply(writes, keys))
                .whenComplete((applied, e) -> release(writes, keys, owner));
    }

    /**
     * Applies unconditional writes atomically without claiming their items (BatchWriteItem, which is no transaction:
     * a single write meeting it waits for its row locks instead of failing).
     */
    Applied applyBatch(List<PreparedWrite> writes) {
        return lockAndApply(writes, keysOf(writes));
    }

    /** Each write's {partition, clustering}, encoded once. */
    private static byte[][][] keysOf(List<PreparedWrite> writes) {
        byte[][][] keys = new byte[writes.size()][][];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = new byte[][] {writes.get(i).partition(), writes.get(i).clustering()};
        }
        return keys;
    }

    private static List<String> tableNames(List<PreparedWrite> writes) {
        Set<String> names = new LinkedHashSet<>();
        for (PreparedWrite w : writes) {
            names.add(w.table().metadata().tableName());
        }
        return List.copyOf(names);
    }

    /**
     * Claims every item, in store then key order; on a refusal releases what it took and cancels, with
     * TransactionConflict on the refused item and on every other item another transaction holds.
     */
    private static void claim(List<PreparedWrite> writes, byte[][][] keys, Object owner) {
        int n = writes.size();
        int[] order = IntStream.range(0, n).boxed()
                .sorted(Comparator.<Integer, String>comparing(i -> writes.get(i).table().metadata().storeName(),
                        STORE_ORDER)
                        .thenComparing(i -> keys[i][0], Arrays::compareUnsigned)
                        .thenComparing(i -> keys[i][1], Arrays::compareUnsigned))
                .mapToInt(Integer::intValue).toArray();
        boolean[] claimed = new boolean[n];
        int refused = -1;
        for (int i : order) {
            if (!writes.get(i).table().claims().tryClaim(keys[i][0], keys[i][1], owner)) {
                refused = i;
                break;
            }
            claimed[i] = true;
        }
        if (refused < 0) {
            return;
        }
        String[] codes = new String[n];
        String[] messages = new String[n];
        for (int i = 0; i < n; i++) {
            boolean conflict = i == refused
                    || !claimed[i] && writes.get(i).table().claims().isClaimed(keys[i][0], keys[i][1]);
            codes[i] = conflict ? "TransactionConflict" : "None";
            messages[i] = conflict ? DynamoException.TRANSACTION_ONGOING : null;
        }
        release(writes, keys, owner);
        throw canceled(codes, messages, Map.of());
    }

    private static void release(List<PreparedWrite> writes, byte[][][] keys, Object owner) {
        for (int i = 0; i < keys.length; i++) {
            writes.get(i).table().claims().release(keys[i][0], keys[i][1], owner);
        }
    }

    /** Locks every row, stores in lock order, then applies. */
    private Applied lockAndApply(List<PreparedWrite> writes, byte[][][] keys) {
        TreeMap<String, List<Integer>> byStore = new TreeMap<>(STORE_ORDER);
        for (int i = 0; i < writes.size(); i++) {
            byStore.computeIfAbsent(writes.get(i).table().metadata().storeName(), s -> new ArrayList<>()).add(i);
        }
        List<TableStore.RowLock> locks = new ArrayList<>();
        try {
            for (List<Integer> group : byStore.values()) {
                List<byte[][]> rows = new ArrayList<>();
                for (int i : group) {
                    rows.add(keys[i]);
                }
                locks.add(writes.get(group.get(0)).table().store().lockRows(rows));
            }
            return applyLocked(writes, keys);
        } finally {
            for (int i = locks.size() - 1; i >= 0; i--) {
                locks.get(i).close();
            }
        }
    }

    private Applied applyLocked(List<PreparedWrite> writes, byte[][][] keys) {
        int n = writes.size();
        List<byte[]> currentBytes = new ArrayList<>(n);
        List<Map<String, AttributeValue>> olds = new ArrayList<>(n);
        List<Map<String, AttributeValue>> news = new ArrayList<>(n);
        String[] codes = new String[n];
        String[] messages = new String[n];
        Map<Integer, Map<String, AttributeValue>> failedItems = new HashMap<>();
        boolean cancelled = false;
        for (int i = 0; i < n; i++) {
            PreparedWrite w = writes.get(i);
            byte[] current = w.table().store().get(TableStore.TABLE_SPACE, keys[i][0], keys[i][1]);
            Map<String, AttributeValue> old = current == null ? null : ItemCodec.decode(current);
            currentBytes.add(current);
            olds.add(old);
            news.add(old);
            codes[i] = "None";
            if (w.condition() != null && !w.condition().test(old == null ? Map.of() : old)) {
                codes[i] = "ConditionalCheckFailed";
                messages[i] = "The conditional request failed";
                if (w.returnOldOnFailure() && old != null) {
                    failedItems.put(i, old);
                }
                cancelled = true;
                continue;
            }
            if (w.change() != null) {
                try {
                    news.set(i, w.change().apply(old));
                } catch (DynamoException e) {
                    if (e.code() != ErrorCode.VALIDATION) {
                        throw e;
                    }
                    codes[i] = "ValidationError";
                    messages[i] = e.getMessage();
                    cancelled = true;
                }
            }
        }
        if (cancelled) {
            throw canceled(codes, messages, failedItems);
        }
        Map<TableStore, WriteBatch> batches = new IdentityHashMap<>();
        Table.Stored[] stored = new Table.Stored[n];
        boolean changes = false;
        for (int i = 0; i < n; i++) {
            PreparedWrite w = writes.get(i);
            if (w.change() == null || (olds.get(i) == null && news.get(i) == null)) {
                continue;
            }
            WriteBatch batch = batches.computeIfAbsent(w.table().store(), s -> new WriteBatch());
            stored[i] = w.table().addWrite(batch, olds.get(i), news.get(i));
            changes |= w.table().recordsChanges();
        }
        if (batches.isEmpty()) {
            return new Applied(olds, news, CompletableFuture.completedFuture(null));
        }
        // one commit timestamp for the whole transaction: restores and streams see all of it or none
        CommitClock clock = catalog.commitClock();
        long timestamp = changes ? clock.begin() : 0;
        try {
            if (changes) {
                for (int i = 0; i < n; i++) {
                    PreparedWrite w = writes.get(i);
                    if (w.change() != null && w.table().recordsChanges()
                            && !(olds.get(i) == null && news.get(i) == null)) {
                        w.table().addChangeRecords(batches.get(w.table().store()), timestamp, i, keys[i][0],
                                keys[i][1], currentBytes.get(i), stored[i], false);
                    }
                }
            }
            return new Applied(olds, news, catalog.engine().writeAtomically(batches).thenApply(v -> null));
        } finally {
            if (changes) {
                clock.end(timestamp);
            }
        }
    }

    /**
     * TransactionCanceledException: a code per action (None when it was fine), a message where there is one, and the
     * current item where ReturnValuesOnConditionCheckFailure asked for it.
     */
    static DynamoException canceled(String[] codes, String[] messages,
            Map<Integer, Map<String, AttributeValue>> items) {
        String message = "Transaction cancelled, please refer cancellation reasons for specific reasons "
                + Arrays.toString(codes);
        ResponseBody reasons = g -> {
            g.writeArrayFieldStart("CancellationReasons");
            for (int i = 0; i < codes.length; i++) {
                g.writeStartObject();
                g.writeStringField("Code", codes[i]);
                if (messages[i] != null) {
                    g.writeStringField("Message", messages[i]);
                }
                if (items.containsKey(i)) {
                    g.writeFieldName("Item");
                    AttributeValueJson.writeItem(g, items.get(i));
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        };
        return new DynamoException(ErrorCode.TRANSACTION_CANCELED, message, null, reasons);
    }
}
