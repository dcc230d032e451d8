package dev.rewind.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.rewind.Rewind;
import dev.rewind.action.TransactionPause;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementErrorCodeEnum;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementResponse;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ParameterizedStatement;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * DynamoDB's transaction conflict handling
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html#transaction-conflict-handling):
 * while a TransactWriteItems is in flight, PutItem, UpdateItem and DeleteItem of its items fail with
 * TransactionConflictException, and TransactWriteItems and TransactGetItems including one are cancelled with a
 * TransactionConflict reason; nothing of a refused request is written. Each test holds a transaction in flight,
 * after it claimed its items, through Rewind's test hook ({@link Rewind.Builder#transactionPause}); so this IT runs
 * its own server and, unlike the others, cannot run against DynamoDB as it is.
 */
class TransactionConflictIT {
    private static final String ONGOING = "Transaction is ongoing for the item";
    private static final Hold HOLD = new Hold();
    private static Rewind server;
    private static DynamoDbClient client;
    private static ExecutorService background;
    private static String table;

    @BeforeAll
    static void start() {
        server = Rewind.builder().inMemory().port(0).transactionPause(HOLD).start();
        client = RewindServer.clientFor(server.endpoint(), Region.US_EAST_1);
        background = Executors.newSingleThreadExecutor();
        table = RewindServer.uniqueTableName("conflicts");
        client.createTable(b -> b.tableName(table)
                .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                .billingMode(BillingMode.PAY_PER_REQUEST));
    }

    @AfterAll
    static void stop() {
        background.shutdownNow();
        client.close();
        server.close();
    }

    /** Single writes of the transaction's items (its ConditionCheck item too) are refused; GetItem reads the past. */
    @Test
    void singleWrites_ofItemsOfOngoingTransaction_areTransactionConflict() throws Exception {
        Items i = new Items("single");
        whileHeld(i.heldTransaction(), () -> {
            assertConflict(() -> client.putItem(b -> b.tableName(table).item(item(i.updated, "single"))));
            assertConflict(() -> client.updateItem(b -> b.tableName(table).key(key(i.put))
                    .updateExpression("SET v = :v").expressionAttributeValues(Map.of(":v", s("single")))));
            assertConflict(() -> client.deleteItem(b -> b.tableName(table).key(key(i.checked))));
            // "If an ongoing TransactWriteItems ... conflicts with a concurrent GetItem request, both can succeed"
            assertThat(get(i.updated)).containsEntry("v", s("before"));
            client.putItem(b -> b.tableName(table).item(item(i.free, "single")));
        });
        assertThat(get(i.updated)).containsEntry("v", s("held"));
        assertThat(get(i.put)).containsEntry("v", s("held"));
        assertThat(get(i.checked)).containsEntry("v", s("before"));
        assertThat(get(i.free)).containsEntry("v", s("single"));
        // the transaction is over: its items take writes again
        client.putItem(b -> b.tableName(table).item(item(i.updated, "after")));
        assertThat(get(i.updated)).containsEntry("v", s("after"));
    }

    /**
     * A transaction including items of the ongoing one is cancelled with TransactionConflict on each of them, None on
     * the others, writes nothing, and leaves its other items free.
     */
    @Test
    void transactWrite_includingItemsOfOngoingTransaction_isCancelledWithTransactionConflict() throws Exception {
        Items i = new Items("write");
        whileHeld(i.heldTransaction(), () -> {
            assertThatThrownBy(() -> client.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().put(p -> p.tableName(table).item(item(i.free, "second"))).build(),
                    TransactWriteItem.builder().update(u -> u.tableName(table).key(key(i.updated))
                            .updateExpression("SET v = :v").expressionAttributeValues(Map.of(":v", s("second"))))
                            .build())))
                    .isInstanceOfSatisfying(TransactionCanceledException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("TransactionCanceledException");
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Transaction cancelled, please "
                                + "refer cancellation reasons for specific reasons [None, TransactionConflict]");
                        assertThat(e.cancellationReasons()).containsExactly(none(), conflict());
                    });
            assertThat(get(i.free)).isEmpty();
            assertThatThrownBy(() -> client.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().delete(d -> d.tableName(table).key(key(i.checked))).build(),
                    TransactWriteItem.builder().put(p -> p.tableName(table).item(item(i.free, "second"))).build(),
                    TransactWriteItem.builder().conditionCheck(c -> c.tableName(table).key(key(i.put))
                            .conditionExpression("attribute_not_exists(id)")).build())))
                    .isInstanceOfSatisfying(TransactionCanceledException.class, e -> assertThat(
                            e.cancellationReasons()).containsExactly(conflict(), none(), conflict()));
            assertThat(get(i.free)).isEmpty();
            assertThat(get(i.checked)).containsEntry("v", s("before"));
            // the cancelled transaction released what it had claimed
            client.putItem(b -> b.tableName(table).item(item(i.free, "single")));
        });
        assertThat(get(i.updated)).containsEntry("v", s("held"));
        assertThat(get(i.free)).containsEntry("v", s("single"));
    }

    /** A TransactGetItems including an item of the ongoing transaction is cancelled; one without succeeds. */
    @Test
    void transactGet_includingItemOfOngoingTransaction_isCancelledWithTransactionConflict() throws Exception {
        Items i = new Items("read");
        client.putItem(b -> b.tableName(table).item(item(i.free, "free")));
        whileHeld(i.heldTransaction(), () -> {
            assertThatThrownBy(() -> client.transactGetItems(b -> b.transactItems(transactGet(i.free),
                    transactGet(i.checked))))
                    .isInstanceOfSatisfying(TransactionCanceledException.class, e -> {
                        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Transaction cancelled, please "
                                + "refer cancellation reasons for specific reasons [None, TransactionConflict]");
                        assertThat(e.cancellationReasons()).containsExactly(none(), conflict());
                    });
            assertThat(client.transactGetItems(b -> b.transactItems(transactGet(i.free))).responses())
                    .singleElement().satisfies(r -> assertThat(r.item()).containsEntry("v", s("free")));
        });
    }

    /**
     * AWS documents no TransactionConflict for BatchWriteItem: its writes that meet the ongoing transaction come back
     * in UnprocessedItems, unwritten, and the others are written.
     */
    @Test
    void batchWrite_itemsOfOngoingTransaction_areUnprocessed() throws Exception {
        Items i = new Items("batch");
        whileHeld(i.heldTransaction(), () -> {
            WriteRequest putUpdated = WriteRequest.builder()
                    .putRequest(PutRequest.builder().item(item(i.updated, "batch")).build()).build();
            WriteRequest deleteChecked = WriteRequest.builder()
                    .deleteRequest(DeleteRequest.builder().key(key(i.checked)).build()).build();
            WriteRequest putFree = WriteRequest.builder()
                    .putRequest(PutRequest.builder().item(item(i.free, "batch")).build()).build();
            Map<String, List<WriteRequest>> unprocessed = client.batchWriteItem(b -> b.requestItems(Map.of(table,
                    List.of(putUpdated, putFree, deleteChecked)))).unprocessedItems();
            assertThat(unprocessed).containsOnlyKeys(table);
            assertThat(unprocessed.get(table)).containsExactly(putUpdated, deleteChecked);
            assertThat(get(i.free)).containsEntry("v", s("batch"));
            assertThat(get(i.updated)).containsEntry("v", s("before"));
        });
        assertThat(get(i.updated)).containsEntry("v", s("held"));
        assertThat(get(i.checked)).containsEntry("v", s("before"));
    }

    /**
     * PartiQL answers as its API counterparts do: ExecuteStatement as a single write, BatchExecuteStatement with a
     * TransactionConflict error in place, ExecuteTransaction (writes or reads) cancelled.
     */
    @Test
    void partiql_onItemsOfOngoingTransaction_conflictsAsItsApiCounterparts() throws Exception {
        Items i = new Items("partiql");
        String update = "UPDATE \"" + table + "\" SET v = 'partiql' WHERE id = ?";
        whileHeld(i.heldTransaction(), () -> {
            assertConflict(() -> client.executeStatement(b -> b.statement(update).parameters(s(i.updated))));
            List<BatchStatementResponse> batch = client.batchExecuteStatement(b -> b.statements(
                    BatchStatementRequest.builder().statement(update).parameters(s(i.put)).build(),
                    BatchStatementRequest.builder().statement("INSERT INTO \"" + table + "\" VALUE {'id': ?}")
                            .parameters(s(i.free)).build())).responses();
            assertThat(batch.get(0).error().code()).isEqualTo(BatchStatementErrorCodeEnum.TRANSACTION_CONFLICT);
            assertThat(batch.get(0).error().message()).isEqualTo(ONGOING);
            assertThat(batch.get(1).error()).isNull();
            assertThatThrownBy(() -> client.executeTransaction(b -> b.transactStatements(
                    ParameterizedStatement.builder().statement("INSERT INTO \"" + table + "\" VALUE {'id': ?}")
                            .parameters(s(i.free + "-2")).build(),
                    ParameterizedStatement.builder().statement(update).parameters(s(i.checked)).build())))
                    .isInstanceOfSatisfying(TransactionCanceledException.class,
                            e -> assertThat(e.cancellationReasons()).containsExactly(none(), conflict()));
            assertThat(get(i.free + "-2")).isEmpty();
            assertThatThrownBy(() -> client.executeTransaction(b -> b.transactStatements(
                    ParameterizedStatement.builder().statement("SELECT * FROM \"" + table + "\" WHERE id = ?")
                            .parameters(s(i.put)).build())))
                    .isInstanceOfSatisfying(TransactionCanceledException.class,
                            e -> assertThat(e.cancellationReasons()).containsExactly(conflict()));
        });
        assertThat(get(i.updated)).containsEntry("v", s("held"));
        assertThat(get(i.put)).containsEntry("v", s("held"));
        assertThat(get(i.checked)).containsEntry("v", s("before"));
    }

    /** An ExecuteTransaction in flight holds its items as TransactWriteItems does. */
    @Test
    void executeTransaction_inFlight_holdsItsItems() throws Exception {
        Items i = new Items("held-partiql");
        whileHeld(() -> client.executeTransaction(b -> b.transactStatements(
                ParameterizedStatement.builder().statement("UPDATE \"" + table + "\" SET v = 'held' WHERE id = ?")
                        .parameters(s(i.updated)).build())),
                () -> assertConflict(() -> client.deleteItem(b -> b.tableName(table).key(key(i.updated)))));
        assertThat(get(i.updated)).containsEntry("v", s("held"));
    }

    // ---- helpers ----

    /** The items of one test: two that exist (updated, checked), one the held transaction puts, one it leaves free. */
    private static final class Items {
        final String updated;
        final String put;
        final String checked;
        final String free;

        Items(String name) {
            String prefix = name + "-" + System.nanoTime() + "-";
            updated = prefix + "updated";
            put = prefix + "put";
            checked = prefix + "checked";
            free = prefix + "free";
            client.putItem(b -> b.tableName(table).item(item(updated, "before")));
            client.putItem(b -> b.tableName(table).item(item(checked, "before")));
        }

        /** Updates one item, puts another and checks a third. */
        Runnable heldTransaction() {
            return () -> client.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().update(u -> u.tableName(table).key(key(updated))
                            .updateExpression("SET v = :v").expressionAttributeValues(Map.of(":v", s("held"))))
                            .build(),
                    TransactWriteItem.builder().put(p -> p.tableName(table).item(item(put, "held"))).build(),
                    TransactWriteItem.builder().conditionCheck(c -> c.tableName(table).key(key(checked))
                            .conditionExpression("attribute_exists(id)")).build()));
        }
    }

    /** Holds the next transaction once it has claimed its items, until the test releases it. */
    private static final class Hold implements TransactionPause {
        record Armed(CountDownLatch claimed, CompletableFuture<Void> release) {
        }

        private final AtomicReference<Armed> next = new AtomicReference<>();

        Armed arm() {
            Armed armed = new Armed(new CountDownLatch(1), new CompletableFuture<>());
            next.set(armed);
            return armed;
        }

        @Override
        public CompletionStage<Void> afterClaim(List<String> tableNames) {
            Armed armed = next.getAndSet(null);
            if (armed == null) {
                return null;
            }
            armed.claimed().countDown();
            return armed.release();
        }
    }

    /** Sends {@code transaction}, runs {@code during} while it is held in flight, then lets it finish. */
    private static void whileHeld(Runnable transaction, Runnable during) throws Exception {
        Hold.Armed armed = HOLD.arm();
        Future<?> held = background.submit(transaction);
        try {
            assertThat(armed.claimed().await(10, TimeUnit.SECONDS)).as("the transaction claimed its items").isTrue();
            during.run();
        } finally {
            armed.release().complete(null);
        }
        held.get(10, TimeUnit.SECONDS);
    }

    private static void assertConflict(ThrowingCallable write) {
        assertThatThrownBy(write).isInstanceOfSatisfying(TransactionConflictException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("TransactionConflictException");
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(ONGOING);
        });
    }

    private static CancellationReason none() {
        return CancellationReason.builder().code("None").build();
    }

    private static CancellationReason conflict() {
        return CancellationReason.builder().code("TransactionConflict").message(ONGOING).build();
    }

    private static TransactGetItem transactGet(String id) {
        return TransactGetItem.builder().get(g -> g.tableName(table).key(key(id))).build();
    }

    private static Map<String, AttributeValue> get(String id) {
        return client.getItem(b -> b.tableName(table).key(key(id))).item();
    }

    private static Map<String, AttributeValue> item(String id, String v) {
        return Map.of("id", s(id), "v", s(v));
    }

    private static Map<String, AttributeValue> key(String id) {
        return Map.of("id", s(id));
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }
}
