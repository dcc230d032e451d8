package dev.rewind.action;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.rewind.error.DynamoException;
import dev.rewind.error.ErrorCode;
import dev.rewind.model.AttributeValue;
import dev.rewind.partiql.PartiqlAst;
import dev.rewind.protocol.JsonRequest;
import dev.rewind.protocol.ResponseBody;
import dev.rewind.protocol.Validation;

/**
 * ExecuteTransaction: 1 to 100 PartiQL statements applied all or none. Either all are single-item SELECTs (run as
 * TransactGetItems) or all are writes: INSERT, UPDATE, DELETE and {@code EXISTS(SELECT ...)} condition checks (run
 * as TransactWriteItems, with the same locking, conflicts, cancellation reasons and ClientRequestToken idempotency).
 */
final class ExecuteTransactionAction implements Action {
    private final PartiqlStatements statements;
    private final Transactions transactions;
    private final IdempotencyTokens tokens;

    ExecuteTransactionAction(PartiqlStatements statements, Transactions transactions, IdempotencyTokens tokens) {
        this.statements = statements;
        this.transactions = transactions;
        this.tokens = tokens;
    }

    private record Entry(PartiqlAst.Statement statement, List<AttributeValue> parameters, boolean returnOld) {
    }

    @Override
    public CompletableFuture<ResponseBody> handle(RequestContext context, JsonRequest request) {
        List<JsonNode> nodes = request.list("TransactStatements");
        String token = request.string("ClientRequestToken");
        new Validation().notNull(nodes, "transactStatements").check();
        ConsumedCapacity.Detail capacityDetail = ConsumedCapacity.detail(request);
        if (nodes.isEmpty() || nodes.size() > TransactWriteItemsAction.MAX_ACTIONS) {
            throw DynamoException.validation("1 validation error detected: Value at 'transactStatements' failed to "
                    + "satisfy constraint: Member must have length " + (nodes.isEmpty()
                            ? "greater than or equal to 1"
                            : "less than or equal to " + TransactWriteItemsAction.MAX_ACTIONS));
        }
        if (token != null && (token.isEmpty() || token.length() > 36)) {
            throw DynamoException.validation("1 validation error detected: Value '" + token + "' at "
                    + "'clientRequestToken' failed to satisfy constraint: Member must have length "
                    + (token.isEmpty() ? "greater than or equal to 1" : "less than or equal to 36"));
        }
        List<Entry> entries = new ArrayList<>();
        int selects = 0;
        for (int i = 0; i < nodes.size(); i++) {
            JsonNode node = nodes.get(i);
            String text = JsonRequest.string(node, "Statement");
            Validation v = new Validation();
            PartiqlStatements.checkStatementText(v, text, "transactStatements." + (i + 1) + ".member.statement");
            v.check();
            boolean returnOld = ReturnValues.onConditionCheckFailure(
                    JsonRequest.string(node, "ReturnValuesOnConditionCheckFailure"));
            List<AttributeValue> parameters = PartiqlStatements.parameters(node,
                    "transactStatements." + (i + 1) + ".member.parameters");
            int index = i;
            PartiqlAst.Statement statement = inStatement(index, () -> PartiqlStatements.parse(text, parameters));
            if (statement instanceof PartiqlAst.Select) {
                selects++;
            }
            entries.add(new Entry(statement, parameters, returnOld));
        }
        if (selects > 0 && selects < entries.size()) {
            throw DynamoException.validation("Unsupported operation in transaction: statements must be either all "
                    + "reads or all writes");
        }
        if (selects > 0) {
            return read(context, entries, capacityDetail);
        }
        if (token != null) {
            return tokens.run(context.accountId() + "/" + context.region() + "/" + token,
                    "ExecuteTransaction " + request.node("TransactStatements").toString(),
                    () -> write(context, entries, capacityDetail));
        }
        return write(context, entries, capacityDetail);
    }

    private CompletableFuture<ResponseBody> read(RequestContext context, List<Entry> entries,
            ConsumedCapacity.Detail capacityDetail) {
        ObjectNode transactGet = JsonNodeFactory.instance.objectNode();
        transactGet.put("ReturnConsumedCapacity", capacityDetail.name());
        var items = transactGet.putArray("TransactItems");
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            items.add(inStatement(i, () -> statements.transactGet(context, (PartiqlAst.Select) e.statement(),
                    e.parameters())));
        }
        // TransactGetItems answers {"Responses": [{"Item": ...}, ...]}, which is ExecuteTransaction's shape too.
        return new TransactGetItemsAction(statements.catalog()).handle(context, new JsonRequest(transactGet));
    }

    private CompletableFuture<ResponseBody> write(RequestContext context, List<Entry> entries,
            ConsumedCapacity.Detail capacityDetail) {
        List<PreparedWrite> writes = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            PartiqlStatements.PreparedStatement prepared = inStatement(i, () -> {
                PartiqlStatements.PreparedStatement p = statements.prepareWrite(context, e.statement(),
                        e.parameters(), e.returnOld(), true);
                if (p.plan().returning() != null) {
                    throw DynamoException.validation("RETURNING clause is not supported in ExecuteTransaction.");
                }
                return p;
            });
            if (!seen.add(PartiqlStatements.itemIdentity(prepared.write()))) {
                throw DynamoException.validation("Transaction request cannot include multiple operations on one "
                        + "item");
            }
            writes.add(prepared.write());
        }
        return transactions.apply(writes).thenCompose(applied -> applied.durable()
                .thenApply(v -> TransactWriteItemsAction.response(writes, applied, capacityDetail, false)));
    }

    /**
     * Runs one statement's preparation; DynamoDB reports its validation errors as "Validation failed in
     * TransactStatements[i]: ...", other errors (an unknown table) as they are.
     */
    private static <T> T inStatement(int index, java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (DynamoException e) {
            if (e.code() != ErrorCode.VALIDATION) {
                throw e;
            }
            throw DynamoException.validation("Validation failed in TransactStatements[" + index + "]: "
                    + e.getMessage());
        }
    }
}
