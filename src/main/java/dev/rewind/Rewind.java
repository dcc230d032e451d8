package dev.rewind;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;

import dev.rewind.action.ActionRegistry;
import dev.rewind.action.TransactionPause;
import dev.rewind.backup.BackupCatalog;
import dev.rewind.backup.BackupService;
import dev.rewind.backup.PointInTimeRecovery;
import dev.rewind.http.Cors;
import dev.rewind.http.HttpServer;
import dev.rewind.http.RequestHandler;
import dev.rewind.http.StaticContent;
import dev.rewind.storage.StorageEngine;
import dev.rewind.storage.memory.MemoryEngine;
import dev.rewind.storage.rocksdb.RocksDbEngine;
import dev.rewind.table.CommitClock;
import dev.rewind.table.TableCatalog;
import dev.rewind.table.TableMaintenance;

/**
 * A running Rewind server: the embeddable entry point for applications and for users' own JUnit tests.
 *
 * <pre>{@code
 * try (Rewind rewind = Rewind.builder().inMemory().port(0).start()) {
 *     DynamoDbClient client = DynamoDbClient.builder().endpointOverride(rewind.endpoint()) … .build();
 * }
 * }</pre>
 */
public final class Rewind implements AutoCloseable {
    public static final String DEFAULT_REGION = "us-east-1";
    /** See {@link Builder#idlePollMicros}. */
    public static final long DEFAULT_IDLE_POLL_MICROS = 300;
    public static final String DEFAULT_ACCOUNT_ID = "000000000000";

    private final Builder config;
    private final StorageEngine engine;
    private final HttpServer server;
    private final BackupService backups;
    private final PointInTimeRecovery pitr;
    private final TableMaintenance maintenance;

    private Rewind(Builder config) {
        this.config = config;
        this.engine = config.inMemory ? new MemoryEngine()
                : new RocksDbEngine(config.dataDir, config.durability == Durability.FSYNC);
        try {
            TableCatalog catalog = new TableCatalog(engine, new CommitClock(config.clock));
            catalog.restoreCommitClock(config.clock.millis());
            this.backups = new BackupService(engine, catalog, new BackupCatalog(engine), config.clock,
                    config.restorePointHistoryBytes, config.restorePointCheck.toMillis());
            this.pitr = new PointInTimeRecovery(catalog, config.retentionInterval);
            backups.resumeRestores();
            this.maintenance = new TableMaintenance(catalog, config.clock, config.timeToLiveSweepInterval);
            ActionRegistry actions = new ActionRegistry(catalog, backups, pitr, maintenance, config.clock,
                    config.transactionPause);
            RequestHandler handler = new RequestHandler(actions, config.region, config.accountId, config.sharedDb,
                    new StaticContent(), new Cors(config.corsOrigins));
            this.server = new HttpServer(config.host, config.port, handler, config.httpThreads,
                    config.idlePollMicros);
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The port the server listens on (useful with {@code port(0)}). */
    public int port() {
        return server.port();
    }

    /** {@code http://host:port}, for {@code endpointOverride}. */
    public URI endpoint() {
        String host = config.host.equals("0.0.0.0") ? "127.0.0.1" : config.host;
        return URI.create("http://" + host + ":" + port());
    }

    /** A description of the resolved configuration, as printed at start-up. */
    public String describe() {
        return "endpoint:  " + endpoint() + "\n"
                + "storage:   " + engine.describe() + "\n"
                + "durability: " + (!engine.durable() ? "none (in-memory)"
                        : config.durability == Durability.FSYNC
                                ? "fsync: every acknowledged write is in the fsynced WAL (group commit)"
                                : "process: acknowledged once the WAL write reaches the OS (survives a crash of "
                                        + "Rewind, not of the machine); WAL fsynced every 50 ms") + "\n"
                + "region:    from each request's SigV4 credential scope (default " + config.region + ")"
                + (config.sharedDb ? ", shared: every Region sees the same tables" : "") + "\n"
                + "account:   " + config.accountId;
    }

    /** The backup service (tests use its hooks). */
    public BackupService backups() {
        return backups;
    }

    /** Point-in-time recovery (tests apply retention and measure history through it). */
    public PointInTimeRecovery pointInTimeRecovery() {
        return pitr;
    }

    /** Table maintenance: index backfills and the time-to-live sweep (tests trigger the sweep through it). */
    public TableMaintenance maintenance() {
        return maintenance;
    }

    @Override
    public void close() {
        server.close();
        maintenance.close();
        pitr.close();
        backups.close();
        engine.close();
    }

    /** When a write is acknowledged. */
    public enum Durability {
        /** After the WAL holding it is fsynced (group commit): survives a power loss. The default. */
        FSYNC,
        /** After the WAL write reaches the operating system: survives kill -9 of Rewind, not a machine crash. */
        PROCESS
    }

    /** Configuration; {@link #start()} starts the server. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 8000;
        private Path dataDir = Path.of("rewind-data");
        private boolean inMemory;
        private boolean sharedDb;
        private Durability durability = Durability.FSYNC;
        private Clock clock = Clock.systemUTC();
        private String region = DEFAULT_REGION;
        private String accountId = DEFAULT_ACCOUNT_ID;
        private java.util.List<String> corsOrigins = java.util.List.of("*");
        private java.time.Duration retentionInterval = java.time.Duration.ofMinutes(1);
        private long restorePointHistoryBytes = BackupService.DEFAULT_RESTORE_POINT_HISTORY_BYTES;
        private java.time.Duration restorePointCheck = java.time.Duration.ofSeconds(1);
        private java.time.Duration timeToLiveSweepInterval = java.time.Duration.ofSeconds(30);
        private int httpThreads = Math.max(4, Runtime.getRuntime().availableProcessors() * 2);
        private long idlePollMicros = DEFAULT_IDLE_POLL_MICROS;
        private TransactionPause transactionPause = TransactionPause.NONE;

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** The port; 0 picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        public Builder inMemory() {
            return inMemory(true);
        }

        public Builder inMemory(boolean inMemory) {
            this.inMemory = inMemory;
            return this;
        }

        /** When writes are acknowledged (default {@link Durability#FSYNC}). */
        public Builder durability(Durability durability) {
            this.durability = durability;
            return this;
        }

        /** DynamoDB Local's -sharedDb: all Regions share one set of tables. */
        public Builder sharedDb(boolean sharedDb) {
            this.sharedDb = sharedDb;
            return this;
        }

        /** The clock that stamps tables, backups and point-in-time history; tests inject a fake one. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** The Region for requests that carry no SigV4 credential scope. */
        public Builder region(String region) {
            this.region = region;
            return this;
        }

        public Builder accountId(String accountId) {
            this.accountId = accountId;
            return this;
        }

        /** How often history older than each table's recovery window is reclaimed (default one minute). */
        public Builder retentionInterval(java.time.Duration retentionInterval) {
            this.retentionInterval = retentionInterval;
            return this;
        }

        /**
         * Restore points bound how much history a point-in-time restore reads: one is taken once a table with PITR
         * wrote {@code historyBytes} of history since its last (or its own size, if larger), or {@code
         * historyBytes / 64} history rows (or its item count, if larger), checked every {@code check} (defaults 8 MiB
         * as stored, 1 second: a point falls within a second's writes of being due; zero: never checked,
         * {@link BackupService#takeRestorePoints} only).
         */
        public Builder restorePoints(long historyBytes, java.time.Duration check) {
            this.restorePointHistoryBytes = historyBytes;
            this.restorePointCheck = check;
            return this;
        }

        /** Origins allowed to call from a browser (DynamoDB Local's -cors); {@code *}, the default, for any. */
        public Builder corsOrigins(java.util.List<String> origins) {
            this.corsOrigins = origins;
            return this;
        }

        /** How often expired items are looked for and deleted (default 30 seconds). */
        public Builder timeToLiveSweepInterval(java.time.Duration interval) {
            this.timeToLiveSweepInterval = interval;
            return this;
        }

        /**
         * How long an HTTP thread that just answered keeps polling for the next request before it sleeps (default
         * {@value #DEFAULT_IDLE_POLL_MICROS} µs; 0 never polls): a client calling again within it is answered without
         * a thread wake-up, at the price of that much CPU after each burst of requests.
         */
        public Builder idlePollMicros(long micros) {
            if (micros < 0) {
                throw new IllegalArgumentException("idlePollMicros < 0: " + micros);
            }
            this.idlePollMicros = micros;
            return this;
        }

        public Builder httpThreads(int httpThreads) {
            this.httpThreads = httpThreads;
            return this;
        }

        /**
         * Test hook: every TransactWriteItems and ExecuteTransaction write waits for {@code pause} once it has claimed
         * its items, so a test can hold one in flight and show the conflicts DynamoDB answers. Not for production.
         */
        public Builder transactionPause(TransactionPause pause) {
            this.transactionPause = java.util.Objects.requireNonNull(pause, "pause is null");
            return this;
        }

        public Rewind start() {
            return new Rewind(this);
        }
    }
}
