package dev.rewind.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The wire protocol seen by any client, over raw (SigV4-signed) HTTP: response headers, the CRC32 of the body,
 * error bodies, and the health check. https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.LowLevelAPI.html
 */
class ProtocolIT {
    private static String table;

    @BeforeAll
    static void createTable() {
        table = RewindServer.uniqueTableName("protocol");
        RewindServer.client().createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH)));
    }

    /** Every successful response carries x-amzn-RequestId and an x-amz-crc32 equal to the CRC32 of the body. */
    @Test
    void successResponse_hasRequestIdAndMatchingCrc32() {
        RawHttp.Response put = RawHttp.post("PutItem",
                "{\"TableName\":\"" + table + "\",\"Item\":{\"pk\":{\"S\":\"crc\"},\"v\":{\"S\":\"é ✓\"}}}");
        assertThat(put.status()).isEqualTo(200);
        assertHeaders(put);
        RawHttp.Response get = RawHttp.post("GetItem",
                "{\"TableName\":\"" + table + "\",\"Key\":{\"pk\":{\"S\":\"crc\"}}}");
        assertThat(get.status()).isEqualTo(200);
        assertHeaders(get);
        assertThat(get.json().get("Item").get("v").get("S").textValue()).isEqualTo("é ✓");
        assertThat(get.header("content-type")).startsWith("application/x-amz-json-1.0");
    }

    /** Request ids are unique per request. */
    @Test
    void requestIds_areUnique() {
        String body = "{\"TableName\":\"" + table + "\"}";
        String first = RawHttp.post("DescribeTable", body).header("x-amzn-RequestId");
        String second = RawHttp.post("DescribeTable", body).header("x-amzn-RequestId");
        assertThat(first).isNotBlank().isNotEqualTo(second);
    }

    /** An error body is {"__type": "com.amazonaws.dynamodb.v20120810#<Name>", "message": ...}, with the headers. */
    @Test
    void errorResponse_hasDynamoDbShape() {
        String missing = RewindServer.uniqueTableName("protocol-missing");
        RawHttp.Response response = RawHttp.post("GetItem",
                "{\"TableName\":\"" + missing + "\",\"Key\":{\"pk\":{\"S\":\"x\"}}}");
        assertThat(response.status()).isEqualTo(400);
        assertHeaders(response);
        JsonNode body = response.json();
        assertThat(body.get("__type").textValue())
                .isEqualTo("com.amazonaws.dynamodb.v20120810#ResourceNotFoundException");
        assertThat(body.get("message").textValue()).isEqualTo("Requested resource not found");
    }

    /** A ValidationException is reported under DynamoDB's coral namespace, with a message. */
    @Test
    void validationError_hasCoralType() {
        RawHttp.Response response = RawHttp.post("GetItem",
                "{\"TableName\":\"" + table + "\",\"Key\":{\"wrong\":{\"S\":\"x\"}}}");
        assertThat(response.status()).isEqualTo(400);
        assertHeaders(response);
        assertThat(response.json().get("__type").textValue())
                .isEqualTo("com.amazon.coral.validate#ValidationException");
        assertThat(response.json().get("message").textValue())
                .isEqualTo("The provided key element does not match the schema");
    }

    /** GET / is DynamoDB's health check: 200 with "healthy: dynamodb.<region>.amazonaws.com ". */
    @Test
    void getRoot_isHealthy() throws Exception {
        HttpResponse<String> response = RawHttp.HTTP.send(HttpRequest.newBuilder(RewindServer.endpoint().resolve("/"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("healthy: dynamodb.us-east-1.amazonaws.com ");
    }

    private static void assertHeaders(RawHttp.Response response) {
        assertThat(response.header("x-amzn-RequestId")).isNotBlank();
        CRC32 crc = new CRC32();
        crc.update(response.body());
        assertThat(response.header("x-amz-crc32")).isEqualTo(Long.toString(crc.getValue()));
    }

    /**
     * Sends DynamoDB JSON requests over plain HTTP, signed with SigV4 like an SDK would, so the tests that need to
     * send malformed bodies also work against AWS.
     */
    static final class RawHttp {
        static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        private static final ObjectMapper JSON = new ObjectMapper();
        private static final Set<String> RESTRICTED_HEADERS = Set.of("host", "content-length", "connection");

        private RawHttp() {
        }

        record Response(int status, Map<String, List<String>> headers, byte[] body) {
            String header(String name) {
                for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                    if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                        return e.getValue().get(0);
                    }
                }
                return null;
            }

            String text() {
                return new String(body, StandardCharsets.UTF_8);
            }

            JsonNode json() {
                try {
                    return JSON.readTree(body);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            /** The error name: the part of __type after '#'. */
            String errorType() {
                String type = json().get("__type").textValue();
                return type.substring(type.indexOf('#') + 1);
            }
        }

        /** POSTs {@code body} as operation {@code operation} (any X-Amz-Target suffix) to us-east-1. */
        static Response post(String operation, String body) {
            return post(operation, body, Region.US_EAST_1);
        }

        static Response post(String operation, String body, Region region) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            URI endpoint = RewindServer.endpoint();
            SdkHttpRequest unsigned = SdkHttpRequest.builder()
                    .method(SdkHttpMethod.POST)
                    .uri(endpoint.resolve("/"))
                    .putHeader("Content-Type", "application/x-amz-json-1.0")
                    .putHeader("X-Amz-Target", "DynamoDB_20120810." + operation)
                    .build();
            SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r
                    .identity(AwsCredentialsIdentity.create("test", "test"))
                    .request(unsigned)
                    .payload(ContentStreamProvider.fromByteArray(bytes))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "dynamodb")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region.id()))
                    .request();
            HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.resolve("/"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
            signed.forEachHeader((name, values) -> {
                if (!RESTRICTED_HEADERS.contains(name.toLowerCase())) {
                    values.forEach(v -> request.header(name, v));
                }
            });
            try {
                HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                return new Response(response.statusCode(), response.headers().map(), response.body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
