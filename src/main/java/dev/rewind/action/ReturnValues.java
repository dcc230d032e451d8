package dev.rewind.action;

import java.util.List;

import dev.rewind.error.DynamoException;
import dev.rewind.protocol.Validation;

/** ReturnValues and ReturnValuesOnConditionCheckFailure as DynamoDB validates them. */
enum ReturnValues {
    NONE, ALL_OLD, UPDATED_OLD, ALL_NEW, UPDATED_NEW;

    private static final List<String> ALL = List.of("ALL_NEW", "UPDATED_OLD", "ALL_OLD", "NONE", "UPDATED_NEW");

    /** Parses ReturnValues for PutItem/DeleteItem, which allow only NONE and ALL_OLD. */
    static ReturnValues forPutOrDelete(String value) {
        ReturnValues rv = parse(value);
        if (rv != NONE && rv != ALL_OLD) {
            throw DynamoException.validation("ReturnValues can only be ALL_OLD or NONE");
        }
        return rv;
    }

    static ReturnValues parse(String value) {
        if (value == null) {
            return NONE;
        }
        new Validation().enumValue(value, "returnValues", ALL).check();
        return valueOf(value);
    }

    /** ReturnValuesOnConditionCheckFailure: true for ALL_OLD. */
    static boolean onConditionCheckFailure(String value) {
        if (value == null) {
            return false;
        }
        new Validation().enumValue(value, "returnValuesOnConditionCheckFailure", List.of("ALL_OLD", "NONE")).check();
        return value.equals("ALL_OLD");
    }
}
