package dev.rewind.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * GET requests: the health answer DynamoDB gives on {@code GET /}, and the web console under {@code /console}.
 *
 * <p>The console's files are classpath resources under {@code console/} (plain HTML, CSS and JavaScript modules;
 * nothing is fetched from elsewhere). {@code /console} and {@code /console/} answer {@code index.html};
 * {@code /console/<name>} answers that file when its name is a plain file name (letters, digits, {@code . _ -},
 * not starting with a dot), so no path can leave the folder. Files are read once and kept in memory.
 */
public class StaticContent {
    private static final String RESOURCE_FOLDER = "console/";
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");
    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "json", "application/json; charset=utf-8");

    /** Files found so far, by name; a name is only cached once found, so the map stays as small as the folder. */
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final ClassLoader loader = StaticContent.class.getClassLoader();

    public FullHttpResponse serve(String uri, String region) {
        String path = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
        if (path.contains("#")) {
            path = path.substring(0, path.indexOf('#'));
        }
        if (path.equals("/")) {
            return text(HttpResponseStatus.OK, "healthy: dynamodb." + region + ".amazonaws.com ");
        }
        if (path.equals("/console") || path.equals("/console/")) {
            return file("index.html");
        }
        if (path.startsWith("/console/")) {
            return file(path.substring("/console/".length()));
        }
        return text(HttpResponseStatus.NOT_FOUND, "Not found");
    }

    private FullHttpResponse file(String name) {
        String contentType = contentType(name);
        if (!FILE_NAME.matcher(name).matches() || contentType == null) {
            return text(HttpResponseStatus.NOT_FOUND, "Not found");
        }
        Optional<byte[]> bytes = read(name);
        if (bytes.isEmpty()) {
            return text(HttpResponseStatus.NOT_FOUND, "Not found");
        }
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.wrappedBuffer(bytes.get()));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        r.headers().set(HttpHeaderNames.CONTENT_LENGTH, bytes.get().length);
        // the files change only with the server's jar; revalidating keeps a rebuilt console from looking stale
        r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        r.headers().set("X-Content-Type-Options", "nosniff");
        return r;
    }

    private Optional<byte[]> read(String name) {
        byte[] cached = files.get(name);
        if (cached != null) {
            return Optional.of(cached);
        }
        try (InputStream in = loader.getResourceAsStream(RESOURCE_FOLDER + name)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            files.putIfAbsent(name, bytes);
            return Optional.of(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read console file " + name, e);
        }
    }

    private static String contentType(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? null : CONTENT_TYPES.get(name.substring(dot + 1));
    }

    protected static FullHttpResponse text(HttpResponseStatus status, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        r.headers().set(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        return r;
    }
}
