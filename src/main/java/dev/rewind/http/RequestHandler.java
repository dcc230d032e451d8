package dev.rewind.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.zip.CRC32;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

import dev.rewind.action.ActionRegistry;
import dev.rewind.action.RequestContext;
import dev.rewind.error.DynamoException;
import dev.rewind.error.ErrorCode;
import dev.rewind.protocol.JsonRequest;
import dev.rewind.protocol.Operation;
import dev.rewind.protocol.ResponseBody;

/**
 * Turns HTTP requests into actions and their results into responses: reads {@code X-Amz-Target} and the SigV4
 * credential scope, parses the body, runs the action, and writes the JSON body with {@code x-amzn-RequestId} and
 * {@code x-amz-crc32}. The only place that turns an error into a response.
 */
@ChannelHandler.Sharable
public final class RequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(RequestHandler.class);
    private static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory JSON = MAPPER.getFactory();

    private final ActionRegistry actions;
    private final String defaultRegion;
    private final String accountId;
    private final boolean sharedDb;
    private final StaticContent staticContent;
    private final Cors cors;

    public RequestHandler(ActionRegistry actions, String defaultRegion, String accountId, boolean sharedDb,
            StaticContent staticContent, Cors cors) {
        this.actions = actions;
        this.defaultRegion = defaultRegion;
        this.accountId = accountId;
        this.sharedDb = sharedDb;
        this.staticContent = staticContent;
        this.cors = cors;
    }

    /** Compress JSON responses larger than this when the client accepts gzip. */
    private static final int GZIP_MIN_BYTES = 1024;

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** A request id as DynamoDB's look (32 upper-case hex digits), without a shared SecureRandom per request. */
    private static String requestId() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        char[] id = new char[32];
        long a = random.nextLong();
        long b = random.nextLong();
        for (int i = 0; i < 16; i++) {
            id[i] = HEX[(int) (a >>> (60 - 4 * i)) & 0xF];
            id[16 + i] = HEX[(int) (b >>> (60 - 4 * i)) & 0xF];
        }
        return new String(id);
    }

    /** What a response depends on from its request, beyond the body. */
    private record Exchange(boolean keepAlive, boolean gzip, String origin) {
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        String acceptEncoding = req.headers().get(HttpHeaderNames.ACCEPT_ENCODING);
        Exchange exchange = new Exchange(keepAlive, acceptEncoding != null && acceptEncoding.contains("gzip"),
                req.headers().get(HttpHeaderNames.ORIGIN));
        if (req.method() == HttpMethod.OPTIONS) {
            FullHttpResponse preflight = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            cors.preflight(exchange.origin(), req.headers().get("Access-Control-Request-Headers"),
                    preflight.headers());
            send(ctx, exchange, preflight);
            return;
        }
        String requestId = requestId();
        if (!req.decoderResult().isSuccess()) {
            Throwable cause = req.decoderResult().cause();
            if (cause instanceof TooLongFrameException) {
                sendError(ctx, exchange, requestId, new DynamoException(ErrorCode.REQUEST_ENTITY_TOO_LARGE,
                        "Request entity too large"));
            } else {
                sendError(ctx, new Exchange(false, false, null), requestId, DynamoException.serialization("Malformed HTTP request"));
            }
            return;
        }
        if (req.method() != HttpMethod.POST) {
            if (req.method() == HttpMethod.GET || req.method() == HttpMethod.HEAD) {
                FullHttpResponse response = staticContent.serve(req.uri(), regionOf(req));
                send(ctx, exchange, response);
            } else {
                send(ctx, exchange, new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                        HttpResponseStatus.METHOD_NOT_ALLOWED));
            }
            return;
        }
        String target = req.headers().get("X-Amz-Target");
        Operation op = Operation.fromTarget(target);
        if (op == null) {
            sendError(ctx, exchange, requestId,
                    new DynamoException(ErrorCode.UNKNOWN_OPERATION, "An unknown operation was requested."));
            return;
        }
        String host = req.headers().get(io.netty.handler.codec.http.HttpHeaderNames.HOST, "localhost");
        RequestContext context = new RequestContext(regionOf(req), accountId, requestId, host);
        CompletableFuture<ResponseBody> result;
        try {
            JsonNode body = parse(req.content());
            result = actions.actionFor(op).handle(context, new JsonRequest(body));
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        Operation operation = op;
        CompletableFuture<ResponseBody> pending = result;
        if (pending.isDone()) {
            complete(ctx, exchange, requestId, operation, pending);
        } else {
            pending.whenComplete((r, e) -> complete(ctx, exchange, requestId, operation, pending));
        }
    }

    private void complete(ChannelHandlerContext ctx, Exchange exchange, String requestId, Operation op,
            CompletableFuture<ResponseBody> result) {
        ResponseBody body;
        try {
            body = result.join();
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof DynamoException de) {
                sendError(ctx, exchange, requestId, de);
            } else {
                LOG.error("{} failed", op.wireName(), cause);
                sendError(ctx, exchange, requestId,
                        new DynamoException(ErrorCode.INTERNAL_SERVER_ERROR, "Internal server error"));
            }
            return;
        }
        byte[] bytes;
        try {
            bytes = render(body);
        } catch (RuntimeException | IOException e) {
            LOG.error("{} response failed", op.wireName(), e);
            sendError(ctx, exchange, requestId,
                    new DynamoException(ErrorCode.INTERNAL_SERVER_ERROR, "Internal server error"));
            return;
        }
        sendJson(ctx, exchange, requestId, HttpResponseStatus.OK, bytes);
    }

    private static JsonNode parse(ByteBuf content) {
        if (content.readableBytes() == 0) {
            return MAPPER.createObjectNode();
        }
        try (ByteBufInputStream in = new ByteBufInputStream(content.duplicate())) {
            JsonNode node = MAPPER.readTree((java.io.InputStream) in);
            if (node == null || !node.isObject()) {
                throw DynamoException.serialization("Start of structure or map found where not expected.");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw DynamoException.serialization("Malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw DynamoException.serialization("Malformed request body");
        }
    }

    private static byte[] render(ResponseBody body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            body.write(g);
        }
        return out.toByteArray();
    }

    private void sendError(ChannelHandlerContext ctx, Exchange exchange, String requestId, DynamoException e) {
        byte[] bytes;
        try {
            bytes = render(g -> {
                g.writeStartObject();
                g.writeStringField("__type", e.code().wireType());
                g.writeStringField("message", e.getMessage());
                if (e.item() != null) {
                    g.writeFieldName("Item");
                    dev.rewind.protocol.AttributeValueJson.writeItem(g, e.item());
                }
                if (e.extra() instanceof ResponseBody extra) {
                    extra.write(g);
                }
                g.writeEndObject();
            });
        } catch (IOException io) {
            bytes = ("{\"__type\":\"" + e.code().wireType() + "\"}").getBytes(StandardCharsets.UTF_8);
        }
        sendJson(ctx, exchange, requestId, HttpResponseStatus.valueOf(e.code().httpStatus()), bytes);
    }

    private void sendJson(ChannelHandlerContext ctx, Exchange exchange, String requestId,
            HttpResponseStatus status, byte[] body) {
        byte[] bytes = body;
        boolean gzipped = false;
        if (exchange.gzip() && body.length >= GZIP_MIN_BYTES) {
            bytes = gzip(body);
            gzipped = true;
        }
        // As DynamoDB: the CRC32 is of the bytes sent, the gzipped ones when the body is compressed
        CRC32 crc = new CRC32();
        crc.update(bytes);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(bytes));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, CONTENT_TYPE)
                .set(HttpHeaderNames.CONTENT_LENGTH, bytes.length)
                .set("x-amzn-RequestId", requestId)
                .set("x-amz-crc32", Long.toString(crc.getValue()));
        if (gzipped) {
            response.headers().set(HttpHeaderNames.CONTENT_ENCODING, HttpHeaderValues.GZIP);
        }
        send(ctx, exchange, response);
    }

    private static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4 + 64);
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(out)) {
            gz.write(body);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private void send(ChannelHandlerContext ctx, Exchange exchange, FullHttpResponse response) {
        boolean keepAlive = exchange.keepAlive();
        cors.decorate(exchange.origin(), response.headers());
        if (!response.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
            response.headers().set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        }
        if (keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(response, ctx.voidPromise());
        } else {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** The Region of the SigV4 credential scope: {@code Credential=AKID/20240101/us-west-2/dynamodb/aws4_request}. */
    String regionOf(FullHttpRequest req) {
        if (sharedDb) {
            return defaultRegion;
        }
        String auth = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (auth != null) {
            int i = auth.indexOf("Credential=");
            if (i >= 0) {
                int end = auth.indexOf(',', i);
                String credential = auth.substring(i + "Credential=".length(), end < 0 ? auth.length() : end).trim();
                String[] parts = credential.split("/");
                if (parts.length >= 5 && !parts[2].isEmpty()) {
                    return parts[2];
                }
            }
        }
        return defaultRegion;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof IOException)) {
            LOG.warn("connection error", cause);
        }
        ctx.close();
    }
}
