package dev.rewind.table;

import java.util.List;
import java.util.Map;

import dev.rewind.error.DynamoException;
import dev.rewind.model.AttributeType;
import dev.rewind.model.AttributeValue;
import dev.rewind.model.ItemSize;
import dev.rewind.model.KeyEncoding;

/**
 * A key schema with its attribute types (of the table or of an index): validates key attributes and encodes them
 * into storage partition/clustering bytes. A global secondary index may have multi-attribute keys (DynamoDB,
 * November 2025): up to four partition key attributes and four sort key attributes, in schema order; the
 * single-attribute accessors name the first of each.
 */
public record KeyDefinition(List<String> hashNames, List<AttributeType> hashTypes, List<String> rangeNames,
        List<AttributeType> rangeTypes) {

    public KeyDefinition {
        hashNames = List.copyOf(hashNames);
        hashTypes = List.copyOf(hashTypes);
        rangeNames = List.copyOf(rangeNames);
        rangeTypes = List.copyOf(rangeTypes);
    }

    public KeyDefinition(String hashName, AttributeType hashType, String rangeName, AttributeType rangeType) {
        this(List.of(hashName), List.of(hashType), rangeName == null ? List.of() : List.of(rangeName),
                rangeName == null ? List.of() : List.of(rangeType));
    }

    public String hashName() {
        return hashNames.get(0);
    }

    public AttributeType hashType() {
        return hashTypes.get(0);
    }

    public String rangeName() {
        return rangeNames.isEmpty() ? null : rangeNames.get(0);
    }

    public AttributeType rangeType() {
        return rangeTypes.isEmpty() ? null : rangeTypes.get(0);
    }

    /** Every key attribute: the partition key's, then the sort key's. */
    public List<String> attributeNames() {
        List<String> all = new java.util.ArrayList<>(hashNames);
        all.addAll(rangeNames);
        return all;
    }

    /** The type of a key attribute, or null. */
    public AttributeType typeOf(String name) {
        int i = hashNames.indexOf(name);
        if (i >= 0) {
            return hashTypes.get(i);
        }
        i = rangeNames.indexOf(name);
        return i >= 0 ? rangeTypes.get(i) : null;
    }
    /** DynamoDB's limits on key attribute sizes. */
    public static final int MAX_HASH_KEY_BYTES = 2048;
    public static final int MAX_RANGE_KEY_BYTES = 1024;

    public boolean hasRange() {
        return !rangeNames.isEmpty();
    }

    public boolean isKeyAttribute(String name) {
        return hashNames.contains(name) || rangeNames.contains(name);
    }

    /**
     * Checks the key attributes of an item about to be written (PutItem): present, of the right type, not empty.
     * DynamoDB's words: "One or more parameter values were invalid: Missing the key pk in the item".
     */
    public void validateItemKey(Map<String, AttributeValue> item) {
        checkItemAttribute(item, hashName(), hashType(), true);
        if (hasRange()) {
            checkItemAttribute(item, rangeName(), rangeType(), false);
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
        String hashName = hashName();
        String rangeName = rangeName();
        int expected = rangeName == null ? 1 : 2;
        AttributeValue h = key.get(hashName);
        AttributeValue r = rangeName == null ? null : key.get(rangeName);
        if (key.size() != expected || h == null || (rangeName != null && r == null)
                || h.type() != hashType() || (r != null && r.type() != rangeType())) {
            throw DynamoException.validation("The provided key element does not match the schema");
        }
        checkKeyValue(hashName, hashType(), h, true);
        if (r != null) {
            checkKeyValue(rangeName, rangeType(), r, false);
        }
    }

    /** The partition bytes: the encodings of the partition key attributes, concatenated (each self-delimiting). */
    public byte[] partition(Map<String, AttributeValue> item) {
        if (hashNames.size() == 1) {
            return KeyEncoding.encode(item.get(hashNames.get(0)));
        }
        KeyEncoding.Writer w = new KeyEncoding.Writer(32);
        for (String name : hashNames) {
            KeyEncoding.encodeTo(item.get(name), w);
        }
        return w.toByteArray();
    }

    /** The clustering bytes: the encodings of the sort key attributes, concatenated. */
    public byte[] clustering(Map<String, AttributeValue> item) {
        if (rangeNames.isEmpty()) {
            return new byte[0];
        }
        KeyEncoding.Writer w = new KeyEncoding.Writer(32);
        for (String name : rangeNames) {
            KeyEncoding.encodeTo(item.get(name), w);
        }
        return w.toByteArray();
    }
}
