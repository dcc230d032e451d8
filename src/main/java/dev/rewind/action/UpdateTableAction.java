package dev.rewind.action;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;

import dev.rewind.error.DynamoException;
import dev.rewind.protocol.JsonRequest;
import dev.rewind.protocol.ResponseBody;
import dev.rewind.protocol.Validation;
import dev.rewind.storage.TableStore;
import dev.rewind.table.History;
import dev.rewind.table.Table;
import dev.rewind.table.TableCatalog;
import dev.rewind.table.TableMaintenance;
import dev.rewind.table.TableMetadata;

/**
 * UpdateTable: billing mode, throughput, global secondary index create/update/delete, stream specification,
 * deletion protection, table class, SSE. A created index is maintained by every write from the moment it is added
 * and filled from the existing items in the background (CREATING with Backfilling, then ACTIVE; the table is
 * UPDATING meanwhile). A deleted index's entries are dropped at once.
 */
final class UpdateTableAction implements Action {
    private final TableCatalog catalog;
    private final TableMaintenance maintenance;
    private final java.time.Clock clock;

    UpdateTableAction(TableCatalog catalog, TableMaintenance maintenance, java.time.Clock clock) {
        this.catalog = catalog;
        this.maintenance = maintenance;
        this.clock = clock;
    }

    @Override
    public CompletableFuture<ResponseBody> handle(RequestContext context, JsonRequest request) {
        String name = request.string("TableName");
        String billingMode = request.string("BillingMode");
        String tableClass = request.string("TableClass");
        new Validation().tableNameOrArn(name, "tableName")
                .enumValue(billingMode, "billingMode", List.of("PROVISIONED", "PAY_PER_REQUEST"))
                .enumValue(tableClass, "tableClass", List.of("STANDARD", "STANDARD_INFREQUENT_ACCESS"))
                .check();
        JsonNode throughputNode = request.object("ProvisionedThroughput");
        List<JsonNode> indexUpdates = request.list("GlobalSecondaryIndexUpdates");
        JsonNode streamNode = request.object("StreamSpecification");
        JsonNode sseNode = request.object("SSESpecification");
        Boolean deletionProtection = request.bool("DeletionProtectionEnabled");
        List<JsonNode> attributeNodes = request.list("AttributeDefinitions");
        if (billingMode == null && throughputNode == null && indexUpdates == null && streamNode == null
                && sseNode == null && deletionProtection == null && tableClass == null
                && request.node("OnDemandThroughput") == null && request.node("ReplicaUpdates") == null) {
            throw DynamoException.validation("At least one of ProvisionedThroughput, BillingMode, "
                    + "UpdateStreamEnabled, GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is "
                    + "required");
        }
        Table table = Tables.find(catalog, context, name);
        if (table == null) {
            throw DynamoException.resourceNotFound("Requested resource not found: Table: " + name + " not found");
        }
        List<String> created = new ArrayList<>();
        synchronized (table) {
            TableMetadata m = table.metadata();
            if (!"ACTIVE".equals(m.tableStatus())) {
                throw DynamoException.resourceInUse("Attempt to change a resource which is still in use: Table is "
                        + "being " + ("UPDATING".equals(m.tableStatus()) ? "updated" : "created") + ": "
                        + m.tableName());
            }
            String newBilling = billingMode != null ? billingMode : m.billingMode();
            boolean payPerRequest = "PAY_PER_REQUEST".equals(newBilling);
            TableMetadata.Throughput throughput = m.provisionedThroughput();
            if (throughputNode != null || (billingMode != null && !billingMode.equals(m.billingMode()))) {
                if (payPerRequest) {
                    CreateTableAction.throughput(throughputNode, true, "");
                    throughput = TableMetadata.Throughput.ZERO;
                } else {
                    throughput = CreateTableAction.throughput(throughputNode, false, "");
                }
            }
            List<TableMetadata.AttributeDefinition> attributes = new ArrayList<>(m.attributeDefinitions());
            if (attributeNodes != null) {
                for (TableMetadata.AttributeDefinition d : CreateTableAction.attributeDefinitions(attributeNodes)) {
                    String existing = m.attributeType(d.attributeName());
                    if (existing != null && !existing.equals(d.attributeType())) {
                        throw DynamoException.validation("One or more parameter values were invalid: Attribute "
                                + d.attributeName() + " is already defined with type " + existing);
                    }
                    if (existing == null) {
                        attributes.add(d);
                    }
                }
            }
            List<TableMetadata.IndexMetadata> gsis = new ArrayList<>(m.globalSecondaryIndexes());
            List<Integer> droppedSpaces = new ArrayList<>();
            if (indexUpdates != null) {
                applyIndexUpdates(indexUpdates, m, attributes, gsis, payPerRequest, created, droppedSpaces);
            }
            TableMetadata.StreamSettings stream = m.stream();
            if (streamNode != null) {
                stream = CreateTableAction.stream(streamNode, m.stream(), clock.millis());
            }
            TableMetadata.Sse sse = sseNode != null ? CreateTableAction.sse(sseNode, context) : m.sse();
            TableMetadata.Throughput newThroughput = throughput;
            TableMetadata.StreamSettings newStream = stream;
            TableMetadata updated = m.with(b -> {
                b.billingMode = newBilling;
                b.provisionedThroughput = newThroughput;
                b.attributeDefinitions = attributes;
                b.globalSecondaryIndexes = gsis;
                b.stream = newStream;
                b.sse = sse;
                if (deletionProtection != null) {
                    b.deletionProtectionEnabled = deletionProtection;
                }
                if (tableClass != null) {
                    b.tableClass = tableClass;
                }
                if (!created.isEmpty()) {
                    b.tableStatus = "UPDATING";
                }
            });
            catalog.update(table, updated);
            for (int space : droppedSpaces) {
                table.store().deleteSpace(space);
            }
        }
        for (String index : created) {
            maintenance.backfill(table, index);
        }
        return Action.done(g -> {
            g.writeStartObject();
            g.writeFieldName("TableDescription");
            TableDescriptionJson.write(g, table, null);
            g.writeEndObject();
        });
    }

    private static void applyIndexUpdates(List<JsonNode> updates, TableMetadata m,
            List<TableMetadata.AttributeDefinition> attributes, List<TableMetadata.IndexMetadata> gsis,
            boolean payPerRequest, List<String> created, List<Integer> droppedSpaces) {
        int structural = 0;
        Set<String> defined = new HashSet<>();
        attributes.forEach(a -> defined.add(a.attributeName()));
        for (JsonNode u : updates) {
            JsonNode create = JsonRequest.object(u, "Create");
            JsonNode update = JsonRequest.object(u, "Update");
            JsonNode delete = JsonRequest.object(u, "Delete");
            if ((create != null ? 1 : 0) + (update != null ? 1 : 0) + (delete != null ? 1 : 0) != 1) {
                throw DynamoException.validation("One or more parameter values were invalid: One of GlobalSecondary"
                        + "IndexUpdate.Create, Update or Delete must be specified");
            }
            if (create != null) {
                structural++;
                Set<String> names = new HashSet<>();
                gsis.forEach(i -> names.add(i.indexName()));
                m.localSecondaryIndexes().forEach(i -> names.add(i.indexName()));
                String indexName = JsonRequest.string(create, "IndexName");
                if (indexName != null && names.contains(indexName)) {
                    throw DynamoException.validation("One or more parameter values were invalid: Index already "
                            + "exists: " + indexName);
                }
                if (gsis.size() >= CreateTableAction.MAX_GSI) {
                    throw new DynamoException(dev.rewind.error.ErrorCode.LIMIT_EXCEEDED, "Subscriber limit "
                            + "exceeded: The number of global secondary indexes per table is limited to "
                            + CreateTableAction.MAX_GSI);
                }
                TableMetadata.IndexMetadata index = CreateTableAction.index(create, nextSpace(m, gsis), defined,
                        attributes, names, payPerRequest, false);
                gsis.add(new TableMetadata.IndexMetadata(index.indexName(), index.space(), index.keySchema(),
                        index.projection(), index.provisionedThroughput(), "CREATING"));
                created.add(index.indexName());
            } else if (update != null) {
                String indexName = JsonRequest.string(update, "IndexName");
                int at = find(gsis, indexName);
                TableMetadata.IndexMetadata i = gsis.get(at);
                TableMetadata.Throughput tp = payPerRequest ? TableMetadata.Throughput.ZERO
                        : CreateTableAction.throughput(JsonRequest.object(update, "ProvisionedThroughput"), false,
                                "globalSecondaryIndexUpdates.member.update.");
                gsis.set(at, new TableMetadata.IndexMetadata(i.indexName(), i.space(), i.keySchema(),
                        i.projection(), tp, i.indexStatus()));
            } else {
                structural++;
                int at = find(gsis, JsonRequest.string(delete, "IndexName"));
                droppedSpaces.add(gsis.remove(at).space());
            }
        }
        if (structural > 1) {
            throw DynamoException.validation("One or more parameter values were invalid: Only 1 online index can "
                    + "be created or deleted simultaneously per table");
        }
    }

    private static int find(List<TableMetadata.IndexMetadata> gsis, String name) {
        for (int i = 0; i < gsis.size(); i++) {
            if (gsis.get(i).indexName().equals(name)) {
                return i;
            }
        }
        throw DynamoException.resourceNotFound("Requested resource not found: Index: " + name + " not found");
    }

    /** A storage space no live index uses (spaces of dropped indexes are emptied first, so reuse is safe). */
    private static int nextSpace(TableMetadata m, List<TableMetadata.IndexMetadata> gsis) {
        Set<Integer> used = new HashSet<>();
        m.localSecondaryIndexes().forEach(i -> used.add(i.space()));
        gsis.forEach(i -> used.add(i.space()));
        for (int s = 1; s < History.SPACE; s++) {
            if (!used.contains(s) && s != TableStore.TABLE_SPACE) {
                return s;
            }
        }
        throw new IllegalStateException("no free index space");
    }
}
