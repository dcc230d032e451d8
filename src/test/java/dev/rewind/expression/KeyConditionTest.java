package dev.rewind.expression;

import static dev.rewind.expression.TestValues.b;
import static dev.rewind.expression.TestValues.item;
import static dev.rewind.expression.TestValues.n;
import static dev.rewind.expression.TestValues.names;
import static dev.rewind.expression.TestValues.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.rewind.error.DynamoException;
import dev.rewind.error.ErrorCode;
import dev.rewind.model.AttributeValue;

/**
 * KeyConditionExpression structure (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Query.html):
 * messages as DynamoDB words them (recorded by dynalite and other emulators), without the "Invalid
 * KeyConditionExpression: " prefix for structural errors.
 */
class KeyConditionTest {
    private static final Map<String, AttributeValue> VALUES = item(
            ":p", s("p1"), ":s", s("s1"), ":lo", n(1), ":hi", n(9), ":pre", s("ab"), ":bin", b(1));

    static KeyCondition parse(String text) {
        return Expressions.parseKeyCondition(text, new ExpressionContext(names("#pk", "pk", "#sk", "sk"), VALUES));
    }

    static Stream<Arguments> structure() {
        return Stream.of(
                arguments("pk = :p", new KeyCondition("pk", s("p1"), Optional.empty())),
                arguments("#pk = :p", new KeyCondition("pk", s("p1"), Optional.empty())),
                arguments("(pk = :p)", new KeyCondition("pk", s("p1"), Optional.empty())),
                arguments(":p = pk", new KeyCondition("pk", s("p1"), Optional.empty())),
                arguments("pk = :p AND sk = :s", keyed(SortKeyOperator.EQ, s("s1"))),
                arguments("sk < :s AND pk = :p", keyed(SortKeyOperator.LT, s("s1"))),
                arguments("pk = :p AND sk <= :s", keyed(SortKeyOperator.LE, s("s1"))),
                arguments("pk = :p AND sk > :s", keyed(SortKeyOperator.GT, s("s1"))),
                arguments("pk = :p AND sk >= :s", keyed(SortKeyOperator.GE, s("s1"))),
                arguments("pk = :p AND :s < sk", keyed(SortKeyOperator.GT, s("s1"))),
                arguments("pk = :p AND :s >= #sk", keyed(SortKeyOperator.LE, s("s1"))),
                arguments("pk = :p AND sk BETWEEN :lo AND :hi", keyed(SortKeyOperator.BETWEEN, n(1), n(9))),
                arguments("pk = :p AND begins_with(sk, :pre)", keyed(SortKeyOperator.BEGINS_WITH, s("ab"))),
                arguments("(pk = :p) AND (begins_with(sk, :pre))", keyed(SortKeyOperator.BEGINS_WITH, s("ab"))));
    }

    private static KeyCondition keyed(SortKeyOperator operator, AttributeValue... operands) {
        return new KeyCondition("pk", s("p1"), Optional.of(new SortKeyCondition("sk", operator, List.of(operands))));
    }

    /** Each valid key condition gives the partition key equality and the normalized sort key condition. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("structure")
    void validKeyCondition_isNormalized(String text, KeyCondition expected) {
        assertThat(parse(text)).isEqualTo(expected);
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                arguments("pk = :p OR sk = :s", "Invalid operator used in KeyConditionExpression: OR"),
                arguments("NOT pk = :p", "Invalid operator used in KeyConditionExpression: NOT"),
                arguments("pk IN (:p)", "Invalid operator used in KeyConditionExpression: IN"),
                arguments("pk <> :p", "Invalid operator used in KeyConditionExpression: <>"),
                arguments("pk = :p AND attribute_exists(sk)", "Invalid operator used in KeyConditionExpression: attribute_exists"),
                arguments("pk = :p AND contains(sk, :s)", "Invalid operator used in KeyConditionExpression: contains"),
                arguments("pk = :p AND size(sk) > :lo", "KeyConditionExpressions cannot contain nested operations"),
                arguments("pk = :p AND pk = :s", "KeyConditionExpressions must only contain one condition per key"),
                arguments("pk = :p AND #pk = :s", "KeyConditionExpressions must only contain one condition per key"),
                arguments("pk.x = :p", "KeyConditionExpressions cannot have conditions on nested attributes"),
                arguments("pk = :p AND sk[0] = :s", "KeyConditionExpressions cannot have conditions on nested attributes"),
                arguments("pk = sk", "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition"),
                arguments(":p = :s", "Invalid condition in KeyConditionExpression: No key attribute specified"),
                arguments("pk = :p AND :lo BETWEEN sk AND :hi", "Invalid condition in KeyConditionExpression: BETWEEN operator must have the key attribute as its first operand"),
                arguments("pk = :p AND begins_with(:pre, sk)", "Invalid condition in KeyConditionExpression: begins_with operator must have the key attribute as its first operand"),
                arguments("pk > :p", "Query key condition not supported"),
                arguments("pk > :p AND sk < :s", "Query key condition not supported"),
                // errors of the condition language keep the prefix
                arguments("pk = :p AND", "Invalid KeyConditionExpression: Syntax error; token: \"<EOF>\", near: \"AND\""),
                arguments("pk = :nope", "Invalid KeyConditionExpression: An expression attribute value used in expression is not defined; attribute value: :nope"),
                arguments("data = :p", "Invalid KeyConditionExpression: Attribute name is a reserved keyword; reserved keyword: data"),
                arguments("pk = :p AND begins_with(sk, :lo)", "Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N"));
    }

    /** Each invalid key condition gives DynamoDB's message. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void invalidKeyCondition_isValidationError(String text, String message) {
        assertThatThrownBy(() -> parse(text)).isInstanceOfSatisfying(DynamoException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION)).hasMessage(message);
    }

    /** With two equalities the first is taken as the partition key until the schema says otherwise. */
    @Test
    void twoEqualities_withPartitionKeySwaps() {
        KeyCondition k = parse("sk = :s AND pk = :p");
        assertThat(k.partitionKeyName()).isEqualTo("sk");
        KeyCondition fixed = k.withPartitionKey("pk");
        assertThat(fixed).isEqualTo(keyed(SortKeyOperator.EQ, s("s1")));
        assertThat(fixed.withPartitionKey("pk")).isSameAs(fixed);
    }

    /** Sort key conditions match values of the same type only. */
    @Test
    void matches() {
        assertThat(parse("pk = :p AND sk BETWEEN :lo AND :hi").matches(item("pk", s("p1"), "sk", n(5)))).isTrue();
        assertThat(parse("pk = :p AND sk BETWEEN :lo AND :hi").matches(item("pk", s("p1"), "sk", n(10)))).isFalse();
        assertThat(parse("pk = :p AND sk BETWEEN :lo AND :hi").matches(item("pk", s("p1"), "sk", s("5")))).isFalse();
        assertThat(parse("pk = :p AND begins_with(sk, :pre)").matches(item("pk", s("p1"), "sk", s("abc")))).isTrue();
        assertThat(parse("pk = :p AND begins_with(sk, :bin)").matches(item("pk", s("p1"), "sk", b(1, 2)))).isTrue();
        assertThat(parse("pk = :p AND :s < sk").matches(item("pk", s("p1"), "sk", s("s2")))).isTrue();
        assertThat(parse("pk = :p AND :s < sk").matches(item("pk", s("p1"), "sk", s("s0")))).isFalse();
        assertThat(parse("pk = :p").matches(item("pk", s("p2")))).isFalse();
        assertThat(parse("pk = :p AND sk = :s").matches(item("pk", s("p1")))).isFalse();
    }
}
