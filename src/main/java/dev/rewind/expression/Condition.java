package dev.rewind.expression;

import java.util.Map;

import dev.rewind.model.AttributeValue;

/** A parsed and checked ConditionExpression, FilterExpression or KeyConditionExpression. */
public interface Condition {

    /** Whether the condition holds for the item; an empty map stands for "no item". */
    boolean test(Map<String, AttributeValue> item);
}
