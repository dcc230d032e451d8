package dev.rewind.model;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compact binary encoding of items for storage.
 *
 * <p>On-disk format (persisted; do not reorder tags): a format byte {@code 1}, a varint attribute count, then per
 * attribute a varint-length UTF-8 name and a value. A value is a tag byte and its payload:
 * 1 S (varint length, UTF-8), 2 N (varint length, canonical ASCII digits), 3 B (varint length, bytes),
 * 4 SS / 5 NS / 6 BS (varint count, then elements as their scalar payloads), 7 M (varint count, name/value pairs),
 * 8 L (varint count, values), 9 NULL, 10 BOOL true, 11 BOOL false.
 */
public final class ItemCodec {
    private static final byte FORMAT = 1;
    private static final byte S = 1, N = 2, B = 3, SS = 4, NS = 5, BS = 6, M = 7, L = 8, NULL = 9, TRUE = 10, FALSE = 11;

    private ItemCodec() {
    }

    public static byte[] encode(Map<String, AttributeValue> item) {
        KeyEncoding.Writer w = new KeyEncoding.Writer(128);
        w.write(FORMAT);
        writeMap(item, w);
        return w.toByteArray();
    }

    public static Map<String, AttributeValue> decode(byte[] data) {
        if (data[0] != FORMAT) {
            throw new IllegalStateException("unknown item format " + data[0]);
        }
        Reader r = new Reader(data, 1);
        return readMap(r);
    }

    private static void writeMap(Map<String, AttributeValue> map, KeyEncoding.Writer w) {
        w.writeVarInt(map.size());
        for (Map.Entry<String, AttributeValue> e : map.entrySet()) {
            writeString(e.getKey(), w);
            writeValue(e.getValue(), w);
        }
    }

    private static void writeString(String s, KeyEncoding.Writer w) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        w.writeVarInt(b.length);
        w.write(b);
    }

    private static void writeBytes(Bytes b, KeyEncoding.Writer w) {
        w.writeVarInt(b.length());
        w.write(b.unsafeArray());
    }

    private static void writeNumber(BigDecimal n, KeyEncoding.Writer w) {
        String s = DynamoNumber.canonical(n);
        w.writeVarInt(s.length());
        for (int i = 0; i < s.length(); i++) {
            w.write((byte) s.charAt(i));
        }
    }

    private static void writeValue(AttributeValue v, KeyEncoding.Writer w) {
        switch (v.type()) {
            case S -> {
                w.write(S);
                writeString(((AttributeValue.S) v).value(), w);
            }
            case N -> {
                w.write(N);
                writeNumber(((AttributeValue.N) v).value(), w);
            }
            case B -> {
                w.write(B);
                writeBytes(((AttributeValue.B) v).value(), w);
            }
            case SS -> {
                List<String> values = ((AttributeValue.SS) v).values();
                w.write(SS);
                w.writeVarInt(values.size());
                values.forEach(s -> writeString(s, w));
            }
            case NS -> {
                List<BigDecimal> values = ((AttributeValue.NS) v).values();
                w.write(NS);
                w.writeVarInt(values.size());
                values.forEach(n -> writeNumber(n, w));
            }
            case BS -> {
                List<Bytes> values = ((AttributeValue.BS) v).values();
                w.write(BS);
                w.writeVarInt(values.size());
                values.forEach(b -> writeBytes(b, w));
            }
            case M -> {
                w.write(M);
                writeMap(((AttributeValue.M) v).values(), w);
            }
            case L -> {
                List<AttributeValue> values = ((AttributeValue.L) v).values();
                w.write(L);
                w.writeVarInt(values.size());
                values.forEach(x -> writeValue(x, w));
            }
            case NULL -> w.write(NULL);
            case BOOL -> w.write(((AttributeValue.Bool) v).value() ? TRUE : FALSE);
        }
    }

    /**
     * DynamoDB's size of a stored item (see {@link ItemSize}), read from its encoded bytes without decoding it.
     */
    public static int size(byte[] data) {
        if (data[0] != FORMAT) {
            throw new IllegalStateException("unknown item format " + data[0]);
        }
        Reader r = new Reader(data, 1);
        int n = r.varInt();
        int size = 0;
        for (int i = 0; i < n; i++) {
            size += r.skipString() + valueSize(r);
        }
        return size;
    }

    private static int valueSize(Reader r) {
        byte tag = r.data[r.pos++];
        switch (tag) {
            case S:
            case B:
                return r.skipString();
            case N:
                return numberSize(r);
            case SS:
            case BS: {
                int n = r.varInt();
                int size = 0;
                for (int i = 0; i < n; i++) {
                    size += r.skipString();
                }
                return size;
            }
            case NS: {
                int n = r.varInt();
                int size = 0;
                for (int i = 0; i < n; i++) {
                    size += numberSize(r);
                }
                return size;
            }
            case M: {
                int n = r.varInt();
                int size = 3;
                for (int i = 0; i < n; i++) {
                    size += 1 + r.skipString() + valueSize(r);
                }
                return size;
            }
            case L: {
                int n = r.varInt();
                int size = 3;
                for (int i = 0; i < n; i++) {
                    size += 1 + valueSize(r);
                }
                return size;
            }
            case NULL:
            case TRUE:
            case FALSE:
                return 1;
            default:
                throw new IllegalStateException("unknown value tag " + tag);
        }
    }

    /** One byte per two significant digits plus one (as {@link ItemSize}), from the canonical text. */
    private static int numberSize(Reader r) {
        int n = r.varInt();
        int first = -1;
        int last = -1;
        int digits = 0;
        for (int i = r.pos; i < r.pos + n; i++) {
            byte c = r.data[i];
            if (c >= '0' && c <= '9') {
                if (c != '0') {
                    if (first < 0) {
                        first = digits;
                    }
                    last = digits;
                }
                digits++;
            }
        }
        r.pos += n;
        if (first < 0) {
            return 1; // zero
        }
        int significant = last - first + 1;
        return (significant + 1) / 2 + 1;
    }

    /**
     * Writes a stored item as DynamoDB JSON ({@code {"name":{"S":"…"},…}}) straight from its encoded bytes, without
     * building attribute values: the read path's fast lane.
     */
    public static void writeJson(byte[] data, com.fasterxml.jackson.core.JsonGenerator g) throws java.io.IOException {
        if (data[0] != FORMAT) {
            throw new IllegalStateException("unknown item format " + data[0]);
        }
        Reader r = new Reader(data, 1);
        writeJsonMap(r, g);
    }

    private static final com.fasterxml.jackson.core.io.SerializedString JSON_S =
            new com.fasterxml.jackson.core.io.SerializedString("S");
    private static final com.fasterxml.jackson.core.io.SerializedString JSON_N =
            new com.fasterxml.jackson.core.io.SerializedString("N");
    private static final com.fasterxml.jackson.core.io.SerializedString JSON_B =
            new com.fasterxml.jackson.core.io.SerializedString("B");

    private static void writeJsonMap(Reader r, com.fasterxml.jackson.core.JsonGenerator g) throws java.io.IOException {
        int n = r.varInt();
        g.writeStartObject();
        for (int i = 0; i < n; i++) {
            g.writeFieldName(r.string());
            writeJsonValue(r, g);
        }
        g.writeEndObject();
    }

    private static void writeJsonValue(Reader r, com.fasterxml.jackson.core.JsonGenerator g) throws java.io.IOException {
        byte tag = r.data[r.pos++];
        g.writeStartObject();
        switch (tag) {
            case S -> {
                g.writeFieldName(JSON_S);
                r.writeUtf8(g);
            }
            case N -> {
                g.writeFieldName(JSON_N);
                r.writeAscii(g);
            }
            case B -> {
                g.writeFieldName(JSON_B);
                byte[] encoded = java.util.Base64.getEncoder().encode(r.bytes().unsafeArray());
                g.writeRawUTF8String(encoded, 0, encoded.length);
            }
            case SS -> {
                g.writeArrayFieldStart("SS");
                int n = r.varInt();
                for (int i = 0; i < n; i++) {
                    r.writeUtf8(g);
                }
                g.writeEndArray();
            }
            case NS -> {
                g.writeArrayFieldStart("NS");
                int n = r.varInt();
                for (int i = 0; i < n; i++) {
                    r.writeAscii(g);
                }
                g.writeEndArray();
            }
            case BS -> {
                g.writeArrayFieldStart("BS");
                int n = r.varInt();
                for (int i = 0; i < n; i++) {
                    g.writeString(java.util.Base64.getEncoder().encodeToString(r.bytes().unsafeArray()));
                }
                g.writeEndArray();
            }
            case M -> {
                g.writeFieldName("M");
                writeJsonMap(r, g);
            }
            case L -> {
                g.writeArrayFieldStart("L");
                int n = r.varInt();
                for (int i = 0; i < n; i++) {
                    writeJsonValue(r, g);
                }
                g.writeEndArray();
            }
            case NULL -> g.writeBooleanField("NULL", true);
            case TRUE -> g.writeBooleanField("BOOL", true);
            case FALSE -> g.writeBooleanField("BOOL", false);
            default -> throw new IllegalStateException("unknown value tag " + tag);
        }
        g.writeEndObject();
    }

    private static Map<String, AttributeValue> readMap(Reader r) {
        int n = r.varInt();
        Map<String, AttributeValue> map = new LinkedHashMap<>(Math.max(4, n * 2));
        for (int i = 0; i < n; i++) {
            String name = r.string();
            map.put(name, readValue(r));
        }
        return map;
    }

    private static AttributeValue readValue(Reader r) {
        byte tag = r.data[r.pos++];
        switch (tag) {
            case S:
                return new AttributeValue.S(r.string());
            case N:
                return new AttributeValue.N(r.number());
            case B:
                return new AttributeValue.B(r.bytes());
            case SS: {
                int n = r.varInt();
                List<String> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    list.add(r.string());
                }
                return new AttributeValue.SS(list);
            }
            case NS: {
                int n = r.varInt();
                List<BigDecimal> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    list.add(r.number());
                }
                return new AttributeValue.NS(list);
            }
            case BS: {
                int n = r.varInt();
                List<Bytes> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    list.add(r.bytes());
                }
                return new AttributeValue.BS(list);
            }
            case M:
                return new AttributeValue.M(readMap(r));
            case L: {
                int n = r.varInt();
                List<AttributeValue> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    list.add(readValue(r));
                }
                return new AttributeValue.L(list);
            }
            case NULL:
                return AttributeValue.Null.INSTANCE;
            case TRUE:
                return AttributeValue.Bool.TRUE;
            case FALSE:
                return AttributeValue.Bool.FALSE;
            default:
                throw new IllegalStateException("unknown value tag " + tag);
        }
    }

    private static final class Reader {
        final byte[] data;
        int pos;

        Reader(byte[] data, int pos) {
            this.data = data;
            this.pos = pos;
        }

        int varInt() {
            int result = 0;
            int shift = 0;
            while (true) {
                byte b = data[pos++];
                result |= (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return result;
                }
                shift += 7;
            }
        }

        String string() {
            int n = varInt();
            String s = new String(data, pos, n, StandardCharsets.UTF_8);
            pos += n;
            return s;
        }

        Bytes bytes() {
            int n = varInt();
            byte[] b = new byte[n];
            System.arraycopy(data, pos, b, 0, n);
            pos += n;
            return Bytes.wrap(b);
        }

        /** Skips a varint-length string or byte run, returning its length in bytes. */
        int skipString() {
            int n = varInt();
            pos += n;
            return n;
        }

        /** Writes a varint-length ASCII run (a number's canonical text: nothing to escape) as a JSON string. */
        void writeAscii(com.fasterxml.jackson.core.JsonGenerator g) throws java.io.IOException {
            int n = varInt();
            g.writeRawUTF8String(data, pos, n);
            pos += n;
        }

        /**
         * Writes a varint-length UTF-8 run as a JSON string without decoding it: as is when nothing in it needs
         * escaping (no quote, backslash or control character), else through the generator's escaping.
         */
        void writeUtf8(com.fasterxml.jackson.core.JsonGenerator g) throws java.io.IOException {
            int n = varInt();
            boolean plain = true;
            for (int i = pos; i < pos + n; i++) {
                byte b = data[i];
                if ((b >= 0 && b < 0x20) || b == '"' || b == '\\' || b == 0x7F) {
                    plain = false;
                    break;
                }
            }
            if (plain) {
                g.writeRawUTF8String(data, pos, n);
            } else {
                g.writeUTF8String(data, pos, n);
            }
            pos += n;
        }

        BigDecimal number() {
            int n = varInt();
            BigDecimal v = new BigDecimal(new String(data, pos, n, StandardCharsets.ISO_8859_1));
            pos += n;
            return v;
        }
    }
}
