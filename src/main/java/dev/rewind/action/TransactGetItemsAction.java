package dev.rewind.action;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;

import dev.rewind.error.DynamoException;
import dev.rewind.expression.ExpressionContext;
import dev.rewind.expression.Expressions;
import dev.rewind.expression.Projection;
import dev.rewind.model.AttributeValue;
import dev.rewind.protocol.AttributeValueJson;
import dev.rewind.protocol.JsonRequest;
import dev.rewind.protocol.ResponseBody;
import dev.rewind.protocol.Validation;
import dev.rewind.storage.StorageEngine;
import dev.rewind.storage.TableStore;
import dev.rewind.table.ItemClaims;
import dev.rewind.table.Table;
import dev.rewind.table.TableCatalog;

/**
 * TransactGetItems: up to 100 items read at one instant. The rows are locked (in the global lock order) while they
 * are read, so no transaction or single write lands half-way through.
 *
 * <p>As on DynamoDB, an item that a TransactWriteItems (or ExecuteTransaction) in flight includes cancels the read
 * with a TransactionConflict reason. DynamoDB also cancels it on an item that a PutItem, UpdateItem, DeleteItem or
 * BatchWriteItem is writing. Here such a write holds its row lock only while it reads and writes the item, so the
 * lock orders the two (the read waits at most that long), which is still serializable, and the single-write path
 * stays free of any registration.
 */
final class TransactGetItemsAction implements Action {
    private final TableCatalog catalog;

    TransactGetItemsAction(TableCatalog catalog) {
        this.catalog = catalog;
    }

    private record Get(Table table, Map<String, AttributeValue> key, Projection projection) {
    }

    /** TransactionCanceledException when a transaction in flight includes one of the items. */
    private static void checkNoConflict(List<Get> gets) {
        String[] codes = null;
        for (int i = 0; i < gets.size(); i++) {
            Get g = gets.get(i);
            ItemClaims claims = g.table().claims();
            if (!claims.isEmpty()
                    && claims.isClaimed(g.table().key().partition(g.key()), g.table().key().clustering(g.key()))) {
                if (codes == null) {
                    codes = new String[gets.size()];
                    java.util.Arrays.fill(codes, "None");
                }
                codes[i] = "TransactionConflict";
            }
        }
        if (codes != null) {
            String[] messages = new String[codes.length];
            for (int i = 0; i < codes.length; i++) {
                messages[i] = codes[i].equals("None") ? null : DynamoException.TRANSACTION_ONGOING;
            }
            throw Transactions.canceled(codes, messages, Map.of());
        }
    }

    @Override
    public CompletableFuture<ResponseBody> handle(RequestContext context, JsonRequest request) {
        List<JsonNode> items = request.list("TransactItems");
        new Validation().notNull(items, "transactItems").check();
        ConsumedCapacity.Detail capacityDetail = ConsumedCapacity.detail(request);
        if (items.isEmpty() || items.size() > TransactWriteItemsAction.MAX_ACTIONS) {
            throw DynamoException.validation("1 validation error detected: Value at 'transactItems' failed to "
                    + "satisfy constraint: Member must have length " + (items.isEmpty()
                            ? "greater than or equal to 1" : "less than or equal to 100"));
        }
        List<Get> gets = new ArrayList<>();
        for (JsonNode node : items) {
            JsonNode get = JsonRequest.object(node, "Get");
            new Validation().notNull(get, "transactItems.member.get").check();
            JsonRequest r = new JsonRequest(get);
            String tableName = r.string("TableName");
            Map<String, AttributeValue> key = r.item("Key");
            new Validation().tableNameOrArn(tableName, "tableName").notNull(key, "key").check();
            ExpressionContext expressions = ExpressionSupport.context(r, List.of("ProjectionExpression"));
            String projectionText = r.string("ProjectionExpression");
            Projection projection = projectionText == null ? null
                    : Expressions.parseProjection(projectionText, expressions);
            expressions.checkAllUsed();
            Table table = Tables.get(catalog, context, tableName);
            table.key().validateKey(key);
            gets.add(new Get(table, key, projection));
        }
        checkNoConflict(gets);
        TreeMap<String, List<Get>> byStore = new TreeMap<>(StorageEngine.lockOrder());
        for (Get g : gets) {
            byStore.computeIfAbsent(g.table().metadata().storeName(), s -> new ArrayList<>()).add(g);
        }
        List<Map<String, AttributeValue>> results = new ArrayList<>();
        Map<String, ConsumedCapacity> capacities = new java.util.LinkedHashMap<>();
        List<TableStore.RowLock> locks = new ArrayList<>();
        try {
            for (List<Get> group : byStore.values()) {
                List<byte[][]> rows = new ArrayList<>();
                for (Get g : group) {
                    rows.add(new byte[][] {g.table().key().partition(g.key()), g.table().key().clustering(g.key())});
                }
                locks.add(group.get(0).table().store().lockRows(rows));
            }
            for (Get g : gets) {
                Map<String, AttributeValue> item = ItemWrites.read(g.table(), g.key());
                // a transactional read costs twice a strongly consistent one
                capacities.computeIfAbsent(g.table().metadata().tableName(), n -> new ConsumedCapacity(n, false))
                        .addItemRead(item, true, 2);
                results.add(item == null || g.projection() == null ? item : g.projection().apply(item));
            }
        } finally {
            for (int i = locks.size() - 1; i >= 0; i--) {
                locks.get(i).close();
            }
        }
        return Action.done(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("Responses");
            for (Map<String, AttributeValue> item : results) {
                g.writeStartObject();
                if (item != null) {
                    g.writeFieldName("Item");
                    AttributeValueJson.writeItem(g, item);
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            ConsumedCapacity.writeList(g, capacityDetail, capacities.values());
            g.writeEndObject();
        });
    }
}
