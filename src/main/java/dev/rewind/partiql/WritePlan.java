package dev.rewind.partiql;

import java.util.Map;

import dev.rewind.model.AttributeValue;
import dev.rewind.partiql.PartiqlAst.Returning;

/**
 * An INSERT, UPDATE, DELETE or EXISTS turned into DynamoDB's own single-item write. Expressions use the placeholders
 * in names and values.
 *
 * @param item the item an INSERT writes; null otherwise
 * @param key the primary key the WHERE clause named; null for INSERT
 * @param condition a ConditionExpression, or null
 * @param update an UpdateExpression for UPDATE; null otherwise
 * @param returning the RETURNING clause, or null
 */
public record WritePlan(Kind kind, String table, Map<String, AttributeValue> item, Map<String, AttributeValue> key,
        String condition, String update, Returning returning, Map<String, String> names,
        Map<String, AttributeValue> values) {

    public enum Kind { INSERT, UPDATE, DELETE, CONDITION_CHECK }
}
