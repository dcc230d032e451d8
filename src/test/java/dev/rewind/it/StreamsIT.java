package dev.rewind.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.rewind.Rewind;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamDescription;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * DynamoDB Streams: the records of a table match its writes in order, item by item, with the images the view type
 * asks for (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html).
 */
class StreamsIT {
    private final DynamoDbClient client = RewindServer.client();
    private final DynamoDbStreamsClient streams = DynamoDbStreamsClient.builder()
            .endpointOverride(RewindServer.endpoint()).region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .build();

    private String createTable(StreamViewType viewType) {
        String table = RewindServer.uniqueTableName("streams");
        client.createTable(b -> b.tableName(table)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(viewType)));
        return table;
    }

    private List<Record> readAll(DynamoDbStreamsClient c, String streamArn) {
        StreamDescription d = c.describeStream(b -> b.streamArn(streamArn)).streamDescription();
        String shard = d.shards().get(0).shardId();
        String iterator = c.getShardIterator(b -> b.streamArn(streamArn).shardId(shard)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        List<Record> all = new ArrayList<>();
        while (true) {
            String it = iterator;
            var page = c.getRecords(b -> b.shardIterator(it).limit(7));
            all.addAll(page.records());
            if (page.records().isEmpty()) {
                return all;
            }
            iterator = page.nextShardIterator();
        }
    }

    /** Random puts, updates and deletes: one record per change, in write order, with correct old and new images. */
    @Test
    void records_matchWritesInOrder() {
        String table = createTable(StreamViewType.NEW_AND_OLD_IMAGES);
        String arn = client.describeTable(b -> b.tableName(table)).table().latestStreamArn();
        assertThat(streams.listStreams(b -> b.tableName(table)).streams()).hasSize(1);
        Random random = new Random(7);
        Map<String, Map<String, AttributeValue>> model = new java.util.HashMap<>();
        List<String[]> expected = new ArrayList<>(); // eventName, key, old n, new n
        for (int i = 0; i < 200; i++) {
            String key = "k" + random.nextInt(20);
            Map<String, AttributeValue> before = model.get(key);
            int op = random.nextInt(3);
            if (op == 0) {
                Map<String, AttributeValue> item = Map.of("pk", AttributeValue.fromS(key),
                        "n", AttributeValue.fromN(String.valueOf(i)));
                client.putItem(b -> b.tableName(table).item(item));
                model.put(key, item);
            } else if (op == 1) {
                int n = i;
                Map<String, AttributeValue> after = client.updateItem(b -> b.tableName(table)
                        .key(Map.of("pk", AttributeValue.fromS(key))).updateExpression("SET n = :n")
                        .expressionAttributeValues(Map.of(":n", AttributeValue.fromN(String.valueOf(n))))
                        .returnValues("ALL_NEW")).attributes();
                model.put(key, after);
            } else {
                client.deleteItem(b -> b.tableName(table).key(Map.of("pk", AttributeValue.fromS(key))));
                model.remove(key);
            }
            Map<String, AttributeValue> after = model.get(key);
            if (before == null && after == null) {
                continue; // deleting nothing is no change and no record
            }
            String event = before == null ? "INSERT" : after == null ? "REMOVE" : "MODIFY";
            expected.add(new String[] {event, key, before == null ? null : before.get("n").n(),
                    after == null ? null : after.get("n").n()});
        }
        List<Record> records = readAll(streams, arn);
        assertThat(records).hasSize(expected.size());
        String previous = "";
        for (int i = 0; i < records.size(); i++) {
            Record r = records.get(i);
            String[] e = expected.get(i);
            assertThat(r.eventNameAsString()).as("record %d", i).isEqualTo(e[0]);
            assertThat(r.dynamodb().keys()).isEqualTo(Map.of("pk", AttributeValue.fromS(e[1])));
            assertThat(r.dynamodb().oldImage().isEmpty() ? null : r.dynamodb().oldImage().get("n").n())
                    .isEqualTo(e[2]);
            assertThat(r.dynamodb().newImage().isEmpty() ? null : r.dynamodb().newImage().get("n").n())
                    .isEqualTo(e[3]);
            assertThat(r.dynamodb().sequenceNumber()).isGreaterThan(previous);
            previous = r.dynamodb().sequenceNumber();
            assertThat(r.eventSource()).isEqualTo("aws:dynamodb");
        }
    }

    /** KEYS_ONLY records carry no images; LATEST starts after what exists; AFTER_SEQUENCE_NUMBER resumes. */
    @Test
    void viewTypeAndIteratorTypes() {
        String table = createTable(StreamViewType.KEYS_ONLY);
        String arn = client.describeTable(b -> b.tableName(table)).table().latestStreamArn();
        client.putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS("a"))));
        String shard = streams.describeStream(b -> b.streamArn(arn)).streamDescription().shards().get(0).shardId();
        String latest = streams.getShardIterator(b -> b.streamArn(arn).shardId(shard)
                .shardIteratorType(ShardIteratorType.LATEST)).shardIterator();
        client.putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS("b"))));
        client.putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS("c"))));
        List<Record> fromLatest = streams.getRecords(b -> b.shardIterator(latest)).records();
        assertThat(fromLatest).extracting(r -> r.dynamodb().keys().get("pk").s()).containsExactly("b", "c");
        assertThat(fromLatest.get(0).dynamodb().newImage()).isEmpty();
        String seq = fromLatest.get(0).dynamodb().sequenceNumber();
        String after = streams.getShardIterator(b -> b.streamArn(arn).shardId(shard)
                .shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).sequenceNumber(seq)).shardIterator();
        assertThat(streams.getRecords(b -> b.shardIterator(after)).records())
                .extracting(r -> r.dynamodb().keys().get("pk").s()).containsExactly("c");
        String at = streams.getShardIterator(b -> b.streamArn(arn).shardId(shard)
                .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER).sequenceNumber(seq)).shardIterator();
        assertThat(streams.getRecords(b -> b.shardIterator(at)).records())
                .extracting(r -> r.dynamodb().keys().get("pk").s()).containsExactly("b", "c");
    }

    /** A transaction's changes appear together, in the order of its actions. */
    @Test
    void transaction_recordsAppearTogether() {
        String table = createTable(StreamViewType.NEW_IMAGE);
        String arn = client.describeTable(b -> b.tableName(table)).table().latestStreamArn();
        client.transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder().put(p -> p.tableName(table).item(Map.of("pk", AttributeValue.fromS("x"))))
                        .build(),
                TransactWriteItem.builder().put(p -> p.tableName(table).item(Map.of("pk", AttributeValue.fromS("y"))))
                        .build()));
        List<Record> records = readAll(streams, arn);
        assertThat(records).extracting(r -> r.dynamodb().keys().get("pk").s()).containsExactly("x", "y");
        assertThat(records.get(0).dynamodb().approximateCreationDateTime())
                .isEqualTo(records.get(1).dynamodb().approximateCreationDateTime());
    }

    /** A time-to-live deletion is a REMOVE record by the DynamoDB service. */
    @Test
    void timeToLiveDelete_isRecordedAsServiceRemove() throws Exception {
        try (Rewind rewind = Rewind.builder().port(0).dataDir(Files.createTempDirectory("rewind-streams"))
                .timeToLiveSweepInterval(Duration.ofMillis(100)).start();
                DynamoDbClient c = RewindServer.clientFor(rewind.endpoint(), Region.US_EAST_1);
                DynamoDbStreamsClient s = DynamoDbStreamsClient.builder().endpointOverride(rewind.endpoint())
                        .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(
                                AwsBasicCredentials.create("test", "test"))).build()) {
            c.createTable(b -> b.tableName("ttl-stream")
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                    .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .streamSpecification(x -> x.streamEnabled(true).streamViewType(StreamViewType.OLD_IMAGE)));
            c.updateTimeToLive(b -> b.tableName("ttl-stream").timeToLiveSpecification(t -> t.enabled(true)
                    .attributeName("exp")));
            c.putItem(b -> b.tableName("ttl-stream").item(Map.of("pk", AttributeValue.fromS("gone"),
                    "exp", AttributeValue.fromN(String.valueOf(System.currentTimeMillis() / 1000 - 5)))));
            String arn = c.describeTable(b -> b.tableName("ttl-stream")).table().latestStreamArn();
            List<Record> records = List.of();
            for (int i = 0; i < 100 && records.size() < 2; i++) {
                Thread.sleep(50);
                records = readAll(s, arn);
            }
            assertThat(records).extracting(Record::eventNameAsString).containsExactly("INSERT", "REMOVE");
            assertThat(records.get(1).userIdentity().principalId()).isEqualTo("dynamodb.amazonaws.com");
            assertThat(records.get(1).dynamodb().oldImage()).containsKey("exp");
        }
    }
}
