package dev.rewind.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rewind.storage.TableStore;
import dev.rewind.storage.WriteBatch;

/**
 * Item counts and sizes kept in per-thread stripes of absolute values: exact under concurrent writers, single-store
 * and multi-store batches alike, after a restart, and from zero again once a space is deleted.
 */
class StripedStatsTest {
    @TempDir
    Path dir;

    @Test
    void countsAreExactUnderConcurrentWritersAndSurviveARestart() throws Exception {
        int threads = 24; // more threads than stripes: some share one
        int writes = 400;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (RocksDbEngine engine = new RocksDbEngine(dir)) {
            TableStore a = engine.createTableStore("a");
            TableStore b = engine.createTableStore("b");
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < writes; i++) {
                        byte[] key = bytes(thread + "-" + i);
                        if (i % 2 == 0) { // +1 item, +10 bytes in a
                            a.write(new WriteBatch().put(0, key, bytes(""), bytes("v"))
                                    .addStats(0, 1, 10)).join();
                        } else { // one atomic batch over both stores: -1 in a's index space 1, +1 in b
                            engine.writeAtomically(Map.of(
                                    a, new WriteBatch().addStats(1, -1, -3),
                                    b, new WriteBatch().put(0, key, bytes(""), bytes("v")).addStats(0, 1, 7)))
                                    .join();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
            long half = (long) threads * writes / 2;
            assertThat(a.stats(0)).isEqualTo(new TableStore.SpaceStats(half, 10 * half));
            assertThat(b.stats(0)).isEqualTo(new TableStore.SpaceStats(half, 7 * half));
            try (TableStore.StoreSnapshot snapshot = a.snapshot()) {
                assertThat(snapshot.stats(0)).isEqualTo(new TableStore.SpaceStats(half, 10 * half));
            }
        } finally {
            pool.shutdownNow();
        }
        try (RocksDbEngine engine = new RocksDbEngine(dir)) {
            TableStore a = engine.openTableStore("a");
            long half = (long) threads * writes / 2;
            assertThat(a.stats(0)).isEqualTo(new TableStore.SpaceStats(half, 10 * half));
            a.write(new WriteBatch().addStats(0, 2, 20)).join(); // continues from the stored stripes
            assertThat(a.stats(0)).isEqualTo(new TableStore.SpaceStats(half + 2, 10 * half + 20));

            a.deleteSpace(0);
            assertThat(a.stats(0)).isEqualTo(new TableStore.SpaceStats(0, 0));
            a.write(new WriteBatch().addStats(0, 3, 30)).join(); // from zero, not from the forgotten values
            assertThat(a.stats(0)).isEqualTo(new TableStore.SpaceStats(3, 30));
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
