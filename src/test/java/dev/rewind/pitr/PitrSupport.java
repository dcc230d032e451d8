package dev.rewind.pitr;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/** What the PITR tests share: an SDK client for an in-process server, restores that wait for ACTIVE, full scans. */
final class PitrSupport {
    /** Real time a restore may take before a test gives up; the fake clock does not move meanwhile. */
    static final Duration RESTORE_TIMEOUT = Duration.ofSeconds(60);

    private PitrSupport() {
    }

    static DynamoDbClient client(URI endpoint) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
    }

    /** Restores {@code source} as of {@code millis} into {@code target} and waits until it is ACTIVE. */
    static TableDescription restoreAt(DynamoDbClient client, String source, String target, long millis) {
        client.restoreTableToPointInTime(b -> b.sourceTableName(source).targetTableName(target)
                .restoreDateTime(Instant.ofEpochMilli(millis)));
        return awaitActive(client, target);
    }

    /** Restores {@code source} at its latest restorable time into {@code target} and waits until it is ACTIVE. */
    static TableDescription restoreLatest(DynamoDbClient client, String source, String target) {
        client.restoreTableToPointInTime(b -> b.sourceTableName(source).targetTableName(target)
                .useLatestRestorableTime(true));
        return awaitActive(client, target);
    }

    static TableDescription awaitActive(DynamoDbClient client, String table) {
        long deadline = System.nanoTime() + RESTORE_TIMEOUT.toNanos();
        while (true) {
            TableDescription d = client.describeTable(b -> b.tableName(table)).table();
            if (d.tableStatus() == TableStatus.ACTIVE) {
                return d;
            }
            assertThat(System.nanoTime()).as("%s still %s", table, d.tableStatus()).isLessThan(deadline);
            sleep(5);
        }
    }

    /** Every item of the table (or of one of its indexes), following LastEvaluatedKey. */
    static List<Map<String, AttributeValue>> scanAll(DynamoDbClient client, String table, String index) {
        ScanRequest.Builder request = ScanRequest.builder().tableName(table);
        if (index == null) {
            request.consistentRead(true);
        } else {
            request.indexName(index);
        }
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        client.scanPaginator(request.build()).items().forEach(out::add);
        return out;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
