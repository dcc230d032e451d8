package dev.rewind.action;

import java.util.List;
import java.util.Map;
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
 * ExecuteStatement: one PartiQL statement. A SELECT runs as a Query when its WHERE clause pins the partition key
 * with '=', else as a Scan (DynamoDB allows full scans in PartiQL), paged by Limit and an opaque NextToken. INSERT,
 * UPDATE and DELETE are single-item writes; their RETURNING item comes back in Items. ReturnConsumedCapacity reports
 * what the Query, Scan or write consumed.
 */
final class ExecuteStatementAction implements Action {
    private final PartiqlStatements statements;

    ExecuteStatementAction(PartiqlStatements statements) {
        this.statements = statements;
    }

    @Override
    public CompletableFuture<ResponseBody> handle(RequestContext context, JsonRequest request) {
        String text = request.string("Statement");
        Boolean consistentRead = request.bool("ConsistentRead");
        String nextToken = request.string("NextToken");
        Long limit = request.number("Limit");
        boolean returnOld = ReturnValues.onConditionCheckFailure(
                request.string("ReturnValuesOnConditionCheckFailure"));
        Validation v = new Validation();
        PartiqlStatements.checkStatementText(v, text, "statement");
        v.range(limit, "limit", 1, Integer.MAX_VALUE);
        if (nextToken != null && (nextToken.isEmpty() || nextToken.length() > 32768)) {
            v.add("Value '" + nextToken + "' at 'nextToken' failed to satisfy constraint: Member must have length "
                    + (nextToken.isEmpty() ? "greater than or equal to 1" : "less than or equal to 32768"));
        }
        v.check();
        ConsumedCapacity.Detail capacityDetail = ConsumedCapacity.detail(request);
        List<AttributeValue> parameters = PartiqlStatements.parameters(request.root(), "parameters");
        PartiqlAst.Statement statement = PartiqlStatements.parse(text, parameters);

        if (statement instanceof PartiqlAst.Select select) {
            JsonNode parameterNode = request.node("Parameters");
            String identity = text + "\u0000" + (parameterNode == null ? "" : parameterNode.toString());
            PartiqlStatements.SelectPage page = statements.select(context, select, parameters, limit,
                    consistentRead, nextToken, identity);
            return Action.done(g -> {
                g.writeStartObject();
                g.writeArrayFieldStart("Items");
                for (Map<String, AttributeValue> item : page.items()) {
                    AttributeValueJson.writeItem(g, item);
                }
                g.writeEndArray();
                if (page.nextToken() != null) {
                    g.writeStringField("NextToken", page.nextToken());
                    g.writeFieldName("LastEvaluatedKey");
                    AttributeValueJson.writeItem(g, page.lastEvaluatedKey());
                }
                ConsumedCapacity.writeField(g, capacityDetail, page.capacity());
                g.writeEndObject();
            });
        }
        if (statement instanceof PartiqlAst.Exists) {
            throw DynamoException.validation("EXISTS can only be used in ExecuteTransaction write requests.");
        }
        PartiqlStatements.PreparedStatement prepared = statements.prepareWrite(context, statement, parameters,
                returnOld, false);
        ItemWrites.Result result = prepared.write().execute();
        Map<String, AttributeValue> returned = PartiqlStatements.returned(prepared, result);
        PreparedWrite write = prepared.write();
        ConsumedCapacity capacity = new ConsumedCapacity(write.table().metadata().tableName(), true)
                .addWrite(write.table(), result.oldItem(), result.newItem(), 1);
        return result.durable().thenApply(x -> g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("Items");
            // DynamoDB: RETURNING of a missing item or of no modified attribute gives an empty Items
            if (returned != null && !returned.isEmpty()) {
                AttributeValueJson.writeItem(g, returned);
            }
            g.writeEndArray();
            ConsumedCapacity.writeField(g, capacityDetail, capacity);
            g.writeEndObject();
        });
    }
}
