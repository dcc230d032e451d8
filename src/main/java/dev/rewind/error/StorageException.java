package dev.rewind.error;

/** A failure of the storage engine (I/O, RocksDB). Never client-caused; answered as 500 InternalServerError. */
public final class StorageException extends RuntimeException {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    public StorageException(String message) {
        super(message);
    }
}
