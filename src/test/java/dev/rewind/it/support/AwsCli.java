package dev.rewind.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** What the AWS CLI end-to-end tests share: an isolated environment for the CLI, and reading its JSON output. */
public final class AwsCli {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AwsCli() {
    }

    /**
     * Throwaway credentials for {@code region}, JSON output, no pager, no config or credentials files, and none of
     * the caller's AWS settings (a null value unsets the variable).
     */
    public static Map<String, String> environment(String region) {
        Map<String, String> environment = new HashMap<>();
        environment.put("AWS_ACCESS_KEY_ID", "test");
        environment.put("AWS_SECRET_ACCESS_KEY", "test");
        environment.put("AWS_DEFAULT_REGION", region);
        environment.put("AWS_REGION", region);
        environment.put("AWS_DEFAULT_OUTPUT", "json");
        environment.put("AWS_PAGER", "");
        environment.put("AWS_EC2_METADATA_DISABLED", "true");
        environment.put("AWS_CONFIG_FILE", "/nonexistent/rewind-it/config");
        environment.put("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/rewind-it/credentials");
        environment.put("AWS_PROFILE", null);
        environment.put("AWS_SESSION_TOKEN", null);
        environment.put("AWS_ENDPOINT_URL", null);
        environment.put("AWS_ENDPOINT_URL_DYNAMODB", null);
        return environment;
    }

    /** The command's output as JSON, asserting it succeeded. */
    public static JsonNode json(Command.Result result) {
        assertThat(result.exitCode()).as(result.describe()).isZero();
        try {
            return JSON.readTree(result.stdout());
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + result.describe(), e);
        }
    }
}
