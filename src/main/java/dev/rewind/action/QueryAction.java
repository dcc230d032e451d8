package dev.rewind.action;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.rewind.error.DynamoException;
import dev.rewind.expression.Expressions;
import dev.rewind.expression.KeyCondition;
import dev.rewind.expression.SortKeyCondition;
import dev.rewind.model.AttributeValue;
import dev.rewind.model.KeyEncoding;
import dev.rewind.protocol.JsonRequest;
import dev.rewind.protocol.ResponseBody;
import dev.rewind.storage.RowIterator;
import dev.rewind.storage.RowKeyLayout;
import dev.rewind.table.KeyDefinition;
import dev.rewind.table.TableCatalog;

/**
 * Query: one partition of the table or of an index, its sort key condition turned into a byte range of the encoded
 * clustering keys, read forward or backward.
 */
final class QueryAction implements Action {
    private final TableCatalog catalog;

    QueryAction(TableCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public CompletableFuture<ResponseBody> handle(RequestContext context, JsonRequest request) {
        return PageReader.respond(catalog, context, request, page(context, request));
    }

    /** Reads one page; ExecuteStatement's SELECT runs through here too. */
    PageReader.Page page(RequestContext context, JsonRequest request) {
        String keyConditionText = request.string("KeyConditionExpression");
        Boolean forwardParam = request.bool("ScanIndexForward");
        ReadRequest read = new ReadRequest(catalog, context, request, "KeyConditionExpression");
        if (keyConditionText == null) {
            keyConditionText = read.legacyKeyCondition;
        }
        if (keyConditionText == null) {
            throw DynamoException.validation("Either the KeyConditions or KeyConditionExpression parameter must be "
                    + "specified in the request.");
        }
        KeyDefinition key = read.index == null ? read.table.key() : read.index.key();
        KeyCondition condition = Expressions.parseKeyCondition(keyConditionText, read.expressions)
                .withPartitionKey(key.hashName());
        read.expressions.checkAllUsed();
        if (key.hashNames().size() == 1 && key.rangeNames().size() <= 1) {
            checkAgainstSchema(condition, key);
        } else {
            checkMultiAttributeKey(condition, key);
        }
        read.checkStartKey();
        boolean forward = forwardParam == null || forwardParam;

        // partition: the encoded partition key attribute(s); clustering bounds: equalities on the leading sort key
        // attributes form a prefix, the last condition (any operator) bounds the next attribute
        KeyEncoding.Writer partitionBytes = new KeyEncoding.Writer(32);
        for (String name : key.hashNames()) {
            KeyEncoding.encodeTo(condition.conditionOn(name).operands().get(0), partitionBytes);
        }
        byte[] partition = partitionBytes.toByteArray();
        KeyEncoding.Writer prefixBytes = new KeyEncoding.Writer(32);
        SortKeyCondition last = null;
        for (String name : key.rangeNames()) {
            SortKeyCondition c = condition.conditionOn(name);
            if (c == null) {
                break;
            }
            if (last != null) {
                KeyEncoding.encodeTo(last.operands().get(0), prefixBytes);
            }
            last = c;
        }
        byte[] prefix = prefixBytes.toByteArray();
        byte[] lower = prefix.length == 0 ? null : prefix;
        byte[] upper = RowKeyLayout.successor(prefix);
        if (last != null) {
            SortKeyCondition s = last;
            List<AttributeValue> ops = s.operands();
            byte[] first = concat(prefix, s.operator() == dev.rewind.expression.SortKeyOperator.BEGINS_WITH
                    ? KeyEncoding.encodePrefix(ops.get(0)) : KeyEncoding.encode(ops.get(0)));
            switch (s.operator()) {
                case EQ, BEGINS_WITH -> {
                    lower = first;
                    upper = RowKeyLayout.successor(first);
                }
                case LT -> upper = first;
                case LE -> upper = RowKeyLayout.successor(first);
                case GT -> lower = RowKeyLayout.successor(first);
                case GE -> lower = first;
                case BETWEEN -> {
                    byte[] second = concat(prefix, KeyEncoding.encode(ops.get(1)));
                    if (Arrays.compareUnsigned(first, second) > 0) {
                        throw DynamoException.validation("Invalid KeyConditionExpression: The BETWEEN operator "
                                + "requires upper bound to be greater than or equal to lower bound; lower bound "
                                + "operand: AttributeValue: {" + describe(ops.get(0)) + "}, upper bound operand: "
                                + "AttributeValue: {" + describe(ops.get(1)) + "}");
                    }
                    lower = first;
                    upper = RowKeyLayout.successor(second);
                }
            }
        }
        if (read.exclusiveStartKey != null) {
            if (!Arrays.equals(read.startPartition(), partition)) {
                throw DynamoException.validation("The provided starting key is outside query boundaries based on "
                        + "provided conditions");
            }
            byte[] start = read.startClustering();
            if (forward) {
                byte[] after = RowKeyLayout.after(start);
                if (lower == null || Arrays.compareUnsigned(after, lower) > 0) {
                    lower = after;
                }
            } else if (upper == null || Arrays.compareUnsigned(start, upper) < 0) {
                upper = start;
            }
        }
        PageReader.Page page;
        if (lower != null && upper != null && Arrays.compareUnsigned(lower, upper) >= 0) {
            page = new PageReader.Page(List.of(), 0, 0, null);
        } else {
            RowIterator rows = read.table.store().range(read.space(), partition, lower, upper, !forward);
            page = PageReader.read(rows, read.table, read.index, read.fetchFromTable, read.limit, read.filter,
                    read.projection, read.countOnly);
        }
        return page;
    }

    private static void checkAgainstSchema(KeyCondition condition, KeyDefinition key) {
        if (condition.conditions().size() > (key.hasRange() ? 2 : 1)) {
            throw DynamoException.validation("Query condition missed key schema element");
        }
        if (!condition.partitionKeyName().equals(key.hashName())) {
            if (condition.sortKey().isEmpty() && key.isKeyAttribute(condition.partitionKeyName())) {
                throw DynamoException.validation("Query condition missed key schema element: " + key.hashName());
            }
            throw DynamoException.validation("Query condition missed key schema element: " + key.hashName());
        }
        if (condition.partitionKeyValue().type() != key.hashType()) {
            throw DynamoException.validation("One or more parameter values were invalid: Condition parameter type "
                    + "does not match schema type");
        }
        if (condition.sortKey().isPresent()) {
            SortKeyCondition s = condition.sortKey().get();
            if (!s.attributeName().equals(key.rangeName())) {
                throw DynamoException.validation("Query condition missed key schema element: "
                        + (key.hasRange() ? key.rangeName() : s.attributeName()));
            }
            for (AttributeValue v : s.operands()) {
                if (v.type() != key.rangeType()) {
                    throw DynamoException.validation("One or more parameter values were invalid: Condition "
                            + "parameter type does not match schema type");
                }
            }
            if (s.operator() == dev.rewind.expression.SortKeyOperator.BEGINS_WITH
                    && key.rangeType() == dev.rewind.model.AttributeType.N) {
                throw DynamoException.validation("Invalid KeyConditionExpression: Incorrect operand type for "
                        + "operator or function; operator or function: begins_with, operand type: N");
            }
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /**
     * A multi-attribute key (a GSI's, DynamoDB November 2025): equality on every partition key attribute; sort key
     * attributes conditioned left to right without gaps, equality on all but the last.
     */
    private static void checkMultiAttributeKey(KeyCondition condition, KeyDefinition key) {
        for (SortKeyCondition c : condition.conditions()) {
            if (!key.isKeyAttribute(c.attributeName())) {
                throw DynamoException.validation("Query condition missed key schema element: "
                        + firstMissing(condition, key));
            }
            for (AttributeValue v : c.operands()) {
                if (v.type() != key.typeOf(c.attributeName())) {
                    throw DynamoException.validation("One or more parameter values were invalid: Condition "
                            + "parameter type does not match schema type");
                }
            }
            if (c.operator() == dev.rewind.expression.SortKeyOperator.BEGINS_WITH
                    && key.typeOf(c.attributeName()) == dev.rewind.model.AttributeType.N) {
                throw DynamoException.validation("Invalid KeyConditionExpression: Incorrect operand type for "
                        + "operator or function; operator or function: begins_with, operand type: N");
            }
        }
        for (String name : key.hashNames()) {
            SortKeyCondition c = condition.conditionOn(name);
            if (c == null) {
                throw DynamoException.validation("Query condition missed key schema element: " + name);
            }
            if (c.operator() != dev.rewind.expression.SortKeyOperator.EQ) {
                throw DynamoException.validation("Query key condition not supported");
            }
        }
        List<String> ranges = key.rangeNames();
        int conditioned = 0; // the leading sort key attributes that have a condition
        while (conditioned < ranges.size() && condition.conditionOn(ranges.get(conditioned)) != null) {
            conditioned++;
        }
        for (int j = conditioned; j < ranges.size(); j++) {
            if (condition.conditionOn(ranges.get(j)) != null) {
                throw DynamoException.validation("Query condition missed key schema element: "
                        + ranges.get(conditioned));
            }
        }
        for (int j = 0; j < conditioned - 1; j++) {
            if (condition.conditionOn(ranges.get(j)).operator() != dev.rewind.expression.SortKeyOperator.EQ) {
                throw DynamoException.validation("Query key condition not supported");
            }
        }
    }

    private static String firstMissing(KeyCondition condition, KeyDefinition key) {
        for (String name : key.attributeNames()) {
            if (condition.conditionOn(name) == null) {
                return name;
            }
        }
        return key.hashName();
    }

    private static String describe(AttributeValue v) {
        return switch (v.type()) {
            case S -> "S:" + ((AttributeValue.S) v).value();
            case N -> "N:" + ((AttributeValue.N) v).text();
            case B -> "B:" + ((AttributeValue.B) v).value().toBase64();
            default -> v.type().name();
        };
    }
}
