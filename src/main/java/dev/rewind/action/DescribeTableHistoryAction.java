package dev.rewind.action;

import java.util.concurrent.CompletableFuture;

import dev.rewind.backup.HistoryReader;
import dev.rewind.backup.PointInTimeRecovery;
import dev.rewind.protocol.JsonRequest;
import dev.rewind.protocol.ResponseBody;
import dev.rewind.protocol.Validation;
import dev.rewind.table.CommitClock;
import dev.rewind.table.Table;
import dev.rewind.table.TableCatalog;

/**
 * Rewind extension {@code Rewind_20261121.DescribeTableHistory}: how many inserts, modifications and removals a
 * PITR-enabled table took in each of {@code BucketCount} equal slices of a time range (default: the recovery window),
 * for drawing a timeline of writes.
 */
final class DescribeTableHistoryAction implements Action {
    private final TableCatalog catalog;
    private final PointInTimeRecovery pitr;

    DescribeTableHistoryAction(TableCatalog catalog, PointInTimeRecovery pitr) {
        this.catalog = catalog;
        this.pitr = pitr;
    }

    @Override
    public CompletableFuture<ResponseBody> handle(RequestContext context, JsonRequest request) {
        String name = request.string("TableName");
        Long bucketParam = request.number("BucketCount");
        new Validation().tableNameOrArn(name, "tableName").range(bucketParam, "bucketCount", 1, 1000).check();
        Table table = ListTableChangesAction.historyTable(catalog, context, name);
        Long fromParam = ListBackupsAction.epochMillis(request.node("StartDateTime"));
        Long toParam = ListBackupsAction.epochMillis(request.node("EndDateTime"));
        long from = fromParam != null ? fromParam : pitr.earliestRestorableMillis(table);
        long to = toParam != null ? toParam : pitr.latestRestorableMillis();
        int buckets = bucketParam == null ? 60 : bucketParam.intValue();
        long span = Math.max(1, to - from + 1);
        long[][] counts = new long[buckets][3];
        HistoryReader.read(table.store(), from, to, true, null, e -> {
            long millis = CommitClock.millisOf(e.timestamp());
            int b = (int) Math.min(buckets - 1, (millis - from) * buckets / span);
            counts[b][switch (e.eventName()) {
                case "INSERT" -> 0;
                case "MODIFY" -> 1;
                default -> 2;
            }]++;
            return true;
        });
        return Action.done(g -> {
            g.writeStartObject();
            g.writeNumberField("StartDateTime", TableDescriptionJson.epochSeconds(from));
            g.writeNumberField("EndDateTime", TableDescriptionJson.epochSeconds(to));
            g.writeArrayFieldStart("Buckets");
            for (int i = 0; i < buckets; i++) {
                g.writeStartObject();
                g.writeNumberField("StartDateTime", TableDescriptionJson.epochSeconds(from + span * i / buckets));
                g.writeNumberField("EndDateTime",
                        TableDescriptionJson.epochSeconds(from + span * (i + 1) / buckets - 1));
                g.writeNumberField("Inserts", counts[i][0]);
                g.writeNumberField("Modifies", counts[i][1]);
                g.writeNumberField("Removes", counts[i][2]);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }
}
