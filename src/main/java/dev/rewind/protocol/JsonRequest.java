package dev.rewind.protocol;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import dev.rewind.error.DynamoException;
import dev.rewind.model.AttributeValue;

/**
 * Typed access to a request body. Wrong JSON types are SerializationExceptions, as DynamoDB answers them; absent
 * members read as null.
 */
public final class JsonRequest {
    private final JsonNode root;

    public JsonRequest(JsonNode root) {
        this.root = root == null ? MissingNode.getInstance() : root;
    }

    public JsonNode root() {
        return root;
    }

    public JsonNode node(String name) {
        JsonNode n = root.get(name);
        return n == null || n.isNull() ? null : n;
    }

    public boolean has(String name) {
        return node(name) != null;
    }

    public String string(String name) {
        return string(root, name);
    }

    public static String string(JsonNode parent, String name) {
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw wrongType(n, "String");
        }
        return n.textValue();
    }

    public Boolean bool(String name) {
        return bool(root, name);
    }

    public static Boolean bool(JsonNode parent, String name) {
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isBoolean()) {
            throw wrongType(n, "Boolean");
        }
        return n.booleanValue();
    }

    public Long number(String name) {
        return number(root, name);
    }

    public static Long number(JsonNode parent, String name) {
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isNumber()) {
            throw wrongType(n, "Long");
        }
        return n.longValue();
    }

    /** A JSON array member; null when absent. */
    public List<JsonNode> list(String name) {
        return list(root, name);
    }

    public static List<JsonNode> list(JsonNode parent, String name) {
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isArray()) {
            throw wrongType(n, "List");
        }
        List<JsonNode> out = new ArrayList<>(n.size());
        n.forEach(out::add);
        return out;
    }

    /** A JSON object member; null when absent. */
    public JsonNode object(String name) {
        return object(root, name);
    }

    public static JsonNode object(JsonNode parent, String name) {
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isObject()) {
            throw wrongType(n, "Structure");
        }
        return n;
    }

    /** An item or key (map of attribute values); null when absent. */
    public Map<String, AttributeValue> item(String name) {
        JsonNode n = object(name);
        return n == null ? null : AttributeValueJson.readItem(n);
    }

    /** A map of strings (ExpressionAttributeNames); null when absent. */
    public Map<String, String> stringMap(String name) {
        JsonNode n = object(name);
        if (n == null) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = n.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw wrongType(e.getValue(), "String");
            }
            out.put(e.getKey(), e.getValue().textValue());
        }
        return out;
    }

    /** A map of attribute values (ExpressionAttributeValues); null when absent. */
    public Map<String, AttributeValue> valueMap(String name) {
        return item(name);
    }

    private static DynamoException wrongType(JsonNode n, String expected) {
        String actual = switch (n.getNodeType()) {
            case STRING -> "STRING_VALUE";
            case NUMBER -> "NUMBER_VALUE";
            case BOOLEAN -> n.booleanValue() ? "VALUE_TRUE" : "VALUE_FALSE";
            case ARRAY -> "START_ARRAY";
            case OBJECT -> "START_OBJECT";
            default -> "VALUE_NULL";
        };
        return DynamoException.serialization("Unexpected token received from parser: " + actual
                + " (expected " + expected + ")");
    }
}
