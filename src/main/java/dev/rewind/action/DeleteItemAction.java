package dev.rewind.action;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.rewind.model.AttributeValue;
import dev.rewind.protocol.AttributeValueJson;
import dev.rewind.protocol.JsonRequest;
import dev.rewind.protocol.ResponseBody;
import dev.rewind.table.TableCatalog;

/** DeleteItem with ConditionExpression and ReturnValues (NONE, ALL_OLD), ReturnConsumedCapacity and
 * ReturnItemCollectionMetrics. */
final class DeleteItemAction implements Action {
    private final TableCatalog catalog;

    DeleteItemAction(TableCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public CompletableFuture<ResponseBody> handle(RequestContext context, JsonRequest request) {
        ReturnValues returnValues = ReturnValues.forPutOrDelete(request.string("ReturnValues"));
        ConsumedCapacity.Detail capacityDetail = ConsumedCapacity.detail(request);
        boolean collectionMetrics = ItemCollectionMetrics.requested(request);
        PreparedWrite write = PreparedWrite.delete(catalog, context, request);
        ItemWrites.Result result = write.execute();
        Map<String, AttributeValue> old = returnValues == ReturnValues.ALL_OLD ? result.oldItem() : null;
        ConsumedCapacity capacity = new ConsumedCapacity(write.table().metadata().tableName(), true)
                .addWrite(write.table(), result.oldItem(), result.newItem(), 1);
        return result.durable().thenApply(v -> g -> {
            g.writeStartObject();
            if (old != null) {
                g.writeFieldName("Attributes");
                AttributeValueJson.writeItem(g, old);
            }
            ConsumedCapacity.writeField(g, capacityDetail, capacity);
            ItemCollectionMetrics.writeField(g, collectionMetrics, write.table(), write.keyItem());
            g.writeEndObject();
        });
    }
}
