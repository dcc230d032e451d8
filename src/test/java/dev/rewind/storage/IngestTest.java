package dev.rewind.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rewind.storage.memory.MemoryEngine;
import dev.rewind.storage.rocksdb.RocksDbEngine;

/**
 * {@link TableStore#ingest} of a large batch in random order over rows already stored (RocksDB: sorted into table
 * files written in parallel, then ingested) leaves what applying the mutations one by one would: puts over old rows,
 * deletes of stored and of missing rows, several mutations of one row (the last wins), rows of several partitions
 * with one hash, several spaces; statistics applied; durable (the store reopened); no files left behind.
 */
class IngestTest {
    private static final int SPACE = TableStore.TABLE_SPACE;
    private static final int INDEX = 1;

    @TempDir
    Path dir;

    @Test
    void memory() {
        try (MemoryEngine engine = new MemoryEngine()) {
            TreeMap<String, String> model = new TreeMap<>();
            ingestRandom(engine.createTableStore("t"), model);
            assertHolds(engine.openTableStore("t"), model);
        }
    }

    @Test
    void rocksDb() throws Exception {
        TreeMap<String, String> model = new TreeMap<>();
        try (RocksDbEngine engine = new RocksDbEngine(dir)) {
            ingestRandom(engine.createTableStore("t"), model);
            assertHolds(engine.openTableStore("t"), model);
        }
        try (RocksDbEngine engine = new RocksDbEngine(dir)) { // nothing in a WAL to replay: it is in files
            assertHolds(engine.openTableStore("t"), model);
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("ingest-"));
        }
    }

    @Test
    void emptyBatchAndStatsOnly() {
        try (RocksDbEngine engine = new RocksDbEngine(dir)) {
            TableStore store = engine.createTableStore("t");
            store.ingest(new WriteBatch());
            store.ingest(new WriteBatch().addStats(SPACE, 5, 50));
            assertThat(store.stats(SPACE)).isEqualTo(new TableStore.SpaceStats(5, 50));
        }
    }

    /** Stores 3,000 rows the usual way, then ingests 60,000 random mutations of 6,000 rows; mirrors it in the model. */
    private static void ingestRandom(TableStore store, TreeMap<String, String> model) {
        Random random = new Random(42);
        WriteBatch before = new WriteBatch();
        for (int i = 0; i < 3000; i++) {
            mutate(before, model, SPACE, "p" + random.nextInt(2000), "c" + i, "old" + i);
        }
        before.addStats(SPACE, 3000, 30_000);
        store.write(before).join();
        WriteBatch batch = new WriteBatch();
        for (int i = 0; i < 60_000; i++) {
            int space = random.nextInt(4) == 0 ? INDEX : SPACE;
            String partition = random.nextInt(10) == 0 ? "hot" : "p" + random.nextInt(2000); // "hot": many rows, one hash
            String clustering = "c" + random.nextInt(3000);
            mutate(batch, model, space, partition, clustering, random.nextInt(3) == 0 ? null : "new" + i);
        }
        batch.addStats(SPACE, -7, 123);
        store.ingest(batch);
    }

    private static void mutate(WriteBatch batch, TreeMap<String, String> model, int space, String partition,
            String clustering, String value) {
        String key = space + "/" + partition + "/" + clustering;
        if (value == null) {
            batch.delete(space, bytes(partition), bytes(clustering));
            model.remove(key);
        } else {
            batch.put(space, bytes(partition), bytes(clustering), bytes(value));
            model.put(key, value);
        }
    }

    private static void assertHolds(TableStore store, TreeMap<String, String> model) {
        TreeMap<String, String> stored = new TreeMap<>();
        for (int space : new int[] {SPACE, INDEX}) {
            try (RowIterator rows = store.scan(space, 0, 1, null, null)) {
                while (rows.next()) {
                    stored.put(space + "/" + string(rows.partition()) + "/" + string(rows.clustering()),
                            string(rows.value()));
                }
            }
        }
        assertThat(stored).isEqualTo(model);
        List<byte[][]> some = new ArrayList<>();
        some.add(new byte[][] {bytes("hot"), bytes("c1")});
        assertThat(store.getAll(SPACE, some).get(0)).isEqualTo(
                model.containsKey("0/hot/c1") ? bytes(model.get("0/hot/c1")) : null);
        assertThat(store.stats(SPACE)).isEqualTo(new TableStore.SpaceStats(2993, 30_123));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String string(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
