/**
 * Client-visible errors ({@link dev.rewind.error.DynamoException} with an {@link dev.rewind.error.ErrorCode}) and
 * {@link dev.rewind.error.StorageException}. Depends on nothing but {@code model}.
 */
package dev.rewind.error;
