package dev.rewind.action;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.rewind.error.DynamoException;
import dev.rewind.expression.Condition;
import dev.rewind.expression.ExpressionContext;
import dev.rewind.expression.Expressions;
import dev.rewind.expression.Update;
import dev.rewind.model.AttributeValue;
import dev.rewind.protocol.AttributeValueJson;
import dev.rewind.protocol.JsonRequest;
import dev.rewind.protocol.ResponseBody;
import dev.rewind.protocol.Validation;
import dev.rewind.table.Table;
import dev.rewind.table.TableCatalog;

/**
 * UpdateItem with UpdateExpression, ConditionExpression and every ReturnValues. Without an UpdateExpression it
 * creates the item with just its key when absent, as DynamoDB does.
 */
final class UpdateItemAction implements Action {
    private final TableCatalog catalog;

    UpdateItemAction(TableCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public CompletableFuture<ResponseBody> handle(RequestContext context, JsonRequest request) {
        String tableName = request.string("TableName");
        Map<String, AttributeValue> key = request.item("Key");
        new Validation().tableNameOrArn(tableName, "tableName").notNull(key, "key").check();
        ReturnValues returnValues = ReturnValues.parse(request.string("ReturnValues"));
        boolean returnOldOnFailure = ReturnValues.onConditionCheckFailure(
                request.string("ReturnValuesOnConditionCheckFailure"));
        ExpressionContext expressions = ExpressionSupport.context(request,
                List.of("UpdateExpression", "ConditionExpression"));
        String updateText = request.string("UpdateExpression");
        String conditionText = request.string("ConditionExpression");
        Update update = updateText == null ? null : Expressions.parseUpdate(updateText, expressions);
        Condition condition = conditionText == null ? null
                : Expressions.parseCondition(conditionText, "ConditionExpression", expressions);
        expressions.checkAllUsed();

        Table table = Tables.get(catalog, context, tableName);
        table.key().validateKey(key);
        if (update != null) {
            for (String attribute : update.topLevelAttributes()) {
                if (table.key().isKeyAttribute(attribute)) {
                    throw DynamoException.validation("One or more parameter values were invalid: Cannot update "
                            + "attribute " + attribute + ". This attribute is part of the key");
                }
            }
        }
        ItemWrites.Result result = ItemWrites.write(table, key, condition, returnOldOnFailure, old -> {
            Map<String, AttributeValue> updated;
            if (update == null) {
                updated = old != null ? old : new LinkedHashMap<>(key);
            } else {
                updated = old != null ? update.apply(old) : update.applyToNewItem(key);
            }
            ItemValidation.checkNewItem(table, updated, ItemValidation.UPDATE_TOO_LARGE);
            return updated;
        });
        Map<String, AttributeValue> attributes = switch (returnValues) {
            case NONE -> null;
            case ALL_OLD -> result.oldItem();
            case ALL_NEW -> result.newItem();
            case UPDATED_OLD -> result.oldItem() == null || update == null ? null
                    : update.updatedAttributes(result.oldItem());
            case UPDATED_NEW -> update == null ? null : update.updatedAttributes(result.newItem());
        };
        return result.durable().thenApply(v -> g -> {
            g.writeStartObject();
            if (attributes != null && !attributes.isEmpty()) {
                g.writeFieldName("Attributes");
                AttributeValueJson.writeItem(g, attributes);
            }
            g.writeEndObject();
        });
    }
}
