/**
 * JSON ⇄ DynamoDB shapes: {@link dev.rewind.protocol.AttributeValueJson} (attribute values),
 * {@link dev.rewind.protocol.JsonRequest} (typed access to a request body with DynamoDB's SerializationException
 * for wrong types), {@link dev.rewind.protocol.Validation} (DynamoDB's "N validation errors detected" messages),
 * {@link dev.rewind.protocol.Operation} (the closed set of operations). Depends on {@code model} and {@code error}.
 */
package dev.rewind.protocol;
