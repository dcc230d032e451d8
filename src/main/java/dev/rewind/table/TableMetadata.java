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
        PointInTimeRecovery pointInTimeRecovery,
        TimeToLive timeToLive,
        StreamSettings stream) {

    /** Time to live: items whose {@code attributeName} (a Number, epoch seconds) lies in the past are deleted. */
    public record TimeToLive(String attributeName, boolean enabled) {
    }

    /** DynamoDB Streams settings; {@code label} names the current stream (its ARN ends with it). */
    public record StreamSettings(boolean enabled, String viewType, String label) {
    }

    /** A copy with changes: {@code b -> b.billingMode = "PAY_PER_REQUEST"}. */
    public TableMetadata with(java.util.function.Consumer<Builder> change) {
        Builder b = new Builder(this);
        change.accept(b);
        return b.build();
    }

    /** Mutable copy of every component, for {@link #with}. */
    public static final class Builder {
        public String accountId;
        public String region;
        public String tableName;
        public String tableId;
        public String storeName;
        public List<KeyElement> keySchema;
        public List<AttributeDefinition> attributeDefinitions;
        public List<IndexMetadata> globalSecondaryIndexes;
        public List<IndexMetadata> localSecondaryIndexes;
        public String billingMode;
        public Throughput provisionedThroughput;
        public Sse sse;
        public String tableClass;
        public boolean deletionProtectionEnabled;
        public List<Tag> tags;
        public long creationDateTimeMillis;
        public String tableStatus;
        public RestoreSummary restoreSummary;
        public PointInTimeRecovery pointInTimeRecovery;
        public TimeToLive timeToLive;
        public StreamSettings stream;

        Builder(TableMetadata m) {
            accountId = m.accountId;
            region = m.region;
            tableName = m.tableName;
            tableId = m.tableId;
            storeName = m.storeName;
            keySchema = m.keySchema;
            attributeDefinitions = m.attributeDefinitions;
            globalSecondaryIndexes = m.globalSecondaryIndexes;
            localSecondaryIndexes = m.localSecondaryIndexes;
            billingMode = m.billingMode;
            provisionedThroughput = m.provisionedThroughput;
            sse = m.sse;
            tableClass = m.tableClass;
            deletionProtectionEnabled = m.deletionProtectionEnabled;
            tags = m.tags;
            creationDateTimeMillis = m.creationDateTimeMillis;
            tableStatus = m.tableStatus;
            restoreSummary = m.restoreSummary;
            pointInTimeRecovery = m.pointInTimeRecovery;
            timeToLive = m.timeToLive;
            stream = m.stream;
        }

        public TableMetadata build() {
            return new TableMetadata(accountId, region, tableName, tableId, storeName, keySchema,
                    attributeDefinitions, globalSecondaryIndexes, localSecondaryIndexes, billingMode,
                    provisionedThroughput, sse, tableClass, deletionProtectionEnabled, tags, creationDateTimeMillis,
                    tableStatus, restoreSummary, pointInTimeRecovery, timeToLive, stream);
        }
    }

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
        return with(b -> {
            b.tableStatus = status;
            b.restoreSummary = summary;
        });
    }

    public TableMetadata withPointInTimeRecovery(PointInTimeRecovery pitr) {
        return with(b -> b.pointInTimeRecovery = pitr);
    }

    public boolean pointInTimeRecoveryEnabled() {
        return pointInTimeRecovery != null;
    }
}
