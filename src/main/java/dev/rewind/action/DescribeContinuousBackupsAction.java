package dev.rewind.action;

import java.util.concurrent.CompletableFuture;

import dev.rewind.backup.PointInTimeRecovery;
import dev.rewind.error.DynamoException;
import dev.rewind.error.ErrorCode;
import dev.rewind.protocol.JsonRequest;
import dev.rewind.protocol.ResponseBody;
import dev.rewind.protocol.Validation;
import dev.rewind.table.Table;
import dev.rewind.table.TableCatalog;

/**
 * DescribeContinuousBackups. LatestRestorableDateTime is now: unlike AWS (about five minutes behind), every write
 * acknowledged so far is already restorable.
 */
final class DescribeContinuousBackupsAction implements Action {
    private final TableCatalog catalog;
    private final PointInTimeRecovery pitr;

    DescribeContinuousBackupsAction(TableCatalog catalog, PointInTimeRecovery pitr) {
        this.catalog = catalog;
        this.pitr = pitr;
    }

    static Table sourceTable(TableCatalog catalog, RequestContext context, String name) {
        Table table = Tables.find(catalog, context, name);
        if (table == null || !table.isAvailable()) {
            throw new DynamoException(ErrorCode.TABLE_NOT_FOUND, "Table not found: " + name);
        }
        return table;
    }

    @Override
    public CompletableFuture<ResponseBody> handle(RequestContext context, JsonRequest request) {
        String name = request.string("TableName");
        new Validation().tableNameOrArn(name, "tableName").check();
        Table table = sourceTable(catalog, context, name);
        return Action.done(g -> ContinuousBackupsJson.write(g, table, pitr));
    }
}
