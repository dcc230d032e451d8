package dev.rewind.expression;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.rewind.model.AttributeValue;
import dev.rewind.model.Bytes;
import dev.rewind.model.DynamoNumber;

/** Short ways to write attribute values and items in tests. */
final class TestValues {
    private TestValues() {
    }

    static AttributeValue s(String v) {
        return new AttributeValue.S(v);
    }

    static AttributeValue n(String v) {
        return AttributeValue.N.of(v);
    }

    static AttributeValue n(long v) {
        return AttributeValue.N.of(v);
    }

    static AttributeValue b(int... bytes) {
        byte[] data = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            data[i] = (byte) bytes[i];
        }
        return new AttributeValue.B(Bytes.wrap(data));
    }

    static AttributeValue bool(boolean v) {
        return AttributeValue.Bool.of(v);
    }

    static AttributeValue nul() {
        return AttributeValue.Null.INSTANCE;
    }

    static AttributeValue ss(String... v) {
        return new AttributeValue.SS(List.of(v));
    }

    static AttributeValue ns(String... v) {
        return new AttributeValue.NS(Arrays.stream(v).map(DynamoNumber::parse).toList());
    }

    static AttributeValue ns(BigDecimal... v) {
        return new AttributeValue.NS(List.of(v));
    }

    static AttributeValue bs(AttributeValue... binaries) {
        return new AttributeValue.BS(Arrays.stream(binaries).map(x -> ((AttributeValue.B) x).value()).toList());
    }

    static AttributeValue l(AttributeValue... v) {
        return new AttributeValue.L(List.of(v));
    }

    /** A map value from alternating names and values. */
    static AttributeValue m(Object... pairs) {
        return new AttributeValue.M(item(pairs));
    }

    /** An item from alternating names and values. */
    static Map<String, AttributeValue> item(Object... pairs) {
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put((String) pairs[i], (AttributeValue) pairs[i + 1]);
        }
        return out;
    }

    /** ExpressionAttributeNames from alternating placeholders and names. */
    static Map<String, String> names(String... pairs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put(pairs[i], pairs[i + 1]);
        }
        return out;
    }

    static ExpressionContext context(Map<String, String> names, Map<String, AttributeValue> values) {
        return new ExpressionContext(names, values);
    }

    static ExpressionContext values(Object... pairs) {
        return new ExpressionContext(null, item(pairs));
    }
}
