package dev.rewind.action;

import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;

import dev.rewind.backup.BackupService;
import dev.rewind.backup.PointInTimeRecovery;
import dev.rewind.protocol.Operation;
import dev.rewind.table.TableCatalog;
import dev.rewind.table.TableMaintenance;

/** Maps each {@link Operation} to its action. The switch has no default: a new operation is a compile error here. */
public final class ActionRegistry {
    private final Map<Operation, Action> actions = new EnumMap<>(Operation.class);

    /** @param pause a test seam holding transactions in flight; {@link TransactionPause#NONE} in production */
    public ActionRegistry(TableCatalog catalog, BackupService backups, PointInTimeRecovery pitr,
            TableMaintenance maintenance, Clock clock, TransactionPause pause) {
        IdempotencyTokens tokens = new IdempotencyTokens(clock);
        Transactions transactions = new Transactions(catalog, pause);
        for (Operation op : Operation.values()) {
            actions.put(op, create(op, catalog, backups, pitr, maintenance, clock, tokens, transactions));
        }
    }

    private static Action create(Operation op, TableCatalog catalog, BackupService backups, PointInTimeRecovery pitr,
            TableMaintenance maintenance, Clock clock, IdempotencyTokens tokens, Transactions transactions) {
        return switch (op) {
            case CREATE_TABLE -> new CreateTableAction(catalog, clock);
            case DESCRIBE_TABLE -> new DescribeTableAction(catalog);
            case LIST_TABLES -> new ListTablesAction(catalog);
            case DELETE_TABLE -> new DeleteTableAction(catalog, backups, pitr);
            case PUT_ITEM -> new PutItemAction(catalog);
            case GET_ITEM -> new GetItemAction(catalog);
            case UPDATE_ITEM -> new UpdateItemAction(catalog);
            case DELETE_ITEM -> new DeleteItemAction(catalog);
            case QUERY -> new QueryAction(catalog);
            case SCAN -> new ScanAction(catalog);
            case BATCH_GET_ITEM -> new BatchGetItemAction(catalog);
            case BATCH_WRITE_ITEM -> new BatchWriteItemAction(transactions);
            case CREATE_BACKUP -> new CreateBackupAction(catalog, backups);
            case DESCRIBE_BACKUP -> new DescribeBackupAction(backups);
            case LIST_BACKUPS -> new ListBackupsAction(catalog, backups);
            case DELETE_BACKUP -> new DeleteBackupAction(backups);
            case RESTORE_TABLE_FROM_BACKUP -> new RestoreTableFromBackupAction(catalog, backups, clock);
            case UPDATE_CONTINUOUS_BACKUPS -> new UpdateContinuousBackupsAction(catalog, pitr);
            case DESCRIBE_CONTINUOUS_BACKUPS -> new DescribeContinuousBackupsAction(catalog, pitr);
            case RESTORE_TABLE_TO_POINT_IN_TIME -> new RestoreTableToPointInTimeAction(catalog, backups, pitr, clock);
            case TRANSACT_WRITE_ITEMS -> new TransactWriteItemsAction(transactions, tokens);
            case TRANSACT_GET_ITEMS -> new TransactGetItemsAction(catalog);
            case EXECUTE_STATEMENT -> new ExecuteStatementAction(new PartiqlStatements(catalog));
            case BATCH_EXECUTE_STATEMENT -> new BatchExecuteStatementAction(new PartiqlStatements(catalog));
            case EXECUTE_TRANSACTION -> new ExecuteTransactionAction(new PartiqlStatements(catalog), transactions,
                    tokens);
            case UPDATE_TABLE -> new UpdateTableAction(catalog, maintenance, clock);
            case UPDATE_TIME_TO_LIVE -> new UpdateTimeToLiveAction(catalog);
            case DESCRIBE_TIME_TO_LIVE -> new DescribeTimeToLiveAction(catalog);
            case TAG_RESOURCE -> new TagsAction(catalog, TagsAction.Kind.TAG);
            case UNTAG_RESOURCE -> new TagsAction(catalog, TagsAction.Kind.UNTAG);
            case LIST_TAGS_OF_RESOURCE -> new TagsAction(catalog, TagsAction.Kind.LIST);
            case DESCRIBE_LIMITS -> new DescribeLimitsAction();
            case DESCRIBE_ENDPOINTS -> new DescribeEndpointsAction();
            case LIST_STREAMS -> new ListStreamsAction(catalog);
            case DESCRIBE_STREAM -> new DescribeStreamAction(catalog);
            case GET_SHARD_ITERATOR -> new GetShardIteratorAction(catalog);
            case GET_RECORDS -> new GetRecordsAction(catalog);
            case LIST_TABLE_CHANGES -> new ListTableChangesAction(catalog, pitr);
            case DESCRIBE_TABLE_HISTORY -> new DescribeTableHistoryAction(catalog, pitr);
        };
    }

    public Action actionFor(Operation op) {
        return actions.get(op);
    }
}
