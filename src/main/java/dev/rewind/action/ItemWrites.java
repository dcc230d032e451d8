package dev.rewind.action;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

import dev.rewind.error.DynamoException;
import dev.rewind.expression.Condition;
import dev.rewind.model.AttributeValue;
import dev.rewind.model.ItemCodec;
import dev.rewind.storage.TableStore;
import dev.rewind.storage.WriteBatch;
import dev.rewind.table.Table;

/**
 * The one path every single-item write takes: lock the row, read the current item, check the condition, compute the
 * new item, write item + index entries + statistics in one atomic batch. Durability is awaited outside the lock, so
 * group commit can gather many writers into one fsync.
 *
 * <p>As on DynamoDB, a write of an item that a transaction in flight includes fails with TransactionConflictException
 * instead of waiting for it (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html
 * #transaction-conflict-handling); a transaction that claims the item after this check waits for the row lock.
 */
final class ItemWrites {
    private static final Map<String, AttributeValue> NO_ITEM = Map.of();

    private ItemWrites() {
    }

    /** What a write replaced and wrote, and when it is durable. */
    record Result(Map<String, AttributeValue> oldItem, Map<String, AttributeValue> newItem,
            CompletableFuture<Void> durable) {
    }

    /**
     * @param keyItem a map holding at least the table's key attributes (already validated)
     * @param condition checked against the current item (an empty map when there is none); null for none
     * @param returnOldOnFailure whether ConditionalCheckFailedException carries the current item
     * @param change from the current item (null if none) to the new one (null to delete)
     */
    static Result write(Table table, Map<String, AttributeValue> keyItem, Condition condition,
            boolean returnOldOnFailure, UnaryOperator<Map<String, AttributeValue>> change) {
        TableStore store = table.store();
        byte[] partition = table.key().partition(keyItem);
        byte[] clustering = table.key().clustering(keyItem);
        if (table.claims().isClaimed(partition, clustering)) {
            throw DynamoException.transactionConflict();
        }
        try (TableStore.RowLock lock = store.lock(partition, clustering)) {
            byte[] current = store.get(TableStore.TABLE_SPACE, partition, clustering);
            Map<String, AttributeValue> oldItem = current == null ? null : ItemCodec.decode(current);
            if (condition != null && !condition.test(oldItem == null ? NO_ITEM : oldItem)) {
                throw DynamoException.conditionalCheckFailed(returnOldOnFailure ? oldItem : null);
            }
            Map<String, AttributeValue> newItem = change.apply(oldItem);
            if (oldItem == null && newItem == null) {
                return new Result(null, null, CompletableFuture.completedFuture(null));
            }
            WriteBatch batch = new WriteBatch();
            Table.Stored stored = table.addWrite(batch, oldItem, newItem);
            return new Result(oldItem, newItem,
                    table.writeChange(batch, partition, clustering, current, stored, false));
        }
    }

    /** The stored bytes of one item by its key (already validated); null if absent. */
    static byte[] readStored(Table table, Map<String, AttributeValue> key) {
        return table.store().get(TableStore.TABLE_SPACE, table.key().partition(key), table.key().clustering(key));
    }

    /** Reads one item by its key (already validated); null if absent. */
    static Map<String, AttributeValue> read(Table table, Map<String, AttributeValue> key) {
        byte[] bytes = table.store().get(TableStore.TABLE_SPACE, table.key().partition(key),
                table.key().clustering(key));
        return bytes == null ? null : ItemCodec.decode(bytes);
    }
}
