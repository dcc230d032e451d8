package dev.rewind.model;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Item size as DynamoDB counts it against the 400 KB limit
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html):
 * attribute names and strings by UTF-8 length, binary by length, numbers by one byte per two significant digits plus
 * one, NULL and BOOL one byte, lists and maps three bytes plus one byte per element plus their contents.
 */
public final class ItemSize {
    public static final int MAX_ITEM_SIZE_BYTES = 400 * 1024;

    private ItemSize() {
    }

    public static int of(Map<String, AttributeValue> item) {
        int size = 0;
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            size += utf8Length(e.getKey()) + of(e.getValue());
        }
        return size;
    }

    public static int of(AttributeValue value) {
        return switch (value.type()) {
            case S -> utf8Length(((AttributeValue.S) value).value());
            case N -> numberSize(((AttributeValue.N) value).value());
            case B -> ((AttributeValue.B) value).value().length();
            case SS -> ((AttributeValue.SS) value).values().stream().mapToInt(ItemSize::utf8Length).sum();
            case NS -> ((AttributeValue.NS) value).values().stream().mapToInt(ItemSize::numberSize).sum();
            case BS -> ((AttributeValue.BS) value).values().stream().mapToInt(Bytes::length).sum();
            case M -> {
                int size = 3;
                for (Map.Entry<String, AttributeValue> e : ((AttributeValue.M) value).values().entrySet()) {
                    size += 1 + utf8Length(e.getKey()) + of(e.getValue());
                }
                yield size;
            }
            case L -> {
                int size = 3;
                for (AttributeValue v : ((AttributeValue.L) value).values()) {
                    size += 1 + of(v);
                }
                yield size;
            }
            case NULL, BOOL -> 1;
        };
    }

    static int numberSize(BigDecimal n) {
        if (n.signum() == 0) {
            return 1;
        }
        int digits = n.stripTrailingZeros().precision();
        return (digits + 1) / 2 + 1;
    }

    public static int utf8Length(String s) {
        int len = s.length();
        int bytes = len;
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) {
                    bytes += 1;
                } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                    bytes += 2;
                    i++;
                } else {
                    bytes += 2;
                }
            }
        }
        return bytes;
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
