package dev.rewind.action;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.rewind.protocol.JsonRequest;
import dev.rewind.protocol.ResponseBody;
import dev.rewind.protocol.Validation;
import dev.rewind.table.TableCatalog;

/** ListTables with ExclusiveStartTableName/Limit paging (names in ascending order, at most 100 a page). */
final class ListTablesAction implements Action {
    private final TableCatalog catalog;

    ListTablesAction(TableCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public CompletableFuture<ResponseBody> handle(RequestContext context, JsonRequest request) {
        String start = request.string("ExclusiveStartTableName");
        Long limitParam = request.number("Limit");
        Validation v = new Validation().range(limitParam, "limit", 1, 100);
        if (start != null) {
            v.tableName(start, "exclusiveStartTableName");
        }
        v.check();
        int limit = limitParam == null ? 100 : limitParam.intValue();
        List<String> names = catalog.names(context.accountId(), context.region());
        int from = 0;
        if (start != null) {
            while (from < names.size() && names.get(from).compareTo(start) <= 0) {
                from++;
            }
        }
        int to = Math.min(names.size(), from + limit);
        List<String> page = names.subList(from, to);
        boolean more = to < names.size();
        return Action.done(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("TableNames");
            for (String n : page) {
                g.writeString(n);
            }
            g.writeEndArray();
            if (more && !page.isEmpty()) {
                g.writeStringField("LastEvaluatedTableName", page.get(page.size() - 1));
            }
            g.writeEndObject();
        });
    }
}
