package dev.rewind.action;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.rewind.expression.Update;
import dev.rewind.model.AttributeValue;
import dev.rewind.protocol.AttributeValueJson;
import dev.rewind.protocol.JsonRequest;
import dev.rewind.protocol.ResponseBody;
import dev.rewind.table.TableCatalog;

/**
 * UpdateItem with UpdateExpression, ConditionExpression (or the legacy AttributeUpdates and Expected), every
 * ReturnValues, ReturnConsumedCapacity and ReturnItemCollectionMetrics. Without an UpdateExpression it
 * creates the item with just its key when absent, as DynamoDB does.
 */
final class UpdateItemAction implements Action {
    private final TableCatalog catalog;

    UpdateItemAction(TableCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public CompletableFuture<ResponseBody> handle(RequestContext context, JsonRequest request) {
        ReturnValues returnValues = ReturnValues.parse(request.string("ReturnValues"));
        ConsumedCapacity.Detail capacityDetail = ConsumedCapacity.detail(request);
        boolean collectionMetrics = ItemCollectionMetrics.requested(request);
        PreparedWrite write = PreparedWrite.update(catalog, context, request, false);
        Update update = write.update();
        ItemWrites.Result result = write.execute();
        Map<String, AttributeValue> attributes = switch (returnValues) {
            case NONE -> null;
            case ALL_OLD -> result.oldItem();
            case ALL_NEW -> result.newItem();
            case UPDATED_OLD -> result.oldItem() == null || update == null ? null
                    : update.updatedAttributes(result.oldItem());
            case UPDATED_NEW -> update == null ? null : update.updatedAttributes(result.newItem());
        };
        ConsumedCapacity capacity = new ConsumedCapacity(write.table().metadata().tableName(), true)
                .addWrite(write.table(), result.oldItem(), result.newItem(), 1);
        return result.durable().thenApply(v -> g -> {
            g.writeStartObject();
            if (attributes != null && !attributes.isEmpty()) {
                g.writeFieldName("Attributes");
                AttributeValueJson.writeItem(g, attributes);
            }
            ConsumedCapacity.writeField(g, capacityDetail, capacity);
            ItemCollectionMetrics.writeField(g, collectionMetrics, write.table(), write.keyItem());
            g.writeEndObject();
        });
    }
}
