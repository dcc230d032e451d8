package dev.rewind.action;

import java.util.concurrent.CompletableFuture;

import dev.rewind.protocol.JsonRequest;
import dev.rewind.protocol.ResponseBody;

/** DescribeLimits: DynamoDB's default quotas (Rewind enforces no throughput limits). */
final class DescribeLimitsAction implements Action {
    @Override
    public CompletableFuture<ResponseBody> handle(RequestContext context, JsonRequest request) {
        return Action.done(g -> {
            g.writeStartObject();
            g.writeNumberField("AccountMaxReadCapacityUnits", 80000);
            g.writeNumberField("AccountMaxWriteCapacityUnits", 80000);
            g.writeNumberField("TableMaxReadCapacityUnits", 40000);
            g.writeNumberField("TableMaxWriteCapacityUnits", 40000);
            g.writeEndObject();
        });
    }
}
