package dev.rewind.pitr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.rewind.Rewind;
import dev.rewind.it.support.ServerProcess;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryDescription;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Point-in-time history is durable (issue #4): it survives a clean restart on the same data directory, and a
 * SIGKILL of a separate server process, after which every acknowledged write is restorable to the millisecond —
 * a restore between write i's acknowledgement and write i+1's sending holds i and not i+1.
 */
class PitrCrashTest {
    private static final int KEYS = 4;

    @TempDir
    Path work;

    /** Closing and reopening the server keeps the window and the history: restores before the restart still work. */
    @Test
    @Timeout(120)
    void restart_keepsWindowAndHistory() {
        FakeClock clock = new FakeClock(Instant.parse("2024-05-01T12:00:00Z"));
        Path dir = work.resolve("data");
        List<long[]> writes = new ArrayList<>();
        long enabled;
        try (Rewind rewind = start(dir, clock); DynamoDbClient client = PitrSupport.client(rewind.endpoint())) {
            createTable(client);
            put(client, writes, clock.millis(), 0, -1);
            clock.advanceMillis(3);
            client.updateContinuousBackups(b -> b.tableName("crash")
                    .pointInTimeRecoverySpecification(s -> s.pointInTimeRecoveryEnabled(true)));
            enabled = clock.millis();
            for (int i = 0; i < 200; i++) {
                clock.advanceMillis(i % 3);
                put(client, writes, clock.millis(), i % KEYS, i);
            }
        }
        clock.advance(Duration.ofSeconds(5));
        try (Rewind rewind = start(dir, clock); DynamoDbClient client = PitrSupport.client(rewind.endpoint())) {
            PointInTimeRecoveryDescription d = client.describeContinuousBackups(b -> b.tableName("crash"))
                    .continuousBackupsDescription().pointInTimeRecoveryDescription();
            assertThat(d.earliestRestorableDateTime()).isEqualTo(Instant.ofEpochMilli(enabled));
            assertThat(d.latestRestorableDateTime()).isEqualTo(clock.instant());
            // written after the restart: history continues
            put(client, writes, clock.millis(), 0, 1000);
            for (long target : new long[] {enabled, enabled + 1, writes.get(100)[0], writes.get(201)[0] - 1,
                    clock.millis()}) {
                String restored = "at-" + target;
                PitrSupport.restoreAt(client, "crash", restored, target);
                assertThat(scan(client, restored)).as("restore to %s", Instant.ofEpochMilli(target))
                        .isEqualTo(stateAt(writes, target));
            }
        }
    }

    /**
     * A server killed with SIGKILL keeps every acknowledged write's history: after the restart, a restore to a
     * millisecond after write i was acknowledged and before write i+1 was sent holds exactly writes 0..i.
     */
    @Test
    @Timeout(180)
    void kill9_everyAcknowledgedWriteRestorableBetweenAcks() throws Exception {
        Path dir = work.resolve("data");
        Path log = work.resolve("server.log");
        List<long[]> writes = new ArrayList<>(); // {sentBefore, ackedAfter, key, value}
        long enabled;
        try (ServerProcess server = ServerProcess.start(dir, log);
                DynamoDbClient client = PitrSupport.client(server.endpoint())) {
            createTable(client);
            client.updateContinuousBackups(b -> b.tableName("crash")
                    .pointInTimeRecoverySpecification(s -> s.pointInTimeRecoveryEnabled(true)));
            enabled = client.describeContinuousBackups(b -> b.tableName("crash")).continuousBackupsDescription()
                    .pointInTimeRecoveryDescription().earliestRestorableDateTime().toEpochMilli();
            Thread.sleep(2);
            for (int i = 0; i < 300; i++) {
                long sent = System.currentTimeMillis();
                int key = i % KEYS;
                int value = i;
                client.putItem(b -> b.tableName("crash").item(item(key, value)));
                writes.add(new long[] {sent, System.currentTimeMillis(), key, value});
                if (i % 10 == 9) {
                    Thread.sleep(2); // a gap of at least a millisecond between ack i and send i+1
                }
            }
            assertThat(server.kill()).as("SIGKILL").isEqualTo(137);
        }
        try (ServerProcess server = ServerProcess.start(dir, log);
                DynamoDbClient client = PitrSupport.client(server.endpoint())) {
            assertThat(client.describeContinuousBackups(b -> b.tableName("crash")).continuousBackupsDescription()
                    .pointInTimeRecoveryDescription().earliestRestorableDateTime().toEpochMilli()).isEqualTo(enabled);
            int checked = 0;
            for (int i = 9; i < writes.size() - 1; i += 30) {
                long ackedAfter = writes.get(i)[1];
                long nextSent = writes.get(i + 1)[0];
                assertThat(ackedAfter).as("a millisecond between ack %d and send %d", i, i + 1).isLessThan(nextSent);
                String restored = "between-" + i;
                PitrSupport.restoreAt(client, "crash", restored, ackedAfter);
                Map<Integer, Integer> expected = new TreeMap<>();
                for (long[] w : writes.subList(0, i + 1)) {
                    expected.put((int) w[2], (int) w[3]);
                }
                assertThat(scan(client, restored)).as("between write %d and %d", i, i + 1).isEqualTo(expected);
                checked++;
            }
            assertThat(checked).isGreaterThanOrEqualTo(9);
            PitrSupport.restoreLatest(client, "crash", "latest");
            Map<Integer, Integer> all = new TreeMap<>();
            writes.forEach(w -> all.put((int) w[2], (int) w[3]));
            assertThat(scan(client, "latest")).isEqualTo(all);
        }
    }

    private static Rewind start(Path dir, FakeClock clock) {
        return Rewind.builder().port(0).dataDir(dir).clock(clock).retentionInterval(Duration.ofDays(1)).start();
    }

    private static void createTable(DynamoDbClient client) {
        client.createTable(b -> b.tableName("crash").billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH)));
        PitrSupport.awaitActive(client, "crash");
    }

    private static Map<String, AttributeValue> item(int key, int value) {
        return Map.of("pk", AttributeValue.fromS("k" + key), "v", AttributeValue.fromN(Integer.toString(value)));
    }

    private static void put(DynamoDbClient client, List<long[]> writes, long millis, int key, int value) {
        client.putItem(b -> b.tableName("crash").item(item(key, value)));
        writes.add(new long[] {millis, key, value});
    }

    private static Map<Integer, Integer> stateAt(List<long[]> writes, long millis) {
        Map<Integer, Integer> state = new TreeMap<>();
        for (long[] w : writes) {
            if (w[0] <= millis) {
                state.put((int) w[1], (int) w[2]);
            }
        }
        return state;
    }

    private static Map<Integer, Integer> scan(DynamoDbClient client, String table) {
        PitrSupport.awaitActive(client, table);
        Map<Integer, Integer> out = new TreeMap<>();
        for (Map<String, AttributeValue> item : PitrSupport.scanAll(client, table, null)) {
            out.put(Integer.parseInt(item.get("pk").s().substring(1)), Integer.parseInt(item.get("v").n()));
        }
        return out;
    }
}
