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
import dev.rewind.protocol.AttributeValueJson;
import dev.rewind.protocol.JsonRequest;
import dev.rewind.protocol.ResponseBody;
import dev.rewind.protocol.Validation;
import dev.rewind.table.Table;
import dev.rewind.table.TableCatalog;

/**
 * BatchWriteItem: up to 25 puts and deletes over any tables, validated as a whole before any is applied; each item
 * written atomically on its own (as on DynamoDB, the batch is not a transaction). UnprocessedItems holds the items
 * that a transaction in flight includes; everything else is processed. ReturnConsumedCapacity and
 * ReturnItemCollectionMetrics report per table, on what was written.
 */
final class BatchWriteItemAction implements Action {
    static final int MAX_WRITES = 25;
    private final TableCatalog catalog;
    private final Transactions transactions;

    BatchWriteItemAction(Transactions transactions) {
        this.catalog = transactions.catalog();
        this.transactions = transactions;
    }

    /** One put ({@code item}) or delete ({@code key}), under the table name as the request gave it. */
    private record Write(String requestName, Table table, Map<String, AttributeValue> item,
            Map<String, AttributeValue> key) {
        Map<String, AttributeValue> keyItem() {
            return item != null ? item : key;
        }
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
                    Map<String, AttributeValue> item = AttributeValueJson.readItem(itemNode);
                    ItemValidation.checkNewItem(table, item, ItemValidation.PUT_TOO_LARGE);
                    w = new Write(e.getKey(), table, item, null);
                } else {
                    JsonNode keyNode = JsonRequest.object(delete, "Key");
                    new Validation().notNull(keyNode, "requestItems." + e.getKey() + ".member.deleteRequest.key")
                            .check();
                    Map<String, AttributeValue> key = AttributeValueJson.readItem(keyNode);
                    table.key().validateKey(key);
                    w = new Write(e.getKey(), table, null, key);
                }
                Map<String, AttributeValue> k = w.keyItem();
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
        // AWS documents no TransactionConflict for BatchWriteItem: a single write of the batch that meets an item of
        // a transaction in flight is handed back in UnprocessedItems, BatchWriteItem's way of saying "not now, send
        // it again", which the documented retry loop and the SDKs' batch helpers already handle; the rest is written.
        List<Write> unprocessed = new ArrayList<>();
        List<Write> processed = new ArrayList<>(writes.size());
        for (Write w : writes) {
            boolean claimed = !w.table.claims().isEmpty() && w.table.claims().isClaimed(
                    w.table.key().partition(w.keyItem()), w.table.key().clustering(w.keyItem()));
            (claimed ? unprocessed : processed).add(w);
        }
        // All the items go to storage as one atomic batch with one commit stamp (as a transaction without
        // conditions): one WAL append and one group-commit wait per request instead of one per item. DynamoDB
        // promises less (each item atomic on its own); all-or-nothing is a stronger guarantee.
        List<PreparedWrite> prepared = new ArrayList<>(processed.size());
        for (Write w : processed) {
            prepared.add(w.item != null
                    ? new PreparedWrite(w.table, w.item, null, false, old -> w.item, null)
                    : new PreparedWrite(w.table, w.key, null, false, old -> null, null));
        }
        Transactions.Applied applied = prepared.isEmpty()
                ? new Transactions.Applied(List.of(), List.of(), CompletableFuture.completedFuture(null))
                : transactions.applyBatch(prepared);
        Map<String, ConsumedCapacity> capacities = new LinkedHashMap<>();
        for (int i = 0; i < processed.size(); i++) {
            Write w = processed.get(i);
            capacities.computeIfAbsent(w.table.metadata().tableName(), n -> new ConsumedCapacity(n, true))
                    .addWrite(w.table, applied.oldItems().get(i), applied.newItems().get(i), 1);
        }
        return applied.durable().thenApply(v -> g -> {
            g.writeStartObject();
            writeUnprocessed(g, unprocessed);
            ConsumedCapacity.writeList(g, capacityDetail, capacities.values());
            if (collectionMetrics) {
                writeCollectionMetrics(g, processed);
            }
            g.writeEndObject();
        });
    }

    /** UnprocessedItems: the requests, per table as the request named it, in RequestItems' shape. */
    private static void writeUnprocessed(com.fasterxml.jackson.core.JsonGenerator g, List<Write> unprocessed)
            throws java.io.IOException {
        Map<String, List<Write>> byTable = new LinkedHashMap<>();
        for (Write w : unprocessed) {
            byTable.computeIfAbsent(w.requestName, n -> new ArrayList<>()).add(w);
        }
        g.writeObjectFieldStart("UnprocessedItems");
        for (Map.Entry<String, List<Write>> e : byTable.entrySet()) {
            g.writeArrayFieldStart(e.getKey());
            for (Write w : e.getValue()) {
                g.writeStartObject();
                g.writeObjectFieldStart(w.item != null ? "PutRequest" : "DeleteRequest");
                g.writeFieldName(w.item != null ? "Item" : "Key");
                AttributeValueJson.writeItem(g, w.keyItem());
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeEndObject();
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
                Map<String, AttributeValue> k = w.keyItem();
                if (seen.add(List.of(k.get(w.table.key().hashName())))) {
                    ItemCollectionMetrics.write(g, w.table, k);
                }
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }
}
