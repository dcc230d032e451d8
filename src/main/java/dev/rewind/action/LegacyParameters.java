// Map: DynamoDB's legacy parameters, checked with their own messages and translated into expression text.
//   Entry points: checkNotMixed (legacy and expression parameters in one request), then on an instance:
//   expected (Expected + ConditionalOperator → ConditionExpression), filter (QueryFilter/ScanFilter →
//   FilterExpression), keyConditions (KeyConditions → KeyConditionExpression), attributesToGet (→
//   ProjectionExpression), attributeUpdates (→ UpdateExpression), and context (the generated placeholders merged
//   with the request's own ExpressionAttributeNames/Values).
//   Internals: operands (the AttributeValueList rules), comparison (one operator as expression text).
package dev.rewind.action;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

import com.fasterxml.jackson.databind.JsonNode;

import dev.rewind.error.DynamoException;
import dev.rewind.expression.ExpressionContext;
import dev.rewind.model.AttributeType;
import dev.rewind.model.AttributeValue;
import dev.rewind.model.KeyEncoding;
import dev.rewind.protocol.AttributeValueJson;
import dev.rewind.protocol.JsonRequest;
import dev.rewind.protocol.Validation;

/**
 * DynamoDB's legacy parameters (Expected, ConditionalOperator, AttributeUpdates, AttributesToGet, KeyConditions,
 * QueryFilter, ScanFilter; https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LegacyConditionalParameters.html).
 * Each is checked with the messages DynamoDB gives for it, then translated into the equivalent expression over
 * generated {@code #name} and {@code :value} placeholders, so it runs through the very parsers and evaluators the
 * expression parameters use and behaves exactly as they do.
 *
 * <p>One instance serves one request (or one table's part of a BatchGetItem): it hands out the placeholders, chosen
 * so they never collide with the request's own ExpressionAttributeNames/Values (Query may combine KeyConditions
 * with a FilterExpression).
 */
final class LegacyParameters {
    /** In the order DynamoDB lists them in its enum error message. */
    static final List<String> COMPARISON_OPERATORS = List.of("IN", "NULL", "BETWEEN", "LT", "NOT_CONTAINS", "EQ",
            "GT", "NOT_NULL", "NE", "LE", "BEGINS_WITH", "GE", "CONTAINS");
    private static final List<String> CONDITIONAL_OPERATORS = List.of("OR", "AND");
    private static final List<String> ATTRIBUTE_ACTIONS = List.of("ADD", "PUT", "DELETE");
    private static final Set<String> INDEXABLE = Set.of("EQ", "LE", "LT", "GE", "GT", "BEGINS_WITH", "BETWEEN");
    private static final Set<AttributeType> SCALARS = Set.of(AttributeType.S, AttributeType.N, AttributeType.B);
    private static final Set<AttributeType> SETS = Set.of(AttributeType.SS, AttributeType.NS, AttributeType.BS);
    private static final String INVALID = "One or more parameter values were invalid: ";

    private final String namePrefix;
    private final String valuePrefix;
    private final Map<String, String> names = new LinkedHashMap<>();
    private final Map<String, String> placeholders = new HashMap<>();
    private final Map<String, AttributeValue> values = new LinkedHashMap<>();

    /** Placeholders for a request whose own placeholders are in {@code request}'s ExpressionAttributeNames/Values. */
    LegacyParameters(JsonRequest request) {
        Set<String> taken = new HashSet<>();
        addKeys(request.object("ExpressionAttributeNames"), taken);
        addKeys(request.object("ExpressionAttributeValues"), taken);
        String prefix = "l";
        while (clashes(taken, prefix)) {
            prefix = prefix + "_";
        }
        namePrefix = "#" + prefix;
        valuePrefix = ":" + prefix;
    }

    private static void addKeys(JsonNode node, Set<String> into) {
        if (node != null) {
            node.fieldNames().forEachRemaining(into::add);
        }
    }

    private static boolean clashes(Set<String> taken, String prefix) {
        for (String t : taken) {
            if (t.startsWith("#" + prefix) || t.startsWith(":" + prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * DynamoDB refuses a request that mixes legacy and expression parameters, naming both kinds present. KeyConditions
     * is the one exception: with no KeyConditionExpression it may accompany FilterExpression and ProjectionExpression.
     */
    static void checkNotMixed(JsonRequest request, List<String> expressionMembers, List<String> legacyMembers) {
        List<String> expressions = present(request, expressionMembers);
        if (expressions.isEmpty()) {
            return;
        }
        List<String> legacy = present(request, legacyMembers);
        if (request.has("KeyConditions") && !request.has("KeyConditionExpression")) {
            legacy.remove("KeyConditions");
        }
        if (!legacy.isEmpty()) {
            throw DynamoException.validation("Can not use both expression and non-expression parameters in the same "
                    + "request: Non-expression parameters: {" + String.join(", ", legacy) + "} Expression "
                    + "parameters: {" + String.join(", ", expressions) + "}");
        }
    }

    private static List<String> present(JsonRequest request, List<String> members) {
        List<String> out = new ArrayList<>();
        for (String m : members) {
            if (request.has(m)) {
                out.add(m);
            }
        }
        return out;
    }

    /** The request's own ExpressionAttributeNames/Values (either may be null) plus the generated placeholders. */
    ExpressionContext context(Map<String, String> requestNames, Map<String, AttributeValue> requestValues) {
        Map<String, String> allNames = new LinkedHashMap<>(requestNames == null ? Map.of() : requestNames);
        allNames.putAll(names);
        Map<String, AttributeValue> allValues = new LinkedHashMap<>(requestValues == null ? Map.of() : requestValues);
        allValues.putAll(values);
        return new ExpressionContext(allNames, allValues);
    }

    boolean isEmpty() {
        return names.isEmpty() && values.isEmpty();
    }

    // ---------------------------------------------------------------- conditions

    /** Expected with ConditionalOperator as ConditionExpression text; null when absent or empty. */
    String expected(JsonRequest request) {
        JsonNode expected = request.object("Expected");
        String conditionalOperator = request.string("ConditionalOperator");
        Validation v = new Validation().enumValue(conditionalOperator, "conditionalOperator", CONDITIONAL_OPERATORS);
        if (expected == null) {
            v.check();
            return null;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = expected.fields();
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            entries.add(e);
            JsonNode c = JsonRequest.object(expected, e.getKey());
            v.enumValue(JsonRequest.string(c, "ComparisonOperator"),
                    "expected." + e.getKey() + ".member.comparisonOperator", COMPARISON_OPERATORS);
        }
        v.check();
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : entries) {
            parts.add(expectedEntry(e.getKey(), e.getValue()));
        }
        return join(parts, conditionalOperator);
    }

    /*
     * One Expected entry: either the ComparisonOperator form, or the older Value/Exists form where Exists true (or
     * absent) means "equals Value" and Exists false means "does not exist".
     */
    private String expectedEntry(String attribute, JsonNode c) {
        JsonNode valueNode = JsonRequest.object(c, "Value");
        List<JsonNode> list = JsonRequest.list(c, "AttributeValueList");
        Boolean exists = JsonRequest.bool(c, "Exists");
        String operator = JsonRequest.string(c, "ComparisonOperator");
        if (list != null && valueNode != null) {
            throw DynamoException.validation(INVALID + "Value and AttributeValueList cannot be used together for "
                    + "Attribute: " + attribute);
        }
        if (operator != null) {
            if (exists != null) {
                throw DynamoException.validation(INVALID + "Exists and ComparisonOperator cannot be used together "
                        + "for Attribute: " + attribute);
            }
            if (list == null && valueNode == null && !operator.equals("NULL") && !operator.equals("NOT_NULL")) {
                throw DynamoException.validation(INVALID + "Value or AttributeValueList must be used with "
                        + "ComparisonOperator: " + operator + " for Attribute: " + attribute);
            }
            List<AttributeValue> operands = list != null ? read(list)
                    : valueNode != null ? List.of(AttributeValueJson.read(valueNode)) : List.of();
            checkOperands(operator, operands);
            return comparison(attribute, operator, operands);
        }
        if (list != null) {
            throw DynamoException.validation(INVALID + "AttributeValueList can only be used with a "
                    + "ComparisonOperator for Attribute: " + attribute);
        }
        boolean mustExist = exists == null || exists;
        if (mustExist && valueNode == null) {
            throw DynamoException.validation(INVALID + "Value must be provided when Exists is "
                    + (exists == null ? "null" : "true") + " for Attribute: " + attribute);
        }
        if (!mustExist && valueNode != null) {
            throw DynamoException.validation(INVALID + "Value cannot be used when Exists is false for Attribute: "
                    + attribute);
        }
        return mustExist ? comparison(attribute, "EQ", List.of(AttributeValueJson.read(valueNode)))
                : comparison(attribute, "NULL", List.of());
    }

    /** QueryFilter or ScanFilter with ConditionalOperator as FilterExpression text; null when absent or empty. */
    String filter(JsonRequest request, String member) {
        JsonNode filter = request.object(member);
        String conditionalOperator = request.string("ConditionalOperator");
        new Validation().enumValue(conditionalOperator, "conditionalOperator", CONDITIONAL_OPERATORS).check();
        if (filter == null) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, List<AttributeValue>> c : conditions(filter, lowerFirst(member)).entrySet()) {
            String[] nameAndOperator = splitKey(c.getKey());
            parts.add(comparison(nameAndOperator[0], nameAndOperator[1], c.getValue()));
        }
        return join(parts, conditionalOperator);
    }

    /**
     * KeyConditions as KeyConditionExpression text. The key schema is checked later on the expression, whose messages
     * for a missing key or a wrong type are the legacy ones too.
     */
    String keyConditions(JsonRequest request) {
        JsonNode keyConditions = request.object("KeyConditions");
        if (keyConditions == null) {
            return null;
        }
        Map<String, List<AttributeValue>> conditions = conditions(keyConditions, "keyConditions");
        if (conditions.size() != 1 && conditions.size() != 2) {
            throw DynamoException.validation("Conditions can be of length 1 or 2 only");
        }
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, List<AttributeValue>> c : conditions.entrySet()) {
            String[] nameAndOperator = splitKey(c.getKey());
            if (!INDEXABLE.contains(nameAndOperator[1])) {
                throw DynamoException.validation("Attempted conditional constraint is not an indexable operation");
            }
            parts.add(comparison(nameAndOperator[0], nameAndOperator[1], c.getValue()));
        }
        return String.join(" AND ", parts);
    }

    /*
     * Reads a QueryFilter, ScanFilter or KeyConditions map (ComparisonOperator is required there), checking every
     * entry; keys of the answer are "operator attribute" (split again by splitKey), in request order.
     */
    private static Map<String, List<AttributeValue>> conditions(JsonNode map, String member) {
        Validation v = new Validation();
        List<String> attributes = new ArrayList<>();
        map.fieldNames().forEachRemaining(attributes::add);
        for (String attribute : attributes) {
            JsonNode c = JsonRequest.object(map, attribute);
            String operator = JsonRequest.string(c, "ComparisonOperator");
            String path = member + "." + attribute + ".member.comparisonOperator";
            v.notNull(operator, path).enumValue(operator, path, COMPARISON_OPERATORS);
        }
        v.check();
        Map<String, List<AttributeValue>> out = new LinkedHashMap<>();
        for (String attribute : attributes) {
            JsonNode c = JsonRequest.object(map, attribute);
            String operator = JsonRequest.string(c, "ComparisonOperator");
            List<JsonNode> list = JsonRequest.list(c, "AttributeValueList");
            List<AttributeValue> operands = list == null ? List.of() : read(list);
            checkOperands(operator, operands);
            out.put(operator + " " + attribute, operands);
        }
        return out;
    }

    private static String[] splitKey(String key) {
        int space = key.indexOf(' ');
        return new String[] {key.substring(space + 1), key.substring(0, space)};
    }

    private static List<AttributeValue> read(List<JsonNode> nodes) {
        List<AttributeValue> out = new ArrayList<>(nodes.size());
        for (JsonNode n : nodes) {
            out.add(AttributeValueJson.read(n));
        }
        return out;
    }

    /** The AttributeValueList rules of each ComparisonOperator: how many values, of one type, of which types. */
    private static void checkOperands(String operator, List<AttributeValue> operands) {
        int n = operands.size();
        boolean countOk = switch (operator) {
            case "NULL", "NOT_NULL" -> n == 0;
            case "IN" -> n >= 1;
            case "BETWEEN" -> n == 2;
            default -> n == 1;
        };
        if (!countOk) {
            throw DynamoException.validation(INVALID + "Invalid number of argument(s) for the " + operator
                    + " ComparisonOperator");
        }
        if (n == 0) {
            return;
        }
        AttributeType type = operands.get(0).type();
        for (AttributeValue v : operands) {
            if (v.type() != type) {
                throw DynamoException.validation(INVALID + "AttributeValues inside AttributeValueList must be of "
                        + "same type");
            }
        }
        // EQ and NE take any type, lists and maps included; the others scalars only (begins_with: S and B).
        boolean typeOk = switch (operator) {
            case "EQ", "NE" -> true;
            case "BEGINS_WITH" -> type == AttributeType.S || type == AttributeType.B;
            default -> SCALARS.contains(type);
        };
        if (!typeOk) {
            throw DynamoException.validation(INVALID + "ComparisonOperator " + operator + " is not valid for " + type
                    + " AttributeValue type");
        }
        if (operator.equals("BETWEEN") && Arrays.compareUnsigned(KeyEncoding.encode(operands.get(0)),
                KeyEncoding.encode(operands.get(1))) > 0) {
            throw DynamoException.validation("The BETWEEN condition was provided a range where the lower bound is "
                    + "greater than the upper bound");
        }
    }

    /** One legacy comparison as expression text; its legacy semantics are those of the expression (see the docs). */
    private String comparison(String attribute, String operator, List<AttributeValue> operands) {
        String a = name(attribute);
        return switch (operator) {
            case "EQ" -> a + " = " + value(operands.get(0));
            case "NE" -> a + " <> " + value(operands.get(0));
            case "LE" -> a + " <= " + value(operands.get(0));
            case "LT" -> a + " < " + value(operands.get(0));
            case "GE" -> a + " >= " + value(operands.get(0));
            case "GT" -> a + " > " + value(operands.get(0));
            case "NOT_NULL" -> "attribute_exists(" + a + ")";
            case "NULL" -> "attribute_not_exists(" + a + ")";
            case "CONTAINS" -> "contains(" + a + ", " + value(operands.get(0)) + ")";
            case "NOT_CONTAINS" -> "NOT contains(" + a + ", " + value(operands.get(0)) + ")";
            case "BEGINS_WITH" -> "begins_with(" + a + ", " + value(operands.get(0)) + ")";
            case "BETWEEN" -> a + " BETWEEN " + value(operands.get(0)) + " AND " + value(operands.get(1));
            case "IN" -> {
                StringJoiner list = new StringJoiner(", ", a + " IN (", ")");
                for (AttributeValue v : operands) {
                    list.add(value(v));
                }
                yield list.toString();
            }
            default -> throw new IllegalArgumentException("unknown ComparisonOperator " + operator);
        };
    }

    private static String join(List<String> parts, String conditionalOperator) {
        if (parts.isEmpty()) {
            return null;
        }
        return String.join("OR".equals(conditionalOperator) ? " OR " : " AND ", parts);
    }

    // ---------------------------------------------------------------- projection and update

    /**
     * AttributesToGet as ProjectionExpression text; null when absent.
     *
     * @param member how DynamoDB names the parameter in its messages ("attributesToGet" or a path to it)
     */
    String attributesToGet(JsonRequest request, String member) {
        List<JsonNode> list = request.list("AttributesToGet");
        if (list == null) {
            return null;
        }
        if (list.isEmpty()) {
            throw DynamoException.validation("1 validation error detected: Value '[]' at '" + member + "' failed to "
                    + "satisfy constraint: Member must have length greater than or equal to 1");
        }
        Set<String> seen = new HashSet<>();
        StringJoiner projection = new StringJoiner(", ");
        for (JsonNode n : list) {
            String attribute = n.isTextual() ? n.textValue() : n.asText();
            if (!seen.add(attribute)) {
                throw DynamoException.validation(INVALID + "Duplicate value in attribute name: " + attribute);
            }
            projection.add(name(attribute));
        }
        return projection.toString();
    }

    /**
     * AttributeUpdates as UpdateExpression text; null when absent or empty. PUT sets the value; DELETE without a value
     * removes the attribute and with a set subtracts it; ADD adds to a number or set (a missing attribute counts as 0
     * or the empty set) and appends to a list.
     */
    String attributeUpdates(JsonRequest request) {
        JsonNode updates = request.object("AttributeUpdates");
        if (updates == null) {
            return null;
        }
        List<String> attributes = new ArrayList<>();
        updates.fieldNames().forEachRemaining(attributes::add);
        Validation v = new Validation();
        for (String attribute : attributes) {
            v.enumValue(JsonRequest.string(JsonRequest.object(updates, attribute), "Action"),
                    "attributeUpdates." + attribute + ".member.action", ATTRIBUTE_ACTIONS);
        }
        v.check();
        List<String> set = new ArrayList<>();
        List<String> add = new ArrayList<>();
        List<String> remove = new ArrayList<>();
        List<String> delete = new ArrayList<>();
        for (String attribute : attributes) {
            JsonNode u = JsonRequest.object(updates, attribute);
            String action = JsonRequest.string(u, "Action");
            action = action == null ? "PUT" : action;
            JsonNode valueNode = JsonRequest.object(u, "Value");
            AttributeValue value = valueNode == null ? null : AttributeValueJson.read(valueNode);
            if (value == null && !action.equals("DELETE")) {
                throw DynamoException.validation(INVALID + "Only DELETE action is allowed when no attribute value is "
                        + "specified");
            }
            if (value != null && action.equals("DELETE") && !SETS.contains(value.type())) {
                throw DynamoException.validation(INVALID + "DELETE action with value is not supported for the type "
                        + value.type());
            }
            if (value != null && action.equals("ADD") && !SETS.contains(value.type())
                    && value.type() != AttributeType.N && value.type() != AttributeType.L) {
                throw DynamoException.validation(INVALID + "ADD action is not supported for the type " + value.type());
            }
            String a = name(attribute);
            switch (action) {
                case "PUT" -> set.add(a + " = " + value(value));
                case "DELETE" -> {
                    if (value == null) {
                        remove.add(a);
                    } else {
                        delete.add(a + " " + value(value));
                    }
                }
                default -> {
                    if (value.type() == AttributeType.L) {
                        set.add(a + " = list_append(if_not_exists(" + a + ", " + value(new AttributeValue.L(List.of()))
                                + "), " + value(value) + ")");
                    } else {
                        add.add(a + " " + value(value));
                    }
                }
            }
        }
        StringJoiner text = new StringJoiner(" ");
        clause(text, "SET", set);
        clause(text, "ADD", add);
        clause(text, "REMOVE", remove);
        clause(text, "DELETE", delete);
        return text.length() == 0 ? null : text.toString();
    }

    private static void clause(StringJoiner text, String keyword, List<String> actions) {
        if (!actions.isEmpty()) {
            text.add(keyword + " " + String.join(", ", actions));
        }
    }

    // ---------------------------------------------------------------- placeholders

    private String name(String attribute) {
        return placeholders.computeIfAbsent(attribute, a -> {
            String placeholder = namePrefix + names.size();
            names.put(placeholder, a);
            return placeholder;
        });
    }

    private String value(AttributeValue v) {
        String placeholder = valuePrefix + values.size();
        values.put(placeholder, v);
        return placeholder;
    }

    private static String lowerFirst(String s) {
        return Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
