package dev.rewind.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchExecuteStatementResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementErrorCodeEnum;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ItemCollectionMetrics;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnItemCollectionMetrics;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * ReturnConsumedCapacity and ReturnItemCollectionMetrics through the AWS SDK, with items of known sizes on both sides
 * of the 1 KB (write) and 4 KB (read) boundaries
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html). Item size is
 * attribute name lengths plus value lengths, so {pk: S(36 chars), d: S(n)} is 39 + n bytes.
 */
class ConsumedCapacityIT {
    private static final DynamoDbClient client = RewindServer.client();
    /** pk S; GSI byG on gk (KEYS_ONLY). */
    private static String table;
    /** pk S, sk S; LSI byL on lk (ALL). */
    private static String lsiTable;

    @BeforeAll
    static void createTables() {
        table = RewindServer.uniqueTableName("capacity");
        client.createTable(b -> b.tableName(table)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("gk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                .globalSecondaryIndexes(i -> i.indexName("byG")
                        .keySchema(k -> k.attributeName("gk").keyType(KeyType.HASH))
                        .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY)))
                .billingMode(BillingMode.PAY_PER_REQUEST));
        lsiTable = RewindServer.uniqueTableName("capacity-lsi");
        client.createTable(b -> b.tableName(lsiTable)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("sk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("lk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH),
                        k -> k.attributeName("sk").keyType(KeyType.RANGE))
                .localSecondaryIndexes(i -> i.indexName("byL")
                        .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH),
                                k -> k.attributeName("lk").keyType(KeyType.RANGE))
                        .projection(p -> p.projectionType(ProjectionType.ALL)))
                .billingMode(BillingMode.PAY_PER_REQUEST));
        client.waiter().waitUntilTableExists(b -> b.tableName(table));
        client.waiter().waitUntilTableExists(b -> b.tableName(lsiTable));
    }

    // ---- writes: 1 KB units ----

    /** A write of an item up to 1 KB costs one unit; one byte more costs two. */
    @Test
    void putItem_oneKilobyteBoundary() {
        assertThat(putUnits(item(uuid(), 1024))).isEqualTo(1.0);
        assertThat(putUnits(item(uuid(), 1025))).isEqualTo(2.0);
        assertThat(putUnits(item(uuid(), 3 * 1024 + 1))).isEqualTo(4.0);
    }

    /** A write is charged on the larger of the item before and after it. */
    @Test
    void writes_chargeTheLargerOfOldAndNewItem() {
        String pk = uuid();
        client.putItem(b -> b.tableName(table).item(item(pk, 3000)));
        assertThat(putUnits(item(pk, 100))).isEqualTo(3.0);
        client.putItem(b -> b.tableName(table).item(item(pk, 2500)));
        ConsumedCapacity deleted = client.deleteItem(b -> b.tableName(table).key(Map.of("pk", s(pk)))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity();
        assertThat(deleted.capacityUnits()).isEqualTo(3.0);
        assertThat(deleted.tableName()).isEqualTo(table);
        ConsumedCapacity deletedAgain = client.deleteItem(b -> b.tableName(table).key(Map.of("pk", s(pk)))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity();
        assertThat(deletedAgain.capacityUnits()).isEqualTo(1.0);
        ConsumedCapacity updated = client.updateItem(b -> b.tableName(table).key(Map.of("pk", s(pk)))
                .updateExpression("SET d = :d").expressionAttributeValues(Map.of(":d", s("x".repeat(2000))))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity();
        assertThat(updated.capacityUnits()).isEqualTo(2.0);
    }

    /** Without ReturnConsumedCapacity (or with NONE) the response has no ConsumedCapacity. */
    @Test
    void returnConsumedCapacityNone_omitsIt() {
        assertThat(client.putItem(b -> b.tableName(table).item(item(uuid(), 50))).consumedCapacity()).isNull();
        assertThat(client.putItem(b -> b.tableName(table).item(item(uuid(), 50))
                .returnConsumedCapacity(ReturnConsumedCapacity.NONE)).consumedCapacity()).isNull();
    }

    /** A GSI write consumes on the index too; INDEXES breaks it down, and writes that leave the entry alone skip it. */
    @Test
    void gsiWrites_consumeOnTheIndex() {
        String pk = uuid();
        Map<String, AttributeValue> indexed = new HashMap<>(item(pk, 100));
        indexed.put("gk", s("g1"));
        ConsumedCapacity put = client.putItem(b -> b.tableName(table).item(indexed)
                .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)).consumedCapacity();
        assertThat(put.capacityUnits()).isEqualTo(2.0);
        assertThat(put.table().capacityUnits()).isEqualTo(1.0);
        assertThat(put.globalSecondaryIndexes().get("byG").capacityUnits()).isEqualTo(1.0);

        // d is not projected into the KEYS_ONLY index: only the table is written
        ConsumedCapacity unchangedEntry = client.updateItem(b -> b.tableName(table).key(Map.of("pk", s(pk)))
                .updateExpression("SET d = :d").expressionAttributeValues(Map.of(":d", s("other")))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity();
        assertThat(unchangedEntry.capacityUnits()).isEqualTo(1.0);

        // a new index key: the old entry is deleted and a new one put
        ConsumedCapacity moved = client.updateItem(b -> b.tableName(table).key(Map.of("pk", s(pk)))
                .updateExpression("SET gk = :g").expressionAttributeValues(Map.of(":g", s("g2")))
                .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)).consumedCapacity();
        assertThat(moved.capacityUnits()).isEqualTo(3.0);
        assertThat(moved.globalSecondaryIndexes().get("byG").capacityUnits()).isEqualTo(2.0);

        ConsumedCapacity notIndexed = client.putItem(b -> b.tableName(table).item(item(uuid(), 100))
                .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)).consumedCapacity();
        assertThat(notIndexed.capacityUnits()).isEqualTo(1.0);
        assertThat(notIndexed.globalSecondaryIndexes()).isEmpty();
    }

    // ---- reads: 4 KB units ----

    /** GetItem: 4 KB units, half for an eventually consistent read; a missing item costs the minimum. */
    @Test
    void getItem_fourKilobyteBoundary() {
        String small = uuid();
        String large = uuid();
        client.putItem(b -> b.tableName(table).item(item(small, 4096)));
        client.putItem(b -> b.tableName(table).item(item(large, 4097)));
        assertThat(getUnits(small, false)).isEqualTo(0.5);
        assertThat(getUnits(small, true)).isEqualTo(1.0);
        assertThat(getUnits(large, false)).isEqualTo(1.0);
        assertThat(getUnits(large, true)).isEqualTo(2.0);
        assertThat(getUnits(uuid(), false)).isEqualTo(0.5);
        assertThat(getUnits(uuid(), true)).isEqualTo(1.0);
    }

    /** Query charges the total size of the items it read, before the filter, rounded up to 4 KB once. */
    @Test
    void query_chargesTotalSizeReadBeforeFilter() {
        String pk = uuid();
        for (int i = 0; i < 3; i++) {
            int n = i;
            // each item: pk(2+36) + sk(2+1) + d(1+1455) = 1497 bytes; three make 4491 bytes, two 4 KB units
            client.putItem(b -> b.tableName(lsiTable).item(Map.of("pk", s(pk), "sk", s(String.valueOf(n)),
                    "d", s("x".repeat(1455)))));
        }
        QueryResponse eventual = client.query(b -> b.tableName(lsiTable).keyConditionExpression("pk = :p")
                .filterExpression("d = :none").expressionAttributeValues(Map.of(":p", s(pk), ":none", s("none")))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
        assertThat(eventual.count()).isZero();
        assertThat(eventual.consumedCapacity().capacityUnits()).isEqualTo(1.0);
        QueryResponse strong = client.query(b -> b.tableName(lsiTable).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s(pk))).consistentRead(true)
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
        assertThat(strong.consumedCapacity().capacityUnits()).isEqualTo(2.0);
        QueryResponse two = client.query(b -> b.tableName(lsiTable).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s(pk))).consistentRead(true).limit(2)
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
        assertThat(two.consumedCapacity().capacityUnits()).isEqualTo(1.0);
    }

    /** A Query of a GSI is charged on the index, reported under GlobalSecondaryIndexes with INDEXES. */
    @Test
    void query_onGsi_chargesTheIndex() {
        String g = uuid();
        Map<String, AttributeValue> it = new HashMap<>(item(uuid(), 100));
        it.put("gk", s(g));
        client.putItem(b -> b.tableName(table).item(it));
        QueryResponse r = client.query(b -> b.tableName(table).indexName("byG").keyConditionExpression("gk = :g")
                .expressionAttributeValues(Map.of(":g", s(g))).returnConsumedCapacity(ReturnConsumedCapacity.INDEXES));
        assertThat(r.count()).isEqualTo(1);
        assertThat(r.consumedCapacity().capacityUnits()).isEqualTo(0.5);
        assertThat(r.consumedCapacity().globalSecondaryIndexes().get("byG").capacityUnits()).isEqualTo(0.5);
    }

    /** Scan, like Query, charges everything it read; an empty read still costs the minimum. */
    @Test
    void scan_chargesTotalSizeRead() {
        String name = RewindServer.uniqueTableName("capacity-scan");
        client.createTable(b -> b.tableName(name)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH)).billingMode(BillingMode.PAY_PER_REQUEST));
        client.waiter().waitUntilTableExists(b -> b.tableName(name));
        assertThat(client.scan(b -> b.tableName(name).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL))
                .consumedCapacity().capacityUnits()).isEqualTo(0.5);
        for (int i = 0; i < 3; i++) {
            client.putItem(b -> b.tableName(name).item(item(uuid(), 3000)));
        }
        // 9000 bytes: three 4 KB units
        assertThat(client.scan(b -> b.tableName(name).consistentRead(true)
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity().capacityUnits())
                .isEqualTo(3.0);
        assertThat(client.scan(b -> b.tableName(name).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL))
                .consumedCapacity().capacityUnits()).isEqualTo(1.5);
    }

    // ---- batches and transactions ----

    /** BatchGetItem rounds each item on its own and reports one entry per table. */
    @Test
    void batchGetItem_roundsEachItemAndReportsPerTable() {
        String a = uuid();
        String b2 = uuid();
        client.putItem(b -> b.tableName(table).item(item(a, 1500)));
        client.putItem(b -> b.tableName(table).item(item(b2, 6500)));
        BatchGetItemResponse r = client.batchGetItem(b -> b.requestItems(Map.of(table, KeysAndAttributes.builder()
                .keys(Map.of("pk", s(a)), Map.of("pk", s(b2))).consistentRead(true).build()))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
        // 1.5 KB → 4 KB, 6.5 KB → 8 KB: 3 units, not ceil(8 KB / 4 KB) = 2
        assertThat(r.consumedCapacity()).singleElement().satisfies(c -> {
            assertThat(c.tableName()).isEqualTo(table);
            assertThat(c.capacityUnits()).isEqualTo(3.0);
        });
    }

    /** BatchWriteItem reports one entry per table with the sum of its writes. */
    @Test
    void batchWriteItem_reportsPerTable() {
        BatchWriteItemResponse r = client.batchWriteItem(b -> b.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                .requestItems(Map.of(
                        table, List.of(put(item(uuid(), 100)), put(item(uuid(), 1500))),
                        lsiTable, List.of(put(Map.of("pk", s(uuid()), "sk", s("a")))))));
        assertThat(r.consumedCapacity()).hasSize(2);
        Map<String, Double> byTable = new HashMap<>();
        r.consumedCapacity().forEach(c -> byTable.put(c.tableName(), c.capacityUnits()));
        assertThat(byTable).isEqualTo(Map.of(table, 3.0, lsiTable, 1.0));
    }

    /** Transactional writes and reads cost twice their standard price. */
    @Test
    void transactions_costDouble() {
        String a = uuid();
        String b2 = uuid();
        List<ConsumedCapacity> written = client.transactWriteItems(b -> b
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                .transactItems(TransactWriteItem.builder().put(p -> p.tableName(table).item(item(a, 100))).build(),
                        TransactWriteItem.builder().put(p -> p.tableName(table).item(item(b2, 1500))).build()))
                .consumedCapacity();
        assertThat(written).singleElement().satisfies(c -> {
            assertThat(c.tableName()).isEqualTo(table);
            assertThat(c.capacityUnits()).isEqualTo(6.0);
            assertThat(c.writeCapacityUnits()).isEqualTo(6.0);
        });
        List<ConsumedCapacity> read = client.transactGetItems(b -> b
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                .transactItems(TransactGetItem.builder().get(g -> g.tableName(table).key(Map.of("pk", s(a)))).build(),
                        TransactGetItem.builder().get(g -> g.tableName(table).key(Map.of("pk", s(b2)))).build()))
                .consumedCapacity();
        assertThat(read).singleElement().satisfies(c -> {
            assertThat(c.capacityUnits()).isEqualTo(4.0);
            assertThat(c.readCapacityUnits()).isEqualTo(4.0);
        });
    }

    /** PartiQL reports what the write or the Query behind it consumed; ExecuteTransaction costs double. */
    @Test
    void partiql_reportsConsumedCapacity() {
        String pk = uuid();
        assertThat(client.executeStatement(b -> b.statement("INSERT INTO \"" + table + "\" VALUE {'pk': ?, 'd': ?}")
                .parameters(s(pk), s("x".repeat(1500))).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL))
                .consumedCapacity().capacityUnits()).isEqualTo(2.0);
        assertThat(client.executeStatement(b -> b.statement("SELECT * FROM \"" + table + "\" WHERE pk = ?")
                .parameters(s(pk)).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL))
                .consumedCapacity().capacityUnits()).isEqualTo(0.5);
        assertThat(client.executeTransaction(b -> b.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                .transactStatements(t -> t.statement("UPDATE \"" + table + "\" SET d = 'y' WHERE pk = ?")
                        .parameters(s(pk)))).consumedCapacity())
                .singleElement().satisfies(c -> assertThat(c.capacityUnits()).isEqualTo(4.0));
    }

    /**
     * BatchExecuteStatement reports one entry per table, in statement order: reads priced one item at a time like
     * BatchGetItem (eventually consistent unless the statement asks), writes like BatchWriteItem; a statement that
     * failed is not counted (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchExecuteStatement.html).
     */
    @Test
    void batchExecuteStatement_reportsPerTable() {
        String a = uuid();
        String b2 = uuid();
        String l = uuid();
        String existing = uuid();
        client.putItem(b -> b.tableName(table).item(item(existing, 100)));
        BatchExecuteStatementResponse written = client.batchExecuteStatement(b -> b
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                .statements(insert(item(a, 1500)), insert(item(b2, 6500)),
                        statement("INSERT INTO \"" + lsiTable + "\" VALUE {'pk': ?, 'sk': 'a'}", s(l)),
                        insert(item(existing, 100))));
        assertThat(written.responses().get(3).error().code()).isEqualTo(BatchStatementErrorCodeEnum.DUPLICATE_ITEM);
        // 1.5 KB → 2 units, 6.5 KB → 7 units; the duplicate INSERT is not counted
        assertThat(written.consumedCapacity()).extracting(ConsumedCapacity::tableName, ConsumedCapacity::capacityUnits)
                .containsExactly(tuple(table, 9.0), tuple(lsiTable, 1.0));

        BatchExecuteStatementResponse read = client.batchExecuteStatement(b -> b
                .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)
                .statements(statement("SELECT * FROM \"" + lsiTable + "\" WHERE pk = ? AND sk = 'a'", s(l)),
                        statement("SELECT pk FROM \"" + table + "\" WHERE pk = ?", s(a)),
                        statement("SELECT * FROM \"" + table + "\" WHERE pk = ?", s(b2)).toBuilder()
                                .consistentRead(true).build(),
                        statement("SELECT * FROM \"" + table + "\" WHERE pk = ?", s(uuid()))));
        // eventually consistent: 0.5 each (the projection does not lower it), 6.5 KB strongly consistent: 2
        assertThat(read.consumedCapacity()).extracting(ConsumedCapacity::tableName, ConsumedCapacity::capacityUnits,
                c -> c.table().capacityUnits(), ConsumedCapacity::readCapacityUnits)
                .containsExactly(tuple(lsiTable, 0.5, 0.5, 0.5), tuple(table, 3.0, 3.0, 3.0));
        assertThat(client.batchExecuteStatement(b -> b.statements(insert(item(uuid(), 100))))
                .hasConsumedCapacity()).isFalse();
    }

    // ---- item collection metrics ----

    /** A write to a table with an LSI reports its item collection and a size estimate in GB. */
    @Test
    void itemCollectionMetrics_onLsiTable() {
        String pk = uuid();
        ItemCollectionMetrics metrics = client.putItem(b -> b.tableName(lsiTable)
                .item(Map.of("pk", s(pk), "sk", s("a"), "lk", s("l")))
                .returnItemCollectionMetrics(ReturnItemCollectionMetrics.SIZE)).itemCollectionMetrics();
        assertThat(metrics.itemCollectionKey()).isEqualTo(Map.of("pk", s(pk)));
        assertThat(metrics.sizeEstimateRangeGB()).containsExactly(0.0, 1.0);
        assertThat(client.putItem(b -> b.tableName(table).item(item(uuid(), 50))
                .returnItemCollectionMetrics(ReturnItemCollectionMetrics.SIZE)).itemCollectionMetrics()).isNull();
        BatchWriteItemResponse batch = client.batchWriteItem(b -> b
                .returnItemCollectionMetrics(ReturnItemCollectionMetrics.SIZE)
                .requestItems(Map.of(lsiTable, List.of(put(Map.of("pk", s(pk), "sk", s("b")))))));
        assertThat(batch.itemCollectionMetrics().get(lsiTable)).singleElement()
                .satisfies(m -> assertThat(m.itemCollectionKey()).isEqualTo(Map.of("pk", s(pk))));
    }

    /** Unknown values are refused with DynamoDB's enum message. */
    @Test
    void invalidReturnConsumedCapacity_isValidationError() {
        assertThatThrownBy(() -> client.putItem(b -> b.tableName(table).item(item(uuid(), 50))
                .returnConsumedCapacity("ALL")))
                .isInstanceOf(DynamoDbException.class)
                .hasMessageStartingWith("1 validation error detected: Value 'ALL' at 'returnConsumedCapacity' failed "
                        + "to satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]");
    }

    // ---- helpers ----

    private static double putUnits(Map<String, AttributeValue> item) {
        return client.putItem(b -> b.tableName(table).item(item).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL))
                .consumedCapacity().capacityUnits();
    }

    private static double getUnits(String pk, boolean consistent) {
        return client.getItem(b -> b.tableName(table).key(Map.of("pk", s(pk))).consistentRead(consistent)
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity().capacityUnits();
    }

    /** An item of exactly {@code bytes} bytes: pk (a 36-character UUID) and d. */
    private static Map<String, AttributeValue> item(String pk, int bytes) {
        int filler = bytes - ("pk".length() + pk.length() + "d".length());
        return Map.of("pk", s(pk), "d", s("x".repeat(filler)));
    }

    private static BatchStatementRequest statement(String text, AttributeValue... parameters) {
        return BatchStatementRequest.builder().statement(text).parameters(parameters).build();
    }

    /** An INSERT of {@code item} (pk and d) into the GSI table. */
    private static BatchStatementRequest insert(Map<String, AttributeValue> item) {
        return statement("INSERT INTO \"" + table + "\" VALUE {'pk': ?, 'd': ?}", item.get("pk"), item.get("d"));
    }

    private static WriteRequest put(Map<String, AttributeValue> item) {
        return WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build();
    }

    private static String uuid() {
        return UUID.randomUUID().toString();
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }
}
