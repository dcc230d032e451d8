package dev.rewind.action;

import java.util.concurrent.CompletableFuture;

import dev.rewind.error.DynamoException;
import dev.rewind.protocol.JsonRequest;
import dev.rewind.protocol.ResponseBody;
import dev.rewind.protocol.Validation;
import dev.rewind.storage.RowIterator;
import dev.rewind.table.TableCatalog;

/** Scan, whole or as segment i of n (parallel scan), of a table or an index. */
final class ScanAction implements Action {
    private final TableCatalog catalog;

    ScanAction(TableCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public CompletableFuture<ResponseBody> handle(RequestContext context, JsonRequest request) {
        return PageReader.respond(catalog, context, request, page(context, request));
    }

    /** Reads one page; ExecuteStatement's SELECT runs through here too. */
    PageReader.Page page(RequestContext context, JsonRequest request) {
        Long segment = request.number("Segment");
        Long totalSegments = request.number("TotalSegments");
        new Validation().range(segment, "segment", 0, 999999).range(totalSegments, "totalSegments", 1, 1000000)
                .check();
        if (segment != null && totalSegments == null) {
            throw DynamoException.validation("The TotalSegments parameter is required but was not present in the "
                    + "request when Segment parameter is present");
        }
        if (totalSegments != null && segment == null) {
            throw DynamoException.validation("The Segment parameter is required but was not present in the request "
                    + "when parameter TotalSegments is present");
        }
        if (segment != null && segment >= totalSegments) {
            throw DynamoException.validation("The Segment parameter is zero-based and must be less than parameter "
                    + "TotalSegments: Segment: " + segment + " is not less than TotalSegments: " + totalSegments);
        }
        ReadRequest read = new ReadRequest(catalog, context, request, null);
        read.expressions.checkAllUsed();
        read.checkStartKey();
        int seg = segment == null ? 0 : segment.intValue();
        int total = totalSegments == null ? 1 : totalSegments.intValue();
        byte[] startPartition = null;
        byte[] startClustering = null;
        if (read.exclusiveStartKey != null) {
            startPartition = read.startPartition();
            startClustering = read.startClustering();
            if (read.table.store().segmentOf(startPartition, total) != seg) {
                throw DynamoException.validation("The provided Exclusive start key does not map to the provided "
                        + "segment");
            }
        }
        RowIterator rows = read.table.store().scan(read.space(), seg, total, startPartition, startClustering);
        PageReader.Page page = PageReader.read(rows, read.table, read.index, read.fetchFromTable, read.limit,
                read.filter, read.projection, read.countOnly);
        return page;
    }
}
