package dev.rewind.protocol;

import java.util.HashMap;
import java.util.Map;

/** The DynamoDB operations Rewind serves, by their {@code X-Amz-Target} names. A closed set: see ActionRegistry. */
public enum Operation {
    CREATE_TABLE("CreateTable"),
    DESCRIBE_TABLE("DescribeTable"),
    LIST_TABLES("ListTables"),
    DELETE_TABLE("DeleteTable"),
    PUT_ITEM("PutItem"),
    GET_ITEM("GetItem"),
    UPDATE_ITEM("UpdateItem"),
    DELETE_ITEM("DeleteItem"),
    QUERY("Query"),
    SCAN("Scan"),
    BATCH_GET_ITEM("BatchGetItem"),
    BATCH_WRITE_ITEM("BatchWriteItem"),
    CREATE_BACKUP("CreateBackup"),
    DESCRIBE_BACKUP("DescribeBackup"),
    LIST_BACKUPS("ListBackups"),
    DELETE_BACKUP("DeleteBackup"),
    RESTORE_TABLE_FROM_BACKUP("RestoreTableFromBackup"),
    UPDATE_CONTINUOUS_BACKUPS("UpdateContinuousBackups"),
    DESCRIBE_CONTINUOUS_BACKUPS("DescribeContinuousBackups"),
    RESTORE_TABLE_TO_POINT_IN_TIME("RestoreTableToPointInTime"),
    TRANSACT_WRITE_ITEMS("TransactWriteItems"),
    UPDATE_TABLE("UpdateTable"),
    UPDATE_TIME_TO_LIVE("UpdateTimeToLive"),
    DESCRIBE_TIME_TO_LIVE("DescribeTimeToLive"),
    TAG_RESOURCE("TagResource"),
    UNTAG_RESOURCE("UntagResource"),
    LIST_TAGS_OF_RESOURCE("ListTagsOfResource"),
    DESCRIBE_LIMITS("DescribeLimits"),
    DESCRIBE_ENDPOINTS("DescribeEndpoints"),
    TRANSACT_GET_ITEMS("TransactGetItems"),
    EXECUTE_STATEMENT("ExecuteStatement"),
    BATCH_EXECUTE_STATEMENT("BatchExecuteStatement"),
    EXECUTE_TRANSACTION("ExecuteTransaction"),
    // DynamoDB Streams, under its own target prefix (see STREAMS_PREFIX)
    LIST_STREAMS("ListStreams", Namespace.STREAMS),
    DESCRIBE_STREAM("DescribeStream", Namespace.STREAMS),
    GET_SHARD_ITERATOR("GetShardIterator", Namespace.STREAMS),
    GET_RECORDS("GetRecords", Namespace.STREAMS),
    // Rewind's extensions, under their own target prefix (see EXTENSION_PREFIX)
    LIST_TABLE_CHANGES("ListTableChanges", Namespace.REWIND),
    DESCRIBE_TABLE_HISTORY("DescribeTableHistory", Namespace.REWIND);

    /** Which API an operation belongs to: its X-Amz-Target prefix. */
    enum Namespace {
        DYNAMODB("DynamoDB_20120810."),
        STREAMS("DynamoDBStreams_20120810."),
        REWIND("Rewind_20261121.");

        final String prefix;

        Namespace(String prefix) {
            this.prefix = prefix;
        }
    }

    /** The X-Amz-Target prefix of DynamoDB's operations. */
    public static final String DYNAMODB_PREFIX = Namespace.DYNAMODB.prefix;
    /** The X-Amz-Target prefix of DynamoDB Streams' operations. */
    public static final String STREAMS_PREFIX = Namespace.STREAMS.prefix;
    /** The X-Amz-Target prefix of Rewind's own operations (time travel beyond DynamoDB's API). */
    public static final String EXTENSION_PREFIX = Namespace.REWIND.prefix;

    private static final Map<String, Operation> BY_TARGET = new HashMap<>();

    static {
        for (Operation op : values()) {
            BY_TARGET.put(op.namespace.prefix + op.wireName, op);
        }
    }

    private final String wireName;
    private final Namespace namespace;

    Operation(String wireName) {
        this(wireName, Namespace.DYNAMODB);
    }

    Operation(String wireName, Namespace namespace) {
        this.wireName = wireName;
        this.namespace = namespace;
    }

    public String wireName() {
        return wireName;
    }

    /** The operation named by a whole X-Amz-Target value, or null. */
    public static Operation fromTarget(String target) {
        return target == null ? null : BY_TARGET.get(target);
    }
}
