package dev.rewind.action;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import dev.rewind.error.DynamoException;
import dev.rewind.protocol.JsonRequest;
import dev.rewind.protocol.Validation;
import dev.rewind.table.TableMetadata;

/**
 * The definition of a restored table: the source's, changed by the overrides RestoreTableFromBackup and
 * RestoreTableToPointInTime share (BillingModeOverride, ProvisionedThroughputOverride, OnDemandThroughputOverride,
 * GlobalSecondaryIndexOverride, LocalSecondaryIndexOverride, SSESpecificationOverride). As on AWS the restored
 * table is STANDARD class without tags, TTL, streams, PITR or deletion protection; index overrides may keep all,
 * some or none of the source's indexes and change their projection or throughput, never add one.
 */
final class RestoreOverrides {
    private RestoreOverrides() {
    }

    static TableMetadata targetTable(RequestContext context, JsonRequest request, TableMetadata source,
            String targetName, TableMetadata.RestoreSummary summary, long nowMillis) {
        String billingOverride = request.string("BillingModeOverride");
        new Validation().enumValue(billingOverride, "billingModeOverride", List.of("PROVISIONED", "PAY_PER_REQUEST"))
                .check();
        String billingMode = billingOverride != null ? billingOverride : source.billingMode();
        boolean payPerRequest = "PAY_PER_REQUEST".equals(billingMode);
        JsonNode throughputNode = request.object("ProvisionedThroughputOverride");
        TableMetadata.Throughput throughput;
        if (payPerRequest) {
            if (throughputNode != null) {
                throw DynamoException.validation("One or more parameter values were invalid: Neither "
                        + "ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is "
                        + "PAY_PER_REQUEST");
            }
            throughput = TableMetadata.Throughput.ZERO;
        } else if (throughputNode != null) {
            throughput = CreateTableAction.throughput(throughputNode, false, "");
        } else if ("PROVISIONED".equals(source.billingMode())) {
            throughput = source.provisionedThroughput();
        } else {
            throw DynamoException.validation("One or more parameter values were invalid: "
                    + "ProvisionedThroughputOverride must be specified when BillingModeOverride is PROVISIONED "
                    + "for a table whose source billing mode is PAY_PER_REQUEST");
        }
        List<TableMetadata.IndexMetadata> gsis = indexes(request.list("GlobalSecondaryIndexOverride"),
                source.globalSecondaryIndexes(), source, true, payPerRequest, "globalSecondaryIndexOverride");
        List<TableMetadata.IndexMetadata> lsis = indexes(request.list("LocalSecondaryIndexOverride"),
                source.localSecondaryIndexes(), source, false, payPerRequest, "localSecondaryIndexOverride");
        if (!payPerRequest && request.list("GlobalSecondaryIndexOverride") == null) {
            // keep the source's index throughput; from on-demand, indexes take the table's
            List<TableMetadata.IndexMetadata> adjusted = new ArrayList<>();
            for (TableMetadata.IndexMetadata i : gsis) {
                TableMetadata.Throughput tp = i.provisionedThroughput() == null
                        || i.provisionedThroughput().readCapacityUnits() == 0 ? throughput : i.provisionedThroughput();
                adjusted.add(new TableMetadata.IndexMetadata(i.indexName(), i.space(), i.keySchema(), i.projection(),
                        tp, "ACTIVE"));
            }
            gsis = adjusted;
        }
        JsonNode sseNode = request.object("SSESpecificationOverride");
        boolean crossRegion = !context.region().equals(source.region());
        if (crossRegion && sseNode == null && summary.sourceBackupArn() != null) {
            throw DynamoException.validation("One or more parameter values were invalid: SSESpecificationOverride "
                    + "is required for a cross-Region restore");
        }
        TableMetadata.Sse sse = sseNode != null ? CreateTableAction.sse(sseNode, context)
                : crossRegion ? new TableMetadata.Sse(false, null, null) : source.sse();
        String tableId = UUID.randomUUID().toString();
        return new TableMetadata(context.accountId(), context.region(), targetName, tableId, tableId,
                source.keySchema(), usedAttributes(source, gsis, lsis), gsis, lsis, billingMode, throughput, sse,
                "STANDARD", false, List.of(), nowMillis, "CREATING", summary, null, null, null);
    }

    private static List<TableMetadata.IndexMetadata> indexes(List<JsonNode> overrides,
            List<TableMetadata.IndexMetadata> sourceIndexes, TableMetadata source, boolean global,
            boolean payPerRequest, String member) {
        List<TableMetadata.IndexMetadata> out = new ArrayList<>();
        if (overrides == null) {
            for (TableMetadata.IndexMetadata i : sourceIndexes) {
                out.add(new TableMetadata.IndexMetadata(i.indexName(), i.space(), i.keySchema(), i.projection(),
                        payPerRequest ? TableMetadata.Throughput.ZERO : i.provisionedThroughput(), "ACTIVE"));
            }
            return out;
        }
        Map<String, TableMetadata.IndexMetadata> byName = new LinkedHashMap<>();
        sourceIndexes.forEach(i -> byName.put(i.indexName(), i));
        Set<String> seen = new HashSet<>();
        Set<String> defined = new HashSet<>();
        source.attributeDefinitions().forEach(d -> defined.add(d.attributeName()));
        for (JsonNode n : overrides) {
            TableMetadata.IndexMetadata requested = CreateTableAction.index(n, 0, defined,
                    source.attributeDefinitions(), seen, payPerRequest, !global);
            TableMetadata.IndexMetadata original = byName.get(requested.indexName());
            if (original == null || !original.keySchema().equals(requested.keySchema())) {
                throw DynamoException.validation("One or more parameter values were invalid: "
                        + (global ? "GlobalSecondaryIndexOverride" : "LocalSecondaryIndexOverride")
                        + " contains index " + requested.indexName() + " that does not match an index of the "
                        + "source table; indexes can be kept, dropped or re-projected on restore, not added");
            }
            out.add(new TableMetadata.IndexMetadata(original.indexName(), original.space(), original.keySchema(),
                    requested.projection(), requested.provisionedThroughput(), "ACTIVE"));
        }
        return out;
    }

    private static List<TableMetadata.AttributeDefinition> usedAttributes(TableMetadata source,
            List<TableMetadata.IndexMetadata> gsis, List<TableMetadata.IndexMetadata> lsis) {
        Set<String> used = new HashSet<>();
        source.keySchema().forEach(k -> used.add(k.attributeName()));
        gsis.forEach(i -> i.keySchema().forEach(k -> used.add(k.attributeName())));
        lsis.forEach(i -> i.keySchema().forEach(k -> used.add(k.attributeName())));
        List<TableMetadata.AttributeDefinition> out = new ArrayList<>();
        for (TableMetadata.AttributeDefinition d : source.attributeDefinitions()) {
            if (used.contains(d.attributeName())) {
                out.add(d);
            }
        }
        return out;
    }
}
