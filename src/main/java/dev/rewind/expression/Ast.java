package dev.rewind.expression;

import java.util.List;

/**
 * The parsed, unresolved form of an expression: names and values are still #placeholders and :placeholders, and
 * nothing has been checked beyond syntax. {@link ExpressionChecker} checks it and {@link ExpressionCompiler} turns it
 * into something that evaluates.
 */
sealed interface Ast {

    /** Something that has a value: a :value, a document path, a function call, or (in SET) arithmetic. */
    sealed interface Operand extends Ast permits ValueRef, PathRef, Call, ParenOperand, Arithmetic {
    }

    /** Something that is true or false. */
    sealed interface Cond extends Ast permits Or, And, Not, ParenCond, Compare, Between, In, FunctionCond {
    }

    /** One step of a document path. */
    sealed interface PathPart permits Name, Index {
        Token token();
    }

    /** A bare name or a #placeholder. */
    record Name(Token token) implements PathPart {
        boolean isPlaceholder() {
            return token.is(Token.Kind.NAME_PLACEHOLDER);
        }
    }

    /** A list index, still as written. */
    record Index(Token token) implements PathPart {
    }

    record ValueRef(Token token) implements Operand {
        String name() {
            return token.text();
        }
    }

    record PathRef(List<PathPart> parts) implements Operand {
    }

    record Call(Token name, List<Operand> args) implements Operand {
        String functionName() {
            return name.text();
        }
    }

    record ParenOperand(Operand inner) implements Operand {
    }

    /** {@code a + b} or {@code a - b}, only in an update's SET. */
    record Arithmetic(Token operator, Operand left, Operand right) implements Operand {
    }

    record Or(Cond left, Cond right) implements Cond {
    }

    record And(Cond left, Cond right) implements Cond {
    }

    record Not(Cond inner) implements Cond {
    }

    record ParenCond(Cond inner) implements Cond {
    }

    record Compare(Token operator, Operand left, Operand right) implements Cond {
    }

    record Between(Operand subject, Operand low, Operand high) implements Cond {
    }

    record In(Operand subject, List<Operand> candidates) implements Cond {
    }

    /** A function used as a condition: attribute_exists(a), begins_with(a, :v), ... */
    record FunctionCond(Call call) implements Cond {
    }

    /** One action of an update: the path it writes, and the value (null for REMOVE). */
    record UpdateAction(PathRef path, Operand value) {
    }

    /** One SET, REMOVE, ADD or DELETE section with its actions. */
    record UpdateClause(Token keyword, List<UpdateAction> actions) {
    }

    static Operand unwrap(Operand operand) {
        Operand o = operand;
        while (o instanceof ParenOperand p) {
            o = p.inner();
        }
        return o;
    }

    static Cond unwrap(Cond cond) {
        Cond c = cond;
        while (c instanceof ParenCond p) {
            c = p.inner();
        }
        return c;
    }
}
