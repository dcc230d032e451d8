package dev.rewind.partiql;

import java.util.Map;

import dev.rewind.model.AttributeValue;

/**
 * A SELECT turned into DynamoDB's own read: a GetItem when {@link #key()} is set (batch and transaction reads), else
 * a Query when {@link #keyCondition()} is set, else a Scan. Expressions use the placeholders in names and values.
 *
 * @param index the index read, or null
 * @param key the full primary key of a single-item read; null otherwise
 * @param keyCondition a KeyConditionExpression, or null for a Scan
 * @param filter a FilterExpression, or null
 * @param projection a ProjectionExpression, or null for every attribute
 * @param forward ScanIndexForward
 */
public record ReadPlan(String table, String index, Map<String, AttributeValue> key, String keyCondition,
        String filter, String projection, boolean forward, Map<String, String> names,
        Map<String, AttributeValue> values) {
}
