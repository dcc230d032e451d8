package dev.rewind.it;

import static dev.rewind.it.QueryIT.n;
import static dev.rewind.it.QueryIT.s;
import static dev.rewind.it.QueryIT.validationMessage;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Scan through the AWS SDK: 1 MB paging, parallel scan segments, filters, Select COUNT and ExclusiveStartKey
 * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Scan.html,
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Scan.html#Scan.ParallelScan).
 */
class ScanIT {
    private static final DynamoDbClient client = RewindServer.client();
    private static final int PARTITIONS = 200;
    private static final int ITEMS_PER_PARTITION = 3;
    /** pk S, sk N: PARTITIONS × ITEMS_PER_PARTITION small items {pk, sk, group: sk % 5}. */
    private static String smallTable;

    @BeforeAll
    static void createTables() {
        smallTable = createTable("scan-small");
        List<WriteRequest> batch = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            for (int i = 0; i < ITEMS_PER_PARTITION; i++) {
                int sk = p * ITEMS_PER_PARTITION + i;
                batch.add(put(Map.of("pk", s("p" + p), "sk", n(String.valueOf(sk)),
                        "group", n(String.valueOf(sk % 5)))));
                if (batch.size() == 25) {
                    write(smallTable, batch);
                    batch.clear();
                }
            }
        }
        write(smallTable, batch);
    }

    private static String createTable(String prefix) {
        String name = RewindServer.uniqueTableName(prefix);
        client.createTable(b -> b.tableName(name)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("sk").attributeType(ScalarAttributeType.N))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH),
                        k -> k.attributeName("sk").keyType(KeyType.RANGE))
                .billingMode(BillingMode.PAY_PER_REQUEST));
        client.waiter().waitUntilTableExists(b -> b.tableName(name));
        return name;
    }

    /** Every segment of 1, 2, 3, 7 and 16, read whole or in Limit pages, returns every item exactly once. */
    @Test
    void parallelScan_unionOfSegments_isEveryItemExactlyOnce() {
        for (int total : new int[] {1, 2, 3, 7, 16}) {
            for (Integer limit : new Integer[] {null, 17}) {
                List<String> all = new ArrayList<>();
                Map<String, Integer> segmentOfPartition = new HashMap<>();
                for (int segment = 0; segment < total; segment++) {
                    int seg = segment;
                    List<Map<String, AttributeValue>> items = scanAll(b -> b.segment(seg).totalSegments(total)
                            .limit(limit));
                    for (Map<String, AttributeValue> item : items) {
                        all.add(item.get("pk").s() + "/" + item.get("sk").n());
                        Integer previous = segmentOfPartition.put(item.get("pk").s(), seg);
                        assertThat(previous).as("a partition lies in one segment").isIn(null, seg);
                    }
                }
                assertThat(all).as("total %d limit %s", total, limit).doesNotHaveDuplicates()
                        .hasSize(PARTITIONS * ITEMS_PER_PARTITION);
                if (total > 1) {
                    assertThat(new HashSet<>(segmentOfPartition.values())).as("items spread over segments")
                            .hasSizeGreaterThan(1);
                }
            }
        }
    }

    /** Paging a segment by Limit resumes exactly after LastEvaluatedKey: no item is skipped or repeated. */
    @Test
    void scan_exclusiveStartKey_resumesAfterLastEvaluatedKey() {
        List<String> whole = keys(scanAll(b -> b));
        List<String> paged = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse r = client.scan(b -> b.tableName(smallTable).limit(50).exclusiveStartKey(from));
            assertThat(r.count()).isLessThanOrEqualTo(50);
            if (r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty()) {
                Map<String, AttributeValue> last = r.items().get(r.items().size() - 1);
                assertThat(r.lastEvaluatedKey()).isEqualTo(Map.of("pk", last.get("pk"), "sk", last.get("sk")));
                start = r.lastEvaluatedKey();
            } else {
                start = null;
            }
            paged.addAll(keys(r.items()));
        } while (start != null);
        assertThat(paged).isEqualTo(whole).hasSize(PARTITIONS * ITEMS_PER_PARTITION);
    }

    /** A full scan of about 4 MB pages at 1 MB read, and the pages hold every item once. */
    @Test
    void scan_manyMegabytes_pagesAtOneMegabyte() {
        String table = createTable("scan-large");
        int itemCount = 400;
        int payloadBytes = 10_000;
        String payload = "y".repeat(payloadBytes);
        List<WriteRequest> batch = new ArrayList<>();
        for (int i = 0; i < itemCount; i++) {
            batch.add(put(Map.of("pk", s("k" + (i % 40)), "sk", n(String.valueOf(i)), "payload", s(payload))));
            if (batch.size() == 25) {
                write(table, batch);
                batch.clear();
            }
        }
        int itemSize = 2 + 3 + 2 + 4 + 7 + payloadBytes; // an upper bound, per "Item sizes and formats"
        Set<String> seen = new HashSet<>();
        int pages = 0;
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse r = client.scan(b -> b.tableName(table).exclusiveStartKey(from));
            long pageBytes = (long) r.items().size() * itemSize;
            assertThat(pageBytes).isLessThanOrEqualTo(1024 * 1024 + itemSize);
            for (Map<String, AttributeValue> item : r.items()) {
                assertThat(seen.add(item.get("sk").n())).as("seen once: %s", item.get("sk").n()).isTrue();
            }
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
            pages++;
        } while (start != null);
        assertThat(seen).hasSize(itemCount);
        assertThat(pages).isBetween(4, 5);
    }

    /** FilterExpression drops items after they are read: ScannedCount counts them all, Count the matches. */
    @Test
    void scan_filterExpression_countsScannedAndMatched() {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        int scanned = 0;
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse r = client.scan(b -> b.tableName(smallTable).filterExpression("#g = :zero")
                    .expressionAttributeNames(Map.of("#g", "group")).expressionAttributeValues(Map.of(":zero", n("0")))
                    .exclusiveStartKey(from));
            assertThat(r.count()).isEqualTo(r.items().size());
            items.addAll(r.items());
            scanned += r.scannedCount();
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null);
        assertThat(scanned).isEqualTo(PARTITIONS * ITEMS_PER_PARTITION);
        assertThat(items).hasSize(PARTITIONS * ITEMS_PER_PARTITION / 5)
                .allSatisfy(i -> assertThat(i.get("group")).isEqualTo(n("0")));
    }

    /** Select COUNT returns counts only, per segment too, and they add up to the table. */
    @Test
    void scan_selectCount_returnsCountsOnly() {
        int total = 0;
        for (int segment = 0; segment < 3; segment++) {
            int seg = segment;
            ScanResponse r = client.scan(b -> b.tableName(smallTable).select(Select.COUNT).segment(seg)
                    .totalSegments(3).filterExpression("#g < :two").expressionAttributeNames(Map.of("#g", "group"))
                    .expressionAttributeValues(Map.of(":two", n("2"))));
            assertThat(r.hasItems()).isFalse();
            assertThat(r.lastEvaluatedKey()).isEmpty();
            total += r.count();
        }
        assertThat(total).isEqualTo(PARTITIONS * ITEMS_PER_PARTITION * 2 / 5);
    }

    /** Segment and TotalSegments come together, Segment is below TotalSegments, and both are in range. */
    @Test
    void scan_segmentValidation_isValidationError() {
        assertThat(validationMessage(() -> client.scan(b -> b.tableName(smallTable).segment(0))))
                .isEqualTo("The TotalSegments parameter is required but was not present in the request when "
                        + "Segment parameter is present");
        assertThat(validationMessage(() -> client.scan(b -> b.tableName(smallTable).totalSegments(4))))
                .isEqualTo("The Segment parameter is required but was not present in the request when parameter "
                        + "TotalSegments is present");
        assertThat(validationMessage(() -> client.scan(b -> b.tableName(smallTable).segment(4).totalSegments(4))))
                .isEqualTo("The Segment parameter is zero-based and must be less than parameter TotalSegments: "
                        + "Segment: 4 is not less than TotalSegments: 4");
        assertThat(validationMessage(() -> client.scan(b -> b.tableName(smallTable).segment(0).totalSegments(0))))
                .isEqualTo("1 validation error detected: Value '0' at 'totalSegments' failed to satisfy constraint: "
                        + "Member must have value greater than or equal to 1");
        assertThat(validationMessage(() -> client.scan(b -> b.tableName(smallTable).segment(0)
                .totalSegments(1_000_001))))
                .isEqualTo("1 validation error detected: Value '1000001' at 'totalSegments' failed to satisfy "
                        + "constraint: Member must have value less than or equal to 1000000");
        assertThat(validationMessage(() -> client.scan(b -> b.tableName(smallTable).segment(-1).totalSegments(2))))
                .isEqualTo("1 validation error detected: Value '-1' at 'segment' failed to satisfy constraint: "
                        + "Member must have value greater than or equal to 0");
    }

    /** The largest allowed TotalSegments works: almost every segment is empty, and the union is still complete. */
    @Test
    void parallelScan_manySegments_lastSegmentIsLegal() {
        ScanResponse last = client.scan(b -> b.tableName(smallTable).segment(999_999).totalSegments(1_000_000));
        assertThat(last.count()).isLessThanOrEqualTo(PARTITIONS * ITEMS_PER_PARTITION);
    }

    /** ExclusiveStartKey on Scan must be exactly the table key. */
    @Test
    void scan_exclusiveStartKeyNotMatchingSchema_isValidationError() {
        assertThat(validationMessage(() -> client.scan(b -> b.tableName(smallTable)
                .exclusiveStartKey(Map.of("pk", s("p1"))))))
                .isEqualTo("The provided starting key is invalid: The provided key element does not match the "
                        + "schema");
    }

    // ---- helpers ----

    private static List<Map<String, AttributeValue>> scanAll(
            java.util.function.UnaryOperator<ScanRequest.Builder> options) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse r = client.scan(options.apply(ScanRequest.builder().tableName(smallTable)
                    .exclusiveStartKey(from)).build());
            items.addAll(r.items());
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }

    private static List<String> keys(List<Map<String, AttributeValue>> items) {
        return items.stream().map(i -> i.get("pk").s() + "/" + i.get("sk").n()).toList();
    }

    private static WriteRequest put(Map<String, AttributeValue> item) {
        return WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build();
    }

    private static void write(String table, List<WriteRequest> batch) {
        if (batch.isEmpty()) {
            return;
        }
        Map<String, List<WriteRequest>> unprocessed = Map.of(table, List.copyOf(batch));
        while (!unprocessed.isEmpty()) {
            Map<String, List<WriteRequest>> pending = unprocessed;
            unprocessed = client.batchWriteItem(b -> b.requestItems(pending)).unprocessedItems();
        }
    }
}
