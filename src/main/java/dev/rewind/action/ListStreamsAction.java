package dev.rewind.action;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.rewind.protocol.JsonRequest;
import dev.rewind.protocol.ResponseBody;
import dev.rewind.protocol.Validation;
import dev.rewind.table.Table;
import dev.rewind.table.TableCatalog;

/** DynamoDB Streams ListStreams: the streams of the Region's tables, optionally of one table. */
final class ListStreamsAction implements Action {
    private final TableCatalog catalog;

    ListStreamsAction(TableCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public CompletableFuture<ResponseBody> handle(RequestContext context, JsonRequest request) {
        String tableName = request.string("TableName");
        Long limitParam = request.number("Limit");
        String start = request.string("ExclusiveStartStreamArn");
        Validation v = new Validation().range(limitParam, "limit", 1, 100);
        if (tableName != null) {
            v.tableName(tableName, "tableName");
        }
        v.check();
        List<Table> streams = new ArrayList<>();
        for (String name : catalog.names(context.accountId(), context.region())) {
            Table t = catalog.find(context.accountId(), context.region(), name);
            if (t != null && t.metadata().stream() != null && (tableName == null || tableName.equals(name))) {
                streams.add(t);
            }
        }
        int from = 0;
        if (start != null) {
            for (int i = 0; i < streams.size(); i++) {
                if (Streams.arn(streams.get(i).metadata()).equals(start)) {
                    from = i + 1;
                }
            }
        }
        int limit = limitParam == null ? 100 : limitParam.intValue();
        int to = Math.min(streams.size(), from + limit);
        List<Table> page = streams.subList(from, to);
        boolean more = to < streams.size();
        return Action.done(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("Streams");
            for (Table t : page) {
                g.writeStartObject();
                g.writeStringField("StreamArn", Streams.arn(t.metadata()));
                g.writeStringField("TableName", t.metadata().tableName());
                g.writeStringField("StreamLabel", t.metadata().stream().label());
                g.writeEndObject();
            }
            g.writeEndArray();
            if (more) {
                g.writeStringField("LastEvaluatedStreamArn", Streams.arn(page.get(page.size() - 1).metadata()));
            }
            g.writeEndObject();
        });
    }
}
