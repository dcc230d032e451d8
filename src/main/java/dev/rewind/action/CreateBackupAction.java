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

/**
 * CreateBackup: a consistent snapshot of the table and its indexes, taken in O(1) of the table's size. AWS answers
 * CREATING and gets to AVAILABLE minutes later; Rewind's backup is AVAILABLE when the call returns.
 */
final class CreateBackupAction implements Action {
    private final TableCatalog catalog;
    private final BackupService backups;

    CreateBackupAction(TableCatalog catalog, BackupService backups) {
        this.catalog = catalog;
        this.backups = backups;
    }

    @Override
    public CompletableFuture<ResponseBody> handle(RequestContext context, JsonRequest request) {
        String tableName = request.string("TableName");
        String backupName = request.string("BackupName");
        new Validation().tableNameOrArn(tableName, "tableName").tableName(backupName, "backupName").check();
        Table table = Tables.find(catalog, context, tableName);
        if (table == null) {
            throw new DynamoException(ErrorCode.TABLE_NOT_FOUND, "Table not found: " + tableName);
        }
        BackupMetadata backup = backups.createBackup(table, backupName, "USER", null);
        return Action.done(g -> {
            g.writeStartObject();
            g.writeFieldName("BackupDetails");
            BackupDescriptionJson.writeDetails(g, backup);
            g.writeEndObject();
        });
    }
}
