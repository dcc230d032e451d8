package dev.rewind.table;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.rewind.model.AttributeValue;
import dev.rewind.model.ItemCodec;
import dev.rewind.storage.RowIterator;
import dev.rewind.storage.TableStore;
import dev.rewind.storage.WriteBatch;

/**
 * Background work on tables: filling global secondary indexes that UpdateTable creates (CREATING → ACTIVE, resumed
 * after a restart) and the time-to-live sweep, which really deletes expired items (DynamoDB Local never does),
 * from their indexes too, and records the deletes in point-in-time history like any write.
 */
public final class TableMaintenance implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TableMaintenance.class);

    private final TableCatalog tables;
    private final Clock clock;
    private final ScheduledExecutorService executor;
    /** Per table id: the first hour partition of stream records not yet trimmed. */
    private final Map<String, Long> streamsTrimmedThrough = new java.util.concurrent.ConcurrentHashMap<>();

    public TableMaintenance(TableCatalog tables, Clock clock, Duration sweepInterval) {
        this.tables = tables;
        this.clock = clock;
        this.executor = Executors.newScheduledThreadPool(1, r -> {
            Thread t = new Thread(r, "rewind-maintenance");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, sweepInterval.toMillis());
        executor.scheduleWithFixedDelay(this::sweepQuietly, every, every, TimeUnit.MILLISECONDS);
        for (Table t : tables.all()) {
            for (TableMetadata.IndexMetadata i : t.metadata().globalSecondaryIndexes()) {
                if ("CREATING".equals(i.indexStatus()) && t.isAvailable()) {
                    backfill(t, i.indexName());
                }
            }
        }
    }

    /** Fills a just-added index in the background, then marks it (and the table) ACTIVE. */
    public void backfill(Table table, String indexName) {
        executor.execute(() -> {
            try {
                table.backfillIndex(indexName);
                synchronized (table) {
                    TableMetadata m = table.metadata();
                    List<TableMetadata.IndexMetadata> gsis = new ArrayList<>();
                    boolean stillCreating = false;
                    for (TableMetadata.IndexMetadata i : m.globalSecondaryIndexes()) {
                        if (i.indexName().equals(indexName)) {
                            i = new TableMetadata.IndexMetadata(i.indexName(), i.space(), i.keySchema(),
                                    i.projection(), i.provisionedThroughput(), "ACTIVE");
                        }
                        stillCreating |= "CREATING".equals(i.indexStatus());
                        gsis.add(i);
                    }
                    boolean updating = stillCreating;
                    tables.update(table, m.with(b -> {
                        b.globalSecondaryIndexes = gsis;
                        b.tableStatus = updating ? "UPDATING" : "ACTIVE";
                    }));
                }
            } catch (RuntimeException e) {
                LOG.error("filling index {} of {} failed", indexName, table.metadata().tableName(), e);
            }
        });
    }

    private void sweepQuietly() {
        try {
            trimStreams();
            sweepExpiredItems();
        } catch (RuntimeException e) {
            LOG.warn("time-to-live sweep failed", e);
        }
    }

    /** Drops stream records older than 24 hours, a whole hour partition at a time. */
    public void trimStreams() {
        long firstKept = History.bucketOf(clock.millis() - StreamLog.RETENTION_MILLIS);
        for (Table table : tables.all()) {
            if (table.metadata().stream() == null || !table.isAvailable()) {
                continue;
            }
            long from = streamsTrimmedThrough.getOrDefault(table.metadata().tableId(), firstKept - 48);
            for (long bucket = from; bucket < firstKept; bucket++) {
                table.store().write(new WriteBatch().deletePartition(StreamLog.SPACE, History.partition(bucket)));
            }
            streamsTrimmedThrough.put(table.metadata().tableId(), Math.max(from, firstKept));
        }
    }

    /** Deletes every item whose TTL attribute (epoch seconds) is in the past; returns how many. */
    public int sweepExpiredItems() {
        int deleted = 0;
        long nowSeconds = clock.millis() / 1000;
        for (Table table : tables.all()) {
            TableMetadata.TimeToLive ttl = table.metadata().timeToLive();
            if (ttl == null || !ttl.enabled() || !table.isAvailable()) {
                continue;
            }
            List<byte[][]> expired = new ArrayList<>();
            try (RowIterator rows = table.store().scan(TableStore.TABLE_SPACE, 0, 1, null, null)) {
                while (rows.next()) {
                    if (isExpired(ItemCodec.decode(rows.value()), ttl.attributeName(), nowSeconds)) {
                        expired.add(new byte[][] {rows.partition(), rows.clustering()});
                    }
                }
            }
            List<CompletableFuture<Void>> pending = new ArrayList<>();
            for (byte[][] k : expired) {
                CompletableFuture<Void> done = deleteIfExpired(table, k[0], k[1], ttl.attributeName(), nowSeconds);
                if (done != null) {
                    pending.add(done);
                    deleted++;
                }
            }
            CompletableFuture.allOf(pending.toArray(new CompletableFuture[0])).join();
        }
        return deleted;
    }

    private static CompletableFuture<Void> deleteIfExpired(Table table, byte[] partition, byte[] clustering,
            String attribute, long nowSeconds) {
        TableStore store = table.store();
        try (TableStore.RowLock lock = store.lock(partition, clustering)) {
            byte[] current = store.get(TableStore.TABLE_SPACE, partition, clustering);
            if (current == null) {
                return null;
            }
            Map<String, AttributeValue> item = ItemCodec.decode(current);
            if (!isExpired(item, attribute, nowSeconds)) {
                return null; // rewritten since the scan
            }
            WriteBatch batch = new WriteBatch();
            table.addWrite(batch, item, null);
            return table.writeChange(batch, partition, clustering, current, null, true);
        }
    }

    private static final long FIVE_YEARS_SECONDS = 5L * 365 * 86_400;

    /**
     * DynamoDB's rule: the attribute must be a Number holding epoch seconds earlier than now; other types never
     * expire, and neither do timestamps more than five years in the past.
     */
    static boolean isExpired(Map<String, AttributeValue> item, String attribute, long nowSeconds) {
        AttributeValue v = item.get(attribute);
        if (!(v instanceof AttributeValue.N n)) {
            return false;
        }
        java.math.BigDecimal expiry = n.value();
        return expiry.compareTo(java.math.BigDecimal.valueOf(nowSeconds)) < 0
                && expiry.compareTo(java.math.BigDecimal.valueOf(nowSeconds - FIVE_YEARS_SECONDS)) >= 0;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
