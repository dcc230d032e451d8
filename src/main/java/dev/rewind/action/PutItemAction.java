package dev.rewind.action;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.rewind.model.AttributeValue;
import dev.rewind.protocol.AttributeValueJson;
import dev.rewind.protocol.JsonRequest;
import dev.rewind.protocol.ResponseBody;
import dev.rewind.table.TableCatalog;

/** PutItem with ConditionExpression, ReturnValues (NONE, ALL_OLD) and ReturnValuesOnConditionCheckFailure. */
final class PutItemAction implements Action {
    private final TableCatalog catalog;

    PutItemAction(TableCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public CompletableFuture<ResponseBody> handle(RequestContext context, JsonRequest request) {
        ReturnValues returnValues = ReturnValues.forPutOrDelete(request.string("ReturnValues"));
        ItemWrites.Result result = PreparedWrite.put(catalog, context, request).execute();
        Map<String, AttributeValue> old = returnValues == ReturnValues.ALL_OLD ? result.oldItem() : null;
        return result.durable().thenApply(v -> g -> {
            g.writeStartObject();
            if (old != null) {
                g.writeFieldName("Attributes");
                AttributeValueJson.writeItem(g, old);
            }
            g.writeEndObject();
        });
    }
}
