package dev.rewind.action;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;

import dev.rewind.error.DynamoException;
import dev.rewind.error.ErrorCode;
import dev.rewind.model.AttributeValue;
import dev.rewind.model.ItemCodec;
import dev.rewind.protocol.AttributeValueJson;
import dev.rewind.protocol.JsonRequest;
import dev.rewind.protocol.ResponseBody;
import dev.rewind.protocol.Validation;
import dev.rewind.storage.StorageEngine;
import dev.rewind.storage.TableStore;
import dev.rewind.storage.WriteBatch;
import dev.rewind.table.CommitClock;
import dev.rewind.table.TableCatalog;

/**
 * TransactWriteItems: up to 100 Put, Update, Delete and ConditionCheck actions over any tables of the Region,
 * applied all or none. Every row is locked (in one global order, so transactions never deadlock), every condition
 * checked, then all changes are written in one atomic batch across the tables' stores with one commit timestamp, so
 * a point-in-time restore sees the whole transaction or none of it. Concurrent writes to the same items wait for the
 * transaction rather than failing: Rewind serializes where DynamoDB would answer TransactionConflict.
 *
 * <p>ClientRequestToken makes the call idempotent for 10 minutes: the same token with the same request succeeds
 * again without writing; with a different request it is IdempotentParameterMismatchException.
 */
final class TransactWriteItemsAction implements Action {
    static final int MAX_ACTIONS = 100;
    static final long MAX_REQUEST_BYTES = 4L * 1024 * 1024;

    private final TableCatalog catalog;
    private final IdempotencyTokens tokens;

    TransactWriteItemsAction(TableCatalog catalog, IdempotencyTokens tokens) {
        this.catalog = catalog;
        this.tokens = tokens;
    }

    @Override
    public CompletableFuture<ResponseBody> handle(RequestContext context, JsonRequest request) {
        List<JsonNode> items = request.list("TransactItems");
        String token = request.string("ClientRequestToken");
        new Validation().notNull(items, "transactItems").check();
        if (items.isEmpty() || items.size() > MAX_ACTIONS) {
            throw DynamoException.validation("1 validation error detected: Value at 'transactItems' failed to "
                    + "satisfy constraint: Member must have length " + (items.isEmpty()
                            ? "greater than or equal to 1" : "less than or equal to " + MAX_ACTIONS));
        }
        if (token != null && (token.isEmpty() || token.length() > 36)) {
            throw DynamoException.validation("1 validation error detected: Value '" + token + "' at "
                    + "'clientRequestToken' failed to satisfy constraint: Member must have length "
                    + (token.isEmpty() ? "greater than or equal to 1" : "less than or equal to 36"));
        }
        ConsumedCapacity.Detail capacityDetail = ConsumedCapacity.detail(request);
        boolean collectionMetrics = ItemCollectionMetrics.requested(request);
        if (token != null) {
            return tokens.run(context.accountId() + "/" + context.region() + "/" + token,
                    request.node("TransactItems").toString(),
                    () -> execute(context, items, capacityDetail, collectionMetrics));
        }
        return execute(context, items, capacityDetail, collectionMetrics);
    }

    private CompletableFuture<ResponseBody> execute(RequestContext context, List<JsonNode> items,
            ConsumedCapacity.Detail capacityDetail, boolean collectionMetrics) {
        List<PreparedWrite> writes = new ArrayList<>(items.size());
        Set<String> seen = new HashSet<>();
        long size = 0;
        for (JsonNode node : items) {
            writes.add(prepare(context, node));
            PreparedWrite w = writes.get(writes.size() - 1);
            String identity = w.table().metadata().storeName() + "|"
                    + java.util.Base64.getEncoder().encodeToString(w.partition()) + "|"
                    + java.util.Base64.getEncoder().encodeToString(w.clustering());
            if (!seen.add(identity)) {
                throw DynamoException.validation("Transaction request cannot include multiple operations on one "
                        + "item");
            }
            size += node.toString().length();
        }
        if (size > MAX_REQUEST_BYTES) {
            throw DynamoException.validation("Transaction request size exceeds the maximum allowed size of 4 MB");
        }
        Applied applied = apply(catalog, writes);
        return applied.durable().thenApply(v -> response(writes, applied, capacityDetail, collectionMetrics));
    }

    /** What a transaction replaced and wrote (per action, in request order), and when it is durable. */
    record Applied(List<Map<String, AttributeValue>> oldItems, List<Map<String, AttributeValue>> newItems,
            CompletableFuture<Void> durable) {
    }

    /**
     * The response of an applied transaction: its ConsumedCapacity (a transactional write costs twice a standard
     * one, a ConditionCheck too, on the item it checked) and ItemCollectionMetrics, per table in request order.
     */
    static ResponseBody response(List<PreparedWrite> writes, Applied applied, ConsumedCapacity.Detail capacityDetail,
            boolean collectionMetrics) {
        Map<String, ConsumedCapacity> capacities = new java.util.LinkedHashMap<>();
        for (int i = 0; i < writes.size(); i++) {
            PreparedWrite w = writes.get(i);
            ConsumedCapacity c = capacities.computeIfAbsent(w.table().metadata().tableName(),
                    name -> new ConsumedCapacity(name, true));
            Map<String, AttributeValue> old = applied.oldItems().get(i);
            if (w.change() == null) {
                c.addTable(2 * ConsumedCapacity.writeUnits(old == null ? 0 : dev.rewind.model.ItemSize.of(old)));
            } else {
                c.addWrite(w.table(), old, applied.newItems().get(i), 2);
            }
        }
        return g -> {
            g.writeStartObject();
            ConsumedCapacity.writeList(g, capacityDetail, capacities.values());
            if (collectionMetrics) {
                Map<String, List<PreparedWrite>> byTable = new java.util.LinkedHashMap<>();
                for (PreparedWrite w : writes) {
                    if (w.change() != null && ItemCollectionMetrics.applies(w.table())) {
                        byTable.computeIfAbsent(w.table().metadata().tableName(), n -> new ArrayList<>()).add(w);
                    }
                }
                g.writeObjectFieldStart("ItemCollectionMetrics");
                for (Map.Entry<String, List<PreparedWrite>> e : byTable.entrySet()) {
                    g.writeArrayFieldStart(e.getKey());
                    for (PreparedWrite w : e.getValue()) {
                        ItemCollectionMetrics.write(g, w.table(), w.keyItem());
                    }
                    g.writeEndArray();
                }
                g.writeEndObject();
            }
            g.writeEndObject();
        };
    }

    private PreparedWrite prepare(RequestContext context, JsonNode node) {
        JsonNode put = JsonRequest.object(node, "Put");
        JsonNode update = JsonRequest.object(node, "Update");
        JsonNode delete = JsonRequest.object(node, "Delete");
        JsonNode check = JsonRequest.object(node, "ConditionCheck");
        int present = (put != null ? 1 : 0) + (update != null ? 1 : 0) + (delete != null ? 1 : 0)
                + (check != null ? 1 : 0);
        if (present != 1) {
            throw DynamoException.validation("TransactItems can only contain one of Check, Put, Update or Delete");
        }
        if (put != null) {
            return PreparedWrite.put(catalog, context, new JsonRequest(put));
        }
        if (update != null) {
            return PreparedWrite.update(catalog, context, new JsonRequest(update), true);
        }
        if (delete != null) {
            return PreparedWrite.delete(catalog, context, new JsonRequest(delete));
        }
        return PreparedWrite.conditionCheck(catalog, context, new JsonRequest(check));
    }

    /** Applies prepared writes atomically, or throws TransactionCanceledException with a reason per action. */
    static Applied apply(TableCatalog catalog, List<PreparedWrite> writes) {
        // group rows by store, stores in lock order
        TreeMap<String, List<PreparedWrite>> byStore = new TreeMap<>(StorageEngine.lockOrder());
        for (PreparedWrite w : writes) {
            byStore.computeIfAbsent(w.table().metadata().storeName(), s -> new ArrayList<>()).add(w);
        }
        List<TableStore.RowLock> locks = new ArrayList<>();
        try {
            for (List<PreparedWrite> group : byStore.values()) {
                List<byte[][]> rows = new ArrayList<>();
                for (PreparedWrite w : group) {
                    rows.add(new byte[][] {w.partition(), w.clustering()});
                }
                locks.add(group.get(0).table().store().lockRows(rows));
            }
            return applyLocked(catalog, writes);
        } finally {
            for (int i = locks.size() - 1; i >= 0; i--) {
                locks.get(i).close();
            }
        }
    }

    private static Applied applyLocked(TableCatalog catalog, List<PreparedWrite> writes) {
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
            byte[] current = w.table().store().get(TableStore.TABLE_SPACE, w.partition(), w.clustering());
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
        boolean changes = false;
        for (int i = 0; i < n; i++) {
            PreparedWrite w = writes.get(i);
            if (w.change() == null || (olds.get(i) == null && news.get(i) == null)) {
                continue;
            }
            WriteBatch batch = batches.computeIfAbsent(w.table().store(), s -> new WriteBatch());
            w.table().addWrite(batch, olds.get(i), news.get(i));
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
                        w.table().addChangeRecords(batches.get(w.table().store()), timestamp, i, w.partition(),
                                w.clustering(), currentBytes.get(i), news.get(i), false);
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

    private static DynamoException canceled(String[] codes, String[] messages,
            Map<Integer, Map<String, AttributeValue>> items) {
        String message = "Transaction cancelled, please refer cancellation reasons for specific reasons "
                + java.util.Arrays.toString(codes);
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
