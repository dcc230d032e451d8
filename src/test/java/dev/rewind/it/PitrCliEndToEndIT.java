package dev.rewind.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import dev.rewind.Rewind;
import dev.rewind.it.support.AwsCli;
import dev.rewind.it.support.Command;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * The AWS tutorial "Restoring a DynamoDB table to a point in time" (shared/reference/000), its CLI commands run
 * verbatim apart from {@code --endpoint-url}: update-continuous-backups, describe-continuous-backups,
 * restore-table-to-point-in-time with --use-latest-restorable-time and with --no-use-latest-restorable-time
 * --restore-date-time &lt;EarliestRestorableDateTime&gt;, describe-table while CREATING (RestoreInProgress true)
 * and once ACTIVE (issue #4). Runs with the CLI v2 ({@code /usr/bin/aws}, required in CI) and a CLI v1 on the
 * pyenv path when there is one. Each run has its own server so the tutorial's table names can be used as printed;
 * that server's restore gate holds a restore in CREATING long enough for describe-table to see it (on AWS a
 * restore takes minutes anyway).
 */
@Timeout(600)
class PitrCliEndToEndIT {
    private static final Path CLI_V2 = Path.of("/usr/bin/aws");
    private static final Path CLI_V1 = Path.of(System.getProperty("user.home"), ".pyenv", "shims", "aws");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    Path dataDir;

    static Stream<Arguments> clis() {
        return Stream.of(Arguments.of("v2", CLI_V2), Arguments.of("v1", CLI_V1));
    }

    /** The tutorial's CLI session restores MusicCollection to the latest and to the earliest restorable time. */
    @ParameterizedTest(name = "aws cli {0}")
    @MethodSource("clis")
    void tutorial_restoreTableToPointInTime(String version, Path binary) throws InterruptedException {
        if (!Files.isExecutable(binary)) {
            if (version.equals("v2") && Command.inCi()) {
                fail(binary + " is missing; .ci/run installs it with apt-get install -y awscli");
            }
            assumeTrue(false, binary + " is not installed");
        }
        try (Rewind rewind = Rewind.builder().port(0).dataDir(dataDir).start();
                DynamoDbClient client = RewindServer.clientFor(rewind.endpoint(), Region.US_EAST_1)) {
            Cli cli = new Cli(binary, rewind.endpoint().toString());
            Command.Result versionOutput = cli.run("--version");
            String versionLine = versionOutput.stdout() + versionOutput.stderr();
            assumeTrue(version.equals("v2") || versionLine.startsWith("aws-cli/1."), binary + " is not CLI v1");

            client.createTable(b -> b.tableName("MusicCollection").billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(a -> a.attributeName("Artist").attributeType(ScalarAttributeType.S),
                            a -> a.attributeName("SongTitle").attributeType(ScalarAttributeType.S))
                    .keySchema(k -> k.attributeName("Artist").keyType(KeyType.HASH),
                            k -> k.attributeName("SongTitle").keyType(KeyType.RANGE)));
            song(client, "No One You Know", "Call Me Today", "Somewhat Famous");
            song(client, "Acme Band", "Happy Day", "Songs About Life");
            Map<String, String> beforeEnabling = songs(client, "MusicCollection");

            // the note's command that enables PITR
            JsonNode enabled = cli.json("dynamodb", "update-continuous-backups",
                    "--table-name", "MusicCollection",
                    "--point-in-time-recovery-specification", "PointInTimeRecoveryEnabled=True");
            assertThat(enabled.at("/ContinuousBackupsDescription/PointInTimeRecoveryDescription/"
                    + "PointInTimeRecoveryStatus").asText()).isEqualTo("ENABLED");

            // step 1: confirm
            JsonNode described = cli.json("dynamodb", "describe-continuous-backups",
                    "--table-name", "MusicCollection");
            JsonNode pitr = described.at("/ContinuousBackupsDescription/PointInTimeRecoveryDescription");
            assertThat(described.at("/ContinuousBackupsDescription/ContinuousBackupsStatus").asText())
                    .isEqualTo("ENABLED");
            assertThat(pitr.get("PointInTimeRecoveryStatus").asText()).isEqualTo("ENABLED");
            JsonNode earliestNode = pitr.get("EarliestRestorableDateTime");
            Instant earliest = timestamp(earliestNode);
            assertThat(timestamp(pitr.get("LatestRestorableDateTime"))).isAfterOrEqualTo(earliest);

            Thread.sleep(2);
            song(client, "No One You Know", "My Dog Spot", "Hey Now");
            client.deleteItem(b -> b.tableName("MusicCollection").key(Map.of("Artist", s("Acme Band"),
                    "SongTitle", s("Happy Day"))));
            Map<String, String> latest = songs(client, "MusicCollection");

            // step 2: restore to LatestRestorableDateTime, watched while CREATING
            CountDownLatch gate = new CountDownLatch(1);
            rewind.backups().setRestoreGate(gate);
            try {
                JsonNode restoring = cli.json("dynamodb", "restore-table-to-point-in-time",
                        "--source-table-name", "MusicCollection",
                        "--target-table-name", "MusicCollectionMinutesAgo",
                        "--use-latest-restorable-time");
                assertThat(restoring.at("/TableDescription/TableName").asText())
                        .isEqualTo("MusicCollectionMinutesAgo");
                assertThat(restoring.at("/TableDescription/TableStatus").asText()).isEqualTo("CREATING");
                JsonNode creating = cli.json("dynamodb", "describe-table",
                        "--table-name", "MusicCollectionMinutesAgo");
                assertThat(creating.at("/Table/TableStatus").asText()).isEqualTo("CREATING");
                assertThat(creating.at("/Table/RestoreSummary/RestoreInProgress").asBoolean()).isTrue();
                assertThat(creating.at("/Table/RestoreSummary/SourceTableArn").asText())
                        .endsWith(":table/MusicCollection");
            } finally {
                gate.countDown();
                rewind.backups().setRestoreGate(null);
            }
            awaitActive(cli, "MusicCollectionMinutesAgo");
            assertThat(songs(client, "MusicCollectionMinutesAgo")).isEqualTo(latest);

            // the note: restore to EarliestRestorableDateTime, passed on as describe-continuous-backups printed it
            // (the CLI truncates it to whole seconds; Rewind takes that second as the earliest instant)
            JsonNode restoring = cli.json("dynamodb", "restore-table-to-point-in-time",
                    "--source-table-name", "MusicCollection",
                    "--target-table-name", "MusicCollectionEarliestRestorableDateTime",
                    "--no-use-latest-restorable-time",
                    "--restore-date-time", printed(earliestNode));
            assertThat(timestamp(restoring.at("/TableDescription/RestoreSummary/RestoreDateTime")))
                    .isEqualTo(earliest);
            awaitActive(cli, "MusicCollectionEarliestRestorableDateTime");
            assertThat(songs(client, "MusicCollectionEarliestRestorableDateTime")).isEqualTo(beforeEnabling);

            // "To verify the restore, use the describe-table command"
            JsonNode source = cli.json("dynamodb", "describe-table", "--table-name", "MusicCollection");
            assertThat(source.at("/Table/TableStatus").asText()).isEqualTo("ACTIVE");
            assertThat(source.at("/Table/RestoreSummary").isMissingNode()).isTrue();
        }
    }

    /** describe-table until ACTIVE, checking each CREATING answer says the restore is in progress. */
    private static void awaitActive(Cli cli, String table) {
        long deadline = System.nanoTime() + COMMAND_TIMEOUT.toNanos();
        while (true) {
            JsonNode t = cli.json("dynamodb", "describe-table", "--table-name", table).get("Table");
            if (t.get("TableStatus").asText().equals("ACTIVE")) {
                assertThat(t.at("/RestoreSummary/RestoreInProgress").asBoolean()).isFalse();
                return;
            }
            assertThat(t.get("TableStatus").asText()).isEqualTo("CREATING");
            assertThat(t.at("/RestoreSummary/RestoreInProgress").asBoolean()).isTrue();
            assertThat(System.nanoTime()).as("%s still CREATING", table).isLessThan(deadline);
        }
    }

    /** CLI v1 prints timestamps as received (epoch seconds), v2 as ISO 8601 by default. */
    private static Instant timestamp(JsonNode node) {
        if (node.isNumber()) {
            return Instant.ofEpochMilli(node.decimalValue().movePointRight(3).longValue());
        }
        return OffsetDateTime.parse(node.asText()).toInstant();
    }

    /** A timestamp as the CLI printed it, for a user to paste: epoch seconds (v1) or ISO 8601 (v2). */
    private static String printed(JsonNode node) {
        return node.isNumber() ? node.decimalValue().toPlainString() : node.asText();
    }

    private static void song(DynamoDbClient client, String artist, String title, String album) {
        client.putItem(b -> b.tableName("MusicCollection").item(Map.of("Artist", s(artist), "SongTitle", s(title),
                "AlbumTitle", s(album))));
    }

    private static Map<String, String> songs(DynamoDbClient client, String table) {
        Map<String, String> out = new TreeMap<>();
        client.scanPaginator(ScanRequest.builder().tableName(table).consistentRead(true).build()).items()
                .forEach(i -> out.put(i.get("Artist").s() + "/" + i.get("SongTitle").s(), i.get("AlbumTitle").s()));
        return out;
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    /** One AWS CLI binary pointed at the server with throwaway credentials and no config or pager. */
    private static final class Cli {
        private final Path binary;
        private final String endpoint;
        private final Map<String, String> environment = AwsCli.environment("us-east-1");

        Cli(Path binary, String endpoint) {
            this.binary = binary;
            this.endpoint = endpoint;
        }

        Command.Result run(String... args) {
            List<String> command = new ArrayList<>(List.of(binary.toString()));
            command.addAll(List.of(args));
            if (!args[0].equals("--version")) {
                command.addAll(List.of("--endpoint-url", endpoint));
            }
            return Command.run(command, environment, COMMAND_TIMEOUT);
        }

        JsonNode json(String... args) {
            return AwsCli.json(run(args));
        }
    }
}
