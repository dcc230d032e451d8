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
import dev.rewind.expression.ExpressionContext;
import dev.rewind.expression.Expressions;
import dev.rewind.expression.Projection;
import dev.rewind.model.AttributeValue;
import dev.rewind.model.ItemSize;
import dev.rewind.protocol.AttributeValueJson;
import dev.rewind.protocol.JsonRequest;
import dev.rewind.protocol.ResponseBody;
import dev.rewind.protocol.Validation;
import dev.rewind.table.Table;
import dev.rewind.table.TableCatalog;

/**
 * BatchGetItem: up to 100 keys over any tables. Answers at most 16 MB of items; keys past that are returned in
 * UnprocessedKeys, as DynamoDB does. Takes ProjectionExpression or the legacy AttributesToGet per table, and
 * ReturnConsumedCapacity.
 */
final class BatchGetItemAction implements Action {
    static final int MAX_KEYS = 100;
    static final long MAX_RESPONSE_BYTES = 16L * 1024 * 1024;
    private final TableCatalog catalog;

    BatchGetItemAction(TableCatalog catalog) {
        this.catalog = catalog;
    }

    private record TableRequest(String name, Table table, List<Map<String, AttributeValue>> keys,
            Projection projection, boolean consistent, JsonNode original) {
    }

    @Override
    public CompletableFuture<ResponseBody> handle(RequestContext context, JsonRequest request) {
        JsonNode requestItems = request.object("RequestItems");
        new Validation().notNull(requestItems, "requestItems").check();
        ConsumedCapacity.Detail capacityDetail = ConsumedCapacity.detail(request);
        if (requestItems.isEmpty()) {
            throw DynamoException.validation("1 validation error detected: Value '{}' at 'requestItems' failed to "
                    + "satisfy constraint: Member must have length greater than or equal to 1");
        }
        List<TableRequest> requests = new ArrayList<>();
        int total = 0;
        Iterator<Map.Entry<String, JsonNode>> it = requestItems.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            new Validation().tableNameOrArn(e.getKey(), "requestItems.key").check();
            JsonRequest tableRequest = new JsonRequest(JsonRequest.object(requestItems, e.getKey()));
            List<JsonNode> keyNodes = tableRequest.list("Keys");
            if (keyNodes == null || keyNodes.isEmpty()) {
                throw DynamoException.validation("1 validation error detected: Value null at 'requestItems."
                        + e.getKey() + ".member.keys' failed to satisfy constraint: Member must have length greater "
                        + "than or equal to 1");
            }
            total += keyNodes.size();
            if (total > MAX_KEYS) {
                throw DynamoException.validation("Too many items requested for the BatchGetItem call");
            }
            List<String> members = List.of("ProjectionExpression");
            LegacyParameters.checkNotMixed(tableRequest, members, List.of("AttributesToGet"));
            LegacyParameters legacy = new LegacyParameters(tableRequest);
            String legacyProjection = legacy.attributesToGet(tableRequest,
                    "requestItems." + e.getKey() + ".member.attributesToGet");
            ExpressionContext expressions = ExpressionSupport.context(tableRequest, members, legacy);
            String projectionText = legacyProjection != null ? legacyProjection
                    : tableRequest.string("ProjectionExpression");
            Projection projection = projectionText == null ? null
                    : Expressions.parseProjection(projectionText, expressions);
            expressions.checkAllUsed();
            boolean consistent = Boolean.TRUE.equals(tableRequest.bool("ConsistentRead"));
            Table table = Tables.get(catalog, context, e.getKey());
            List<Map<String, AttributeValue>> keys = new ArrayList<>();
            Set<Map<String, AttributeValue>> seen = new HashSet<>();
            for (JsonNode k : keyNodes) {
                Map<String, AttributeValue> key = AttributeValueJson.readItem(k);
                table.key().validateKey(key);
                if (!seen.add(key)) {
                    throw DynamoException.validation("Provided list of item keys contains duplicates");
                }
                keys.add(key);
            }
            requests.add(new TableRequest(e.getKey(), table, keys, projection, consistent, e.getValue()));
        }
        Map<String, List<Map<String, AttributeValue>>> responses = new LinkedHashMap<>();
        Map<String, List<Map<String, AttributeValue>>> unprocessed = new LinkedHashMap<>();
        Map<String, ConsumedCapacity> capacities = new LinkedHashMap<>();
        long bytes = 0;
        for (TableRequest r : requests) {
            List<Map<String, AttributeValue>> found = responses.computeIfAbsent(r.name, n -> new ArrayList<>());
            String tableName = r.table.metadata().tableName();
            ConsumedCapacity capacity = capacities.computeIfAbsent(tableName, n -> new ConsumedCapacity(n, false));
            for (Map<String, AttributeValue> key : r.keys) {
                if (bytes >= MAX_RESPONSE_BYTES) {
                    unprocessed.computeIfAbsent(r.name, n -> new ArrayList<>()).add(key);
                    continue;
                }
                Map<String, AttributeValue> item = ItemWrites.read(r.table, key);
                // as DynamoDB: each key is a GetItem of its own, rounded up on its own
                capacity.addItemRead(item, r.consistent, 1);
                if (item != null) {
                    bytes += ItemSize.of(item);
                    found.add(r.projection == null ? item : r.projection.apply(item));
                }
            }
        }
        return Action.done(g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("Responses");
            for (Map.Entry<String, List<Map<String, AttributeValue>>> e : responses.entrySet()) {
                g.writeArrayFieldStart(e.getKey());
                for (Map<String, AttributeValue> item : e.getValue()) {
                    AttributeValueJson.writeItem(g, item);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
            g.writeObjectFieldStart("UnprocessedKeys");
            for (TableRequest r : requests) {
                List<Map<String, AttributeValue>> keys = unprocessed.get(r.name);
                if (keys == null) {
                    continue;
                }
                g.writeObjectFieldStart(r.name);
                g.writeArrayFieldStart("Keys");
                for (Map<String, AttributeValue> key : keys) {
                    AttributeValueJson.writeItem(g, key);
                }
                g.writeEndArray();
                JsonNode projection = r.original.get("ProjectionExpression");
                if (projection != null) {
                    g.writeStringField("ProjectionExpression", projection.asText());
                }
                JsonNode attributesToGet = r.original.get("AttributesToGet");
                if (attributesToGet != null) {
                    g.writeFieldName("AttributesToGet");
                    g.writeTree(attributesToGet);
                }
                JsonNode names = r.original.get("ExpressionAttributeNames");
                if (names != null) {
                    g.writeFieldName("ExpressionAttributeNames");
                    g.writeTree(names);
                }
                g.writeEndObject();
            }
            g.writeEndObject();
            ConsumedCapacity.writeList(g, capacityDetail, capacities.values());
            g.writeEndObject();
        });
    }
}
