package dev.rewind.http;

import java.util.List;

import io.netty.handler.codec.http.HttpHeaders;

/**
 * Cross-origin access for browser-based SDKs, as DynamoDB Local's {@code -cors} option: a list of allowed origins,
 * {@code *} (the default) for any.
 */
public final class Cors {
    private final List<String> allowedOrigins;

    public Cors(List<String> allowedOrigins) {
        this.allowedOrigins = List.copyOf(allowedOrigins);
    }

    public static Cors anyOrigin() {
        return new Cors(List.of("*"));
    }

    private String allowOrigin(String origin) {
        if (origin == null) {
            return null;
        }
        if (allowedOrigins.contains("*")) {
            return "*";
        }
        return allowedOrigins.contains(origin) ? origin : null;
    }

    /** Adds the headers a cross-origin response needs, if the origin is allowed. */
    void decorate(String origin, HttpHeaders headers) {
        String allow = allowOrigin(origin);
        if (allow != null) {
            headers.set("Access-Control-Allow-Origin", allow);
            headers.set("Access-Control-Expose-Headers", "x-amzn-RequestId,x-amzn-ErrorType,x-amz-crc32,Date");
            if (!"*".equals(allow)) {
                headers.set("Vary", "Origin");
            }
        }
    }

    /** Answers a preflight (OPTIONS) request. */
    void preflight(String origin, String requestedHeaders, HttpHeaders headers) {
        if (allowOrigin(origin) == null) {
            return;
        }
        headers.set("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
        headers.set("Access-Control-Allow-Headers", requestedHeaders != null ? requestedHeaders
                : "Content-Type, X-Amz-Target, X-Amz-Date, Authorization, X-Amz-Security-Token, X-Amz-User-Agent");
        headers.set("Access-Control-Max-Age", "172800");
        headers.set(io.netty.handler.codec.http.HttpHeaderNames.CONTENT_LENGTH, 0);
    }
}
