package dev.rewind.action;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;

import dev.rewind.backup.BackupService;
import dev.rewind.backup.PointInTimeRecovery;
import dev.rewind.error.DynamoException;
import dev.rewind.error.ErrorCode;
import dev.rewind.protocol.JsonRequest;
import dev.rewind.protocol.ResponseBody;
import dev.rewind.protocol.Validation;
import dev.rewind.table.Table;
import dev.rewind.table.TableCatalog;
import dev.rewind.table.TableMetadata;

/**
 * RestoreTableToPointInTime: a new table holding exactly the source's state at the instant, to the millisecond
 * (RestoreDateTime as epoch seconds with a fraction, or ISO 8601), or at the latest restorable time, with the same
 * overrides as RestoreTableFromBackup.
 */
final class RestoreTableToPointInTimeAction implements Action {
    private final TableCatalog catalog;
    private final BackupService backups;
    private final PointInTimeRecovery pitr;
    private final Clock clock;

    RestoreTableToPointInTimeAction(TableCatalog catalog, BackupService backups, PointInTimeRecovery pitr,
            Clock clock) {
        this.catalog = catalog;
        this.backups = backups;
        this.pitr = pitr;
        this.clock = clock;
    }

    @Override
    public CompletableFuture<ResponseBody> handle(RequestContext context, JsonRequest request) {
        String sourceName = request.string("SourceTableName");
        String sourceArn = request.string("SourceTableArn");
        String targetName = request.string("TargetTableName");
        Boolean useLatest = request.bool("UseLatestRestorableTime");
        Long restoreMillis = ListBackupsAction.epochMillis(request.node("RestoreDateTime"));
        Validation v = new Validation().tableName(targetName, "targetTableName");
        if (sourceName != null) {
            v.tableName(sourceName, "sourceTableName");
        }
        v.check();
        if ((sourceName == null) == (sourceArn == null)) {
            throw DynamoException.validation(sourceName == null
                    ? "1 validation error detected: Either SourceTableArn or SourceTableName must be specified"
                    : "1 validation error detected: Only one of SourceTableArn or SourceTableName can be specified");
        }
        boolean latest = useLatest != null && useLatest;
        if (latest && restoreMillis != null) {
            throw DynamoException.validation("Only one of RestoreDateTime or UseLatestRestorableTime can be "
                    + "specified");
        }
        if (!latest && restoreMillis == null) {
            throw DynamoException.validation("Either RestoreDateTime or UseLatestRestorableTime must be specified");
        }
        String source = sourceName != null ? sourceName : sourceArn;
        Table table = Tables.find(catalog, context, source);
        if (table == null || !table.isAvailable()) {
            throw new DynamoException(ErrorCode.TABLE_NOT_FOUND, "Table not found: " + source);
        }
        if (!table.metadata().pointInTimeRecoveryEnabled()) {
            throw new DynamoException(ErrorCode.POINT_IN_TIME_RECOVERY_UNAVAILABLE,
                    "Point in time recovery is not enabled for table '" + table.metadata().tableName() + "'");
        }
        if (catalog.find(context.accountId(), context.region(), targetName) != null) {
            throw new DynamoException(ErrorCode.TABLE_ALREADY_EXISTS, "Table already exists: " + targetName);
        }
        long earliest = pitr.earliestRestorableMillis(table);
        long latestMillis = pitr.latestRestorableMillis();
        long instant = latest ? latestMillis : restoreMillis;
        if (instant < earliest && instant == Math.floorDiv(earliest, 1000) * 1000) {
            // The AWS CLI (botocore) sends RestoreDateTime in whole seconds, so the tutorial's "restore to
            // EarliestRestorableDateTime" arrives truncated; that second's start means the earliest instant.
            instant = earliest;
        }
        if (instant < earliest || instant > latestMillis) {
            throw new DynamoException(ErrorCode.INVALID_RESTORE_TIME, "Invalid RestoreDateTime: it must be between "
                    + "EarliestRestorableDateTime (" + TableDescriptionJson.epochSeconds(earliest)
                    + ") and LatestRestorableDateTime (" + TableDescriptionJson.epochSeconds(latestMillis) + ")");
        }
        TableMetadata.RestoreSummary summary = new TableMetadata.RestoreSummary(null, table.metadata().tableArn(),
                instant, true);
        TableMetadata target = RestoreOverrides.targetTable(context, request, table.metadata(), targetName, summary,
                clock.millis());
        Table restoring = backups.restoreToPointInTime(table, instant, target);
        return Action.done(g -> {
            g.writeStartObject();
            g.writeFieldName("TableDescription");
            TableDescriptionJson.write(g, restoring, null);
            g.writeEndObject();
        });
    }
}
