package dev.rewind.action;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.rewind.expression.ExpressionContext;
import dev.rewind.expression.Expressions;
import dev.rewind.expression.Projection;
import dev.rewind.model.AttributeValue;
import dev.rewind.protocol.AttributeValueJson;
import dev.rewind.protocol.JsonRequest;
import dev.rewind.protocol.ResponseBody;
import dev.rewind.protocol.Validation;
import dev.rewind.table.Table;
import dev.rewind.table.TableCatalog;

/**
 * GetItem with ProjectionExpression (or the legacy AttributesToGet) and ReturnConsumedCapacity. Every read is strongly
 * consistent, so ConsistentRead only changes the capacity reported.
 */
final class GetItemAction implements Action {
    private final TableCatalog catalog;

    GetItemAction(TableCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public CompletableFuture<ResponseBody> handle(RequestContext context, JsonRequest request) {
        String tableName = request.string("TableName");
        Map<String, AttributeValue> key = request.item("Key");
        new Validation().tableNameOrArn(tableName, "tableName").notNull(key, "key").check();
        boolean consistent = Boolean.TRUE.equals(request.bool("ConsistentRead"));
        ConsumedCapacity.Detail capacityDetail = ConsumedCapacity.detail(request);
        List<String> members = List.of("ProjectionExpression");
        LegacyParameters.checkNotMixed(request, members, List.of("AttributesToGet"));
        LegacyParameters legacy = new LegacyParameters(request);
        String legacyProjection = legacy.attributesToGet(request, "attributesToGet");
        ExpressionContext expressions = ExpressionSupport.context(request, members, legacy);
        String projectionText = legacyProjection != null ? legacyProjection : request.string("ProjectionExpression");
        Projection projection = projectionText == null ? null
                : Expressions.parseProjection(projectionText, expressions);
        expressions.checkAllUsed();

        Table table = Tables.get(catalog, context, tableName);
        table.key().validateKey(key);
        byte[] stored = ItemWrites.readStored(table, key);
        // without a projection the item goes out as stored, written to JSON straight from its bytes
        Map<String, AttributeValue> out = stored == null || projection == null ? null
                : projection.apply(dev.rewind.model.ItemCodec.decode(stored));
        // DynamoDB charges the whole item, whatever the projection; a missing item costs the minimum unit
        ConsumedCapacity capacity = new ConsumedCapacity(table.metadata().tableName(), false)
                .addTable(ConsumedCapacity.readUnits(stored == null ? 0 : dev.rewind.model.ItemCodec.size(stored),
                        consistent));
        return Action.done(g -> {
            g.writeStartObject();
            if (out != null) {
                g.writeFieldName("Item");
                AttributeValueJson.writeItem(g, out);
            } else if (stored != null && projection == null) {
                g.writeFieldName("Item");
                dev.rewind.model.ItemCodec.writeJson(stored, g);
            }
            ConsumedCapacity.writeField(g, capacityDetail, capacity);
            g.writeEndObject();
        });
    }
}
