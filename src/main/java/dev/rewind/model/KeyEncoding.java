package dev.rewind.model;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Encodes key attribute values (S, N, B) into self-delimiting byte strings whose unsigned lexicographic order is
 * DynamoDB's order, so that composite keys (index key ‖ table key) sort correctly.
 *
 * <p>On-disk format (do not change without a migration):
 * <ul>
 *   <li>S: UTF-8 bytes, B: raw bytes; each 0x00 written as 0x00 0xFF; terminated by 0x00 0x01.</li>
 *   <li>N: zero is {@code 0x80}. A non-zero value 0.d1d2…dn × 10^e (d1 ≠ 0) is a sign byte ({@code 0x81} positive,
 *       {@code 0x7F} negative), the exponent byte {@code e + 129} (e runs from -129 for 1E-130 to 126 for
 *       9.99…E+125, so the byte is 0…255), the digits two per byte as {@code 10·a + b + 1}
 *       (a final odd digit paired with 0), then {@code 0x00}. For negatives every byte after the sign is inverted.</li>
 * </ul>
 */
public final class KeyEncoding {
    private static final byte NUMBER_ZERO = (byte) 0x80;
    private static final byte NUMBER_POSITIVE = (byte) 0x81;
    private static final byte NUMBER_NEGATIVE = (byte) 0x7F;
    /** Added to the exponent e of 0.d1d2… × 10^e; DynamoNumber's range puts e in [-129, 126]. */
    private static final int EXPONENT_BIAS = 129;

    private KeyEncoding() {
    }

    public static byte[] encode(AttributeValue value) {
        Writer w = new Writer(32);
        encodeTo(value, w);
        return w.toByteArray();
    }

    public static void encodeTo(AttributeValue value, Writer out) {
        if (value instanceof AttributeValue.S s) {
            escaped(s.value().getBytes(StandardCharsets.UTF_8), out, true);
        } else if (value instanceof AttributeValue.B b) {
            escaped(b.value().unsafeArray(), out, true);
        } else if (value instanceof AttributeValue.N n) {
            number(n.value(), out);
        } else {
            throw new IllegalArgumentException("not a key type: " + value.type());
        }
    }

    /** The encoding of a string or binary prefix without its terminator: every value beginning with it sorts
     * between this and {@link #successor(byte[])} of it. */
    public static byte[] encodePrefix(AttributeValue value) {
        Writer w = new Writer(32);
        if (value instanceof AttributeValue.S s) {
            escaped(s.value().getBytes(StandardCharsets.UTF_8), w, false);
        } else if (value instanceof AttributeValue.B b) {
            escaped(b.value().unsafeArray(), w, false);
        } else {
            throw new IllegalArgumentException("not a prefix type: " + value.type());
        }
        return w.toByteArray();
    }

    /** The smallest byte string greater than every string that starts with {@code prefix}; null if none. */
    public static byte[] successor(byte[] prefix) {
        for (int i = prefix.length - 1; i >= 0; i--) {
            if (prefix[i] != (byte) 0xFF) {
                byte[] next = Arrays.copyOf(prefix, i + 1);
                next[i]++;
                return next;
            }
        }
        return null;
    }

    /** Decodes one value of the given type starting at {@code pos[0]}, advancing it. */
    public static AttributeValue decode(AttributeType type, byte[] data, int[] pos) {
        return switch (type) {
            case S -> new AttributeValue.S(new String(unescape(data, pos), StandardCharsets.UTF_8));
            case B -> new AttributeValue.B(Bytes.wrap(unescape(data, pos)));
            case N -> new AttributeValue.N(decodeNumber(data, pos));
            default -> throw new IllegalArgumentException("not a key type: " + type);
        };
    }

    private static void escaped(byte[] bytes, Writer out, boolean terminate) {
        for (byte b : bytes) {
            out.write(b);
            if (b == 0) {
                out.write((byte) 0xFF);
            }
        }
        if (terminate) {
            out.write((byte) 0);
            out.write((byte) 1);
        }
    }

    private static byte[] unescape(byte[] data, int[] pos) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = pos[0];
        while (true) {
            byte b = data[i++];
            if (b == 0) {
                byte next = data[i++];
                if (next == 1) {
                    break;
                }
                out.write(0);
            } else {
                out.write(b);
            }
        }
        pos[0] = i;
        return out.toByteArray();
    }

    private static void number(BigDecimal value, Writer out) {
        int signum = value.signum();
        if (signum == 0) {
            out.write(NUMBER_ZERO);
            return;
        }
        BigDecimal abs = value.abs().stripTrailingZeros();
        String digits = abs.unscaledValue().toString();
        int exponent = digits.length() - abs.scale(); // value = 0.digits × 10^exponent
        int mask = signum < 0 ? 0xFF : 0;
        out.write(signum < 0 ? NUMBER_NEGATIVE : NUMBER_POSITIVE);
        out.write((byte) ((exponent + EXPONENT_BIAS) ^ mask));
        for (int i = 0; i < digits.length(); i += 2) {
            int a = digits.charAt(i) - '0';
            int b = i + 1 < digits.length() ? digits.charAt(i + 1) - '0' : 0;
            out.write((byte) ((10 * a + b + 1) ^ mask));
        }
        out.write((byte) mask);
    }

    private static BigDecimal decodeNumber(byte[] data, int[] pos) {
        int i = pos[0];
        byte sign = data[i++];
        if (sign == NUMBER_ZERO) {
            pos[0] = i;
            return BigDecimal.ZERO;
        }
        int mask = sign == NUMBER_NEGATIVE ? 0xFF : 0;
        int exponent = ((data[i++] & 0xFF) ^ mask) - EXPONENT_BIAS;
        StringBuilder digits = new StringBuilder(40);
        while (true) {
            int v = (data[i++] & 0xFF) ^ mask;
            if (v == 0) {
                break;
            }
            v -= 1;
            digits.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
        }
        pos[0] = i;
        BigDecimal unscaled = new BigDecimal(new BigInteger(digits.toString()));
        BigDecimal result = unscaled.scaleByPowerOfTen(exponent - digits.length()).stripTrailingZeros();
        return mask != 0 ? result.negate() : result;
    }

    /** A small growable byte buffer. */
    public static final class Writer {
        private byte[] buf;
        private int len;

        public Writer(int capacity) {
            buf = new byte[capacity];
        }

        public void write(byte b) {
            if (len == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2 + 8);
            }
            buf[len++] = b;
        }

        public void write(byte[] bytes) {
            ensure(bytes.length);
            System.arraycopy(bytes, 0, buf, len, bytes.length);
            len += bytes.length;
        }

        public void write(byte[] bytes, int off, int n) {
            ensure(n);
            System.arraycopy(bytes, off, buf, len, n);
            len += n;
        }

        private void ensure(int n) {
            if (len + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
            }
        }

        public void writeVarInt(int v) {
            while ((v & ~0x7F) != 0) {
                write((byte) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            write((byte) v);
        }

        public int length() {
            return len;
        }

        public byte[] toByteArray() {
            return Arrays.copyOf(buf, len);
        }
    }
}
