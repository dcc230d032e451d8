/**
 * DynamoDB values: {@link dev.rewind.model.AttributeValue}, numbers ({@link dev.rewind.model.DynamoNumber}),
 * item size ({@link dev.rewind.model.ItemSize}), order-preserving key encoding
 * ({@link dev.rewind.model.KeyEncoding}) and the binary item format ({@link dev.rewind.model.ItemCodec}).
 * Depends on nothing else in Rewind but {@code error}.
 */
package dev.rewind.model;
