package dev.rewind.action;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.rewind.expression.Condition;
import dev.rewind.expression.ExpressionContext;
import dev.rewind.expression.Expressions;
import dev.rewind.model.AttributeValue;
import dev.rewind.protocol.AttributeValueJson;
import dev.rewind.protocol.JsonRequest;
import dev.rewind.protocol.ResponseBody;
import dev.rewind.protocol.Validation;
import dev.rewind.table.Table;
import dev.rewind.table.TableCatalog;

/** DeleteItem with ConditionExpression and ReturnValues (NONE, ALL_OLD). */
final class DeleteItemAction implements Action {
    private final TableCatalog catalog;

    DeleteItemAction(TableCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public CompletableFuture<ResponseBody> handle(RequestContext context, JsonRequest request) {
        String tableName = request.string("TableName");
        Map<String, AttributeValue> key = request.item("Key");
        new Validation().tableNameOrArn(tableName, "tableName").notNull(key, "key").check();
        ReturnValues returnValues = ReturnValues.forPutOrDelete(request.string("ReturnValues"));
        boolean returnOldOnFailure = ReturnValues.onConditionCheckFailure(
                request.string("ReturnValuesOnConditionCheckFailure"));
        ExpressionContext expressions = ExpressionSupport.context(request, List.of("ConditionExpression"));
        String conditionText = request.string("ConditionExpression");
        Condition condition = conditionText == null ? null
                : Expressions.parseCondition(conditionText, "ConditionExpression", expressions);
        expressions.checkAllUsed();

        Table table = Tables.get(catalog, context, tableName);
        table.key().validateKey(key);
        ItemWrites.Result result = ItemWrites.write(table, key, condition, returnOldOnFailure, old -> null);
        Map<String, AttributeValue> old = returnValues == ReturnValues.ALL_OLD ? result.oldItem() : null;
        return result.durable().thenApply(v -> g -> {
            g.writeStartObject();
            if (old != null) {
                g.writeFieldName("Attributes");
                AttributeValueJson.writeItem(g, old);
            }
            g.writeEndObject();
        });
    }
}
