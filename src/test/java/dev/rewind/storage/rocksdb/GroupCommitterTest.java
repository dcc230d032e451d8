package dev.rewind.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rewind.storage.TableStore;
import dev.rewind.storage.WriteBatch;

/** Group commit: a lone write syncs on its own thread; concurrent writers are all acknowledged, none left waiting. */
class GroupCommitterTest {
    @TempDir
    Path dir;

    @Test
    void aLoneWriteIsSyncedBeforeWriteReturns() {
        try (RocksDbEngine engine = new RocksDbEngine(dir)) {
            TableStore store = engine.createTableStore("orders");
            for (int i = 0; i < 20; i++) {
                CompletableFuture<Void> durable = store.write(new WriteBatch().put(TableStore.TABLE_SPACE,
                        bytes("p" + i), bytes("c"), bytes("v")));
                assertThat(durable).as("synced inline, no hand-off to the sync thread").isDone();
                assertThat(durable).isNotCompletedExceptionally();
            }
        }
    }

    @Test
    void concurrentWritersAreAllAcknowledged() throws Exception {
        int threads = 16;
        int writes = 300;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (RocksDbEngine engine = new RocksDbEngine(dir)) {
            TableStore store = engine.createTableStore("orders");
            List<Future<List<CompletableFuture<Void>>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    List<CompletableFuture<Void>> acks = new ArrayList<>();
                    for (int i = 0; i < writes; i++) {
                        acks.add(store.write(new WriteBatch().put(TableStore.TABLE_SPACE, bytes(thread + "-" + i),
                                bytes("c"), bytes("v"))));
                        if (i % 3 == 0) { // some writers wait for each ack, others pile up
                            acks.get(acks.size() - 1).get(30, TimeUnit.SECONDS);
                        }
                    }
                    return acks;
                }));
            }
            for (Future<List<CompletableFuture<Void>>> r : results) {
                for (CompletableFuture<Void> ack : r.get(60, TimeUnit.SECONDS)) {
                    ack.get(30, TimeUnit.SECONDS);
                }
            }
            for (int t = 0; t < threads; t++) {
                assertThat(store.get(TableStore.TABLE_SPACE, bytes(t + "-" + (writes - 1)), bytes("c"))).isNotNull();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
