package dev.rewind.partiql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.rewind.error.DynamoException;
import dev.rewind.error.ErrorCode;
import dev.rewind.model.AttributeValue;
import dev.rewind.partiql.PartiqlAst.Delete;
import dev.rewind.partiql.PartiqlAst.Insert;
import dev.rewind.partiql.PartiqlAst.Returning;
import dev.rewind.partiql.PartiqlAst.Select;
import dev.rewind.partiql.PartiqlAst.Statement;
import dev.rewind.partiql.PartiqlAst.Update;
import dev.rewind.partiql.PartiqlTranslator.SelectUse;

/**
 * The PartiQL parser and translator: accepted statements, what they become, and rejected ones with DynamoDB's exact
 * messages. Messages come from DynamoDB as pinned by emulators checked against it (dynoxide's PartiQL grammar tests,
 * DynamoDB Local's ValidationExceptionMessages, moto) and from the AWS docs
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-reference.html).
 */
class PartiqlParserTest {
    private static final String MALFORMED = PartiqlParser.NOT_WELL_FORMED;
    private static final String LEFTOVER = MALFORMED + "Unexpected token after expression";
    private static final KeyNames HASH = new KeyNames("pk", null);
    private static final KeyNames COMPOSITE = new KeyNames("pk", "sk");

    private static Statement parse(String text) {
        return PartiqlParser.parse(text).statement();
    }

    private static AttributeValue s(String v) {
        return new AttributeValue.S(v);
    }

    private static AttributeValue n(String v) {
        return AttributeValue.N.of(v);
    }

    static Stream<Arguments> syntaxErrors() {
        return Stream.of(
                arguments("SELECT * FROM \"t\" WHERE pk = 1 foo", LEFTOVER),
                arguments("SELECT * FROM \"t\" WHERE pk = 1 e5", LEFTOVER),
                arguments("INSERT INTO \"t\" VALUE {'pk': 1} foo", LEFTOVER),
                arguments("UPDATE \"t\" SET a = 9 WHERE pk = 2 foo", LEFTOVER),
                arguments("DELETE FROM \"t\" WHERE pk = 3 foo", LEFTOVER),
                arguments("SELECT * FROM \"t\" WHERE pk = 1)", LEFTOVER),
                arguments("DELETE FROM \"t\" WHERE pk = 4 ORDER BY pk", LEFTOVER),
                arguments("SELECT * FROM \"t\" ORDER BY pk WHERE pk = 1", LEFTOVER),
                arguments("INSERT INTO \"t\" t VALUE {'pk': 'x'}", LEFTOVER),
                arguments("SELECT * FROM \"t\" WHERE pk = 1e2147483648", MALFORMED),
                arguments("SELECT * FROM \"t\" WHERE pk = 1.5e-2147483647", MALFORMED),
                arguments("SELECT * FROM \"t\" WHERE pk = 1 # note", MALFORMED),
                arguments("SELECT * FROM \"t\" WHERE pk = 1 /* note", MALFORMED),
                arguments("SELECT * FROM \"t\" WHERE pk = 'open", MALFORMED),
                arguments("SELECT * FROM \"t\" t WHERE pk = 'x'", "Aliasing is not supported"),
                arguments("SELECT * FROM \"t\" AS t WHERE pk = 'x'", "Aliasing is not supported"),
                arguments("UPDATE \"t\" t SET a = 3 WHERE pk = 'x'", "Aliasing is not supported"),
                arguments("DELETE FROM \"t\" t WHERE pk = 'x'", "Aliasing is not supported"),
                arguments("SELECT * FROM \"t\" WHERE", MALFORMED + "Unexpected term"),
                arguments("SELECT * FROM \"t\" WHERE;", MALFORMED + "Unexpected term"),
                arguments("SELECT * FROM \"t\" WHERE   ", MALFORMED + "Unexpected term"),
                arguments("SELECT pk FROM \"t\" WHERE", MALFORMED + "Unexpected term"),
                arguments("UPDATE \"t\" SET a = 1 WHERE", MALFORMED + "Unexpected term"),
                arguments("DELETE FROM \"t\" WHERE", MALFORMED + "Unexpected term"),
                arguments("SELECT * FROM \"t\" WHERE NOT", MALFORMED + "Unexpected term"),
                arguments("SELECT * FROM \"t\" WHERE (", MALFORMED + "Unexpected term"),
                arguments("SELECT * FROM \"t\" WHERE pk = 'p1' AND",
                        MALFORMED + "Missing right-hand side expression of infix operator"),
                arguments("SELECT * FROM \"t\" WHERE pk = 'p1' OR",
                        MALFORMED + "Missing right-hand side expression of infix operator"),
                arguments("SELECT * FROM \"t\" WHERE ORDER BY pk", MALFORMED + "Unexpected keyword"),
                arguments("SELECT * FROM \"t\" WHERE pk = 'a' AND x IS FOO", MALFORMED + "Expected type name"),
                arguments("SELECT * FROM \"t\" WHERE IS NULL", MALFORMED + "Unexpected operator"),
                arguments("SELECT * FROM \"t\" WHERE pk = LIKE", MALFORMED + "Unexpected operator"),
                arguments("DELETE FROM", MALFORMED + "Expected identifier for simple path"),
                arguments("DELETE FROM   ", MALFORMED + "Expected identifier for simple path"),
                arguments("DELETE FROM;", MALFORMED + "Expected identifier for simple path"),
                arguments("DELETE FROM WHERE pk = 'a'", MALFORMED + "Expected identifier for simple path"),
                arguments("SELECT * FROM", MALFORMED + "Unexpected term"),
                arguments("UPDATE \"Payment-x\" SET a = 1", "Where clause does not contain a mandatory equality "
                        + "on all key attributes"),
                arguments("UPDATE Payment-x SET active = ? WHERE id = ?", MALFORMED + "Expected data manipulation"),
                arguments("GRANT ALL", MALFORMED + "Expected data manipulation"),
                arguments("INSERT INTO \"t\" VALUES {'pk': 1}", "Unsupported operation: Inserting multiple items "
                        + "in a single statement is not supported, use \"INSERT INTO tableName VALUE item\" instead"),
                arguments("SELECT *, a FROM \"t\"",
                        "Other attributes should not be present in the projection when '*' is used."),
                arguments("SELECT DISTINCT a FROM \"t\"", "Unsupported token in expression: DISTINCT"),
                arguments("UPDATE \"t\" SET a = 1 WHERE pk = 'x' RETURNING ALL NEW",
                        "Expected '*' after ( MODIFIED | ALL ) ( NEW | OLD ) in RETURNING clause"),
                arguments("SELECT * FROM \"t\".\"i\".\"j\"",
                        "A path may contain at most 2 components in the FROM clause"));
    }

    /** Syntax errors carry DynamoDB's words; "UPDATE" rows reach the translator with a table keyed on pk. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("syntaxErrors")
    void rejectedStatement_hasDynamoDbMessage(String statement, String message) {
        assertThatThrownBy(() -> {
            Statement s = parse(statement);
            PartiqlTranslator.write(s, List.of(), HASH);
        }).isInstanceOfSatisfying(DynamoException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    static Stream<Arguments> translationErrors() {
        return Stream.of(
                arguments("DELETE FROM \"t\" WHERE a = 1", HASH,
                        "Where clause does not contain a mandatory equality on all key attributes"),
                arguments("DELETE FROM \"t\" WHERE pk = 'a' OR pk = 'b'", HASH,
                        "Where clause does not contain a mandatory equality on all key attributes"),
                arguments("UPDATE \"t\" SET a = 1 WHERE pk = 'a'", COMPOSITE,
                        "Where clause does not contain a mandatory equality on all key attributes"),
                arguments("UPDATE \"t\" SET a = 1 WHERE pk = 'a' AND pk = 'b'", HASH,
                        "Multiple conditions on same key pk. Only single item Update/Insert/Delete are supported"),
                arguments("DELETE FROM \"t\" WHERE pk = 'a' RETURNING MODIFIED OLD *", HASH,
                        "Invalid returning clause: RETURNING MODIFIED OLD *. Only RETURNING ALL OLD * is allowed in "
                                + "DELETE statements."),
                arguments("INSERT INTO \"t\" VALUE {'pk': 'a'} RETURNING ALL OLD *", HASH,
                        "RETURNING is not supported in INSERT"),
                arguments("INSERT INTO \"t\" VALUE ['a']", HASH, "Unsupported format in item expression. Please use "
                        + "struct format {...} to express item values for insert statement."),
                arguments("INSERT INTO \"t\" VALUE {'pk': 1e126}", HASH, "Number overflow. Attempting to store a "
                        + "number with magnitude larger than supported range under root"),
                arguments("INSERT INTO \"t\" VALUE {'pk': 1, 'l': [1, 1e-131]}", HASH, "Number underflow. "
                        + "Attempting to store a number with magnitude smaller than supported range under root[1]"),
                arguments("INSERT INTO \"t\" VALUE {'pk': 1, 'm': {'x': 123456789012345678901234567890123456789}}",
                        HASH, "Attempting to store more than 38 significant digits in a Number under root.x"),
                arguments("INSERT INTO \"t\" VALUE {'pk': 1, 'pk': 2}", HASH,
                        "Duplicate keys in tuple. Key: pk under root"),
                arguments("INSERT INTO \"t\" VALUE {'pk': 1, 's': <<>>}", HASH, "Empty bags are not supported"),
                arguments("INSERT INTO \"t\" VALUE {'pk': 1, 's': <<'a', 1>>}", HASH, "Unsupported data type in "
                        + "Bag. DynamoDB only supports either numbers or strings in bags"),
                arguments("INSERT INTO \"t\" VALUE {'pk': ?}", HASH,
                        "Number of parameters in request and statement don't match."),
                arguments("UPDATE \"t\" SET s = set_add(t, <<'a'>>) WHERE pk = 'a'", HASH,
                        "The first argument to SET_ADD must equal the assignment value"),
                arguments("UPDATE \"t\" SET s = set_delete(s, 'a') WHERE pk = 'a'", HASH,
                        "The second argument to SET_DELETE must be a value with type SET"),
                arguments("DELETE FROM \"t\" WHERE pk = 'a' AND b = MISSING", HASH,
                        "MISSING must be compared using IS operator"),
                arguments("DELETE FROM \"t\" WHERE pk = 'a' AND b IS SYMBOL", HASH, "Unsupported data type for IS "
                        + "operator: SYMBOL. Supported data types are [MISSING, NULL, BOOLEAN, BLOB, STRING, NUMERIC, "
                        + "STRUCT, TUPLE, LIST]"),
                arguments("DELETE FROM \"t\" WHERE pk = 'a' AND frobnicate(b)", HASH,
                        "Unrecognized function: frobnicate"));
    }

    /** Statements that parse but DynamoDB refuses once it knows the table's key schema. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("translationErrors")
    void refusedWrite_hasDynamoDbMessage(String statement, KeyNames keys, String message) {
        assertThatThrownBy(() -> PartiqlTranslator.write(parse(statement), List.of(), keys))
                .isInstanceOf(DynamoException.class).hasMessage(message);
    }

    /** The documented statement forms parse into what they say. */
    @Test
    void statements_parseIntoTheirParts() {
        Select select = (Select) parse("select a, \"b\".c[2] FROM \"Orders\".\"ByDate\" WHERE pk = ? ORDER BY sk DESC");
        assertThat(select.table()).isEqualTo("Orders");
        assertThat(select.index()).isEqualTo("ByDate");
        assertThat(select.projection()).hasSize(2);
        assertThat(select.orderBy().get(0).descending()).isTrue();
        assertThat(PartiqlParser.parse("SELECT * FROM t WHERE a = ? AND b IN [?, ?]").parameterCount()).isEqualTo(3);

        Insert insert = (Insert) parse("INSERT INTO Music VALUE {'Artist': 'Acme', 'Year': 2021};");
        assertThat(insert.table()).isEqualTo("Music");

        Update update = (Update) parse(
                "UPDATE \"Music\" SET a = ?, b.c = b.c + 1 REMOVE d SET e = 'x' WHERE pk = 'x' AND sk = 1 "
                        + "RETURNING MODIFIED NEW *");
        assertThat(update.actions()).hasSize(4);
        assertThat(update.returning()).isEqualTo(Returning.MODIFIED_NEW);

        Delete delete = (Delete) parse("delete from \"Music\" where pk = 'x' returning all old *");
        assertThat(delete.returning()).isEqualTo(Returning.ALL_OLD);
        assertThat(parse("EXISTS(SELECT * FROM \"Music\" WHERE pk = 'x' AND a > 1)").table()).isEqualTo("Music");
    }

    /** Values map to attribute values as DynamoDB maps them: strings S, numbers N, bags sets, [] L, {} M. */
    @Test
    void insertValues_mapToAttributeValues() {
        WritePlan plan = PartiqlTranslator.write(parse("INSERT INTO t VALUE {'pk': 'a', 'n': -1.50, 'b': true, "
                + "'z': null, 'ss': <<'x', 'y', 'x'>>, 'ns': <<1, 2>>, 'l': [1, 'two', [3]], 'm': {'k': ?}, "
                + "'q': 'it''s'}"), List.of(s("param")), HASH);
        Map<String, AttributeValue> item = plan.item();
        assertThat(item.get("pk")).isEqualTo(s("a"));
        assertThat(item.get("n")).isEqualTo(n("-1.5"));
        assertThat(item.get("b")).isEqualTo(AttributeValue.Bool.TRUE);
        assertThat(item.get("z")).isEqualTo(AttributeValue.Null.INSTANCE);
        assertThat(item.get("ss")).isEqualTo(new AttributeValue.SS(List.of("x", "y")));
        assertThat(item.get("ns")).isEqualTo(new AttributeValue.NS(List.of(BigDecimal.ONE, BigDecimal.valueOf(2))));
        assertThat(item.get("l")).isEqualTo(new AttributeValue.L(List.of(n("1"), s("two"),
                new AttributeValue.L(List.of(n("3"))))));
        assertThat(item.get("m")).isEqualTo(new AttributeValue.M(Map.of("k", s("param"))));
        assertThat(item.get("q")).isEqualTo(s("it's"));
    }

    /** A SELECT pinning the partition key becomes a Query; the sort key condition joins the key condition. */
    @Test
    void select_withPartitionKeyEquality_isQuery() {
        ReadPlan plan = PartiqlTranslator.select((Select) parse(
                "SELECT * FROM t WHERE 'a' = pk AND 3 < sk AND (x = 1 OR y IS MISSING) ORDER BY sk DESC"),
                List.of(), COMPOSITE, SelectUse.STATEMENT);
        assertThat(plan.keyCondition()).isEqualTo("#n0 = :v0 AND #n1 > :v1");
        assertThat(plan.filter()).isEqualTo("#n2 = :v2 OR attribute_not_exists(#n3)");
        assertThat(plan.forward()).isFalse();
        assertThat(plan.names()).containsEntry("#n0", "pk").containsEntry("#n1", "sk");
        assertThat(plan.values()).containsEntry(":v0", s("a")).containsEntry(":v1", n("3"));
    }

    /** Without '=' on the partition key a SELECT is a full Scan with a filter, which PartiQL allows. */
    @Test
    void select_withoutPartitionKeyEquality_isScan() {
        ReadPlan plan = PartiqlTranslator.select((Select) parse(
                "SELECT a.b[1], c FROM t WHERE pk IN ['a', 'b'] AND NOT (c BETWEEN 1 AND 5 AND size(d) > 2) "
                        + "AND begins_with(e, 'x') AND f IS NOT NULL AND g IS STRING"),
                List.of(), COMPOSITE, SelectUse.STATEMENT);
        assertThat(plan.keyCondition()).isNull();
        assertThat(plan.projection()).isEqualTo("#n0.#n1[1], #n2");
        assertThat(plan.filter()).isEqualTo("#n3 IN (:v0, :v1) AND NOT (#n2 BETWEEN :v2 AND :v3 AND "
                + "size(#n4) > :v4) AND begins_with(#n5, :v5) AND (attribute_exists(#n6) AND NOT "
                + "attribute_type(#n6, :v6)) AND attribute_type(#n7, :v7)");
    }

    /** UPDATE needs the item to exist; extra WHERE terms join the condition; set_add and set_delete are ADD/DELETE. */
    @Test
    void update_becomesConditionalUpdateExpression() {
        WritePlan plan = PartiqlTranslator.write(parse("UPDATE t SET a = ?, b.c = b.c + 1 REMOVE d "
                + "SET s = set_add(s, <<'x'>>), l = list_append(l, [1]) WHERE sk = 1 AND pk = 'x' AND a < 5"),
                List.of(s("v")), COMPOSITE);
        assertThat(plan.key()).containsEntry("pk", s("x")).containsEntry("sk", n("1"));
        assertThat(plan.update()).isEqualTo("SET #n0 = :v0, #n1.#n2 = #n1.#n2 + :v1, #n5 = list_append(#n5, :v3) "
                + "REMOVE #n3 ADD #n4 :v2");
        assertThat(plan.condition()).isEqualTo("attribute_exists(#n6) AND #n0 < :v4");
    }

    /** Batch and transaction SELECTs read one item by its full key and nothing else. */
    @Test
    void singleItemSelect_needsTheFullKeyOnly() {
        ReadPlan plan = PartiqlTranslator.select((Select) parse("SELECT a FROM t WHERE pk = 'x' AND sk = 2"),
                List.of(), COMPOSITE, SelectUse.BATCH);
        assertThat(plan.key()).containsEntry("pk", s("x")).containsEntry("sk", n("2"));
        assertThatThrownBy(() -> PartiqlTranslator.select((Select) parse("SELECT a FROM t WHERE pk = 'x' AND a = 1"),
                List.of(), HASH, SelectUse.BATCH)).hasMessage("Only single item select is supported");
        assertThatThrownBy(() -> PartiqlTranslator.select((Select) parse("SELECT a FROM t WHERE pk = 'x'"),
                List.of(), COMPOSITE, SelectUse.TRANSACTION)).hasMessage(
                        "Select statements within ExecuteTransaction must specify the primary key in the where clause.");
    }

    /** Deep nesting is a ValidationException, never a StackOverflowError. */
    @Test
    void deepNesting_isValidationErrorNotStackOverflow() {
        String where = "SELECT * FROM t WHERE ";
        List<String> deep = List.of(
                where + "a = " + "(".repeat(5000) + "1" + ")".repeat(5000),
                where + "a = " + "[".repeat(5000) + "1" + "]".repeat(5000),
                where + "a = " + "{'a': ".repeat(5000) + "1" + "}".repeat(5000),
                where + "a = " + "<<".repeat(5000) + "1" + ">>".repeat(5000),
                where + "NOT ".repeat(5000) + "a = 1",
                where + "a = " + "- ".repeat(5000) + "1",
                where + "size(".repeat(5000) + "a" + ")".repeat(5000) + " = 1");
        for (String statement : deep) {
            assertThatThrownBy(() -> parse(statement)).as(statement.substring(0, 40))
                    .isInstanceOf(DynamoException.class).hasMessage(MALFORMED + "Nesting exceeds the supported depth "
                            + "of " + PartiqlParser.MAX_NESTING);
        }
        String nested = "INSERT INTO t VALUE {'pk': 'a', 'l': " + "[".repeat(40) + "]".repeat(40) + "}";
        assertThatThrownBy(() -> PartiqlTranslator.write(parse(nested), List.of(), HASH))
                .hasMessage("Nesting Levels have exceeded supported limits");
        String fine = "SELECT * FROM t WHERE a = " + "(".repeat(50) + "1" + ")".repeat(50);
        assertThat(parse(fine)).isInstanceOf(Select.class);
    }

    private static final String[] VOCABULARY = {"SELECT", "*", "FROM", "t", "\"t\"", "WHERE", "pk", "=", "'a'", "1",
        "AND", "OR", "NOT", "(", ")", "[", "]", "{", "}", "<<", ">>", ",", ":", ".", "?", "IN", "BETWEEN", "IS",
        "MISSING", "NULL", "INSERT", "INTO", "VALUE", "UPDATE", "SET", "REMOVE", "DELETE", "RETURNING", "ALL", "OLD",
        "size", "begins_with", "+", "-", "<", ">=", "<>", "EXISTS", "ORDER", "BY", "DESC", ";", "1e5", "'", "\""};

    /** Random token sequences and strings give a statement or a ValidationException, nothing else. */
    @Test
    void fuzz_onlyResultsOrValidationErrors() {
        Random random = new Random(20260522L);
        for (int i = 0; i < 30_000; i++) {
            String text;
            if (random.nextInt(4) > 0) {
                StringBuilder sb = new StringBuilder();
                int length = 1 + random.nextInt(16);
                for (int j = 0; j < length; j++) {
                    sb.append(VOCABULARY[random.nextInt(VOCABULARY.length)]).append(random.nextInt(4) == 0 ? "" : " ");
                }
                text = sb.toString();
            } else {
                StringBuilder sb = new StringBuilder();
                int count = random.nextInt(24);
                for (int j = 0; j < count; j++) {
                    sb.append((char) (random.nextBoolean() ? 32 + random.nextInt(95) : random.nextInt(0x3000)));
                }
                text = sb.toString();
            }
            try {
                Statement s = parse(text);
                List<AttributeValue> parameters = java.util.Collections.nCopies(20, s("p"));
                if (s instanceof Select select) {
                    PartiqlTranslator.select(select, parameters, COMPOSITE, SelectUse.STATEMENT);
                } else {
                    PartiqlTranslator.write(s, parameters, COMPOSITE);
                }
            } catch (DynamoException e) {
                assertThat(e.code()).as(text).isEqualTo(ErrorCode.VALIDATION);
            } catch (RuntimeException | StackOverflowError e) {
                fail("'" + text + "' threw " + e, e);
            }
        }
    }
}
