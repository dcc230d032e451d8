package dev.rewind.action;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonGenerator;

import dev.rewind.model.AttributeValue;
import dev.rewind.model.ItemCodec;
import dev.rewind.model.ItemSize;
import dev.rewind.protocol.AttributeValueJson;
import dev.rewind.protocol.JsonRequest;
import dev.rewind.protocol.Validation;
import dev.rewind.storage.RowIterator;
import dev.rewind.storage.TableStore;
import dev.rewind.table.Table;

/**
 * ReturnItemCollectionMetrics=SIZE: for a write to a table with local secondary indexes, the item collection it
 * touched (its partition key) and an estimate of the collection's size in GB, as a [lower, upper] range of whole
 * gigabytes. The size is that of every item with the partition key plus their LSI entries, as DynamoDB counts it
 * against the 10 GB item collection limit
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LSI.html#LSI.ItemCollections).
 */
final class ItemCollectionMetrics {
    private static final double BYTES_PER_GB = 1024.0 * 1024 * 1024;

    private ItemCollectionMetrics() {
    }

    /** Whether the request asks for them (ReturnItemCollectionMetrics SIZE), checked as DynamoDB checks it. */
    static boolean requested(JsonRequest request) {
        String value = request.string("ReturnItemCollectionMetrics");
        new Validation().enumValue(value, "returnItemCollectionMetrics", List.of("SIZE", "NONE")).check();
        return "SIZE".equals(value);
    }

    /** DynamoDB only reports item collections of tables that have local secondary indexes. */
    static boolean applies(Table table) {
        for (Table.Index index : table.indexes()) {
            if (!index.global()) {
                return true;
            }
        }
        return false;
    }

    /** One ItemCollectionMetrics object for the collection holding {@code keyItem}. */
    static void write(JsonGenerator g, Table table, Map<String, AttributeValue> keyItem) throws IOException {
        String hashName = table.key().hashName();
        double gb = sizeBytes(table, keyItem) / BYTES_PER_GB;
        double lower = Math.floor(gb);
        g.writeStartObject();
        g.writeObjectFieldStart("ItemCollectionKey");
        g.writeFieldName(hashName);
        AttributeValueJson.write(g, keyItem.get(hashName));
        g.writeEndObject();
        g.writeArrayFieldStart("SizeEstimateRangeGB");
        g.writeNumber(lower);
        g.writeNumber(lower + 1);
        g.writeEndArray();
        g.writeEndObject();
    }

    /** Writes the ItemCollectionMetrics member of a single-item write, when requested and it applies. */
    static void writeField(JsonGenerator g, boolean requested, Table table, Map<String, AttributeValue> keyItem)
            throws IOException {
        if (requested && applies(table)) {
            g.writeFieldName("ItemCollectionMetrics");
            write(g, table, keyItem);
        }
    }

    private static long sizeBytes(Table table, Map<String, AttributeValue> keyItem) {
        byte[] partition = table.key().partition(keyItem);
        long bytes = sum(table.store().range(TableStore.TABLE_SPACE, partition, null, null, false));
        for (Table.Index index : table.indexes()) {
            if (!index.global()) {
                bytes += sum(table.store().range(index.space(), index.partition(keyItem), null, null, false));
            }
        }
        return bytes;
    }

    private static long sum(RowIterator rows) {
        long bytes = 0;
        try (rows) {
            while (rows.next()) {
                bytes += ItemSize.of(ItemCodec.decode(rows.value()));
            }
        }
        return bytes;
    }
}
