package dev.rewind.action;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.rewind.error.DynamoException;
import dev.rewind.expression.Condition;
import dev.rewind.expression.ExpressionContext;
import dev.rewind.expression.Expressions;
import dev.rewind.expression.Projection;
import dev.rewind.model.AttributeValue;
import dev.rewind.protocol.JsonRequest;
import dev.rewind.protocol.Validation;
import dev.rewind.table.Table;
import dev.rewind.table.TableCatalog;

/**
 * What Query and Scan share: table and index lookup, Select, Limit, filter, projection, ExclusiveStartKey, and the
 * legacy AttributesToGet, QueryFilter/ScanFilter, ConditionalOperator and KeyConditions ({@link LegacyParameters}).
 */
final class ReadRequest {
    final Table table;
    final Table.Index index;
    final int limit;
    final boolean countOnly;
    final boolean fetchFromTable;
    final Condition filter;
    final Projection projection;
    final ExpressionContext expressions;
    final Map<String, AttributeValue> exclusiveStartKey;
    /** Whether the request asked for a strongly consistent read. */
    final boolean consistentRead;
    /** Query's legacy KeyConditions translated into a KeyConditionExpression; null when absent. */
    final String legacyKeyCondition;

    ReadRequest(TableCatalog catalog, RequestContext context, JsonRequest request, String keyConditionMember) {
        String tableName = request.string("TableName");
        String indexName = request.string("IndexName");
        Long limitParam = request.number("Limit");
        String select = request.string("Select");
        Validation v = new Validation().tableNameOrArn(tableName, "tableName")
                .range(limitParam, "limit", 1, Integer.MAX_VALUE)
                .enumValue(select, "select",
                        List.of("SPECIFIC_ATTRIBUTES", "COUNT", "ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES"));
        if (indexName != null) {
            v.tableName(indexName, "indexName");
        }
        v.check();
        Boolean consistentRead = request.bool("ConsistentRead");
        this.consistentRead = Boolean.TRUE.equals(consistentRead);
        List<String> members = keyConditionMember == null
                ? List.of("FilterExpression", "ProjectionExpression")
                : List.of(keyConditionMember, "FilterExpression", "ProjectionExpression");
        boolean query = keyConditionMember != null;
        LegacyParameters.checkNotMixed(request, query
                ? List.of("ProjectionExpression", "FilterExpression", "KeyConditionExpression")
                : List.of("ProjectionExpression", "FilterExpression"), query
                        ? List.of("AttributesToGet", "QueryFilter", "ConditionalOperator", "KeyConditions")
                        : List.of("AttributesToGet", "ScanFilter", "ConditionalOperator"));
        LegacyParameters legacy = new LegacyParameters(request);
        String legacyProjection = legacy.attributesToGet(request, "attributesToGet");
        String legacyFilter = legacy.filter(request, query ? "QueryFilter" : "ScanFilter");
        legacyKeyCondition = query ? legacy.keyConditions(request) : null;
        expressions = ExpressionSupport.context(request, members, legacy);
        String filterText = legacyFilter != null ? legacyFilter : request.string("FilterExpression");
        String projectionText = legacyProjection != null ? legacyProjection : request.string("ProjectionExpression");
        if (projectionText != null && select != null && !select.equals("SPECIFIC_ATTRIBUTES")) {
            // As DynamoDB words it (moto's AWS-verified test_select_and_projection.py): Query's message has the
            // "1 validation error detected: " prefix, Scan's has not; COUNT reads "only the Count".
            throw DynamoException.validation((query ? "1 validation error detected: " : "") + "Cannot specify the "
                    + (legacyProjection != null ? "AttributesToGet" : "ProjectionExpression")
                    + " when choosing to get " + ("COUNT".equals(select) ? "only the Count" : select));
        }
        if ("SPECIFIC_ATTRIBUTES".equals(select) && projectionText == null) {
            throw DynamoException.validation("Must specify the AttributesToGet or ProjectionExpression when "
                    + "choosing to get SPECIFIC_ATTRIBUTES");
        }
        if ("ALL_PROJECTED_ATTRIBUTES".equals(select) && indexName == null) {
            throw DynamoException.validation("ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an "
                    + "IndexName");
        }
        exclusiveStartKey = request.item("ExclusiveStartKey");
        table = Tables.get(catalog, context, tableName);
        index = indexName == null ? null : table.index(indexName);
        if (indexName != null && index == null) {
            throw DynamoException.validation("The table does not have the specified index: " + indexName);
        }
        JsonNode queryFilter = query ? request.object("QueryFilter") : null;
        if (queryFilter != null) {
            dev.rewind.table.KeyDefinition key = index == null ? table.key() : index.key();
            for (java.util.Iterator<String> names = queryFilter.fieldNames(); names.hasNext();) {
                String name = names.next();
                if (key.isKeyAttribute(name)) {
                    throw DynamoException.validation("QueryFilter can only contain non-primary key attributes: "
                            + "Primary key attribute: " + name);
                }
            }
        }
        if (index != null && "CREATING".equals(index.metadata().indexStatus())) {
            throw DynamoException.validation("Cannot read from backfilling global secondary index: " + indexName);
        }
        if (index != null && index.global() && Boolean.TRUE.equals(consistentRead)) {
            throw DynamoException.validation("Consistent reads are not supported on global secondary indexes");
        }
        if (index != null && "ALL_ATTRIBUTES".equals(select) && index.global() && !index.projectsAll()) {
            throw DynamoException.validation("One or more parameter values were invalid: Select type "
                    + "ALL_ATTRIBUTES is not supported for global secondary index " + index.name()
                    + " because its projection type is not ALL");
        }
        // An LSI answers attributes beyond its projection by reading the table, as DynamoDB does.
        fetchFromTable = index != null && !index.global() && !index.projectsAll()
                && ("ALL_ATTRIBUTES".equals(select) || projectionText != null || filterText != null);
        limit = limitParam == null ? Integer.MAX_VALUE : limitParam.intValue();
        countOnly = "COUNT".equals(select);
        filter = filterText == null ? null
                : Expressions.parseCondition(filterText, "FilterExpression", expressions);
        projection = projectionText == null ? null : Expressions.parseProjection(projectionText, expressions);
    }

    /** Checks ExclusiveStartKey holds exactly the table key (and index key) attributes with the right types. */
    void checkStartKey() {
        if (exclusiveStartKey == null) {
            return;
        }
        int expected = (table.key().hasRange() ? 2 : 1);
        boolean ok = has(table.key().hashName(), table.key().hashType())
                && (!table.key().hasRange() || has(table.key().rangeName(), table.key().rangeType()));
        if (index != null) {
            for (String name : index.key().attributeNames()) {
                ok &= has(name, index.key().typeOf(name));
            }
            java.util.Set<String> names = new java.util.HashSet<>(List.of(table.key().hashName()));
            if (table.key().hasRange()) {
                names.add(table.key().rangeName());
            }
            names.addAll(index.key().attributeNames());
            expected = names.size();
        }
        if (!ok || exclusiveStartKey.size() != expected) {
            throw DynamoException.validation("The provided starting key is invalid: The provided key element does "
                    + "not match the schema");
        }
    }

    private boolean has(String name, dev.rewind.model.AttributeType type) {
        AttributeValue v = exclusiveStartKey.get(name);
        return v != null && v.type() == type;
    }

    int space() {
        return index == null ? dev.rewind.storage.TableStore.TABLE_SPACE : index.space();
    }

    byte[] startPartition() {
        return index == null ? table.key().partition(exclusiveStartKey) : index.partition(exclusiveStartKey);
    }

    byte[] startClustering() {
        return index == null ? table.key().clustering(exclusiveStartKey) : index.clustering(exclusiveStartKey);
    }
}
