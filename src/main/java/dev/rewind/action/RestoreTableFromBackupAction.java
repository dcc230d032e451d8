package dev.rewind.action;

import java.util.concurrent.CompletableFuture;

import dev.rewind.backup.BackupMetadata;
import dev.rewind.backup.BackupService;
import dev.rewind.error.DynamoException;
import dev.rewind.error.ErrorCode;
import dev.rewind.protocol.JsonRequest;
import dev.rewind.protocol.ResponseBody;
import dev.rewind.protocol.Validation;
import dev.rewind.table.Table;
import dev.rewind.table.TableCatalog;
import dev.rewind.table.TableMetadata;

/**
 * RestoreTableFromBackup: creates the target table CREATING with a RestoreSummary, fills it in the background and
 * makes it ACTIVE. A request signed for another Region restores into that Region.
 */
final class RestoreTableFromBackupAction implements Action {
    private final TableCatalog catalog;
    private final BackupService backups;
    private final java.time.Clock clock;

    RestoreTableFromBackupAction(TableCatalog catalog, BackupService backups, java.time.Clock clock) {
        this.catalog = catalog;
        this.backups = backups;
        this.clock = clock;
    }

    @Override
    public CompletableFuture<ResponseBody> handle(RequestContext context, JsonRequest request) {
        String targetName = request.string("TargetTableName");
        new Validation().tableName(targetName, "targetTableName").notNull(request.string("BackupArn"), "backupArn")
                .check();
        BackupMetadata backup = DescribeBackupAction.find(backups, request);
        if (!"AVAILABLE".equals(backup.backupStatus())) {
            throw new DynamoException(ErrorCode.BACKUP_IN_USE, "Backup is not available: " + backup.backupArn());
        }
        Table existing = catalog.find(context.accountId(), context.region(), targetName);
        if (existing != null) {
            throw new DynamoException(ErrorCode.TABLE_ALREADY_EXISTS, "Table already exists: " + targetName);
        }
        TableMetadata.RestoreSummary summary = new TableMetadata.RestoreSummary(backup.backupArn(),
                backup.source().tableArn(), backup.creationMillis(), true);
        TableMetadata target = RestoreOverrides.targetTable(context, request, backup.source(), targetName, summary,
                clock.millis());
        Table restoring = backups.restoreFromBackup(backup, target);
        return Action.done(g -> {
            g.writeStartObject();
            g.writeFieldName("TableDescription");
            TableDescriptionJson.write(g, restoring, null);
            g.writeEndObject();
        });
    }
}
