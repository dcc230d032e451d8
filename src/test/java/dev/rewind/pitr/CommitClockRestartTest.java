package dev.rewind.pitr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.rewind.Rewind;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Commit timestamps stay ordered across a restart even when the wall clock is now behind the newest stored one
 * (an NTP step back, a restored VM): writes after the restart are stamped after those before it, so the latest
 * restore holds the newest write.
 */
class CommitClockRestartTest {

    @Test
    void restartWithClockBehind_keepsHistoryOrdered() throws Exception {
        Path dir = Files.createTempDirectory("rewind-clock");
        Instant start = Instant.parse("2026-06-01T12:00:00Z");
        try (Rewind rewind = Rewind.builder().port(0).dataDir(dir).clock(new FakeClock(start)).start();
                DynamoDbClient client = PitrSupport.client(rewind.endpoint())) {
            client.createTable(b -> b.tableName("clocked")
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                    .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                    .billingMode(BillingMode.PAY_PER_REQUEST));
            client.updateContinuousBackups(b -> b.tableName("clocked")
                    .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
            client.putItem(b -> b.tableName("clocked").item(Map.of("pk", AttributeValue.fromS("a"),
                    "v", AttributeValue.fromS("before restart"))));
        }
        try (Rewind rewind = Rewind.builder().port(0).dataDir(dir)
                .clock(new FakeClock(start.minusSeconds(30))).start();
                DynamoDbClient client = PitrSupport.client(rewind.endpoint())) {
            client.putItem(b -> b.tableName("clocked").item(Map.of("pk", AttributeValue.fromS("a"),
                    "v", AttributeValue.fromS("after restart"))));
            PitrSupport.restoreLatest(client, "clocked", "clocked-latest");
            assertThat(client.getItem(b -> b.tableName("clocked-latest")
                    .key(Map.of("pk", AttributeValue.fromS("a")))).item())
                    .containsEntry("v", AttributeValue.fromS("after restart"));
            long latest = client.describeContinuousBackups(b -> b.tableName("clocked")).continuousBackupsDescription()
                    .pointInTimeRecoveryDescription().latestRestorableDateTime().toEpochMilli();
            assertThat(latest).isGreaterThanOrEqualTo(start.toEpochMilli());
        }
    }
}
