package dev.rewind.expression;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

import dev.rewind.error.DynamoException;
import dev.rewind.expression.Ast.Cond;

/**
 * Entry points: parse, check and compile one expression of a request. All expressions of one request share an
 * {@link ExpressionContext}; after parsing them all, call {@link ExpressionContext#checkAllUsed()}.
 *
 * <p>Every error is a ValidationException worded as DynamoDB words it, prefixed with "Invalid &lt;parameter&gt;: "
 * (except KeyConditionExpression's structural errors, which DynamoDB does not prefix).
 */
public final class Expressions {
    /** DynamoDB's limit on an expression's length, in UTF-8 bytes, before placeholders are substituted. */
    public static final int MAX_EXPRESSION_BYTES = 4096;

    private Expressions() {
    }

    /** Parses a ConditionExpression or FilterExpression ({@code parameterName} names it in error messages). */
    public static Condition parseCondition(String text, String parameterName, ExpressionContext ctx) {
        requireNonNull(parameterName, "parameterName is null");
        requireNonNull(ctx, "ctx is null");
        Cond ast = parse(text, parameterName, ExpressionParser::parseCondition);
        ExpressionChecker checker = new ExpressionChecker(parameterName, ctx, false);
        checker.checkCondition(ast);
        return new ExpressionCompiler(ctx, checker).condition(ast);
    }

    public static KeyCondition parseKeyCondition(String text, ExpressionContext ctx) {
        requireNonNull(ctx, "ctx is null");
        String parameterName = "KeyConditionExpression";
        Cond ast = parse(text, parameterName, ExpressionParser::parseCondition);
        ExpressionChecker checker = new ExpressionChecker(parameterName, ctx, false);
        checker.checkCondition(ast);
        return new KeyConditionShape(ctx, checker).keyCondition(ast);
    }

    public static Projection parseProjection(String text, ExpressionContext ctx) {
        requireNonNull(ctx, "ctx is null");
        String parameterName = "ProjectionExpression";
        List<Ast.PathRef> paths = parse(text, parameterName, ExpressionParser::parseProjection);
        ExpressionChecker checker = new ExpressionChecker(parameterName, ctx, false);
        checker.checkProjection(paths);
        return new Projection(paths.stream().map(checker::resolve).toList());
    }

    public static Update parseUpdate(String text, ExpressionContext ctx) {
        requireNonNull(ctx, "ctx is null");
        String parameterName = "UpdateExpression";
        List<Ast.UpdateClause> clauses = parse(text, parameterName, ExpressionParser::parseUpdate);
        ExpressionChecker checker = new ExpressionChecker(parameterName, ctx, true);
        checker.checkUpdate(clauses);
        return new ExpressionCompiler(ctx, checker).update(clauses);
    }

    private static <T> T parse(String text, String parameterName, Function<ExpressionParser, T> grammar) {
        requireNonNull(text, "text is null");
        String prefix = "Invalid " + parameterName + ": ";
        if (text.isEmpty()) {
            throw DynamoException.validation(prefix + "The expression can not be empty;");
        }
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_EXPRESSION_BYTES) {
            // AWS appends the size for condition and filter expressions only.
            boolean withSize = parameterName.equals("ConditionExpression") || parameterName.equals("FilterExpression");
            throw DynamoException.validation(prefix + "Expression size has exceeded the maximum allowed size;"
                    + (withSize ? " expression size: " + bytes : ""));
        }
        ExpressionParser parser = new ExpressionParser(Tokenizer.tokenize(text));
        try {
            return grammar.apply(parser);
        } catch (ExpressionParser.SyntaxProblem e) {
            throw DynamoException.validation(prefix + Tokenizer.syntaxError(text, parser.tokens(), e.at));
        } catch (ExpressionParser.RedundantParentheses e) {
            throw DynamoException.validation(prefix + "The expression has redundant parentheses;");
        }
    }
}
