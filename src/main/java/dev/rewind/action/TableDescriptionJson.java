package dev.rewind.action;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;

import dev.rewind.storage.TableStore;
import dev.rewind.table.Table;
import dev.rewind.table.TableMetadata;

/** Writes a TableDescription with the members real DynamoDB returns. */
final class TableDescriptionJson {
    private TableDescriptionJson() {
    }

    static void write(JsonGenerator g, Table table, String statusOverride) throws IOException {
        TableMetadata m = table.metadata();
        boolean live = table.store() != null && (statusOverride == null || !statusOverride.equals("DELETING"));
        TableStore.SpaceStats stats = live ? table.store().stats(TableStore.TABLE_SPACE)
                : new TableStore.SpaceStats(0, 0);
        g.writeStartObject();
        g.writeArrayFieldStart("AttributeDefinitions");
        for (TableMetadata.AttributeDefinition d : m.attributeDefinitions()) {
            g.writeStartObject();
            g.writeStringField("AttributeName", d.attributeName());
            g.writeStringField("AttributeType", d.attributeType());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeStringField("TableName", m.tableName());
        writeKeySchema(g, m.keySchema());
        g.writeStringField("TableStatus", statusOverride != null ? statusOverride : m.tableStatus());
        g.writeNumberField("CreationDateTime", epochSeconds(m.creationDateTimeMillis()));
        writeThroughput(g, m.provisionedThroughput());
        g.writeNumberField("TableSizeBytes", stats.sizeBytes());
        g.writeNumberField("ItemCount", stats.itemCount());
        g.writeStringField("TableArn", m.tableArn());
        g.writeStringField("TableId", m.tableId());
        g.writeObjectFieldStart("BillingModeSummary");
        g.writeStringField("BillingMode", m.billingMode());
        if ("PAY_PER_REQUEST".equals(m.billingMode())) {
            g.writeNumberField("LastUpdateToPayPerRequestDateTime", epochSeconds(m.creationDateTimeMillis()));
        }
        g.writeEndObject();
        if (!m.localSecondaryIndexes().isEmpty()) {
            g.writeArrayFieldStart("LocalSecondaryIndexes");
            for (TableMetadata.IndexMetadata i : m.localSecondaryIndexes()) {
                writeIndex(g, table, i, false, live);
            }
            g.writeEndArray();
        }
        if (!m.globalSecondaryIndexes().isEmpty()) {
            g.writeArrayFieldStart("GlobalSecondaryIndexes");
            for (TableMetadata.IndexMetadata i : m.globalSecondaryIndexes()) {
                writeIndex(g, table, i, true, live);
            }
            g.writeEndArray();
        }
        if (m.stream() != null) {
            g.writeObjectFieldStart("StreamSpecification");
            g.writeBooleanField("StreamEnabled", m.stream().enabled());
            if (m.stream().enabled()) {
                g.writeStringField("StreamViewType", m.stream().viewType());
            }
            g.writeEndObject();
            g.writeStringField("LatestStreamLabel", m.stream().label());
            g.writeStringField("LatestStreamArn", m.tableArn() + "/stream/" + m.stream().label());
        }
        if (m.restoreSummary() != null) {
            TableMetadata.RestoreSummary r = m.restoreSummary();
            g.writeObjectFieldStart("RestoreSummary");
            if (r.sourceBackupArn() != null) {
                g.writeStringField("SourceBackupArn", r.sourceBackupArn());
            }
            if (r.sourceTableArn() != null) {
                g.writeStringField("SourceTableArn", r.sourceTableArn());
            }
            g.writeNumberField("RestoreDateTime", epochSeconds(r.restoreDateTimeMillis()));
            g.writeBooleanField("RestoreInProgress", r.restoreInProgress());
            g.writeEndObject();
        }
        if (m.sse() != null && m.sse().enabled()) {
            g.writeObjectFieldStart("SSEDescription");
            g.writeStringField("Status", "ENABLED");
            g.writeStringField("SSEType", "KMS");
            g.writeStringField("KMSMasterKeyArn", m.sse().kmsMasterKeyArn());
            g.writeEndObject();
        }
        g.writeObjectFieldStart("TableClassSummary");
        g.writeStringField("TableClass", m.tableClass());
        g.writeEndObject();
        g.writeBooleanField("DeletionProtectionEnabled", m.deletionProtectionEnabled());
        g.writeEndObject();
    }

    private static void writeIndex(JsonGenerator g, Table table, TableMetadata.IndexMetadata i, boolean global,
            boolean live) throws IOException {
        TableStore.SpaceStats stats = live ? table.store().stats(i.space()) : new TableStore.SpaceStats(0, 0);
        g.writeStartObject();
        g.writeStringField("IndexName", i.indexName());
        writeKeySchema(g, i.keySchema());
        writeProjection(g, i.projection());
        if (global) {
            g.writeStringField("IndexStatus", i.indexStatus());
            if ("CREATING".equals(i.indexStatus())) {
                g.writeBooleanField("Backfilling", true);
            }
            writeThroughput(g, i.provisionedThroughput());
        }
        g.writeNumberField("IndexSizeBytes", stats.sizeBytes());
        g.writeNumberField("ItemCount", stats.itemCount());
        g.writeStringField("IndexArn", table.metadata().indexArn(i.indexName()));
        g.writeEndObject();
    }

    /** An index's Projection: ProjectionType, and NonKeyAttributes when there are any. */
    static void writeProjection(JsonGenerator g, TableMetadata.Projection projection) throws IOException {
        g.writeObjectFieldStart("Projection");
        g.writeStringField("ProjectionType", projection.projectionType());
        if (projection.nonKeyAttributes() != null && !projection.nonKeyAttributes().isEmpty()) {
            g.writeArrayFieldStart("NonKeyAttributes");
            for (String a : projection.nonKeyAttributes()) {
                g.writeString(a);
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    static void writeKeySchema(JsonGenerator g, List<TableMetadata.KeyElement> schema) throws IOException {
        g.writeArrayFieldStart("KeySchema");
        for (TableMetadata.KeyElement k : schema) {
            g.writeStartObject();
            g.writeStringField("AttributeName", k.attributeName());
            g.writeStringField("KeyType", k.keyType());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    static void writeThroughput(JsonGenerator g, TableMetadata.Throughput t) throws IOException {
        TableMetadata.Throughput tp = t == null ? TableMetadata.Throughput.ZERO : t;
        g.writeObjectFieldStart("ProvisionedThroughput");
        g.writeNumberField("NumberOfDecreasesToday", 0);
        g.writeNumberField("ReadCapacityUnits", tp.readCapacityUnits());
        g.writeNumberField("WriteCapacityUnits", tp.writeCapacityUnits());
        g.writeEndObject();
    }

    static java.math.BigDecimal epochSeconds(long millis) {
        return java.math.BigDecimal.valueOf(millis, 3);
    }
}
