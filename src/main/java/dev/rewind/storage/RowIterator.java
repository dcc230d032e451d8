package dev.rewind.storage;

/** A forward-only cursor over rows; {@link #next()} must be called before the first row. */
public interface RowIterator extends AutoCloseable {
    /** No rows. */
    RowIterator EMPTY = new RowIterator() {
        @Override
        public boolean next() {
            return false;
        }

        @Override
        public byte[] partition() {
            throw new java.util.NoSuchElementException();
        }

        @Override
        public byte[] clustering() {
            throw new java.util.NoSuchElementException();
        }

        @Override
        public byte[] value() {
            throw new java.util.NoSuchElementException();
        }

        @Override
        public void close() {
        }
    };

    boolean next();

    byte[] partition();

    byte[] clustering();

    byte[] value();

    /**
     * Copies the start of the value, as much as fits, into {@code into}, and returns the value's whole length: for
     * readers of a value's first bytes only, which then skip copying the rest.
     */
    default int value(byte[] into) {
        byte[] v = value();
        System.arraycopy(v, 0, into, 0, Math.min(v.length, into.length));
        return v.length;
    }

    @Override
    void close();
}
