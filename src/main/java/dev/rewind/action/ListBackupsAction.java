package dev.rewind.action;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;

import dev.rewind.backup.BackupMetadata;
import dev.rewind.backup.BackupService;
import dev.rewind.error.DynamoException;
import dev.rewind.protocol.JsonRequest;
import dev.rewind.protocol.ResponseBody;
import dev.rewind.protocol.Validation;
import dev.rewind.table.Table;
import dev.rewind.table.TableCatalog;

/**
 * ListBackups of the caller's Region, oldest first: by TableName, creation time range (lower bound inclusive, upper
 * exclusive), BackupType (USER by default, SYSTEM, AWS_BACKUP, ALL), with Limit and ExclusiveStartBackupArn paging.
 */
final class ListBackupsAction implements Action {
    private final TableCatalog catalog;
    private final BackupService backups;

    ListBackupsAction(TableCatalog catalog, BackupService backups) {
        this.catalog = catalog;
        this.backups = backups;
    }

    @Override
    public CompletableFuture<ResponseBody> handle(RequestContext context, JsonRequest request) {
        String tableName = request.string("TableName");
        Long limitParam = request.number("Limit");
        String backupType = request.string("BackupType");
        String start = request.string("ExclusiveStartBackupArn");
        Validation v = new Validation().range(limitParam, "limit", 1, 100)
                .enumValue(backupType, "backupType", List.of("USER", "SYSTEM", "AWS_BACKUP", "ALL"));
        if (tableName != null) {
            v.tableNameOrArn(tableName, "tableName");
        }
        v.check();
        Long lower = epochMillis(request.node("TimeRangeLowerBound"));
        Long upper = epochMillis(request.node("TimeRangeUpperBound"));
        if (lower != null && upper != null && lower > upper) {
            throw DynamoException.validation("TimeRangeUpperBound must be greater than or equal to "
                    + "TimeRangeLowerBound");
        }
        String type = backupType == null ? "USER" : backupType;
        String tableFilter = tableName;
        if (tableName != null && tableName.startsWith("arn:")) {
            Table t = Tables.find(catalog, context, tableName);
            tableFilter = t == null ? tableName.substring(tableName.lastIndexOf('/') + 1) : t.metadata().tableName();
        }
        List<BackupMetadata> matching = new ArrayList<>();
        for (BackupMetadata b : backups.catalog().list(context.accountId(), context.region())) {
            if (tableFilter != null && !b.source().tableName().equals(tableFilter)) {
                continue;
            }
            if (!type.equals("ALL") && !b.backupType().equals(type)) {
                continue;
            }
            if (lower != null && b.creationMillis() < lower) {
                continue;
            }
            if (upper != null && b.creationMillis() >= upper) {
                continue;
            }
            matching.add(b);
        }
        int from = 0;
        if (start != null) {
            from = matching.size();
            for (int i = 0; i < matching.size(); i++) {
                if (matching.get(i).backupArn().equals(start)) {
                    from = i + 1;
                    break;
                }
            }
        }
        int limit = limitParam == null ? 100 : limitParam.intValue();
        int to = Math.min(matching.size(), from + limit);
        List<BackupMetadata> page = matching.subList(from, to);
        boolean more = to < matching.size();
        return Action.done(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("BackupSummaries");
            for (BackupMetadata b : page) {
                BackupDescriptionJson.writeSummary(g, b);
            }
            g.writeEndArray();
            if (more && !page.isEmpty()) {
                g.writeStringField("LastEvaluatedBackupArn", page.get(page.size() - 1).backupArn());
            }
            g.writeEndObject();
        });
    }

    /** A timestamp member: epoch seconds (the SDKs' wire form), possibly fractional. */
    static Long epochMillis(JsonNode n) {
        if (n == null) {
            return null;
        }
        if (n.isNumber()) {
            return n.decimalValue().movePointRight(3).setScale(0, java.math.RoundingMode.FLOOR).longValueExact();
        }
        if (n.isTextual()) {
            try {
                return new BigDecimal(n.textValue()).movePointRight(3)
                        .setScale(0, java.math.RoundingMode.FLOOR).longValueExact();
            } catch (NumberFormatException | ArithmeticException e) {
                try {
                    return java.time.OffsetDateTime.parse(n.textValue()).toInstant().toEpochMilli();
                } catch (java.time.format.DateTimeParseException e2) {
                    throw DynamoException.serialization("Invalid timestamp: " + n.textValue());
                }
            }
        }
        throw DynamoException.serialization("Unexpected value type in payload");
    }
}
