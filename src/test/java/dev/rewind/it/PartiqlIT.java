package dev.rewind.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementErrorCodeEnum;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementResponse;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DuplicateItemException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ExecuteStatementResponse;
import software.amazon.awssdk.services.dynamodb.model.ItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ParameterizedStatement;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * PartiQL through the AWS SDK: ExecuteStatement, BatchExecuteStatement and ExecuteTransaction
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-reference.html).
 */
class PartiqlIT {
    private static final DynamoDbClient CLIENT = RewindServer.client();
    /** pk (S) + sk (N). */
    private static String table;

    @BeforeAll
    static void createTable() {
        table = RewindServer.uniqueTableName("partiql");
        CLIENT.createTable(b -> b.tableName(table)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("sk").attributeType(ScalarAttributeType.N))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH),
                        k -> k.attributeName("sk").keyType(KeyType.RANGE))
                .billingMode(BillingMode.PAY_PER_REQUEST));
    }

    private static ExecuteStatementResponse run(String statement, AttributeValue... parameters) {
        return CLIENT.executeStatement(b -> b.statement(statement)
                .parameters(parameters.length == 0 ? null : List.of(parameters)));
    }

    private static Map<String, AttributeValue> get(String pk, int sk) {
        return CLIENT.getItem(b -> b.tableName(table).key(Map.of("pk", AttributeValue.fromS(pk),
                "sk", AttributeValue.fromN(Integer.toString(sk))))).item();
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(String v) {
        return AttributeValue.fromN(v);
    }

    /** INSERT maps PartiQL values to attribute values; SELECT by key reads the item back (a Query). */
    @Test
    void insert_thenSelectByKey_returnsItemWithDynamoDbTypes() {
        run("INSERT INTO \"" + table + "\" VALUE {'pk': 'ins-1', 'sk': 1, 'name': ?, 'tags': <<'a', 'b'>>, "
                + "'nums': <<1, 2>>, 'items_l': [1, 'x', true, null], 'doc': {'k': {'deep': 2.50}}}", s("Ann"));
        List<Map<String, AttributeValue>> items = run("SELECT * FROM \"" + table + "\" WHERE pk = ? AND sk = 1",
                s("ins-1")).items();
        assertThat(items).hasSize(1);
        Map<String, AttributeValue> item = items.get(0);
        assertThat(item.get("name")).isEqualTo(s("Ann"));
        assertThat(item.get("tags").ss()).containsExactlyInAnyOrder("a", "b");
        assertThat(item.get("nums").ns()).containsExactlyInAnyOrder("1", "2");
        assertThat(item.get("items_l").l()).containsExactly(n("1"), s("x"), AttributeValue.fromBool(true),
                AttributeValue.fromNul(true));
        assertThat(item.get("doc").m().get("k").m().get("deep")).isEqualTo(n("2.5"));

        List<Map<String, AttributeValue>> projected = run("SELECT name, doc.k.deep, items_l[1] FROM \"" + table
                + "\" WHERE pk = 'ins-1'").items();
        assertThat(projected.get(0)).containsOnlyKeys("name", "doc", "items_l");
    }

    /** INSERT never overwrites: DuplicateItemException, as the docs for INSERT say. */
    @Test
    void insert_existingItem_isDuplicateItemException() {
        run("INSERT INTO \"" + table + "\" VALUE {'pk': 'dup', 'sk': 1, 'v': 1}");
        assertThatThrownBy(() -> run("INSERT INTO \"" + table + "\" VALUE {'pk': 'dup', 'sk': 1, 'v': 2}"))
                .isInstanceOf(DuplicateItemException.class)
                .hasMessageStartingWith("Duplicate primary key exists in table");
        assertThat(get("dup", 1).get("v")).isEqualTo(n("1"));
    }

    /** UPDATE sets, increments and removes; RETURNING answers in Items; a missing item fails its condition. */
    @Test
    void update_setRemoveReturning_andMissingItemFails() {
        run("INSERT INTO \"" + table + "\" VALUE {'pk': 'upd', 'sk': 1, 'total': 5, 'gone': 'x', "
                + "'m': {'c': 1}, 'tags': <<'a'>>}");
        ExecuteStatementResponse response = run("UPDATE \"" + table + "\" SET total = total + 1, m.c = m.c + ? "
                + "REMOVE gone SET tags = set_add(tags, <<'b'>>) WHERE pk = 'upd' AND sk = 1 RETURNING ALL NEW *",
                n("10"));
        Map<String, AttributeValue> updated = response.items().get(0);
        assertThat(updated.get("total")).isEqualTo(n("6"));
        assertThat(updated.get("m").m().get("c")).isEqualTo(n("11"));
        assertThat(updated).doesNotContainKey("gone");
        assertThat(updated.get("tags").ss()).containsExactlyInAnyOrder("a", "b");

        Map<String, AttributeValue> modifiedOld = run("UPDATE \"" + table + "\" SET total = 100 "
                + "WHERE pk = 'upd' AND sk = 1 RETURNING MODIFIED OLD *").items().get(0);
        assertThat(modifiedOld).containsOnlyKeys("total").containsEntry("total", n("6"));

        assertThatThrownBy(() -> run("UPDATE \"" + table + "\" SET total = 1 WHERE pk = 'upd' AND sk = 1 "
                + "AND total < 50")).isInstanceOf(ConditionalCheckFailedException.class);
        assertThatThrownBy(() -> run("UPDATE \"" + table + "\" SET total = 1 WHERE pk = 'nobody' AND sk = 1"))
                .isInstanceOf(ConditionalCheckFailedException.class);
        assertThat(get("nobody", 1)).isEmpty();
        assertThatThrownBy(() -> run("UPDATE \"" + table + "\" SET total = 1 WHERE pk = 'upd'"))
                .isInstanceOf(DynamoDbException.class)
                .hasMessageStartingWith("Where clause does not contain a mandatory equality on all key attributes");
    }

    /** DELETE by full key, with extra conditions as a condition and RETURNING ALL OLD *. */
    @Test
    void delete_withConditionAndReturning() {
        run("INSERT INTO \"" + table + "\" VALUE {'pk': 'del', 'sk': 1, 'state': 'open'}");
        assertThatThrownBy(() -> run("DELETE FROM \"" + table + "\" WHERE pk = 'del' AND sk = 1 AND state = 'x'"))
                .isInstanceOf(ConditionalCheckFailedException.class);
        List<Map<String, AttributeValue>> old = run("DELETE FROM \"" + table
                + "\" WHERE pk = 'del' AND sk = 1 AND state = 'open' RETURNING ALL OLD *").items();
        assertThat(old.get(0).get("state")).isEqualTo(s("open"));
        assertThat(get("del", 1)).isEmpty();
        assertThat(run("DELETE FROM \"" + table + "\" WHERE pk = 'del' AND sk = 1").items()).isEmpty();
    }

    /** Without the partition key a SELECT scans; Limit and NextToken page through every match exactly once. */
    @Test
    void select_scanWithFilter_pagesWithNextToken() {
        for (int i = 0; i < 12; i++) {
            run("INSERT INTO \"" + table + "\" VALUE {'pk': ?, 'sk': ?, 'kind': ?}", s("page-" + (i % 3)),
                    n(Integer.toString(i)), s(i % 2 == 0 ? "even" : "odd"));
        }
        String statement = "SELECT pk, sk FROM \"" + table + "\" WHERE kind = 'even' AND begins_with(pk, 'page-')";
        Set<String> seen = new HashSet<>();
        String token = null;
        int pages = 0;
        do {
            String next = token;
            ExecuteStatementResponse page = CLIENT.executeStatement(b -> b.statement(statement).limit(5)
                    .nextToken(next));
            for (Map<String, AttributeValue> item : page.items()) {
                assertThat(seen.add(item.get("pk").s() + "/" + item.get("sk").n())).isTrue();
            }
            token = page.nextToken();
            pages++;
        } while (token != null && pages < 50);
        assertThat(seen).hasSize(6);
        assertThat(pages).isGreaterThan(1);
    }

    /** A Query through PartiQL: sort key conditions and ORDER BY ... DESC. */
    @Test
    void select_onPartition_rangeConditionAndOrderBy() {
        for (int i = 1; i <= 5; i++) {
            run("INSERT INTO \"" + table + "\" VALUE {'pk': 'q', 'sk': " + i + "}");
        }
        List<Map<String, AttributeValue>> items = run("SELECT sk FROM \"" + table
                + "\" WHERE pk = 'q' AND sk BETWEEN 2 AND 4 ORDER BY sk DESC").items();
        List<String> keys = new ArrayList<>();
        items.forEach(i -> keys.add(i.get("sk").n()));
        assertThat(keys).containsExactly("4", "3", "2");
        assertThat(run("SELECT * FROM \"" + table + "\" WHERE pk = 'q' AND sk > 3 AND missing_attr IS MISSING")
                .items()).hasSize(2);
    }

    /** Parse errors and unknown tables answer as DynamoDB does. */
    @Test
    void errors_haveDynamoDbTypesAndWords() {
        assertThatThrownBy(() -> run("SELECT * FROM \"" + table + "\" WHERE"))
                .isInstanceOf(DynamoDbException.class)
                .hasMessageStartingWith("Statement wasn't well formed, can't be processed: Unexpected term");
        assertThatThrownBy(() -> run("SELECT * FROM \"no-such-table\" WHERE pk = 'a'"))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> run("SELECT * FROM \"" + table + "\" WHERE pk = ?"))
                .hasMessageStartingWith("Number of parameters in request and statement don't match.");
        assertThatThrownBy(() -> run("EXISTS(SELECT * FROM \"" + table + "\" WHERE pk = 'a' AND sk = 1)"))
                .hasMessageStartingWith("EXISTS can only be used in ExecuteTransaction write requests.");
    }

    /** BatchExecuteStatement answers each statement in place: an item, nothing, or an Error. */
    @Test
    void batch_readsAndWrites_answerEachStatement() {
        List<BatchStatementResponse> writes = CLIENT.batchExecuteStatement(b -> b.statements(
                BatchStatementRequest.builder().statement("INSERT INTO \"" + table + "\" VALUE {'pk': 'b1', 'sk': 1}")
                        .build(),
                BatchStatementRequest.builder().statement("INSERT INTO \"" + table + "\" VALUE {'pk': ?, 'sk': 2}")
                        .parameters(s("b1")).build(),
                BatchStatementRequest.builder().statement("UPDATE \"" + table + "\" SET a = 1 WHERE pk = 'b-none' "
                        + "AND sk = 1").build())).responses();
        assertThat(writes).hasSize(3);
        assertThat(writes.get(0).error()).isNull();
        assertThat(writes.get(1).error()).isNull();
        assertThat(writes.get(2).error().code()).isEqualTo(BatchStatementErrorCodeEnum.CONDITIONAL_CHECK_FAILED);

        List<BatchStatementResponse> reads = CLIENT.batchExecuteStatement(b -> b.statements(
                BatchStatementRequest.builder().statement("SELECT * FROM \"" + table + "\" WHERE pk = 'b1' AND sk = 2")
                        .build(),
                BatchStatementRequest.builder().statement("SELECT * FROM \"" + table + "\" WHERE pk = 'b1' AND sk = 9")
                        .build(),
                BatchStatementRequest.builder().statement("SELECT * FROM \"" + table + "\" WHERE pk = 'b1'")
                        .build())).responses();
        assertThat(reads.get(0).item()).containsEntry("sk", n("2"));
        assertThat(reads.get(1).hasItem()).isFalse();
        assertThat(reads.get(1).error()).isNull();
        assertThat(reads.get(2).error().code()).isEqualTo(BatchStatementErrorCodeEnum.VALIDATION_ERROR);
        assertThat(reads.get(2).error().message()).isEqualTo("Only single item select is supported");
    }

    /** ExecuteTransaction writes all or nothing, EXISTS is a condition check, and reads come back in order. */
    @Test
    void transaction_allOrNothing_withExists_andReads() {
        run("INSERT INTO \"" + table + "\" VALUE {'pk': 't-account', 'sk': 1, 'balance': 10}");
        run("INSERT INTO \"" + table + "\" VALUE {'pk': 't-guard', 'sk': 1, 'open': true}");
        assertThatThrownBy(() -> CLIENT.executeTransaction(b -> b.transactStatements(
                ParameterizedStatement.builder().statement("INSERT INTO \"" + table
                        + "\" VALUE {'pk': 't-new', 'sk': 1}").build(),
                ParameterizedStatement.builder().statement("EXISTS(SELECT * FROM \"" + table
                        + "\" WHERE pk = 't-account' AND sk = 1 AND balance > 100)").build())))
                .isInstanceOfSatisfying(TransactionCanceledException.class, e -> assertThat(
                        e.cancellationReasons().get(1).code()).isEqualTo("ConditionalCheckFailed"));
        assertThat(get("t-new", 1)).isEmpty();

        CLIENT.executeTransaction(b -> b.transactStatements(
                ParameterizedStatement.builder().statement("INSERT INTO \"" + table
                        + "\" VALUE {'pk': 't-new', 'sk': 1}").build(),
                ParameterizedStatement.builder().statement("UPDATE \"" + table
                        + "\" SET balance = balance - ? WHERE pk = 't-account' AND sk = 1").parameters(n("3")).build(),
                ParameterizedStatement.builder().statement("EXISTS(SELECT * FROM \"" + table
                        + "\" WHERE pk = 't-guard' AND sk = 1 AND open = true)").build()));
        assertThat(get("t-new", 1)).isNotEmpty();
        assertThat(get("t-account", 1).get("balance")).isEqualTo(n("7"));

        List<ItemResponse> reads = CLIENT.executeTransaction(b -> b.transactStatements(
                ParameterizedStatement.builder().statement("SELECT balance FROM \"" + table
                        + "\" WHERE pk = 't-account' AND sk = 1").build(),
                ParameterizedStatement.builder().statement("SELECT * FROM \"" + table
                        + "\" WHERE pk = 't-none' AND sk = 1").build())).responses();
        assertThat(reads.get(0).item()).containsOnlyKeys("balance");
        assertThat(reads.get(1).hasItem()).isFalse();

        assertThatThrownBy(() -> CLIENT.executeTransaction(b -> b.transactStatements(
                ParameterizedStatement.builder().statement("SELECT * FROM \"" + table + "\" WHERE").build())))
                .hasMessageStartingWith("Validation failed in TransactStatements[0]: Statement wasn't well formed, "
                        + "can't be processed: Unexpected term");
    }
}
