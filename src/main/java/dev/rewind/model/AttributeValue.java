package dev.rewind.model;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * A DynamoDB attribute value. Sets keep their elements in the order given (DynamoDB does not promise an order) and
 * never hold duplicates or nothing (the protocol layer rejects both). Maps keep insertion order.
 */
public sealed interface AttributeValue {

    AttributeType type();

    /** S: a UTF-8 string. */
    record S(String value) implements AttributeValue {
        public S {
            requireNonNull(value, "value is null");
        }

        @Override
        public AttributeType type() {
            return AttributeType.S;
        }
    }

    /** N: a number, held normalized (trailing zeros stripped) so equal numbers are equal records. */
    record N(BigDecimal value) implements AttributeValue {
        public N {
            requireNonNull(value, "value is null");
        }

        public static N of(String text) {
            return new N(DynamoNumber.parse(text));
        }

        public static N of(long v) {
            return new N(DynamoNumber.check(BigDecimal.valueOf(v)));
        }

        public String text() {
            return DynamoNumber.canonical(value);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof N n && value.compareTo(n.value) == 0;
        }

        @Override
        public int hashCode() {
            return value.signum() == 0 ? 0 : value.stripTrailingZeros().hashCode();
        }

        @Override
        public AttributeType type() {
            return AttributeType.N;
        }
    }

    /** B: binary data. */
    record B(Bytes value) implements AttributeValue {
        public B {
            requireNonNull(value, "value is null");
        }

        @Override
        public AttributeType type() {
            return AttributeType.B;
        }
    }

    /** SS: a set of strings. */
    record SS(List<String> values) implements AttributeValue {
        public SS {
            values = List.copyOf(values);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SS s && values.size() == s.values.size() && values.containsAll(s.values);
        }

        @Override
        public int hashCode() {
            return values.stream().mapToInt(String::hashCode).sum();
        }

        @Override
        public AttributeType type() {
            return AttributeType.SS;
        }
    }

    /** NS: a set of numbers. */
    record NS(List<BigDecimal> values) implements AttributeValue {
        public NS {
            values = List.copyOf(values);
        }

        public boolean containsNumber(BigDecimal n) {
            for (BigDecimal v : values) {
                if (v.compareTo(n) == 0) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof NS s) || values.size() != s.values.size()) {
                return false;
            }
            for (BigDecimal v : values) {
                if (!s.containsNumber(v)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int hashCode() {
            return values.stream().mapToInt(v -> v.signum() == 0 ? 0 : v.stripTrailingZeros().hashCode()).sum();
        }

        @Override
        public AttributeType type() {
            return AttributeType.NS;
        }
    }

    /** BS: a set of binary values. */
    record BS(List<Bytes> values) implements AttributeValue {
        public BS {
            values = List.copyOf(values);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof BS s && values.size() == s.values.size() && values.containsAll(s.values);
        }

        @Override
        public int hashCode() {
            return values.stream().mapToInt(Bytes::hashCode).sum();
        }

        @Override
        public AttributeType type() {
            return AttributeType.BS;
        }
    }

    /** M: a map from attribute names to values. */
    record M(Map<String, AttributeValue> values) implements AttributeValue {
        public M {
            requireNonNull(values, "values is null");
        }

        @Override
        public AttributeType type() {
            return AttributeType.M;
        }
    }

    /** L: a list of values. */
    record L(List<AttributeValue> values) implements AttributeValue {
        public L {
            requireNonNull(values, "values is null");
        }

        @Override
        public AttributeType type() {
            return AttributeType.L;
        }
    }

    /** NULL: true. */
    record Null() implements AttributeValue {
        public static final Null INSTANCE = new Null();

        @Override
        public AttributeType type() {
            return AttributeType.NULL;
        }
    }

    /** BOOL. */
    record Bool(boolean value) implements AttributeValue {
        public static final Bool TRUE = new Bool(true);
        public static final Bool FALSE = new Bool(false);

        public static Bool of(boolean b) {
            return b ? TRUE : FALSE;
        }

        @Override
        public AttributeType type() {
            return AttributeType.BOOL;
        }
    }

    static S s(String v) {
        return new S(v);
    }

    static N n(String v) {
        return N.of(v);
    }

    static N n(long v) {
        return N.of(v);
    }

    static B b(byte[] v) {
        return new B(Bytes.copyOf(v));
    }
}
