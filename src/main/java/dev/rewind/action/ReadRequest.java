package dev.rewind.action;

import java.util.List;
import java.util.Map;

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

/** What Query and Scan share: table and index lookup, Select, Limit, filter, projection, ExclusiveStartKey. */
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
        List<String> members = keyConditionMember == null
                ? List.of("FilterExpression", "ProjectionExpression")
                : List.of(keyConditionMember, "FilterExpression", "ProjectionExpression");
        expressions = ExpressionSupport.context(request, members);
        String filterText = request.string("FilterExpression");
        String projectionText = request.string("ProjectionExpression");
        if (projectionText != null && select != null && !select.equals("SPECIFIC_ATTRIBUTES")) {
            throw DynamoException.validation("Cannot specify the ProjectionExpression when choosing to get "
                    + select);
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
            ok &= has(index.key().hashName(), index.key().hashType())
                    && (!index.key().hasRange() || has(index.key().rangeName(), index.key().rangeType()));
            java.util.Set<String> names = new java.util.HashSet<>(List.of(table.key().hashName()));
            if (table.key().hasRange()) {
                names.add(table.key().rangeName());
            }
            names.add(index.key().hashName());
            if (index.key().hasRange()) {
                names.add(index.key().rangeName());
            }
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
