package dev.rewind.action;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.rewind.backup.HistoryReader;
import dev.rewind.backup.PointInTimeRecovery;
import dev.rewind.error.DynamoException;
import dev.rewind.error.ErrorCode;
import dev.rewind.model.AttributeValue;
import dev.rewind.model.ItemCodec;
import dev.rewind.model.KeyEncoding;
import dev.rewind.protocol.AttributeValueJson;
import dev.rewind.protocol.JsonRequest;
import dev.rewind.protocol.ResponseBody;
import dev.rewind.protocol.Validation;
import dev.rewind.table.CommitClock;
import dev.rewind.table.History;
import dev.rewind.table.KeyDefinition;
import dev.rewind.table.Table;
import dev.rewind.table.TableCatalog;

/**
 * Rewind extension {@code Rewind_20261121.ListTableChanges}: the writes of a PITR-enabled table in a time range,
 * newest first by default, each with its commit time (to the millisecond), kind (INSERT, MODIFY, REMOVE), key and
 * the item before it. Lets a user find the write that did the damage and restore to the millisecond before it.
 *
 * <p>Request: TableName, StartDateTime and EndDateTime (epoch seconds, default the recovery window), ScanForward
 * (default false), Limit (1–1000, default 100), ExclusiveStartToken. Response: Changes, NextToken.
 */
final class ListTableChangesAction implements Action {
    private final TableCatalog catalog;
    private final PointInTimeRecovery pitr;

    ListTableChangesAction(TableCatalog catalog, PointInTimeRecovery pitr) {
        this.catalog = catalog;
        this.pitr = pitr;
    }

    /** A table with PITR on, or the error DynamoDB's PITR operations give. */
    static Table historyTable(TableCatalog catalog, RequestContext context, String name) {
        Table table = DescribeContinuousBackupsAction.sourceTable(catalog, context, name);
        if (!table.metadata().pointInTimeRecoveryEnabled()) {
            throw new DynamoException(ErrorCode.POINT_IN_TIME_RECOVERY_UNAVAILABLE,
                    "Point in time recovery is not enabled for table '" + table.metadata().tableName() + "'");
        }
        return table;
    }

    @Override
    public CompletableFuture<ResponseBody> handle(RequestContext context, JsonRequest request) {
        String name = request.string("TableName");
        Long limitParam = request.number("Limit");
        new Validation().tableNameOrArn(name, "tableName").range(limitParam, "limit", 1, 1000).check();
        Boolean forwardParam = request.bool("ScanForward");
        String token = request.string("ExclusiveStartToken");
        Table table = historyTable(catalog, context, name);
        long from = orDefault(ListBackupsAction.epochMillis(request.node("StartDateTime")),
                pitr.earliestRestorableMillis(table));
        long to = orDefault(ListBackupsAction.epochMillis(request.node("EndDateTime")), pitr.latestRestorableMillis());
        boolean forward = forwardParam != null && forwardParam;
        int limit = limitParam == null ? 100 : limitParam.intValue();
        byte[] after;
        try {
            after = token == null ? null : Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            throw DynamoException.validation("Invalid ExclusiveStartToken");
        }
        List<History.Entry> changes = new ArrayList<>();
        boolean[] more = new boolean[1];
        HistoryReader.read(table.store(), from, to, forward, after, entry -> {
            if (changes.size() == limit) {
                more[0] = true;
                return false;
            }
            changes.add(entry);
            return true;
        });
        KeyDefinition key = table.key();
        String next = more[0] ? Base64.getUrlEncoder().withoutPadding()
                .encodeToString(HistoryReader.positionOf(changes.get(changes.size() - 1))) : null;
        return Action.done(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("Changes");
            for (History.Entry e : changes) {
                g.writeStartObject();
                g.writeNumberField("ChangeDateTime",
                        TableDescriptionJson.epochSeconds(CommitClock.millisOf(e.timestamp())));
                g.writeStringField("EventName", e.eventName());
                g.writeFieldName("Keys");
                AttributeValueJson.writeItem(g, keysOf(key, e));
                if (e.beforeImage() != null) {
                    g.writeFieldName("OldImage");
                    AttributeValueJson.writeItem(g, ItemCodec.decode(e.beforeImage()));
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            if (next != null) {
                g.writeStringField("NextToken", next);
            }
            g.writeEndObject();
        });
    }

    static Map<String, AttributeValue> keysOf(KeyDefinition key, History.Entry e) {
        Map<String, AttributeValue> keys = new LinkedHashMap<>();
        keys.put(key.hashName(), KeyEncoding.decode(key.hashType(), e.itemPartition(), new int[] {0}));
        if (key.hasRange()) {
            keys.put(key.rangeName(), KeyEncoding.decode(key.rangeType(), e.itemClustering(), new int[] {0}));
        }
        return keys;
    }

    private static long orDefault(Long value, long fallback) {
        return value == null ? fallback : value;
    }
}
