package dev.rewind.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.rewind.Rewind;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * A data directory outlives the server: tables, items, index entries and statistics written by one {@link Rewind}
 * are all there when the next one opens the same directory, and a deleted table stays deleted (issue #2).
 */
@Timeout(120)
class PersistenceIT {
    private static final String ORDERS = "orders";
    private static final String SESSIONS = "sessions";
    private static final int CUSTOMERS = 3;
    private static final int ORDERS_PER_CUSTOMER = 20;

    @TempDir
    Path dataDir;

    /** Every acknowledged write and the table definitions survive a restart; indexes answer queries after it. */
    @Test
    void restart_keepsTablesItemsAndIndexes() {
        withServer(client -> {
            createOrders(client);
            createSessions(client);
            writeOrders(client);
            client.putItem(b -> b.tableName(SESSIONS).item(Map.of("id", s("s1"), "user", s("ada"))));
            client.putItem(b -> b.tableName(SESSIONS).item(Map.of("id", s("s2"), "user", s("bob"))));
            client.deleteItem(b -> b.tableName(SESSIONS).key(Map.of("id", s("s2"))));
        });

        withServer(client -> {
            assertThat(client.listTables().tableNames()).contains(ORDERS, SESSIONS);
            assertOrdersIntact(client);
            assertThat(client.scan(b -> b.tableName(SESSIONS).consistentRead(true)).items())
                    .containsExactly(Map.of("id", s("s1"), "user", s("ada")));
            // writes after a restart land in the reopened WAL and survive the next restart too
            client.updateItem(b -> b.tableName(ORDERS).key(orderKey(0, 0))
                    .updateExpression("ADD #t :ten").expressionAttributeNames(Map.of("#t", "total"))
                    .expressionAttributeValues(Map.of(":ten", n("10"))));
        });

        withServer(client -> {
            Map<String, AttributeValue> item = client.getItem(b -> b.tableName(ORDERS).key(orderKey(0, 0))
                    .consistentRead(true)).item();
            assertThat(item).containsEntry("total", n(Integer.toString(total(0, 0) + 10)));
            assertThat(describe(client, ORDERS).itemCount()).isEqualTo(CUSTOMERS * ORDERS_PER_CUSTOMER);
        });
    }

    /** DeleteTable is persisted: the table does not come back, and a new table of the same name starts empty. */
    @Test
    void restart_afterDeleteTable_tableStaysDeleted() {
        withServer(client -> {
            createOrders(client);
            createSessions(client);
            writeOrders(client);
            client.putItem(b -> b.tableName(SESSIONS).item(Map.of("id", s("s1"))));
            client.deleteTable(b -> b.tableName(SESSIONS));
        });

        withServer(client -> {
            assertThat(client.listTables().tableNames()).contains(ORDERS).doesNotContain(SESSIONS);
            assertThatThrownBy(() -> client.describeTable(b -> b.tableName(SESSIONS)))
                    .isInstanceOf(ResourceNotFoundException.class);
            assertOrdersIntact(client);
            createSessions(client);
            assertThat(client.scan(b -> b.tableName(SESSIONS).consistentRead(true)).items()).isEmpty();
            client.deleteTable(b -> b.tableName(ORDERS));
        });

        withServer(client -> {
            assertThat(client.listTables().tableNames()).containsExactly(SESSIONS);
            assertThat(client.scan(b -> b.tableName(SESSIONS).consistentRead(true)).items()).isEmpty();
        });
    }

    private void withServer(Consumer<DynamoDbClient> body) {
        try (Rewind rewind = Rewind.builder().port(0).dataDir(dataDir).start();
                DynamoDbClient client = RewindServer.clientFor(rewind.endpoint(), Region.US_EAST_1)) {
            body.accept(client);
        }
    }

    /** Orders by customer and number, with an LSI by status and a GSI by product. */
    private static void createOrders(DynamoDbClient client) {
        client.createTable(b -> b.tableName(ORDERS)
                .attributeDefinitions(
                        a -> a.attributeName("customer").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("number").attributeType(ScalarAttributeType.N),
                        a -> a.attributeName("status").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("product").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("total").attributeType(ScalarAttributeType.N))
                .keySchema(
                        k -> k.attributeName("customer").keyType(KeyType.HASH),
                        k -> k.attributeName("number").keyType(KeyType.RANGE))
                .localSecondaryIndexes(i -> i.indexName("by-status")
                        .keySchema(
                                k -> k.attributeName("customer").keyType(KeyType.HASH),
                                k -> k.attributeName("status").keyType(KeyType.RANGE))
                        .projection(p -> p.projectionType(ProjectionType.ALL)))
                .globalSecondaryIndexes(i -> i.indexName("by-product")
                        .keySchema(
                                k -> k.attributeName("product").keyType(KeyType.HASH),
                                k -> k.attributeName("total").keyType(KeyType.RANGE))
                        .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY)))
                .billingMode(BillingMode.PAY_PER_REQUEST));
    }

    private static void createSessions(DynamoDbClient client) {
        client.createTable(b -> b.tableName(SESSIONS)
                .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                .billingMode(BillingMode.PAY_PER_REQUEST));
    }

    /** Half through PutItem, half through BatchWriteItem, then an update and a delete-and-rewrite of each customer's first order. */
    private static void writeOrders(DynamoDbClient client) {
        List<WriteRequest> batch = new ArrayList<>();
        for (int c = 0; c < CUSTOMERS; c++) {
            for (int o = 0; o < ORDERS_PER_CUSTOMER; o++) {
                Map<String, AttributeValue> item = order(c, o);
                if (o % 2 == 0) {
                    client.putItem(b -> b.tableName(ORDERS).item(item));
                } else {
                    batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
                    if (batch.size() == 25) {
                        writeBatch(client, batch);
                    }
                }
            }
        }
        writeBatch(client, batch);
        for (int c = 0; c < CUSTOMERS; c++) {
            int customer = c;
            client.updateItem(b -> b.tableName(ORDERS).key(orderKey(customer, 1))
                    .updateExpression("SET note = :note").expressionAttributeValues(Map.of(":note", s("gift"))));
            client.deleteItem(b -> b.tableName(ORDERS).key(orderKey(customer, 2)));
            client.putItem(b -> b.tableName(ORDERS).item(order(customer, 2)));
        }
    }

    private static void writeBatch(DynamoDbClient client, List<WriteRequest> batch) {
        if (batch.isEmpty()) {
            return;
        }
        assertThat(client.batchWriteItem(b -> b.requestItems(Map.of(ORDERS, List.copyOf(batch))))
                .unprocessedItems()).isEmpty();
        batch.clear();
    }

    private static void assertOrdersIntact(DynamoDbClient client) {
        TableDescription table = describe(client, ORDERS);
        assertThat(table.tableStatus()).isEqualTo(TableStatus.ACTIVE);
        assertThat(table.keySchema()).extracting(k -> k.attributeName() + ":" + k.keyType())
                .containsExactly("customer:HASH", "number:RANGE");
        assertThat(table.localSecondaryIndexes()).extracting(i -> i.indexName()).containsExactly("by-status");
        assertThat(table.globalSecondaryIndexes()).extracting(i -> i.indexName()).containsExactly("by-product");
        assertThat(table.globalSecondaryIndexes().get(0).projection().projectionType())
                .isEqualTo(ProjectionType.KEYS_ONLY);
        assertThat(table.itemCount()).isEqualTo(CUSTOMERS * ORDERS_PER_CUSTOMER);

        for (int c = 0; c < CUSTOMERS; c++) {
            for (int o = 0; o < ORDERS_PER_CUSTOMER; o++) {
                Map<String, AttributeValue> key = orderKey(c, o);
                Map<String, AttributeValue> expected = new java.util.HashMap<>(order(c, o));
                if (o == 1) {
                    expected.put("note", s("gift"));
                }
                assertThat(client.getItem(b -> b.tableName(ORDERS).key(key).consistentRead(true)).item())
                        .isEqualTo(expected);
            }
        }

        // base table: a customer's orders in number order
        List<Map<String, AttributeValue>> mine = client.query(b -> b.tableName(ORDERS).consistentRead(true)
                .keyConditionExpression("customer = :c")
                .expressionAttributeValues(Map.of(":c", s(customer(1))))).items();
        assertThat(mine).extracting(i -> Integer.parseInt(i.get("number").n()))
                .containsExactlyElementsOf(range(ORDERS_PER_CUSTOMER));

        // LSI: a customer's shipped orders, in status order
        List<Map<String, AttributeValue>> shipped = client.query(b -> b.tableName(ORDERS).indexName("by-status")
                .consistentRead(true)
                .keyConditionExpression("customer = :c AND begins_with(#s, :shipped)")
                .expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(Map.of(":c", s(customer(2)), ":shipped", s("shipped")))).items();
        assertThat(shipped).hasSize(ORDERS_PER_CUSTOMER / 2)
                .allSatisfy(i -> assertThat(i.get("status").s()).startsWith("shipped"))
                .allSatisfy(i -> assertThat(i).containsKey("product"));
        assertThat(shipped).extracting(i -> i.get("status").s()).isSorted();

        // GSI: every order of one product across customers, by total, keys only
        List<Map<String, AttributeValue>> widgets = client.query(b -> b.tableName(ORDERS).indexName("by-product")
                .keyConditionExpression("product = :p AND #t >= :min")
                .expressionAttributeNames(Map.of("#t", "total"))
                .expressionAttributeValues(Map.of(":p", s("widget"), ":min", n("0")))).items();
        int widgetOrders = 0;
        for (int o = 0; o < ORDERS_PER_CUSTOMER; o++) {
            widgetOrders += product(o).equals("widget") ? CUSTOMERS : 0;
        }
        assertThat(widgets).hasSize(widgetOrders)
                .allSatisfy(i -> assertThat(i.keySet()).containsExactlyInAnyOrder(
                        "customer", "number", "product", "total"));
        assertThat(widgets).extracting(i -> Integer.parseInt(i.get("total").n())).isSorted();

        assertThat(client.scan(b -> b.tableName(ORDERS).consistentRead(true)).count())
                .isEqualTo(CUSTOMERS * ORDERS_PER_CUSTOMER);
    }

    private static TableDescription describe(DynamoDbClient client, String table) {
        return client.describeTable(b -> b.tableName(table)).table();
    }

    private static Map<String, AttributeValue> order(int c, int o) {
        return Map.of(
                "customer", s(customer(c)),
                "number", n(Integer.toString(o)),
                "status", s((o % 2 == 0 ? "shipped-" : "open-") + String.format("%03d", o)),
                "product", s(product(o)),
                "total", n(Integer.toString(total(c, o))),
                "lines", AttributeValue.fromL(List.of(s("line-" + o), n(Integer.toString(o)))));
    }

    private static Map<String, AttributeValue> orderKey(int c, int o) {
        return Map.of("customer", s(customer(c)), "number", n(Integer.toString(o)));
    }

    private static String customer(int c) {
        return "customer-" + c;
    }

    private static String product(int o) {
        return o % 3 == 0 ? "widget" : "gadget";
    }

    private static int total(int c, int o) {
        return 100 * c + 7 * o;
    }

    private static List<Integer> range(int n) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(i);
        }
        return out;
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(String value) {
        return AttributeValue.fromN(value);
    }
}
