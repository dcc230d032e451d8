// Map: the PartiQL operations' shared machinery.
//   Request pieces: parameters, checkStatementText, parse (parameter count), table and keyNames.
//   Reads: select (a Query or Scan page through QueryAction/ScanAction.page, NextToken encoding), getItem (batch),
//   transactGet (the TransactGetItems entry of a transaction's SELECT).
//   Writes: prepareWrite (WritePlan → PreparedWrite), returned (RETURNING), itemIdentity (duplicate detection).
//   Errors: batchErrorCode (BatchStatementError codes).
package dev.rewind.action;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;

import dev.rewind.error.DynamoException;
import dev.rewind.error.ErrorCode;
import dev.rewind.expression.Condition;
import dev.rewind.expression.ExpressionContext;
import dev.rewind.expression.Expressions;
import dev.rewind.expression.Projection;
import dev.rewind.expression.Update;
import dev.rewind.model.AttributeValue;
import dev.rewind.partiql.KeyNames;
import dev.rewind.partiql.PartiqlAst;
import dev.rewind.partiql.PartiqlParser;
import dev.rewind.partiql.PartiqlTranslator;
import dev.rewind.partiql.ReadPlan;
import dev.rewind.partiql.WritePlan;
import dev.rewind.protocol.AttributeValueJson;
import dev.rewind.protocol.JsonRequest;
import dev.rewind.protocol.Validation;
import dev.rewind.table.KeyDefinition;
import dev.rewind.table.Table;
import dev.rewind.table.TableCatalog;

/**
 * What ExecuteStatement, BatchExecuteStatement and ExecuteTransaction share: parsing a statement with its
 * parameters, finding its table, and running the translated plan through the actions' own machinery (Query and Scan
 * pages, {@link PreparedWrite}, single-item reads).
 */
final class PartiqlStatements {
    static final int MAX_STATEMENT_LENGTH = 8192;
    static final String DUPLICATE_ITEM = "Duplicate primary key exists in table";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TableCatalog catalog;
    private final QueryAction query;
    private final ScanAction scan;

    PartiqlStatements(TableCatalog catalog) {
        this.catalog = catalog;
        this.query = new QueryAction(catalog);
        this.scan = new ScanAction(catalog);
    }

    TableCatalog catalog() {
        return catalog;
    }

    /** The Parameters member of a request or batch entry; empty when absent. */
    static List<AttributeValue> parameters(JsonNode parent, String member) {
        List<JsonNode> nodes = JsonRequest.list(parent, "Parameters");
        if (nodes == null) {
            return List.of();
        }
        if (nodes.isEmpty()) {
            throw DynamoException.validation("1 validation error detected: Value '[]' at '" + member
                    + "' failed to satisfy constraint: Member must have length greater than or equal to 1");
        }
        List<AttributeValue> out = new ArrayList<>(nodes.size());
        for (JsonNode n : nodes) {
            out.add(AttributeValueJson.read(n));
        }
        return out;
    }

    /** Checks the Statement member's length as DynamoDB's request validator does. */
    static void checkStatementText(Validation v, String statement, String member) {
        v.notNull(statement, member);
        if (statement != null && statement.isEmpty()) {
            v.add("Value '' at '" + member + "' failed to satisfy constraint: Member must have length greater than "
                    + "or equal to 1");
        }
        if (statement != null && statement.length() > MAX_STATEMENT_LENGTH) {
            v.add("Value '" + statement + "' at '" + member + "' failed to satisfy constraint: Member must have "
                    + "length less than or equal to " + MAX_STATEMENT_LENGTH);
        }
    }

    /** Parses a statement; too few parameters fail, extra ones are ignored (as DynamoDB does). */
    static PartiqlAst.Statement parse(String text, List<AttributeValue> parameters) {
        PartiqlParser.ParsedStatement parsed = PartiqlParser.parse(text);
        if (parsed.parameterCount() > parameters.size()) {
            throw DynamoException.validation("Number of parameters in request and statement don't match.");
        }
        return parsed.statement();
    }

    Table table(RequestContext context, String name) {
        return Tables.get(catalog, context, name);
    }

    static KeyNames keyNames(KeyDefinition key) {
        return new KeyNames(key.hashName(), key.rangeName());
    }

    static KeyNames keyNames(Table table, String indexName) {
        if (indexName == null) {
            return keyNames(table.key());
        }
        Table.Index index = table.index(indexName);
        if (index == null) {
            throw DynamoException.validation("The table does not have the specified index: " + indexName);
        }
        return keyNames(index.key());
    }

    // ---- reads

    /**
     * A page of a SELECT through Query or Scan, the NextToken that continues it (null at the end), and the capacity
     * it consumed.
     */
    record SelectPage(List<Map<String, AttributeValue>> items, Map<String, AttributeValue> lastEvaluatedKey,
            String nextToken, ConsumedCapacity capacity) {
    }

    SelectPage select(RequestContext context, PartiqlAst.Select select, List<AttributeValue> parameters,
            Long limit, Boolean consistentRead, String nextToken, String requestIdentity) {
        Table table = table(context, select.table());
        ReadPlan plan = PartiqlTranslator.select(select, parameters, keyNames(table, select.index()),
                PartiqlTranslator.SelectUse.STATEMENT);
        ObjectNode r = JSON.createObjectNode();
        r.put("TableName", plan.table());
        if (plan.index() != null) {
            r.put("IndexName", plan.index());
        }
        if (plan.keyCondition() != null) {
            r.put("KeyConditionExpression", plan.keyCondition());
            r.put("ScanIndexForward", plan.forward());
        }
        if (plan.filter() != null) {
            r.put("FilterExpression", plan.filter());
        }
        if (plan.projection() != null) {
            r.put("ProjectionExpression", plan.projection());
        }
        if (!plan.names().isEmpty()) {
            ObjectNode names = r.putObject("ExpressionAttributeNames");
            plan.names().forEach(names::put);
        }
        if (!plan.values().isEmpty()) {
            ObjectNode values = r.putObject("ExpressionAttributeValues");
            plan.values().forEach((k, v) -> values.set(k, json(v)));
        }
        if (limit != null) {
            r.put("Limit", limit);
        }
        if (consistentRead != null) {
            r.put("ConsistentRead", consistentRead);
        }
        if (nextToken != null) {
            r.set("ExclusiveStartKey", decodeNextToken(nextToken, requestIdentity));
        }
        JsonRequest request = new JsonRequest(r);
        PageReader.Page page = plan.keyCondition() != null ? query.page(context, request)
                : scan.page(context, request);
        String token = page.lastEvaluatedKey() == null ? null
                : encodeNextToken(page.lastEvaluatedKey(), requestIdentity);
        ConsumedCapacity capacity = page.capacity(table, plan.index() == null ? null : table.index(plan.index()),
                Boolean.TRUE.equals(consistentRead));
        return new SelectPage(page.items(), page.lastEvaluatedKey(), token, capacity);
    }

    /**
     * A single-item SELECT of a batch: the table read, the whole item (null when absent; capacity is charged on it)
     * and the answer (the item projected).
     */
    record BatchRead(Table table, Map<String, AttributeValue> item, Map<String, AttributeValue> answer) {
    }

    /** Runs a single-item SELECT of a batch. */
    BatchRead getItem(RequestContext context, PartiqlAst.Select select, List<AttributeValue> parameters) {
        Table table = table(context, select.table());
        KeyNames keys = keyNames(table, select.index());
        ReadPlan plan = PartiqlTranslator.select(select, parameters, keys, PartiqlTranslator.SelectUse.BATCH);
        Projection projection = projection(plan);
        Map<String, AttributeValue> item;
        if (plan.index() == null) {
            table.key().validateKey(plan.key());
            item = ItemWrites.read(table, plan.key());
        } else {
            throw DynamoException.validation("This operation is not supported on an index");
        }
        return new BatchRead(table, item, item == null || projection == null ? item : projection.apply(item));
    }

    static Projection projection(ReadPlan plan) {
        if (plan.projection() == null) {
            return null;
        }
        return Expressions.parseProjection(plan.projection(), new ExpressionContext(plan.names(), plan.values()));
    }

    /** The TransactGetItems entry a transaction's SELECT stands for. */
    JsonNode transactGet(RequestContext context, PartiqlAst.Select select, List<AttributeValue> parameters) {
        Table table = table(context, select.table());
        ReadPlan plan = PartiqlTranslator.select(select, parameters, keyNames(table, select.index()),
                PartiqlTranslator.SelectUse.TRANSACTION);
        ObjectNode get = JSON.createObjectNode();
        get.put("TableName", plan.table());
        ObjectNode key = get.putObject("Key");
        plan.key().forEach((k, v) -> key.set(k, json(v)));
        if (plan.projection() != null) {
            get.put("ProjectionExpression", plan.projection());
            ObjectNode names = get.putObject("ExpressionAttributeNames");
            plan.names().forEach(names::put);
        }
        ObjectNode entry = JSON.createObjectNode();
        entry.set("Get", get);
        return entry;
    }

    // ---- writes

    /** A write ready to run, with what its RETURNING clause needs. */
    record PreparedStatement(WritePlan plan, PreparedWrite write, Update update) {
    }

    /**
     * @param inTransaction an INSERT of an existing item then fails as a ValidationError cancellation reason, as
     *        DynamoDB reports it in ExecuteTransaction, instead of DuplicateItemException
     */
    PreparedStatement prepareWrite(RequestContext context, PartiqlAst.Statement statement,
            List<AttributeValue> parameters, boolean returnOldOnFailure, boolean inTransaction) {
        Table table = table(context, statement.table());
        WritePlan plan = PartiqlTranslator.write(statement, parameters, keyNames(table.key()));
        ExpressionContext expressions = new ExpressionContext(plan.names(), plan.values());
        Condition condition = plan.condition() == null ? null
                : Expressions.parseCondition(plan.condition(), "ConditionExpression", expressions);
        switch (plan.kind()) {
            case INSERT -> {
                Map<String, AttributeValue> item = plan.item();
                ItemValidation.checkNewItem(table, item, ItemValidation.PUT_TOO_LARGE);
                UnaryOperator<Map<String, AttributeValue>> change = old -> {
                    if (old != null) {
                        throw inTransaction ? DynamoException.validation(DUPLICATE_ITEM)
                                : DynamoException.of(ErrorCode.DUPLICATE_ITEM, DUPLICATE_ITEM);
                    }
                    return item;
                };
                return new PreparedStatement(plan,
                        new PreparedWrite(table, item, condition, returnOldOnFailure, change, null), null);
            }
            case UPDATE -> {
                Update update = Expressions.parseUpdate(plan.update(), expressions);
                Map<String, AttributeValue> key = plan.key();
                table.key().validateKey(key);
                for (String attribute : update.topLevelAttributes()) {
                    if (table.key().isKeyAttribute(attribute)) {
                        throw DynamoException.validation("One or more parameter values were invalid: Cannot update "
                                + "attribute " + attribute + ". This attribute is part of the key");
                    }
                }
                UnaryOperator<Map<String, AttributeValue>> change = old -> {
                    Map<String, AttributeValue> updated = old != null ? update.apply(old)
                            : update.applyToNewItem(key);
                    ItemValidation.checkNewItem(table, updated, ItemValidation.UPDATE_TOO_LARGE);
                    return updated;
                };
                return new PreparedStatement(plan,
                        new PreparedWrite(table, key, condition, returnOldOnFailure, change, update), update);
            }
            case DELETE -> {
                table.key().validateKey(plan.key());
                return new PreparedStatement(plan,
                        new PreparedWrite(table, plan.key(), condition, returnOldOnFailure, old -> null, null), null);
            }
            case CONDITION_CHECK -> {
                table.key().validateKey(plan.key());
                return new PreparedStatement(plan,
                        new PreparedWrite(table, plan.key(), condition, returnOldOnFailure, null, null), null);
            }
        }
        throw new IllegalStateException("unknown kind " + plan.kind());
    }

    /** What a write's RETURNING clause returns: null for none (no item in Items). */
    static Map<String, AttributeValue> returned(PreparedStatement prepared, ItemWrites.Result result) {
        PartiqlAst.Returning returning = prepared.plan().returning();
        if (returning == null) {
            return null;
        }
        Update update = prepared.update();
        return switch (returning) {
            case ALL_OLD -> result.oldItem();
            case ALL_NEW -> result.newItem();
            case MODIFIED_OLD -> result.oldItem() == null || update == null ? null
                    : update.updatedAttributes(result.oldItem());
            case MODIFIED_NEW -> result.newItem() == null || update == null ? null
                    : update.updatedAttributes(result.newItem());
        };
    }

    /** Identifies the item a write touches, to find two writes of one item. */
    static String itemIdentity(PreparedWrite w) {
        return w.table().metadata().storeName() + "|" + Base64.getEncoder().encodeToString(w.partition()) + "|"
                + Base64.getEncoder().encodeToString(w.clustering());
    }

    // ---- values and tokens

    static JsonNode json(AttributeValue value) {
        try (TokenBuffer buffer = new TokenBuffer(JSON, false)) {
            AttributeValueJson.write(buffer, value);
            return JSON.readTree(buffer.asParser());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode jsonItem(Map<String, AttributeValue> item) {
        ObjectNode out = JSON.createObjectNode();
        item.forEach((k, v) -> out.set(k, json(v)));
        return out;
    }

    /**
     * NextToken is opaque to clients: base64 of {"Request": hash of statement and parameters, "LastEvaluatedKey": …},
     * so a token is only accepted back with the statement that produced it.
     */
    static String encodeNextToken(Map<String, AttributeValue> lastEvaluatedKey, String requestIdentity) {
        ObjectNode token = JSON.createObjectNode();
        token.put("Request", hash(requestIdentity));
        token.set("LastEvaluatedKey", jsonItem(lastEvaluatedKey));
        return Base64.getEncoder().encodeToString(token.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode decodeNextToken(String nextToken, String requestIdentity) {
        JsonNode token;
        try {
            token = JSON.readTree(Base64.getDecoder().decode(nextToken));
        } catch (IOException | IllegalArgumentException e) {
            throw DynamoException.validation("Invalid NextToken");
        }
        if (token == null || !token.isObject() || !token.path("Request").isTextual()
                || !token.path("LastEvaluatedKey").isObject()) {
            throw DynamoException.validation("Invalid NextToken");
        }
        if (!token.get("Request").textValue().equals(hash(requestIdentity))) {
            throw DynamoException.validation("NextToken does not match request");
        }
        return token.get("LastEvaluatedKey");
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A batch or transaction entry's error code, as BatchStatementError names them. */
    static String batchErrorCode(DynamoException e) {
        return switch (e.code()) {
            case CONDITIONAL_CHECK_FAILED -> "ConditionalCheckFailed";
            case DUPLICATE_ITEM -> "DuplicateItem";
            case VALIDATION, SERIALIZATION -> "ValidationError";
            case RESOURCE_NOT_FOUND -> "ResourceNotFound";
            case ITEM_COLLECTION_SIZE_LIMIT_EXCEEDED -> "ItemCollectionSizeLimitExceeded";
            case PROVISIONED_THROUGHPUT_EXCEEDED -> "ProvisionedThroughputExceeded";
            case TRANSACTION_CONFLICT -> "TransactionConflict";
            case LIMIT_EXCEEDED -> "RequestLimitExceeded";
            case UNKNOWN_OPERATION, MISSING_AUTHENTICATION_TOKEN, INCOMPLETE_SIGNATURE, RESOURCE_IN_USE,
                    TRANSACTION_CANCELED, TRANSACTION_IN_PROGRESS, IDEMPOTENT_PARAMETER_MISMATCH, TABLE_NOT_FOUND,
                    TABLE_ALREADY_EXISTS, TABLE_IN_USE, BACKUP_NOT_FOUND, BACKUP_IN_USE,
                    CONTINUOUS_BACKUPS_UNAVAILABLE, POINT_IN_TIME_RECOVERY_UNAVAILABLE, INVALID_RESTORE_TIME,
                    INDEX_NOT_FOUND, REQUEST_ENTITY_TOO_LARGE, INTERNAL_SERVER_ERROR, SERVICE_UNAVAILABLE ->
                    "InternalServerError";
        };
    }
}
