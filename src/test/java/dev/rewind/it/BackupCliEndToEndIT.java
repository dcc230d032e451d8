package dev.rewind.it;

import static dev.rewind.it.BackupFixtures.hash;
import static dev.rewind.it.BackupFixtures.projection;
import static dev.rewind.it.BackupFixtures.s;
import static dev.rewind.it.BackupFixtures.throughput;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.rewind.Rewind;
import dev.rewind.it.support.AwsCli;
import dev.rewind.it.support.Command;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The "Restoring a DynamoDB table from a backup" tutorial (shared/reference/001 and 002), run with the AWS CLI v2
 * ({@code /usr/bin/aws}, Debian's awscli; .ci/run installs it) exactly as printed there, with only
 * {@code --endpoint-url} (and {@code --output json}) added and the tutorial's example backup ARNs replaced by the
 * real one (issue #3). Each command goes through bash, so its quoting is the tutorial's. The server is a Rewind of
 * its own with the tutorial's account id, so the table can be called Music as there.
 */
@Timeout(600)
class BackupCliEndToEndIT {
    private static final Path CLI = Path.of("/usr/bin/aws");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SONGS = 12;

    @TempDir
    Path dataDir;

    /** The tutorial, command by command: back up Music, list, describe, and every restore variant it shows. */
    @Test
    void restoreTutorial_everyCommandWorks() {
        if (!Files.isExecutable(CLI)) {
            if (Command.inCi()) {
                fail(CLI + " is missing; .ci/run installs it with apt-get install -y awscli");
            }
            assumeTrue(false, CLI + " is not installed");
        }
        try (Rewind server = Rewind.builder().port(0).dataDir(dataDir).accountId("123456789012").start();
                DynamoDbClient client = RewindServer.clientFor(server.endpoint(), Region.US_EAST_1)) {
            Cli cli = new Cli(server.endpoint().toString());
            createMusic(client);

            // the backup tutorial that this one builds on
            JsonNode created = cli.json("aws dynamodb create-backup --table-name Music --backup-name MusicBackup");
            String arn = created.at("/BackupDetails/BackupArn").asText();
            assertThat(arn).matches("arn:aws:dynamodb:us-east-1:123456789012:table/Music/backup/\\d{14}-[0-9a-f]{8}");
            assertThat(created.at("/BackupDetails/BackupName").asText()).isEqualTo("MusicBackup");
            assertThat(created.at("/BackupDetails/BackupStatus").asText()).isIn("CREATING", "AVAILABLE");
            assertThat(created.at("/BackupDetails/BackupType").asText()).isEqualTo("USER");
            // "This procedure assumes that the Music table no longer exists before restoring it"
            dropMusic(cli);

            JsonNode listed = cli.json("aws dynamodb list-backups");
            assertThat(listed.get("BackupSummaries")).singleElement().satisfies(b -> {
                assertThat(b.get("BackupArn").asText()).isEqualTo(arn);
                assertThat(b.get("BackupName").asText()).isEqualTo("MusicBackup");
                assertThat(b.get("TableName").asText()).isEqualTo("Music");
                assertThat(b.get("BackupStatus").asText()).isEqualTo("AVAILABLE");
            });

            JsonNode described = cli.json("aws dynamodb describe-backup \\\n--backup-arn " + arn);
            assertThat(described.at("/BackupDescription/BackupDetails/BackupArn").asText()).isEqualTo(arn);
            assertThat(described.at("/BackupDescription/SourceTableDetails/TableName").asText()).isEqualTo("Music");
            // Rewind's count is exact at the backup's instant; AWS's is its ~6-hourly estimate
            assertThat(described.at("/BackupDescription/SourceTableDetails/ItemCount").asInt()).isEqualTo(SONGS);
            assertThat(described.at("/BackupDescription/SourceTableFeatureDetails/GlobalSecondaryIndexes/0/IndexName")
                    .asText()).isEqualTo("singers-index");

            restore(cli, arn, "aws dynamodb restore-table-from-backup \\\n--target-table-name Music \\\n--backup-arn "
                    + arn, table -> {
                        assertThat(table.at("/BillingModeSummary/BillingMode").asText("PROVISIONED"))
                                .isEqualTo("PROVISIONED");
                        assertThat(table.at("/GlobalSecondaryIndexes/0/Projection/ProjectionType").asText())
                                .isEqualTo("ALL");
                        assertThat(table.at("/GlobalSecondaryIndexes/0/IndexName").asText())
                                .isEqualTo("singers-index");
                    });

            restore(cli, arn, "aws dynamodb restore-table-from-backup \\\n--target-table-name Music \\\n--backup-arn "
                    + arn + " \\\n--sse-specification-override "
                    + "Enabled=true,SSEType=KMS,KMSMasterKeyId=abcd1234-abcd-1234-a123-ab1234a1b234", table -> {
                        assertThat(table.at("/SSEDescription/Status").asText()).isEqualTo("ENABLED");
                        assertThat(table.at("/SSEDescription/SSEType").asText()).isEqualTo("KMS");
                        assertThat(table.at("/SSEDescription/KMSMasterKeyArn").asText())
                                .endsWith("key/abcd1234-abcd-1234-a123-ab1234a1b234");
                    });

            restore(cli, arn, "aws dynamodb restore-table-from-backup \\\n--target-table-name Music \\\n--backup-arn "
                    + arn + " \\\n--billing-mode-override PAY_PER_REQUEST", table -> {
                        assertThat(table.at("/BillingModeSummary/BillingMode").asText()).isEqualTo("PAY_PER_REQUEST");
                        assertThat(table.at("/ProvisionedThroughput/ReadCapacityUnits").asInt()).isZero();
                    });

            restore(cli, arn, "aws dynamodb restore-table-from-backup \\\n--target-table-name Music \\\n--backup-arn "
                    + arn + " \\\n--global-secondary-index-override '[]' \\\n--sse-specification-override "
                    + "Enabled=true,SSEType=KMS", table -> {
                        assertThat(table.path("GlobalSecondaryIndexes")).isEmpty();
                        assertThat(table.at("/SSEDescription/Status").asText()).isEqualTo("ENABLED");
                    });

            restore(cli, arn, "aws dynamodb restore-table-from-backup \\\n--target-table-name Music \\\n--backup-arn "
                    + arn + " \\\n--billing-mode-override PROVISIONED \\\n--provisioned-throughput-override "
                    + "ReadCapacityUnits=100,WriteCapacityUnits=100 \\\n--global-secondary-index-override "
                    + "IndexName=singers-index,KeySchema=[\"{AttributeName=SingerName,KeyType=HASH}\"],"
                    + "Projection=\"{ProjectionType=KEYS_ONLY}\","
                    + "ProvisionedThroughput=\"{ReadCapacityUnits=5,WriteCapacityUnits=5}\" \\\n"
                    + "--sse-specification-override Enabled=true,SSEType=KMS", table -> {
                        assertThat(table.at("/ProvisionedThroughput/ReadCapacityUnits").asInt()).isEqualTo(100);
                        assertThat(table.at("/ProvisionedThroughput/WriteCapacityUnits").asInt()).isEqualTo(100);
                        JsonNode gsi = table.at("/GlobalSecondaryIndexes/0");
                        assertThat(gsi.get("IndexName").asText()).isEqualTo("singers-index");
                        assertThat(gsi.at("/Projection/ProjectionType").asText()).isEqualTo("KEYS_ONLY");
                        assertThat(gsi.at("/ProvisionedThroughput/ReadCapacityUnits").asInt()).isEqualTo(5);
                        // the KEYS_ONLY index holds keys only
                        JsonNode query = cli.json("aws dynamodb query --table-name Music --index-name singers-index "
                                + "--key-condition-expression 'SingerName = :s' "
                                + "--expression-attribute-values '{\":s\":{\"S\":\"singer-0\"}}'");
                        assertThat(query.get("Count").asInt()).isPositive();
                        query.get("Items").forEach(item -> assertThat(names(item))
                                .containsExactlyInAnyOrder("Artist", "SongTitle", "SingerName"));
                    });

            // "you must set the default AWS Region to the desired destination Region"
            Cli europe = cli.inRegion("eu-west-1");
            Command.Result withoutSse = europe.run("aws dynamodb restore-table-from-backup \\\n--target-table-name "
                    + "Music \\\n--backup-arn " + arn);
            assertThat(withoutSse.exitCode()).as(withoutSse.describe()).isNotZero();
            assertThat(withoutSse.stderr()).contains("ValidationException");
            JsonNode crossRegion = europe.json("aws dynamodb restore-table-from-backup \\\n--target-table-name Music "
                    + "\\\n--backup-arn " + arn + " \\\n--sse-specification-override Enabled=true,SSEType=KMS");
            assertThat(crossRegion.at("/TableDescription/TableArn").asText())
                    .isEqualTo("arn:aws:dynamodb:eu-west-1:123456789012:table/Music");
            assertThat(crossRegion.at("/TableDescription/RestoreSummary/SourceBackupArn").asText()).isEqualTo(arn);
            assertThat(awaitActive(europe).at("/RestoreSummary/RestoreInProgress").asBoolean()).isFalse();
            assertThat(europe.json("aws dynamodb scan --table-name Music").get("Count").asInt()).isEqualTo(SONGS);
            // and not in us-east-1, where the last restore was dropped
            Command.Result home = cli.run("aws dynamodb describe-table --table-name Music");
            assertThat(home.stderr()).as(home.describe()).contains("ResourceNotFoundException");
        }
    }

    private static void createMusic(DynamoDbClient client) {
        client.createTable(b -> b.tableName("Music")
                .attributeDefinitions(BackupFixtures.attribute("Artist", ScalarAttributeType.S),
                        BackupFixtures.attribute("SongTitle", ScalarAttributeType.S),
                        BackupFixtures.attribute("SingerName", ScalarAttributeType.S))
                .keySchema(hash("Artist"), BackupFixtures.range("SongTitle"))
                .billingMode(BillingMode.PROVISIONED).provisionedThroughput(throughput(5, 5))
                .globalSecondaryIndexes(g -> g.indexName("singers-index").keySchema(hash("SingerName"))
                        .projection(projection(ProjectionType.ALL)).provisionedThroughput(throughput(5, 5))));
        BackupFixtures.awaitActive(client, "Music");
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int i = 0; i < SONGS; i++) {
            items.add(Map.of("Artist", s("artist-" + i % 4), "SongTitle", s("song-" + i),
                    "SingerName", s("singer-" + i % 3), "AlbumTitle", s("album-" + i % 2)));
        }
        BackupFixtures.putAll(client, "Music", items);
    }

    /** Runs one restore command, checks the CREATING answer and the ACTIVE table, then drops it for the next one. */
    private static void restore(Cli cli, String arn, String command, Consumer<JsonNode> check) {
        JsonNode restoring = cli.json(command).get("TableDescription");
        assertThat(restoring.get("TableName").asText()).isEqualTo("Music");
        // AWS answers CREATING; so does Rewind, though its restore is done within milliseconds
        assertThat(restoring.get("TableStatus").asText()).isEqualTo("CREATING");
        assertThat(restoring.at("/RestoreSummary/SourceBackupArn").asText()).isEqualTo(arn);
        assertThat(restoring.at("/RestoreSummary/RestoreInProgress").asBoolean()).isTrue();

        JsonNode table = awaitActive(cli);
        assertThat(table.at("/RestoreSummary/RestoreInProgress").asBoolean()).isFalse();
        assertThat(table.at("/TableClassSummary/TableClass").asText("STANDARD")).isEqualTo("STANDARD");
        check.accept(table);
        assertThat(cli.json("aws dynamodb scan --table-name Music").get("Count").asInt()).isEqualTo(SONGS);
        dropMusic(cli);
    }

    /** "aws dynamodb describe-table --table-name Music" until the table is ACTIVE. */
    private static JsonNode awaitActive(Cli cli) {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            JsonNode table = cli.json("aws dynamodb describe-table --table-name Music").get("Table");
            if (table.get("TableStatus").asText().equals("ACTIVE")) {
                return table;
            }
            assertThat(table.get("TableStatus").asText()).isEqualTo("CREATING");
            assertThat(System.nanoTime()).as("Music still restoring").isLessThan(deadline);
        }
    }

    private static void dropMusic(Cli cli) {
        cli.json("aws dynamodb delete-table --table-name Music");
        cli.json("aws dynamodb wait table-not-exists --table-name Music", true);
    }

    private static List<String> names(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    /** The CLI v2 through bash, pointed at the server, with throwaway credentials and no config or pager. */
    private static final class Cli {
        private final String endpoint;
        private final Map<String, String> environment;

        Cli(String endpoint) {
            this(endpoint, "us-east-1");
        }

        private Cli(String endpoint, String region) {
            this.endpoint = endpoint;
            this.environment = AwsCli.environment(region);
        }

        Cli inRegion(String region) {
            return new Cli(endpoint, region);
        }

        /** Runs a tutorial command line ("aws dynamodb …", backslash-newlines and quotes as printed) through bash. */
        Command.Result run(String commandLine) {
            assertThat(commandLine).startsWith("aws ");
            String script = CLI + commandLine.substring("aws".length()) + " --endpoint-url " + endpoint
                    + " --output json";
            return Command.run(List.of("/bin/bash", "-c", script), environment, COMMAND_TIMEOUT);
        }

        JsonNode json(String commandLine) {
            return json(commandLine, false);
        }

        JsonNode json(String commandLine, boolean emptyOutputAllowed) {
            Command.Result result = run(commandLine);
            if (emptyOutputAllowed && result.exitCode() == 0 && result.stdout().isBlank()) {
                return JSON.missingNode();
            }
            return AwsCli.json(result);
        }
    }
}
