package dev.rewind.http;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/** GET requests: the health answer DynamoDB gives on {@code GET /}, and (later) the console. */
public class StaticContent {

    public FullHttpResponse serve(String uri, String region) {
        String path = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
        if (path.equals("/")) {
            return text(HttpResponseStatus.OK, "healthy: dynamodb." + region + ".amazonaws.com ");
        }
        return text(HttpResponseStatus.NOT_FOUND, "Not found");
    }

    protected static FullHttpResponse text(HttpResponseStatus status, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        r.headers().set(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        return r;
    }
}
