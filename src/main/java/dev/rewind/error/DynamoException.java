package dev.rewind.error;

import static java.util.Objects.requireNonNull;

import java.util.Map;

import dev.rewind.model.AttributeValue;

/**
 * A client-visible error. Messages copy real DynamoDB word for word where known.
 * {@link #item()} carries the item for ReturnValuesOnConditionCheckFailure=ALL_OLD;
 * {@link #extra()} carries operation-specific payload (e.g. CancellationReasons) rendered by the protocol layer.
 */
public final class DynamoException extends RuntimeException {
    private final ErrorCode code;
    private final transient Map<String, AttributeValue> item;
    private final transient Object extra;

    public DynamoException(ErrorCode code, String message) {
        this(code, message, null, null);
    }

    public DynamoException(ErrorCode code, String message, Map<String, AttributeValue> item, Object extra) {
        super(message, null, false, false);
        this.code = requireNonNull(code, "code is null");
        this.item = item;
        this.extra = extra;
    }

    public ErrorCode code() {
        return code;
    }

    public Map<String, AttributeValue> item() {
        return item;
    }

    public Object extra() {
        return extra;
    }

    public static DynamoException validation(String message) {
        return new DynamoException(ErrorCode.VALIDATION, message);
    }

    public static DynamoException serialization(String message) {
        return new DynamoException(ErrorCode.SERIALIZATION, message);
    }

    public static DynamoException resourceNotFound(String message) {
        return new DynamoException(ErrorCode.RESOURCE_NOT_FOUND, message);
    }

    public static DynamoException tableNotFound() {
        return new DynamoException(ErrorCode.RESOURCE_NOT_FOUND, "Requested resource not found");
    }

    public static DynamoException resourceInUse(String message) {
        return new DynamoException(ErrorCode.RESOURCE_IN_USE, message);
    }

    public static DynamoException conditionalCheckFailed() {
        return new DynamoException(ErrorCode.CONDITIONAL_CHECK_FAILED, "The conditional request failed");
    }

    public static DynamoException conditionalCheckFailed(Map<String, AttributeValue> oldItem) {
        return new DynamoException(ErrorCode.CONDITIONAL_CHECK_FAILED, "The conditional request failed", oldItem, null);
    }

    /** What a write meets on an item that a transaction in flight includes; also a cancellation reason's message. */
    public static final String TRANSACTION_ONGOING = "Transaction is ongoing for the item";

    public static DynamoException transactionConflict() {
        return new DynamoException(ErrorCode.TRANSACTION_CONFLICT, TRANSACTION_ONGOING);
    }

    public static DynamoException of(ErrorCode code, String message) {
        return new DynamoException(code, message);
    }
}
