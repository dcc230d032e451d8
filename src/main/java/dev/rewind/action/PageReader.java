package dev.rewind.action;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.rewind.expression.Condition;
import dev.rewind.expression.Projection;
import dev.rewind.model.AttributeValue;
import dev.rewind.model.ItemCodec;
import dev.rewind.model.ItemSize;
import dev.rewind.storage.RowIterator;
import dev.rewind.table.Table;

/**
 * Reads one page of Query or Scan results from a row cursor as DynamoDB does: items are evaluated in order until
 * Limit items have been read or 1 MB of item data has been read (before the filter), then LastEvaluatedKey names the
 * last item read (table key, plus index key on an index) when more may follow.
 */
final class PageReader {
    static final int MAX_PAGE_BYTES = 1024 * 1024;

    /**
     * One page: the matching items (projected), counts, where to continue, and the bytes read for the capacity
     * DynamoDB charges: on the index read ({@code indexBytes}, 0 when reading the table) and on the table
     * ({@code tableBytes}: the items read, or those fetched from the table for an LSI).
     */
    record Page(List<Map<String, AttributeValue>> items, int count, int scannedCount,
            Map<String, AttributeValue> lastEvaluatedKey, long indexBytes, long tableBytes, List<byte[]> rawItems) {

        /** A page that read nothing. */
        Page(List<Map<String, AttributeValue>> items, int count, int scannedCount,
                Map<String, AttributeValue> lastEvaluatedKey) {
            this(items, count, scannedCount, lastEvaluatedKey, 0, 0, null);
        }

        /** The items; a page read by the fast lane holds them as stored bytes and decodes them only when asked. */
        @Override
        public List<Map<String, AttributeValue>> items() {
            if (rawItems == null) {
                return items;
            }
            List<Map<String, AttributeValue>> decoded = new ArrayList<>(rawItems.size());
            rawItems.forEach(b -> decoded.add(ItemCodec.decode(b)));
            return decoded;
        }

        /**
         * The capacity this page consumed: read units on the total bytes read before the filter, on the index and on
         * the table separately; at least the minimum unit on what was read.
         */
        ConsumedCapacity capacity(Table table, Table.Index index, boolean consistent) {
            ConsumedCapacity c = new ConsumedCapacity(table.metadata().tableName(), false);
            if (index == null) {
                return c.addTable(ConsumedCapacity.readUnits(tableBytes, consistent));
            }
            c.addIndex(index, ConsumedCapacity.readUnits(indexBytes, consistent));
            return c.addTable(tableBytes == 0 ? 0 : ConsumedCapacity.readUnits(tableBytes, consistent));
        }
    }

    private PageReader() {
    }

    /**
     * @param index the index read, or null for the table
     * @param fetchFromTable for an LSI read with attributes beyond its projection: read each item from the table
     * @param countOnly Select=COUNT: no items returned
     */
    static Page read(RowIterator rows, Table table, Table.Index index, boolean fetchFromTable, int limit,
            Condition filter, Projection projection, boolean countOnly) {
        if (filter == null && projection == null && !fetchFromTable) {
            return readStored(rows, table, index, limit, countOnly);
        }
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        int scanned = 0;
        int count = 0;
        long bytes = 0;
        long indexBytes = 0;
        long tableBytes = 0;
        Map<String, AttributeValue> lastItem = null;
        boolean stopped = false;
        try (rows) {
            // As DynamoDB: a page ends when Limit items or 1 MB have been read, and then names its last item in
            // LastEvaluatedKey even if nothing follows (the next page is then empty).
            while (scanned < limit && bytes < MAX_PAGE_BYTES && rows.next()) {
                Map<String, AttributeValue> item = ItemCodec.decode(rows.value());
                if (index != null) {
                    indexBytes += ItemSize.of(item);
                }
                if (fetchFromTable) {
                    Map<String, AttributeValue> full = ItemWrites.read(table, item);
                    if (full != null) {
                        item = full;
                        tableBytes += ItemSize.of(full);
                    }
                } else if (index == null) {
                    tableBytes += ItemSize.of(item);
                }
                scanned++;
                bytes += ItemSize.of(item);
                lastItem = item;
                if (filter == null || filter.test(item)) {
                    count++;
                    if (!countOnly) {
                        items.add(projection == null ? item : projection.apply(item));
                    }
                }
            }
            stopped = scanned >= limit || bytes >= MAX_PAGE_BYTES;
        }
        Map<String, AttributeValue> lastKey = stopped && lastItem != null ? keyOf(table, index, lastItem) : null;
        return new Page(items, count, scanned, lastKey, indexBytes, tableBytes, null);
    }

    /**
     * The fast lane, for pages whose items go out as stored (no filter, no projection, nothing fetched from the
     * table): sizes are read off the encoded bytes, the items are written to JSON straight from them, and only the
     * last item is decoded (for LastEvaluatedKey).
     */
    private static Page readStored(RowIterator rows, Table table, Table.Index index, int limit, boolean countOnly) {
        List<byte[]> raw = new ArrayList<>();
        int scanned = 0;
        long bytes = 0;
        byte[] last = null;
        boolean stopped;
        try (rows) {
            while (scanned < limit && bytes < MAX_PAGE_BYTES && rows.next()) {
                byte[] value = rows.value();
                scanned++;
                bytes += ItemCodec.size(value);
                last = value;
                if (!countOnly) {
                    raw.add(value);
                }
            }
            stopped = scanned >= limit || bytes >= MAX_PAGE_BYTES;
        }
        Map<String, AttributeValue> lastKey = stopped && last != null
                ? keyOf(table, index, ItemCodec.decode(last)) : null;
        return new Page(null, scanned, scanned, lastKey, index == null ? 0 : bytes, index == null ? bytes : 0, raw);
    }

    /** The response of a Query or Scan page: items, counts, LastEvaluatedKey and, when asked, ConsumedCapacity. */
    static java.util.concurrent.CompletableFuture<dev.rewind.protocol.ResponseBody> respond(
            dev.rewind.table.TableCatalog catalog, RequestContext context, dev.rewind.protocol.JsonRequest request,
            Page page) {
        ConsumedCapacity.Detail capacityDetail = ConsumedCapacity.detail(request);
        boolean countOnly = "COUNT".equals(request.string("Select"));
        ConsumedCapacity capacity = capacityDetail == ConsumedCapacity.Detail.NONE ? null
                : capacity(catalog, context, request, page);
        return Action.done(g -> write(g, page, countOnly, capacityDetail, capacity));
    }

    /** The capacity a Query or Scan page consumed, for the table and index its (already checked) request names. */
    static ConsumedCapacity capacity(dev.rewind.table.TableCatalog catalog, RequestContext context,
            dev.rewind.protocol.JsonRequest request, Page page) {
        Table table = Tables.get(catalog, context, request.string("TableName"));
        String indexName = request.string("IndexName");
        return page.capacity(table, indexName == null ? null : table.index(indexName),
                Boolean.TRUE.equals(request.bool("ConsistentRead")));
    }

    static Map<String, AttributeValue> keyOf(Table table, Table.Index index, Map<String, AttributeValue> item) {
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        copy(item, key, table.key().hashName());
        copy(item, key, table.key().rangeName());
        if (index != null) {
            for (String name : index.key().attributeNames()) {
                copy(item, key, name);
            }
        }
        return key;
    }

    private static void copy(Map<String, AttributeValue> from, Map<String, AttributeValue> to, String name) {
        if (name != null && from.containsKey(name)) {
            to.put(name, from.get(name));
        }
    }

    static void write(com.fasterxml.jackson.core.JsonGenerator g, Page page, boolean countOnly)
            throws java.io.IOException {
        write(g, page, countOnly, ConsumedCapacity.Detail.NONE, null);
    }

    /** The Query or Scan response: items, counts, LastEvaluatedKey and ConsumedCapacity. */
    static void write(com.fasterxml.jackson.core.JsonGenerator g, Page page, boolean countOnly,
            ConsumedCapacity.Detail capacityDetail, ConsumedCapacity capacity) throws java.io.IOException {
        g.writeStartObject();
        if (!countOnly) {
            g.writeArrayFieldStart("Items");
            if (page.rawItems() != null) {
                for (byte[] item : page.rawItems()) {
                    ItemCodec.writeJson(item, g);
                }
            } else {
                for (Map<String, AttributeValue> item : page.items()) {
                    dev.rewind.protocol.AttributeValueJson.writeItem(g, item);
                }
            }
            g.writeEndArray();
        }
        g.writeNumberField("Count", page.count());
        g.writeNumberField("ScannedCount", page.scannedCount());
        if (page.lastEvaluatedKey() != null) {
            g.writeFieldName("LastEvaluatedKey");
            dev.rewind.protocol.AttributeValueJson.writeItem(g, page.lastEvaluatedKey());
        }
        ConsumedCapacity.writeField(g, capacityDetail, capacity);
        g.writeEndObject();
    }
}
