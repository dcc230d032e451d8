package dev.rewind.action;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import dev.rewind.error.DynamoException;
import dev.rewind.error.ErrorCode;
import dev.rewind.table.Table;
import dev.rewind.table.TableCatalog;
import dev.rewind.table.TableMetadata;

/**
 * What the DynamoDB Streams operations share: stream ARNs ({@code <table ARN>/stream/<label>}), the one shard each
 * stream has, and shard iterators (opaque: the stream ARN and the position of the last record read).
 */
final class Streams {
    static final String SHARD_ID = "shardId-00000000000000000000-00000001";

    private Streams() {
    }

    static String arn(TableMetadata t) {
        return t.tableArn() + "/stream/" + t.stream().label();
    }

    /** The table whose current stream {@code streamArn} names; ResourceNotFoundException otherwise. */
    static Table table(TableCatalog catalog, String streamArn) {
        int at = streamArn == null ? -1 : streamArn.indexOf("/stream/");
        if (at < 0) {
            throw DynamoException.validation("Invalid StreamArn");
        }
        String tableArn = streamArn.substring(0, at);
        String[] parts = tableArn.split(":", 6);
        Table table = parts.length == 6 && parts[5].startsWith("table/")
                ? catalog.find(parts[4], parts[3], parts[5].substring("table/".length())) : null;
        if (table == null || table.metadata().stream() == null || !arn(table.metadata()).equals(streamArn)) {
            throw DynamoException.resourceNotFound("Requested resource not found: Stream: " + streamArn
                    + " not found");
        }
        return table;
    }

    /** An iterator reading the records after (timestamp, index); (0, -1) reads from the oldest kept. */
    static String iterator(String streamArn, long timestamp, int index) {
        String raw = streamArn + "|" + timestamp + "|" + index;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    record Position(String streamArn, long timestamp, int index) {
    }

    static Position decode(String iterator) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(iterator), StandardCharsets.UTF_8);
            int b = raw.lastIndexOf('|');
            int a = raw.lastIndexOf('|', b - 1);
            return new Position(raw.substring(0, a), Long.parseLong(raw.substring(a + 1, b)),
                    Integer.parseInt(raw.substring(b + 1)));
        } catch (RuntimeException e) {
            throw DynamoException.validation("Invalid ShardIterator");
        }
    }

    static DynamoException noShard(String shardId) {
        return new DynamoException(ErrorCode.RESOURCE_NOT_FOUND, "Requested resource not found: Shard: " + shardId
                + " not found");
    }
}
