package dev.rewind.partiql;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.List;

import dev.rewind.model.AttributeValue;

/** The syntax tree of one PartiQL statement, as {@link PartiqlParser} reads it: statements and expressions. */
public final class PartiqlAst {
    private PartiqlAst() {
    }

    /** A statement DynamoDB runs; {@link #table()} is the table it names (without index). */
    public sealed interface Statement permits Select, Insert, Update, Delete, Exists {
        String table();
    }

    /**
     * {@code SELECT projection FROM table[."index"] [WHERE where] [ORDER BY ...]}.
     *
     * @param projection the selected paths; empty for {@code *}
     * @param index the index read, or null for the table
     * @param where null when absent
     */
    public record Select(List<Path> projection, String table, String index, Expr where, List<OrderBy> orderBy)
            implements Statement {
        public Select {
            projection = List.copyOf(projection);
            requireNonNull(table, "table is null");
            orderBy = List.copyOf(orderBy);
        }
    }

    public record OrderBy(Expr key, boolean descending) {
    }

    /** {@code INSERT INTO table VALUE item}; returning is parsed only to be refused. */
    public record Insert(String table, Expr item, Returning returning) implements Statement {
    }

    /** {@code UPDATE table SET ... REMOVE ... WHERE ... [RETURNING ...]}, the actions in written order. */
    public record Update(String table, List<UpdateAction> actions, Expr where, Returning returning)
            implements Statement {
        public Update {
            actions = List.copyOf(actions);
        }
    }

    public sealed interface UpdateAction permits SetAction, RemoveAction {
    }

    public record SetAction(Path target, Expr value) implements UpdateAction {
    }

    public record RemoveAction(Path target) implements UpdateAction {
    }

    /** {@code DELETE FROM table [WHERE ...] [RETURNING ...]}. */
    public record Delete(String table, Expr where, Returning returning) implements Statement {
    }

    /** {@code EXISTS(SELECT * FROM table WHERE ...)}: a condition check, only inside ExecuteTransaction. */
    public record Exists(Select select) implements Statement {
        @Override
        public String table() {
            return select.table();
        }
    }

    /** The RETURNING clause: {@code (ALL|MODIFIED) (OLD|NEW) *}. */
    public enum Returning {
        ALL_OLD("ALL OLD"), MODIFIED_OLD("MODIFIED OLD"), ALL_NEW("ALL NEW"), MODIFIED_NEW("MODIFIED NEW");

        private final String text;

        Returning(String text) {
            this.text = text;
        }

        /** As written in a statement, e.g. "MODIFIED OLD". */
        public String text() {
            return text;
        }
    }

    /** An expression: a path, a value, a collection literal, a condition or a call. */
    public sealed interface Expr permits Path, Literal, NumberLiteral, Missing, Parameter, ListLiteral, MapLiteral,
            BagLiteral, Compare, Between, In, And, Or, Not, Is, Call, Arithmetic, Negate {
    }

    /** A document path: a top-level attribute, then map keys (String) and list indexes (Integer). */
    public record Path(String root, List<Object> steps) implements Expr {
        public Path {
            requireNonNull(root, "root is null");
            steps = List.copyOf(steps);
        }

        public boolean isTopLevel() {
            return steps.isEmpty();
        }
    }

    /** A string, boolean or null literal. */
    public record Literal(AttributeValue value) implements Expr {
    }

    /** A number literal as written, range-checked when it becomes an attribute value. */
    public record NumberLiteral(BigDecimal value) implements Expr {
    }

    /** The MISSING literal. */
    public record Missing() implements Expr {
    }

    /** A {@code ?}, numbered from 0 in the order of the statement's text. */
    public record Parameter(int index) implements Expr {
    }

    /** {@code [a, b]}: a list (L). */
    public record ListLiteral(List<Expr> elements) implements Expr {
        public ListLiteral {
            elements = List.copyOf(elements);
        }
    }

    /** {@code {'k': v, ...}}: a map (M), or an item in INSERT. */
    public record MapLiteral(List<Entry> entries) implements Expr {
        public MapLiteral {
            entries = List.copyOf(entries);
        }
    }

    public record Entry(Expr key, Expr value) {
    }

    /** {@code <<a, b>>}: a set (SS, NS or BS). */
    public record BagLiteral(List<Expr> elements) implements Expr {
        public BagLiteral {
            elements = List.copyOf(elements);
        }
    }

    /** A comparison; op is one of {@code = <> < <= > >=} ({@code !=} is read as {@code <>}). */
    public record Compare(String op, Expr left, Expr right) implements Expr {
    }

    public record Between(Expr value, Expr low, Expr high) implements Expr {
    }

    public record In(Expr value, List<Expr> options) implements Expr {
        public In {
            options = List.copyOf(options);
        }
    }

    public record And(Expr left, Expr right) implements Expr {
    }

    public record Or(Expr left, Expr right) implements Expr {
    }

    public record Not(Expr operand) implements Expr {
    }

    /** {@code value IS [NOT] type}; type upper-case (MISSING, NULL, STRING, ...). */
    public record Is(Expr value, String type, boolean negated) implements Expr {
    }

    /** A function call; name lower-case. */
    public record Call(String name, List<Expr> arguments) implements Expr {
        public Call {
            arguments = List.copyOf(arguments);
        }
    }

    /** {@code left op right} with op one of {@code + - * / ||}. */
    public record Arithmetic(String op, Expr left, Expr right) implements Expr {
    }

    /** Unary minus on something other than a number literal. */
    public record Negate(Expr operand) implements Expr {
    }
}
