package dev.rewind.protocol;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;

import dev.rewind.error.DynamoException;
import dev.rewind.model.AttributeValue;
import dev.rewind.model.Bytes;
import dev.rewind.model.DynamoNumber;

/**
 * DynamoDB JSON ({@code {"S":"x"}}, {@code {"M":{…}}}, …) to and from {@link AttributeValue}, with DynamoDB's
 * validation messages for malformed values.
 */
public final class AttributeValueJson {
    /** DynamoDB's documented maximum nesting depth of maps and lists. */
    public static final int MAX_DEPTH = 32;

    private AttributeValueJson() {
    }

    public static Map<String, AttributeValue> readItem(JsonNode node) {
        return readMap(node, 0);
    }

    private static Map<String, AttributeValue> readMap(JsonNode node, int depth) {
        if (!node.isObject()) {
            throw DynamoException.serialization("Unexpected value type in payload");
        }
        Map<String, AttributeValue> out = new LinkedHashMap<>(Math.max(4, node.size() * 2));
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), read(e.getValue(), depth));
        }
        return out;
    }

    public static AttributeValue read(JsonNode node) {
        return read(node, 0);
    }

    private static AttributeValue read(JsonNode node, int depth) {
        if (node == null || node.isNull()) {
            throw DynamoException.validation(
                    "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
        }
        if (!node.isObject()) {
            throw DynamoException.serialization("Unexpected value type in payload");
        }
        if (depth > MAX_DEPTH) {
            throw DynamoException.validation("Nesting Levels have exceeded supported limits");
        }
        AttributeValue result = null;
        int set = 0;
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (v.isNull()) {
                continue; // SDKs omit unset members; an explicit null counts as unset
            }
            set++;
            result = switch (e.getKey()) {
                case "S" -> new AttributeValue.S(text(v));
                case "N" -> new AttributeValue.N(DynamoNumber.parse(text(v)));
                case "B" -> new AttributeValue.B(binary(v));
                case "BOOL" -> {
                    if (!v.isBoolean()) {
                        throw DynamoException.serialization("Unexpected value type in payload");
                    }
                    yield AttributeValue.Bool.of(v.booleanValue());
                }
                case "NULL" -> {
                    if (!v.isBoolean()) {
                        throw DynamoException.serialization("Unexpected value type in payload");
                    }
                    if (!v.booleanValue()) {
                        throw DynamoException.validation("One or more parameter values were invalid: "
                                + "Null attribute value types must have the value of true");
                    }
                    yield AttributeValue.Null.INSTANCE;
                }
                case "SS" -> {
                    List<String> values = new ArrayList<>();
                    for (JsonNode x : array(v)) {
                        values.add(text(x));
                    }
                    checkSet(values, "An string set  may not be empty");
                    yield new AttributeValue.SS(values);
                }
                case "NS" -> {
                    List<BigDecimal> values = new ArrayList<>();
                    List<String> texts = new ArrayList<>();
                    for (JsonNode x : array(v)) {
                        String t = text(x);
                        texts.add(t);
                        values.add(DynamoNumber.parse(t));
                    }
                    if (values.isEmpty()) {
                        throw DynamoException.validation(
                                "One or more parameter values were invalid: An number set  may not be empty");
                    }
                    Set<BigDecimal> seen = new HashSet<>();
                    for (BigDecimal d : values) {
                        if (!seen.add(d)) {
                            throw duplicates(texts);
                        }
                    }
                    yield new AttributeValue.NS(values);
                }
                case "BS" -> {
                    List<Bytes> values = new ArrayList<>();
                    for (JsonNode x : array(v)) {
                        values.add(binary(x));
                    }
                    if (values.isEmpty()) {
                        throw DynamoException.validation(
                                "One or more parameter values were invalid: Binary sets should not be empty");
                    }
                    if (new HashSet<>(values).size() != values.size()) {
                        throw DynamoException.validation(
                                "One or more parameter values were invalid: Input collection contains duplicates.");
                    }
                    yield new AttributeValue.BS(values);
                }
                case "M" -> new AttributeValue.M(readMap(v, depth + 1));
                case "L" -> {
                    List<AttributeValue> values = new ArrayList<>(v.size());
                    for (JsonNode x : array(v)) {
                        values.add(read(x, depth + 1));
                    }
                    yield new AttributeValue.L(values);
                }
                default -> throw DynamoException.serialization(
                        "Unknown member " + e.getKey() + " in AttributeValue");
            };
        }
        if (set == 0) {
            throw DynamoException.validation(
                    "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
        }
        if (set > 1) {
            throw DynamoException.validation("Supplied AttributeValue has more than one datatypes set, "
                    + "must contain exactly one of the supported datatypes");
        }
        return result;
    }

    private static void checkSet(List<String> values, String emptyMessage) {
        if (values.isEmpty()) {
            throw DynamoException.validation("One or more parameter values were invalid: " + emptyMessage);
        }
        if (new HashSet<>(values).size() != values.size()) {
            throw duplicates(values);
        }
    }

    private static DynamoException duplicates(List<String> values) {
        return DynamoException.validation(
                "One or more parameter values were invalid: Input collection " + values + " contains duplicates.");
    }

    private static JsonNode array(JsonNode v) {
        if (!v.isArray()) {
            throw DynamoException.serialization("Unexpected value type in payload");
        }
        return v;
    }

    private static String text(JsonNode v) {
        if (!v.isTextual()) {
            throw DynamoException.serialization("Unexpected value type in payload");
        }
        return v.textValue();
    }

    private static Bytes binary(JsonNode v) {
        if (!v.isTextual()) {
            throw DynamoException.serialization("Unexpected value type in payload");
        }
        try {
            return Bytes.wrap(java.util.Base64.getMimeDecoder().decode(v.textValue()));
        } catch (IllegalArgumentException e) {
            throw DynamoException.serialization("Base64 encoded length is expected a multiple of 4 bytes but found: "
                    + v.textValue().length());
        }
    }

    public static void writeItem(JsonGenerator g, Map<String, AttributeValue> item) throws IOException {
        g.writeStartObject();
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            g.writeFieldName(e.getKey());
            write(g, e.getValue());
        }
        g.writeEndObject();
    }

    public static void write(JsonGenerator g, AttributeValue value) throws IOException {
        g.writeStartObject();
        switch (value.type()) {
            case S -> g.writeStringField("S", ((AttributeValue.S) value).value());
            case N -> g.writeStringField("N", ((AttributeValue.N) value).text());
            case B -> g.writeStringField("B", ((AttributeValue.B) value).value().toBase64());
            case BOOL -> g.writeBooleanField("BOOL", ((AttributeValue.Bool) value).value());
            case NULL -> g.writeBooleanField("NULL", true);
            case SS -> {
                g.writeArrayFieldStart("SS");
                for (String s : ((AttributeValue.SS) value).values()) {
                    g.writeString(s);
                }
                g.writeEndArray();
            }
            case NS -> {
                g.writeArrayFieldStart("NS");
                for (BigDecimal n : ((AttributeValue.NS) value).values()) {
                    g.writeString(DynamoNumber.canonical(n));
                }
                g.writeEndArray();
            }
            case BS -> {
                g.writeArrayFieldStart("BS");
                for (Bytes b : ((AttributeValue.BS) value).values()) {
                    g.writeString(b.toBase64());
                }
                g.writeEndArray();
            }
            case M -> {
                g.writeFieldName("M");
                writeItem(g, ((AttributeValue.M) value).values());
            }
            case L -> {
                g.writeArrayFieldStart("L");
                for (AttributeValue v : ((AttributeValue.L) value).values()) {
                    write(g, v);
                }
                g.writeEndArray();
            }
        }
        g.writeEndObject();
    }
}
