package dev.rewind.expression;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.rewind.model.AttributeValue;

/**
 * A parsed KeyConditionExpression: equality on the partition key and an optional sort key condition.
 *
 * <p>Without the key schema, {@code a = :x AND b = :y} cannot say which attribute is the partition key; the first
 * equality is taken. The action calls {@link #withPartitionKey} with the schema's partition key name to fix that up,
 * then checks the names against the schema itself.
 */
public record KeyCondition(String partitionKeyName, AttributeValue partitionKeyValue,
        Optional<SortKeyCondition> sortKey, List<SortKeyCondition> conditions) {
    public KeyCondition {
        requireNonNull(partitionKeyName, "partitionKeyName is null");
        requireNonNull(partitionKeyValue, "partitionKeyValue is null");
        requireNonNull(sortKey, "sortKey is null");
        // one order whatever the expression's: partition condition, sort condition, then any others
        java.util.List<SortKeyCondition> ordered = new java.util.ArrayList<>();
        ordered.add(new SortKeyCondition(partitionKeyName, SortKeyOperator.EQ, List.of(partitionKeyValue)));
        sortKey.ifPresent(ordered::add);
        for (SortKeyCondition c : conditions) {
            if (!c.attributeName().equals(partitionKeyName)
                    && !(sortKey.isPresent() && c.attributeName().equals(sortKey.get().attributeName()))) {
                ordered.add(c);
            }
        }
        conditions = List.copyOf(ordered);
    }

    public KeyCondition(String partitionKeyName, AttributeValue partitionKeyValue, Optional<SortKeyCondition> sortKey) {
        this(partitionKeyName, partitionKeyValue, sortKey, List.of());
    }

    /** The condition on one attribute, or null. Every condition of the expression is kept, in its order. */
    public SortKeyCondition conditionOn(String attributeName) {
        for (SortKeyCondition c : conditions) {
            if (c.attributeName().equals(attributeName)) {
                return c;
            }
        }
        return null;
    }

    /** The same condition with {@code partitionKey} as the partition key, when both conditions are equalities. */
    public KeyCondition withPartitionKey(String partitionKey) {
        if (partitionKeyName.equals(partitionKey) || sortKey.isEmpty()) {
            return this;
        }
        SortKeyCondition sort = sortKey.get();
        if (!sort.attributeName().equals(partitionKey) || sort.operator() != SortKeyOperator.EQ) {
            return this;
        }
        SortKeyCondition swapped = new SortKeyCondition(partitionKeyName, SortKeyOperator.EQ,
                List.of(partitionKeyValue));
        return new KeyCondition(sort.attributeName(), sort.operands().get(0), Optional.of(swapped), conditions);
    }

    /** Whether an item's key attributes satisfy the condition. */
    public boolean matches(Map<String, AttributeValue> item) {
        return partitionKeyValue.equals(item.get(partitionKeyName))
                && sortKey.map(s -> s.matches(item.get(s.attributeName()))).orElse(true);
    }
}
