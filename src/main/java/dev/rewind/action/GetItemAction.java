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

/** GetItem with ProjectionExpression; every read is strongly consistent, so ConsistentRead changes nothing. */
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
        request.bool("ConsistentRead");
        ExpressionContext expressions = ExpressionSupport.context(request, List.of("ProjectionExpression"));
        String projectionText = request.string("ProjectionExpression");
        Projection projection = projectionText == null ? null
                : Expressions.parseProjection(projectionText, expressions);
        expressions.checkAllUsed();

        Table table = Tables.get(catalog, context, tableName);
        table.key().validateKey(key);
        Map<String, AttributeValue> item = ItemWrites.read(table, key);
        Map<String, AttributeValue> out = item == null || projection == null ? item : projection.apply(item);
        return Action.done(g -> {
            g.writeStartObject();
            if (out != null) {
                g.writeFieldName("Item");
                AttributeValueJson.writeItem(g, out);
            }
            g.writeEndObject();
        });
    }
}
