package dev.rewind.action;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;

import dev.rewind.error.DynamoException;
import dev.rewind.model.AttributeValue;
import dev.rewind.partiql.PartiqlAst;
import dev.rewind.protocol.AttributeValueJson;
import dev.rewind.protocol.JsonRequest;
import dev.rewind.protocol.ResponseBody;
import dev.rewind.protocol.Validation;

/**
 * BatchExecuteStatement: 1 to 25 PartiQL statements, all reads (single-item SELECTs by full key) or all writes
 * (INSERT, UPDATE, DELETE), each run on its own. As DynamoDB does, a statement that fails answers an Error
 * {Code, Message} in its place in Responses; only request-wide problems fail the whole call.
 *
 * <p>ReturnConsumedCapacity answers a list with one entry per table, in the order the statements first name them
 * (AWS: "ordered according to the ordering of the statements"), priced as BatchGetItem and BatchWriteItem are: each
 * item read on its own (half for an eventually consistent read, the default), each write on the larger of the item
 * before and after it. Statements that failed are not counted.
 */
final class BatchExecuteStatementAction implements Action {
    static final int MAX_STATEMENTS = 25;

    private final PartiqlStatements statements;

    BatchExecuteStatementAction(PartiqlStatements statements) {
        this.statements = statements;
    }

    /** One statement's answer: the table, and an item or an error. */
    private record Response(String table, Map<String, AttributeValue> item, DynamoException error) {
    }

    private record Entry(String text, List<AttributeValue> parameters, PartiqlAst.Statement statement,
            boolean consistentRead, boolean returnOld, DynamoException error) {
    }

    @Override
    public CompletableFuture<ResponseBody> handle(RequestContext context, JsonRequest request) {
        List<JsonNode> nodes = request.list("Statements");
        new Validation().notNull(nodes, "statements").check();
        if (nodes.isEmpty() || nodes.size() > MAX_STATEMENTS) {
            throw DynamoException.validation("1 validation error detected: Value at 'statements' failed to satisfy "
                    + "constraint: Member must have length " + (nodes.isEmpty() ? "greater than or equal to 1"
                            : "less than or equal to " + MAX_STATEMENTS));
        }
        ConsumedCapacity.Detail capacityDetail = ConsumedCapacity.detail(request);
        List<Entry> entries = new ArrayList<>();
        boolean reads = false;
        boolean writes = false;
        for (int i = 0; i < nodes.size(); i++) {
            JsonNode node = nodes.get(i);
            String text = JsonRequest.string(node, "Statement");
            Validation v = new Validation();
            PartiqlStatements.checkStatementText(v, text, "statements." + (i + 1) + ".member.statement");
            v.check();
            boolean consistentRead = Boolean.TRUE.equals(JsonRequest.bool(node, "ConsistentRead"));
            boolean returnOld = ReturnValues.onConditionCheckFailure(
                    JsonRequest.string(node, "ReturnValuesOnConditionCheckFailure"));
            List<AttributeValue> parameters = PartiqlStatements.parameters(node,
                    "statements." + (i + 1) + ".member.parameters");
            try {
                PartiqlAst.Statement statement = PartiqlStatements.parse(text, parameters);
                reads |= statement instanceof PartiqlAst.Select;
                writes |= !(statement instanceof PartiqlAst.Select);
                entries.add(new Entry(text, parameters, statement, consistentRead, returnOld, null));
            } catch (DynamoException e) {
                entries.add(new Entry(text, parameters, null, consistentRead, returnOld, e));
            }
        }
        if (reads && writes) {
            // The AWS docs: "The entire batch must consist of either read statements or write statements".
            throw DynamoException.validation("Unsupported operation: A batch must consist of either read "
                    + "statements or write statements, not both");
        }
        Map<String, ConsumedCapacity> capacities = new LinkedHashMap<>();
        return reads ? Action.done(body(read(context, entries, capacities), capacityDetail, capacities.values()))
                : write(context, entries, capacityDetail, capacities);
    }

    private List<Response> read(RequestContext context, List<Entry> entries,
            Map<String, ConsumedCapacity> capacities) {
        List<Response> responses = new ArrayList<>();
        for (Entry e : entries) {
            if (e.error() != null) {
                responses.add(new Response(null, null, e.error()));
                continue;
            }
            PartiqlAst.Select select = (PartiqlAst.Select) e.statement();
            try {
                PartiqlStatements.BatchRead read = statements.getItem(context, select, e.parameters());
                capacities.computeIfAbsent(read.table().metadata().tableName(), n -> new ConsumedCapacity(n, false))
                        .addItemRead(read.item(), e.consistentRead(), 1);
                responses.add(new Response(select.table(), read.answer(), null));
            } catch (DynamoException x) {
                responses.add(new Response(select.table(), null, x));
            }
        }
        return responses;
    }

    private CompletableFuture<ResponseBody> write(RequestContext context, List<Entry> entries,
            ConsumedCapacity.Detail capacityDetail, Map<String, ConsumedCapacity> capacities) {
        List<PartiqlStatements.PreparedStatement> prepared = new ArrayList<>();
        List<DynamoException> errors = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Entry e : entries) {
            PartiqlStatements.PreparedStatement p = null;
            DynamoException error = e.error();
            if (error == null) {
                try {
                    if (e.statement() instanceof PartiqlAst.Exists) {
                        throw DynamoException.validation(
                                "EXISTS can only be used in ExecuteTransaction write requests.");
                    }
                    p = statements.prepareWrite(context, e.statement(), e.parameters(), e.returnOld(), false);
                } catch (DynamoException x) {
                    error = x;
                }
            }
            if (p != null && !seen.add(PartiqlStatements.itemIdentity(p.write()))) {
                throw DynamoException.validation("Provided list of item keys contains duplicates");
            }
            prepared.add(p);
            errors.add(error);
        }
        List<Response> responses = new ArrayList<>();
        List<CompletableFuture<Void>> durable = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            PartiqlStatements.PreparedStatement p = prepared.get(i);
            PartiqlAst.Statement statement = entries.get(i).statement();
            String table = statement == null ? null : statement.table();
            if (p == null) {
                responses.add(new Response(table, null, errors.get(i)));
                continue;
            }
            try {
                PreparedWrite write = p.write();
                ItemWrites.Result result = write.execute();
                capacities.computeIfAbsent(write.table().metadata().tableName(), n -> new ConsumedCapacity(n, true))
                        .addWrite(write.table(), result.oldItem(), result.newItem(), 1);
                durable.add(result.durable());
                responses.add(new Response(table, null, null));
            } catch (DynamoException x) {
                responses.add(new Response(table, null, x));
            }
        }
        return CompletableFuture.allOf(durable.toArray(CompletableFuture[]::new))
                .thenApply(x -> body(responses, capacityDetail, capacities.values()));
    }

    private static ResponseBody body(List<Response> responses, ConsumedCapacity.Detail capacityDetail,
            Collection<ConsumedCapacity> capacities) {
        return g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("Responses");
            for (Response r : responses) {
                g.writeStartObject();
                if (r.table() != null) {
                    g.writeStringField("TableName", r.table());
                }
                if (r.error() != null) {
                    g.writeObjectFieldStart("Error");
                    g.writeStringField("Code", PartiqlStatements.batchErrorCode(r.error()));
                    g.writeStringField("Message", r.error().getMessage());
                    if (r.error().item() != null) {
                        g.writeFieldName("Item");
                        AttributeValueJson.writeItem(g, r.error().item());
                    }
                    g.writeEndObject();
                } else if (r.item() != null) {
                    g.writeFieldName("Item");
                    AttributeValueJson.writeItem(g, r.item());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            ConsumedCapacity.writeList(g, capacityDetail, capacities);
            g.writeEndObject();
        };
    }
}
