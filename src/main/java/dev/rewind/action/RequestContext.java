package dev.rewind.action;

import static java.util.Objects.requireNonNull;

/**
 * Who asked and where: the Region from the SigV4 credential scope, the account, the request id, and the Host the
 * client addressed.
 */
public record RequestContext(String region, String accountId, String requestId, String host) {
    public RequestContext {
        requireNonNull(region, "region is null");
        requireNonNull(accountId, "accountId is null");
        requireNonNull(requestId, "requestId is null");
        requireNonNull(host, "host is null");
    }

    public RequestContext(String region, String accountId, String requestId) {
        this(region, accountId, requestId, "localhost:8000");
    }
}
