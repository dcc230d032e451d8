package dev.rewind.storage;

import java.util.ArrayList;
import java.util.List;

/** Puts, deletes and statistics deltas applied atomically by {@link TableStore#write}. */
public final class WriteBatch {
    /**
     * One row change; {@code value} null means delete; {@code clustering} null (with value null) deletes the whole
     * partition.
     */
    public record Mutation(int space, byte[] partition, byte[] clustering, byte[] value) {
    }

    /** A change of a space's item count and size. */
    public record StatsDelta(int space, long itemCountDelta, long sizeBytesDelta) {
    }

    private final List<Mutation> mutations = new ArrayList<>(4);
    private final List<StatsDelta> stats = new ArrayList<>(2);

    public WriteBatch put(int space, byte[] partition, byte[] clustering, byte[] value) {
        mutations.add(new Mutation(space, partition, clustering, value));
        return this;
    }

    public WriteBatch delete(int space, byte[] partition, byte[] clustering) {
        mutations.add(new Mutation(space, partition, clustering, null));
        return this;
    }

    /** Deletes every row of one partition (cheap on RocksDB: a range tombstone). */
    public WriteBatch deletePartition(int space, byte[] partition) {
        mutations.add(new Mutation(space, partition, null, null));
        return this;
    }

    /**
     * Adds to the change of a space's item count and size. Deltas of one space are summed here, so a batch of many
     * items writes each counter once.
     */
    public WriteBatch addStats(int space, long itemCountDelta, long sizeBytesDelta) {
        if (itemCountDelta == 0 && sizeBytesDelta == 0) {
            return this;
        }
        for (int i = 0; i < stats.size(); i++) {
            StatsDelta d = stats.get(i);
            if (d.space() == space) {
                stats.set(i, new StatsDelta(space, d.itemCountDelta() + itemCountDelta,
                        d.sizeBytesDelta() + sizeBytesDelta));
                return this;
            }
        }
        stats.add(new StatsDelta(space, itemCountDelta, sizeBytesDelta));
        return this;
    }

    /** Adds another batch's mutations (after this one's) and statistics deltas. */
    public WriteBatch addAll(WriteBatch other) {
        mutations.addAll(other.mutations);
        for (StatsDelta d : other.stats) {
            addStats(d.space(), d.itemCountDelta(), d.sizeBytesDelta());
        }
        return this;
    }

    public List<Mutation> mutations() {
        return mutations;
    }

    public List<StatsDelta> stats() {
        return stats;
    }

    public boolean isEmpty() {
        return mutations.isEmpty() && stats.isEmpty();
    }
}
