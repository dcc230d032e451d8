package dev.rewind.action;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import dev.rewind.error.DynamoException;
import dev.rewind.error.ErrorCode;
import dev.rewind.protocol.ResponseBody;

/**
 * ClientRequestToken bookkeeping for TransactWriteItems: a token is remembered for 10 minutes with the request it
 * came with. The same token and request succeed again without writing; the same token with another request is
 * IdempotentParameterMismatchException; while the first is still running, TransactionInProgressException.
 * Failed requests are forgotten, so a retry runs again.
 */
final class IdempotencyTokens {
    static final long TTL_MILLIS = 10 * 60 * 1000L;

    private record Entry(String request, CompletableFuture<ResponseBody> result, long expiresMillis) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Clock clock;

    IdempotencyTokens(Clock clock) {
        this.clock = clock;
    }

    CompletableFuture<ResponseBody> run(String token, String request, Supplier<CompletableFuture<ResponseBody>> work) {
        long now = clock.millis();
        entries.values().removeIf(e -> e.expiresMillis() < now);
        CompletableFuture<ResponseBody> mine = new CompletableFuture<>();
        Entry fresh = new Entry(request, mine, now + TTL_MILLIS);
        Entry existing = entries.putIfAbsent(token, fresh);
        if (existing != null) {
            if (!existing.request().equals(request)) {
                throw new DynamoException(ErrorCode.IDEMPOTENT_PARAMETER_MISMATCH,
                        "The request uses the same client token as a previous, but non-identical request.");
            }
            if (!existing.result().isDone()) {
                throw new DynamoException(ErrorCode.TRANSACTION_IN_PROGRESS,
                        "The transaction with the given request token is already in progress.");
            }
            return existing.result();
        }
        try {
            work.get().whenComplete((r, e) -> {
                if (e != null) {
                    entries.remove(token, fresh);
                    mine.completeExceptionally(e);
                } else {
                    mine.complete(r);
                }
            });
        } catch (RuntimeException e) {
            entries.remove(token, fresh);
            throw e;
        }
        return mine;
    }
}
