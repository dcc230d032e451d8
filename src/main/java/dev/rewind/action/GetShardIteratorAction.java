package dev.rewind.action;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.rewind.error.DynamoException;
import dev.rewind.protocol.JsonRequest;
import dev.rewind.protocol.ResponseBody;
import dev.rewind.protocol.Validation;
import dev.rewind.table.TableCatalog;

/** DynamoDB Streams GetShardIterator: TRIM_HORIZON, LATEST, AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER. */
final class GetShardIteratorAction implements Action {
    private final TableCatalog catalog;

    GetShardIteratorAction(TableCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public CompletableFuture<ResponseBody> handle(RequestContext context, JsonRequest request) {
        String arn = request.string("StreamArn");
        String shardId = request.string("ShardId");
        String type = request.string("ShardIteratorType");
        String sequence = request.string("SequenceNumber");
        new Validation().notNull(arn, "streamArn").notNull(shardId, "shardId").notNull(type, "shardIteratorType")
                .enumValue(type, "shardIteratorType",
                        List.of("TRIM_HORIZON", "LATEST", "AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER"))
                .check();
        Streams.table(catalog, arn);
        if (!Streams.SHARD_ID.equals(shardId)) {
            throw Streams.noShard(shardId);
        }
        long timestamp;
        int index;
        switch (type) {
            case "TRIM_HORIZON" -> {
                timestamp = 0;
                index = -1;
            }
            case "LATEST" -> {
                timestamp = catalog.commitClock().lastTimestamp();
                index = Integer.MAX_VALUE;
            }
            default -> {
                if (sequence == null || !sequence.matches("\\d{26}")) {
                    throw DynamoException.validation("Invalid SequenceNumber: " + sequence);
                }
                timestamp = Long.parseLong(sequence.substring(0, 21));
                int at = Integer.parseInt(sequence.substring(21));
                index = type.equals("AT_SEQUENCE_NUMBER") ? at - 1 : at;
            }
        }
        String iterator = Streams.iterator(arn, timestamp, index);
        return Action.done(g -> {
            g.writeStartObject();
            g.writeStringField("ShardIterator", iterator);
            g.writeEndObject();
        });
    }
}
