package dev.rewind.expression;

import static java.util.Objects.requireNonNull;

import java.util.List;

import dev.rewind.model.AttributeValue;

/**
 * The sort key part of a KeyConditionExpression, normalized so the key attribute is on the left
 * ({@code :v < sk} becomes {@code sk > :v}).
 *
 * @param operands one value, or two (low, high) for BETWEEN
 */
public record SortKeyCondition(String attributeName, SortKeyOperator operator, List<AttributeValue> operands) {
    public SortKeyCondition {
        requireNonNull(attributeName, "attributeName is null");
        requireNonNull(operator, "operator is null");
        operands = List.copyOf(operands);
        if (operands.size() != (operator == SortKeyOperator.BETWEEN ? 2 : 1)) {
            throw new IllegalArgumentException("wrong number of operands for " + operator + ": " + operands);
        }
    }

    /** Whether a sort key value satisfies the condition (false for a missing value or a type mismatch). */
    public boolean matches(AttributeValue value) {
        if (value == null) {
            return false;
        }
        AttributeValue operand = operands.get(0);
        if (operator == SortKeyOperator.EQ) {
            return value.equals(operand);
        }
        if (operator == SortKeyOperator.BEGINS_WITH) {
            return Values.beginsWith(value, operand);
        }
        Integer c = Values.compare(value, operand);
        if (c == null) {
            return false;
        }
        return switch (operator) {
            case LT -> c < 0;
            case LE -> c <= 0;
            case GT -> c > 0;
            case GE -> c >= 0;
            case BETWEEN -> {
                Integer high = Values.compare(value, operands.get(1));
                yield c >= 0 && high != null && high <= 0;
            }
            case EQ, BEGINS_WITH -> throw new IllegalStateException("handled above");
        };
    }
}
