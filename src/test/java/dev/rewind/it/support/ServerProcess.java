package dev.rewind.it.support;

import static java.util.Objects.requireNonNull;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * {@code rewind serve} in its own JVM, started the way a user starts it ({@code dev.rewind.cli.Main serve --port
 * --data-dir}) from the test class path, so a test can SIGKILL it. Output goes to a log file next to the data
 * directory. A shutdown hook kills it if the test JVM exits first.
 */
public final class ServerProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final Process process;
    private final int port;
    private final Path log;
    private final Duration startupTime;
    private final Thread reaper;

    private ServerProcess(Process process, int port, Path log, Duration startupTime, Thread reaper) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.startupTime = startupTime;
        this.reaper = reaper;
    }

    /** Starts a server on a free port over {@code dataDir} and waits until it answers {@code GET /}. */
    public static ServerProcess start(Path dataDir, Path log, String... extraArgs) {
        requireNonNull(dataDir, "dataDir is null");
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 3; attempt++) { // another process may take the free port first
            try {
                return startOnce(dataDir, log, freePort(), extraArgs);
            } catch (IllegalStateException e) {
                last = e;
            }
        }
        throw last;
    }

    private static ServerProcess startOnce(Path dataDir, Path log, int port, String... extraArgs) {
        List<String> command = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-cp", testClassPath(),
                "dev.rewind.cli.Main", "serve",
                "--port", Integer.toString(port),
                "--data-dir", dataDir.toString()));
        command.addAll(List.of(extraArgs));
        long started = System.nanoTime();
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread reaper = new Thread(process::destroyForcibly, "rewind-server-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
        URI health = URI.create("http://127.0.0.1:" + port + "/");
        long deadline = started + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                removeHook(reaper);
                throw new IllegalStateException("rewind serve exited with " + process.exitValue() + ":\n" + tail(log));
            }
            if (answers(health)) {
                return new ServerProcess(process, port, log, Duration.ofNanos(System.nanoTime() - started), reaper);
            }
            sleep(20);
        }
        process.destroyForcibly();
        removeHook(reaper);
        throw new IllegalStateException("rewind serve did not answer within " + START_TIMEOUT + ":\n" + tail(log));
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public long pid() {
        return process.pid();
    }

    /** From starting the JVM to the first answered request. */
    public Duration startupTime() {
        return startupTime;
    }

    /**
     * SIGKILL: no shutdown hook, no RocksDB close, no final WAL sync. {@link Process#destroyForcibly()} sends
     * SIGKILL on Linux; the exit value 137 (128 + 9) returned proves it.
     */
    public int kill() {
        process.destroyForcibly();
        return awaitExit();
    }

    /** SIGTERM: the server's shutdown hook closes it cleanly. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            awaitExit();
        }
        removeHook(reaper);
    }

    private int awaitExit() {
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        removeHook(reaper);
        return process.exitValue();
    }

    /** The last lines the server printed. */
    public String logTail() {
        return tail(log);
    }

    /**
     * The test class path as a list of real entries: failsafe may run tests from a manifest-only jar whose
     * {@code Class-Path} names the entries, so that jar is expanded.
     */
    public static String testClassPath() {
        String classPath = System.getProperty("java.class.path");
        List<String> entries = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            List<String> expanded = manifestClassPath(Path.of(entry));
            entries.addAll(expanded.isEmpty() ? List.of(entry) : expanded);
        }
        return String.join(File.pathSeparator, entries);
    }

    private static List<String> manifestClassPath(Path jar) {
        if (!Files.isRegularFile(jar) || !jar.getFileName().toString().startsWith("surefirebooter")) {
            return List.of();
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            String value = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
            if (value == null) {
                return List.of();
            }
            List<String> out = new ArrayList<>();
            for (String url : value.trim().split("\\s+")) {
                out.add(Path.of(jar.getParent().toUri().resolve(url)).toString());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean answers(URI health) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).GET()
                    .build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
