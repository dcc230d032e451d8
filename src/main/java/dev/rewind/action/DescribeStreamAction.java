package dev.rewind.action;

import java.util.concurrent.CompletableFuture;

import dev.rewind.protocol.JsonRequest;
import dev.rewind.protocol.ResponseBody;
import dev.rewind.protocol.Validation;
import dev.rewind.table.Table;
import dev.rewind.table.TableCatalog;
import dev.rewind.table.TableMetadata;

/** DynamoDB Streams DescribeStream: one open shard while the stream is enabled. */
final class DescribeStreamAction implements Action {
    private final TableCatalog catalog;

    DescribeStreamAction(TableCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public CompletableFuture<ResponseBody> handle(RequestContext context, JsonRequest request) {
        String arn = request.string("StreamArn");
        new Validation().notNull(arn, "streamArn").check();
        Table table = Streams.table(catalog, arn);
        TableMetadata m = table.metadata();
        return Action.done(g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("StreamDescription");
            g.writeStringField("StreamArn", arn);
            g.writeStringField("StreamLabel", m.stream().label());
            g.writeStringField("StreamStatus", m.stream().enabled() ? "ENABLED" : "DISABLED");
            g.writeStringField("StreamViewType", m.stream().viewType());
            g.writeNumberField("CreationRequestDateTime", TableDescriptionJson.epochSeconds(
                    java.time.LocalDateTime.parse(m.stream().label()).toInstant(java.time.ZoneOffset.UTC)
                            .toEpochMilli()));
            g.writeStringField("TableName", m.tableName());
            TableDescriptionJson.writeKeySchema(g, m.keySchema());
            g.writeArrayFieldStart("Shards");
            g.writeStartObject();
            g.writeStringField("ShardId", Streams.SHARD_ID);
            g.writeObjectFieldStart("SequenceNumberRange");
            g.writeStringField("StartingSequenceNumber", dev.rewind.table.StreamLog.Record.sequenceNumber(0, 0));
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
        });
    }
}
