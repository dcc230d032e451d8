package dev.rewind.action;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.rewind.model.AttributeValue;
import dev.rewind.model.ItemCodec;
import dev.rewind.model.KeyEncoding;
import dev.rewind.protocol.AttributeValueJson;
import dev.rewind.protocol.JsonRequest;
import dev.rewind.protocol.ResponseBody;
import dev.rewind.protocol.Validation;
import dev.rewind.storage.RowIterator;
import dev.rewind.table.CommitClock;
import dev.rewind.table.History;
import dev.rewind.table.KeyDefinition;
import dev.rewind.table.StreamLog;
import dev.rewind.table.Table;
import dev.rewind.table.TableCatalog;
import dev.rewind.table.TableMetadata;

/**
 * DynamoDB Streams GetRecords: up to Limit (1000) records after the iterator's position, in commit order, with the
 * images the stream's view type asks for, and the iterator to continue from.
 */
final class GetRecordsAction implements Action {
    static final int MAX_RECORDS = 1000;
    private final TableCatalog catalog;

    GetRecordsAction(TableCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public CompletableFuture<ResponseBody> handle(RequestContext context, JsonRequest request) {
        String iterator = request.string("ShardIterator");
        Long limitParam = request.number("Limit");
        new Validation().notNull(iterator, "shardIterator").range(limitParam, "limit", 1, MAX_RECORDS).check();
        Streams.Position position = Streams.decode(iterator);
        Table table = Streams.table(catalog, position.streamArn());
        int limit = limitParam == null ? MAX_RECORDS : limitParam.intValue();
        long oldest = catalog.commitClock().nowMillis() - StreamLog.RETENTION_MILLIS;
        long fromMillis = Math.max(CommitClock.millisOf(position.timestamp()), oldest);
        long lastBucket = History.bucketOf(catalog.commitClock().nowMillis());
        // the first record to read: all kept (TRIM_HORIZON), from (ts, 0) inclusive (AT the first record of a commit),
        // or after (ts, index)
        byte[] first;
        if (position.index() < 0) {
            first = position.timestamp() == 0 ? null : StreamLog.clustering(position.timestamp(), 0);
        } else {
            byte[] last = StreamLog.clustering(position.timestamp(), Math.min(position.index(), 0xFFFF));
            first = java.util.Arrays.copyOf(last, last.length + 1);
        }
        List<StreamLog.Record> records = new ArrayList<>();
        outer:
        for (long bucket = History.bucketOf(fromMillis); bucket <= lastBucket; bucket++) {
            try (RowIterator rows = table.store().range(StreamLog.SPACE, History.partition(bucket), first, null,
                    false)) {
                while (rows.next()) {
                    records.add(StreamLog.Record.decode(rows.clustering(), rows.value()));
                    if (records.size() == limit) {
                        break outer;
                    }
                }
            }
        }
        TableMetadata m = table.metadata();
        String viewType = m.stream().viewType();
        KeyDefinition key = table.key();
        String next = records.isEmpty() ? iterator : Streams.iterator(position.streamArn(),
                records.get(records.size() - 1).timestamp(), records.get(records.size() - 1).index());
        return Action.done(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("Records");
            for (StreamLog.Record r : records) {
                g.writeStartObject();
                g.writeStringField("eventID", r.sequenceNumber());
                g.writeStringField("eventName", r.eventName());
                g.writeStringField("eventVersion", "1.1");
                g.writeStringField("eventSource", "aws:dynamodb");
                g.writeStringField("awsRegion", m.region());
                g.writeObjectFieldStart("dynamodb");
                g.writeNumberField("ApproximateCreationDateTime",
                        TableDescriptionJson.epochSeconds(CommitClock.millisOf(r.timestamp())));
                g.writeFieldName("Keys");
                AttributeValueJson.writeItem(g, keys(key, r));
                if (r.newImage() != null && (viewType.equals("NEW_IMAGE") || viewType.equals("NEW_AND_OLD_IMAGES"))) {
                    g.writeFieldName("NewImage");
                    AttributeValueJson.writeItem(g, ItemCodec.decode(r.newImage()));
                }
                if (r.oldImage() != null && (viewType.equals("OLD_IMAGE") || viewType.equals("NEW_AND_OLD_IMAGES"))) {
                    g.writeFieldName("OldImage");
                    AttributeValueJson.writeItem(g, ItemCodec.decode(r.oldImage()));
                }
                g.writeStringField("SequenceNumber", r.sequenceNumber());
                g.writeNumberField("SizeBytes", (r.oldImage() == null ? 0 : r.oldImage().length)
                        + (r.newImage() == null ? 0 : r.newImage().length) + r.itemPartition().length);
                g.writeStringField("StreamViewType", viewType);
                g.writeEndObject();
                if (r.byTimeToLive()) {
                    g.writeObjectFieldStart("userIdentity");
                    g.writeStringField("Type", "Service");
                    g.writeStringField("PrincipalId", "dynamodb.amazonaws.com");
                    g.writeEndObject();
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            if (m.stream().enabled()) {
                g.writeStringField("NextShardIterator", next);
            }
            g.writeEndObject();
        });
    }

    private static Map<String, AttributeValue> keys(KeyDefinition key, StreamLog.Record r) {
        Map<String, AttributeValue> keys = new java.util.LinkedHashMap<>();
        keys.put(key.hashName(), KeyEncoding.decode(key.hashType(), r.itemPartition(), new int[] {0}));
        if (key.hasRange()) {
            keys.put(key.rangeName(), KeyEncoding.decode(key.rangeType(), r.itemClustering(), new int[] {0}));
        }
        return keys;
    }
}
