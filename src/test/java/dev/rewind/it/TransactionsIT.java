package dev.rewind.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.IdempotentParameterMismatchException;
import software.amazon.awssdk.services.dynamodb.model.ItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;

/** TransactWriteItems and TransactGetItems (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html). */
class TransactionsIT {
    private static final DynamoDbClient CLIENT = RewindServer.client();
    private static String accounts;
    private static String audit;

    @BeforeAll
    static void createTables() {
        accounts = RewindServer.uniqueTableName("accounts");
        audit = RewindServer.uniqueTableName("audit");
        for (String t : List.of(accounts, audit)) {
            CLIENT.createTable(b -> b.tableName(t)
                    .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                    .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                    .billingMode(BillingMode.PAY_PER_REQUEST));
        }
    }

    private static Map<String, AttributeValue> key(String id) {
        return Map.of("id", AttributeValue.fromS(id));
    }

    private static Map<String, AttributeValue> get(String table, String id) {
        return CLIENT.getItem(b -> b.tableName(table).key(key(id))).item();
    }

    /** All actions of a transaction across two tables land together. */
    @Test
    void transactWrite_acrossTables_appliesAll() {
        CLIENT.putItem(b -> b.tableName(accounts).item(Map.of("id", AttributeValue.fromS("t1-a"),
                "balance", AttributeValue.fromN("10"))));
        CLIENT.transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder().update(u -> u.tableName(accounts).key(key("t1-a"))
                        .updateExpression("SET balance = balance - :x")
                        .conditionExpression("balance >= :x")
                        .expressionAttributeValues(Map.of(":x", AttributeValue.fromN("4")))).build(),
                TransactWriteItem.builder().put(p -> p.tableName(accounts).item(Map.of(
                        "id", AttributeValue.fromS("t1-b"), "balance", AttributeValue.fromN("4")))).build(),
                TransactWriteItem.builder().put(p -> p.tableName(audit).item(Map.of(
                        "id", AttributeValue.fromS("t1-log"), "what", AttributeValue.fromS("move 4")))).build()));
        assertThat(get(accounts, "t1-a")).containsEntry("balance", AttributeValue.fromN("6"));
        assertThat(get(accounts, "t1-b")).containsEntry("balance", AttributeValue.fromN("4"));
        assertThat(get(audit, "t1-log")).containsEntry("what", AttributeValue.fromS("move 4"));
    }

    /** A failed condition cancels everything and reports a reason per action, in order, with the item when asked. */
    @Test
    void transactWrite_conditionFails_cancelsAllWithReasonsInOrder() {
        CLIENT.putItem(b -> b.tableName(accounts).item(Map.of("id", AttributeValue.fromS("t2-a"),
                "balance", AttributeValue.fromN("1"))));
        assertThatThrownBy(() -> CLIENT.transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder().put(p -> p.tableName(audit).item(Map.of(
                        "id", AttributeValue.fromS("t2-log")))).build(),
                TransactWriteItem.builder().conditionCheck(c -> c.tableName(accounts).key(key("t2-a"))
                        .conditionExpression("balance >= :x")
                        .expressionAttributeValues(Map.of(":x", AttributeValue.fromN("5")))
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).build())))
                .isInstanceOfSatisfying(TransactionCanceledException.class, e -> {
                    List<CancellationReason> reasons = e.cancellationReasons();
                    assertThat(reasons).extracting(CancellationReason::code)
                            .containsExactly("None", "ConditionalCheckFailed");
                    assertThat(reasons.get(1).item()).containsEntry("balance", AttributeValue.fromN("1"));
                    assertThat(e.getMessage()).startsWith("Transaction cancelled, please refer cancellation reasons "
                            + "for specific reasons [None, ConditionalCheckFailed]");
                });
        assertThat(get(audit, "t2-log")).isEmpty();
    }

    /** Two actions on one item are rejected before anything runs. */
    @Test
    void transactWrite_twoActionsOnOneItem_isValidationError() {
        assertThatThrownBy(() -> CLIENT.transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder().put(p -> p.tableName(accounts).item(key("t3"))).build(),
                TransactWriteItem.builder().delete(d -> d.tableName(accounts).key(key("t3"))).build())))
                .isInstanceOfSatisfying(DynamoDbException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"))
                .hasMessageContaining("Transaction request cannot include multiple operations on one item");
    }

    /** The same ClientRequestToken replays success without writing again; with another request it is refused. */
    @Test
    void transactWrite_clientRequestToken_isIdempotent() {
        CLIENT.putItem(b -> b.tableName(accounts).item(Map.of("id", AttributeValue.fromS("t4"),
                "n", AttributeValue.fromN("0"))));
        TransactWriteItem add = TransactWriteItem.builder().update(u -> u.tableName(accounts).key(key("t4"))
                .updateExpression("ADD n :one").expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))))
                .build();
        String token = "token-" + System.nanoTime();
        CLIENT.transactWriteItems(b -> b.clientRequestToken(token).transactItems(add));
        CLIENT.transactWriteItems(b -> b.clientRequestToken(token).transactItems(add));
        assertThat(get(accounts, "t4")).containsEntry("n", AttributeValue.fromN("1"));
        assertThatThrownBy(() -> CLIENT.transactWriteItems(b -> b.clientRequestToken(token).transactItems(
                TransactWriteItem.builder().delete(d -> d.tableName(accounts).key(key("t4"))).build())))
                .isInstanceOf(IdempotentParameterMismatchException.class);
    }

    /** TransactGetItems answers each item in request order, an empty response for a missing one. */
    @Test
    void transactGet_returnsItemsInOrder() {
        CLIENT.putItem(b -> b.tableName(accounts).item(Map.of("id", AttributeValue.fromS("t5"),
                "v", AttributeValue.fromS("x"), "w", AttributeValue.fromS("y"))));
        var responses = CLIENT.transactGetItems(b -> b.transactItems(
                TransactGetItem.builder().get(g -> g.tableName(accounts).key(key("t5-missing"))).build(),
                TransactGetItem.builder().get(g -> g.tableName(accounts).key(key("t5"))
                        .projectionExpression("v")).build())).responses();
        assertThat(responses).hasSize(2);
        assertThat(responses.get(0).item()).isEmpty();
        assertThat(responses.get(1).item()).isEqualTo(Map.of("v", AttributeValue.fromS("x")));
    }

    /**
     * Concurrent transfers between overlapping accounts, transactional reads of all of them and single writes to them
     * never leave a partial result: the total is conserved at every TransactGetItems snapshot and at the end, no
     * balance goes negative (issue 7's checked invariant), and every single write counted once. Requests meeting a
     * transaction in flight answer TransactionConflict, which the AWS SDK does not retry, so the clients here retry.
     */
    @Test
    void concurrentTransfers_conserveTheTotal() throws Exception {
        int accountsCount = 8;
        int initial = 100;
        String prefix = "sum-" + System.nanoTime() + "-";
        for (int i = 0; i < accountsCount; i++) {
            String id = prefix + i;
            CLIENT.putItem(b -> b.tableName(accounts).item(Map.of("id", AttributeValue.fromS(id),
                    "balance", AttributeValue.fromN(String.valueOf(initial)), "touches", AttributeValue.fromN("0"))));
        }
        long seed = 42;
        System.out.println("concurrentTransfers seed " + seed);
        ExecutorService pool = Executors.newFixedThreadPool(9);
        AtomicInteger committed = new AtomicInteger();
        AtomicInteger cancelled = new AtomicInteger();
        AtomicInteger touched = new AtomicInteger();
        AtomicInteger transferConflicts = new AtomicInteger();
        AtomicInteger writeConflicts = new AtomicInteger();
        AtomicInteger readConflicts = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            Random random = new Random(seed + t);
            futures.add(pool.submit(() -> {
                for (int i = 0; i < 150; i++) {
                    int from = random.nextInt(accountsCount);
                    int to = (from + 1 + random.nextInt(accountsCount - 1)) % accountsCount;
                    String amount = String.valueOf(1 + random.nextInt(30));
                    boolean done = retryOnConflict(transferConflicts, () -> CLIENT.transactWriteItems(b -> b.transactItems(
                            TransactWriteItem.builder().update(u -> u.tableName(accounts).key(key(prefix + from))
                                    .updateExpression("SET balance = balance - :x")
                                    .conditionExpression("balance >= :x")
                                    .expressionAttributeValues(Map.of(":x", AttributeValue.fromN(amount))))
                                    .build(),
                            TransactWriteItem.builder().update(u -> u.tableName(accounts).key(key(prefix + to))
                                    .updateExpression("SET balance = balance + :x")
                                    .expressionAttributeValues(Map.of(":x", AttributeValue.fromN(amount))))
                                    .build())));
                    (done ? committed : cancelled).incrementAndGet();
                }
            }));
        }
        Random singleRandom = new Random(seed + 100);
        futures.add(pool.submit(() -> {
            for (int i = 0; i < 300; i++) {
                String id = prefix + singleRandom.nextInt(accountsCount);
                retryOnConflict(writeConflicts, () -> CLIENT.updateItem(b -> b.tableName(accounts).key(key(id))
                        .updateExpression("ADD touches :one")
                        .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1")))));
                touched.incrementAndGet();
            }
        }));
        for (int t = 0; t < 2; t++) {
            futures.add(pool.submit(() -> {
                List<TransactGetItem> gets = new ArrayList<>();
                for (int a = 0; a < accountsCount; a++) {
                    String id = prefix + a;
                    gets.add(TransactGetItem.builder().get(g -> g.tableName(accounts).key(key(id))).build());
                }
                for (int i = 0; i < 100; i++) {
                    List<ItemResponse> snapshot = new ArrayList<>();
                    retryOnConflict(readConflicts,
                            () -> snapshot.addAll(CLIENT.transactGetItems(b -> b.transactItems(gets)).responses()));
                    long total = snapshot.stream()
                            .mapToLong(r -> Long.parseLong(r.item().get("balance").n())).sum();
                    assertThat(total).isEqualTo((long) accountsCount * initial);
                }
            }));
        }
        for (Future<?> f : futures) {
            f.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();
        long total = 0;
        long touches = 0;
        for (int i = 0; i < accountsCount; i++) {
            Map<String, AttributeValue> account = get(accounts, prefix + i);
            long balance = Long.parseLong(account.get("balance").n());
            assertThat(balance).isNotNegative();
            total += balance;
            touches += Long.parseLong(account.get("touches").n());
        }
        assertThat(total).isEqualTo((long) accountsCount * initial);
        assertThat(touches).isEqualTo(touched.get());
        assertThat(committed.get()).isPositive();
        // with six writers on eight accounts, hundreds of requests meet a transaction in flight (the number varies)
        assertThat(transferConflicts.get() + writeConflicts.get() + readConflicts.get()).isPositive();
        System.out.println("transfers committed " + committed + ", cancelled " + cancelled + "; TransactionConflict "
                + "retried: transfers " + transferConflicts + ", single writes " + writeConflicts + ", reads "
                + readConflicts);
    }

    /**
     * Runs {@code request} until it answers something other than TransactionConflict, counting the conflicts:
     * true when it succeeded, false when a transaction was cancelled for another reason (a failed condition).
     */
    private static boolean retryOnConflict(AtomicInteger conflicts, Runnable request) {
        for (int attempt = 0; attempt < 10_000; attempt++) {
            try {
                request.run();
                return true;
            } catch (TransactionConflictException e) {
                conflicts.incrementAndGet();
            } catch (TransactionCanceledException e) {
                if (e.cancellationReasons().stream().noneMatch(r -> "TransactionConflict".equals(r.code()))) {
                    return false;
                }
                conflicts.incrementAndGet();
            }
            Thread.yield();
        }
        throw new AssertionError("still in conflict after 10000 attempts");
    }
}
