package dev.rewind.expression;

import static dev.rewind.expression.TestValues.b;
import static dev.rewind.expression.TestValues.bool;
import static dev.rewind.expression.TestValues.item;
import static dev.rewind.expression.TestValues.l;
import static dev.rewind.expression.TestValues.m;
import static dev.rewind.expression.TestValues.n;
import static dev.rewind.expression.TestValues.names;
import static dev.rewind.expression.TestValues.nul;
import static dev.rewind.expression.TestValues.s;
import static dev.rewind.expression.TestValues.ss;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.ArrayList;
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

/**
 * Parsing and checking errors, word for word. Messages come from DynamoDB as recorded by ScyllaDB's alternator
 * tests, moto's tokenizer tests, dynalite, and emulators checked against DynamoDB and DynamoDB Local
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.html).
 */
class ExpressionParserTest {

    private static final Map<String, AttributeValue> VALUES = item(
            ":v", s("x"), ":w", s("y"), ":n", n(1), ":five", n(5), ":bool", bool(true), ":null", nul(),
            ":list", l(s("a")), ":set", ss("a"), ":map", m("k", s("v")), ":bin", b(1, 2, 3), ":type", s("X"));

    /** Which entry point a case goes through. */
    enum Kind { CONDITION, FILTER, KEY, PROJECTION, UPDATE }

    static Object parse(Kind kind, String text, Map<String, String> names, Map<String, AttributeValue> values) {
        ExpressionContext ctx = new ExpressionContext(names, values);
        return switch (kind) {
            case CONDITION -> Expressions.parseCondition(text, "ConditionExpression", ctx);
            case FILTER -> Expressions.parseCondition(text, "FilterExpression", ctx);
            case KEY -> Expressions.parseKeyCondition(text, ctx);
            case PROJECTION -> Expressions.parseProjection(text, ctx);
            case UPDATE -> Expressions.parseUpdate(text, ctx);
        };
    }

    static Stream<Arguments> errors() {
        String deepPath = "a" + ".b".repeat(32);
        StringBuilder in = new StringBuilder("a IN (:v");
        in.append(", :v".repeat(100)).append(")");
        return Stream.of(
                // empty and too long (the size suffix only for condition and filter expressions)
                c(Kind.CONDITION, "", "Invalid ConditionExpression: The expression can not be empty;"),
                c(Kind.UPDATE, "", "Invalid UpdateExpression: The expression can not be empty;"),
                c(Kind.PROJECTION, "", "Invalid ProjectionExpression: The expression can not be empty;"),
                c(Kind.KEY, "", "Invalid KeyConditionExpression: The expression can not be empty;"),
                c(Kind.FILTER, "a" + "z".repeat(4096) + " = :v",
                        "Invalid FilterExpression: Expression size has exceeded the maximum allowed size; "
                                + "expression size: 4102"),
                c(Kind.PROJECTION, "a" + "z".repeat(4096),
                        "Invalid ProjectionExpression: Expression size has exceeded the maximum allowed size;"),
                c(Kind.UPDATE, "SET a" + "z".repeat(4096) + " = :v",
                        "Invalid UpdateExpression: Expression size has exceeded the maximum allowed size;"),
                // syntax errors: the token where reading stopped, and from the token before to the token after
                c(Kind.CONDITION, "foo", "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"foo\""),
                c(Kind.CONDITION, "a = ", "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"= \""),
                c(Kind.CONDITION, "a == :v", "Invalid ConditionExpression: Syntax error; token: \"=\", near: \"== :v\""),
                c(Kind.CONDITION, "pk = !!", "Invalid ConditionExpression: Syntax error; token: \"!\", near: \"= !!\""),
                c(Kind.CONDITION, "_a = :v", "Invalid ConditionExpression: Syntax error; token: \"_\", near: \"_a\""),
                c(Kind.CONDITION, "a = :v AND", "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"AND\""),
                c(Kind.CONDITION, "a + :v = :w", "Invalid ConditionExpression: Syntax error; token: \"+\", near: \"a + :v\""),
                c(Kind.CONDITION, "(a = :v", "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \":v\""),
                c(Kind.CONDITION, "a = :v)", "Invalid ConditionExpression: Syntax error; token: \")\", near: \":v)\""),
                c(Kind.CONDITION, "a[:v] = :w", "Invalid ConditionExpression: Syntax error; token: \":v\", near: \"[:v]\""),
                c(Kind.CONDITION, "a = # ", "Invalid ConditionExpression: Syntax error; token: \"#\", near: \"= # \""),
                c(Kind.KEY, ":hashId a", "Invalid KeyConditionExpression: Syntax error; token: \"a\", near: \":hashId a\""),
                c(Kind.UPDATE, "SET a = 3", "Invalid UpdateExpression: Syntax error; token: \"3\", near: \"= 3\""),
                c(Kind.UPDATE, "SET a[0].b = 5", "Invalid UpdateExpression: Syntax error; token: \"5\", near: \"= 5\""),
                c(Kind.UPDATE, "SET #a a = 5", "Invalid UpdateExpression: Syntax error; token: \"a\", near: \"#a a =\""),
                c(Kind.UPDATE, "SET a [2 1]. b = 5", "Invalid UpdateExpression: Syntax error; token: \"1\", near: \"2 1]\""),
                c(Kind.UPDATE, "SET MyStr[ 3 ", "Invalid UpdateExpression: Syntax error; token: \"<EOF>\", near: \"3 \""),
                c(Kind.UPDATE, "SET ) 3", "Invalid UpdateExpression: Syntax error; token: \")\", near: \"SET ) 3\""),
                c(Kind.UPDATE, "RESET NonExistent value", "Invalid UpdateExpression: Syntax error; token: \"RESET\", near: \"RESET NonExistent\""),
                c(Kind.UPDATE, "SET attrName = _idid", "Invalid UpdateExpression: Syntax error; token: \"_\", near: \"= _idid\""),
                c(Kind.UPDATE, "REMOVE if_not_exists(a,b)", "Invalid UpdateExpression: Syntax error; token: \"(\", near: \"if_not_exists(a\""),
                c(Kind.UPDATE, "ADD attr :v foobar", "Invalid UpdateExpression: Syntax error; token: \"foobar\", near: \":v foobar\""),
                c(Kind.UPDATE, "SET a = :v + :v + :v", "Invalid UpdateExpression: Syntax error; token: \"+\", near: \":v + :v\""),
                c(Kind.UPDATE, "SET c = if_not_exists(c, :v+:w)", "Invalid UpdateExpression: Syntax error; token: \"+\", near: \":v+:w\""),
                c(Kind.PROJECTION, "(a1)", "Invalid ProjectionExpression: Syntax error; token: \"(\", near: \"(a1\""),
                c(Kind.PROJECTION, "a, set", "Invalid ProjectionExpression: Syntax error; token: \"set\", near: \", set\""),
                // redundant parentheses
                c(Kind.CONDITION, "((a = :v))", "Invalid ConditionExpression: The expression has redundant parentheses;"),
                c(Kind.CONDITION, "((a)) = :v", "Invalid ConditionExpression: The expression has redundant parentheses;"),
                // reserved words, placeholders
                c(Kind.CONDITION, "name = :v", "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: name"),
                c(Kind.CONDITION, "a.Data = :v", "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: Data"),
                c(Kind.UPDATE, "SET a = :v, count = :w", "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: count"),
                c(Kind.PROJECTION, "a, status", "Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: status"),
                c(Kind.CONDITION, "#x = :v", "Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #x"),
                c(Kind.CONDITION, "a = :nope", "Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :nope"),
                c(Kind.PROJECTION, "a.#u", "Invalid ProjectionExpression: An expression attribute name used in the document path is not defined; attribute name: #u"),
                c(Kind.UPDATE, "SET #n = :v", "Invalid UpdateExpression: An expression attribute name used in the document path is not defined; attribute name: #n"),
                c(Kind.UPDATE, "SET a = :nope", "Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :nope"),
                // functions
                c(Kind.CONDITION, "foo(s)", "Invalid ConditionExpression: Invalid function name; function: foo"),
                c(Kind.CONDITION, "ATTRIBUTE_EXISTS(a)", "Invalid ConditionExpression: Invalid function name; function: ATTRIBUTE_EXISTS"),
                c(Kind.CONDITION, "attribute_exists(s, n)", "Invalid ConditionExpression: Incorrect number of operands for operator or function; operator or function: attribute_exists, number of operands: 2"),
                c(Kind.CONDITION, "size(a)", "Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: size"),
                c(Kind.CONDITION, "attribute_exists(a) = :v", "Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: attribute_exists"),
                c(Kind.CONDITION, "if_not_exists(a, :v) = :v", "Invalid ConditionExpression: The function is not allowed in a condition expression; function: if_not_exists"),
                c(Kind.CONDITION, "attribute_exists(:v)", "Invalid ConditionExpression: Operator or function requires a document path; operator or function: attribute_exists"),
                c(Kind.CONDITION, "begins_with(a, :n)", "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N"),
                c(Kind.CONDITION, "size(:n) > :n", "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: size, operand type: N"),
                c(Kind.CONDITION, "attribute_type(a, :type)", "Invalid ConditionExpression: Invalid attribute type name found; type: X, valid types: {N,BS,L,B,NULL,M,S,SS,NS,BOOL}"),
                c(Kind.CONDITION, "attribute_type(a, :n)", "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: attribute_type, operand type: N"),
                c(Kind.CONDITION, "contains(a, a)", "Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: contains, first operand: [a]"),
                // comparisons
                c(Kind.CONDITION, "a = a", "Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [a]"),
                c(Kind.CONDITION, "a > :bool", "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: >, operand type: BOOL"),
                c(Kind.CONDITION, ":list <= a", "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: <=, operand type: L"),
                c(Kind.FILTER, "a < :map", "Invalid FilterExpression: Incorrect operand type for operator or function; operator or function: <, operand type: M"),
                c(Kind.CONDITION, "a BETWEEN :null AND :v", "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: BETWEEN, operand type: NULL"),
                c(Kind.CONDITION, "a BETWEEN :v AND :n", "Invalid ConditionExpression: The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: AttributeValue: {S:x}, upper bound operand: AttributeValue: {N:1}"),
                c(Kind.CONDITION, "a BETWEEN :five AND :n", "Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {N:5}, upper bound operand: AttributeValue: {N:1}"),
                c(Kind.CONDITION, in.toString(), "Invalid ConditionExpression: The IN operator is provided with too many operands; number of operands: 101"),
                c(Kind.CONDITION, "a IN (:v, a)", "Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: IN, first operand: [a]"),
                // paths
                c(Kind.CONDITION, "a[99999999999] = :v", "Invalid ConditionExpression: List index is not within the allowable range; index: [99999999999]"),
                c(Kind.CONDITION, deepPath + " = :v", "Invalid ConditionExpression: The document path has too many nesting levels; nesting levels: 33"),
                // updates
                c(Kind.UPDATE, "SET a = :v SET b = :w", "Invalid UpdateExpression: The \"SET\" section can only be used once in an update expression;"),
                c(Kind.UPDATE, "SET a = :v REMOVE b SET c = :w", "Invalid UpdateExpression: The \"SET\" section can only be used once in an update expression;"),
                c(Kind.UPDATE, "REMOVE a REMOVE b", "Invalid UpdateExpression: The \"REMOVE\" section can only be used once in an update expression;"),
                c(Kind.UPDATE, "SET a = :v, a.b = :w", "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b]"),
                c(Kind.UPDATE, "SET a = :v REMOVE a", "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]"),
                c(Kind.UPDATE, "SET a[1][1] = :v, a[1] = :w", "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a, [1], [1]], path two: [a, [1]]"),
                c(Kind.UPDATE, "SET a.b = :v, a[1] = :w", "Invalid UpdateExpression: Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [a, b], path two: [a, [1]]"),
                c(Kind.UPDATE, "ADD a :v", "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING, typeSet: ALLOWED_FOR_ADD_OPERAND"),
                c(Kind.UPDATE, "DELETE a :n", "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: DELETE, operand type: NUMBER, typeSet: ALLOWED_FOR_DELETE_OPERAND"),
                c(Kind.UPDATE, "ADD a :list", "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: LIST, typeSet: ALLOWED_FOR_ADD_OPERAND"),
                c(Kind.UPDATE, "SET a = :v + :n", "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: +, operand type: S"),
                c(Kind.UPDATE, "SET a = b - :list", "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: -, operand type: L"),
                c(Kind.UPDATE, "SET a = list_append(:list, :v)", "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: list_append, operand type: S"),
                c(Kind.UPDATE, "SET a = list_append(:list)", "Invalid UpdateExpression: Incorrect number of operands for operator or function; operator or function: list_append, number of operands: 1"),
                c(Kind.UPDATE, "SET a = f(b,c,d)", "Invalid UpdateExpression: Invalid function name; function: f"),
                c(Kind.UPDATE, "SET a = size(b)", "Invalid UpdateExpression: The function is not allowed in an update expression; function: size"),
                c(Kind.UPDATE, "SET a = if_not_exists(:v, :w)", "Invalid UpdateExpression: Operator or function requires a document path; operator or function: if_not_exists"),
                c(Kind.UPDATE, "SET a = list_append(list_append(:list, :list), :list)", "Invalid UpdateExpression: The function is not allowed to be used this way in an expression; function: list_append"));
    }

    private static Arguments c(Kind kind, String text, String message) {
        return arguments(kind, text, message);
    }

    /** Each (expression, message) pair is what DynamoDB answers; see the class comment for sources. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("errors")
    void invalidExpression_isValidationErrorWithDynamoDbMessage(Kind kind, String text, String message) {
        assertThatThrownBy(() -> parse(kind, text, null, VALUES))
                .isInstanceOfSatisfying(DynamoException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
                    assertThat(e.getMessage()).isEqualTo(message);
                });
    }

    /** Keywords, function names' case and whitespace: what DynamoDB accepts. */
    @Test
    void validExpressions_parse() {
        Map<String, String> names = names("#n", "name", "#123", "weird name.with dot");
        Map<String, AttributeValue> values = item(":v", s("x"), ":_1", n(1), ":l", l(), ":s", ss("a"));
        for (String text : List.of("a = :v", "a=:v", "  a\t=\n:v  ", "a = :v and b <> :v OR NOT c < :v",
                "#n = :v AND #123 = :v", "(a = :v)", "(a) = :v", "a.b[0].c = :v", "a IN (:v)", "a BETWEEN :v AND :v",
                "attribute_exists(a) AND attribute_not_exists(b.c)", "size(a) > :_1", "(size(a)) > :_1",
                "NOT NOT a = :v", "contains(a, :v) or begins_with(a, :v)", "a = :v AND (b = :v OR c = :v)", "(a) BETWEEN :v AND :v",
                "(a) IN (:v)")) {
            ExpressionContext ctx = new ExpressionContext(names, values);
            assertThat(Expressions.parseCondition(text, "ConditionExpression", ctx)).as(text).isNotNull();
        }
        for (String text : List.of("SET a = :v", "set a = :v, b = a", "  SET   b=:v  ", "REMOVE a SET b = :v",
                "SET a = (a - :_1)", "SET a = (b) + :_1", "SET a = if_not_exists(a, :_1) + :_1", "ADD s :s DELETE t :s",
                "SET a = list_append(if_not_exists(a, :l), :l)", "SET #123 = :v REMOVE x[1], y.z")) {
            ExpressionContext ctx = new ExpressionContext(names, values);
            assertThat(Expressions.parseUpdate(text, ctx)).as(text).isNotNull();
        }
    }

    /** CONVERT and SIZE are on the published list but DynamoDB accepts them as attribute names. */
    @Test
    void reservedWords_fullListKnown_convertAndSizeAccepted() {
        assertThat(ReservedWords.ALL).hasSize(573).contains("ABORT", "ZONE", "FLATTERN");
        assertThat(ReservedWords.isReserved("Name")).isTrue();
        ExpressionContext ctx = new ExpressionContext(null, item(":v", s("x")));
        assertThat(Expressions.parseCondition("size = :v AND convert = :v", "ConditionExpression", ctx)).isNotNull();
    }

    /** Unused placeholders are reported across all the request's expressions, names first. */
    @Test
    void checkAllUsed_reportsUnusedNamesThenValues() {
        ExpressionContext ctx = new ExpressionContext(names("#a", "x", "#b", "y"), item(":a", n(1), ":b", n(2), ":c", n(3)));
        Expressions.parseCondition("#a = :a", "ConditionExpression", ctx);
        assertThatThrownBy(ctx::checkAllUsed)
                .hasMessage("Value provided in ExpressionAttributeNames unused in expressions: keys: {#b}");
        Expressions.parseUpdate("SET #b = :c", ctx);
        assertThatThrownBy(ctx::checkAllUsed)
                .hasMessage("Value provided in ExpressionAttributeValues unused in expressions: keys: {:b}");
        Expressions.parseProjection("#a", ctx);
        ExpressionContext two = new ExpressionContext(null, item(":a", n(1), ":b", n(2)));
        assertThatThrownBy(two::checkAllUsed)
                .hasMessage("Value provided in ExpressionAttributeValues unused in expressions: keys: {:a, :b}");
    }

    /** When every placeholder is used somewhere in the request, the check passes. */
    @Test
    void checkAllUsed_allUsed_passes() {
        ExpressionContext ctx = new ExpressionContext(names("#a", "x"), item(":a", n(1)));
        Expressions.parseCondition("#a = :a", "FilterExpression", ctx);
        ctx.checkAllUsed();
    }

    /** Deep parentheses must give a ValidationException, not a StackOverflowError. */
    @Test
    void deepNesting_isValidationErrorNotStackOverflow() {
        ExpressionContext ctx = new ExpressionContext(null, item(":v", s("x")));
        for (String text : List.of("(".repeat(2000) + "a = :v" + ")".repeat(2000), "(".repeat(4000),
                "NOT ".repeat(1000) + "a = :v", "size(".repeat(800) + "a" + ")".repeat(800) + " = :v",
                "(a = :v AND ".repeat(300) + "a = :v" + ")".repeat(300))) {
            assertThatThrownBy(() -> Expressions.parseCondition(text, "ConditionExpression", ctx))
                    .isInstanceOfSatisfying(DynamoException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION))
                    .hasMessageStartingWith("Invalid ConditionExpression: ");
        }
        String update = "SET a = " + "if_not_exists(a, ".repeat(200) + ":v" + ")".repeat(200);
        assertThatThrownBy(() -> Expressions.parseUpdate(update, ctx)).isInstanceOf(DynamoException.class);
    }

    /** Moderate nesting and long AND chains work and evaluate. */
    @Test
    void moderateNestingAndLongChains_evaluate() {
        ExpressionContext ctx = new ExpressionContext(null, item(":v", s("x")));
        String nested = "(a = :v AND ".repeat(50) + "a = :v" + ")".repeat(50);
        assertThat(Expressions.parseCondition(nested, "ConditionExpression", ctx).test(item("a", s("x")))).isTrue();
        String chain = "a = :v" + " OR a = :v".repeat(400);
        assertThat(Expressions.parseCondition(chain, "ConditionExpression", ctx).test(item("a", s("y")))).isFalse();
    }

    private static final String[] VOCABULARY = {"a", "b", "#n", "#missing", ":v", ":n", ":l", ":s", ":missing",
            "=", "<>", "<", "<=", ">", ">=", "(", ")", "[", "]", "0", "1", "7", ",", ".", "+", "-", "AND", "OR",
            "NOT", "BETWEEN", "IN", "SET", "REMOVE", "ADD", "DELETE", "size", "contains", "begins_with",
            "attribute_exists", "attribute_not_exists", "attribute_type", "if_not_exists", "list_append", "foo",
            "name", "!", "#", ":", "_", "\t", "é", "\uD83D\uDE00"};

    /** Random token sequences and random strings give a result or a ValidationException, nothing else. */
    @Test
    void fuzz_onlyResultsOrValidationErrors() {
        Random random = new Random(20240611L);
        Map<String, String> names = names("#n", "n");
        Map<String, AttributeValue> values = item(":v", s("x"), ":n", n(1), ":l", l(s("x")), ":s", ss("x"));
        List<Map<String, AttributeValue>> items = List.of(item(), item("a", s("x"), "b", l(n(1), m("c", n(2)))),
                item("a", l(s("x"), l()), "b", m("c", ss("x")), "n", n(3)));
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < 6000; i++) {
            StringBuilder sb = new StringBuilder();
            int length = 1 + random.nextInt(12);
            for (int t = 0; t < length; t++) {
                sb.append(VOCABULARY[random.nextInt(VOCABULARY.length)]).append(random.nextInt(3) == 0 ? "" : " ");
            }
            inputs.add(sb.toString());
            StringBuilder chars = new StringBuilder();
            int count = random.nextInt(20);
            for (int t = 0; t < count; t++) {
                chars.append((char) (random.nextBoolean() ? 32 + random.nextInt(95) : random.nextInt(0x3000)));
            }
            inputs.add(chars.toString());
        }
        for (String input : inputs) {
            for (Kind kind : Kind.values()) {
                try {
                    Object result = parse(kind, input, names, values);
                    for (Map<String, AttributeValue> it : items) {
                        if (result instanceof Condition c) {
                            c.test(it);
                        } else if (result instanceof Update u) {
                            tryApply(u, it);
                        } else if (result instanceof Projection p) {
                            p.apply(it);
                        } else if (result instanceof KeyCondition k) {
                            k.matches(it);
                        }
                    }
                } catch (DynamoException e) {
                    assertThat(e.code()).as(input).isEqualTo(ErrorCode.VALIDATION);
                } catch (RuntimeException | StackOverflowError e) {
                    fail(kind + " [" + input + "] threw " + e, e);
                }
            }
        }
    }

    private static void tryApply(Update update, Map<String, AttributeValue> item) {
        try {
            update.apply(item);
            update.applyToNewItem(item);
            update.updatedAttributes(item);
        } catch (DynamoException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
        }
    }
}
