package dev.rewind.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.rewind.it.support.Command;

/**
 * boto3, the Python SDK, runs {@code e2e/boto3_cycle.py} against the server: a table's whole life, a scan paginated
 * by {@code get_paginator('scan')} and a conditional put failing with ConditionalCheckFailedException. Required in
 * CI; elsewhere skipped when no python3 has boto3 (issue #2).
 */
@Timeout(300)
class Boto3EndToEndIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(240);

    @Test
    void boto3_tableLifecycle_withPaginatedScanAndConditionalPut() throws URISyntaxException {
        Optional<String> python = pythonWithBoto3();
        if (python.isEmpty()) {
            if (Command.inCi()) {
                fail("no python3 with boto3 found; .ci/run installs python3-boto3 when none has it");
            }
            assumeTrue(false, "no python3 with boto3");
        }
        Path script = Path.of(Boto3EndToEndIT.class.getResource("/e2e/boto3_cycle.py").toURI());
        String table = RewindServer.uniqueTableName("boto3");

        Command.Result result = Command.run(
                List.of(python.get(), script.toString(), RewindServer.endpoint().toString(), table),
                Map.of("AWS_EC2_METADATA_DISABLED", "true", "PYTHONUNBUFFERED", "1"), TIMEOUT);

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout()).as(result.describe())
                .contains("scan paginator: 23 items in")
                .contains("conditional put: ConditionalCheckFailedException")
                .endsWith("BOTO3 CYCLE OK\n");
    }

    /** The first of python3 on PATH, the pyenv shim and Debian's python3 that can import boto3. */
    private static Optional<String> pythonWithBoto3() {
        List<String> candidates = new ArrayList<>(List.of("python3"));
        candidates.add(Path.of(System.getProperty("user.home"), ".pyenv", "shims", "python3").toString());
        candidates.add("/usr/bin/python3");
        for (String candidate : candidates) {
            if (candidate.startsWith("/") && !Files.isExecutable(Path.of(candidate))) {
                continue;
            }
            try {
                Command.Result r = Command.run(List.of(candidate, "-c", "import boto3"), Map.of(),
                        Duration.ofSeconds(60));
                if (r.exitCode() == 0) {
                    return Optional.of(candidate);
                }
            } catch (RuntimeException e) {
                // not runnable: try the next one
            }
        }
        return Optional.empty();
    }
}
