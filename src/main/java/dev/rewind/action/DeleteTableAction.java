package dev.rewind.action;

import java.util.concurrent.CompletableFuture;

import dev.rewind.backup.BackupService;
import dev.rewind.backup.PointInTimeRecovery;
import dev.rewind.error.DynamoException;
import dev.rewind.protocol.JsonRequest;
import dev.rewind.protocol.ResponseBody;
import dev.rewind.protocol.Validation;
import dev.rewind.table.Table;
import dev.rewind.table.TableCatalog;

/** DeleteTable: answers the description with status DELETING; the table is gone when the answer is sent. */
final class DeleteTableAction implements Action {
    private final TableCatalog catalog;
    private final BackupService backups;
    private final PointInTimeRecovery pitr;

    DeleteTableAction(TableCatalog catalog, BackupService backups, PointInTimeRecovery pitr) {
        this.catalog = catalog;
        this.backups = backups;
        this.pitr = pitr;
    }

    @Override
    public CompletableFuture<ResponseBody> handle(RequestContext context, JsonRequest request) {
        String name = request.string("TableName");
        new Validation().tableNameOrArn(name, "tableName").check();
        Table table = Tables.find(catalog, context, name);
        if (table == null) {
            throw DynamoException.resourceNotFound("Requested resource not found: Table: " + name + " not found");
        }
        if (table.metadata().deletionProtectionEnabled()) {
            throw DynamoException.validation("Resource cannot be deleted as it is currently protected against "
                    + "deletion. Disable deletion protection first.");
        }
        if (!"ACTIVE".equals(table.metadata().tableStatus())) {
            throw DynamoException.resourceInUse("Attempt to change a resource which is still in use: Table is being "
                    + (table.metadata().restoreSummary() != null ? "restored" : "created") + ": " + name);
        }
        // render before dropping the data so ItemCount etc. reflect the table as deleted
        ResponseBody body = g -> {
            g.writeStartObject();
            g.writeFieldName("TableDescription");
            TableDescriptionJson.write(g, table, "DELETING");
            g.writeEndObject();
        };
        if (table.metadata().pointInTimeRecoveryEnabled()) {
            // As on AWS: deleting a PITR-enabled table leaves a SYSTEM backup of it as it was, kept for the
            // recovery period.
            long now = pitr.latestRestorableMillis();
            backups.createBackup(table, table.metadata().tableName() + "$DeletedTableBackup", "SYSTEM",
                    now + table.metadata().pointInTimeRecovery().recoveryPeriodMillis());
        }
        catalog.delete(table);
        return Action.done(body);
    }
}
