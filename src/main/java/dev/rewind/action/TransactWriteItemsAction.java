package dev.rewind.action;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;

import dev.rewind.error.DynamoException;
import dev.rewind.model.AttributeValue;
import dev.rewind.protocol.JsonRequest;
import dev.rewind.protocol.ResponseBody;
import dev.rewind.protocol.Validation;
import dev.rewind.table.TableCatalog;

/**
 * TransactWriteItems: up to 100 Put, Update, Delete and ConditionCheck actions over any tables of the Region,
 * applied all or none by {@link Transactions}: an item that another transaction in flight includes cancels it with
 * TransactionConflict, and while it runs, single writes of its items fail with TransactionConflictException.
 *
 * <p>ClientRequestToken makes the call idempotent for 10 minutes: the same token with the same request succeeds
 * again without writing; with a different request it is IdempotentParameterMismatchException.
 */
final class TransactWriteItemsAction implements Action {
    static final int MAX_ACTIONS = 100;
    static final long MAX_REQUEST_BYTES = 4L * 1024 * 1024;

    private final TableCatalog catalog;
    private final Transactions transactions;
    private final IdempotencyTokens tokens;

    TransactWriteItemsAction(Transactions transactions, IdempotencyTokens tokens) {
        this.catalog = transactions.catalog();
        this.transactions = transactions;
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
        return transactions.apply(writes).thenCompose(applied -> applied.durable()
                .thenApply(v -> response(writes, applied, capacityDetail, collectionMetrics)));
    }

    /**
     * The response of an applied transaction: its ConsumedCapacity (a transactional write costs twice a standard
     * one, a ConditionCheck too, on the item it checked) and ItemCollectionMetrics, per table in request order.
     */
    static ResponseBody response(List<PreparedWrite> writes, Transactions.Applied applied, ConsumedCapacity.Detail capacityDetail,
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
}
