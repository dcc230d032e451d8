package dev.rewind.partiql;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** The key attribute names of a table or index: the partition key and, when it has one, the sort key (else null). */
public record KeyNames(String hashKey, String rangeKey) {
    public KeyNames {
        requireNonNull(hashKey, "hashKey is null");
    }

    public List<String> all() {
        return rangeKey == null ? List.of(hashKey) : List.of(hashKey, rangeKey);
    }

    public boolean contains(String name) {
        return name.equals(hashKey) || name.equals(rangeKey);
    }
}
