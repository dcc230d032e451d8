package dev.rewind.expression;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.rewind.error.DynamoException;
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
import dev.rewind.expression.Ast.PathRef;
import dev.rewind.expression.Ast.ValueRef;
import dev.rewind.model.AttributeValue;

/**
 * The structural rules of a KeyConditionExpression beyond those of any condition: conditions joined by AND only,
 * each comparing one top-level attribute with values using =, <, <=, >, >=, BETWEEN or begins_with, at most one per
 * attribute, and an equality for the partition key. DynamoDB words these messages without the "Invalid
 * KeyConditionExpression: " prefix.
 */
final class KeyConditionShape {
    private static final Map<String, SortKeyOperator> OPERATORS = Map.of("=", SortKeyOperator.EQ,
            "<", SortKeyOperator.LT, "<=", SortKeyOperator.LE, ">", SortKeyOperator.GT, ">=", SortKeyOperator.GE);
    /** {@code :v < k} is {@code k > :v}. */
    private static final Map<String, SortKeyOperator> FLIPPED = Map.of("=", SortKeyOperator.EQ,
            "<", SortKeyOperator.GT, "<=", SortKeyOperator.GE, ">", SortKeyOperator.LT, ">=", SortKeyOperator.LE);

    static final int MAX_KEY_ATTRIBUTES = 8;

    private final ExpressionContext context;
    private final ExpressionChecker checker;

    KeyConditionShape(ExpressionContext context, ExpressionChecker checker) {
        this.context = context;
        this.checker = checker;
    }

    KeyCondition keyCondition(Cond ast) {
        List<Cond> parts = new ArrayList<>();
        collect(ast, parts);
        List<SortKeyCondition> conditions = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Cond part : parts) {
            SortKeyCondition condition = condition(part);
            if (!seen.add(condition.attributeName())) {
                throw DynamoException.validation("KeyConditionExpressions must only contain one condition per key");
            }
            conditions.add(condition);
        }
        // a multi-attribute GSI key has up to 4 partition and 4 sort key attributes; the query checks the schema
        if (conditions.size() > MAX_KEY_ATTRIBUTES) {
            throw DynamoException.validation("Query condition missed key schema element");
        }
        SortKeyCondition partition = conditions.stream()
                .filter(c -> c.operator() == SortKeyOperator.EQ)
                .findFirst()
                .orElseThrow(() -> DynamoException.validation("Query key condition not supported"));
        Optional<SortKeyCondition> sort = conditions.stream().filter(c -> c != partition).findFirst();
        return new KeyCondition(partition.attributeName(), partition.operands().get(0), sort, conditions);
    }

    private static void collect(Cond cond, List<Cond> parts) {
        Cond c = Ast.unwrap(cond);
        if (c instanceof And and) {
            collect(and.left(), parts);
            collect(and.right(), parts);
        } else if (c instanceof Or) {
            throw invalidOperator("OR");
        } else if (c instanceof Not) {
            throw invalidOperator("NOT");
        } else if (c instanceof In) {
            throw invalidOperator("IN");
        } else if (c instanceof Compare cmp && cmp.operator().text().equals("<>")) {
            throw invalidOperator("<>");
        } else if (c instanceof FunctionCond f && !f.call().functionName().equals("begins_with")) {
            throw invalidOperator(f.call().functionName());
        } else {
            parts.add(c);
        }
    }

    private static DynamoException invalidOperator(String operator) {
        return DynamoException.validation("Invalid operator used in KeyConditionExpression: " + operator);
    }

    private SortKeyCondition condition(Cond part) {
        List<Operand> operands;
        String label;
        if (part instanceof Compare cmp) {
            operands = List.of(cmp.left(), cmp.right());
            label = cmp.operator().text();
        } else if (part instanceof Between between) {
            operands = List.of(between.subject(), between.low(), between.high());
            label = "BETWEEN";
        } else {
            operands = ((FunctionCond) part).call().args();
            label = "begins_with";
        }
        for (Operand o : operands) {
            if (Ast.unwrap(o) instanceof Call) {
                throw DynamoException.validation("KeyConditionExpressions cannot contain nested operations");
            }
        }
        if (!(part instanceof Compare) && !(Ast.unwrap(operands.get(0)) instanceof PathRef)) {
            throw DynamoException.validation("Invalid condition in KeyConditionExpression: " + label
                    + " operator must have the key attribute as its first operand");
        }
        PathRef path = null;
        int pathIndex = -1;
        List<AttributeValue> values = new ArrayList<>();
        for (int i = 0; i < operands.size(); i++) {
            Operand o = Ast.unwrap(operands.get(i));
            if (o instanceof PathRef p) {
                if (path != null) {
                    throw DynamoException.validation(
                            "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition");
                }
                if (p.parts().size() > 1) {
                    throw DynamoException.validation("KeyConditionExpressions cannot have conditions on nested attributes");
                }
                path = p;
                pathIndex = i;
            } else {
                values.add(context.peekValue(((ValueRef) o).name()));
            }
        }
        if (path == null) {
            throw DynamoException.validation("Invalid condition in KeyConditionExpression: No key attribute specified");
        }
        String name = checker.resolve(path).topLevelName();
        SortKeyOperator operator = switch (label) {
            case "BETWEEN" -> SortKeyOperator.BETWEEN;
            case "begins_with" -> SortKeyOperator.BEGINS_WITH;
            default -> (pathIndex == 0 ? OPERATORS : FLIPPED).get(label);
        };
        return new SortKeyCondition(name, operator, values);
    }
}
