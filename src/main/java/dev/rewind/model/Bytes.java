package dev.rewind.model;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.Base64;

/** Immutable binary data; ordered as DynamoDB orders binary values (unsigned bytes, lexicographic). */
public final class Bytes implements Comparable<Bytes> {
    public static final Bytes EMPTY = new Bytes(new byte[0]);

    private final byte[] data;
    private int hash;

    private Bytes(byte[] data) {
        this.data = data;
    }

    /** Wraps without copying; the caller must not modify {@code data} afterwards. */
    public static Bytes wrap(byte[] data) {
        return new Bytes(requireNonNull(data, "data is null"));
    }

    public static Bytes copyOf(byte[] data) {
        return new Bytes(data.clone());
    }

    public static Bytes fromBase64(String base64) {
        return new Bytes(Base64.getDecoder().decode(base64));
    }

    public int length() {
        return data.length;
    }

    public byte get(int index) {
        return data[index];
    }

    /** The backing array; callers must not modify it. */
    public byte[] unsafeArray() {
        return data;
    }

    public byte[] toByteArray() {
        return data.clone();
    }

    public String toBase64() {
        return Base64.getEncoder().encodeToString(data);
    }

    public boolean startsWith(Bytes prefix) {
        return data.length >= prefix.data.length
                && Arrays.equals(data, 0, prefix.data.length, prefix.data, 0, prefix.data.length);
    }

    public boolean contains(Bytes part) {
        outer:
        for (int i = 0; i + part.data.length <= data.length; i++) {
            for (int j = 0; j < part.data.length; j++) {
                if (data[i + j] != part.data[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Override
    public int compareTo(Bytes other) {
        return Arrays.compareUnsigned(data, other.data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes b && Arrays.equals(data, b.data);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = Arrays.hashCode(data);
            hash = h;
        }
        return h;
    }

    @Override
    public String toString() {
        return "Bytes[" + toBase64() + "]";
    }
}
