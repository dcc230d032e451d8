package dev.rewind.expression;

import static dev.rewind.expression.TestValues.b;
import static dev.rewind.expression.TestValues.bs;
import static dev.rewind.expression.TestValues.item;
import static dev.rewind.expression.TestValues.l;
import static dev.rewind.expression.TestValues.m;
import static dev.rewind.expression.TestValues.n;
import static dev.rewind.expression.TestValues.names;
import static dev.rewind.expression.TestValues.ns;
import static dev.rewind.expression.TestValues.s;
import static dev.rewind.expression.TestValues.ss;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.rewind.error.DynamoException;
import dev.rewind.model.AttributeValue;

/**
 * Applying UpdateExpressions (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.UpdateExpressions.html).
 * Behaviours not in the docs are as ScyllaDB's alternator tests record DynamoDB doing them
 * (test/alternator/test_update_expression.py).
 */
class UpdateExpressionTest {
    private static final String INVALID_PATH =
            "The document path provided in the update expression is invalid for update";
    private static final String WRONG_TYPE = "An operand in the update expression has an incorrect data type";
    private static final String MISSING =
            "The provided expression refers to an attribute that does not exist in the item";

    private static final Map<String, AttributeValue> VALUES = item(
            ":v", s("new"), ":one", n(1), ":two", n(2), ":three", n(3), ":seventeen", n(17), ":str", s("hello"),
            ":list", l(s("x")), ":list2", l(n(1), n(3)), ":pig", ss("pig"), ":catmouse", ss("cat", "mouse"),
            ":dog", ss("dog"), ":nums", ns("1", "5"), ":bins", bs(b(1)), ":a1", s("a1"), ":a2", s("a2"), ":a3", s("a3"),
            ":a4", s("a4"), ":big", n("9.9999999999999999999999999999999999999E+125"), ":hi", s("hi"));

    static Update update(String expression) {
        return Expressions.parseUpdate(expression, new ExpressionContext(names("#name", "x", "#dot", "a.b"), VALUES));
    }

    static Map<String, AttributeValue> apply(String expression, Map<String, AttributeValue> item) {
        return update(expression).apply(item);
    }

    static void assertError(String expression, Map<String, AttributeValue> item, String message) {
        assertThatThrownBy(() -> apply(expression, item)).isInstanceOf(DynamoException.class).hasMessage(message);
    }

    /** SET writes top-level attributes; several actions in one SET. */
    @Test
    void set_writesAttributes() {
        assertThat(apply("SET b = :v", item("p", s("k")))).isEqualTo(item("p", s("k"), "b", s("new")));
        assertThat(apply("SET x = :one, y = :one", item())).isEqualTo(item("x", n(1), "y", n(1)));
        assertThat(apply("SET #dot = :one", item())).isEqualTo(item("a.b", n(1)));
    }

    /** SET b = a copies; every value is read from the item as it was before the update. */
    @Test
    void set_readsOldItem() {
        assertThat(apply("SET b = a", item("a", s("hello")))).isEqualTo(item("a", s("hello"), "b", s("hello")));
        assertThat(apply("SET a = :v, b = a", item("a", s("OLD"))))
                .isEqualTo(item("a", s("new"), "b", s("OLD")));
        assertThat(apply("REMOVE a SET b = a", item("a", s("hello")))).isEqualTo(item("b", s("hello")));
        assertError("SET c = z", item("a", s("hello")), MISSING);
        assertError("SET x = :one, y = x", item("a", s("hello")), MISSING);
        assertThat(apply("SET z = a.c.x", item("a", m("c", m("x", n(7)))))).containsEntry("z", n(7));
    }

    /** + and - on numbers, with either operand a path, and in parentheses. */
    @Test
    void set_arithmetic() {
        Map<String, AttributeValue> it = item("a", n(2));
        assertThat(apply("SET a = a + :three", it)).containsEntry("a", n(5));
        assertThat(apply("SET a = :three + a", it)).containsEntry("a", n(5));
        assertThat(apply("SET a = a - :three", it)).containsEntry("a", n(-1));
        assertThat(apply("SET b = (a - :one)", it)).containsEntry("b", n(1));
        assertThat(apply("SET b = a + a", it)).containsEntry("b", n(4));
        assertThat(apply("SET b = if_not_exists(b, :one) + :two", it)).containsEntry("b", n(3));
        assertThat(apply("SET a = a + :one", item("a", n("0.1")))).containsEntry("a", n("1.1"));
        assertError("SET a = a + :one", item("a", s("x")), WRONG_TYPE);
        assertError("SET a = b + :one", it, MISSING);
        assertThatThrownBy(() -> apply("SET a = a + :big", item("a", n("9.9999999999999999999999999999999999999E+125"))))
                .isInstanceOf(DynamoException.class).hasMessageStartingWith("Number overflow");
    }

    /** list_append concatenates in either order; both operands must be lists. */
    @Test
    void set_listAppend() {
        Map<String, AttributeValue> it = item("a", l(s("hi"), n(2)));
        assertThat(apply("SET a = list_append(a, :list)", it)).containsEntry("a", l(s("hi"), n(2), s("x")));
        assertThat(apply("SET a = list_append(:list, a)", it)).containsEntry("a", l(s("x"), s("hi"), n(2)));
        assertThat(apply("SET c = list_append(a, a)", it)).containsEntry("c", l(s("hi"), n(2), s("hi"), n(2)));
        assertThat(apply("SET a = list_append(if_not_exists(a, :list2), :list)", item()))
                .containsEntry("a", l(n(1), n(3), s("x")));
        assertError("SET a = list_append(a, :list)", item("a", s("x")), WRONG_TYPE);
        assertError("SET a = list_append(b, :list)", it, MISSING);
    }

    /** if_not_exists(path, value): the attribute's value when it exists, otherwise the value. */
    @Test
    void set_ifNotExists() {
        assertThat(apply("SET a = if_not_exists(a, :two)", item())).isEqualTo(item("a", n(2)));
        assertThat(apply("SET a = if_not_exists(a, :three)", item("a", n(2)))).isEqualTo(item("a", n(2)));
        assertThat(apply("SET b = if_not_exists(a, :three)", item("a", n(2)))).containsEntry("b", n(2));
        assertThat(apply("SET b = if_not_exists(c.d, :three)", item("a", n(2)))).containsEntry("b", n(3));
    }

    /** Nested SET replaces or adds inside maps and lists. */
    @Test
    void set_nested() {
        Map<String, AttributeValue> it = item("a", m("b", n(3), "c", n(4)), "d", n(5));
        assertThat(apply("SET a.c = :seventeen", it)).isEqualTo(item("a", m("b", n(3), "c", n(17)), "d", n(5)));
        assertThat(apply("SET a.e = :one", it)).isEqualTo(item("a", m("b", n(3), "c", n(4), "e", n(1)), "d", n(5)));
        assertThat(apply("SET a[1] = :str", item("a", l(s("one"), s("two"), s("three")))))
                .isEqualTo(item("a", l(s("one"), s("hello"), s("three"))));
        Map<String, AttributeValue> deep = item("a", m("b", n(3), "c", l(s("hi"), m("x", m("y", l(n(3), n(5), n(7)))))));
        assertThat(apply("SET a.c[1].#name.y[1] = :seventeen", deep).get("a"))
                .isEqualTo(m("b", n(3), "c", l(s("hi"), m("x", m("y", l(n(3), n(17), n(7)))))));
        assertThat(apply("SET a.z = a.c[1].#name.y[1]", deep).get("a")).isEqualTo(
                m("b", n(3), "c", l(s("hi"), m("x", m("y", l(n(3), n(5), n(7))))), "z", n(5)));
        assertThat(apply("SET a.b = :one, a.c.d = :v, b.x = :two REMOVE a.x, b.y",
                item("a", m("x", n(3), "y", n(4), "c", m("y", n(3))), "b", m("x", n(1), "y", n(2)))))
                .isEqualTo(item("a", m("y", n(4), "c", m("y", n(3), "d", s("new")), "b", n(1)), "b", m("x", n(2))));
    }

    /** SET past the end of a list appends, in index order. */
    @Test
    void set_listIndexPastEnd_appendsInIndexOrder() {
        Map<String, AttributeValue> it = item("a", l(s("one"), s("two"), s("three")));
        assertThat(apply("SET a[7] = :str", it)).isEqualTo(item("a", l(s("one"), s("two"), s("three"), s("hello"))));
        assertThat(apply("SET a[84] = :a1, a[37] = :a2, a[17] = :a3, a[50] = :a4", it))
                .isEqualTo(item("a", l(s("one"), s("two"), s("three"), s("a3"), s("a2"), s("a4"), s("a1"))));
    }

    /** Writing below something that is missing, or is not a map (or list), is an error. */
    @Test
    void invalidPath_isValidationError() {
        Map<String, AttributeValue> it = item("a", s("hello"), "b", l(s("hi")));
        assertError("SET a.c = :one", it, INVALID_PATH);
        assertError("SET b.c = :one", it, INVALID_PATH);
        assertError("SET c.c = :one", it, INVALID_PATH);
        assertError("SET a[0] = :one", it, INVALID_PATH);
        assertError("SET c[0] = :one", it, INVALID_PATH);
        assertError("REMOVE a.c", it, INVALID_PATH);
        assertError("REMOVE c.c", it, INVALID_PATH);
        assertError("REMOVE a[0]", it, INVALID_PATH);
        assertError("ADD c.d :one", it, INVALID_PATH);
        assertThatThrownBy(() -> update("SET c.c = :one").applyToNewItem(item("p", s("k"))))
                .hasMessage(INVALID_PATH);
    }

    /** DynamoDB quirk: on an item that does not exist yet, REMOVE of a nested path is silently ignored. */
    @Test
    void removeNestedPath_onNewItem_isIgnored() {
        assertThat(update("REMOVE x.y, w[0] SET b = :one").applyToNewItem(item("p", s("k"))))
                .isEqualTo(item("p", s("k"), "b", n(1)));
        assertThat(update("REMOVE x.y").apply(item())).isEqualTo(item());
    }

    /** REMOVE of attributes, map entries and list elements (by their old positions). */
    @Test
    void remove() {
        assertThat(apply("REMOVE a", item("a", s("hello"), "b", s("hi")))).isEqualTo(item("b", s("hi")));
        assertThat(apply("REMOVE missing1", item("b", s("hi")))).isEqualTo(item("b", s("hi")));
        Map<String, AttributeValue> it = item("a", m("b", n(3), "c", l(s("hi"), m("x", m("y", l(n(3), n(5), n(7))), "q", n(2)))));
        assertThat(apply("REMOVE a.c[1].x.y[1], a.c[1].q", it).get("a"))
                .isEqualTo(m("b", n(3), "c", l(s("hi"), m("x", m("y", l(n(3), n(7)))))));
        assertThat(apply("REMOVE a[17]", item("a", l(n(4), n(5), n(6))))).isEqualTo(item("a", l(n(4), n(5), n(6))));
        Map<String, AttributeValue> list = item("a", l(n(2), n(3), n(4), n(5), n(6), n(7)));
        assertThat(apply("REMOVE a[1] SET a[3] = :seventeen", list)).isEqualTo(item("a", l(n(2), n(4), n(17), n(6), n(7))));
        assertThat(apply("SET a[3] = :seventeen REMOVE a[1]", list)).isEqualTo(item("a", l(n(2), n(4), n(17), n(6), n(7))));
        assertThat(apply("REMOVE a[0], a[2]", item("a", l(n(1), n(2), n(3))))).isEqualTo(item("a", l(n(2))));
        assertThat(apply("REMOVE a.b", item("a", m("b", n(1))))).isEqualTo(item("a", m()));
        assertThat(apply("REMOVE a[0]", item("a", l(n(1))))).isEqualTo(item("a", l()));
    }

    /** ADD adds to numbers and sets, creating the attribute when missing. */
    @Test
    void add() {
        assertThat(apply("ADD a :three", item("a", n(3)))).isEqualTo(item("a", n(6)));
        assertThat(apply("ADD b :seventeen", item("a", s("hello")))).isEqualTo(item("a", s("hello"), "b", n(17)));
        assertThat(apply("ADD a :pig", item("a", ss("dog", "cat")))).isEqualTo(item("a", ss("dog", "cat", "pig")));
        assertThat(apply("ADD a :catmouse", item("a", ss("cat", "lynx")))).isEqualTo(item("a", ss("cat", "lynx", "mouse")));
        assertThat(apply("ADD a :nums", item("a", ns("5", "7")))).isEqualTo(item("a", ns("5", "7", "1")));
        assertThat(apply("ADD a :bins", item())).isEqualTo(item("a", bs(b(1))));
        assertThat(apply("ADD m.x :one", item("m", m()))).isEqualTo(item("m", m("x", n(1))));
        assertError("ADD a :one", item("a", s("hi")), WRONG_TYPE);
        assertError("ADD a :pig", item("a", n(1)), WRONG_TYPE);
        assertError("ADD a :nums", item("a", ss("x")), WRONG_TYPE);
        assertThatThrownBy(() -> apply("ADD a :big", item("a", n("9.9999999999999999999999999999999999999E+125"))))
                .hasMessageStartingWith("Number overflow");
    }

    /** DELETE removes elements from a set; removing every element removes the attribute. */
    @Test
    void delete() {
        Map<String, AttributeValue> it = item("a", ss("dog", "cat", "mouse"), "b", s("hi"));
        assertThat(apply("DELETE a :catmouse", it)).isEqualTo(item("a", ss("dog"), "b", s("hi")));
        assertThat(apply("DELETE a :pig", it)).isEqualTo(it);
        assertThat(apply("DELETE a :dog", item("a", ss("dog"), "b", s("hi")))).isEqualTo(item("b", s("hi")));
        assertThat(apply("DELETE a :dog", item("b", s("hi")))).isEqualTo(item("b", s("hi")));
        assertThat(apply("DELETE a :nums", item("a", ns("1", "2")))).isEqualTo(item("a", ns("2")));
        assertError("DELETE a :dog", item("a", s("dog")), WRONG_TYPE);
        assertError("DELETE a :nums", item("a", ss("1")), WRONG_TYPE);
    }

    /** Wrong types are reported before missing attributes and unwritable paths of other actions. */
    @Test
    void errorOrder_typesFirst() {
        assertError("SET x = missing1, y = a + :one", item("a", s("str")), WRONG_TYPE);
        assertError("SET x.y = :one, a = a + :one", item("a", s("str")), WRONG_TYPE);
        assertError("SET x.y = :one, z = missing1", item("a", s("str")), INVALID_PATH);
    }

    /** The input item is never changed. */
    @Test
    void apply_doesNotModifyInput() {
        Map<String, AttributeValue> it = new LinkedHashMap<>(item("a", m("b", l(n(1), n(2))), "c", ss("x")));
        Map<String, AttributeValue> copy = new LinkedHashMap<>(it);
        String before = it.toString();
        apply("SET a.b[5] = :one, a.z = :two REMOVE a.b[0] ADD c :pig, n :one", it);
        assertThat(it).isEqualTo(copy);
        assertThat(it.toString()).isEqualTo(before);
    }

    /** The touched attributes, for key checks and ReturnValues UPDATED_OLD / UPDATED_NEW. */
    @Test
    void topLevelAndUpdatedAttributes() {
        Update u = update("SET a.b = :one, c = :two REMOVE d ADD e :one");
        assertThat(u.topLevelAttributes()).containsExactly("a", "c", "d", "e");
        Map<String, AttributeValue> old = item("a", m("b", n(9), "x", n(0)), "d", s("gone"), "z", n(0));
        assertThat(u.updatedAttributes(old)).isEqualTo(item("a", m("b", n(9)), "d", s("gone")));
        Map<String, AttributeValue> updated = u.apply(old);
        assertThat(updated).isEqualTo(item("a", m("b", n(1), "x", n(0)), "z", n(0), "c", n(2), "e", n(1)));
        assertThat(u.updatedAttributes(updated)).isEqualTo(item("a", m("b", n(1)), "c", n(2), "e", n(1)));
    }

    /** SET of a string with a :value (not a path) needs nothing from the item. */
    @Test
    void set_onEmptyItem() {
        assertThat(update("SET a = :hi").applyToNewItem(item("p", s("k")))).isEqualTo(item("p", s("k"), "a", s("hi")));
        assertThat(update("SET a = p").applyToNewItem(item("p", s("k")))).isEqualTo(item("p", s("k"), "a", s("k")));
    }
}
