package dev.rewind.action;

import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;

import dev.rewind.error.DynamoException;
import dev.rewind.protocol.JsonRequest;
import dev.rewind.protocol.ResponseBody;
import dev.rewind.protocol.Validation;
import dev.rewind.table.Table;
import dev.rewind.table.TableCatalog;
import dev.rewind.table.TableMetadata;

/** UpdateTimeToLive: turns expiry on an attribute on or off. Expired items are deleted by the background sweep. */
final class UpdateTimeToLiveAction implements Action {
    private final TableCatalog catalog;

    UpdateTimeToLiveAction(TableCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public CompletableFuture<ResponseBody> handle(RequestContext context, JsonRequest request) {
        String name = request.string("TableName");
        JsonNode spec = request.object("TimeToLiveSpecification");
        new Validation().tableNameOrArn(name, "tableName").notNull(spec, "timeToLiveSpecification").check();
        Boolean enabled = JsonRequest.bool(spec, "Enabled");
        String attribute = JsonRequest.string(spec, "AttributeName");
        new Validation().notNull(enabled, "timeToLiveSpecification.enabled")
                .notNull(attribute, "timeToLiveSpecification.attributeName").check();
        if (attribute.isEmpty() || attribute.length() > 255) {
            throw DynamoException.validation("1 validation error detected: Value '" + attribute + "' at "
                    + "'timeToLiveSpecification.attributeName' failed to satisfy constraint: Member must have length "
                    + (attribute.isEmpty() ? "greater than or equal to 1" : "less than or equal to 255"));
        }
        Table table = Tables.get(catalog, context, name);
        synchronized (table) {
            TableMetadata.TimeToLive current = table.metadata().timeToLive();
            boolean on = current != null && current.enabled();
            if (enabled && on) {
                throw DynamoException.validation("TimeToLive is already enabled");
            }
            if (!enabled && !on) {
                throw DynamoException.validation("TimeToLive is already disabled");
            }
            if (!enabled && !current.attributeName().equals(attribute)) {
                throw DynamoException.validation("Provided attribute name " + attribute + " does not match the "
                        + "current TimeToLive attribute name " + current.attributeName());
            }
            catalog.update(table, table.metadata().with(b -> b.timeToLive =
                    new TableMetadata.TimeToLive(attribute, enabled)));
        }
        return Action.done(g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("TimeToLiveSpecification");
            g.writeBooleanField("Enabled", enabled);
            g.writeStringField("AttributeName", attribute);
            g.writeEndObject();
            g.writeEndObject();
        });
    }
}
