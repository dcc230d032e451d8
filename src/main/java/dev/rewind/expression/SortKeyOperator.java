package dev.rewind.expression;

/** The comparisons a KeyConditionExpression allows on the sort key. */
public enum SortKeyOperator {
    EQ, LT, LE, GT, GE, BETWEEN, BEGINS_WITH
}
