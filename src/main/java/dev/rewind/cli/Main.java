package dev.rewind.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import dev.rewind.Rewind;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code rewind} command line. */
@Command(name = "rewind", mixinStandardHelpOptions = true, version = "Rewind 0.1.0",
        description = "A DynamoDB-compatible database with real backups and point-in-time recovery.",
        subcommands = {Main.Serve.class, Main.Warmup.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    /**
     * {@code rewind warmup} (hidden): starts a server on a temporary directory, sends it the common requests over
     * HTTP and exits. The launcher runs it once after a build to record a class-data-sharing archive, which makes
     * later starts faster.
     */
    @Command(name = "warmup", hidden = true)
    static final class Warmup implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            Path dir = java.nio.file.Files.createTempDirectory("rewind-warmup");
            try (Rewind rewind = Rewind.builder().port(0).dataDir(dir).start()) {
                String[][] calls = {
                    {"CreateTable", "{\"TableName\":\"warmup\",\"AttributeDefinitions\":[{\"AttributeName\":\"pk\","
                            + "\"AttributeType\":\"S\"},{\"AttributeName\":\"sk\",\"AttributeType\":\"N\"}],"
                            + "\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"},{\"AttributeName\":"
                            + "\"sk\",\"KeyType\":\"RANGE\"}],\"BillingMode\":\"PAY_PER_REQUEST\"}"},
                    {"PutItem", "{\"TableName\":\"warmup\",\"Item\":{\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"1\"},"
                            + "\"m\":{\"M\":{\"l\":{\"L\":[{\"BOOL\":true},{\"NULL\":true},{\"SS\":[\"x\"]}]}}}},"
                            + "\"ConditionExpression\":\"attribute_not_exists(pk)\"}"},
                    {"GetItem", "{\"TableName\":\"warmup\",\"Key\":{\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"1\"}}}"},
                    {"UpdateItem", "{\"TableName\":\"warmup\",\"Key\":{\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"1\"}},"
                            + "\"UpdateExpression\":\"SET n = if_not_exists(n, :z) + :one\",\"ExpressionAttributeValues\":"
                            + "{\":z\":{\"N\":\"0\"},\":one\":{\"N\":\"1\"}},\"ReturnValues\":\"ALL_NEW\"}"},
                    {"Query", "{\"TableName\":\"warmup\",\"KeyConditionExpression\":\"pk = :p AND sk > :s\","
                            + "\"ExpressionAttributeValues\":{\":p\":{\"S\":\"a\"},\":s\":{\"N\":\"0\"}}}"},
                    {"Scan", "{\"TableName\":\"warmup\",\"FilterExpression\":\"size(m) > :z\","
                            + "\"ExpressionAttributeValues\":{\":z\":{\"N\":\"0\"}}}"},
                    {"DescribeTable", "{\"TableName\":\"warmup\"}"},
                    {"DeleteItem", "{\"TableName\":\"warmup\",\"Key\":{\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"1\"}}}"},
                    {"ListTables", "{}"},
                };
                for (String[] call : calls) {
                    java.net.HttpURLConnection c = (java.net.HttpURLConnection) rewind.endpoint().toURL()
                            .openConnection();
                    c.setRequestMethod("POST");
                    c.setDoOutput(true);
                    c.setRequestProperty("X-Amz-Target", "DynamoDB_20120810." + call[0]);
                    c.setRequestProperty("Content-Type", "application/x-amz-json-1.0");
                    c.getOutputStream().write(call[1].getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    c.getInputStream().readAllBytes();
                    c.disconnect();
                }
            } finally {
                try (java.util.stream.Stream<Path> walk = java.nio.file.Files.walk(dir)) {
                    walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            return 0;
        }
    }

    /** {@code rewind serve}: runs the server until interrupted. */
    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = "Start the server (DynamoDB Local's -port, -dbPath, -inMemory and -sharedDb work too).")
    static final class Serve implements Callable<Integer> {
        @Option(names = {"--port", "-port"}, description = "Port to listen on (default 8000).")
        int port = 8000;

        @Option(names = {"--host", "-host"}, description = "Address to listen on (default 127.0.0.1).")
        String host = "127.0.0.1";

        @Option(names = {"--data-dir", "-dbPath"}, description = "Data directory (default ./rewind-data).")
        Path dataDir = Path.of("rewind-data");

        @Option(names = {"--in-memory", "-inMemory"}, description = "Keep everything in memory; nothing is saved.")
        boolean inMemory;

        @Option(names = {"--durability"}, description = "When a write is acknowledged: fsync (after the WAL is "
                + "fsynced, survives power loss; default) or process (once the WAL write reaches the OS, survives a "
                + "crash of Rewind, not of the machine; faster on a single connection).")
        Rewind.Durability durability = Rewind.Durability.FSYNC;

        @Option(names = {"--shared-db", "-sharedDb"}, description = "All Regions share one set of tables.")
        boolean sharedDb;

        @Option(names = {"--region"}, description = "Region for requests without a SigV4 scope (default us-east-1).")
        String region = Rewind.DEFAULT_REGION;

        @Option(names = {"--cors", "-cors"}, description = "Origins browsers may call from, comma-separated "
                + "(default *: any).")
        String cors = "*";

        @Option(names = {"--idle-poll-micros"}, description = "How long an HTTP thread keeps polling for the next "
                + "request after answering one before it sleeps, in microseconds (default 300; 0: never). Saves a "
                + "thread wake-up per call for clients calling one after another, for that much CPU after each burst.")
        long idlePollMicros = Rewind.DEFAULT_IDLE_POLL_MICROS;

        @Option(names = {"-delayTransientStatuses", "-optimizeDbBeforeStartup", "-disableTelemetry"}, hidden = true)
        boolean ignoredFlags;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws InterruptedException {
            if (idlePollMicros < 0) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--idle-poll-micros must be 0 or more, not " + idlePollMicros);
            }
            long start = System.nanoTime();
            if (System.getProperty("io.netty.leakDetection.level") == null) {
                // Netty's default samples 1 buffer in 128 and records a stack trace for it: a cost on every request
                // of a server that does not leak. Tests (in-process servers) keep the default and would catch one.
                io.netty.util.ResourceLeakDetector.setLevel(io.netty.util.ResourceLeakDetector.Level.DISABLED);
            }
            Rewind rewind = Rewind.builder().host(host).port(port).dataDir(dataDir).inMemory(inMemory)
                    .sharedDb(sharedDb).region(region).durability(durability).idlePollMicros(idlePollMicros)
                    .corsOrigins(java.util.Arrays.stream(cors.split(",")).map(String::trim).toList()).start();
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                rewind.close();
                stopped.countDown();
            }, "rewind-shutdown"));
            System.out.println("Rewind 0.1.0: DynamoDB-compatible, with backups and point-in-time recovery");
            System.out.println(rewind.describe().indent(2).stripTrailing());
            System.out.printf("  started in %d ms%n", (System.nanoTime() - start) / 1_000_000);
            System.out.flush();
            stopped.await();
            return 0;
        }
    }
}
