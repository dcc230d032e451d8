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

        BigDecimal number() {
            int n = varInt();
            BigDecimal v = new BigDecimal(new String(data, pos, n, StandardCharsets.ISO_8859_1));
            pos += n;
            return v;
        }
    }
}
