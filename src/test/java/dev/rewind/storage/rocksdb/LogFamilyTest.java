package dev.rewind.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

import dev.rewind.storage.RowIterator;
import dev.rewind.storage.TableStore;
import dev.rewind.storage.WriteBatch;

/**
 * A store's log spaces (history, stream records) live in a column family of their own: written atomically with the
 * items, cloned only when asked, their files dropped when their partitions are deleted, kept across a restart.
 */
class LogFamilyTest {
    private static final int LOG = TableStore.FIRST_LOG_SPACE;

    @TempDir
    Path dir;

    @Test
    void logRowsLiveApartAndAreClonedOnlyWhenAsked() {
        try (RocksDbEngine engine = new RocksDbEngine(dir)) {
            TableStore store = engine.createTableStore("orders");
            assertThat(engine.logFamily("orders", LOG, false)).as("created on first use").isNull();
            store.write(new WriteBatch()
                    .put(TableStore.TABLE_SPACE, bytes("p"), bytes("c"), bytes("item"))
                    .put(LOG, bytes("hour"), bytes("t1"), bytes("before"))
                    .put(LOG + 1, bytes("hour"), bytes("t1"), bytes("record"))).join();
            assertThat(engine.logFamily("orders", LOG, false)).isNotNull();
            assertThat(engine.logFamily("orders", LOG + 1, false)).as("one per log space")
                    .isNotEqualTo(engine.logFamily("orders", LOG, false));
            assertThat(store.get(LOG, bytes("hour"), bytes("t1"))).isEqualTo(bytes("before"));
            assertThat(store.get(TableStore.TABLE_SPACE, bytes("p"), bytes("c"))).isEqualTo(bytes("item"));

            engine.cloneTableStore("orders", "backup", true);
            TableStore backup = engine.openTableStore("backup");
            assertThat(backup.get(TableStore.TABLE_SPACE, bytes("p"), bytes("c"))).isEqualTo(bytes("item"));
            assertThat(backup.get(LOG, bytes("hour"), bytes("t1"))).isNull();
            assertThat(engine.logFamily("backup", LOG, false)).isNull();
            try (RowIterator rows = backup.range(LOG, bytes("hour"), null, null, false)) {
                assertThat(rows.next()).isFalse();
            }
            backup.deleteSpace(LOG); // nothing to delete: no column family created for it
            assertThat(engine.logFamily("backup", LOG, false)).isNull();

            engine.cloneTableStore("orders", "restore", true, LOG, LOG + 1);
            TableStore restore = engine.openTableStore("restore");
            assertThat(restore.get(LOG, bytes("hour"), bytes("t1"))).isEqualTo(bytes("before"));
            assertThat(restore.get(LOG + 1, bytes("hour"), bytes("t1"))).isEqualTo(bytes("record"));
            assertThat(restore.get(TableStore.TABLE_SPACE, bytes("p"), bytes("c"))).isEqualTo(bytes("item"));

            engine.dropTableStore("orders");
            assertThat(engine.logFamily("orders", LOG, false)).isNull();
            assertThat(engine.logFamily("orders", LOG + 1, false)).isNull();
            assertThat(restore.get(LOG, bytes("hour"), bytes("t1"))).as("the clone owns its files")
                    .isEqualTo(bytes("before"));
        }
    }

    @Test
    void deletingLogPartitionsFreesTheirFiles() throws RocksDBException {
        try (RocksDbEngine engine = new RocksDbEngine(dir)) {
            TableStore store = engine.createTableStore("orders");
            java.util.Random random = new java.util.Random(1);
            for (int hour = 0; hour < 4; hour++) {
                WriteBatch batch = new WriteBatch();
                for (int i = 0; i < 2000; i++) {
                    byte[] value = new byte[1000];
                    random.nextBytes(value); // incompressible
                    batch.put(LOG, bytes("hour" + hour), bytes(String.format("%08d", i)), value);
                }
                store.write(batch).join();
                flushLog(engine, "orders");
            }
            // hours past the window are long out of level 0 (whose files RocksDB does not drop by range)
            engine.db().compactRange(engine.logFamily("orders", LOG, false));
            long before = logBytes(engine, "orders");
            assertThat(before).isGreaterThan(4 * 2000 * 100L);

            for (int hour = 0; hour < 3; hour++) {
                store.write(new WriteBatch().deletePartition(LOG, bytes("hour" + hour))).join();
            }
            long after = logBytes(engine, "orders");
            assertThat(after).as("files of deleted hours dropped, not just hidden: %d -> %d bytes", before, after)
                    .isLessThan(before / 3);
            try (RowIterator rows = store.range(LOG, bytes("hour3"), null, null, false)) {
                int n = 0;
                while (rows.next()) {
                    n++;
                }
                assertThat(n).isEqualTo(2000);
            }
            try (RowIterator rows = store.range(LOG, bytes("hour1"), null, null, false)) {
                assertThat(rows.next()).isFalse();
            }

            store.deleteSpace(LOG);
            assertThat(logBytes(engine, "orders")).isLessThan(after / 2);
            try (RowIterator rows = store.range(LOG, bytes("hour3"), null, null, false)) {
                assertThat(rows.next()).isFalse();
            }
        }
    }

    @Test
    void logsSurviveARestartAndAnOrphanLogIsDropped() throws RocksDBException {
        try (RocksDbEngine engine = new RocksDbEngine(dir)) {
            TableStore store = engine.createTableStore("orders");
            store.write(new WriteBatch()
                    .put(TableStore.TABLE_SPACE, bytes("p"), bytes("c"), bytes("item"))
                    .put(LOG, bytes("hour"), bytes("t1"), bytes("before"))).join();
            engine.createTableStore("gone").write(new WriteBatch().put(LOG, bytes("h"), bytes("t"), bytes("v")))
                    .join();
        }
        dropRowsBehindTheEnginesBack("gone"); // as a crash between dropping a store's two column families might
        try (RocksDbEngine engine = new RocksDbEngine(dir)) {
            TableStore store = engine.openTableStore("orders");
            assertThat(store.get(LOG, bytes("hour"), bytes("t1"))).isEqualTo(bytes("before"));
            assertThat(store.get(TableStore.TABLE_SPACE, bytes("p"), bytes("c"))).isEqualTo(bytes("item"));
            assertThat(engine.logFamily("gone", LOG, false)).isNull();
            // (families made ahead and never taken are listed too: nothing refers to them, Rewind drops them)
            assertThat(engine.tableStoreNames()).contains("orders").doesNotContain("gone");
        }
    }

    private static void flushLog(RocksDbEngine engine, String store) throws RocksDBException {
        try (FlushOptions fo = new FlushOptions().setWaitForFlush(true)) {
            engine.db().flush(fo, engine.logFamily(store, LOG, false));
        }
    }

    private static long logBytes(RocksDbEngine engine, String store) {
        return engine.db().getColumnFamilyMetaData(engine.logFamily(store, LOG, false)).size();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private void dropRowsBehindTheEnginesBack(String store) throws RocksDBException {
        List<byte[]> names;
        try (Options options = new Options()) {
            names = RocksDB.listColumnFamilies(options, dir.toString());
        }
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        names.forEach(n -> descriptors.add(new ColumnFamilyDescriptor(n)));
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try (DBOptions options = new DBOptions();
                RocksDB db = RocksDB.open(options, dir.toString(), descriptors, handles)) {
            for (int i = 0; i < names.size(); i++) {
                if (new String(names.get(i), StandardCharsets.UTF_8).equals("t:" + store)) {
                    db.dropColumnFamily(handles.get(i));
                }
            }
            handles.forEach(ColumnFamilyHandle::close);
        }
    }
}
