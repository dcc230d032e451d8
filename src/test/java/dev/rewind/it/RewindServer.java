package dev.rewind.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import dev.rewind.Rewind;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One real Rewind server (RocksDB in a temporary directory) shared by every IT in the JVM, and AWS SDK v2 clients
 * pointed at it. Tests share it and use unique table names ({@link #uniqueTableName}).
 */
public final class RewindServer {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static Rewind server;
    private static Path dataDir;
    private static DynamoDbClient client;

    private RewindServer() {
    }

    public static synchronized Rewind server() {
        if (server == null) {
            try {
                dataDir = Files.createTempDirectory("rewind-it");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server = Rewind.builder().port(0).dataDir(dataDir).start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        }
        return server;
    }

    public static URI endpoint() {
        return server().endpoint();
    }

    /** A client for us-east-1. */
    public static synchronized DynamoDbClient client() {
        if (client == null) {
            client = client(Region.US_EAST_1);
        }
        return client;
    }

    /** A new client signing for {@code region}; close it when done. */
    public static DynamoDbClient client(Region region) {
        return clientFor(endpoint(), region);
    }

    public static DynamoDbClient clientFor(URI endpoint, Region region) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(region)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
    }

    /** A table name no other test uses. */
    public static String uniqueTableName(String prefix) {
        return prefix + "-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
    }
}
