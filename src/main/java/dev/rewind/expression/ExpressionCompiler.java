package dev.rewind.expression;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.rewind.expression.Ast.And;
import dev.rewind.expression.Ast.Between;
import dev.rewind.expression.Ast.Call;
import dev.rewind.expression.Ast.Compare;
import dev.rewind.expression.Ast.Cond;
import dev.rewind.expression.Ast.FunctionCond;
import dev.rewind.expression.Ast.In;
import dev.rewind.expression.Ast.Not;
import dev.rewind.expression.Ast.Operand;
import dev.rewind.expression.Ast.Or;
import dev.rewind.expression.Ast.ParenCond;
import dev.rewind.expression.Ast.PathRef;
import dev.rewind.expression.Ast.UpdateAction;
import dev.rewind.expression.Ast.UpdateClause;
import dev.rewind.expression.Ast.ValueRef;
import dev.rewind.model.AttributeValue;

/**
 * Turns a checked expression into objects that evaluate it: placeholders are substituted once, here. Missing
 * operands evaluate to null; every comparison with a missing operand is false except {@code <>}, which is true.
 */
final class ExpressionCompiler {

    /** The value of an operand for one item, or null when there is none. */
    @FunctionalInterface
    interface Evaluator {
        AttributeValue evaluate(Map<String, AttributeValue> item);
    }

    private final ExpressionContext context;
    private final ExpressionChecker checker;

    ExpressionCompiler(ExpressionContext context, ExpressionChecker checker) {
        this.context = context;
        this.checker = checker;
    }

    Condition condition(Cond cond) {
        if (cond instanceof ParenCond paren) {
            return condition(paren.inner());
        } else if (cond instanceof Or or) {
            Condition left = condition(or.left());
            Condition right = condition(or.right());
            return item -> left.test(item) || right.test(item);
        } else if (cond instanceof And and) {
            Condition left = condition(and.left());
            Condition right = condition(and.right());
            return item -> left.test(item) && right.test(item);
        } else if (cond instanceof Not not) {
            Condition inner = condition(not.inner());
            return item -> !inner.test(item);
        } else if (cond instanceof Compare cmp) {
            return comparison(cmp.operator().text(), operand(cmp.left()), operand(cmp.right()));
        } else if (cond instanceof Between between) {
            Evaluator subject = operand(between.subject());
            Evaluator low = operand(between.low());
            Evaluator high = operand(between.high());
            return item -> {
                AttributeValue v = subject.evaluate(item);
                AttributeValue lo = low.evaluate(item);
                AttributeValue hi = high.evaluate(item);
                if (v == null || lo == null || hi == null) {
                    return false;
                }
                Integer above = Values.compare(lo, v);
                Integer below = Values.compare(v, hi);
                return above != null && below != null && above <= 0 && below <= 0;
            };
        } else if (cond instanceof In in) {
            Evaluator subject = operand(in.subject());
            List<Evaluator> candidates = in.candidates().stream().map(this::operand).toList();
            return item -> {
                AttributeValue v = subject.evaluate(item);
                if (v == null) {
                    return false;
                }
                for (Evaluator candidate : candidates) {
                    if (v.equals(candidate.evaluate(item))) {
                        return true;
                    }
                }
                return false;
            };
        }
        return function(((FunctionCond) cond).call());
    }

    private static Condition comparison(String operator, Evaluator left, Evaluator right) {
        return switch (operator) {
            case "=" -> item -> {
                AttributeValue a = left.evaluate(item);
                return a != null && a.equals(right.evaluate(item));
            };
            case "<>" -> item -> {
                AttributeValue a = left.evaluate(item);
                AttributeValue b = right.evaluate(item);
                return a == null || b == null || !a.equals(b);
            };
            default -> item -> {
                AttributeValue a = left.evaluate(item);
                AttributeValue b = right.evaluate(item);
                Integer c = a == null || b == null ? null : Values.compare(a, b);
                if (c == null) {
                    return false;
                }
                return switch (operator) {
                    case "<" -> c < 0;
                    case "<=" -> c <= 0;
                    case ">" -> c > 0;
                    default -> c >= 0;
                };
            };
        };
    }

    private Condition function(Call call) {
        List<Evaluator> args = call.args().stream().map(this::operand).toList();
        Evaluator first = args.get(0);
        return switch (call.functionName()) {
            case "attribute_exists" -> item -> first.evaluate(item) != null;
            case "attribute_not_exists" -> item -> first.evaluate(item) == null;
            case "attribute_type" -> {
                String type = ((AttributeValue.S) args.get(1).evaluate(Map.of())).value();
                yield item -> {
                    AttributeValue v = first.evaluate(item);
                    return v != null && v.type().name().equals(type);
                };
            }
            case "begins_with" -> item -> {
                AttributeValue a = first.evaluate(item);
                AttributeValue b = args.get(1).evaluate(item);
                return a != null && b != null && Values.beginsWith(a, b);
            };
            case "contains" -> item -> {
                AttributeValue a = first.evaluate(item);
                AttributeValue b = args.get(1).evaluate(item);
                return a != null && b != null && Values.contains(a, b);
            };
            default -> throw new IllegalStateException("not a condition function: " + call.functionName());
        };
    }

    Evaluator operand(Operand operand) {
        Operand o = Ast.unwrap(operand);
        if (o instanceof ValueRef ref) {
            AttributeValue value = context.peekValue(ref.name());
            return item -> value;
        } else if (o instanceof PathRef path) {
            DocumentPath resolved = checker.resolve(path);
            return resolved::get;
        } else if (o instanceof Call call && call.functionName().equals("size")) {
            Evaluator inner = operand(call.args().get(0));
            return item -> {
                AttributeValue v = inner.evaluate(item);
                Integer size = v == null ? null : Values.size(v);
                return size == null ? null : AttributeValue.n(size);
            };
        }
        throw new IllegalStateException("not a condition operand: " + o);
    }

    Update update(List<UpdateClause> clauses) {
        List<Update.Action> actions = new ArrayList<>();
        List<String> sections = new ArrayList<>();
        for (UpdateClause clause : clauses) {
            String keyword = clause.keyword().kind().name();
            if (!sections.contains(keyword)) {
                sections.add(keyword);
            }
            Update.ActionKind kind = Update.ActionKind.valueOf(keyword);
            int section = sections.indexOf(keyword);
            for (UpdateAction a : clause.actions()) {
                DocumentPath path = checker.resolve(a.path());
                switch (kind) {
                    case SET -> actions.add(new Update.Action(kind, section, path, setValue(a.value()), null));
                    case REMOVE -> actions.add(new Update.Action(kind, section, path, null, null));
                    case ADD, DELETE -> actions.add(new Update.Action(kind, section, path, null,
                            context.peekValue(((ValueRef) a.value()).name())));
                }
            }
        }
        return new Update(actions);
    }

    private Update.SetValue setValue(Operand operand) {
        Operand o = Ast.unwrap(operand);
        if (o instanceof ValueRef ref) {
            return new Update.Constant(context.peekValue(ref.name()));
        } else if (o instanceof PathRef path) {
            return new Update.PathValue(checker.resolve(path));
        } else if (o instanceof Ast.Arithmetic arithmetic) {
            return new Update.Arithmetic(arithmetic.operator().text().equals("-"), setValue(arithmetic.left()),
                    setValue(arithmetic.right()));
        } else if (o instanceof Call call && call.functionName().equals("if_not_exists")) {
            return new Update.IfNotExists(checker.resolve((PathRef) Ast.unwrap(call.args().get(0))),
                    setValue(call.args().get(1)));
        } else if (o instanceof Call call && call.functionName().equals("list_append")) {
            return new Update.ListAppend(setValue(call.args().get(0)), setValue(call.args().get(1)));
        }
        throw new IllegalStateException("not an update operand: " + o);
    }
}
