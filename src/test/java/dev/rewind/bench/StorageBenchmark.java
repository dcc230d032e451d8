package dev.rewind.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import dev.rewind.storage.TableStore;
import dev.rewind.storage.WriteBatch;
import dev.rewind.storage.rocksdb.RocksDbEngine;

/**
 * The storage engine's part of the hot path, without HTTP: microseconds a point read (GetItem's whole storage cost)
 * and a read followed by a delete (DeleteItem's: every write reads the item it replaces), on one thread, on a RocksDB
 * store of 100,000 and 800,000 items of 250 random bytes (the sizes of the harness's GetItem and DeleteItem tables).
 * Each figure is the median of 5 rounds after a first one. Prints a markdown table.
 *
 * <p>Run: {@code java -cp target/classes:target/test-classes:<dependencies> dev.rewind.bench.StorageBenchmark};
 * {@code bench/run} runs it.
 */
public final class StorageBenchmark {
    private static final int ROUNDS = 6;

    private StorageBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        System.out.println("| items | point read (µs) | read + delete (µs) |");
        System.out.println("|---:|---:|---:|");
        for (int items : new int[] {100_000, 800_000}) {
            Path dir = Files.createTempDirectory("rewind-storage-bench");
            try (RocksDbEngine engine = new RocksDbEngine(dir, false)) {
                TableStore store = engine.createTableStore("bench");
                load(engine, store, items);
                double read = median(rounds(store, engine, items, false));
                double delete = median(rounds(store, engine, items, true));
                System.out.printf("| %,d | %.2f | %.2f |%n", items, read, delete);
            } finally {
                deleteRecursively(dir);
            }
        }
    }

    private static void load(RocksDbEngine engine, TableStore store, int items) {
        Random random = new Random(1);
        for (int i = 0; i < items; i += 1000) {
            WriteBatch batch = new WriteBatch();
            for (int j = i; j < Math.min(items, i + 1000); j++) {
                byte[] value = new byte[250];
                random.nextBytes(value);
                batch.put(TableStore.TABLE_SPACE, key(j), new byte[0], value);
            }
            engine.writeAtomically(Map.of(store, batch)).join();
        }
    }

    /** Microseconds an operation, per round; deletes visit each key once, reads pick keys at random. */
    private static double[] rounds(TableStore store, RocksDbEngine engine, int items, boolean delete) {
        int ops = delete ? items / ROUNDS : 300_000;
        Random random = new Random(2);
        double[] micros = new double[ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < ops; i++) {
                byte[] key = key(delete ? round * ops + i : random.nextInt(items));
                byte[] value = store.get(TableStore.TABLE_SPACE, key, new byte[0]);
                if (value == null) {
                    throw new IllegalStateException("missing item " + new String(key, StandardCharsets.UTF_8));
                }
                if (delete) {
                    engine.writeAtomically(Map.of(store,
                            new WriteBatch().delete(TableStore.TABLE_SPACE, key, new byte[0]))).join();
                }
            }
            micros[round] = (System.nanoTime() - start) / 1e3 / ops;
        }
        return micros;
    }

    private static double median(double[] rounds) {
        double[] measured = java.util.Arrays.copyOfRange(rounds, 1, rounds.length);
        java.util.Arrays.sort(measured);
        return measured[measured.length / 2];
    }

    private static byte[] key(int i) {
        return ("user-" + i).getBytes(StandardCharsets.UTF_8);
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
