package dev.rewind.expression;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

import dev.rewind.error.DynamoException;
import dev.rewind.model.AttributeValue;

/**
 * The ExpressionAttributeNames and ExpressionAttributeValues of one request, shared by all of its expressions, and
 * which of them the expressions used. Parse every expression of the request with the same context, then call
 * {@link #checkAllUsed()}.
 */
public final class ExpressionContext {
    private final Map<String, String> attributeNames;
    private final Map<String, AttributeValue> attributeValues;
    private final Set<String> usedNames = new HashSet<>();
    private final Set<String> usedValues = new HashSet<>();

    /** Either map may be null or empty (the protocol layer has already rejected empty maps where DynamoDB does). */
    public ExpressionContext(Map<String, String> attributeNames, Map<String, AttributeValue> attributeValues) {
        this.attributeNames = attributeNames == null ? Map.of() : new LinkedHashMap<>(attributeNames);
        this.attributeValues = attributeValues == null ? Map.of() : new LinkedHashMap<>(attributeValues);
    }

    /**
     * Throws the ValidationException DynamoDB gives when a #name or :value was never used by any expression of the
     * request. Names are checked before values.
     */
    public void checkAllUsed() {
        String unusedNames = unused(attributeNames.keySet(), usedNames);
        if (unusedNames != null) {
            throw DynamoException.validation(
                    "Value provided in ExpressionAttributeNames unused in expressions: keys: " + unusedNames);
        }
        String unusedValues = unused(attributeValues.keySet(), usedValues);
        if (unusedValues != null) {
            throw DynamoException.validation(
                    "Value provided in ExpressionAttributeValues unused in expressions: keys: " + unusedValues);
        }
    }

    /*
     * DynamoDB lists the unused keys in the iteration order of a java.util.HashSet built from all the keys of the
     * map; building the same HashSet reproduces that order exactly.
     */
    private static String unused(Set<String> all, Set<String> used) {
        Set<String> unused = new HashSet<>(all);
        unused.removeAll(used);
        if (unused.isEmpty()) {
            return null;
        }
        StringJoiner joiner = new StringJoiner(", ", "{", "}");
        unused.forEach(joiner::add);
        return joiner.toString();
    }

    /** The attribute name for a #placeholder, marking it used, or null when it is not defined. */
    String useName(String placeholder) {
        String name = attributeNames.get(placeholder);
        if (name != null) {
            usedNames.add(placeholder);
        }
        return name;
    }

    boolean hasName(String placeholder) {
        return attributeNames.containsKey(placeholder);
    }

    /** The name a #placeholder stands for, without marking it used; the placeholder itself when undefined. */
    String peekName(String placeholder) {
        return attributeNames.getOrDefault(placeholder, placeholder);
    }

    /** The value for a :placeholder, marking it used, or null when it is not defined. */
    AttributeValue useValue(String placeholder) {
        AttributeValue value = attributeValues.get(placeholder);
        if (value != null) {
            usedValues.add(placeholder);
        }
        return value;
    }

    /** The value for a :placeholder without marking it used, or null. */
    AttributeValue peekValue(String placeholder) {
        return attributeValues.get(placeholder);
    }

    @Override
    public String toString() {
        return "ExpressionContext[names=" + attributeNames.keySet() + ", values=" + attributeValues.keySet() + "]";
    }
}
