// Map: a recursive-descent parser of DynamoDB's PartiQL statements into PartiqlAst.
//   Entry point: parse(text) → ParsedStatement (the statement and how many '?' it holds).
//   Statements: select, insert, update, delete, exists; source (table and index), returning.
//   Expressions, lowest precedence first: or > and > not > predicate (comparison, BETWEEN, IN, IS, LIKE) >
//   additive > multiplicative > unary > primary (literals, '?', paths, calls, '(' ')', [ ], { }, << >>).
//   Errors: DynamoDB's parse messages ("Unexpected term", "Unexpected keyword", "Unexpected token after
//   expression", ...) behind "Statement wasn't well formed, can't be processed: "; nesting capped by enter().
package dev.rewind.partiql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.rewind.error.DynamoException;
import dev.rewind.model.AttributeValue;
import dev.rewind.partiql.PartiqlAst.And;
import dev.rewind.partiql.PartiqlAst.Arithmetic;
import dev.rewind.partiql.PartiqlAst.BagLiteral;
import dev.rewind.partiql.PartiqlAst.Between;
import dev.rewind.partiql.PartiqlAst.Call;
import dev.rewind.partiql.PartiqlAst.Compare;
import dev.rewind.partiql.PartiqlAst.Delete;
import dev.rewind.partiql.PartiqlAst.Entry;
import dev.rewind.partiql.PartiqlAst.Exists;
import dev.rewind.partiql.PartiqlAst.Expr;
import dev.rewind.partiql.PartiqlAst.In;
import dev.rewind.partiql.PartiqlAst.Insert;
import dev.rewind.partiql.PartiqlAst.Is;
import dev.rewind.partiql.PartiqlAst.ListLiteral;
import dev.rewind.partiql.PartiqlAst.Literal;
import dev.rewind.partiql.PartiqlAst.MapLiteral;
import dev.rewind.partiql.PartiqlAst.Missing;
import dev.rewind.partiql.PartiqlAst.Negate;
import dev.rewind.partiql.PartiqlAst.Not;
import dev.rewind.partiql.PartiqlAst.NumberLiteral;
import dev.rewind.partiql.PartiqlAst.Or;
import dev.rewind.partiql.PartiqlAst.OrderBy;
import dev.rewind.partiql.PartiqlAst.Parameter;
import dev.rewind.partiql.PartiqlAst.Path;
import dev.rewind.partiql.PartiqlAst.RemoveAction;
import dev.rewind.partiql.PartiqlAst.Returning;
import dev.rewind.partiql.PartiqlAst.Select;
import dev.rewind.partiql.PartiqlAst.SetAction;
import dev.rewind.partiql.PartiqlAst.Statement;
import dev.rewind.partiql.PartiqlAst.Update;
import dev.rewind.partiql.PartiqlAst.UpdateAction;
import dev.rewind.partiql.PartiqlLexer.Kind;
import dev.rewind.partiql.PartiqlLexer.Token;

/** Parses one PartiQL statement as DynamoDB accepts it, with DynamoDB's error messages. */
public final class PartiqlParser {
    /** DynamoDB's prefix of every parse error. */
    public static final String NOT_WELL_FORMED = "Statement wasn't well formed, can't be processed: ";
    /**
     * How deep parentheses, collections and NOTs may nest. DynamoDB's statements are at most 8192 characters and
     * its own limit is not documented; this one keeps the recursion far from the thread's stack size.
     */
    public static final int MAX_NESTING = 100;

    private static final Set<String> OPERATOR_KEYWORDS = Set.of("AND", "OR", "IS", "IN", "LIKE", "BETWEEN");
    private static final Set<String> COMPARISONS = Set.of("=", "<>", "<", "<=", ">", ">=");
    private static final Set<String> TYPE_NAMES = Set.of("MISSING", "NULL", "BOOLEAN", "BOOL", "BLOB", "STRING",
            "NUMERIC", "INT", "INTEGER", "INT4", "INT8", "DECIMAL", "FLOAT", "DOUBLE", "STRUCT", "TUPLE", "LIST",
            "BAG", "SEXP", "CLOB", "SYMBOL", "TIMESTAMP", "DATE", "TIME", "SMALLINT", "REAL", "CHAR", "VARCHAR",
            "CHARACTER", "ANY");

    /** A parsed statement and the number of {@code ?} parameters it holds. */
    public record ParsedStatement(Statement statement, int parameterCount) {
    }

    private final List<Token> tokens;
    private int position;
    private int depth;
    private int parameters;

    private PartiqlParser(List<Token> tokens) {
        this.tokens = tokens;
    }

    /** Parses a whole statement; every syntax error is a ValidationException worded as DynamoDB words it. */
    public static ParsedStatement parse(String text) {
        PartiqlParser parser = new PartiqlParser(PartiqlLexer.tokenize(text));
        Statement statement = parser.statement();
        if (parser.peek().isPunctuation(";")) {
            parser.position++;
        }
        if (parser.peek().kind() != Kind.END) {
            throw malformed("Unexpected token after expression");
        }
        return new ParsedStatement(statement, parser.parameters);
    }

    static DynamoException malformed(String detail) {
        return DynamoException.validation(NOT_WELL_FORMED + detail);
    }

    // ---- statements

    private Statement statement() {
        Token t = peek();
        if (t.isKeyword("SELECT")) {
            return select();
        }
        if (t.isKeyword("INSERT")) {
            return insert();
        }
        if (t.isKeyword("UPDATE")) {
            return update();
        }
        if (t.isKeyword("DELETE")) {
            return delete();
        }
        if (t.isKeyword("EXISTS")) {
            position++;
            expectPunctuation("(");
            if (!peek().isKeyword("SELECT")) {
                throw unexpectedTerm(peek());
            }
            Select select = select();
            expectPunctuation(")");
            return new Exists(select);
        }
        throw malformed("Expected data manipulation");
    }

    private Select select() {
        position++; // SELECT
        if (peek().isKeyword("DISTINCT")) {
            throw DynamoException.validation("Unsupported token in expression: DISTINCT");
        }
        List<Path> projection = new ArrayList<>();
        boolean star = false;
        if (peek().isPunctuation("*")) {
            position++;
            star = true;
        } else if (!peek().isKeyword("FROM")) {
            do {
                if (peek().isPunctuation("*")) {
                    throw DynamoException.validation(
                            "Other attributes should not be present in the projection when '*' is used.");
                }
                Expr e = additive();
                if (!(e instanceof Path p)) {
                    throw DynamoException.validation("Unsupported operation: only attribute names and document "
                            + "paths may be selected");
                }
                projection.add(p);
            } while (accept(","));
        }
        if (star && peek().isPunctuation(",")) {
            throw DynamoException.validation(
                    "Other attributes should not be present in the projection when '*' is used.");
        }
        if (!peek().isKeyword("FROM")) {
            throw unexpectedTerm(peek());
        }
        position++;
        Token tableToken = peek();
        if (!tableToken.isName()) {
            throw unexpectedTerm(tableToken);
        }
        position++;
        String index = null;
        if (accept(".")) {
            Token indexToken = peek();
            if (!indexToken.isName()) {
                throw DynamoException.validation("Invalid path dot component in this operation, expecting either "
                        + "an IDENTIFIER or STAR.");
            }
            position++;
            index = indexToken.text();
            if (peek().isPunctuation(".")) {
                throw DynamoException.validation("A path may contain at most 2 components in the FROM clause");
            }
        }
        refuseAlias();
        Expr where = null;
        if (peek().isKeyword("WHERE")) {
            position++;
            where = expression();
        }
        List<OrderBy> orderBy = new ArrayList<>();
        if (peek().isKeyword("ORDER")) {
            position++;
            expectKeyword("BY");
            do {
                Expr key = additive();
                boolean descending = false;
                if (peek().isKeyword("ASC") || peek().isKeyword("DESC")) {
                    descending = next().text().equals("DESC");
                }
                orderBy.add(new OrderBy(key, descending));
            } while (accept(","));
        }
        if (peek().isKeyword("GROUP") || peek().isKeyword("HAVING") || peek().isKeyword("LIMIT")) {
            throw DynamoException.validation("Unsupported clause: " + (peek().text().equals("GROUP") ? "GROUP BY"
                    : peek().text()));
        }
        return new Select(projection, tableToken.text(), index, where, orderBy);
    }

    private Insert insert() {
        position++; // INSERT
        expectKeyword("INTO");
        String table = simplePathTable();
        if (peek().isKeyword("VALUES")) {
            throw DynamoException.validation("Unsupported operation: Inserting multiple items in a single "
                    + "statement is not supported, use \"INSERT INTO tableName VALUE item\" instead");
        }
        if (!peek().isKeyword("VALUE")) {
            throw malformed("Unexpected token after expression");
        }
        position++;
        Expr item = expression();
        Returning returning = returning();
        return new Insert(table, item, returning);
    }

    private Update update() {
        position++; // UPDATE
        String table = simplePathTable();
        refuseAlias();
        List<UpdateAction> actions = new ArrayList<>();
        while (peek().isKeyword("SET") || peek().isKeyword("REMOVE")) {
            boolean set = next().text().equals("SET");
            do {
                Path target = assignmentTarget();
                if (set) {
                    expectPunctuation("=");
                    if (peek().kind() == Kind.END) {
                        throw malformed("Missing right-hand side expression of infix operator");
                    }
                    actions.add(new SetAction(target, expression()));
                } else {
                    actions.add(new RemoveAction(target));
                }
            } while (accept(","));
        }
        if (actions.isEmpty()) {
            throw malformed("Expected data manipulation");
        }
        Expr where = null;
        if (peek().isKeyword("WHERE")) {
            position++;
            where = expression();
        }
        return new Update(table, actions, where, returning());
    }

    private Delete delete() {
        position++; // DELETE
        expectKeyword("FROM");
        String table = simplePathTable();
        refuseAlias();
        Expr where = null;
        if (peek().isKeyword("WHERE")) {
            position++;
            where = expression();
        }
        return new Delete(table, where, returning());
    }

    private String simplePathTable() {
        Token t = peek();
        if (!t.isName()) {
            throw malformed("Expected identifier for simple path");
        }
        position++;
        return t.text();
    }

    private void refuseAlias() {
        Token t = peek();
        if (t.isName() || t.isKeyword("AS")) {
            throw DynamoException.validation("Aliasing is not supported");
        }
    }

    private Path assignmentTarget() {
        Token t = peek();
        if (!t.isName()) {
            throw unexpectedTerm(t);
        }
        Expr e = primary();
        if (!(e instanceof Path p)) {
            throw DynamoException.validation("Unrecognized assignment target: " + t.text());
        }
        return p;
    }

    private Returning returning() {
        if (!peek().isKeyword("RETURNING")) {
            return null;
        }
        position++;
        String which = word(next());
        String age = word(next());
        Returning r;
        if (which.equals("ALL") && age.equals("OLD")) {
            r = Returning.ALL_OLD;
        } else if (which.equals("ALL") && age.equals("NEW")) {
            r = Returning.ALL_NEW;
        } else if (which.equals("MODIFIED") && age.equals("OLD")) {
            r = Returning.MODIFIED_OLD;
        } else if (which.equals("MODIFIED") && age.equals("NEW")) {
            r = Returning.MODIFIED_NEW;
        } else {
            throw malformed("Unexpected token");
        }
        if (!accept("*")) {
            throw DynamoException.validation(
                    "Expected '*' after ( MODIFIED | ALL ) ( NEW | OLD ) in RETURNING clause");
        }
        if (peek().isPunctuation(",")) {
            throw DynamoException.validation("Invalid syntax with multiple returning elements in RETURNING clause");
        }
        return r;
    }

    private static String word(Token t) {
        return t.kind() == Kind.IDENTIFIER || t.kind() == Kind.KEYWORD ? t.text().toUpperCase(Locale.ROOT) : "";
    }

    // ---- expressions

    private Expr expression() {
        return or();
    }

    private Expr or() {
        Expr left = and();
        while (peek().isKeyword("OR")) {
            position++;
            left = new Or(left, rightOperand(this::and));
        }
        return left;
    }

    private Expr and() {
        Expr left = not();
        while (peek().isKeyword("AND")) {
            position++;
            left = new And(left, rightOperand(this::not));
        }
        return left;
    }

    private Expr not() {
        if (peek().isKeyword("NOT")) {
            position++;
            enter();
            try {
                return new Not(not());
            } finally {
                depth--;
            }
        }
        return predicate();
    }

    private Expr predicate() {
        Expr left = additive();
        Token t = peek();
        if (t.kind() == Kind.PUNCTUATION && COMPARISONS.contains(t.text())) {
            position++;
            return new Compare(t.text(), left, rightOperand(this::additive));
        }
        boolean negated = false;
        if (t.isKeyword("NOT") && (peekAt(1).isKeyword("BETWEEN") || peekAt(1).isKeyword("IN")
                || peekAt(1).isKeyword("LIKE"))) {
            position++;
            negated = true;
            t = peek();
        }
        if (t.isKeyword("BETWEEN")) {
            position++;
            Expr low = rightOperand(this::additive);
            expectKeyword("AND");
            Expr high = rightOperand(this::additive);
            Expr between = new Between(left, low, high);
            return negated ? new Not(between) : between;
        }
        if (t.isKeyword("IN")) {
            position++;
            Expr in = new In(left, inOptions());
            return negated ? new Not(in) : in;
        }
        if (t.isKeyword("LIKE")) {
            throw DynamoException.validation("Unsupported operator in Condition Expression. Operator: LIKE");
        }
        if (t.isKeyword("IS")) {
            position++;
            boolean isNot = false;
            if (peek().isKeyword("NOT")) {
                position++;
                isNot = true;
            }
            Token type = next();
            String name = word(type);
            if (name.equals("DOUBLE") && word(peek()).equals("PRECISION")) {
                position++;
            } else if (name.equals("CHARACTER") && word(peek()).equals("VARYING")) {
                position++;
            }
            if (!TYPE_NAMES.contains(name)) {
                throw malformed(type.kind() == Kind.END ? "Unexpected term" : "Expected type name");
            }
            return new Is(left, name, isNot);
        }
        return left;
    }

    private List<Expr> inOptions() {
        Token t = peek();
        if (t.kind() == Kind.END) {
            throw malformed("Missing right-hand side expression of infix operator");
        }
        if (t.isPunctuation("(")) {
            position++;
            enter();
            try {
                List<Expr> options = new ArrayList<>();
                do {
                    options.add(expression());
                } while (accept(","));
                expectPunctuation(")");
                return options;
            } finally {
                depth--;
            }
        }
        Expr e = primary();
        if (e instanceof ListLiteral list) {
            return list.elements();
        }
        return List.of(e);
    }

    private Expr additive() {
        Expr left = multiplicative();
        while (peek().isPunctuation("+") || peek().isPunctuation("-") || peek().isPunctuation("||")) {
            String op = next().text();
            left = new Arithmetic(op, left, rightOperand(this::multiplicative));
        }
        return left;
    }

    private Expr multiplicative() {
        Expr left = unary();
        while (peek().isPunctuation("*") || peek().isPunctuation("/") || peek().isPunctuation("%")) {
            String op = next().text();
            left = new Arithmetic(op, left, rightOperand(this::unary));
        }
        return left;
    }

    private Expr unary() {
        if (peek().isPunctuation("-") || peek().isPunctuation("+")) {
            boolean minus = next().text().equals("-");
            enter();
            try {
                Expr operand = unary();
                if (!minus) {
                    return operand;
                }
                if (operand instanceof NumberLiteral n) {
                    return new NumberLiteral(n.value().negate());
                }
                return new Negate(operand);
            } finally {
                depth--;
            }
        }
        return primary();
    }

    private Expr rightOperand(java.util.function.Supplier<Expr> operand) {
        if (peek().kind() == Kind.END || peek().isPunctuation(";")) {
            throw malformed("Missing right-hand side expression of infix operator");
        }
        return operand.get();
    }

    private Expr primary() {
        Token t = peek();
        switch (t.kind()) {
            case STRING -> {
                position++;
                return new Literal(new AttributeValue.S(t.text()));
            }
            case NUMBER -> {
                position++;
                return new NumberLiteral(t.number());
            }
            case PARAMETER -> {
                position++;
                return new Parameter(parameters++);
            }
            case KEYWORD -> {
                position++;
                switch (t.text()) {
                    case "TRUE" -> {
                        return new Literal(AttributeValue.Bool.TRUE);
                    }
                    case "FALSE" -> {
                        return new Literal(AttributeValue.Bool.FALSE);
                    }
                    case "NULL" -> {
                        return new Literal(AttributeValue.Null.INSTANCE);
                    }
                    case "MISSING" -> {
                        return new Missing();
                    }
                    default -> {
                        position--;
                        throw unexpectedTerm(t);
                    }
                }
            }
            case IDENTIFIER, QUOTED_IDENTIFIER -> {
                position++;
                if (t.kind() == Kind.IDENTIFIER && peek().isPunctuation("(")) {
                    return call(t.text().toLowerCase(Locale.ROOT));
                }
                return pathSteps(t.text());
            }
            case PUNCTUATION -> {
                return punctuationTerm(t);
            }
            case END -> throw unexpectedTerm(t);
        }
        throw new IllegalStateException("unknown token kind " + t.kind());
    }

    private Expr punctuationTerm(Token t) {
        switch (t.text()) {
            case "(" -> {
                position++;
                enter();
                try {
                    Expr inner = expression();
                    expectPunctuation(")");
                    return inner;
                } finally {
                    depth--;
                }
            }
            case "[" -> {
                position++;
                enter();
                try {
                    return new ListLiteral(elements("]"));
                } finally {
                    depth--;
                }
            }
            case "<<" -> {
                position++;
                enter();
                try {
                    return new BagLiteral(elements(">>"));
                } finally {
                    depth--;
                }
            }
            case "{" -> {
                position++;
                enter();
                try {
                    List<Entry> entries = new ArrayList<>();
                    if (!accept("}")) {
                        do {
                            Expr key = expression();
                            expectPunctuation(":");
                            entries.add(new Entry(key, expression()));
                        } while (accept(","));
                        expectPunctuation("}");
                    }
                    return new MapLiteral(entries);
                } finally {
                    depth--;
                }
            }
            default -> throw unexpectedTerm(t);
        }
    }

    private List<Expr> elements(String close) {
        List<Expr> elements = new ArrayList<>();
        if (accept(close)) {
            return elements;
        }
        do {
            elements.add(expression());
        } while (accept(","));
        expectPunctuation(close);
        return elements;
    }

    private Expr call(String name) {
        position++; // (
        enter();
        try {
            List<Expr> arguments = new ArrayList<>();
            if (!accept(")")) {
                do {
                    arguments.add(expression());
                } while (accept(","));
                expectPunctuation(")");
            }
            return new Call(name, arguments);
        } finally {
            depth--;
        }
    }

    private Path pathSteps(String root) {
        List<Object> steps = new ArrayList<>();
        while (true) {
            if (peek().isPunctuation(".")) {
                position++;
                Token name = next();
                if (!name.isName()) {
                    throw malformed("Expected identifier for simple path");
                }
                steps.add(name.text());
            } else if (peek().isPunctuation("[")) {
                position++;
                Token index = next();
                if (index.kind() == Kind.STRING) {
                    steps.add(index.text());
                } else if (index.kind() == Kind.NUMBER && index.number().signum() >= 0
                        && index.number().stripTrailingZeros().scale() <= 0) {
                    try {
                        steps.add(index.number().intValueExact());
                    } catch (ArithmeticException e) {
                        throw DynamoException.validation("List index is not within the allowable range; index: ["
                                + index.text() + "]");
                    }
                } else {
                    throw DynamoException.validation("Unexpected path component");
                }
                expectPunctuation("]");
            } else {
                return new Path(root, steps);
            }
        }
    }

    // ---- helpers

    private void enter() {
        if (++depth > MAX_NESTING) {
            throw malformed("Nesting exceeds the supported depth of " + MAX_NESTING);
        }
    }

    private static DynamoException unexpectedTerm(Token t) {
        if (t.kind() == Kind.KEYWORD) {
            return OPERATOR_KEYWORDS.contains(t.text()) ? malformed("Unexpected operator")
                    : malformed("Unexpected keyword");
        }
        if (t.kind() == Kind.PUNCTUATION && !Set.of("(", "[", "{", "<<", ")", "]", "}", ">>", ",", ";", ".", ":")
                .contains(t.text())) {
            return malformed("Unexpected operator");
        }
        if (t.kind() == Kind.END || t.kind() == Kind.PUNCTUATION) {
            return malformed("Unexpected term");
        }
        return malformed("Unexpected token");
    }

    private Token peek() {
        return tokens.get(position);
    }

    private Token peekAt(int ahead) {
        return tokens.get(Math.min(position + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token t = tokens.get(position);
        if (t.kind() != Kind.END) {
            position++;
        }
        return t;
    }

    private boolean accept(String punctuation) {
        if (peek().isPunctuation(punctuation)) {
            position++;
            return true;
        }
        return false;
    }

    private void expectPunctuation(String punctuation) {
        if (!accept(punctuation)) {
            Token t = peek();
            throw t.kind() == Kind.END ? malformed("Unexpected term") : malformed("Unexpected token");
        }
    }

    private void expectKeyword(String keyword) {
        if (!peek().isKeyword(keyword)) {
            Token t = peek();
            throw t.kind() == Kind.END ? malformed("Unexpected term") : malformed("Expected " + keyword);
        }
        position++;
    }
}
