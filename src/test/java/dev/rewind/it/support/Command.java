package dev.rewind.it.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs an external program with no standard input and a time limit, and captures what it printed. */
public final class Command {
    private Command() {
    }

    /** What a finished program printed and its exit code. */
    public record Result(List<String> command, int exitCode, String stdout, String stderr) {
        /** For assertion messages. */
        public String describe() {
            return String.join(" ", command) + "\nexit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n"
                    + stderr;
        }
    }

    /** Runs {@code command} with {@code environment} added to this JVM's (a null value removes a variable). */
    public static Result run(List<String> command, Map<String, String> environment, Duration timeout) {
        try {
            Path out = Files.createTempFile("rewind-cmd", ".out");
            Path err = Files.createTempFile("rewind-cmd", ".err");
            try {
                ProcessBuilder builder = new ProcessBuilder(command)
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile());
                environment.forEach((name, value) -> {
                    if (value == null) {
                        builder.environment().remove(name);
                    } else {
                        builder.environment().put(name, value);
                    }
                });
                Process process = builder.start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    process.waitFor();
                    throw new IllegalStateException("timed out after " + timeout + ": " + String.join(" ", command)
                            + "\n" + Files.readString(err, StandardCharsets.UTF_8));
                }
                return new Result(command, process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Whether {@code env CI} is set, as on the CI machine, where a missing tool must fail rather than skip. */
    public static boolean inCi() {
        String ci = System.getenv("CI");
        return ci != null && !ci.isEmpty() && !ci.equalsIgnoreCase("false");
    }
}
