/**
 * DynamoDB's expression language: ConditionExpression, FilterExpression, KeyConditionExpression,
 * ProjectionExpression and UpdateExpression, parsed by hand (recursive descent), checked with DynamoDB's error
 * messages and order, and evaluated against items.
 *
 * <p>Entry points: {@link dev.rewind.expression.Expressions} (one method per kind of expression) and
 * {@link dev.rewind.expression.ExpressionContext} (a request's #names and :values, and the unused-placeholder
 * check). Results: {@link dev.rewind.expression.Condition}, {@link dev.rewind.expression.KeyCondition},
 * {@link dev.rewind.expression.Projection}, {@link dev.rewind.expression.Update}.
 *
 * <p>Pipeline: {@code Tokenizer} → {@code ExpressionParser} (syntax only, into {@code Ast}) →
 * {@code ExpressionChecker} (reserved words, functions, placeholders, operand types, overlapping paths) →
 * {@code ExpressionCompiler} (substitutes placeholders, builds evaluators).
 *
 * <p>Depends only on {@code model} and {@code error}; it knows nothing of tables, key schemas or storage (schema
 * checks such as "Query condition missed key schema element" for a wrong name belong to the action layer).
 */
package dev.rewind.expression;
