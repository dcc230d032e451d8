package dev.rewind.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * The stored item format round-trips every attribute type, nested to any depth, with names and strings of any
 * Unicode, numbers across the whole range and binary of any bytes. Seeded: a failure names the case seed
 * ({@code -Drewind.seed=...} replays a run).
 */
class ItemCodecTest {
    private static final long SEED = Long.getLong("rewind.seed", 0x17E3L);
    private static final int CASES = 2_000;

    /** Random nested items decode to equal items, and re-encoding is byte-identical (no drift on rewrite). */
    @Test
    void randomNestedItems_roundTrip() {
        for (int i = 0; i < CASES; i++) {
            long caseSeed = SEED * 1_000_003L + i;
            Map<String, AttributeValue> item = randomItem(new Random(caseSeed), 0);
            byte[] encoded = ItemCodec.encode(item);
            Map<String, AttributeValue> decoded = ItemCodec.decode(encoded);
            assertThat(decoded).as("case seed %d", caseSeed).isEqualTo(item);
            assertThat(List.copyOf(decoded.keySet())).as("case seed %d", caseSeed)
                    .isEqualTo(List.copyOf(item.keySet()));
            assertThat(ItemCodec.encode(decoded)).as("case seed %d", caseSeed).isEqualTo(encoded);
            assertThat(ItemSize.of(decoded)).as("case seed %d", caseSeed).isEqualTo(ItemSize.of(item));
        }
    }

    /**
     * The read path's fast lane: size and JSON computed from the encoded bytes equal those computed from the decoded
     * item, for random nested items.
     */
    @Test
    void randomNestedItems_sizeAndJsonFromBytes_matchDecoded() throws Exception {
        com.fasterxml.jackson.core.JsonFactory json = new com.fasterxml.jackson.core.JsonFactory();
        for (int i = 0; i < CASES; i++) {
            long caseSeed = SEED * 1_000_003L + i;
            Map<String, AttributeValue> item = randomItem(new Random(caseSeed), 0);
            byte[] encoded = ItemCodec.encode(item);
            assertThat(ItemCodec.size(encoded)).as("case seed %d", caseSeed).isEqualTo(ItemSize.of(item));
            // byte-stream generators, as the server uses (raw UTF-8 needs one)
            java.io.ByteArrayOutputStream fromBytes = new java.io.ByteArrayOutputStream();
            try (com.fasterxml.jackson.core.JsonGenerator g = json.createGenerator(fromBytes)) {
                ItemCodec.writeJson(encoded, g);
            }
            java.io.ByteArrayOutputStream fromItem = new java.io.ByteArrayOutputStream();
            try (com.fasterxml.jackson.core.JsonGenerator g = json.createGenerator(fromItem)) {
                dev.rewind.protocol.AttributeValueJson.writeItem(g, item);
            }
            // the same JSON value: the texts may differ in how characters outside the BMP are written
            // (escaped surrogate pairs, or 4-byte UTF-8), which every JSON reader decodes alike
            com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
            assertThat(mapper.readTree(fromBytes.toByteArray())).as("case seed %d", caseSeed)
                    .isEqualTo(mapper.readTree(fromItem.toByteArray()));
        }
    }

    /** The edges: empty item, empty containers, empty strings and binary, extreme numbers, long varints. */
    @Test
    void edgeValues_roundTrip() {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("emptyMap", new AttributeValue.M(Map.of()));
        item.put("emptyList", new AttributeValue.L(List.of()));
        item.put("emptyString", new AttributeValue.S(""));
        item.put("emptyBinary", new AttributeValue.B(Bytes.EMPTY));
        item.put("tiny", AttributeValue.N.of("1E-130"));
        item.put("huge", AttributeValue.N.of("-9.9999999999999999999999999999999999999E+125"));
        item.put("zero", AttributeValue.N.of("0"));
        item.put("long", new AttributeValue.S("x".repeat(300_000)));
        item.put("nul\0name\uD83D\uDE00", new AttributeValue.S("\0\uFFFF\uD83D\uDE00"));
        item.put("null", AttributeValue.Null.INSTANCE);
        item.put("t", AttributeValue.Bool.TRUE);
        item.put("f", AttributeValue.Bool.FALSE);
        assertThat(ItemCodec.decode(ItemCodec.encode(item))).isEqualTo(item);
        assertThat(ItemCodec.decode(ItemCodec.encode(Map.of()))).isEmpty();
    }

    static Map<String, AttributeValue> randomItem(Random random, int depth) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        int size = random.nextInt(depth == 0 ? 8 : 4);
        for (int i = 0; i < size; i++) {
            item.put(randomName(random), randomValue(random, depth));
        }
        return item;
    }

    private static AttributeValue randomValue(Random random, int depth) {
        int kinds = depth >= 4 ? 8 : 10;
        return switch (random.nextInt(kinds)) {
            case 0 -> new AttributeValue.S(randomText(random));
            case 1 -> new AttributeValue.N(KeyEncodingTest.randomNumber(random));
            case 2 -> new AttributeValue.B(Bytes.wrap(randomBytes(random)));
            case 3 -> {
                Set<String> values = new LinkedHashSet<>();
                int n = 1 + random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    values.add(randomText(random));
                }
                yield new AttributeValue.SS(List.copyOf(values));
            }
            case 4 -> {
                List<BigDecimal> values = new ArrayList<>();
                int n = 1 + random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    BigDecimal v = KeyEncodingTest.randomNumber(random);
                    if (values.stream().noneMatch(x -> x.compareTo(v) == 0)) {
                        values.add(v);
                    }
                }
                yield new AttributeValue.NS(values);
            }
            case 5 -> {
                Set<Bytes> values = new LinkedHashSet<>();
                int n = 1 + random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    values.add(Bytes.wrap(randomBytes(random)));
                }
                yield new AttributeValue.BS(List.copyOf(values));
            }
            case 6 -> AttributeValue.Null.INSTANCE;
            case 7 -> AttributeValue.Bool.of(random.nextBoolean());
            case 8 -> new AttributeValue.M(randomItem(random, depth + 1));
            default -> {
                List<AttributeValue> values = new ArrayList<>();
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    values.add(randomValue(random, depth + 1));
                }
                yield new AttributeValue.L(values);
            }
        };
    }

    private static String randomName(Random random) {
        String name = randomText(random);
        return name.isEmpty() ? "a" : name;
    }

    private static String randomText(Random random) {
        int length = random.nextInt(random.nextInt(20) == 0 ? 200 : 6);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int cp = switch (random.nextInt(5)) {
                case 0 -> random.nextInt(0x80);
                case 1 -> 0x80 + random.nextInt(0x780);
                case 2 -> 0xE000 + random.nextInt(0x2000);
                case 3 -> 0x10000 + random.nextInt(0x100000);
                default -> 'a' + random.nextInt(26);
            };
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }

    private static byte[] randomBytes(Random random) {
        byte[] b = new byte[random.nextInt(random.nextInt(20) == 0 ? 300 : 6)];
        random.nextBytes(b);
        return b;
    }
}
