package dev.rewind.expression;

import static dev.rewind.expression.TestValues.b;
import static dev.rewind.expression.TestValues.bool;
import static dev.rewind.expression.TestValues.bs;
import static dev.rewind.expression.TestValues.item;
import static dev.rewind.expression.TestValues.l;
import static dev.rewind.expression.TestValues.m;
import static dev.rewind.expression.TestValues.n;
import static dev.rewind.expression.TestValues.names;
import static dev.rewind.expression.TestValues.ns;
import static dev.rewind.expression.TestValues.nul;
import static dev.rewind.expression.TestValues.s;
import static dev.rewind.expression.TestValues.ss;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.rewind.model.AttributeValue;

/**
 * Evaluating conditions: every comparator, function and type
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html).
 */
class ConditionEvaluationTest {

    private static final Map<String, AttributeValue> ITEM = item(
            "s", s("hello"),
            "blank", s(""),
            "n", n(5),
            "dnum", n("5.50"),
            "bin", b(1, 2, 3),
            "high", b(0xff),
            "t", bool(true),
            "nil", nul(),
            "ss", ss("a", "b"),
            "ns", ns("1", "2.5"),
            "bs", bs(b(1), b(2)),
            "lst", l(s("x"), n(1), m("k", s("v"))),
            "mp", m("k", s("v"), "nest", m("deep", n(7)), "arr", l(n(10), n(20))),
            "emoji", s("\uD83D\uDE00"),
            "ufff", s("\uFFFF"));

    private static final Map<String, AttributeValue> VALUES = item(
            ":hello", s("hello"), ":he", s("he"), ":ell", s("ell"), ":z", s("z"), ":a", s("a"), ":x", s("x"),
            ":five", n(5), ":fivepoint", n("5.0"), ":four", n(4), ":six", n(6), ":one", n(1), ":two5", n("2.5"),
            ":three", n(3), ":seven", n(7), ":zero", n(0), ":two", n(2), ":ten", n(10),
            ":bin", b(1, 2, 3), ":b12", b(1, 2), ":b2", b(2), ":b0", b(0), ":bff", b(0xff),
            ":true", bool(true), ":false", bool(false), ":null", nul(),
            ":ss", ss("b", "a"), ":ssOther", ss("a"), ":list", l(s("x"), n(1), m("k", s("v"))),
            ":map", m("k", s("v")), ":kv", m("k", s("v")),
            ":S", s("S"), ":N", s("N"), ":B", s("B"), ":BOOL", s("BOOL"), ":NULL", s("NULL"), ":SS", s("SS"),
            ":NS", s("NS"), ":BS", s("BS"), ":L", s("L"), ":M", s("M"), ":emoji", s("\uD83D\uDE00"), ":ufff", s("\uFFFF"));

    static boolean eval(String expression, Map<String, AttributeValue> item) {
        ExpressionContext ctx = new ExpressionContext(names("#s", "s", "#dot", "a.b"), VALUES);
        return Expressions.parseCondition(expression, "ConditionExpression", ctx).test(item);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // = and <> on every type; a type mismatch is simply unequal
                arguments("s = :hello", true), arguments("s = :he", false), arguments("n = :five", true),
                arguments("n = :fivepoint", true), arguments("dnum = :five", false), arguments("bin = :bin", true),
                arguments("t = :true", true), arguments("t = :false", false), arguments("nil = :null", true),
                arguments("ss = :ss", true), arguments("ss = :ssOther", false), arguments("lst = :list", true),
                arguments("mp.k = :x", false), arguments("mp.nest.deep = :seven", true),
                arguments("n = :hello", false), arguments("n <> :hello", true), arguments("s <> :hello", false),
                arguments("#s = :hello", true),
                // a missing operand: false for everything but <>
                arguments("absent = :five", false), arguments("absent <> :five", true),
                arguments("absent < :five", false), arguments("absent >= :five", false),
                arguments("absent BETWEEN :one AND :six", false), arguments("absent IN (:five)", false),
                // ordering only within S, N and B
                arguments("n < :six", true), arguments("n <= :five", true), arguments("n > :four", true),
                arguments("n >= :six", false), arguments("dnum > :five", true), arguments("s < :z", true),
                arguments("s > :a", true), arguments("bin > :b12", true), arguments("bin < :b2", true),
                arguments("high > :bin", true), arguments("n < :z", false), arguments("s > :five", false),
                arguments("t > :five", false), arguments("ss > :five", false),
                // strings order by UTF-8 bytes: U+1F600 sorts after U+FFFF (in UTF-16 it would sort before)
                arguments("emoji > :ufff", true), arguments("ufff < :emoji", true),
                // BETWEEN is inclusive
                arguments("n BETWEEN :four AND :six", true), arguments("n BETWEEN :five AND :five", true),
                arguments("n BETWEEN :six AND :seven", false), arguments("s BETWEEN :a AND :z", true),
                arguments("s BETWEEN :five AND :six", false),
                // IN
                arguments("n IN (:one, :five)", true), arguments("n IN (:one, :two)", false),
                arguments("s IN (:five, :hello)", true), arguments("mp.kv IN (:kv)", false),
                arguments("mp IN (:map)", false),
                // AND, OR, NOT and precedence: NOT binds tighter than AND, AND tighter than OR
                arguments("n = :five AND s = :hello", true), arguments("n = :five AND s = :z", false),
                arguments("n = :one OR s = :hello", true), arguments("NOT n = :one", true),
                arguments("n = :one AND s = :z OR n = :five", true), arguments("n = :one AND (s = :z OR n = :five)", false),
                arguments("NOT n = :five OR s = :hello", true), arguments("NOT (n = :five OR s = :hello)", false),
                arguments("n = :five OR s = :z AND n = :one", true),
                // attribute_exists / attribute_not_exists
                arguments("attribute_exists(s)", true), arguments("attribute_exists(absent)", false),
                arguments("attribute_exists(mp.nest.deep)", true), arguments("attribute_exists(mp.arr[1])", true),
                arguments("attribute_exists(mp.arr[2])", false), arguments("attribute_exists(s.x)", false),
                arguments("attribute_exists(nil)", true), arguments("attribute_not_exists(absent)", true),
                arguments("attribute_not_exists(lst[0])", false), arguments("attribute_exists(#dot)", false),
                // attribute_type
                arguments("attribute_type(s, :S)", true), arguments("attribute_type(n, :N)", true),
                arguments("attribute_type(bin, :B)", true), arguments("attribute_type(t, :BOOL)", true),
                arguments("attribute_type(nil, :NULL)", true), arguments("attribute_type(ss, :SS)", true),
                arguments("attribute_type(ns, :NS)", true), arguments("attribute_type(bs, :BS)", true),
                arguments("attribute_type(lst, :L)", true), arguments("attribute_type(mp, :M)", true),
                arguments("attribute_type(s, :N)", false), arguments("attribute_type(absent, :S)", false),
                // begins_with: strings and binaries of the same type
                arguments("begins_with(s, :he)", true), arguments("begins_with(s, :ell)", false),
                arguments("begins_with(s, :hello)", true), arguments("begins_with(bin, :b12)", true),
                arguments("begins_with(bin, :b2)", false), arguments("begins_with(s, :b12)", false),
                arguments("begins_with(n, :he)", false), arguments("begins_with(absent, :he)", false),
                // contains: substring, set member, list element
                arguments("contains(s, :ell)", true), arguments("contains(s, :z)", false),
                arguments("contains(ss, :a)", true), arguments("contains(ss, :z)", false),
                arguments("contains(ns, :two5)", true), arguments("contains(ns, :five)", false),
                arguments("contains(bs, :b2)", true), arguments("contains(bs, :b0)", false),
                arguments("contains(lst, :x)", true), arguments("contains(lst, :one)", true),
                arguments("contains(lst, :kv)", true), arguments("contains(lst, :z)", false),
                arguments("contains(bin, :b2)", true), arguments("contains(n, :five)", false),
                arguments("contains(ss, :five)", false), arguments("contains(absent, :a)", false),
                // size: characters, bytes, elements; nothing for other types
                arguments("size(s) = :five", true), arguments("size(blank) = :zero", true),
                arguments("size(bin) = :three", true), arguments("size(ss) = :two", true),
                arguments("size(ns) = :two", true), arguments("size(bs) = :two", true),
                arguments("size(lst) = :three", true), arguments("size(mp) = :three", true),
                arguments("size(mp.arr) < :three", true), arguments("size(emoji) = :two", true),
                arguments("size(n) > :zero", false), arguments("size(n) <> :zero", true),
                arguments("size(t) = :one", false), arguments("size(absent) = :zero", false),
                arguments("size(s) BETWEEN :four AND :six", true), arguments("size(s) IN (:five)", true),
                arguments(":five = size(s)", true),
                // literal on both sides
                arguments(":five = :five", true), arguments(":five < :six", true));
    }

    /** Each (condition, result) pair against one item holding every type. */
    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("cases")
    void condition_evaluatesAsDynamoDb(String expression, boolean expected) {
        assertThat(eval(expression, ITEM)).isEqualTo(expected);
    }

    /** With no item (an empty map), only conditions about absence hold. */
    @Test
    void noItem_onlyAbsenceHolds() {
        assertThat(eval("attribute_not_exists(s)", Map.of())).isTrue();
        assertThat(eval("attribute_exists(s)", Map.of())).isFalse();
        assertThat(eval("s <> :hello", Map.of())).isTrue();
        assertThat(eval("s = :hello", Map.of())).isFalse();
        assertThat(eval("NOT contains(s, :he)", Map.of())).isTrue();
    }

    /** A #name containing a dot is one attribute name, not a path. */
    @Test
    void placeholderWithDot_isOneAttributeName() {
        assertThat(eval("#dot = :x", item("a.b", s("x")))).isTrue();
        assertThat(eval("#dot = :x", item("a", m("b", s("x"))))).isFalse();
    }

    /** FilterExpression uses the same language with its own parameter name in messages. */
    @Test
    void filterExpression_evaluates() {
        ExpressionContext ctx = new ExpressionContext(null, item(":v", n(1)));
        Condition filter = Expressions.parseCondition("a > :v", "FilterExpression", ctx);
        assertThat(filter.test(item("a", n(2)))).isTrue();
        assertThat(filter.test(item("a", s("2")))).isFalse();
    }
}
