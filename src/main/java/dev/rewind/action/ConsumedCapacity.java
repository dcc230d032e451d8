// Map: ReturnConsumedCapacity. The Detail a request asks for; the capacity one operation consumed on one table
//   (table part plus each index), built with addRead / addWrite / addIndexRead; and writing it as DynamoDB's
//   ConsumedCapacity shape, alone (writeField) or as a list per table (writeList).
//   The unit arithmetic (readUnits, writeUnits) follows
//   https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html.
package dev.rewind.action;

import java.io.IOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonGenerator;

import dev.rewind.model.AttributeValue;
import dev.rewind.model.ItemSize;
import dev.rewind.protocol.JsonRequest;
import dev.rewind.protocol.Validation;
import dev.rewind.table.Table;

/**
 * The capacity units one operation consumed on one table and its indexes. Rewind has no throughput limits; it
 * computes what DynamoDB would charge, so applications can size their tables and tests can assert it:
 * <ul>
 * <li>reads are counted in 4 KB units, rounded up per item (GetItem, BatchGetItem, TransactGetItems) or over the
 * total size of every item read, before any filter (Query, Scan); an eventually consistent read costs half, a
 * transactional one double; reading nothing still costs the minimum unit;
 * <li>writes are counted in 1 KB units of the larger of the item before and after the write, at least one unit;
 * transactional writes cost double;
 * <li>a write also consumes on each secondary index whose entry it writes or deletes (two writes when the index key
 * changes), by the size of the projected entry; a write that leaves an index entry unchanged costs it nothing.
 * </ul>
 */
final class ConsumedCapacity {
    /** ReturnConsumedCapacity: what to report. */
    enum Detail {
        NONE, TOTAL, INDEXES
    }

    static final double READ_UNIT_BYTES = 4096;
    static final double WRITE_UNIT_BYTES = 1024;

    private final String tableName;
    private final boolean write;
    private double table;
    private final Map<String, Double> globalIndexes = new TreeMap<>();
    private final Map<String, Double> localIndexes = new TreeMap<>();

    /** @param write whether this reports write units (else read units) */
    ConsumedCapacity(String tableName, boolean write) {
        this.tableName = tableName;
        this.write = write;
    }

    /** The request's ReturnConsumedCapacity, checked as DynamoDB checks it. */
    static Detail detail(JsonRequest request) {
        String value = request.string("ReturnConsumedCapacity");
        new Validation().enumValue(value, "returnConsumedCapacity", List.of("INDEXES", "TOTAL", "NONE")).check();
        return value == null ? Detail.NONE : Detail.valueOf(value);
    }

    /** Read units for {@code bytes} read at once: whole 4 KB units (at least one), halved when eventually consistent. */
    static double readUnits(long bytes, boolean consistent) {
        double units = Math.max(1, Math.ceil(bytes / READ_UNIT_BYTES));
        return consistent ? units : units / 2;
    }

    /** Write units for an item of {@code bytes}: whole 1 KB units, at least one. */
    static double writeUnits(long bytes) {
        return Math.max(1, Math.ceil(bytes / WRITE_UNIT_BYTES));
    }

    String tableName() {
        return tableName;
    }

    ConsumedCapacity addTable(double units) {
        table += units;
        return this;
    }

    ConsumedCapacity addIndex(Table.Index index, double units) {
        (index.global() ? globalIndexes : localIndexes).merge(index.name(), units, Double::sum);
        return this;
    }

    /** One item read by key (GetItem, a BatchGetItem key, a TransactGetItems Get): null when absent. */
    ConsumedCapacity addItemRead(Map<String, AttributeValue> item, boolean consistent, int multiplier) {
        return addTable(multiplier * readUnits(item == null ? 0 : ItemSize.of(item), consistent));
    }

    /**
     * One item write from {@code oldItem} to {@code newItem} (either null), times {@code multiplier} (2 in a
     * transaction): the table on the larger of the two, each index on the entries it changes.
     */
    ConsumedCapacity addWrite(Table t, Map<String, AttributeValue> oldItem, Map<String, AttributeValue> newItem,
            int multiplier) {
        long oldSize = oldItem == null ? 0 : ItemSize.of(oldItem);
        long newSize = newItem == null ? 0 : ItemSize.of(newItem);
        addTable(multiplier * writeUnits(Math.max(oldSize, newSize)));
        for (Table.Index index : t.indexes()) {
            double units = indexWriteUnits(index, oldItem, newItem);
            if (units > 0) {
                addIndex(index, multiplier * units);
            }
        }
        return this;
    }

    private static double indexWriteUnits(Table.Index index, Map<String, AttributeValue> oldItem,
            Map<String, AttributeValue> newItem) {
        boolean had = index.indexes(oldItem);
        boolean has = index.indexes(newItem);
        if (!had && !has) {
            return 0;
        }
        Map<String, AttributeValue> oldEntry = had ? index.project(oldItem) : null;
        Map<String, AttributeValue> newEntry = has ? index.project(newItem) : null;
        if (!had || !has) {
            return writeUnits(ItemSize.of(had ? oldEntry : newEntry));
        }
        boolean sameKey = Arrays.equals(index.partition(oldItem), index.partition(newItem))
                && Arrays.equals(index.clustering(oldItem), index.clustering(newItem));
        if (!sameKey) {
            // DynamoDB deletes the old entry and puts the new one: two writes
            return writeUnits(ItemSize.of(oldEntry)) + writeUnits(ItemSize.of(newEntry));
        }
        if (oldEntry.equals(newEntry)) {
            return 0;
        }
        return writeUnits(Math.max(ItemSize.of(oldEntry), ItemSize.of(newEntry)));
    }

    double total() {
        double sum = table;
        for (double v : globalIndexes.values()) {
            sum += v;
        }
        for (double v : localIndexes.values()) {
            sum += v;
        }
        return sum;
    }

    /** Writes the ConsumedCapacity member (one object) unless {@code detail} is NONE or there is nothing. */
    static void writeField(JsonGenerator g, Detail detail, ConsumedCapacity capacity) throws IOException {
        if (detail == Detail.NONE || capacity == null) {
            return;
        }
        g.writeFieldName("ConsumedCapacity");
        capacity.writeTo(g, detail);
    }

    /** Writes the ConsumedCapacity member as a list (batch and transaction operations) unless NONE. */
    static void writeList(JsonGenerator g, Detail detail, Collection<ConsumedCapacity> capacities)
            throws IOException {
        if (detail == Detail.NONE) {
            return;
        }
        g.writeArrayFieldStart("ConsumedCapacity");
        for (ConsumedCapacity c : capacities) {
            c.writeTo(g, detail);
        }
        g.writeEndArray();
    }

    void writeTo(JsonGenerator g, Detail detail) throws IOException {
        g.writeStartObject();
        g.writeStringField("TableName", tableName);
        units(g, total());
        if (detail == Detail.INDEXES) {
            g.writeObjectFieldStart("Table");
            units(g, table);
            g.writeEndObject();
            indexes(g, "GlobalSecondaryIndexes", globalIndexes);
            indexes(g, "LocalSecondaryIndexes", localIndexes);
        }
        g.writeEndObject();
    }

    private void indexes(JsonGenerator g, String member, Map<String, Double> byIndex) throws IOException {
        if (byIndex.isEmpty()) {
            return;
        }
        g.writeObjectFieldStart(member);
        for (Map.Entry<String, Double> e : byIndex.entrySet()) {
            g.writeObjectFieldStart(e.getKey());
            units(g, e.getValue());
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private void units(JsonGenerator g, double units) throws IOException {
        g.writeNumberField("CapacityUnits", units);
        g.writeNumberField(write ? "WriteCapacityUnits" : "ReadCapacityUnits", units);
    }
}
