package dev.rewind.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rewind.storage.memory.MemoryEngine;
import dev.rewind.storage.rocksdb.RocksDbEngine;

/**
 * {@link StorageEngine#cloneTableStore} holds what it is asked for and nothing else, on both engines: the rows (items,
 * index entries and their statistics) or not, and each log space named; a log the source never wrote clones empty.
 */
class CloneTableStoreTest {
    private static final int LOG = TableStore.FIRST_LOG_SPACE;

    @TempDir
    Path dir;

    @Test
    void memory() {
        try (MemoryEngine engine = new MemoryEngine()) {
            check(engine);
        }
    }

    @Test
    void rocksDb() {
        try (RocksDbEngine engine = new RocksDbEngine(dir)) {
            check(engine);
        }
    }

    private static void check(StorageEngine engine) {
        TableStore source = engine.createTableStore("source");
        source.write(new WriteBatch()
                .put(TableStore.TABLE_SPACE, bytes("p"), bytes("c"), bytes("item"))
                .addStats(TableStore.TABLE_SPACE, 1, 4)
                .put(1, bytes("g"), bytes("p"), bytes("index entry"))
                .put(LOG, bytes("hour"), bytes("t1"), bytes("history"))
                .put(LOG + 1, bytes("hour"), bytes("t1"), bytes("stream"))).join();

        engine.cloneTableStore("source", "all", true, LOG, LOG + 1, LOG + 2);
        assertHolds(engine.openTableStore("all"), true, true, true);
        engine.cloneTableStore("source", "rows", true);
        assertHolds(engine.openTableStore("rows"), true, false, false);
        engine.cloneTableStore("source", "history", false, LOG);
        assertHolds(engine.openTableStore("history"), false, true, false);
        engine.cloneTableStore("source", "rows-and-history", true, LOG);
        assertHolds(engine.openTableStore("rows-and-history"), true, true, false);
        assertHolds(source, true, true, true);
    }

    private static void assertHolds(TableStore store, boolean rows, boolean history, boolean stream) {
        assertThat(store.get(TableStore.TABLE_SPACE, bytes("p"), bytes("c"))).isEqualTo(rows ? bytes("item") : null);
        assertThat(store.get(1, bytes("g"), bytes("p"))).isEqualTo(rows ? bytes("index entry") : null);
        assertThat(store.stats(TableStore.TABLE_SPACE))
                .isEqualTo(rows ? new TableStore.SpaceStats(1, 4) : new TableStore.SpaceStats(0, 0));
        assertThat(store.get(LOG, bytes("hour"), bytes("t1"))).isEqualTo(history ? bytes("history") : null);
        assertThat(store.get(LOG + 1, bytes("hour"), bytes("t1"))).isEqualTo(stream ? bytes("stream") : null);
        try (RowIterator none = store.range(LOG + 2, bytes("hour"), null, null, false)) {
            assertThat(none.next()).isFalse();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
