package dev.rewind.expression;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import dev.rewind.model.AttributeValue;
import dev.rewind.model.Bytes;

/** Comparisons and type names for attribute values, as expressions see them. */
final class Values {
    private Values() {
    }

    /**
     * Orders two values of the same scalar type (S by UTF-8 bytes, N numerically, B by unsigned bytes); null when
     * they cannot be ordered (different types, or not S, N or B).
     */
    static Integer compare(AttributeValue a, AttributeValue b) {
        if (a instanceof AttributeValue.S x && b instanceof AttributeValue.S y) {
            return compareUtf8(x.value(), y.value());
        }
        if (a instanceof AttributeValue.N x && b instanceof AttributeValue.N y) {
            return x.value().compareTo(y.value());
        }
        if (a instanceof AttributeValue.B x && b instanceof AttributeValue.B y) {
            return x.value().compareTo(y.value());
        }
        return null;
    }

    /** Compares strings as their UTF-8 encodings would compare (which is code point order, not UTF-16 order). */
    static int compareUtf8(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    static boolean isOrderable(String type) {
        return type.equals("S") || type.equals("N") || type.equals("B");
    }

    /** The descriptor DynamoDB uses in messages: S, N, B, SS, NS, BS, M, L, NULL, BOOL. */
    static String typeName(AttributeValue v) {
        return v.type().name();
    }

    /** The long names DynamoDB uses in ADD/DELETE operand messages. */
    static String longTypeName(AttributeValue v) {
        return switch (v.type()) {
            case S -> "STRING";
            case N -> "NUMBER";
            case B -> "BINARY";
            case BOOL -> "BOOLEAN";
            case NULL -> "NULL";
            case L -> "LIST";
            case M -> "MAP";
            case SS -> "STRING_SET";
            case NS -> "NUMBER_SET";
            case BS -> "BINARY_SET";
        };
    }

    /**
     * size(): characters of a string (UTF-16 units, as DynamoDB's Java implementation counts), bytes of a binary,
     * elements of a set, list or map; null for other types (a comparison with it is then false).
     */
    static Integer size(AttributeValue v) {
        if (v instanceof AttributeValue.S s) {
            return s.value().length();
        } else if (v instanceof AttributeValue.B b) {
            return b.value().length();
        } else if (v instanceof AttributeValue.SS s) {
            return s.values().size();
        } else if (v instanceof AttributeValue.NS s) {
            return s.values().size();
        } else if (v instanceof AttributeValue.BS s) {
            return s.values().size();
        } else if (v instanceof AttributeValue.L l) {
            return l.values().size();
        } else if (v instanceof AttributeValue.M m) {
            return m.values().size();
        }
        return null;
    }

    static boolean beginsWith(AttributeValue a, AttributeValue prefix) {
        if (a instanceof AttributeValue.S s && prefix instanceof AttributeValue.S p) {
            return s.value().startsWith(p.value());
        }
        if (a instanceof AttributeValue.B b && prefix instanceof AttributeValue.B p) {
            return b.value().startsWith(p.value());
        }
        return false;
    }

    /** contains(a, b): substring of a string or binary, member of a set (of the matching type), element of a list. */
    static boolean contains(AttributeValue a, AttributeValue b) {
        if (a instanceof AttributeValue.S s) {
            return b instanceof AttributeValue.S part && s.value().contains(part.value());
        } else if (a instanceof AttributeValue.B bin) {
            return b instanceof AttributeValue.B part && bin.value().contains(part.value());
        } else if (a instanceof AttributeValue.SS set) {
            return b instanceof AttributeValue.S e && set.values().contains(e.value());
        } else if (a instanceof AttributeValue.NS set) {
            return b instanceof AttributeValue.N e && set.containsNumber(e.value());
        } else if (a instanceof AttributeValue.BS set) {
            return b instanceof AttributeValue.B e && set.values().contains(e.value());
        } else if (a instanceof AttributeValue.L list) {
            return list.values().contains(b);
        }
        return false;
    }

    /** The text DynamoDB shows for a BETWEEN bound in its error messages. */
    static String boundText(AttributeValue v) {
        if (v instanceof AttributeValue.S s) {
            return "AttributeValue: {S:" + s.value() + "}";
        } else if (v instanceof AttributeValue.N n) {
            return "AttributeValue: {N:" + n.text() + "}";
        } else if (v instanceof AttributeValue.B b) {
            int length = b.value().length();
            return "AttributeValue: {B:java.nio.HeapByteBuffer[pos=0 lim=" + length + " cap=" + length + "]}";
        }
        return "AttributeValue: {" + typeName(v) + ":" + v + "}";
    }

    /** Set union, keeping the order of {@code a} and appending the new elements of {@code b}; null on type mismatch. */
    static AttributeValue union(AttributeValue a, AttributeValue b) {
        if (a instanceof AttributeValue.SS x && b instanceof AttributeValue.SS y) {
            List<String> out = new ArrayList<>(x.values());
            y.values().stream().filter(e -> !out.contains(e)).forEach(out::add);
            return new AttributeValue.SS(out);
        } else if (a instanceof AttributeValue.NS x && b instanceof AttributeValue.NS y) {
            List<BigDecimal> out = new ArrayList<>(x.values());
            for (BigDecimal e : y.values()) {
                if (!new AttributeValue.NS(out).containsNumber(e)) {
                    out.add(e);
                }
            }
            return new AttributeValue.NS(out);
        } else if (a instanceof AttributeValue.BS x && b instanceof AttributeValue.BS y) {
            List<Bytes> out = new ArrayList<>(x.values());
            y.values().stream().filter(e -> !out.contains(e)).forEach(out::add);
            return new AttributeValue.BS(out);
        }
        return null;
    }

    /** Set difference {@code a - b}; the result may be empty (the caller removes the attribute then). */
    static AttributeValue minus(AttributeValue a, AttributeValue b) {
        if (a instanceof AttributeValue.SS x && b instanceof AttributeValue.SS y) {
            return new AttributeValue.SS(x.values().stream().filter(e -> !y.values().contains(e)).toList());
        } else if (a instanceof AttributeValue.NS x && b instanceof AttributeValue.NS y) {
            return new AttributeValue.NS(x.values().stream().filter(e -> !y.containsNumber(e)).toList());
        } else if (a instanceof AttributeValue.BS x && b instanceof AttributeValue.BS y) {
            return new AttributeValue.BS(x.values().stream().filter(e -> !y.values().contains(e)).toList());
        }
        return null;
    }

    static boolean isEmptySet(AttributeValue v) {
        return (v instanceof AttributeValue.SS s && s.values().isEmpty())
                || (v instanceof AttributeValue.NS n && n.values().isEmpty())
                || (v instanceof AttributeValue.BS b && b.values().isEmpty());
    }

    static boolean isSet(AttributeValue v) {
        return v instanceof AttributeValue.SS || v instanceof AttributeValue.NS || v instanceof AttributeValue.BS;
    }
}
