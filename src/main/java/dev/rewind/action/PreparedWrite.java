package dev.rewind.action;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import dev.rewind.error.DynamoException;
import dev.rewind.error.ErrorCode;
import dev.rewind.expression.Condition;
import dev.rewind.expression.ExpressionContext;
import dev.rewind.expression.Expressions;
import dev.rewind.expression.Update;
import dev.rewind.model.AttributeValue;
import dev.rewind.protocol.JsonRequest;
import dev.rewind.protocol.Validation;
import dev.rewind.table.Table;
import dev.rewind.table.TableCatalog;

/**
 * One item write, parsed and validated before any row is locked: PutItem, UpdateItem, DeleteItem and the Put,
 * Update, Delete and ConditionCheck actions of TransactWriteItems all become one of these. The legacy Expected and
 * AttributeUpdates become the equivalent expressions ({@link LegacyParameters}).
 *
 * @param keyItem holds at least the table's key attributes
 * @param condition checked against the current item (empty map when none); null for none
 * @param change from the current item (null if none) to the new one (null: delete); null for ConditionCheck
 * @param update the update expression, for UPDATED_OLD/UPDATED_NEW; null otherwise
 */
record PreparedWrite(Table table, Map<String, AttributeValue> keyItem, Condition condition,
        boolean returnOldOnFailure, UnaryOperator<Map<String, AttributeValue>> change, Update update) {
    private static final String WRONG_TYPE = "An operand in the update expression has an incorrect data type";

    static PreparedWrite put(TableCatalog catalog, RequestContext context, JsonRequest request) {
        String tableName = request.string("TableName");
        Map<String, AttributeValue> item = request.item("Item");
        new Validation().tableNameOrArn(tableName, "tableName").notNull(item, "item").check();
        boolean returnOld = ReturnValues.onConditionCheckFailure(
                request.string("ReturnValuesOnConditionCheckFailure"));
        Condition condition = condition(request, List.of("ConditionExpression"));
        Table table = Tables.get(catalog, context, tableName);
        ItemValidation.checkNewItem(table, item, ItemValidation.PUT_TOO_LARGE);
        return new PreparedWrite(table, item, condition, returnOld, old -> item, null);
    }

    static PreparedWrite delete(TableCatalog catalog, RequestContext context, JsonRequest request) {
        String tableName = request.string("TableName");
        Map<String, AttributeValue> key = request.item("Key");
        new Validation().tableNameOrArn(tableName, "tableName").notNull(key, "key").check();
        boolean returnOld = ReturnValues.onConditionCheckFailure(
                request.string("ReturnValuesOnConditionCheckFailure"));
        Condition condition = condition(request, List.of("ConditionExpression"));
        Table table = Tables.get(catalog, context, tableName);
        table.key().validateKey(key);
        return new PreparedWrite(table, key, condition, returnOld, old -> null, null);
    }

    /** ConditionCheck of TransactWriteItems: a condition on an item, no change. */
    static PreparedWrite conditionCheck(TableCatalog catalog, RequestContext context, JsonRequest request) {
        String tableName = request.string("TableName");
        Map<String, AttributeValue> key = request.item("Key");
        String conditionText = request.string("ConditionExpression");
        new Validation().tableNameOrArn(tableName, "tableName").notNull(key, "key")
                .notNull(conditionText, "conditionExpression").check();
        boolean returnOld = ReturnValues.onConditionCheckFailure(
                request.string("ReturnValuesOnConditionCheckFailure"));
        Condition condition = condition(request, List.of("ConditionExpression"));
        Table table = Tables.get(catalog, context, tableName);
        table.key().validateKey(key);
        return new PreparedWrite(table, key, condition, returnOld, null, null);
    }

    /**
     * UpdateItem: without an UpdateExpression it creates the item with just its key when absent, as DynamoDB does;
     * {@code requireExpression} for TransactWriteItems, where UpdateExpression is mandatory.
     */
    static PreparedWrite update(TableCatalog catalog, RequestContext context, JsonRequest request,
            boolean requireExpression) {
        String tableName = request.string("TableName");
        Map<String, AttributeValue> key = request.item("Key");
        Validation v = new Validation().tableNameOrArn(tableName, "tableName").notNull(key, "key");
        if (requireExpression) {
            v.notNull(request.string("UpdateExpression"), "updateExpression");
        }
        v.check();
        boolean returnOld = ReturnValues.onConditionCheckFailure(
                request.string("ReturnValuesOnConditionCheckFailure"));
        List<String> expressionMembers = List.of("UpdateExpression", "ConditionExpression");
        LegacyParameters.checkNotMixed(request, expressionMembers, List.of("AttributeUpdates", "Expected"));
        LegacyParameters legacy = new LegacyParameters(request);
        String legacyUpdate = legacy.attributeUpdates(request);
        String legacyCondition = legacy.expected(request);
        ExpressionContext expressions = ExpressionSupport.context(request, expressionMembers, legacy);
        String updateText = legacyUpdate != null ? legacyUpdate : request.string("UpdateExpression");
        String conditionText = legacyCondition != null ? legacyCondition : request.string("ConditionExpression");
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
        UnaryOperator<Map<String, AttributeValue>> change = old -> {
            Map<String, AttributeValue> updated;
            if (update == null) {
                updated = old != null ? old : new LinkedHashMap<>(key);
            } else {
                updated = old != null ? update.apply(old) : update.applyToNewItem(key);
            }
            ItemValidation.checkNewItem(table, updated, ItemValidation.UPDATE_TOO_LARGE);
            return updated;
        };
        if (legacyUpdate != null) {
            change = withLegacyMessages(change);
        }
        return new PreparedWrite(table, key, condition, returnOld, change, update);
    }

    /** AttributeUpdates' ADD and DELETE on an attribute of another type: DynamoDB words it its legacy way. */
    private static UnaryOperator<Map<String, AttributeValue>> withLegacyMessages(
            UnaryOperator<Map<String, AttributeValue>> change) {
        return old -> {
            try {
                return change.apply(old);
            } catch (DynamoException e) {
                if (e.code() == ErrorCode.VALIDATION && WRONG_TYPE.equals(e.getMessage())) {
                    throw DynamoException.validation("Type mismatch for attribute to update");
                }
                throw e;
            }
        };
    }

    /** ConditionExpression, or the legacy Expected (with ConditionalOperator) translated into one. */
    private static Condition condition(JsonRequest request, List<String> members) {
        LegacyParameters.checkNotMixed(request, members, List.of("Expected"));
        LegacyParameters legacy = new LegacyParameters(request);
        String legacyText = legacy.expected(request);
        ExpressionContext expressions = ExpressionSupport.context(request, members, legacy);
        String text = legacyText != null ? legacyText : request.string("ConditionExpression");
        Condition condition = text == null ? null
                : Expressions.parseCondition(text, "ConditionExpression", expressions);
        expressions.checkAllUsed();
        return condition;
    }

    byte[] partition() {
        return table.key().partition(keyItem);
    }

    byte[] clustering() {
        return table.key().clustering(keyItem);
    }

    /** Runs this write alone (PutItem, UpdateItem, DeleteItem). */
    ItemWrites.Result execute() {
        return ItemWrites.write(table, keyItem, condition, returnOldOnFailure, change);
    }
}
