/**
 * PartiQL for DynamoDB: the statements of ExecuteStatement, BatchExecuteStatement and ExecuteTransaction, parsed by
 * hand (recursive descent) and translated into DynamoDB's own expression language, so that they run through the same
 * reads and writes as Query, Scan, GetItem, PutItem, UpdateItem, DeleteItem and TransactWriteItems.
 *
 * <p>Entry points: {@link dev.rewind.partiql.PartiqlParser#parse} (text → {@link dev.rewind.partiql.PartiqlAst}),
 * then {@link dev.rewind.partiql.PartiqlTranslator} (statement → {@link dev.rewind.partiql.ReadPlan} or
 * {@link dev.rewind.partiql.WritePlan}, whose expressions use generated {@code #nN}/{@code :vN} placeholders).
 * {@code PartiqlValues} maps PartiQL values to attribute values.
 *
 * <p>Depends only on {@code model} and {@code error}; it knows nothing of tables or storage beyond the key names it
 * is given. The actions that run the plans live in {@code action}.
 */
package dev.rewind.partiql;
