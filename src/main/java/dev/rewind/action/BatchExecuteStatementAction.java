package dev.rewind.action;

import java.util.ArrayList;
import java.util.HashSet;
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
            boolean returnOld, DynamoException error) {
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
        List<Entry> entries = new ArrayList<>();
        boolean reads = false;
        boolean writes = false;
        for (int i = 0; i < nodes.size(); i++) {
            JsonNode node = nodes.get(i);
            String text = JsonRequest.string(node, "Statement");
            Validation v = new Validation();
            PartiqlStatements.checkStatementText(v, text, "statements." + (i + 1) + ".member.statement");
            v.check();
            JsonRequest.bool(node, "ConsistentRead");
            boolean returnOld = ReturnValues.onConditionCheckFailure(
                    JsonRequest.string(node, "ReturnValuesOnConditionCheckFailure"));
            List<AttributeValue> parameters = PartiqlStatements.parameters(node,
                    "statements." + (i + 1) + ".member.parameters");
            try {
                PartiqlAst.Statement statement = PartiqlStatements.parse(text, parameters);
                reads |= statement instanceof PartiqlAst.Select;
                writes |= !(statement instanceof PartiqlAst.Select);
                entries.add(new Entry(text, parameters, statement, returnOld, null));
            } catch (DynamoException e) {
                entries.add(new Entry(text, parameters, null, returnOld, e));
            }
        }
        if (reads && writes) {
            // The AWS docs: "The entire batch must consist of either read statements or write statements".
            throw DynamoException.validation("Unsupported operation: A batch must consist of either read "
                    + "statements or write statements, not both");
        }
        return reads ? Action.done(body(read(context, entries))) : write(context, entries);
    }

    private List<Response> read(RequestContext context, List<Entry> entries) {
        List<Response> responses = new ArrayList<>();
        for (Entry e : entries) {
            if (e.error() != null) {
                responses.add(new Response(null, null, e.error()));
                continue;
            }
            PartiqlAst.Select select = (PartiqlAst.Select) e.statement();
            try {
                responses.add(new Response(select.table(), statements.getItem(context, select, e.parameters()),
                        null));
            } catch (DynamoException x) {
                responses.add(new Response(select.table(), null, x));
            }
        }
        return responses;
    }

    private CompletableFuture<ResponseBody> write(RequestContext context, List<Entry> entries) {
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
                ItemWrites.Result result = p.write().execute();
                durable.add(result.durable());
                responses.add(new Response(table, null, null));
            } catch (DynamoException x) {
                responses.add(new Response(table, null, x));
            }
        }
        return CompletableFuture.allOf(durable.toArray(CompletableFuture[]::new))
                .thenApply(x -> body(responses));
    }

    private static ResponseBody body(List<Response> responses) {
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
            g.writeEndObject();
        };
    }
}
