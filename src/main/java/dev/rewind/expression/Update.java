// Map: a compiled UpdateExpression and how it is applied.
//   Entry points: apply, applyToNewItem, topLevelAttributes, updatedAttributes.
//   Model: Action (kind, section, path, SET value or ADD/DELETE operand) and the SetValue family.
//   apply(item, itemExists): error checks in DynamoDB's order, then write (maps at once) and applyListWrites
//   (list positions as they were before the update). Helpers: evaluate, combine, writable, mutableCopy.
package dev.rewind.expression;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.rewind.error.DynamoException;
import dev.rewind.model.AttributeValue;
import dev.rewind.model.DynamoNumber;

/**
 * A parsed and checked UpdateExpression.
 *
 * <p>How DynamoDB applies one (and so how {@link #apply} does): every value is worked out from the item as it was
 * before the update ({@code SET a = :v, b = a} copies the old {@code a}); list positions refer to the old list
 * ({@code REMOVE a[1] SET a[3] = :v} replaces the old fourth element); SET past the end of a list appends, in index
 * order; REMOVE past the end does nothing. Problems are reported in DynamoDB's order: a path whose parent exists but
 * is not a map (or list), then wrong types anywhere, then, section by section from the last, a path that cannot be
 * written and then an attribute SET reads that does not exist.
 */
public final class Update {
    static final String INVALID_PATH = "The document path provided in the update expression is invalid for update";
    static final String WRONG_TYPE = "An operand in the update expression has an incorrect data type";
    static final String MISSING_ATTRIBUTE =
            "The provided expression refers to an attribute that does not exist in the item";

    enum ActionKind { SET, REMOVE, ADD, DELETE }

    /** The right-hand side of a SET. */
    sealed interface SetValue permits Constant, PathValue, IfNotExists, ListAppend, Arithmetic {
    }

    record Constant(AttributeValue value) implements SetValue {
    }

    record PathValue(DocumentPath path) implements SetValue {
    }

    record IfNotExists(DocumentPath path, SetValue fallback) implements SetValue {
    }

    record ListAppend(SetValue first, SetValue second) implements SetValue {
    }

    record Arithmetic(boolean subtract, SetValue left, SetValue right) implements SetValue {
    }

    /**
     * One action. {@code section} numbers the SET/REMOVE/ADD/DELETE sections in the order written.
     *
     * @param value the SET value (null otherwise)
     * @param operand the ADD or DELETE operand (null otherwise)
     */
    record Action(ActionKind kind, int section, DocumentPath path, SetValue value, AttributeValue operand) {
    }

    /** SET read an attribute that is not there; reported after path problems, so it is held back first. */
    private static final class MissingAttribute extends RuntimeException {
        MissingAttribute() {
            super(null, null, false, false);
        }
    }

    private final List<Action> actions;

    Update(List<Action> actions) {
        this.actions = List.copyOf(actions);
    }

    /**
     * Applies the update to an existing item and returns the new item (a new map; {@code oldItem} is not modified).
     * Pass an empty map when there is no item, or use {@link #applyToNewItem} to start from the key.
     */
    public Map<String, AttributeValue> apply(Map<String, AttributeValue> oldItem) {
        requireNonNull(oldItem, "oldItem is null");
        return apply(oldItem, !oldItem.isEmpty());
    }

    /**
     * Applies the update to an item that does not exist yet, starting from its key attributes. DynamoDB quirk: a
     * REMOVE of a nested path is then ignored (on an existing item whose parent is missing it is an error).
     */
    public Map<String, AttributeValue> applyToNewItem(Map<String, AttributeValue> key) {
        requireNonNull(key, "key is null");
        return apply(key, false);
    }

    /** The top-level attributes the update writes, in the order written. */
    public Set<String> topLevelAttributes() {
        Set<String> names = new LinkedHashSet<>();
        actions.forEach(a -> names.add(a.path().topLevelName()));
        return Collections.unmodifiableSet(names);
    }

    /**
     * The parts of {@code item} the update writes, as nested partial documents (for ReturnValues UPDATED_OLD with
     * the old item, UPDATED_NEW with the new one). An attribute that is not there is left out.
     */
    public Map<String, AttributeValue> updatedAttributes(Map<String, AttributeValue> item) {
        requireNonNull(item, "item is null");
        return Projection.project(actions.stream().map(Action::path).toList(), item);
    }

    private Map<String, AttributeValue> apply(Map<String, AttributeValue> item, boolean itemExists) {
        // A path whose parent is there, but is not a map before a name or a list before an index.
        for (Action a : actions) {
            if (a.path().size() > 1 && a.path().parent().get(item) != null && !writable(a.path(), item)) {
                throw DynamoException.validation(INVALID_PATH);
            }
        }
        // Types, and the values to write.
        int n = actions.size();
        AttributeValue[] values = new AttributeValue[n];
        boolean[] missing = new boolean[n];
        for (int i = 0; i < n; i++) {
            Action a = actions.get(i);
            switch (a.kind()) {
                case SET -> {
                    try {
                        values[i] = evaluate(a.value(), item);
                    } catch (MissingAttribute e) {
                        missing[i] = true;
                    }
                }
                case ADD, DELETE -> {
                    AttributeValue current = writable(a.path(), item) ? a.path().get(item) : null;
                    values[i] = current == null ? null : combine(a.kind(), current, a.operand());
                }
                case REMOVE -> {
                }
            }
        }
        // Paths that cannot be written, then missing attributes, a section at a time from the last.
        Set<Integer> skipped = new HashSet<>();
        int sections = actions.stream().mapToInt(Action::section).max().orElse(-1);
        for (int s = sections; s >= 0; s--) {
            for (int i = 0; i < n; i++) {
                Action a = actions.get(i);
                if (a.section() == s && !writable(a.path(), item)) {
                    if (a.kind() == ActionKind.REMOVE && !itemExists) {
                        skipped.add(i);
                    } else {
                        throw DynamoException.validation(INVALID_PATH);
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                if (actions.get(i).section() == s && missing[i]) {
                    throw DynamoException.validation(MISSING_ATTRIBUTE);
                }
            }
        }
        // Work out the writes from the item as it was, then make them on a copy.
        Map<String, AttributeValue> out = mutableCopy(item);
        Map<List<AttributeValue>, List<ListWrite>> listWrites = new IdentityHashMap<>();
        for (int i = 0; i < n; i++) {
            if (skipped.contains(i)) {
                continue;
            }
            Action a = actions.get(i);
            AttributeValue value = switch (a.kind()) {
                case SET -> values[i];
                case REMOVE -> null;
                case ADD -> values[i] != null ? values[i] : a.operand();
                case DELETE -> values[i] == null || Values.isEmptySet(values[i]) ? null : values[i];
            };
            if (a.kind() == ActionKind.DELETE && a.path().get(item) == null) {
                continue; // deleting from a missing set does nothing
            }
            write(out, a.path(), value, listWrites);
        }
        listWrites.forEach(Update::applyListWrites);
        return out;
    }

    private record ListWrite(int index, AttributeValue value) {
    }

    private static void write(Map<String, AttributeValue> out, DocumentPath path, AttributeValue value,
            Map<List<AttributeValue>, List<ListWrite>> listWrites) {
        if (path.size() == 1) {
            if (value == null) {
                out.remove(path.topLevelName());
            } else {
                out.put(path.topLevelName(), value);
            }
            return;
        }
        AttributeValue parent = path.parent().get(out);
        if (parent instanceof AttributeValue.M map) {
            if (value == null) {
                map.values().remove((String) path.last());
            } else {
                map.values().put((String) path.last(), value);
            }
        } else if (parent instanceof AttributeValue.L list) {
            listWrites.computeIfAbsent(list.values(), l -> new ArrayList<>())
                    .add(new ListWrite((Integer) path.last(), value));
        }
    }

    /** Removals and replacements use the old positions; writes past the end append in index order. */
    private static void applyListWrites(List<AttributeValue> list, List<ListWrite> writes) {
        List<AttributeValue> old = new ArrayList<>(list);
        Set<Integer> removed = new HashSet<>();
        List<ListWrite> appended = new ArrayList<>();
        for (ListWrite w : writes) {
            if (w.index() < old.size()) {
                if (w.value() == null) {
                    removed.add(w.index());
                } else {
                    old.set(w.index(), w.value());
                }
            } else if (w.value() != null) {
                appended.add(w);
            }
        }
        appended.sort(Comparator.comparingInt(ListWrite::index));
        list.clear();
        for (int i = 0; i < old.size(); i++) {
            if (!removed.contains(i)) {
                list.add(old.get(i));
            }
        }
        appended.forEach(w -> list.add(w.value()));
    }

    private static boolean writable(DocumentPath path, Map<String, AttributeValue> item) {
        if (path.size() == 1) {
            return true;
        }
        AttributeValue parent = path.parent().get(item);
        return path.last() instanceof Integer ? parent instanceof AttributeValue.L : parent instanceof AttributeValue.M;
    }

    /** ADD to or DELETE from an existing value. */
    private static AttributeValue combine(ActionKind kind, AttributeValue current, AttributeValue operand) {
        if (kind == ActionKind.ADD && current instanceof AttributeValue.N x && operand instanceof AttributeValue.N y) {
            return new AttributeValue.N(DynamoNumber.add(x.value(), y.value()));
        }
        AttributeValue result = kind == ActionKind.ADD ? Values.union(current, operand) : Values.minus(current, operand);
        if (result == null) {
            throw DynamoException.validation(WRONG_TYPE);
        }
        return result;
    }

    private static AttributeValue evaluate(SetValue value, Map<String, AttributeValue> item) {
        if (value instanceof Constant c) {
            return c.value();
        } else if (value instanceof PathValue p) {
            AttributeValue v = p.path().get(item);
            if (v == null) {
                throw new MissingAttribute();
            }
            return v;
        } else if (value instanceof IfNotExists f) {
            AttributeValue v = f.path().get(item);
            return v != null ? v : evaluate(f.fallback(), item);
        } else if (value instanceof ListAppend f) {
            AttributeValue first = evaluate(f.first(), item);
            if (!(first instanceof AttributeValue.L x)) {
                throw DynamoException.validation(WRONG_TYPE);
            }
            AttributeValue second = evaluate(f.second(), item);
            if (!(second instanceof AttributeValue.L y)) {
                throw DynamoException.validation(WRONG_TYPE);
            }
            List<AttributeValue> joined = new ArrayList<>(x.values());
            joined.addAll(y.values());
            return new AttributeValue.L(joined);
        }
        Arithmetic arithmetic = (Arithmetic) value;
        AttributeValue left = evaluate(arithmetic.left(), item);
        if (!(left instanceof AttributeValue.N x)) {
            throw DynamoException.validation(WRONG_TYPE);
        }
        AttributeValue right = evaluate(arithmetic.right(), item);
        if (!(right instanceof AttributeValue.N y)) {
            throw DynamoException.validation(WRONG_TYPE);
        }
        return new AttributeValue.N(arithmetic.subtract()
                ? DynamoNumber.subtract(x.value(), y.value())
                : DynamoNumber.add(x.value(), y.value()));
    }

    /** A deep copy whose maps and lists may be changed in place. */
    private static Map<String, AttributeValue> mutableCopy(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        item.forEach((k, v) -> out.put(k, mutableCopy(v)));
        return out;
    }

    private static AttributeValue mutableCopy(AttributeValue value) {
        if (value instanceof AttributeValue.M map) {
            return new AttributeValue.M(mutableCopy(map.values()));
        }
        if (value instanceof AttributeValue.L list) {
            List<AttributeValue> out = new ArrayList<>(list.values().size());
            list.values().forEach(v -> out.add(mutableCopy(v)));
            return new AttributeValue.L(out);
        }
        return value;
    }

    @Override
    public String toString() {
        return "Update" + actions;
    }
}
