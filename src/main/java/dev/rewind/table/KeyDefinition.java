package dev.rewind.table;

import java.util.Map;

import dev.rewind.error.DynamoException;
import dev.rewind.model.AttributeType;
import dev.rewind.model.AttributeValue;
import dev.rewind.model.ItemSize;
import dev.rewind.model.KeyEncoding;

/**
 * A key schema with its attribute types (of the table or of an index): validates key attributes and encodes them
 * into storage partition/clustering bytes.
 */
public record KeyDefinition(String hashName, AttributeType hashType, String rangeName, AttributeType rangeType) {
    /** DynamoDB's limits on key attribute sizes. */
    public static final int MAX_HASH_KEY_BYTES = 2048;
    public static final int MAX_RANGE_KEY_BYTES = 1024;

    public boolean hasRange() {
        return rangeName != null;
    }

    public boolean isKeyAttribute(String name) {
        return name.equals(hashName) || name.equals(rangeName);
    }

    /**
     * Checks the key attributes of an item about to be written (PutItem): present, of the right type, not empty.
     * DynamoDB's words: "One or more parameter values were invalid: Missing the key pk in the item".
     */
    public void validateItemKey(Map<String, AttributeValue> item) {
        checkItemAttribute(item, hashName, hashType, true);
        if (rangeName != null) {
            checkItemAttribute(item, rangeName, rangeType, false);
        }
    }

    private static void checkItemAttribute(Map<String, AttributeValue> item, String name, AttributeType type,
            boolean hash) {
        AttributeValue v = item.get(name);
        if (v == null) {
            throw DynamoException.validation(
                    "One or more parameter values were invalid: Missing the key " + name + " in the item");
        }
        checkKeyValue(name, type, v, hash);
    }

    /** Checks an index key attribute of an item: absent is fine (the item is not indexed), wrong type is not. */
    public static void checkIndexAttribute(String indexName, String name, AttributeType type, AttributeValue v) {
        if (v == null) {
            return;
        }
        if (v.type() != type) {
            throw DynamoException.validation("One or more parameter values were invalid: "
                    + "Type mismatch for Index Key " + name + " Expected: " + type + " Actual: " + v.type()
                    + " IndexName: " + indexName);
        }
        if (isEmpty(v)) {
            throw DynamoException.validation("One or more parameter values are not valid. A value specified for a "
                    + "secondary index key is not supported. The AttributeValue for a key attribute cannot contain "
                    + "an empty string value. IndexName: " + indexName + ", IndexKey: " + name);
        }
    }

    private static void checkKeyValue(String name, AttributeType type, AttributeValue v, boolean hash) {
        if (v.type() != type) {
            throw DynamoException.validation("One or more parameter values were invalid: Type mismatch for key "
                    + name + " expected: " + type + " actual: " + v.type());
        }
        if (isEmpty(v)) {
            throw DynamoException.validation("One or more parameter values are not valid. The AttributeValue for a "
                    + "key attribute cannot contain an empty " + (type == AttributeType.S ? "string" : "binary")
                    + " value. Key: " + name);
        }
        int size = v instanceof AttributeValue.S s ? ItemSize.utf8Length(s.value()) : ItemSize.of(v);
        if (hash && size > MAX_HASH_KEY_BYTES) {
            throw DynamoException.validation("One or more parameter values were invalid: Size of hashkey has "
                    + "exceeded the maximum size limit of" + MAX_HASH_KEY_BYTES + " bytes");
        }
        if (!hash && size > MAX_RANGE_KEY_BYTES) {
            throw DynamoException.validation("One or more parameter values were invalid: Aggregated size of all "
                    + "range keys has exceeded the size limit of " + MAX_RANGE_KEY_BYTES + " bytes");
        }
    }

    private static boolean isEmpty(AttributeValue v) {
        return (v instanceof AttributeValue.S s && s.value().isEmpty())
                || (v instanceof AttributeValue.B b && b.value().length() == 0);
    }

    /**
     * Checks a Key parameter (GetItem, DeleteItem, UpdateItem): exactly the key attributes, right types.
     * DynamoDB answers "The provided key element does not match the schema" for missing, extra or mistyped ones.
     */
    public void validateKey(Map<String, AttributeValue> key) {
        int expected = rangeName == null ? 1 : 2;
        AttributeValue h = key.get(hashName);
        AttributeValue r = rangeName == null ? null : key.get(rangeName);
        if (key.size() != expected || h == null || (rangeName != null && r == null)
                || h.type() != hashType || (r != null && r.type() != rangeType)) {
            throw DynamoException.validation("The provided key element does not match the schema");
        }
        checkKeyValue(hashName, hashType, h, true);
        if (r != null) {
            checkKeyValue(rangeName, rangeType, r, false);
        }
    }

    public byte[] partition(Map<String, AttributeValue> item) {
        return KeyEncoding.encode(item.get(hashName));
    }

    public byte[] clustering(Map<String, AttributeValue> item) {
        return rangeName == null ? new byte[0] : KeyEncoding.encode(item.get(rangeName));
    }
}
