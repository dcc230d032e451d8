package dev.rewind.action;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
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
import dev.rewind.table.Table;
import dev.rewind.table.TableCatalog;

/**
 * BatchWriteItem: up to 25 puts and deletes over any tables, validated as a whole before any is applied; each item
 * written atomically on its own (as on DynamoDB, the batch is not a transaction). Everything is processed, so
 * UnprocessedItems is always empty. ReturnConsumedCapacity and ReturnItemCollectionMetrics report per table.
 */
final class BatchWriteItemAction implements Action {
    static final int MAX_WRITES = 25;
    private final TableCatalog catalog;

    BatchWriteItemAction(TableCatalog catalog) {
        this.catalog = catalog;
    }

    private record Write(Table table, Map<String, AttributeValue> item, Map<String, AttributeValue> key) {
    }

    @Override
    public CompletableFuture<ResponseBody> handle(RequestContext context, JsonRequest request) {
        JsonNode requestItems = request.object("RequestItems");
        new Validation().notNull(requestItems, "requestItems").check();
        ConsumedCapacity.Detail capacityDetail = ConsumedCapacity.detail(request);
        boolean collectionMetrics = ItemCollectionMetrics.requested(request);
        if (requestItems.isEmpty()) {
            throw DynamoException.validation("1 validation error detected: Value '{}' at 'requestItems' failed to "
                    + "satisfy constraint: Member must have length greater than or equal to 1");
        }
        List<Write> writes = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> tables = requestItems.fields();
        int total = 0;
        while (tables.hasNext()) {
            Map.Entry<String, JsonNode> e = tables.next();
            new Validation().tableNameOrArn(e.getKey(), "requestItems.key").check();
            List<JsonNode> requests = JsonRequest.list(requestItems, e.getKey());
            if (requests == null || requests.isEmpty()) {
                throw DynamoException.validation("1 validation error detected: Value null at "
                        + "'requestItems." + e.getKey() + ".member' failed to satisfy constraint: Member must have "
                        + "length greater than or equal to 1");
            }
            total += requests.size();
            if (total > MAX_WRITES) {
                throw DynamoException.validation("1 validation error detected: Value at 'requestItems' failed to "
                        + "satisfy constraint: Map value must satisfy constraint: [Member must have length less than "
                        + "or equal to 25, Member must have length greater than or equal to 1]");
            }
            Table table = Tables.get(catalog, context, e.getKey());
            Set<List<AttributeValue>> seen = new HashSet<>();
            for (JsonNode r : requests) {
                JsonNode put = JsonRequest.object(r, "PutRequest");
                JsonNode delete = JsonRequest.object(r, "DeleteRequest");
                if ((put == null) == (delete == null)) {
                    throw DynamoException.validation("Supplied AttributeValue has more than one datatypes set, "
                            + "must contain exactly one of the supported datatypes");
                }
                Write w;
                if (put != null) {
                    JsonNode itemNode = JsonRequest.object(put, "Item");
                    new Validation().notNull(itemNode, "requestItems." + e.getKey() + ".member.putRequest.item")
                            .check();
                    Map<String, AttributeValue> item = dev.rewind.protocol.AttributeValueJson.readItem(itemNode);
                    ItemValidation.checkNewItem(table, item, ItemValidation.PUT_TOO_LARGE);
                    w = new Write(table, item, null);
                } else {
                    JsonNode keyNode = JsonRequest.object(delete, "Key");
                    new Validation().notNull(keyNode, "requestItems." + e.getKey() + ".member.deleteRequest.key")
                            .check();
                    Map<String, AttributeValue> key = dev.rewind.protocol.AttributeValueJson.readItem(keyNode);
                    table.key().validateKey(key);
                    w = new Write(table, null, key);
                }
                Map<String, AttributeValue> k = w.item != null ? w.item : w.key;
                List<AttributeValue> identity = new ArrayList<>(2);
                identity.add(k.get(table.key().hashName()));
                if (table.key().hasRange()) {
                    identity.add(k.get(table.key().rangeName()));
                }
                if (!seen.add(identity)) {
                    throw DynamoException.validation("Provided list of item keys contains duplicates");
                }
                writes.add(w);
            }
        }
        // All the items go to storage as one atomic batch with one commit stamp (as a transaction without
        // conditions): one WAL append and one group-commit wait per request instead of one per item. DynamoDB
        // promises less (each item atomic on its own); all-or-nothing is a stronger guarantee.
        List<PreparedWrite> prepared = new ArrayList<>(writes.size());
        for (Write w : writes) {
            prepared.add(w.item != null
                    ? new PreparedWrite(w.table, w.item, null, false, old -> w.item, null)
                    : new PreparedWrite(w.table, w.key, null, false, old -> null, null));
        }
        TransactWriteItemsAction.Applied applied = TransactWriteItemsAction.apply(catalog, prepared);
        Map<String, ConsumedCapacity> capacities = new LinkedHashMap<>();
        for (int i = 0; i < writes.size(); i++) {
            Write w = writes.get(i);
            capacities.computeIfAbsent(w.table.metadata().tableName(), n -> new ConsumedCapacity(n, true))
                    .addWrite(w.table, applied.oldItems().get(i), applied.newItems().get(i), 1);
        }
        return applied.durable().thenApply(v -> g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("UnprocessedItems");
            g.writeEndObject();
            ConsumedCapacity.writeList(g, capacityDetail, capacities.values());
            if (collectionMetrics) {
                writeCollectionMetrics(g, writes);
            }
            g.writeEndObject();
        });
    }

    /** ItemCollectionMetrics: per table with LSIs, one entry per item collection written. */
    private static void writeCollectionMetrics(com.fasterxml.jackson.core.JsonGenerator g, List<Write> writes)
            throws java.io.IOException {
        Map<String, List<Write>> byTable = new LinkedHashMap<>();
        for (Write w : writes) {
            if (ItemCollectionMetrics.applies(w.table)) {
                byTable.computeIfAbsent(w.table.metadata().tableName(), n -> new ArrayList<>()).add(w);
            }
        }
        g.writeObjectFieldStart("ItemCollectionMetrics");
        for (Map.Entry<String, List<Write>> e : byTable.entrySet()) {
            g.writeArrayFieldStart(e.getKey());
            Set<List<AttributeValue>> seen = new HashSet<>();
            for (Write w : e.getValue()) {
                Map<String, AttributeValue> k = w.item != null ? w.item : w.key;
                if (seen.add(List.of(k.get(w.table.key().hashName())))) {
                    ItemCollectionMetrics.write(g, w.table, k);
                }
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }
}
