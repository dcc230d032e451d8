package dev.rewind.expression;

import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import dev.rewind.model.AttributeValue;

/**
 * A resolved document path: attribute names (placeholders substituted) and list indexes. The first element is always
 * a top-level attribute name.
 *
 * @param elements {@link String} for a map key or top-level name, {@link Integer} for a list index
 */
record DocumentPath(List<Object> elements) {
    DocumentPath {
        elements = List.copyOf(elements);
    }

    String topLevelName() {
        return (String) elements.get(0);
    }

    int size() {
        return elements.size();
    }

    Object last() {
        return elements.get(elements.size() - 1);
    }

    DocumentPath parent() {
        return new DocumentPath(elements.subList(0, elements.size() - 1));
    }

    /** The value at this path in the item, or null when any step is missing or of the wrong type. */
    AttributeValue get(Map<String, AttributeValue> item) {
        AttributeValue current = item.get(topLevelName());
        for (int i = 1; i < elements.size() && current != null; i++) {
            current = step(current, elements.get(i));
        }
        return current;
    }

    static AttributeValue step(AttributeValue container, Object element) {
        if (element instanceof Integer index) {
            if (container instanceof AttributeValue.L list && index < list.values().size()) {
                return list.values().get(index);
            }
            return null;
        }
        if (container instanceof AttributeValue.M map) {
            return map.values().get((String) element);
        }
        return null;
    }

    /** DynamoDB's rendering in error messages: {@code [a, b, [0]]}. */
    @Override
    public String toString() {
        StringJoiner joiner = new StringJoiner(", ", "[", "]");
        for (Object e : elements) {
            joiner.add(e instanceof Integer ? "[" + e + "]" : (String) e);
        }
        return joiner.toString();
    }
}
