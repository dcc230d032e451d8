package dev.rewind.action;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;

import dev.rewind.error.DynamoException;
import dev.rewind.protocol.JsonRequest;
import dev.rewind.protocol.ResponseBody;
import dev.rewind.protocol.Validation;
import dev.rewind.table.Table;
import dev.rewind.table.TableCatalog;
import dev.rewind.table.TableMetadata;

/** TagResource, UntagResource and ListTagsOfResource on table ARNs (at most 50 tags per table). */
final class TagsAction implements Action {
    enum Kind { TAG, UNTAG, LIST }

    static final int MAX_TAGS = 50;
    private final TableCatalog catalog;
    private final Kind kind;

    TagsAction(TableCatalog catalog, Kind kind) {
        this.catalog = catalog;
        this.kind = kind;
    }

    @Override
    public CompletableFuture<ResponseBody> handle(RequestContext context, JsonRequest request) {
        String arn = request.string("ResourceArn");
        new Validation().notNull(arn, "resourceArn").check();
        if (arn.length() < 1 || arn.length() > 1283) {
            throw DynamoException.validation("Invalid TableArn");
        }
        if (!arn.startsWith("arn:")) {
            throw DynamoException.validation("Invalid TableArn: Invalid ResourceArn provided as input " + arn);
        }
        Table table = Tables.find(catalog, context, arn);
        if (table == null) {
            throw DynamoException.resourceNotFound("Requested resource not found: ResourcArn: " + arn
                    + " not found");
        }
        switch (kind) {
            case TAG -> {
                List<TableMetadata.Tag> add = CreateTableAction.tags(request.list("Tags"));
                new Validation().notNull(request.list("Tags"), "tags").check();
                synchronized (table) {
                    Map<String, String> tags = asMap(table.metadata().tags());
                    add.forEach(t -> tags.put(t.key(), t.value()));
                    if (tags.size() > MAX_TAGS) {
                        throw new DynamoException(dev.rewind.error.ErrorCode.LIMIT_EXCEEDED,
                                "The number of tags exceeds the limit of " + MAX_TAGS + " for this resource");
                    }
                    catalog.update(table, table.metadata().with(b -> b.tags = asList(tags)));
                }
                return Action.done(ResponseBody.EMPTY);
            }
            case UNTAG -> {
                List<JsonNode> keys = request.list("TagKeys");
                new Validation().notNull(keys, "tagKeys").check();
                synchronized (table) {
                    Map<String, String> tags = asMap(table.metadata().tags());
                    keys.forEach(k -> tags.remove(k.asText()));
                    catalog.update(table, table.metadata().with(b -> b.tags = asList(tags)));
                }
                return Action.done(ResponseBody.EMPTY);
            }
            case LIST -> {
                List<TableMetadata.Tag> tags = table.metadata().tags();
                return Action.done(g -> {
                    g.writeStartObject();
                    g.writeArrayFieldStart("Tags");
                    for (TableMetadata.Tag t : tags) {
                        g.writeStartObject();
                        g.writeStringField("Key", t.key());
                        g.writeStringField("Value", t.value());
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                    g.writeEndObject();
                });
            }
        }
        throw new IllegalStateException("unknown kind " + kind);
    }

    private static Map<String, String> asMap(List<TableMetadata.Tag> tags) {
        Map<String, String> out = new LinkedHashMap<>();
        tags.forEach(t -> out.put(t.key(), t.value()));
        return out;
    }

    private static List<TableMetadata.Tag> asList(Map<String, String> tags) {
        List<TableMetadata.Tag> out = new ArrayList<>();
        tags.forEach((k, v) -> out.add(new TableMetadata.Tag(k, v)));
        return out;
    }
}
