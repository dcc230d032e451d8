package dev.rewind.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

/**
 * Properties of the key encoding: unsigned byte order of encodings is DynamoDB's order of values
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html: numbers by
 * value, strings by UTF-8 bytes, binary unsigned), decoding inverts encoding, prefixes bound begins_with ranges, and
 * concatenations order by component. Every property runs on seeded cases; a failure names the seed that reproduces
 * it (set {@code -Drewind.seed=...} to replay a run).
 */
class KeyEncodingTest {
    private static final long SEED = Long.getLong("rewind.seed", 0x5EEDL);
    private static final int CASES = 5_000;

    /** Characters that stress UTF-8 order: NUL, ASCII edges, 2- and 3-byte forms, BMP above surrogates, astral. */
    private static final int[] CODE_POINTS = {0x00, 0x01, 0x20, 'a', 'b', 'z', 0x7F, 0x80, 0xFF, 0x100, 0x7FF, 0x800,
        0xD7FF, 0xE000, 0xFFFD, 0xFFFF, 0x10000, 0x1F600, 0x10FFFF};

    // ---- numbers ----

    /** Numbers at the edges of DynamoDB's range must sort, since a single out-of-order byte corrupts a Query. */
    @Test
    void numbers_edgeValues_sortByValue() {
        List<BigDecimal> values = new ArrayList<>(edgeNumbers());
        values.sort(Comparator.naturalOrder());
        for (int i = 0; i + 1 < values.size(); i++) {
            BigDecimal a = values.get(i);
            BigDecimal b = values.get(i + 1);
            assertThat(Integer.signum(Arrays.compareUnsigned(encodeNumber(a), encodeNumber(b))))
                    .as("%s vs %s", a.toString(), b.toString())
                    .isEqualTo(Integer.signum(a.compareTo(b)));
        }
    }

    /** Random numbers over the whole range compare by encoded bytes exactly as BigDecimal.compareTo. */
    @Test
    void numbers_randomPairs_compareAsBigDecimal() {
        forAll(random -> {
            BigDecimal a = randomNumber(random);
            BigDecimal b = random.nextInt(8) == 0 ? a : randomNear(random, a);
            assertThat(Integer.signum(Arrays.compareUnsigned(encodeNumber(a), encodeNumber(b))))
                    .as("%s vs %s", a.toString(), b.toString())
                    .isEqualTo(Integer.signum(a.compareTo(b)));
        });
    }

    /** Decoding gives back the number, and consumes exactly its bytes (keys are concatenated). */
    @Test
    void numbers_roundTrip() {
        List<BigDecimal> values = new ArrayList<>(edgeNumbers());
        Random random = new Random(SEED);
        for (int i = 0; i < CASES; i++) {
            values.add(randomNumber(random));
        }
        for (BigDecimal v : values) {
            byte[] encoded = encodeNumber(v);
            int[] pos = {0};
            AttributeValue decoded = KeyEncoding.decode(AttributeType.N, encoded, pos);
            assertThat(decoded).as(v.toString()).isEqualTo(new AttributeValue.N(v));
            assertThat(pos[0]).as(v.toString()).isEqualTo(encoded.length);
        }
    }

    /** Equal numbers written differently ("1.50", "1.5", "15E-1") share one encoding, so they are one key. */
    @Test
    void numbers_equalValues_encodeIdentically() {
        assertThat(encodeNumber("1.50")).isEqualTo(encodeNumber("15E-1"));
        assertThat(encodeNumber("-0")).isEqualTo(encodeNumber("0.000"));
        assertThat(encodeNumber("100")).isEqualTo(encodeNumber("1E+2"));
    }

    // ---- strings and binary ----

    /** Strings sort by UTF-8 bytes, not by Java's UTF-16 order (they differ for surrogate pairs vs U+E000…U+FFFF). */
    @Test
    void strings_randomPairs_compareByUtf8Bytes() {
        forAll(random -> {
            String a = randomString(random);
            String b = random.nextInt(4) == 0 ? a + randomString(random) : randomString(random);
            int expected = Arrays.compareUnsigned(utf8(a), utf8(b));
            assertThat(Integer.signum(Arrays.compareUnsigned(encodeString(a), encodeString(b))))
                    .as("%s vs %s", escape(a), escape(b))
                    .isEqualTo(Integer.signum(expected));
        });
    }

    /** The cases that break naive encodings: embedded NUL, a string versus its extension, astral vs U+FFFF. */
    @Test
    void strings_knownOrder() {
        List<String> sorted = List.of("", "\0", "\0\0", "\0\u0001", "\u0001", "a", "a\0", "a\0b", "a\u0001", "ab",
                "\u007F", "\u0080", "\u07FF", "\u0800", "\uFFFF", "\uD800\uDC00", "\uDBFF\uDFFF");
        for (int i = 0; i + 1 < sorted.size(); i++) {
            // The empty string is not a valid key, but it must still sort first for begins_with bounds.
            assertThat(Arrays.compareUnsigned(encodeString(sorted.get(i)), encodeString(sorted.get(i + 1))))
                    .as("%s < %s", escape(sorted.get(i)), escape(sorted.get(i + 1)))
                    .isNegative();
        }
    }

    /** Binary sorts as unsigned bytes, so 0x80…0xFF come after 0x00…0x7F. */
    @Test
    void binary_randomPairs_compareUnsigned() {
        forAll(random -> {
            byte[] a = randomBytes(random);
            byte[] b = random.nextInt(4) == 0 ? concat(a, randomBytes(random)) : randomBytes(random);
            assertThat(Integer.signum(Arrays.compareUnsigned(encodeBinary(a), encodeBinary(b))))
                    .as("%s vs %s", Arrays.toString(a), Arrays.toString(b))
                    .isEqualTo(Integer.signum(Arrays.compareUnsigned(a, b)));
        });
    }

    /** Strings and binary decode back to themselves and consume exactly their bytes. */
    @Test
    void stringsAndBinary_roundTrip() {
        forAll(random -> {
            String s = randomString(random);
            byte[] encoded = encodeString(s);
            int[] pos = {0};
            assertThat(KeyEncoding.decode(AttributeType.S, encoded, pos)).isEqualTo(new AttributeValue.S(s));
            assertThat(pos[0]).isEqualTo(encoded.length);

            byte[] b = randomBytes(random);
            byte[] encodedBinary = encodeBinary(b);
            int[] pos2 = {0};
            assertThat(KeyEncoding.decode(AttributeType.B, encodedBinary, pos2))
                    .isEqualTo(new AttributeValue.B(Bytes.wrap(b)));
            assertThat(pos2[0]).isEqualTo(encodedBinary.length);
        });
    }

    // ---- prefixes (begins_with) ----

    /** Every binary value beginning with a prefix, and no other, lies in [encodePrefix, successor(encodePrefix)). */
    @Test
    void binaryPrefix_boundsExactlyTheValuesThatBeginWithIt() {
        forAll(random -> {
            byte[] value = randomBytes(random);
            byte[] prefix = random.nextBoolean() && value.length > 0
                    ? Arrays.copyOf(value, random.nextInt(value.length + 1))
                    : randomBytes(random);
            boolean beginsWith = value.length >= prefix.length
                    && Arrays.equals(value, 0, prefix.length, prefix, 0, prefix.length);
            assertThat(inPrefixRange(encodeBinary(value), KeyEncoding.encodePrefix(binary(prefix))))
                    .as("%s begins with %s", Arrays.toString(value), Arrays.toString(prefix))
                    .isEqualTo(beginsWith);
        });
    }

    /** The same for strings, including prefixes that end inside a multi-byte character's neighbourhood or at NUL. */
    @Test
    void stringPrefix_boundsExactlyTheValuesThatBeginWithIt() {
        forAll(random -> {
            String value = randomString(random);
            int[] cps = value.codePoints().toArray();
            String prefix = random.nextBoolean()
                    ? new String(cps, 0, random.nextInt(cps.length + 1))
                    : randomString(random);
            assertThat(inPrefixRange(encodeString(value), KeyEncoding.encodePrefix(new AttributeValue.S(prefix))))
                    .as("%s begins with %s", escape(value), escape(prefix))
                    .isEqualTo(value.startsWith(prefix));
        });
    }

    /** Prefixes made only of 0xFF bytes have no successor: the range is open above. */
    @Test
    void successor_ofAllFF_isNull() {
        assertThat(KeyEncoding.successor(new byte[] {(byte) 0xFF, (byte) 0xFF})).isNull();
        assertThat(KeyEncoding.successor(new byte[] {1, (byte) 0xFF})).containsExactly(2);
        assertThat(KeyEncoding.successor(new byte[0])).isNull();
    }

    // ---- composite keys ----

    /** Index clustering keys concatenate index range, table hash and table range: they order by component. */
    @Test
    void composite_concatenations_orderLexicographicallyByComponent() {
        forAll(random -> {
            AttributeType[] schema = new AttributeType[1 + random.nextInt(3)];
            for (int i = 0; i < schema.length; i++) {
                schema[i] = AttributeType.values()[random.nextInt(3)]; // S, N, B are the first three
            }
            List<AttributeValue> a = randomKey(random, schema);
            List<AttributeValue> b = randomKey(random, schema);
            if (random.nextBoolean()) {
                // share a leading component so later ones decide
                b.set(0, a.get(0));
            }
            int expected = 0;
            for (int i = 0; i < schema.length && expected == 0; i++) {
                expected = compareValues(a.get(i), b.get(i));
            }
            assertThat(Integer.signum(Arrays.compareUnsigned(concatEncode(a), concatEncode(b))))
                    .as("%s vs %s", a, b)
                    .isEqualTo(Integer.signum(expected));
            // and the concatenation decodes back into its components
            byte[] encoded = concatEncode(a);
            int[] pos = {0};
            for (int i = 0; i < schema.length; i++) {
                assertThat(KeyEncoding.decode(schema[i], encoded, pos)).isEqualTo(a.get(i));
            }
            assertThat(pos[0]).isEqualTo(encoded.length);
        });
    }

    // ---- helpers ----

    private static void forAll(Consumer<Random> property) {
        for (int i = 0; i < CASES; i++) {
            long caseSeed = SEED * 1_000_003L + i;
            try {
                property.accept(new Random(caseSeed));
            } catch (AssertionError e) {
                throw new AssertionError("property failed with -Drewind.seed=" + SEED + " at case " + i
                        + " (case seed " + caseSeed + "): " + e.getMessage(), e);
            }
        }
    }

    static List<BigDecimal> edgeNumbers() {
        String max = "9.9999999999999999999999999999999999999E+125";
        return List.of(new BigDecimal("1E-130"), new BigDecimal("-1E-130"), new BigDecimal("1.1E-130"),
                new BigDecimal("9.9E-130"), new BigDecimal("1E-129"), BigDecimal.ZERO, BigDecimal.ONE,
                new BigDecimal("-1"), new BigDecimal("0.1"), new BigDecimal("-0.1"), new BigDecimal("10"),
                new BigDecimal("99"), new BigDecimal("100"), new BigDecimal("1E+125"), new BigDecimal("-1E+125"),
                new BigDecimal("9.99E+124"), new BigDecimal("1E+124"), new BigDecimal(max),
                new BigDecimal(max).negate(), new BigDecimal("12345678901234567890123456789012345678"),
                new BigDecimal("-12345678901234567890123456789012345678"),
                new BigDecimal("0.12345678901234567890123456789012345678"),
                new BigDecimal("1.0000000000000000000000000000000000001"),
                new BigDecimal("1.0000000000000000000000000000000000002"), new BigDecimal("1.01"),
                new BigDecimal("-1.01"), new BigDecimal("1.001"), new BigDecimal("-1.001"))
                .stream().map(DynamoNumber::check).toList();
    }

    /** A valid DynamoDB number: 1–38 significant digits, adjusted exponent in [-130, 125], either sign. */
    static BigDecimal randomNumber(Random random) {
        if (random.nextInt(20) == 0) {
            return BigDecimal.ZERO;
        }
        int precision = 1 + random.nextInt(random.nextBoolean() ? 38 : 4);
        StringBuilder digits = new StringBuilder();
        digits.append((char) ('1' + random.nextInt(9)));
        for (int i = 1; i < precision; i++) {
            digits.append((char) ('0' + random.nextInt(10)));
        }
        int adjustedExponent = random.nextInt(4) == 0
                ? DynamoNumber.MIN_EXPONENT
                        + random.nextInt(DynamoNumber.MAX_EXPONENT - DynamoNumber.MIN_EXPONENT + 1)
                : -5 + random.nextInt(11);
        BigDecimal value = new BigDecimal(new BigInteger(digits.toString()), precision - 1 - adjustedExponent);
        return DynamoNumber.check(random.nextBoolean() ? value.negate() : value);
    }

    /** A number close to {@code a} (same exponent, or a digit changed), where orderings are hardest. */
    private static BigDecimal randomNear(Random random, BigDecimal a) {
        if (a.signum() == 0 || random.nextInt(3) == 0) {
            return randomNumber(random);
        }
        BigDecimal ulp = BigDecimal.ONE.scaleByPowerOfTen(-a.scale() - random.nextInt(3));
        BigDecimal b = random.nextBoolean() ? a.add(ulp) : a.subtract(ulp);
        if (random.nextBoolean()) {
            b = b.negate();
        }
        try {
            return DynamoNumber.check(b);
        } catch (RuntimeException e) {
            return a;
        }
    }

    private static String randomString(Random random) {
        int length = random.nextInt(8);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int cp = random.nextInt(3) == 0
                    ? random.nextInt(0x110000)
                    : CODE_POINTS[random.nextInt(CODE_POINTS.length)];
            if (cp >= 0xD800 && cp <= 0xDFFF) {
                cp = 'x'; // lone surrogates are not valid UTF-8
            }
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }

    private static byte[] randomBytes(Random random) {
        byte[] b = new byte[random.nextInt(7)];
        for (int i = 0; i < b.length; i++) {
            int pick = random.nextInt(4);
            b[i] = (byte) (pick == 0 ? 0x00 : pick == 1 ? 0xFF : pick == 2 ? 0x01 : random.nextInt(256));
        }
        return b;
    }

    private static List<AttributeValue> randomKey(Random random, AttributeType[] schema) {
        List<AttributeValue> key = new ArrayList<>();
        for (AttributeType t : schema) {
            key.add(switch (t) {
                case S -> new AttributeValue.S(randomString(random));
                case N -> new AttributeValue.N(randomNumber(random));
                case B -> binary(randomBytes(random));
                default -> throw new IllegalStateException(t.name());
            });
        }
        return key;
    }

    private static int compareValues(AttributeValue a, AttributeValue b) {
        if (a instanceof AttributeValue.S s) {
            return Arrays.compareUnsigned(utf8(s.value()), utf8(((AttributeValue.S) b).value()));
        }
        if (a instanceof AttributeValue.N n) {
            return n.value().compareTo(((AttributeValue.N) b).value());
        }
        return Arrays.compareUnsigned(((AttributeValue.B) a).value().unsafeArray(),
                ((AttributeValue.B) b).value().unsafeArray());
    }

    private static byte[] concatEncode(List<AttributeValue> values) {
        KeyEncoding.Writer w = new KeyEncoding.Writer(8);
        values.forEach(v -> KeyEncoding.encodeTo(v, w));
        return w.toByteArray();
    }

    private static boolean inPrefixRange(byte[] encoded, byte[] prefix) {
        byte[] upper = KeyEncoding.successor(prefix);
        return Arrays.compareUnsigned(encoded, prefix) >= 0
                && (upper == null || Arrays.compareUnsigned(encoded, upper) < 0);
    }

    private static byte[] encodeNumber(BigDecimal v) {
        return KeyEncoding.encode(new AttributeValue.N(v));
    }

    private static byte[] encodeNumber(String text) {
        return KeyEncoding.encode(AttributeValue.N.of(text));
    }

    private static byte[] encodeString(String s) {
        return KeyEncoding.encode(new AttributeValue.S(s));
    }

    private static byte[] encodeBinary(byte[] b) {
        return KeyEncoding.encode(binary(b));
    }

    private static AttributeValue.B binary(byte[] b) {
        return new AttributeValue.B(Bytes.copyOf(b));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder("\"");
        s.codePoints().forEach(cp -> {
            if (cp >= 0x20 && cp < 0x7F) {
                sb.appendCodePoint(cp);
            } else {
                sb.append(String.format("\\u{%X}", cp));
            }
        });
        return sb.append('"').toString();
    }
}
