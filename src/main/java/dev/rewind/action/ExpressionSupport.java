package dev.rewind.action;

import java.util.List;
import java.util.Map;

import dev.rewind.error.DynamoException;
import dev.rewind.expression.ExpressionContext;
import dev.rewind.model.AttributeValue;
import dev.rewind.protocol.JsonRequest;

/** The request-level rules around expressions shared by every operation that takes them. */
final class ExpressionSupport {
    private ExpressionSupport() {
    }

    /**
     * Reads ExpressionAttributeNames/Values and checks DynamoDB's rules: they may only accompany expressions, and
     * must not be empty.
     */
    static ExpressionContext context(JsonRequest request, List<String> expressionMembers) {
        return context(request, expressionMembers, null);
    }

    /**
     * As {@link #context(JsonRequest, List)}, plus the placeholders generated for the request's legacy parameters
     * (null for none).
     */
    static ExpressionContext context(JsonRequest request, List<String> expressionMembers, LegacyParameters legacy) {
        Map<String, String> names = request.stringMap("ExpressionAttributeNames");
        Map<String, AttributeValue> values = request.valueMap("ExpressionAttributeValues");
        boolean anyExpression = false;
        for (String m : expressionMembers) {
            if (request.string(m) != null) {
                anyExpression = true;
                break;
            }
        }
        if (names != null && !anyExpression) {
            throw DynamoException.validation("ExpressionAttributeNames can only be specified when using expressions");
        }
        if (values != null && !anyExpression) {
            throw DynamoException.validation("ExpressionAttributeValues can only be specified when using "
                    + "expressions");
        }
        if (names != null && names.isEmpty()) {
            throw DynamoException.validation("ExpressionAttributeNames must not be empty");
        }
        if (values != null && values.isEmpty()) {
            throw DynamoException.validation("ExpressionAttributeValues must not be empty");
        }
        return legacy == null ? new ExpressionContext(names, values) : legacy.context(names, values);
    }
}
