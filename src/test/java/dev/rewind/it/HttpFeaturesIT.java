package dev.rewind.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** HTTP details clients and browsers use: compressed bodies both ways, and CORS (DynamoDB Local's -cors). */
class HttpFeaturesIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static String table;

    @BeforeAll
    static void createTable() {
        table = RewindServer.uniqueTableName("http");
        RewindServer.client().createTable(b -> b.tableName(table)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                .billingMode(BillingMode.PAY_PER_REQUEST));
    }

    private static HttpRequest.Builder post(String target) {
        return HttpRequest.newBuilder(URI.create(RewindServer.endpoint() + "/"))
                .header("X-Amz-Target", "DynamoDB_20120810." + target)
                .header("Content-Type", "application/x-amz-json-1.0");
    }

    private static byte[] gzip(String s) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(s.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    /** A gzip-compressed request body (Content-Encoding: gzip) is accepted. */
    @Test
    void gzipRequestBody_isAccepted() throws Exception {
        String body = "{\"TableName\":\"" + table + "\",\"Item\":{\"pk\":{\"S\":\"gz\"},\"v\":{\"S\":\"x\"}}}";
        HttpResponse<String> r = HTTP.send(post("PutItem").header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzip(body))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(RewindServer.client().getItem(b -> b.tableName(table).key(java.util.Map.of("pk",
                software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("gz")))).item()).containsKey("v");
    }

    /** With Accept-Encoding: gzip a large response is compressed, and x-amz-crc32 is of the compressed bytes. */
    @Test
    void acceptEncodingGzip_compressesWithCrcOfCompressedBytes() throws Exception {
        String big = "y".repeat(5000);
        RewindServer.client().putItem(b -> b.tableName(table).item(java.util.Map.of(
                "pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("big"),
                "v", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(big))));
        HttpResponse<byte[]> r = HTTP.send(post("GetItem").header("Accept-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofString("{\"TableName\":\"" + table
                        + "\",\"Key\":{\"pk\":{\"S\":\"big\"}}}")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.headers().firstValue("Content-Encoding")).hasValue("gzip");
        CRC32 crc = new CRC32();
        crc.update(r.body());
        assertThat(r.headers().firstValue("x-amz-crc32")).hasValue(Long.toString(crc.getValue()));
        String json = new String(new GZIPInputStream(new java.io.ByteArrayInputStream(r.body())).readAllBytes(),
                StandardCharsets.UTF_8);
        assertThat(json).contains(big);
    }

    /** A browser's preflight is answered and responses carry Access-Control-Allow-Origin. */
    @Test
    void cors_preflightAndResponseHeaders() throws Exception {
        HttpResponse<String> preflight = HTTP.send(HttpRequest.newBuilder(URI.create(RewindServer.endpoint() + "/"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://localhost:3000")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type,x-amz-target,authorization").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse(""))
                .contains("x-amz-target");
        HttpResponse<String> r = HTTP.send(post("ListTables").header("Origin", "http://localhost:3000")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
    }
}
