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
    RESTORE_TABLE_TO_POINT_IN_TIME("RestoreTableToPointInTime");

    private static final Map<String, Operation> BY_NAME = new HashMap<>();

    static {
        for (Operation op : values()) {
            BY_NAME.put(op.wireName, op);
        }
    }

    private final String wireName;

    Operation(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The operation named by an X-Amz-Target suffix, or null. */
    public static Operation fromWireName(String name) {
        return BY_NAME.get(name);
    }
}
