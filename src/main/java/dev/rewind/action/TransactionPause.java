package dev.rewind.action;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Test seam, never set in production: called by every TransactWriteItems and ExecuteTransaction write once it has
 * claimed its items and before it locks and writes them. The transaction goes on when the returned stage completes,
 * so a test can hold one in flight, without blocking a server thread, and show what concurrent requests meet.
 */
@FunctionalInterface
public interface TransactionPause {
    /** Goes on at once. */
    TransactionPause NONE = tableNames -> null;

    /**
     * @param tableNames the tables the transaction includes, in request order
     * @return when the transaction may go on; null for at once
     */
    CompletionStage<Void> afterClaim(List<String> tableNames);
}
