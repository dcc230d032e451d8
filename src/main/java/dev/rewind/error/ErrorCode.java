package dev.rewind.error;

/**
 * DynamoDB's error names with their HTTP status. The wire name is {@code com.amazonaws.dynamodb.v20120810#<name>}
 * except for the few that DynamoDB reports under {@code com.amazon.coral.*}.
 */
public enum ErrorCode {
    VALIDATION("ValidationException", 400, "com.amazon.coral.validate#"),
    SERIALIZATION("SerializationException", 400, "com.amazon.coral.service#"),
    UNKNOWN_OPERATION("UnknownOperationException", 400, "com.amazon.coral.service#"),
    MISSING_AUTHENTICATION_TOKEN("MissingAuthenticationTokenException", 400, "com.amazon.coral.service#"),
    INCOMPLETE_SIGNATURE("IncompleteSignatureException", 400, "com.amazon.coral.service#"),
    RESOURCE_NOT_FOUND("ResourceNotFoundException", 400, null),
    RESOURCE_IN_USE("ResourceInUseException", 400, null),
    CONDITIONAL_CHECK_FAILED("ConditionalCheckFailedException", 400, null),
    LIMIT_EXCEEDED("LimitExceededException", 400, null),
    PROVISIONED_THROUGHPUT_EXCEEDED("ProvisionedThroughputExceededException", 400, null),
    ITEM_COLLECTION_SIZE_LIMIT_EXCEEDED("ItemCollectionSizeLimitExceededException", 400, null),
    TRANSACTION_CANCELED("TransactionCanceledException", 400, null),
    TRANSACTION_CONFLICT("TransactionConflictException", 400, null),
    TRANSACTION_IN_PROGRESS("TransactionInProgressException", 400, null),
    IDEMPOTENT_PARAMETER_MISMATCH("IdempotentParameterMismatchException", 400, null),
    TABLE_NOT_FOUND("TableNotFoundException", 400, null),
    TABLE_ALREADY_EXISTS("TableAlreadyExistsException", 400, null),
    TABLE_IN_USE("TableInUseException", 400, null),
    BACKUP_NOT_FOUND("BackupNotFoundException", 400, null),
    BACKUP_IN_USE("BackupInUseException", 400, null),
    CONTINUOUS_BACKUPS_UNAVAILABLE("ContinuousBackupsUnavailableException", 400, null),
    POINT_IN_TIME_RECOVERY_UNAVAILABLE("PointInTimeRecoveryUnavailableException", 400, null),
    INVALID_RESTORE_TIME("InvalidRestoreTimeException", 400, null),
    INDEX_NOT_FOUND("IndexNotFoundException", 400, null),
    DUPLICATE_ITEM("DuplicateItemException", 400, null),
    REQUEST_ENTITY_TOO_LARGE("RequestEntityTooLarge", 413, null),
    INTERNAL_SERVER_ERROR("InternalServerError", 500, null),
    SERVICE_UNAVAILABLE("ServiceUnavailable", 503, null);

    private final String errorName;
    private final int httpStatus;
    private final String typePrefix;

    ErrorCode(String errorName, int httpStatus, String typePrefix) {
        this.errorName = errorName;
        this.httpStatus = httpStatus;
        this.typePrefix = typePrefix == null ? "com.amazonaws.dynamodb.v20120810#" : typePrefix;
    }

    public String errorName() {
        return errorName;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The value of {@code __type} in the error body. */
    public String wireType() {
        return typePrefix + errorName;
    }
}
