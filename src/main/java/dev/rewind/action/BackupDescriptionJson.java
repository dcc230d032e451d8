package dev.rewind.action;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;

import dev.rewind.backup.BackupMetadata;
import dev.rewind.table.TableMetadata;

/** BackupDetails, BackupSummary and BackupDescription as DynamoDB writes them. */
final class BackupDescriptionJson {
    private BackupDescriptionJson() {
    }

    static void writeDetails(JsonGenerator g, BackupMetadata b) throws IOException {
        g.writeStartObject();
        g.writeStringField("BackupArn", b.backupArn());
        g.writeStringField("BackupName", b.backupName());
        g.writeNumberField("BackupSizeBytes", b.sizeBytes());
        g.writeStringField("BackupStatus", b.backupStatus());
        g.writeStringField("BackupType", b.backupType());
        g.writeNumberField("BackupCreationDateTime", TableDescriptionJson.epochSeconds(b.creationMillis()));
        if (b.expiryMillis() != null) {
            g.writeNumberField("BackupExpiryDateTime", TableDescriptionJson.epochSeconds(b.expiryMillis()));
        }
        g.writeEndObject();
    }

    static void writeSummary(JsonGenerator g, BackupMetadata b) throws IOException {
        TableMetadata t = b.source();
        g.writeStartObject();
        g.writeStringField("TableName", t.tableName());
        g.writeStringField("TableId", t.tableId());
        g.writeStringField("TableArn", t.tableArn());
        g.writeStringField("BackupArn", b.backupArn());
        g.writeStringField("BackupName", b.backupName());
        g.writeNumberField("BackupCreationDateTime", TableDescriptionJson.epochSeconds(b.creationMillis()));
        if (b.expiryMillis() != null) {
            g.writeNumberField("BackupExpiryDateTime", TableDescriptionJson.epochSeconds(b.expiryMillis()));
        }
        g.writeStringField("BackupStatus", b.backupStatus());
        g.writeStringField("BackupType", b.backupType());
        g.writeNumberField("BackupSizeBytes", b.sizeBytes());
        g.writeEndObject();
    }

    static void writeDescription(JsonGenerator g, BackupMetadata b) throws IOException {
        TableMetadata t = b.source();
        g.writeStartObject();
        g.writeFieldName("BackupDetails");
        writeDetails(g, b);
        g.writeObjectFieldStart("SourceTableDetails");
        g.writeStringField("TableName", t.tableName());
        g.writeStringField("TableId", t.tableId());
        g.writeStringField("TableArn", t.tableArn());
        g.writeNumberField("TableSizeBytes", b.sizeBytes());
        TableDescriptionJson.writeKeySchema(g, t.keySchema());
        g.writeNumberField("TableCreationDateTime", TableDescriptionJson.epochSeconds(t.creationDateTimeMillis()));
        TableMetadata.Throughput tp = t.provisionedThroughput() == null ? TableMetadata.Throughput.ZERO
                : t.provisionedThroughput();
        g.writeObjectFieldStart("ProvisionedThroughput");
        g.writeNumberField("ReadCapacityUnits", tp.readCapacityUnits());
        g.writeNumberField("WriteCapacityUnits", tp.writeCapacityUnits());
        g.writeEndObject();
        g.writeNumberField("ItemCount", b.itemCount());
        g.writeStringField("BillingMode", t.billingMode());
        g.writeEndObject();
        g.writeObjectFieldStart("SourceTableFeatureDetails");
        if (!t.localSecondaryIndexes().isEmpty()) {
            g.writeArrayFieldStart("LocalSecondaryIndexes");
            for (TableMetadata.IndexMetadata i : t.localSecondaryIndexes()) {
                writeIndexInfo(g, i, false);
            }
            g.writeEndArray();
        }
        if (!t.globalSecondaryIndexes().isEmpty()) {
            g.writeArrayFieldStart("GlobalSecondaryIndexes");
            for (TableMetadata.IndexMetadata i : t.globalSecondaryIndexes()) {
                writeIndexInfo(g, i, true);
            }
            g.writeEndArray();
        }
        g.writeObjectFieldStart("TimeToLiveDescription");
        g.writeStringField("TimeToLiveStatus", "DISABLED");
        g.writeEndObject();
        if (t.sse() != null && t.sse().enabled()) {
            g.writeObjectFieldStart("SSEDescription");
            g.writeStringField("Status", "ENABLED");
            g.writeStringField("SSEType", "KMS");
            g.writeStringField("KMSMasterKeyArn", t.sse().kmsMasterKeyArn());
            g.writeEndObject();
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void writeIndexInfo(JsonGenerator g, TableMetadata.IndexMetadata i, boolean global)
            throws IOException {
        g.writeStartObject();
        g.writeStringField("IndexName", i.indexName());
        TableDescriptionJson.writeKeySchema(g, i.keySchema());
        TableDescriptionJson.writeProjection(g, i.projection());
        if (global) {
            TableMetadata.Throughput tp = i.provisionedThroughput() == null ? TableMetadata.Throughput.ZERO
                    : i.provisionedThroughput();
            g.writeObjectFieldStart("ProvisionedThroughput");
            g.writeNumberField("ReadCapacityUnits", tp.readCapacityUnits());
            g.writeNumberField("WriteCapacityUnits", tp.writeCapacityUnits());
            g.writeEndObject();
        }
        g.writeEndObject();
    }
}
