package dev.rewind.table;

import java.util.List;

/**
 * A table's definition as persisted in the catalog (JSON via Jackson; field names are part of the on-disk format:
 * add, never rename). Immutable: changes produce a new instance with {@code with…} methods.
 */
public record TableMetadata(
        String accountId,
        String region,
        String tableName,
        String tableId,
        String storeName,
        List<KeyElement> keySchema,
        List<AttributeDefinition> attributeDefinitions,
        List<IndexMetadata> globalSecondaryIndexes,
        List<IndexMetadata> localSecondaryIndexes,
        String billingMode,
        Throughput provisionedThroughput,
        Sse sse,
        String tableClass,
        boolean deletionProtectionEnabled,
        List<Tag> tags,
        long creationDateTimeMillis,
        String tableStatus,
        RestoreSummary restoreSummary,
        PointInTimeRecovery pointInTimeRecovery) {

    /**
     * Point-in-time recovery settings; null (or absent in older metadata) means disabled.
     *
     * @param enabledMillis when recording began: the earliest restorable time until the window is full
     */
    public record PointInTimeRecovery(int recoveryPeriodInDays, long enabledMillis) {
        public long recoveryPeriodMillis() {
            return recoveryPeriodInDays * 86_400_000L;
        }
    }

    public record KeyElement(String attributeName, String keyType) {
    }

    public record AttributeDefinition(String attributeName, String attributeType) {
    }

    public record Projection(String projectionType, List<String> nonKeyAttributes) {
    }

    /** {@code space} is the index's storage space in the table's store (1…); stable for the index's life. */
    public record IndexMetadata(String indexName, int space, List<KeyElement> keySchema, Projection projection,
            Throughput provisionedThroughput, String indexStatus) {
    }

    public record Throughput(long readCapacityUnits, long writeCapacityUnits) {
        public static final Throughput ZERO = new Throughput(0, 0);
    }

    public record Sse(boolean enabled, String sseType, String kmsMasterKeyArn) {
    }

    public record Tag(String key, String value) {
    }

    public record RestoreSummary(String sourceBackupArn, String sourceTableArn, long restoreDateTimeMillis,
            boolean restoreInProgress) {
    }

    public String tableArn() {
        return "arn:aws:dynamodb:" + region + ":" + accountId + ":table/" + tableName;
    }

    public String indexArn(String indexName) {
        return tableArn() + "/index/" + indexName;
    }

    public String hashKeyName() {
        return keySchema.get(0).attributeName();
    }

    public String rangeKeyName() {
        return keySchema.size() > 1 ? keySchema.get(1).attributeName() : null;
    }

    public String attributeType(String name) {
        for (AttributeDefinition d : attributeDefinitions) {
            if (d.attributeName().equals(name)) {
                return d.attributeType();
            }
        }
        return null;
    }

    public TableMetadata withStatus(String status, RestoreSummary summary) {
        return new TableMetadata(accountId, region, tableName, tableId, storeName, keySchema, attributeDefinitions,
                globalSecondaryIndexes, localSecondaryIndexes, billingMode, provisionedThroughput, sse, tableClass,
                deletionProtectionEnabled, tags, creationDateTimeMillis, status, summary, pointInTimeRecovery);
    }

    public TableMetadata withPointInTimeRecovery(PointInTimeRecovery pitr) {
        return new TableMetadata(accountId, region, tableName, tableId, storeName, keySchema, attributeDefinitions,
                globalSecondaryIndexes, localSecondaryIndexes, billingMode, provisionedThroughput, sse, tableClass,
                deletionProtectionEnabled, tags, creationDateTimeMillis, tableStatus, restoreSummary, pitr);
    }

    public boolean pointInTimeRecoveryEnabled() {
        return pointInTimeRecovery != null;
    }
}
