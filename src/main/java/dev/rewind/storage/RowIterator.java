package dev.rewind.storage;

/** A forward-only cursor over rows; {@link #next()} must be called before the first row. */
public interface RowIterator extends AutoCloseable {
    boolean next();

    byte[] partition();

    byte[] clustering();

    byte[] value();

    @Override
    void close();
}
