package dev.rewind.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

import dev.rewind.Rewind;
import dev.rewind.error.StorageException;
import dev.rewind.storage.TableStore;
import dev.rewind.storage.WriteBatch;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Column families are made ahead and dropped in the background ({@link FamilyPool}): a store named by
 * {@code newStoreName} is ready at once, a dropped store is gone at once and its families soon after, a name dropped and
 * made again starts empty, and restarts do not pile up families nobody took.
 */
class FamilyPoolTest {
    private static final int LOG = TableStore.FIRST_LOG_SPACE;

    @TempDir
    Path dir;

    @Test
    void newStoresTakeFamiliesMadeAhead() {
        try (RocksDbEngine engine = new RocksDbEngine(dir)) {
            await(() -> engine.pool.ready() == FamilyPool.SPARES);
            List<String> before = families();
            String name = engine.newStoreName();
            assertThat(before).as("its family is made already").contains("t:" + name);
            assertThat(engine.pool.ready()).isEqualTo(FamilyPool.SPARES - 1);
            assertThat(engine.tableStoreNames()).as("not a store until created").doesNotContain(name);

            TableStore store = engine.createTableStore(name);
            store.write(new WriteBatch().put(TableStore.TABLE_SPACE, bytes("p"), bytes("c"), bytes("item"))).join();
            assertThat(store.get(TableStore.TABLE_SPACE, bytes("p"), bytes("c"))).isEqualTo(bytes("item"));
            assertThat(engine.tableStoreNames()).contains(name);
            await(() -> engine.pool.ready() == FamilyPool.SPARES); // made again once no store was taken for a while

            TableStore plain = engine.createTableStore("named-by-caller"); // not from the pool: made on the spot
            assertThat(plain.get(TableStore.TABLE_SPACE, bytes("p"), bytes("c"))).isNull();
        }
        try (RocksDbEngine engine = new RocksDbEngine(dir)) {
            TableStore store = engine.openTableStore(engine.tableStoreNames().stream()
                    .filter(n -> engine.openTableStore(n).get(TableStore.TABLE_SPACE, bytes("p"), bytes("c")) != null)
                    .findFirst().orElseThrow());
            assertThat(store.get(TableStore.TABLE_SPACE, bytes("p"), bytes("c"))).as("durable").isEqualTo(bytes("item"));
        }
    }

    @Test
    void aDroppedStoreIsGoneAtOnceAndItsFamiliesSoonAfter() throws Exception {
        try (RocksDbEngine engine = new RocksDbEngine(dir)) {
            TableStore store = engine.createTableStore("orders");
            store.write(new WriteBatch()
                    .put(TableStore.TABLE_SPACE, bytes("p"), bytes("c"), bytes("item"))
                    .put(LOG, bytes("hour"), bytes("t1"), bytes("before"))).join();
            assertThat(families()).contains("t:orders", "l:" + LOG + ":orders");

            engine.dropTableStore("orders");
            assertThat(engine.tableStoreNames()).doesNotContain("orders");
            assertThatThrownBy(() -> engine.openTableStore("orders")).isInstanceOf(StorageException.class);
            await(() -> !families().contains("t:orders"));
            assertThat(families()).doesNotContain("l:" + LOG + ":orders");
        }
    }

    @Test
    void closeDropsWhatIsQueued() throws Exception {
        try (RocksDbEngine engine = new RocksDbEngine(dir)) {
            engine.createTableStore("a").write(new WriteBatch()
                    .put(TableStore.TABLE_SPACE, bytes("p"), bytes("c"), bytes("item"))).join();
            engine.dropTableStore("a");
        }
        assertThat(families()).doesNotContain("t:a");
    }

    @Test
    void aNameDroppedAndMadeAgainStartsEmpty() {
        try (RocksDbEngine engine = new RocksDbEngine(dir)) {
            for (int round = 0; round < 20; round++) { // made again before or after the drop ran: both empty
                TableStore store = engine.createTableStore("x");
                assertThat(store.get(TableStore.TABLE_SPACE, bytes("p"), bytes("c"))).as("round " + round).isNull();
                store.write(new WriteBatch().put(TableStore.TABLE_SPACE, bytes("p"), bytes("c"), bytes("v" + round))
                        .put(LOG, bytes("hour"), bytes("t"), bytes("h" + round))).join();
                engine.dropTableStore("x");
            }
            TableStore source = engine.createTableStore("source");
            source.write(new WriteBatch().put(TableStore.TABLE_SPACE, bytes("p"), bytes("c"), bytes("s"))).join();
            engine.createTableStore("y").write(new WriteBatch()
                    .put(TableStore.TABLE_SPACE, bytes("p"), bytes("old"), bytes("old"))).join();
            engine.dropTableStore("y");
            engine.cloneTableStore("source", "y", true); // a clone into a name being dropped
            TableStore y = engine.openTableStore("y");
            assertThat(y.get(TableStore.TABLE_SPACE, bytes("p"), bytes("c"))).isEqualTo(bytes("s"));
            assertThat(y.get(TableStore.TABLE_SPACE, bytes("p"), bytes("old"))).isNull();
        }
        try (RocksDbEngine engine = new RocksDbEngine(dir)) {
            assertThat(engine.tableStoreNames()).doesNotContain("x").contains("y", "source");
            assertThat(engine.openTableStore("y").get(TableStore.TABLE_SPACE, bytes("p"), bytes("c")))
                    .isEqualTo(bytes("s"));
        }
    }

    /** Families made ahead and never taken are stores nobody refers to: start-up drops them. */
    @Test
    void restartsDoNotPileUpFamilies() throws Exception {
        for (int start = 0; start < 3; start++) {
            try (Rewind rewind = Rewind.builder().port(0).dataDir(dir).start();
                    DynamoDbClient client = DynamoDbClient.builder().endpointOverride(rewind.endpoint())
                            .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(
                                    AwsBasicCredentials.create("a", "b"))).build()) {
                if (start == 0) {
                    client.createTable(b -> b.tableName("kept").billingMode(BillingMode.PAY_PER_REQUEST)
                            .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                            .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH)));
                    client.putItem(b -> b.tableName("kept").item(java.util.Map.of("pk", AttributeValue.fromS("a"))));
                }
                assertThat(client.getItem(b -> b.tableName("kept")
                        .key(java.util.Map.of("pk", AttributeValue.fromS("a")))).item()).isNotEmpty();
                Thread.sleep(200); // time to make families ahead
            }
            long stores = families().stream().filter(f -> f.startsWith("t:")).count();
            assertThat(stores).as("start " + start).isLessThanOrEqualTo(1 + 2L * FamilyPool.SPARES);
        }
    }

    /** Column family names in the data directory's MANIFEST. */
    private List<String> families() {
        try (Options options = new Options()) {
            List<String> out = new ArrayList<>();
            for (byte[] name : RocksDB.listColumnFamilies(options, dir.toString())) {
                out.add(new String(name, StandardCharsets.UTF_8));
            }
            return out;
        } catch (RocksDBException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
