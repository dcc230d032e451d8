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

    @Override
    void close();
}
