// Map: PartiQL statements (PartiqlAst) to DynamoDB's own expressions, as ReadPlan and WritePlan.
//   Entry points: select (Query/Scan, or a single-item read for batches and transactions), write (INSERT,
//   UPDATE, DELETE, EXISTS).
//   Key extraction: the WHERE clause's top-level AND terms that pin key attributes with '=' become the key (or the
//   key condition of a Query); the other terms become the condition or filter.
//   Writer: renders conditions, operands and update actions with generated #nN / :vN placeholders, adding only the
//   parentheses precedence needs (DynamoDB refuses redundant ones).
package dev.rewind.partiql;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

import dev.rewind.error.DynamoException;
import dev.rewind.model.AttributeValue;
import dev.rewind.partiql.PartiqlAst.And;
import dev.rewind.partiql.PartiqlAst.Arithmetic;
import dev.rewind.partiql.PartiqlAst.Between;
import dev.rewind.partiql.PartiqlAst.Call;
import dev.rewind.partiql.PartiqlAst.Compare;
import dev.rewind.partiql.PartiqlAst.Delete;
import dev.rewind.partiql.PartiqlAst.Exists;
import dev.rewind.partiql.PartiqlAst.Expr;
import dev.rewind.partiql.PartiqlAst.In;
import dev.rewind.partiql.PartiqlAst.Insert;
import dev.rewind.partiql.PartiqlAst.Is;
import dev.rewind.partiql.PartiqlAst.MapLiteral;
import dev.rewind.partiql.PartiqlAst.Missing;
import dev.rewind.partiql.PartiqlAst.Not;
import dev.rewind.partiql.PartiqlAst.Or;
import dev.rewind.partiql.PartiqlAst.OrderBy;
import dev.rewind.partiql.PartiqlAst.Path;
import dev.rewind.partiql.PartiqlAst.RemoveAction;
import dev.rewind.partiql.PartiqlAst.Returning;
import dev.rewind.partiql.PartiqlAst.Select;
import dev.rewind.partiql.PartiqlAst.SetAction;
import dev.rewind.partiql.PartiqlAst.Statement;
import dev.rewind.partiql.PartiqlAst.Update;
import dev.rewind.partiql.PartiqlAst.UpdateAction;

/** Turns parsed statements into DynamoDB reads and writes, with DynamoDB's PartiQL validation messages. */
public final class PartiqlTranslator {
    public static final String INCOMPLETE_KEY =
            "Where clause does not contain a mandatory equality on all key attributes";

    /** How a SELECT may run. */
    public enum SelectUse {
        /** ExecuteStatement: Query or Scan. */
        STATEMENT,
        /** BatchExecuteStatement: one item by its full key. */
        BATCH,
        /** ExecuteTransaction: one item by its full key, no index. */
        TRANSACTION
    }

    private final List<AttributeValue> parameters;
    private final Map<String, String> names = new LinkedHashMap<>();
    private final Map<String, String> placeholderOfName = new HashMap<>();
    private final Map<String, AttributeValue> values = new LinkedHashMap<>();

    private PartiqlTranslator(List<AttributeValue> parameters) {
        this.parameters = requireNonNull(parameters, "parameters is null");
    }

    /**
     * @param keys the key names of what is read: the index's when the statement names one, else the table's
     */
    public static ReadPlan select(Select select, List<AttributeValue> parameters, KeyNames keys, SelectUse use) {
        return new PartiqlTranslator(parameters).translateSelect(select, keys, use);
    }

    /** INSERT, UPDATE, DELETE or EXISTS against a table with these key names. */
    public static WritePlan write(Statement statement, List<AttributeValue> parameters, KeyNames keys) {
        return new PartiqlTranslator(parameters).translateWrite(statement, keys);
    }

    // ---- SELECT

    private ReadPlan translateSelect(Select select, KeyNames keys, SelectUse use) {
        String projection = projection(select.projection());
        if (use != SelectUse.STATEMENT) {
            if (use == SelectUse.TRANSACTION && select.index() != null) {
                throw DynamoException.validation("Reads on indices are not supported within transactions.");
            }
            KeySplit split = select.where() == null ? null : splitKey(select.where(), keys, false);
            if (split == null || split.key().size() != keys.all().size() || !split.rest().isEmpty()) {
                throw DynamoException.validation(use == SelectUse.TRANSACTION
                        ? "Select statements within ExecuteTransaction must specify the primary key in the where "
                                + "clause."
                        : "Only single item select is supported");
            }
            return new ReadPlan(select.table(), select.index(), split.key(), null, null, projection, true, names,
                    values);
        }
        String keyCondition = null;
        String filter = null;
        boolean forward = true;
        if (select.where() != null) {
            List<Expr> terms = conjuncts(select.where());
            Expr hash = null;
            Expr range = null;
            for (Expr term : terms) {
                if (hash == null && keyEquality(term, keys.hashKey()) != null) {
                    hash = term;
                }
            }
            if (hash != null && keys.rangeKey() != null) {
                for (Expr term : terms) {
                    if (term != hash && rangeCondition(term, keys.rangeKey())) {
                        range = term;
                        break;
                    }
                }
            }
            List<Expr> rest = new ArrayList<>();
            for (Expr term : terms) {
                if (term != hash && term != range) {
                    rest.add(term);
                }
            }
            if (hash != null) {
                keyCondition = keyTerm(hash, keys.hashKey())
                        + (range == null ? "" : " AND " + keyTerm(range, keys.rangeKey()));
            }
            filter = rest.isEmpty() ? null : condition(andOf(rest), 0);
            forward = orderBy(select, keys, hash != null);
        } else if (!select.orderBy().isEmpty()) {
            throw DynamoException.validation("Must have WHERE clause in the statement when using ORDER BY clause.");
        }
        return new ReadPlan(select.table(), select.index(), null, keyCondition, filter, projection, forward, names,
                values);
    }

    private String projection(List<Path> paths) {
        if (paths.isEmpty()) {
            return null;
        }
        StringJoiner joiner = new StringJoiner(", ");
        for (Path p : paths) {
            joiner.add(path(p));
        }
        return joiner.toString();
    }

    /** ScanIndexForward from ORDER BY, which DynamoDB allows only on key attributes of a Query. */
    private static boolean orderBy(Select select, KeyNames keys, boolean query) {
        if (select.orderBy().isEmpty()) {
            return true;
        }
        if (!query) {
            throw DynamoException.validation("Must have at least one non-optional hash key condition in WHERE "
                    + "clause when using ORDER BY clause.");
        }
        Boolean forward = null;
        for (OrderBy o : select.orderBy()) {
            if (!(o.key() instanceof Path p) || !p.isTopLevel()) {
                throw DynamoException.validation("Argument to ORDER BY must be of type VariableReference. Type: "
                        + PartiqlValues.describe(o.key()));
            }
            if (!keys.contains(p.root())) {
                throw DynamoException.validation("Variable reference " + p.root()
                        + " in ORDER BY clause must be part of the primary key");
            }
            if (p.root().equals(keys.rangeKey()) || forward == null) {
                forward = !o.descending();
            }
        }
        return forward;
    }

    /** A key condition term with the key attribute on the left, as KeyConditionExpression wants it. */
    private String keyTerm(Expr term, String keyName) {
        if (term instanceof Compare c && !isKeyPath(c.left(), keyName)) {
            String flipped = switch (c.op()) {
                case "<" -> ">";
                case "<=" -> ">=";
                case ">" -> "<";
                case ">=" -> "<=";
                default -> c.op();
            };
            return condition(new Compare(flipped, c.right(), c.left()), 4);
        }
        return condition(term, 4);
    }

    /** Whether a term can be the sort key part of a KeyConditionExpression. */
    private static boolean rangeCondition(Expr term, String rangeKey) {
        if (term instanceof Compare c && !c.op().equals("<>")) {
            return (isKeyPath(c.left(), rangeKey) && PartiqlValues.isConstant(c.right()))
                    || (isKeyPath(c.right(), rangeKey) && PartiqlValues.isConstant(c.left()));
        }
        if (term instanceof Between b) {
            return isKeyPath(b.value(), rangeKey) && PartiqlValues.isConstant(b.low())
                    && PartiqlValues.isConstant(b.high());
        }
        if (term instanceof Call c && c.name().equals("begins_with") && c.arguments().size() == 2) {
            return isKeyPath(c.arguments().get(0), rangeKey) && PartiqlValues.isConstant(c.arguments().get(1));
        }
        return false;
    }

    // ---- writes

    private WritePlan translateWrite(Statement statement, KeyNames keys) {
        if (statement instanceof Insert insert) {
            if (insert.returning() != null) {
                throw DynamoException.validation("RETURNING is not supported in INSERT");
            }
            if (!(insert.item() instanceof MapLiteral m)) {
                throw DynamoException.validation("Unsupported format in item expression. Please use struct format "
                        + "{...} to express item values for insert statement.");
            }
            Map<String, AttributeValue> item = PartiqlValues.item(m, parameters);
            return new WritePlan(WritePlan.Kind.INSERT, insert.table(), item, null, null, null, null, names, values);
        }
        if (statement instanceof Update update) {
            KeySplit split = requireKey(update.where(), keys);
            String updateExpression = updateExpression(update.actions(), keys);
            String condition = "attribute_exists(" + name(keys.hashKey()) + ")"
                    + (split.rest().isEmpty() ? "" : " AND " + condition(andOf(split.rest()), 2));
            return new WritePlan(WritePlan.Kind.UPDATE, update.table(), null, split.key(), condition,
                    updateExpression, update.returning(), names, values);
        }
        if (statement instanceof Delete delete) {
            if (delete.returning() != null && delete.returning() != Returning.ALL_OLD) {
                throw DynamoException.validation("Invalid returning clause: RETURNING " + delete.returning().text()
                        + " *. Only RETURNING ALL OLD * is allowed in DELETE statements.");
            }
            KeySplit split = requireKey(delete.where(), keys);
            String condition = split.rest().isEmpty() ? null : condition(andOf(split.rest()), 0);
            return new WritePlan(WritePlan.Kind.DELETE, delete.table(), null, split.key(), condition, null,
                    delete.returning(), names, values);
        }
        if (statement instanceof Exists exists) {
            Select select = exists.select();
            if (select.index() != null) {
                throw DynamoException.validation("Operations on indices are not supported in transactions");
            }
            KeySplit split = select.where() == null ? null : splitKey(select.where(), keys, false);
            if (split == null || split.key().size() != keys.all().size()) {
                throw DynamoException.validation("EXISTS() must contain a single item read with additional "
                        + "condition");
            }
            String condition = "attribute_exists(" + name(keys.hashKey()) + ")"
                    + (split.rest().isEmpty() ? "" : " AND " + condition(andOf(split.rest()), 2));
            return new WritePlan(WritePlan.Kind.CONDITION_CHECK, select.table(), null, split.key(), condition, null,
                    null, names, values);
        }
        throw new IllegalArgumentException("not a write: " + statement);
    }

    private KeySplit requireKey(Expr where, KeyNames keys) {
        if (where == null) {
            throw DynamoException.validation(INCOMPLETE_KEY);
        }
        KeySplit split = splitKey(where, keys, true);
        if (split.key().size() != keys.all().size()) {
            throw DynamoException.validation(INCOMPLETE_KEY);
        }
        return split;
    }

    private String updateExpression(List<UpdateAction> actions, KeyNames keys) {
        StringJoiner set = new StringJoiner(", ");
        StringJoiner remove = new StringJoiner(", ");
        StringJoiner add = new StringJoiner(", ");
        StringJoiner delete = new StringJoiner(", ");
        for (UpdateAction action : actions) {
            if (action instanceof RemoveAction r) {
                remove.add(path(r.target()));
                continue;
            }
            SetAction s = (SetAction) action;
            if (s.value() instanceof Call c && (c.name().equals("set_add") || c.name().equals("set_delete"))) {
                String function = c.name().substring(4).toUpperCase(java.util.Locale.ROOT);
                if (c.arguments().size() != 2) {
                    throw DynamoException.validation("SET_" + function + " must have exactly two arguments");
                }
                if (!s.target().equals(c.arguments().get(0))) {
                    throw DynamoException.validation("The first argument to SET_" + function
                            + " must equal the assignment value");
                }
                Expr setValue = c.arguments().get(1);
                AttributeValue v = PartiqlValues.isConstant(setValue)
                        ? PartiqlValues.value(setValue, parameters) : null;
                if (!(v instanceof AttributeValue.SS || v instanceof AttributeValue.NS
                        || v instanceof AttributeValue.BS)) {
                    throw DynamoException.validation("The second argument to SET_" + function
                            + " must be a value with type SET");
                }
                (function.equals("ADD") ? add : delete).add(path(s.target()) + " " + value(v));
                continue;
            }
            set.add(path(s.target()) + " = " + setValue(s.value()));
        }
        StringBuilder out = new StringBuilder();
        append(out, "SET", set);
        append(out, "REMOVE", remove);
        append(out, "ADD", add);
        append(out, "DELETE", delete);
        return out.toString();
    }

    private static void append(StringBuilder out, String keyword, StringJoiner clauses) {
        if (clauses.length() > 0) {
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(keyword).append(' ').append(clauses);
        }
    }

    private String setValue(Expr e) {
        if (e instanceof Arithmetic a && (a.op().equals("+") || a.op().equals("-"))) {
            return operand(a.left()) + " " + a.op() + " " + operand(a.right());
        }
        if (e instanceof Call c && (c.name().equals("list_append") || c.name().equals("if_not_exists"))) {
            StringJoiner args = new StringJoiner(", ", c.name() + "(", ")");
            for (Expr arg : c.arguments()) {
                args.add(setValue(arg));
            }
            return args.toString();
        }
        if (e instanceof Is) {
            throw DynamoException.validation("IS operator is not supported in update expressions");
        }
        return operand(e);
    }

    // ---- key extraction

    /** The key attributes a WHERE clause pins with '=' in its top-level AND terms, and the other terms. */
    private record KeySplit(Map<String, AttributeValue> key, List<Expr> rest) {
    }

    private KeySplit splitKey(Expr where, KeyNames keys, boolean write) {
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        List<Expr> rest = new ArrayList<>();
        for (Expr term : conjuncts(where)) {
            String attribute = null;
            Expr valueExpr = null;
            for (String keyName : keys.all()) {
                Expr v = keyEquality(term, keyName);
                if (v != null) {
                    attribute = keyName;
                    valueExpr = v;
                }
            }
            if (attribute == null) {
                rest.add(term);
                continue;
            }
            if (key.containsKey(attribute)) {
                if (write) {
                    throw DynamoException.validation("Multiple conditions on same key " + attribute
                            + ". Only single item Update/Insert/Delete are supported");
                }
                rest.add(term);
                continue;
            }
            key.put(attribute, PartiqlValues.value(valueExpr, parameters));
        }
        return new KeySplit(key, rest);
    }

    /** The value side of {@code keyName = value} (either way round), or null. */
    private static Expr keyEquality(Expr term, String keyName) {
        if (term instanceof Compare c && c.op().equals("=")) {
            if (isKeyPath(c.left(), keyName) && PartiqlValues.isConstant(c.right())) {
                return c.right();
            }
            if (isKeyPath(c.right(), keyName) && PartiqlValues.isConstant(c.left())) {
                return c.left();
            }
        }
        return null;
    }

    private static boolean isKeyPath(Expr e, String keyName) {
        return e instanceof Path p && p.isTopLevel() && p.root().equals(keyName);
    }

    private static List<Expr> conjuncts(Expr e) {
        List<Expr> out = new ArrayList<>();
        collectConjuncts(e, out);
        return out;
    }

    private static void collectConjuncts(Expr e, List<Expr> out) {
        if (e instanceof And a) {
            collectConjuncts(a.left(), out);
            collectConjuncts(a.right(), out);
        } else {
            out.add(e);
        }
    }

    private static Expr andOf(List<Expr> terms) {
        Expr out = terms.get(0);
        for (int i = 1; i < terms.size(); i++) {
            out = new And(out, terms.get(i));
        }
        return out;
    }

    // ---- the writer

    private static final Set<String> CONDITION_FUNCTIONS = Set.of("begins_with", "contains", "attribute_type",
            "attribute_exists", "attribute_not_exists");

    /**
     * Renders a condition. Precedence: OR 1, AND 2, NOT 3, predicates 4; a child is parenthesised only when it binds
     * less tightly than its parent needs.
     */
    private String condition(Expr e, int needed) {
        if (e instanceof Or o) {
            return wrap(condition(o.left(), 1) + " OR " + condition(o.right(), 1), 1, needed);
        }
        if (e instanceof And a) {
            return wrap(condition(a.left(), 2) + " AND " + condition(a.right(), 2), 2, needed);
        }
        if (e instanceof Not n) {
            return wrap("NOT " + condition(n.operand(), 3), 3, needed);
        }
        if (e instanceof Compare c) {
            if (c.left() instanceof Missing || c.right() instanceof Missing) {
                throw DynamoException.validation("MISSING must be compared using IS operator");
            }
            return operand(c.left()) + " " + c.op() + " " + operand(c.right());
        }
        if (e instanceof Between b) {
            return operand(b.value()) + " BETWEEN " + operand(b.low()) + " AND " + operand(b.high());
        }
        if (e instanceof In in) {
            if (!(in.value() instanceof Path) || in.options().isEmpty()) {
                throw DynamoException.validation("IN operator must have a left hand argument of type Variable "
                        + "Reference and right hand argument of type Seq with at least one member");
            }
            StringJoiner options = new StringJoiner(", ", operand(in.value()) + " IN (", ")");
            for (Expr option : in.options()) {
                options.add(operand(option));
            }
            return options.toString();
        }
        if (e instanceof Is is) {
            return isCondition(is);
        }
        if (e instanceof Call c && CONDITION_FUNCTIONS.contains(c.name())) {
            StringJoiner args = new StringJoiner(", ", c.name() + "(", ")");
            for (Expr arg : c.arguments()) {
                args.add(operand(arg));
            }
            return args.toString();
        }
        if (e instanceof Call c) {
            throw DynamoException.validation("Unrecognized function: " + c.name());
        }
        throw DynamoException.validation("WHERE clause must contain an expression that resolves to a boolean");
    }

    private static String wrap(String text, int precedence, int needed) {
        return precedence < needed ? "(" + text + ")" : text;
    }

    private String isCondition(Is is) {
        if (!(is.value() instanceof Path p)) {
            throw DynamoException.validation(
                    "The left hand side argument to IS must be a Variable Reference, Literal, or Path");
        }
        String path = path(p);
        String type = switch (is.type()) {
            case "MISSING" -> null;
            case "NULL" -> "NULL";
            case "BOOLEAN", "BOOL" -> "BOOL";
            case "BLOB" -> "B";
            case "STRING" -> "S";
            case "NUMERIC", "INT", "INTEGER", "INT4", "INT8", "DECIMAL", "FLOAT", "DOUBLE", "SMALLINT", "REAL" -> "N";
            case "STRUCT", "TUPLE" -> "M";
            case "LIST" -> "L";
            default -> throw DynamoException.validation("Unsupported data type for IS operator: " + is.type()
                    + ". Supported data types are [MISSING, NULL, BOOLEAN, BLOB, STRING, NUMERIC, STRUCT, TUPLE, "
                    + "LIST]");
        };
        if (type == null) {
            return (is.negated() ? "attribute_exists(" : "attribute_not_exists(") + path + ")";
        }
        String typeCheck = "attribute_type(" + path + ", " + value(new AttributeValue.S(type)) + ")";
        if (type.equals("NULL")) {
            // PartiQL: a missing attribute IS NULL too
            return is.negated() ? "(attribute_exists(" + path + ") AND NOT " + typeCheck + ")"
                    : "(attribute_not_exists(" + path + ") OR " + typeCheck + ")";
        }
        return is.negated() ? "NOT " + typeCheck : typeCheck;
    }

    private String operand(Expr e) {
        if (e instanceof Path p) {
            return path(p);
        }
        if (PartiqlValues.isConstant(e)) {
            return value(PartiqlValues.value(e, parameters));
        }
        if (e instanceof Call c && c.name().equals("size") && c.arguments().size() == 1
                && c.arguments().get(0) instanceof Path p) {
            return "size(" + path(p) + ")";
        }
        if (e instanceof Missing) {
            throw DynamoException.validation("MISSING must be compared using IS operator");
        }
        if (e instanceof Call c) {
            throw DynamoException.validation("Unrecognized function: " + c.name());
        }
        throw DynamoException.validation("Unsupported operator in Condition Expression. Operator: "
                + PartiqlValues.describe(e));
    }

    private String path(Path p) {
        StringBuilder out = new StringBuilder(name(p.root()));
        for (Object step : p.steps()) {
            if (step instanceof Integer index) {
                out.append('[').append(index).append(']');
            } else {
                out.append('.').append(name((String) step));
            }
        }
        return out.toString();
    }

    private String name(String attribute) {
        if (attribute.isEmpty()) {
            throw DynamoException.validation("Path component cannot be an empty string");
        }
        return placeholderOfName.computeIfAbsent(attribute, a -> {
            String placeholder = "#n" + names.size();
            names.put(placeholder, a);
            return placeholder;
        });
    }

    private String value(AttributeValue v) {
        String placeholder = ":v" + values.size();
        values.put(placeholder, v);
        return placeholder;
    }
}
