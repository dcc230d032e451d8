package dev.rewind.action;

import java.util.Map;

import dev.rewind.error.DynamoException;
import dev.rewind.model.AttributeValue;
import dev.rewind.model.ItemSize;
import dev.rewind.table.Table;

/** Checks an item about to be stored: key attributes, index key attributes, size. */
final class ItemValidation {
    private ItemValidation() {
    }

    static void checkNewItem(Table table, Map<String, AttributeValue> item, String sizeMessage) {
        table.key().validateItemKey(item);
        for (String name : item.keySet()) {
            if (name.isEmpty()) {
                throw DynamoException.validation("One or more parameter values are not valid. The AttributeName "
                        + "cannot be empty");
            }
        }
        if (ItemSize.of(item) > ItemSize.MAX_ITEM_SIZE_BYTES) {
            throw DynamoException.validation(sizeMessage);
        }
        table.validateIndexAttributes(item);
    }

    static final String PUT_TOO_LARGE = "Item size has exceeded the maximum allowed size";
    static final String UPDATE_TOO_LARGE = "Item size to update has exceeded the maximum allowed size";
}
