// Map: the recursive-descent parser for all three grammars.
//   Entry points: parseCondition, parseUpdate, parseProjection (each consumes the whole token list).
//   Conditions: condition (OR) > andCondition (AND) > notCondition (NOT) > primary ('(' ambiguity) > comparison.
//   Operands and paths: operand, call, path. Updates: setAction (with the '(' value ambiguity), setValue,
//   addOrDeleteAction. Errors: SyntaxProblem (token index) and RedundantParentheses; nesting capped by enter().
package dev.rewind.expression;

import java.util.ArrayList;
import java.util.List;

import dev.rewind.expression.Ast.And;
import dev.rewind.expression.Ast.Arithmetic;
import dev.rewind.expression.Ast.Between;
import dev.rewind.expression.Ast.Call;
import dev.rewind.expression.Ast.Compare;
import dev.rewind.expression.Ast.Cond;
import dev.rewind.expression.Ast.FunctionCond;
import dev.rewind.expression.Ast.In;
import dev.rewind.expression.Ast.Index;
import dev.rewind.expression.Ast.Name;
import dev.rewind.expression.Ast.Not;
import dev.rewind.expression.Ast.Operand;
import dev.rewind.expression.Ast.Or;
import dev.rewind.expression.Ast.ParenCond;
import dev.rewind.expression.Ast.ParenOperand;
import dev.rewind.expression.Ast.PathPart;
import dev.rewind.expression.Ast.PathRef;
import dev.rewind.expression.Ast.UpdateAction;
import dev.rewind.expression.Ast.UpdateClause;
import dev.rewind.expression.Ast.ValueRef;
import dev.rewind.expression.Token.Kind;

/**
 * Recursive-descent parser for the three grammars (condition, update, projection). It only checks syntax; errors
 * are reported as DynamoDB does: the token where reading stopped and the text around it. Where the grammar is
 * ambiguous (a condition starting with '(' may be a parenthesised condition or a comparison whose first operand is
 * parenthesised) both readings are tried and the error of the one that read furthest wins, as in DynamoDB.
 *
 * <p>Nesting (parentheses, NOT, function calls) is capped at {@link #MAX_NESTING} so that hostile input cannot
 * overflow the stack; past the cap the parser reports a syntax error at the token where it gave up.
 */
final class ExpressionParser {
    static final int MAX_NESTING = 100;

    /** A syntax error at a token index; turned into a ValidationException by the caller. */
    static final class SyntaxProblem extends RuntimeException {
        final int at;

        SyntaxProblem(int at) {
            super(null, null, false, false);
            this.at = at;
        }
    }

    /** "The expression has redundant parentheses;": two pairs of parentheses straight around the same thing. */
    static final class RedundantParentheses extends RuntimeException {
        RedundantParentheses() {
            super(null, null, false, false);
        }
    }

    private final List<Token> tokens;
    private int position;
    private int depth;

    ExpressionParser(List<Token> tokens) {
        this.tokens = tokens;
    }

    List<Token> tokens() {
        return tokens;
    }

    // ---- entry points ----

    Cond parseCondition() {
        Cond c = condition();
        expectEnd();
        return c;
    }

    List<UpdateClause> parseUpdate() {
        List<UpdateClause> clauses = new ArrayList<>();
        do {
            Token keyword = peek();
            switch (keyword.kind()) {
                case SET -> {
                    next();
                    List<UpdateAction> actions = new ArrayList<>();
                    actions.add(setAction());
                    while (accept(Kind.COMMA)) {
                        actions.add(setAction());
                    }
                    clauses.add(new UpdateClause(keyword, actions));
                }
                case REMOVE -> {
                    next();
                    List<UpdateAction> actions = new ArrayList<>();
                    actions.add(new UpdateAction(path(), null));
                    while (accept(Kind.COMMA)) {
                        actions.add(new UpdateAction(path(), null));
                    }
                    clauses.add(new UpdateClause(keyword, actions));
                }
                case ADD, DELETE -> {
                    next();
                    List<UpdateAction> actions = new ArrayList<>();
                    actions.add(addOrDeleteAction());
                    while (accept(Kind.COMMA)) {
                        actions.add(addOrDeleteAction());
                    }
                    clauses.add(new UpdateClause(keyword, actions));
                }
                default -> throw fail();
            }
        } while (!peek().is(Kind.END));
        return clauses;
    }

    List<PathRef> parseProjection() {
        List<PathRef> paths = new ArrayList<>();
        paths.add(path());
        while (accept(Kind.COMMA)) {
            paths.add(path());
        }
        expectEnd();
        return paths;
    }

    // ---- conditions ----

    private Cond condition() {
        Cond left = andCondition();
        while (peek().is(Kind.OR)) {
            next();
            left = new Or(left, andCondition());
        }
        return left;
    }

    private Cond andCondition() {
        Cond left = notCondition();
        while (peek().is(Kind.AND)) {
            next();
            left = new And(left, notCondition());
        }
        return left;
    }

    private Cond notCondition() {
        if (peek().is(Kind.NOT)) {
            next();
            enter();
            try {
                return new Not(notCondition());
            } finally {
                depth--;
            }
        }
        return primary();
    }

    private Cond primary() {
        if (!peek().is(Kind.LEFT_PAREN)) {
            return comparison();
        }
        int start = position;
        SyntaxProblem first;
        try {
            next();
            enter();
            Cond parenthesised;
            try {
                Cond inner = condition();
                expect(Kind.RIGHT_PAREN);
                if (inner instanceof ParenCond) {
                    throw new RedundantParentheses();
                }
                parenthesised = new ParenCond(inner);
            } finally {
                depth--;
            }
            if (!continuesComparison(peek())) {
                return parenthesised;
            }
            // "(size(a)) > :v": the parentheses were around the first operand of a comparison.
            int end = position;
            position = start;
            try {
                return comparison();
            } catch (SyntaxProblem e) {
                position = end;
                return parenthesised;
            }
        } catch (SyntaxProblem e) {
            first = e;
        }
        position = start;
        try {
            return comparison();
        } catch (SyntaxProblem second) {
            position = start;
            throw second.at > first.at ? second : first;
        }
    }

    private static boolean continuesComparison(Token t) {
        return t.isComparator() || t.is(Kind.BETWEEN) || t.is(Kind.IN);
    }

    private Cond comparison() {
        Operand left = operand();
        Token t = peek();
        if (t.isComparator()) {
            next();
            return new Compare(t, left, operand());
        }
        if (t.is(Kind.BETWEEN)) {
            next();
            Operand low = operand();
            expect(Kind.AND);
            return new Between(left, low, operand());
        }
        if (t.is(Kind.IN)) {
            next();
            expect(Kind.LEFT_PAREN);
            List<Operand> candidates = new ArrayList<>();
            candidates.add(operand());
            while (accept(Kind.COMMA)) {
                candidates.add(operand());
            }
            expect(Kind.RIGHT_PAREN);
            return new In(left, candidates);
        }
        if (left instanceof Call call) {
            return new FunctionCond(call);
        }
        throw fail();
    }

    // ---- operands and paths ----

    private Operand operand() {
        Token t = peek();
        switch (t.kind()) {
            case VALUE_PLACEHOLDER -> {
                next();
                return new ValueRef(t);
            }
            case LEFT_PAREN -> {
                next();
                enter();
                try {
                    Operand inner = operand();
                    expect(Kind.RIGHT_PAREN);
                    if (inner instanceof ParenOperand) {
                        throw new RedundantParentheses();
                    }
                    return new ParenOperand(inner);
                } finally {
                    depth--;
                }
            }
            case IDENTIFIER -> {
                return peekAt(1).is(Kind.LEFT_PAREN) ? call() : path();
            }
            case NAME_PLACEHOLDER -> {
                return path();
            }
            default -> throw fail();
        }
    }

    private Call call() {
        Token name = next();
        expect(Kind.LEFT_PAREN);
        enter();
        try {
            List<Operand> args = new ArrayList<>();
            args.add(operand());
            while (accept(Kind.COMMA)) {
                args.add(operand());
            }
            expect(Kind.RIGHT_PAREN);
            return new Call(name, args);
        } finally {
            depth--;
        }
    }

    private PathRef path() {
        Token first = peek();
        if (!first.is(Kind.IDENTIFIER) && !first.is(Kind.NAME_PLACEHOLDER)) {
            throw fail();
        }
        next();
        List<PathPart> parts = new ArrayList<>();
        parts.add(new Name(first));
        while (true) {
            if (accept(Kind.DOT)) {
                Token t = peek();
                if (!t.is(Kind.IDENTIFIER) && !t.is(Kind.NAME_PLACEHOLDER)) {
                    throw fail();
                }
                next();
                parts.add(new Name(t));
            } else if (accept(Kind.LEFT_BRACKET)) {
                Token index = expect(Kind.INTEGER);
                expect(Kind.RIGHT_BRACKET);
                parts.add(new Index(index));
            } else {
                return new PathRef(parts);
            }
        }
    }

    // ---- update actions ----

    private UpdateAction setAction() {
        PathRef path = path();
        expect(Kind.EQ);
        if (!peek().is(Kind.LEFT_PAREN)) {
            return new UpdateAction(path, setValue());
        }
        // DynamoDB accepts one pair of parentheses around the whole value, including arithmetic: SET c = (c - :v).
        int start = position;
        SyntaxProblem first;
        try {
            next();
            Operand value = setValue();
            expect(Kind.RIGHT_PAREN);
            if (peek().is(Kind.PLUS) || peek().is(Kind.MINUS)) {
                throw fail(); // "(a) + :v": the parentheses were around the first operand only
            }
            if (value instanceof ParenOperand) {
                throw new RedundantParentheses();
            }
            return new UpdateAction(path, value instanceof Arithmetic ? value : new ParenOperand(value));
        } catch (SyntaxProblem e) {
            first = e;
        }
        position = start;
        try {
            return new UpdateAction(path, setValue());
        } catch (SyntaxProblem second) {
            throw second.at > first.at ? second : first;
        }
    }

    private Operand setValue() {
        Operand left = operand();
        Token t = peek();
        if (t.is(Kind.PLUS) || t.is(Kind.MINUS)) {
            next();
            return new Arithmetic(t, left, operand());
        }
        return left;
    }

    private UpdateAction addOrDeleteAction() {
        PathRef path = path();
        Token value = expect(Kind.VALUE_PLACEHOLDER);
        return new UpdateAction(path, new ValueRef(value));
    }

    // ---- token helpers ----

    private void enter() {
        if (++depth > MAX_NESTING) {
            depth--;
            throw fail();
        }
    }

    private Token peek() {
        return tokens.get(position);
    }

    private Token peekAt(int ahead) {
        return tokens.get(Math.min(position + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token t = tokens.get(position);
        if (position < tokens.size() - 1) {
            position++;
        }
        return t;
    }

    private boolean accept(Kind kind) {
        if (peek().is(kind)) {
            next();
            return true;
        }
        return false;
    }

    private Token expect(Kind kind) {
        if (!peek().is(kind)) {
            throw fail();
        }
        return next();
    }

    private void expectEnd() {
        if (!peek().is(Kind.END)) {
            throw fail();
        }
    }

    private SyntaxProblem fail() {
        return new SyntaxProblem(position);
    }
}
