package dev.rewind.action;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;

import dev.rewind.error.DynamoException;
import dev.rewind.protocol.JsonRequest;
import dev.rewind.protocol.ResponseBody;
import dev.rewind.protocol.Validation;
import dev.rewind.table.Table;
import dev.rewind.table.TableCatalog;
import dev.rewind.table.TableMetadata;

/** CreateTable: validates the schema as DynamoDB does, then creates the table ACTIVE at once. */
final class CreateTableAction implements Action {
    static final int MAX_GSI = 20;
    static final int MAX_LSI = 5;
    private static final List<String> KEY_TYPES = List.of("HASH", "RANGE");
    private static final List<String> SCALAR_TYPES = List.of("B", "N", "S");
    private static final List<String> BILLING_MODES = List.of("PROVISIONED", "PAY_PER_REQUEST");
    private static final List<String> PROJECTION_TYPES = List.of("ALL", "KEYS_ONLY", "INCLUDE");
    private static final List<String> TABLE_CLASSES = List.of("STANDARD", "STANDARD_INFREQUENT_ACCESS");

    private final TableCatalog catalog;
    private final Clock clock;

    CreateTableAction(TableCatalog catalog, Clock clock) {
        this.catalog = catalog;
        this.clock = clock;
    }

    @Override
    public CompletableFuture<ResponseBody> handle(RequestContext context, JsonRequest request) {
        String tableName = request.string("TableName");
        List<JsonNode> keySchemaNodes = request.list("KeySchema");
        List<JsonNode> attributeNodes = request.list("AttributeDefinitions");
        String billingMode = request.string("BillingMode");
        new Validation()
                .tableName(tableName, "tableName")
                .notNull(keySchemaNodes, "keySchema")
                .notNull(attributeNodes, "attributeDefinitions")
                .enumValue(billingMode, "billingMode", BILLING_MODES)
                .enumValue(request.string("TableClass"), "tableClass", TABLE_CLASSES)
                .check();
        List<TableMetadata.AttributeDefinition> attributes = attributeDefinitions(attributeNodes);
        List<TableMetadata.KeyElement> keySchema = keySchema(keySchemaNodes, "keySchema");
        Set<String> defined = new LinkedHashSet<>();
        for (TableMetadata.AttributeDefinition a : attributes) {
            if (!defined.add(a.attributeName())) {
                throw DynamoException.validation("Cannot have two attributes with the same name");
            }
        }
        Set<String> used = new HashSet<>();
        checkDefined(keySchema, defined, attributes);
        keySchema.forEach(k -> used.add(k.attributeName()));

        boolean payPerRequest = "PAY_PER_REQUEST".equals(billingMode);
        TableMetadata.Throughput throughput = throughput(request.object("ProvisionedThroughput"), payPerRequest, "");

        List<TableMetadata.IndexMetadata> lsis = new ArrayList<>();
        List<TableMetadata.IndexMetadata> gsis = new ArrayList<>();
        Set<String> indexNames = new HashSet<>();
        int space = 1;
        List<JsonNode> lsiNodes = request.list("LocalSecondaryIndexes");
        if (lsiNodes != null) {
            if (lsiNodes.isEmpty()) {
                throw DynamoException.validation("One or more parameter values were invalid: List of "
                        + "LocalSecondaryIndexes is empty");
            }
            if (keySchema.size() < 2) {
                throw DynamoException.validation("One or more parameter values were invalid: Table KeySchema does "
                        + "not have a range key, which is required when specifying a LocalSecondaryIndex");
            }
            if (lsiNodes.size() > MAX_LSI) {
                throw DynamoException.validation("One or more parameter values were invalid: Number of "
                        + "LocalSecondaryIndexes exceeds per-table limit of " + MAX_LSI);
            }
            for (JsonNode n : lsiNodes) {
                TableMetadata.IndexMetadata lsi = index(n, space++, defined, attributes, indexNames, false, true);
                if (lsi.keySchema().size() != 2) {
                    throw DynamoException.validation("One or more parameter values were invalid: Index KeySchema "
                            + "does not have a range key for index: " + lsi.indexName());
                }
                if (!lsi.keySchema().get(0).attributeName().equals(keySchema.get(0).attributeName())) {
                    throw DynamoException.validation("One or more parameter values were invalid: Index KeySchema "
                            + "does not have the same leading hash key as table KeySchema for index: "
                            + lsi.indexName() + ". index hash key: " + lsi.keySchema().get(0).attributeName()
                            + ", table hash key: " + keySchema.get(0).attributeName());
                }
                lsi.keySchema().forEach(k -> used.add(k.attributeName()));
                lsis.add(lsi);
            }
        }
        List<JsonNode> gsiNodes = request.list("GlobalSecondaryIndexes");
        if (gsiNodes != null) {
            if (gsiNodes.isEmpty()) {
                throw DynamoException.validation("One or more parameter values were invalid: List of "
                        + "GlobalSecondaryIndexes is empty");
            }
            if (gsiNodes.size() > MAX_GSI) {
                throw DynamoException.validation("One or more parameter values were invalid: GlobalSecondaryIndex "
                        + "count exceeds the per-table limit of " + MAX_GSI);
            }
            for (JsonNode n : gsiNodes) {
                TableMetadata.IndexMetadata gsi = index(n, space++, defined, attributes, indexNames, payPerRequest,
                        false);
                gsi.keySchema().forEach(k -> used.add(k.attributeName()));
                gsis.add(gsi);
            }
        }
        if (!used.containsAll(defined) || used.size() != defined.size()) {
            throw DynamoException.validation("One or more parameter values were invalid: Number of attributes in "
                    + "KeySchema does not exactly match number of attributes defined in AttributeDefinitions");
        }
        TableMetadata.Sse sse = sse(request.object("SSESpecification"), context);
        Boolean deletionProtection = request.bool("DeletionProtectionEnabled");
        JsonNode streamNode = request.object("StreamSpecification");
        List<TableMetadata.Tag> tags = tags(request.list("Tags"));
        String tableId = catalog.newTableId();
        TableMetadata metadata = new TableMetadata(context.accountId(), context.region(), tableName, tableId,
                tableId, keySchema, attributes, gsis, lsis, payPerRequest ? "PAY_PER_REQUEST" : "PROVISIONED",
                throughput, sse,
                request.string("TableClass") == null ? "STANDARD" : request.string("TableClass"),
                deletionProtection != null && deletionProtection, tags, clock.millis(), "ACTIVE", null, null, null,
                streamNode == null ? null : stream(streamNode, null, clock.millis()));
        Table table = catalog.create(metadata);
        return Action.done(g -> {
            g.writeStartObject();
            g.writeFieldName("TableDescription");
            TableDescriptionJson.write(g, table, null);
            g.writeEndObject();
        });
    }

    static List<TableMetadata.AttributeDefinition> attributeDefinitions(List<JsonNode> nodes) {
        List<TableMetadata.AttributeDefinition> out = new ArrayList<>();
        Validation v = new Validation();
        int i = 1;
        for (JsonNode n : nodes) {
            String name = JsonRequest.string(n, "AttributeName");
            String type = JsonRequest.string(n, "AttributeType");
            v.notNull(name, "attributeDefinitions." + i + ".member.attributeName");
            v.notNull(type, "attributeDefinitions." + i + ".member.attributeType");
            v.enumValue(type, "attributeDefinitions." + i + ".member.attributeType", SCALAR_TYPES);
            out.add(new TableMetadata.AttributeDefinition(name, type));
            i++;
        }
        v.check();
        return out;
    }

    static List<TableMetadata.KeyElement> keySchema(List<JsonNode> nodes, String member) {
        return keySchema(nodes, member, false);
    }

    /** The most partition or sort key attributes of a multi-attribute GSI key (DynamoDB, November 2025). */
    static final int MAX_MULTI_KEY_ATTRIBUTES = 4;

    /**
     * A KeySchema; {@code multiAttribute} for a global secondary index, whose partition and sort keys may each have
     * up to four attributes, all HASH elements first.
     */
    static List<TableMetadata.KeyElement> keySchema(List<JsonNode> nodes, String member, boolean multiAttribute) {
        Validation v = new Validation();
        List<TableMetadata.KeyElement> out = new ArrayList<>();
        int i = 1;
        for (JsonNode n : nodes) {
            String name = JsonRequest.string(n, "AttributeName");
            String type = JsonRequest.string(n, "KeyType");
            v.notNull(name, member + "." + i + ".member.attributeName");
            v.notNull(type, member + "." + i + ".member.keyType");
            v.enumValue(type, member + "." + i + ".member.keyType", KEY_TYPES);
            if (name != null && name.length() > 255) {
                v.add("Value '" + name + "' at '" + member + "." + i + ".member.attributeName' failed to satisfy "
                        + "constraint: Member must have length less than or equal to 255");
            }
            out.add(new TableMetadata.KeyElement(name, type));
            i++;
        }
        int maxElements = multiAttribute ? 2 * MAX_MULTI_KEY_ATTRIBUTES : 2;
        if (nodes.isEmpty() || nodes.size() > maxElements) {
            v.add("Value '" + describe(out) + "' at '" + member + "' failed to satisfy constraint: Member must have "
                    + (nodes.isEmpty() ? "length greater than or equal to 1"
                            : "length less than or equal to " + maxElements));
        }
        v.check();
        long hashElements = out.stream().filter(k -> "HASH".equals(k.keyType())).count();
        if (multiAttribute && (hashElements > 1 || out.size() - hashElements > 1)) {
            return multiAttributeKeySchema(out);
        }
        if (!"HASH".equals(out.get(0).keyType())) {
            throw DynamoException.validation("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
        }
        if (out.size() == 2) {
            if (out.get(0).attributeName().equals(out.get(1).attributeName())) {
                throw DynamoException.validation("Both the Hash Key and the Range Key element in the KeySchema have "
                        + "the same name");
            }
            if (!"RANGE".equals(out.get(1).keyType())) {
                throw DynamoException.validation("Invalid KeySchema: The second KeySchemaElement is not a RANGE key "
                        + "type");
            }
        }
        return out;
    }

    private static List<TableMetadata.KeyElement> multiAttributeKeySchema(List<TableMetadata.KeyElement> keys) {
        if (!"HASH".equals(keys.get(0).keyType())) {
            throw DynamoException.validation("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
        }
        int hash = 0;
        int range = 0;
        java.util.Set<String> names = new java.util.HashSet<>();
        for (TableMetadata.KeyElement k : keys) {
            if (!names.add(k.attributeName())) {
                throw DynamoException.validation("Invalid KeySchema: Some index key attributes are duplicated: "
                        + k.attributeName());
            }
            if ("HASH".equals(k.keyType())) {
                if (range > 0) {
                    throw DynamoException.validation("Invalid KeySchema: HASH key elements must come before RANGE "
                            + "key elements");
                }
                hash++;
            } else {
                range++;
            }
        }
        if (hash > MAX_MULTI_KEY_ATTRIBUTES || range > MAX_MULTI_KEY_ATTRIBUTES) {
            throw DynamoException.validation("Invalid KeySchema: A key schema may have at most "
                    + MAX_MULTI_KEY_ATTRIBUTES + " HASH and " + MAX_MULTI_KEY_ATTRIBUTES + " RANGE key elements");
        }
        return keys;
    }

    private static String describe(List<TableMetadata.KeyElement> keys) {
        List<String> parts = new ArrayList<>();
        for (TableMetadata.KeyElement k : keys) {
            parts.add("KeySchemaElement(attributeName=" + k.attributeName() + ", keyType=" + k.keyType() + ")");
        }
        return parts.toString();
    }

    private static void checkDefined(List<TableMetadata.KeyElement> keys, Set<String> defined,
            List<TableMetadata.AttributeDefinition> attributes) {
        List<String> missing = new ArrayList<>();
        for (TableMetadata.KeyElement k : keys) {
            if (!defined.contains(k.attributeName())) {
                missing.add(k.attributeName());
            }
        }
        if (!missing.isEmpty()) {
            List<String> names = new ArrayList<>(defined);
            throw DynamoException.validation("One or more parameter values were invalid: Some index key attributes "
                    + "are not defined in AttributeDefinitions. Keys: " + keyNames(keys) + ", AttributeDefinitions: "
                    + names);
        }
    }

    private static List<String> keyNames(List<TableMetadata.KeyElement> keys) {
        List<String> out = new ArrayList<>();
        keys.forEach(k -> out.add(k.attributeName()));
        return out;
    }

    static TableMetadata.Throughput throughput(JsonNode node, boolean payPerRequest, String indexContext) {
        if (payPerRequest) {
            if (node != null) {
                throw DynamoException.validation("One or more parameter values were invalid: Neither "
                        + "ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is "
                        + "PAY_PER_REQUEST");
            }
            return TableMetadata.Throughput.ZERO;
        }
        if (node == null) {
            throw DynamoException.validation("One or more parameter values were invalid: ReadCapacityUnits and "
                    + "WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");
        }
        Long read = JsonRequest.number(node, "ReadCapacityUnits");
        Long write = JsonRequest.number(node, "WriteCapacityUnits");
        new Validation()
                .notNull(read, indexContext + "provisionedThroughput.readCapacityUnits")
                .notNull(write, indexContext + "provisionedThroughput.writeCapacityUnits")
                .range(read, indexContext + "provisionedThroughput.readCapacityUnits", 1, Long.MAX_VALUE)
                .range(write, indexContext + "provisionedThroughput.writeCapacityUnits", 1, Long.MAX_VALUE)
                .check();
        return new TableMetadata.Throughput(read, write);
    }

    static TableMetadata.IndexMetadata index(JsonNode n, int space, Set<String> defined,
            List<TableMetadata.AttributeDefinition> attributes, Set<String> indexNames, boolean payPerRequest,
            boolean local) {
        String name = JsonRequest.string(n, "IndexName");
        List<JsonNode> keyNodes = JsonRequest.list(n, "KeySchema");
        JsonNode projectionNode = JsonRequest.object(n, "Projection");
        String kind = local ? "localSecondaryIndexes" : "globalSecondaryIndexes";
        new Validation()
                .notNull(name, kind + ".member.indexName")
                .notNull(keyNodes, kind + ".member.keySchema")
                .notNull(projectionNode, kind + ".member.projection")
                .check();
        if (name.length() < 3 || name.length() > 255 || !Validation.isTableNameCharacters(name)) {
            new Validation().tableName(name, kind + ".member.indexName").check();
        }
        if (!indexNames.add(name)) {
            throw DynamoException.validation("One or more parameter values were invalid: Duplicate index name: "
                    + name);
        }
        List<TableMetadata.KeyElement> keySchema = keySchema(keyNodes, kind + ".member.keySchema", !local);
        checkDefined(keySchema, defined, attributes);
        String projectionType = JsonRequest.string(projectionNode, "ProjectionType");
        List<JsonNode> nonKeyNodes = JsonRequest.list(projectionNode, "NonKeyAttributes");
        new Validation().enumValue(projectionType, kind + ".member.projection.projectionType", PROJECTION_TYPES)
                .check();
        List<String> nonKey = null;
        if (nonKeyNodes != null) {
            if (!"INCLUDE".equals(projectionType)) {
                throw DynamoException.validation("One or more parameter values were invalid: ProjectionType is "
                        + (projectionType == null ? "ALL" : projectionType)
                        + ", but NonKeyAttributes is specified");
            }
            nonKey = new ArrayList<>();
            for (JsonNode a : nonKeyNodes) {
                if (!a.isTextual()) {
                    throw DynamoException.serialization("Unexpected value type in payload");
                }
                nonKey.add(a.textValue());
            }
            if (nonKey.size() > 100) {
                throw DynamoException.validation("One or more parameter values were invalid: The number of "
                        + "projected attributes exceeds the limit of 100");
            }
        } else if ("INCLUDE".equals(projectionType)) {
            throw DynamoException.validation("One or more parameter values were invalid: ProjectionType is INCLUDE, "
                    + "but NonKeyAttributes is not specified");
        }
        TableMetadata.Throughput throughput = TableMetadata.Throughput.ZERO;
        if (!local) {
            JsonNode tp = JsonRequest.object(n, "ProvisionedThroughput");
            if (payPerRequest) {
                if (tp != null) {
                    throw DynamoException.validation("One or more parameter values were invalid: "
                            + "ProvisionedThroughput should not be specified for index: " + name
                            + " when BillingMode is PAY_PER_REQUEST");
                }
            } else {
                if (tp == null) {
                    throw DynamoException.validation("One or more parameter values were invalid: "
                            + "ProvisionedThroughput must be specified for index: " + name);
                }
                throughput = throughput(tp, false, kind + ".member.");
            }
        }
        return new TableMetadata.IndexMetadata(name, space, keySchema,
                new TableMetadata.Projection(projectionType == null ? "ALL" : projectionType, nonKey), throughput,
                "ACTIVE");
    }

    static TableMetadata.Sse sse(JsonNode node, RequestContext context) {
        if (node == null) {
            return new TableMetadata.Sse(false, null, null);
        }
        Boolean enabled = JsonRequest.bool(node, "Enabled");
        String type = JsonRequest.string(node, "SSEType");
        String key = JsonRequest.string(node, "KMSMasterKeyId");
        new Validation().enumValue(type, "sSESpecification.sSEType", List.of("AES256", "KMS")).check();
        boolean on = enabled == null ? type != null : enabled;
        if (!on) {
            if (key != null || type != null) {
                throw DynamoException.validation("One or more parameter values were invalid: "
                        + "SSEType and KMSMasterKeyId are only valid when SSE is enabled");
            }
            return new TableMetadata.Sse(false, null, null);
        }
        if ("AES256".equals(type)) {
            throw DynamoException.validation("One or more parameter values were invalid: SSEType AES256 is not "
                    + "supported");
        }
        String arn = key == null ? "arn:aws:kms:" + context.region() + ":" + context.accountId()
                + ":key/aws/dynamodb"
                : key.startsWith("arn:") ? key
                : "arn:aws:kms:" + context.region() + ":" + context.accountId() + ":key/" + key;
        return new TableMetadata.Sse(true, "KMS", arn);
    }

    /** A StreamSpecification (CreateTable, UpdateTable): a new label each time a stream is turned on. */
    static TableMetadata.StreamSettings stream(JsonNode node, TableMetadata.StreamSettings current, long nowMillis) {
        Boolean enabled = JsonRequest.bool(node, "StreamEnabled");
        String viewType = JsonRequest.string(node, "StreamViewType");
        new Validation().notNull(enabled, "streamSpecification.streamEnabled")
                .enumValue(viewType, "streamSpecification.streamViewType",
                        List.of("NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES", "KEYS_ONLY"))
                .check();
        boolean on = current != null && current.enabled();
        if (enabled) {
            if (viewType == null) {
                throw DynamoException.validation("One or more parameter values were invalid: StreamViewType is "
                        + "required when StreamEnabled is true");
            }
            if (on) {
                throw DynamoException.validation("Table already has an enabled stream");
            }
            String label = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS")
                    .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.ofEpochMilli(nowMillis));
            return new TableMetadata.StreamSettings(true, viewType, label);
        }
        if (viewType != null) {
            throw DynamoException.validation("One or more parameter values were invalid: StreamViewType can only be "
                    + "specified when StreamEnabled is true");
        }
        if (current != null && !on) {
            throw DynamoException.validation("Table already has no enabled stream");
        }
        return current == null ? null : new TableMetadata.StreamSettings(false, current.viewType(), current.label());
    }

    static List<TableMetadata.Tag> tags(List<JsonNode> nodes) {
        List<TableMetadata.Tag> out = new ArrayList<>();
        if (nodes == null) {
            return out;
        }
        for (JsonNode n : nodes) {
            String key = JsonRequest.string(n, "Key");
            String value = JsonRequest.string(n, "Value");
            new Validation().notNull(key, "tags.member.key").notNull(value, "tags.member.value").check();
            out.add(new TableMetadata.Tag(key, value));
        }
        if (out.size() > 50) {
            throw DynamoException.validation("One or more parameter values were invalid: Too many tags");
        }
        return out;
    }
}
