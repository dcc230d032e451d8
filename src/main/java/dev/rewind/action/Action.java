package dev.rewind.action;

import java.util.concurrent.CompletableFuture;

import dev.rewind.protocol.JsonRequest;
import dev.rewind.protocol.ResponseBody;

/**
 * One DynamoDB operation. Reads top to bottom: request-only checks, then the table, then the work. May throw
 * {@link dev.rewind.error.DynamoException} directly or complete the future exceptionally with one.
 */
public interface Action {
    CompletableFuture<ResponseBody> handle(RequestContext context, JsonRequest request);

    static CompletableFuture<ResponseBody> done(ResponseBody body) {
        return CompletableFuture.completedFuture(body);
    }
}
