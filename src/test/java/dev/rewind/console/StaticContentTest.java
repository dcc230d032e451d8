package dev.rewind.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;

import dev.rewind.http.StaticContent;

/** The console's files as {@code GET /console...} serves them (issue #5): types, 404s, and no way out of the folder. */
class StaticContentTest {
    private static final Pattern REFERENCE = Pattern.compile("(?:from\\s+'\\./|(?:src|href)=\"/console/)([^'\"]+)['\"]");

    private final StaticContent content = new StaticContent();

    /** DynamoDB answers GET / with a health line; the console must not change that. */
    @Test
    void root_isTheHealthAnswer() {
        FullHttpResponse r = content.serve("/", "eu-west-1");
        assertThat(r.status().code()).isEqualTo(200);
        assertThat(body(r)).isEqualTo("healthy: dynamodb.eu-west-1.amazonaws.com ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/console", "/console/", "/console?region=us-east-1", "/console/#/tables"})
    void console_isIndexHtml(String uri) {
        FullHttpResponse r = content.serve(uri, "us-east-1");
        assertThat(r.status().code()).isEqualTo(200);
        assertThat(r.headers().get(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("text/html; charset=utf-8");
        assertThat(body(r)).contains("<title>Rewind console</title>");
    }

    /** Browsers refuse JavaScript modules served with another type, so each file gets its own. */
    @Test
    void files_haveTheirContentType() {
        assertThat(type("/console/app.js")).isEqualTo("text/javascript; charset=utf-8");
        assertThat(type("/console/console.css")).isEqualTo("text/css; charset=utf-8");
        assertThat(type("/console/favicon.svg")).isEqualTo("image/svg+xml");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/console/missing.js", "/console/../pom.xml", "/console/..%2fpom.xml",
        "/console/%2e%2e/README.md", "/console/./app.js", "/console/.hidden.js", "/console//app.js",
        "/console/sub/app.js", "/console/app", "/console/app.js/", "/consoleapp.js", "/console/..",
        "/console/dev/rewind/Rewind.class", "/console/..\\pom.xml", "/other"})
    void anythingElse_isNotFound(String uri) {
        assertThat(content.serve(uri, "us-east-1").status().code()).isEqualTo(404);
    }

    /** Every file index.html and the modules refer to is served, so the console never loads half its code. */
    @Test
    void everyReferencedFile_isServed() {
        Set<String> seen = new HashSet<>();
        Deque<String> pending = new ArrayDeque<>();
        pending.add("index.html");
        while (!pending.isEmpty()) {
            String name = pending.pop();
            if (!seen.add(name)) {
                continue;
            }
            FullHttpResponse r = content.serve("/console/" + name, "us-east-1");
            assertThat(r.status().code()).as(name).isEqualTo(200);
            if (name.endsWith(".js") || name.endsWith(".html")) {
                Matcher m = REFERENCE.matcher(body(r));
                while (m.find()) {
                    pending.add(m.group(1));
                }
            }
        }
        assertThat(seen).contains("app.js", "api.js", "ui.js", "tables.js", "table.js", "table-backups.js",
                "backups.js", "item-json.js", "console.css", "favicon.svg");
    }

    /** Served twice, a file comes from memory with the same bytes. */
    @Test
    void files_areCached() {
        assertThat(body(content.serve("/console/app.js", "us-east-1")))
                .isEqualTo(body(content.serve("/console/app.js", "us-east-1")));
    }

    private String type(String uri) {
        FullHttpResponse r = content.serve(uri, "us-east-1");
        assertThat(r.status().code()).as(uri).isEqualTo(200);
        return r.headers().get(HttpHeaderNames.CONTENT_TYPE);
    }

    private static String body(FullHttpResponse r) {
        try {
            return r.content().toString(StandardCharsets.UTF_8);
        } finally {
            r.release();
        }
    }
}
