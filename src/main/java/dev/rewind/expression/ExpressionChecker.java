// Map: DynamoDB's validation of a parsed expression, in DynamoDB's order.
//   Entry points: checkCondition, checkProjection, checkUpdate; resolve (a PathRef to a DocumentPath).
//   Pass 1 (as written): visitCondition1, visitOperand1, visitPath1, checkArity.
//   Pass 2 (placeholders and types): visitCondition2, visitOperand2, visitCall2, usePath, checkType, checkDistinct.
//   Updates and projections: checkNamesDefined, checkOverlaps.
package dev.rewind.expression;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.rewind.error.DynamoException;
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
import dev.rewind.model.AttributeValue;

/**
 * Checks a parsed expression the way DynamoDB does, in DynamoDB's order, and marks the placeholders it uses.
 *
 * <p>Pass 1 walks the expression as written: reserved words, list index range, function names and where each
 * function may be used (and, for conditions, how many operands it takes). Updates then check the #names of the paths
 * they write and whether those paths overlap. Pass 2 resolves placeholders and checks operand types; updates do it
 * from the last action back to the first. Every pass stops at the first problem.
 */
final class ExpressionChecker {
    static final int MAX_PATH_DEPTH = 32;
    static final int MAX_IN_OPERANDS = 100;

    private static final Map<String, Integer> CONDITION_FUNCTIONS = Map.of(
            "attribute_exists", 1, "attribute_not_exists", 1, "attribute_type", 2, "begins_with", 2, "contains", 2);
    private static final Map<String, Integer> OPERAND_FUNCTIONS = Map.of("size", 1);
    private static final Map<String, Integer> UPDATE_FUNCTIONS = Map.of("if_not_exists", 2, "list_append", 2);
    private static final Set<String> NEEDS_PATH =
            Set.of("attribute_exists", "attribute_not_exists", "attribute_type", "if_not_exists");
    private static final Set<String> TYPE_DESCRIPTORS =
            Set.of("S", "N", "B", "SS", "NS", "BS", "M", "L", "NULL", "BOOL");
    private static final String VALID_TYPES = "{N,BS,L,B,NULL,M,S,SS,NS,BOOL}";
    /** What DynamoDB prints as the operand type when attribute_type's second operand is not a :value. */
    private static final String ANY_TYPE =
            "{SS,M,DECIMAL,DOUBLESET,HDS,N,B,DICT,INTSET,BOOL,HD,BS,INT,DECIMALSET,NULL,FLOAT,FS,S,L,NS,DOUBLE}";

    private enum Place { CONDITION, OPERAND }

    private final String parameterName;
    private final ExpressionContext context;
    private final boolean update;

    ExpressionChecker(String parameterName, ExpressionContext context, boolean update) {
        this.parameterName = parameterName;
        this.context = context;
        this.update = update;
    }

    DynamoException error(String message) {
        return DynamoException.validation("Invalid " + parameterName + ": " + message);
    }

    // ---- entry points ----

    void checkCondition(Cond condition) {
        visitCondition1(condition, Place.CONDITION);
        visitCondition2(condition);
    }

    void checkProjection(List<PathRef> paths) {
        for (PathRef p : paths) {
            visitPath1(p);
        }
        for (PathRef p : paths) {
            usePath(p);
        }
        checkOverlaps(paths.stream().map(this::resolve).toList());
    }

    void checkUpdate(List<UpdateClause> clauses) {
        // Pass 1, a section at a time in the order sections first appear; each section may appear once.
        Map<String, List<UpdateClause>> sections = new LinkedHashMap<>();
        for (UpdateClause c : clauses) {
            sections.computeIfAbsent(c.keyword().kind().name(), k -> new ArrayList<>()).add(c);
        }
        for (Map.Entry<String, List<UpdateClause>> section : sections.entrySet()) {
            for (UpdateClause c : section.getValue()) {
                for (UpdateAction a : c.actions()) {
                    visitPath1(a.path());
                    if (a.value() != null) {
                        visitOperand1(a.value(), Place.OPERAND, null);
                    }
                }
            }
            if (section.getValue().size() > 1) {
                throw error("The \"" + section.getKey() + "\" section can only be used once in an update expression;");
            }
        }
        List<UpdateAction> actions = new ArrayList<>();
        List<String> keywords = new ArrayList<>();
        for (UpdateClause c : clauses) {
            for (UpdateAction a : c.actions()) {
                actions.add(a);
                keywords.add(c.keyword().kind().name());
            }
        }
        // The written paths must not overlap; DynamoDB checks this before looking at any value.
        for (UpdateAction a : actions) {
            checkNamesDefined(a.path());
        }
        checkOverlaps(actions.stream().map(a -> resolve(a.path())).toList());
        // Pass 2, from the last action back to the first: every #name first, then values and types.
        for (int i = actions.size() - 1; i >= 0; i--) {
            checkNamesDefined(actions.get(i).path());
            if (actions.get(i).value() != null) {
                checkNamesDefined(actions.get(i).value());
            }
        }
        for (int i = actions.size() - 1; i >= 0; i--) {
            UpdateAction a = actions.get(i);
            usePath(a.path());
            if (a.value() != null) {
                visitOperand2(a.value());
            }
            String keyword = keywords.get(i);
            if (keyword.equals("ADD") || keyword.equals("DELETE")) {
                AttributeValue v = context.peekValue(((ValueRef) a.value()).name());
                boolean allowed = Values.isSet(v) || (keyword.equals("ADD") && v instanceof AttributeValue.N);
                if (!allowed) {
                    throw error("Incorrect operand type for operator or function; operator: " + keyword
                            + ", operand type: " + Values.longTypeName(v) + ", typeSet: ALLOWED_FOR_" + keyword
                            + "_OPERAND");
                }
            }
        }
    }

    // ---- pass 1 ----

    private void visitCondition1(Cond c, Place place) {
        if (c instanceof Or or) {
            visitCondition1(or.left(), Place.CONDITION);
            visitCondition1(or.right(), Place.CONDITION);
        } else if (c instanceof And and) {
            visitCondition1(and.left(), Place.CONDITION);
            visitCondition1(and.right(), Place.CONDITION);
        } else if (c instanceof Not not) {
            visitCondition1(not.inner(), Place.CONDITION);
        } else if (c instanceof ParenCond paren) {
            visitCondition1(paren.inner(), place);
        } else if (c instanceof Compare cmp) {
            visitOperand1(cmp.left(), Place.OPERAND, null);
            visitOperand1(cmp.right(), Place.OPERAND, null);
        } else if (c instanceof Between between) {
            visitOperand1(between.subject(), Place.OPERAND, null);
            visitOperand1(between.low(), Place.OPERAND, null);
            visitOperand1(between.high(), Place.OPERAND, null);
        } else if (c instanceof In in) {
            visitOperand1(in.subject(), Place.OPERAND, null);
            for (Operand o : in.candidates()) {
                visitOperand1(o, Place.OPERAND, null);
            }
        } else if (c instanceof FunctionCond f) {
            visitOperand1(f.call(), Place.CONDITION, null);
        }
    }

    private void visitOperand1(Operand o, Place place, Call enclosing) {
        if (o instanceof PathRef p) {
            visitPath1(p);
        } else if (o instanceof ParenOperand paren) {
            visitOperand1(paren.inner(), place, enclosing);
        } else if (o instanceof Arithmetic arithmetic) {
            visitOperand1(arithmetic.left(), Place.OPERAND, null);
            visitOperand1(arithmetic.right(), Place.OPERAND, null);
        } else if (o instanceof Call call) {
            String name = call.functionName();
            boolean known = CONDITION_FUNCTIONS.containsKey(name) || OPERAND_FUNCTIONS.containsKey(name)
                    || UPDATE_FUNCTIONS.containsKey(name);
            if (!known) {
                throw error("Invalid function name; function: " + name);
            }
            if (update) {
                if (!UPDATE_FUNCTIONS.containsKey(name)) {
                    throw error("The function is not allowed in an update expression; function: " + name);
                }
                // DynamoDB refuses list_append(list_append(...), ...) (ScyllaDB's alternator tests document it).
                if (name.equals("list_append") && enclosing != null
                        && enclosing.functionName().equals("list_append")) {
                    throw error("The function is not allowed to be used this way in an expression; function: " + name);
                }
            } else {
                if (UPDATE_FUNCTIONS.containsKey(name)) {
                    throw error("The function is not allowed in a condition expression; function: " + name);
                }
                if ((place == Place.CONDITION) != CONDITION_FUNCTIONS.containsKey(name)) {
                    throw error("The function is not allowed to be used this way in an expression; function: " + name);
                }
                checkArity(call);
            }
            for (Operand arg : call.args()) {
                visitOperand1(arg, Place.OPERAND, call);
            }
        }
    }

    private void visitPath1(PathRef path) {
        for (PathPart part : path.parts()) {
            if (part instanceof Index index) {
                String digits = index.token().text();
                if (digits.length() > 10 || Long.parseLong(digits) > Integer.MAX_VALUE) {
                    throw error("List index is not within the allowable range; index: [" + digits + "]");
                }
            } else if (part instanceof Name name && !name.isPlaceholder()
                    && ReservedWords.isReserved(name.token().text())) {
                throw error("Attribute name is a reserved keyword; reserved keyword: " + name.token().text());
            }
        }
    }

    private void checkArity(Call call) {
        String name = call.functionName();
        Integer expected = CONDITION_FUNCTIONS.getOrDefault(name,
                OPERAND_FUNCTIONS.getOrDefault(name, UPDATE_FUNCTIONS.get(name)));
        if (call.args().size() != expected) {
            throw error("Incorrect number of operands for operator or function; operator or function: " + name
                    + ", number of operands: " + call.args().size());
        }
    }

    // ---- pass 2 ----

    private void visitCondition2(Cond c) {
        if (c instanceof Or or) {
            visitCondition2(or.left());
            visitCondition2(or.right());
        } else if (c instanceof And and) {
            visitCondition2(and.left());
            visitCondition2(and.right());
        } else if (c instanceof Not not) {
            visitCondition2(not.inner());
        } else if (c instanceof ParenCond paren) {
            visitCondition2(paren.inner());
        } else if (c instanceof Compare cmp) {
            visitOperand2(cmp.left());
            visitOperand2(cmp.right());
            String op = cmp.operator().text();
            checkDistinct(op, cmp.left(), List.of(cmp.right()));
            if (!op.equals("=") && !op.equals("<>")) {
                checkOrderable(op, cmp.left());
                checkOrderable(op, cmp.right());
            }
        } else if (c instanceof Between between) {
            visitOperand2(between.subject());
            visitOperand2(between.low());
            visitOperand2(between.high());
            checkDistinct("BETWEEN", between.subject(), List.of(between.low(), between.high()));
            checkOrderable("BETWEEN", between.subject());
            checkOrderable("BETWEEN", between.low());
            checkOrderable("BETWEEN", between.high());
            if (Ast.unwrap(between.low()) instanceof ValueRef low && Ast.unwrap(between.high()) instanceof ValueRef high) {
                AttributeValue a = context.peekValue(low.name());
                AttributeValue b = context.peekValue(high.name());
                String bounds = "lower bound operand: " + Values.boundText(a) + ", upper bound operand: "
                        + Values.boundText(b);
                if (a.type() != b.type()) {
                    throw error("The BETWEEN operator requires same data type for lower and upper bounds; " + bounds);
                }
                if (Values.compare(a, b) > 0) {
                    throw error("The BETWEEN operator requires upper bound to be greater than or equal to lower "
                            + "bound; " + bounds);
                }
            }
        } else if (c instanceof In in) {
            visitOperand2(in.subject());
            for (Operand o : in.candidates()) {
                visitOperand2(o);
            }
            if (in.candidates().size() > MAX_IN_OPERANDS) {
                throw error("The IN operator is provided with too many operands; number of operands: "
                        + in.candidates().size());
            }
            checkDistinct("IN", in.subject(), in.candidates());
        } else if (c instanceof FunctionCond f) {
            visitOperand2(f.call());
        }
    }

    private void visitOperand2(Operand o) {
        if (o instanceof PathRef p) {
            usePath(p);
        } else if (o instanceof ValueRef v) {
            if (context.useValue(v.name()) == null) {
                throw error("An expression attribute value used in expression is not defined; attribute value: "
                        + v.name());
            }
        } else if (o instanceof ParenOperand paren) {
            visitOperand2(paren.inner());
        } else if (o instanceof Arithmetic arithmetic) {
            visitOperand2(arithmetic.left());
            visitOperand2(arithmetic.right());
            checkType(arithmetic.operator().text(), arithmetic.left(), Set.of("N"));
            checkType(arithmetic.operator().text(), arithmetic.right(), Set.of("N"));
        } else if (o instanceof Call call) {
            visitCall2(call);
        }
    }

    private void visitCall2(Call call) {
        String name = call.functionName();
        if (update) {
            checkArity(call);
        }
        for (Operand arg : call.args()) {
            visitOperand2(arg);
        }
        Operand first = Ast.unwrap(call.args().get(0));
        if (NEEDS_PATH.contains(name) && !(first instanceof PathRef)) {
            throw error("Operator or function requires a document path; operator or function: " + name);
        }
        if (!name.equals("size") && !name.equals("list_append")) {
            checkDistinct(name, call.args().get(0), call.args().subList(1, call.args().size()));
        }
        switch (name) {
            case "size" -> checkType("size", call.args().get(0), Set.of("S", "B", "SS", "NS", "BS", "L", "M"));
            case "begins_with" -> {
                for (Operand arg : call.args()) {
                    checkType("begins_with", arg, Set.of("S", "B"));
                }
            }
            case "list_append" -> {
                for (Operand arg : call.args()) {
                    checkType("list_append", arg, Set.of("L"));
                }
            }
            case "attribute_type" -> {
                Operand second = Ast.unwrap(call.args().get(1));
                if (!(second instanceof ValueRef ref)) {
                    boolean isSize = second instanceof Call c && c.functionName().equals("size");
                    throw typeProblem("attribute_type", isSize ? "N" : ANY_TYPE);
                }
                AttributeValue v = context.peekValue(ref.name());
                if (!(v instanceof AttributeValue.S s)) {
                    throw typeProblem("attribute_type", Values.typeName(v));
                }
                if (!TYPE_DESCRIPTORS.contains(s.value())) {
                    throw error("Invalid attribute type name found; type: " + s.value() + ", valid types: "
                            + VALID_TYPES);
                }
            }
            default -> {
            }
        }
    }

    /** Marks a path's #names used and checks its depth. */
    private void usePath(PathRef path) {
        for (PathPart part : path.parts()) {
            if (part instanceof Name name && name.isPlaceholder() && context.useName(name.token().text()) == null) {
                throw undefinedName(name);
            }
        }
        if (path.parts().size() > MAX_PATH_DEPTH) {
            throw error("The document path has too many nesting levels; nesting levels: " + path.parts().size());
        }
    }

    private void checkNamesDefined(Operand o) {
        if (o instanceof PathRef path) {
            for (PathPart part : path.parts()) {
                if (part instanceof Name name && name.isPlaceholder() && !context.hasName(name.token().text())) {
                    throw undefinedName(name);
                }
            }
        } else if (o instanceof ParenOperand paren) {
            checkNamesDefined(paren.inner());
        } else if (o instanceof Arithmetic arithmetic) {
            checkNamesDefined(arithmetic.left());
            checkNamesDefined(arithmetic.right());
        } else if (o instanceof Call call) {
            call.args().forEach(this::checkNamesDefined);
        }
    }

    private DynamoException undefinedName(Name name) {
        return error("An expression attribute name used in the document path is not defined; attribute name: "
                + name.token().text());
    }

    /** A literal (a :value, or size()) used with an ordering operator must be S, N or B. */
    private void checkOrderable(String operator, Operand o) {
        checkType(operator, o, Set.of("S", "N", "B"));
    }

    private void checkType(String operator, Operand o, Set<String> allowed) {
        String type = staticType(o);
        if (type != null && !allowed.contains(type)) {
            throw typeProblem(operator, type);
        }
    }

    private DynamoException typeProblem(String operator, String type) {
        return error("Incorrect operand type for operator or function; operator or function: " + operator
                + ", operand type: " + type);
    }

    /** The type known before looking at an item: a :value's type, N for size(), otherwise unknown (null). */
    private String staticType(Operand operand) {
        Operand o = Ast.unwrap(operand);
        if (o instanceof ValueRef ref) {
            AttributeValue v = context.peekValue(ref.name());
            return v == null ? null : Values.typeName(v);
        }
        if (o instanceof Call call && call.functionName().equals("size")) {
            return "N";
        }
        return null;
    }

    /** DynamoDB refuses a function or comparison whose first operand is the same path as another operand. */
    private void checkDistinct(String operator, Operand first, List<Operand> rest) {
        if (!(Ast.unwrap(first) instanceof PathRef firstPath)) {
            return;
        }
        DocumentPath resolved = resolve(firstPath);
        for (Operand r : rest) {
            if (Ast.unwrap(r) instanceof PathRef other && resolve(other).equals(resolved)) {
                throw error("The first operand must be distinct from the remaining operands for this operator or "
                        + "function; operator: " + operator + ", first operand: " + resolved);
            }
        }
    }

    /**
     * Two paths of one update or projection may not be equal or one inside the other ("overlap"), nor use one
     * attribute both as a map and as a list ("conflict"). Overlaps are reported before conflicts.
     */
    private void checkOverlaps(List<DocumentPath> paths) {
        String conflict = null;
        for (int j = 1; j < paths.size(); j++) {
            for (int i = 0; i < j; i++) {
                List<Object> a = paths.get(i).elements();
                List<Object> b = paths.get(j).elements();
                int common = Math.min(a.size(), b.size());
                int k = 0;
                boolean differ = false;
                for (; k < common; k++) {
                    Object x = a.get(k);
                    Object y = b.get(k);
                    if ((x instanceof Integer) != (y instanceof Integer)) {
                        if (conflict == null) {
                            conflict = "Two document paths conflict with each other; must remove or rewrite one of "
                                    + "these paths; path one: " + paths.get(i) + ", path two: " + paths.get(j);
                        }
                        differ = true;
                        break;
                    }
                    if (!x.equals(y)) {
                        differ = true;
                        break;
                    }
                }
                if (!differ) {
                    throw error("Two document paths overlap with each other; must remove or rewrite one of these "
                            + "paths; path one: " + paths.get(i) + ", path two: " + paths.get(j));
                }
            }
        }
        if (conflict != null) {
            throw error(conflict);
        }
    }

    /** The path with #names substituted (names must be defined). */
    DocumentPath resolve(PathRef path) {
        List<Object> elements = new ArrayList<>(path.parts().size());
        for (PathPart part : path.parts()) {
            if (part instanceof Index index) {
                elements.add(Integer.parseInt(index.token().text()));
            } else {
                Name name = (Name) part;
                elements.add(name.isPlaceholder() ? context.peekName(name.token().text()) : name.token().text());
            }
        }
        return new DocumentPath(elements);
    }
}
