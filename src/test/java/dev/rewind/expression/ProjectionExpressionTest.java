package dev.rewind.expression;

import static dev.rewind.expression.TestValues.item;
import static dev.rewind.expression.TestValues.l;
import static dev.rewind.expression.TestValues.m;
import static dev.rewind.expression.TestValues.n;
import static dev.rewind.expression.TestValues.names;
import static dev.rewind.expression.TestValues.nul;
import static dev.rewind.expression.TestValues.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.rewind.error.DynamoException;
import dev.rewind.model.AttributeValue;

/**
 * ProjectionExpression results, as captured from DynamoDB by other emulators' dual-target tests
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ProjectionExpressions.html).
 */
class ProjectionExpressionTest {
    private static final Map<String, AttributeValue> ITEM = item(
            "pk", s("p1"),
            "mylist", l(s("zero"), s("one"), s("two"), s("three")),
            "listOfMaps", l(m("val", s("a0"), "x", s("x0")), m("val", s("a1"), "x", s("x1")), m("val", s("a2"), "x", s("x2"))),
            "listWithNull", l(s("keep0"), nul(), s("keep2")),
            "deep", m("l1", m("l2", m("l3", s("bottom"), "sib", s("s")))),
            "nestedList", l(m("inner", l(s("i0"), s("i1")))),
            "a", m("b", s("bv"), "c", s("cv")),
            "x", s("xv"));

    static Map<String, AttributeValue> project(String expression) {
        return Expressions.parseProjection(expression, new ExpressionContext(names("#i", "inner", "#p", "a", "#q", "b"), null))
                .apply(ITEM);
    }

    /** Top-level attributes are copied whole; missing ones are left out. */
    @Test
    void topLevel() {
        assertThat(project("pk, x, nothere")).isEqualTo(item("pk", s("p1"), "x", s("xv")));
        assertThat(project("listWithNull")).isEqualTo(item("listWithNull", l(s("keep0"), nul(), s("keep2"))));
    }

    /** List indexes give a compacted list in index order, whatever the order written. */
    @Test
    void listIndexes_compactedInIndexOrder() {
        assertThat(project("mylist[0], mylist[2]")).isEqualTo(item("mylist", l(s("zero"), s("two"))));
        assertThat(project("mylist[2], mylist[0]")).isEqualTo(item("mylist", l(s("zero"), s("two"))));
        assertThat(project("mylist[1], mylist[3]")).isEqualTo(item("mylist", l(s("one"), s("three"))));
        assertThat(project("listWithNull[1]")).isEqualTo(item("listWithNull", l(nul())));
        assertThat(project("listWithNull[0], listWithNull[2]")).isEqualTo(item("listWithNull", l(s("keep0"), s("keep2"))));
        assertThat(project("mylist[9]")).isEqualTo(item());
    }

    /** Nested paths keep the structure around what they select. */
    @Test
    void nestedPaths_keepStructure() {
        assertThat(project("listOfMaps[0].val, listOfMaps[2].val"))
                .isEqualTo(item("listOfMaps", l(m("val", s("a0")), m("val", s("a2")))));
        assertThat(project("deep.l1.l2.l3")).isEqualTo(item("deep", m("l1", m("l2", m("l3", s("bottom"))))));
        assertThat(project("nestedList[0].#i[1]")).isEqualTo(item("nestedList", l(m("inner", l(s("i1"))))));
        assertThat(project("a.b, a.c")).isEqualTo(item("a", m("b", s("bv"), "c", s("cv"))));
        assertThat(project("a.zz, x.y, mylist.y")).isEqualTo(item());
        assertThat(project("a[0]")).isEqualTo(item());
        assertThat(project("#p.#q")).isEqualTo(item("a", m("b", s("bv"))));
    }

    /** Paths that overlap are rejected before any item is read, with resolved names in the message. */
    @Test
    void overlappingPaths_areValidationErrors() {
        String overlap = "Invalid ProjectionExpression: Two document paths overlap with each other; must remove or "
                + "rewrite one of these paths; path one: %s, path two: %s";
        assertThatThrownBy(() -> project("a, a.b")).hasMessage(overlap.formatted("[a]", "[a, b]"));
        assertThatThrownBy(() -> project("a.b, a")).hasMessage(overlap.formatted("[a, b]", "[a]"));
        assertThatThrownBy(() -> project("a, a")).hasMessage(overlap.formatted("[a]", "[a]"));
        assertThatThrownBy(() -> project("mylist[0], mylist")).hasMessage(overlap.formatted("[mylist, [0]]", "[mylist]"));
        assertThatThrownBy(() -> project("#p, #p.#q")).hasMessage(overlap.formatted("[a]", "[a, b]"));
        assertThatThrownBy(() -> project("x, a.b, a")).hasMessage(overlap.formatted("[a, b]", "[a]"));
        assertThatThrownBy(() -> project("a.b, a[0]")).isInstanceOf(DynamoException.class).hasMessage(
                "Invalid ProjectionExpression: Two document paths conflict with each other; must remove or rewrite "
                        + "one of these paths; path one: [a, b], path two: [a, [0]]");
    }

    /** The top-level names, for the action layer (e.g. to add key attributes for index projections). */
    @Test
    void topLevelAttributes() {
        Projection p = Expressions.parseProjection("a.b, x, mylist[1], a.c", new ExpressionContext(null, null));
        assertThat(p.topLevelAttributes()).containsExactly("a", "x", "mylist");
    }

    /** The item given is not modified and the result is a separate map. */
    @Test
    void apply_returnsNewMap() {
        Map<String, AttributeValue> result = project("x");
        result.put("y", s("added"));
        assertThat(ITEM).doesNotContainKey("y");
        assertThat(project("pk, x")).containsOnlyKeys("pk", "x").containsEntry("pk", s("p1"));
        assertThat(Expressions.parseProjection("n1", new ExpressionContext(null, null)).apply(item("n1", n(1))))
                .isEqualTo(item("n1", n(1)));
    }
}
