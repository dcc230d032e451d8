package dev.rewind.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import dev.rewind.it.support.AwsCli;
import dev.rewind.it.support.Command;

/**
 * The AWS CLI, as a user runs it with {@code --endpoint-url}: a table's whole life through create-table, the
 * table-exists waiter, item writes and reads, query, a paginated scan, a failing conditional put, and delete-table
 * with the table-not-exists waiter. Runs with the CLI v2 ({@code /usr/bin/aws}, Debian's awscli, installed by
 * .ci/run; required in CI) and with a CLI v1 on the pyenv path when there is one (issue #2).
 */
@Timeout(600)
class CliEndToEndIT {
    private static final Path CLI_V2 = Path.of("/usr/bin/aws");
    private static final Path CLI_V1 = Path.of(System.getProperty("user.home"), ".pyenv", "shims", "aws");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);

    static Stream<Arguments> clis() {
        return Stream.of(Arguments.of("v2", CLI_V2), Arguments.of("v1", CLI_V1));
    }

    /** A user's first session with the CLI works against Rewind as against DynamoDB. */
    @ParameterizedTest(name = "aws cli {0}")
    @MethodSource("clis")
    void tableLifecycle(String version, Path binary) {
        if (!Files.isExecutable(binary)) {
            if (version.equals("v2") && Command.inCi()) {
                fail(binary + " is missing; .ci/run installs it with apt-get install -y awscli");
            }
            assumeTrue(false, binary + " is not installed");
        }
        Cli cli = new Cli(binary, RewindServer.endpoint().toString());
        Command.Result versionOutput = cli.run("--version");
        String versionLine = versionOutput.stdout() + versionOutput.stderr();
        assumeTrue(version.equals("v2") || versionLine.startsWith("aws-cli/1."), binary + " is not CLI v1");
        assertThat(versionLine).startsWith("aws-cli/" + version.substring(1) + ".");

        String table = RewindServer.uniqueTableName("cli-" + version);
        JsonNode created = cli.json("dynamodb", "create-table", "--table-name", table,
                "--attribute-definitions", "AttributeName=pk,AttributeType=S", "AttributeName=sk,AttributeType=N",
                "--key-schema", "AttributeName=pk,KeyType=HASH", "AttributeName=sk,KeyType=RANGE",
                "--billing-mode", "PAY_PER_REQUEST");
        assertThat(created.at("/TableDescription/TableName").asText()).isEqualTo(table);
        assertThat(created.at("/TableDescription/KeySchema/0/AttributeName").asText()).isEqualTo("pk");

        cli.ok("dynamodb", "wait", "table-exists", "--table-name", table);
        assertThat(cli.json("dynamodb", "describe-table", "--table-name", table)
                .at("/Table/TableStatus").asText()).isEqualTo("ACTIVE");
        assertThat(names(cli.json("dynamodb", "list-tables").get("TableNames"))).contains(table);

        for (int sk = 1; sk <= 3; sk++) {
            cli.ok("dynamodb", "put-item", "--table-name", table, "--item",
                    "{\"pk\":{\"S\":\"user#1\"},\"sk\":{\"N\":\"" + sk + "\"},\"name\":{\"S\":\"Ada\"},"
                            + "\"visits\":{\"N\":\"1\"},\"tags\":{\"SS\":[\"a\",\"b\"]}}");
        }
        cli.ok("dynamodb", "put-item", "--table-name", table, "--item",
                "{\"pk\":{\"S\":\"user#2\"},\"sk\":{\"N\":\"1\"},\"name\":{\"S\":\"Bob\"}}");

        JsonNode got = cli.json("dynamodb", "get-item", "--table-name", table, "--consistent-read",
                "--key", "{\"pk\":{\"S\":\"user#1\"},\"sk\":{\"N\":\"2\"}}");
        assertThat(got.at("/Item/name/S").asText()).isEqualTo("Ada");
        assertThat(got.at("/Item/visits/N").asText()).isEqualTo("1");
        assertThat(names(got.at("/Item/tags/SS"))).containsExactlyInAnyOrder("a", "b");

        JsonNode updated = cli.json("dynamodb", "update-item", "--table-name", table,
                "--key", "{\"pk\":{\"S\":\"user#1\"},\"sk\":{\"N\":\"2\"}}",
                "--update-expression", "SET #n = :n ADD visits :one",
                "--expression-attribute-names", "{\"#n\":\"name\"}",
                "--expression-attribute-values", "{\":n\":{\"S\":\"Grace\"},\":one\":{\"N\":\"1\"}}",
                "--return-values", "ALL_NEW");
        assertThat(updated.at("/Attributes/name/S").asText()).isEqualTo("Grace");
        assertThat(updated.at("/Attributes/visits/N").asText()).isEqualTo("2");

        JsonNode query = cli.json("dynamodb", "query", "--table-name", table,
                "--key-condition-expression", "pk = :pk AND sk >= :from",
                "--expression-attribute-values", "{\":pk\":{\"S\":\"user#1\"},\":from\":{\"N\":\"2\"}}");
        assertThat(query.get("Count").asInt()).isEqualTo(2);
        assertThat(sortKeys(query)).containsExactly("2", "3");
        JsonNode reversed = cli.json("dynamodb", "query", "--table-name", table, "--no-scan-index-forward",
                "--key-condition-expression", "pk = :pk",
                "--expression-attribute-values", "{\":pk\":{\"S\":\"user#1\"}}");
        assertThat(sortKeys(reversed)).containsExactly("3", "2", "1");

        // --page-size 1 makes the CLI follow LastEvaluatedKey through every page and merge them
        JsonNode scan = cli.json("dynamodb", "scan", "--table-name", table, "--page-size", "1");
        assertThat(scan.get("Count").asInt()).isEqualTo(4);
        assertThat(scan.get("Items")).hasSize(4);
        JsonNode filtered = cli.json("dynamodb", "scan", "--table-name", table,
                "--filter-expression", "#n = :ada", "--expression-attribute-names", "{\"#n\":\"name\"}",
                "--expression-attribute-values", "{\":ada\":{\"S\":\"Ada\"}}");
        assertThat(filtered.get("Count").asInt()).isEqualTo(2);

        Command.Result conditional = cli.run("dynamodb", "put-item", "--table-name", table,
                "--item", "{\"pk\":{\"S\":\"user#2\"},\"sk\":{\"N\":\"1\"}}",
                "--condition-expression", "attribute_not_exists(pk)");
        assertThat(conditional.exitCode()).as(conditional.describe()).isNotZero();
        assertThat(conditional.stderr()).contains("ConditionalCheckFailedException");

        JsonNode deleted = cli.json("dynamodb", "delete-item", "--table-name", table,
                "--key", "{\"pk\":{\"S\":\"user#2\"},\"sk\":{\"N\":\"1\"}}", "--return-values", "ALL_OLD");
        assertThat(deleted.at("/Attributes/name/S").asText()).isEqualTo("Bob");
        assertThat(cli.json("dynamodb", "scan", "--table-name", table).get("Count").asInt()).isEqualTo(3);

        JsonNode dropped = cli.json("dynamodb", "delete-table", "--table-name", table);
        assertThat(dropped.at("/TableDescription/TableName").asText()).isEqualTo(table);
        cli.ok("dynamodb", "wait", "table-not-exists", "--table-name", table);
        Command.Result missing = cli.run("dynamodb", "describe-table", "--table-name", table);
        assertThat(missing.exitCode()).as(missing.describe()).isNotZero();
        assertThat(missing.stderr()).contains("ResourceNotFoundException");
        assertThat(names(cli.json("dynamodb", "list-tables").get("TableNames"))).doesNotContain(table);
    }

    private static List<String> sortKeys(JsonNode result) {
        List<String> out = new ArrayList<>();
        result.get("Items").forEach(i -> out.add(i.at("/sk/N").asText()));
        return out;
    }

    private static List<String> names(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
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
                command.addAll(List.of("--endpoint-url", endpoint, "--output", "json"));
            }
            return Command.run(command, environment, COMMAND_TIMEOUT);
        }

        Command.Result ok(String... args) {
            Command.Result result = run(args);
            assertThat(result.exitCode()).as(result.describe()).isZero();
            return result;
        }

        JsonNode json(String... args) {
            return AwsCli.json(run(args));
        }
    }
}
