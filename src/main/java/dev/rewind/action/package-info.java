/**
 * One class per DynamoDB operation ({@code <Operation>Action}), found through
 * {@link dev.rewind.action.ActionRegistry}. Each reads top to bottom: request-only checks, the table, the work.
 * Single-item writes all go through {@link dev.rewind.action.ItemWrites}, multi-item writes (transactions and
 * BatchWriteItem) through {@link dev.rewind.action.Transactions}, which also applies DynamoDB's transaction conflict
 * rules. The legacy parameters (Expected, AttributeUpdates, KeyConditions, ...) become expressions in
 * {@link dev.rewind.action.LegacyParameters}; ReturnConsumedCapacity and ReturnItemCollectionMetrics are computed by
 * {@link dev.rewind.action.ConsumedCapacity} and {@link dev.rewind.action.ItemCollectionMetrics}. Depends on
 * {@code protocol}, {@code expression}, {@code table}, {@code storage} (interface only), {@code model},
 * {@code error}; never on {@code http}.
 */
package dev.rewind.action;
