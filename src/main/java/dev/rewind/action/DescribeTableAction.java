package dev.rewind.action;

import java.util.concurrent.CompletableFuture;

import dev.rewind.error.DynamoException;
import dev.rewind.protocol.JsonRequest;
import dev.rewind.protocol.ResponseBody;
import dev.rewind.protocol.Validation;
import dev.rewind.table.Table;
import dev.rewind.table.TableCatalog;

/** DescribeTable. */
final class DescribeTableAction implements Action {
    private final TableCatalog catalog;

    DescribeTableAction(TableCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public CompletableFuture<ResponseBody> handle(RequestContext context, JsonRequest request) {
        String name = request.string("TableName");
        new Validation().tableNameOrArn(name, "tableName").check();
        Table table = Tables.find(catalog, context, name);
        if (table == null) {
            throw DynamoException.resourceNotFound("Requested resource not found: Table: " + name + " not found");
        }
        return Action.done(g -> {
            g.writeStartObject();
            g.writeFieldName("Table");
            TableDescriptionJson.write(g, table, null);
            g.writeEndObject();
        });
    }
}
