package dev.rewind.action;

import java.util.concurrent.CompletableFuture;

import dev.rewind.protocol.JsonRequest;
import dev.rewind.protocol.ResponseBody;
import dev.rewind.protocol.Validation;
import dev.rewind.table.Table;
import dev.rewind.table.TableCatalog;
import dev.rewind.table.TableMetadata;

/** DescribeTimeToLive: ENABLED with the attribute, or DISABLED. */
final class DescribeTimeToLiveAction implements Action {
    private final TableCatalog catalog;

    DescribeTimeToLiveAction(TableCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public CompletableFuture<ResponseBody> handle(RequestContext context, JsonRequest request) {
        String name = request.string("TableName");
        new Validation().tableNameOrArn(name, "tableName").check();
        Table table = Tables.get(catalog, context, name);
        TableMetadata.TimeToLive ttl = table.metadata().timeToLive();
        return Action.done(g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("TimeToLiveDescription");
            if (ttl != null && ttl.enabled()) {
                g.writeStringField("TimeToLiveStatus", "ENABLED");
                g.writeStringField("AttributeName", ttl.attributeName());
            } else {
                g.writeStringField("TimeToLiveStatus", "DISABLED");
            }
            g.writeEndObject();
            g.writeEndObject();
        });
    }
}
