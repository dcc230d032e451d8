package dev.rewind.expression;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.rewind.model.AttributeValue;

/**
 * A parsed ProjectionExpression. Nested paths keep the structure around what they select: {@code a.b} gives
 * {@code {a: {b: ...}}}, and list indexes give a compacted list of the selected elements in index order
 * ({@code l[2], l[0]} gives {@code [l0, l2]}). A map or list from which nothing was selected is left out.
 */
public final class Projection {
    private final List<DocumentPath> paths;
    private final Node root;

    Projection(List<DocumentPath> paths) {
        this.paths = List.copyOf(paths);
        this.root = tree(this.paths);
    }

    /** The projected copy of the item (a new map; the item is not modified). */
    public Map<String, AttributeValue> apply(Map<String, AttributeValue> item) {
        requireNonNull(item, "item is null");
        return project(root, item);
    }

    /** The top-level attribute names the projection reads, in the order written. */
    public Set<String> topLevelAttributes() {
        Set<String> names = new LinkedHashSet<>();
        paths.forEach(p -> names.add(p.topLevelName()));
        return Collections.unmodifiableSet(names);
    }

    /** A node of the tree of requested paths: either the whole value is wanted, or some of its children. */
    private static final class Node {
        final Map<Object, Node> children = new LinkedHashMap<>();
        boolean whole;
    }

    private static Node tree(List<DocumentPath> paths) {
        Node root = new Node();
        for (DocumentPath path : paths) {
            Node node = root;
            for (Object element : path.elements()) {
                node = node.children.computeIfAbsent(element, e -> new Node());
            }
            node.whole = true;
        }
        return root;
    }

    static Map<String, AttributeValue> project(List<DocumentPath> paths, Map<String, AttributeValue> item) {
        return project(tree(paths), item);
    }

    private static Map<String, AttributeValue> project(Node root, Map<String, AttributeValue> item) {
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        for (Map.Entry<Object, Node> child : root.children.entrySet()) {
            String name = (String) child.getKey();
            AttributeValue value = item.get(name);
            AttributeValue copied = value == null ? null : copy(value, child.getValue());
            if (copied != null) {
                out.put(name, copied);
            }
        }
        return out;
    }

    private static AttributeValue copy(AttributeValue value, Node node) {
        if (node.whole) {
            return value;
        }
        if (value instanceof AttributeValue.M map) {
            Map<String, AttributeValue> out = new LinkedHashMap<>();
            for (Map.Entry<Object, Node> child : node.children.entrySet()) {
                if (child.getKey() instanceof String key && map.values().containsKey(key)) {
                    AttributeValue copied = copy(map.values().get(key), child.getValue());
                    if (copied != null) {
                        out.put(key, copied);
                    }
                }
            }
            return out.isEmpty() ? null : new AttributeValue.M(out);
        }
        if (value instanceof AttributeValue.L list) {
            TreeMap<Integer, Node> byIndex = new TreeMap<>();
            node.children.forEach((k, v) -> {
                if (k instanceof Integer index) {
                    byIndex.put(index, v);
                }
            });
            List<AttributeValue> out = new ArrayList<>();
            for (Map.Entry<Integer, Node> child : byIndex.entrySet()) {
                if (child.getKey() < list.values().size()) {
                    AttributeValue copied = copy(list.values().get(child.getKey()), child.getValue());
                    if (copied != null) {
                        out.add(copied);
                    }
                }
            }
            return out.isEmpty() ? null : new AttributeValue.L(out);
        }
        return null;
    }

    @Override
    public String toString() {
        return "Projection" + paths;
    }
}
