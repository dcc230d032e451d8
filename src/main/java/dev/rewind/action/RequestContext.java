package dev.rewind.action;

import static java.util.Objects.requireNonNull;

/** Who asked and where: the Region from the SigV4 credential scope, the account, and the request id. */
public record RequestContext(String region, String accountId, String requestId) {
    public RequestContext {
        requireNonNull(region, "region is null");
        requireNonNull(accountId, "accountId is null");
        requireNonNull(requestId, "requestId is null");
    }
}
