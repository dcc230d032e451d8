package dev.rewind.action;

import java.util.concurrent.CompletableFuture;

import dev.rewind.protocol.JsonRequest;
import dev.rewind.protocol.ResponseBody;

/** DescribeEndpoints: this server (the Host the client used), so endpoint discovery keeps clients here. */
final class DescribeEndpointsAction implements Action {
    @Override
    public CompletableFuture<ResponseBody> handle(RequestContext context, JsonRequest request) {
        return Action.done(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("Endpoints");
            g.writeStartObject();
            g.writeStringField("Address", context.host());
            g.writeNumberField("CachePeriodInMinutes", 1440);
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
        });
    }
}
