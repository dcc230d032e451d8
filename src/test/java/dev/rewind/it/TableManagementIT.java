package dev.rewind.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import dev.rewind.Rewind;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexUpdate;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/** UpdateTable, time to live, tags, DescribeLimits and DescribeEndpoints (issue 7). */
class TableManagementIT {
    private final DynamoDbClient client = RewindServer.client();

    private String createTable() {
        String table = RewindServer.uniqueTableName("manage");
        client.createTable(b -> b.tableName(table)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                .billingMode(BillingMode.PAY_PER_REQUEST));
        return table;
    }

    private TableDescription waitActive(String table) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            TableDescription d = client.describeTable(b -> b.tableName(table)).table();
            if (d.tableStatus() == TableStatus.ACTIVE && d.globalSecondaryIndexes().stream()
                    .allMatch(g -> g.indexStatus() == IndexStatus.ACTIVE)) {
                return d;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("table did not become ACTIVE: " + table);
    }

    /** A GSI created by UpdateTable on a full table answers queries with every item, also those written meanwhile. */
    @Test
    void updateTable_createGsiOnFullTable_backfillsEveryItem() throws Exception {
        String table = createTable();
        int items = 2000;
        for (int i = 0; i < items; i += 25) {
            var writes = new java.util.ArrayList<software.amazon.awssdk.services.dynamodb.model.WriteRequest>();
            for (int j = i; j < i + 25; j++) {
                int n = j;
                writes.add(software.amazon.awssdk.services.dynamodb.model.WriteRequest.builder().putRequest(p -> p
                        .item(Map.of("pk", AttributeValue.fromS("item-" + n),
                                "group", AttributeValue.fromS("g" + (n % 10)),
                                "n", AttributeValue.fromN(String.valueOf(n))))).build());
            }
            client.batchWriteItem(b -> b.requestItems(Map.of(table, writes)));
        }
        AtomicBoolean stop = new AtomicBoolean();
        Thread writer = new Thread(() -> {
            int n = items;
            while (!stop.get()) {
                int k = n++;
                client.putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS("item-" + k),
                        "group", AttributeValue.fromS("g" + (k % 10)), "n", AttributeValue.fromN(String.valueOf(k)))));
            }
        });
        writer.start();
        TableDescription updating = client.updateTable(b -> b.tableName(table)
                .attributeDefinitions(a -> a.attributeName("group").attributeType(ScalarAttributeType.S))
                .globalSecondaryIndexUpdates(GlobalSecondaryIndexUpdate.builder().create(c -> c
                        .indexName("by-group")
                        .keySchema(k -> k.attributeName("group").keyType(KeyType.HASH),
                                k -> k.attributeName("pk").keyType(KeyType.RANGE))
                        .projection(p -> p.projectionType(ProjectionType.ALL))).build())).tableDescription();
        assertThat(updating.globalSecondaryIndexes()).hasSize(1);
        TableDescription done = waitActive(table);
        stop.set(true);
        writer.join();
        TableDescription after = client.describeTable(b -> b.tableName(table)).table();
        long total = after.itemCount();
        Set<String> fromIndex = new HashSet<>();
        for (int g = 0; g < 10; g++) {
            String group = "g" + g;
            client.queryPaginator(b -> b.tableName(table).indexName("by-group")
                    .keyConditionExpression("#g = :g").expressionAttributeNames(Map.of("#g", "group"))
                    .expressionAttributeValues(Map.of(":g", AttributeValue.fromS(group))))
                    .items().forEach(item -> fromIndex.add(item.get("pk").s()));
        }
        assertThat(fromIndex).hasSize((int) total);
        assertThat(total).isGreaterThanOrEqualTo(items);
        assertThat(done.globalSecondaryIndexes().get(0).indexStatus()).isEqualTo(IndexStatus.ACTIVE);
        assertThat(after.globalSecondaryIndexes().get(0).itemCount()).isEqualTo(total);
    }

    /** UpdateTable changes billing mode, deletion protection and table class, and deletes a GSI with its entries. */
    @Test
    void updateTable_settingsAndGsiDelete() throws Exception {
        String table = RewindServer.uniqueTableName("manage");
        client.createTable(b -> b.tableName(table)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("g").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                .globalSecondaryIndexes(i -> i.indexName("by-g").keySchema(k -> k.attributeName("g")
                        .keyType(KeyType.HASH)).projection(p -> p.projectionType(ProjectionType.KEYS_ONLY)))
                .billingMode(BillingMode.PAY_PER_REQUEST));
        client.putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS("a"),
                "g", AttributeValue.fromS("x"))));
        TableDescription d = client.updateTable(b -> b.tableName(table).billingMode(BillingMode.PROVISIONED)
                .provisionedThroughput(p -> p.readCapacityUnits(5L).writeCapacityUnits(7L))
                .globalSecondaryIndexUpdates(GlobalSecondaryIndexUpdate.builder().update(u -> u.indexName("by-g")
                        .provisionedThroughput(p -> p.readCapacityUnits(2L).writeCapacityUnits(3L))).build()))
                .tableDescription();
        assertThat(d.billingModeSummary().billingModeAsString()).isEqualTo("PROVISIONED");
        assertThat(d.provisionedThroughput().writeCapacityUnits()).isEqualTo(7L);
        assertThat(d.globalSecondaryIndexes().get(0).provisionedThroughput().writeCapacityUnits()).isEqualTo(3L);
        client.updateTable(b -> b.tableName(table).deletionProtectionEnabled(true)
                .tableClass("STANDARD_INFREQUENT_ACCESS"));
        assertThatThrownBy(() -> client.deleteTable(b -> b.tableName(table)))
                .isInstanceOf(DynamoDbException.class).hasMessageContaining("protected against deletion");
        d = client.updateTable(b -> b.tableName(table).deletionProtectionEnabled(false)
                .globalSecondaryIndexUpdates(GlobalSecondaryIndexUpdate.builder().delete(x -> x.indexName("by-g"))
                        .build())).tableDescription();
        assertThat(d.globalSecondaryIndexes()).isEmpty();
        assertThat(d.tableClassSummary().tableClassAsString()).isEqualTo("STANDARD_INFREQUENT_ACCESS");
        assertThatThrownBy(() -> client.query(b -> b.tableName(table).indexName("by-g")
                .keyConditionExpression("g = :g").expressionAttributeValues(Map.of(":g", AttributeValue.fromS("x")))))
                .isInstanceOf(DynamoDbException.class).hasMessageContaining("does not have the specified index");
        assertThatThrownBy(() -> client.updateTable(b -> b.tableName(table)))
                .isInstanceOf(DynamoDbException.class).hasMessageContaining("At least one of");
        client.deleteTable(b -> b.tableName(table));
    }

    /** A stream specification is accepted and described with its label and ARN. */
    @Test
    void updateTable_streamSpecification_isDescribed() {
        String table = createTable();
        TableDescription d = client.updateTable(b -> b.tableName(table).streamSpecification(s -> s.streamEnabled(true)
                .streamViewType(StreamViewType.NEW_AND_OLD_IMAGES))).tableDescription();
        assertThat(d.streamSpecification().streamEnabled()).isTrue();
        assertThat(d.streamSpecification().streamViewType()).isEqualTo(StreamViewType.NEW_AND_OLD_IMAGES);
        assertThat(d.latestStreamArn()).isEqualTo(d.tableArn() + "/stream/" + d.latestStreamLabel());
    }

    /** Expired items really disappear, from the table and its indexes, within the sweep interval (made short). */
    @Test
    void timeToLive_expiredItemsAreDeleted() throws Exception {
        Path dir = Files.createTempDirectory("rewind-ttl");
        try (Rewind rewind = Rewind.builder().port(0).dataDir(dir)
                .timeToLiveSweepInterval(Duration.ofMillis(200)).start();
                DynamoDbClient c = RewindServer.clientFor(rewind.endpoint(), Region.US_EAST_1)) {
            c.createTable(b -> b.tableName("sessions")
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                            a -> a.attributeName("user").attributeType(ScalarAttributeType.S))
                    .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                    .globalSecondaryIndexes(i -> i.indexName("by-user").keySchema(k -> k.attributeName("user")
                            .keyType(KeyType.HASH)).projection(p -> p.projectionType(ProjectionType.ALL)))
                    .billingMode(BillingMode.PAY_PER_REQUEST));
            assertThat(c.describeTimeToLive(b -> b.tableName("sessions")).timeToLiveDescription()
                    .timeToLiveStatus()).isEqualTo(TimeToLiveStatus.DISABLED);
            c.updateTimeToLive(b -> b.tableName("sessions").timeToLiveSpecification(t -> t.enabled(true)
                    .attributeName("expires")));
            assertThat(c.describeTimeToLive(b -> b.tableName("sessions")).timeToLiveDescription()
                    .attributeName()).isEqualTo("expires");
            long now = System.currentTimeMillis() / 1000;
            c.putItem(b -> b.tableName("sessions").item(Map.of("pk", AttributeValue.fromS("old"),
                    "user", AttributeValue.fromS("u"), "expires", AttributeValue.fromN(String.valueOf(now - 10)))));
            c.putItem(b -> b.tableName("sessions").item(Map.of("pk", AttributeValue.fromS("future"),
                    "user", AttributeValue.fromS("u"), "expires", AttributeValue.fromN(String.valueOf(now + 3600)))));
            c.putItem(b -> b.tableName("sessions").item(Map.of("pk", AttributeValue.fromS("string"),
                    "user", AttributeValue.fromS("u"), "expires", AttributeValue.fromS("0"))));
            long deadline = System.currentTimeMillis() + 10_000;
            while (!c.getItem(b -> b.tableName("sessions").key(Map.of("pk", AttributeValue.fromS("old"))))
                    .item().isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertThat(c.getItem(b -> b.tableName("sessions").key(Map.of("pk", AttributeValue.fromS("old"))))
                    .item()).isEmpty();
            List<String> left = c.query(b -> b.tableName("sessions").indexName("by-user")
                    .keyConditionExpression("#u = :u").expressionAttributeNames(Map.of("#u", "user"))
                    .expressionAttributeValues(Map.of(":u", AttributeValue.fromS("u")))).items().stream()
                    .map(i -> i.get("pk").s()).sorted().toList();
            assertThat(left).containsExactly("future", "string");
            assertThatThrownBy(() -> c.updateTimeToLive(b -> b.tableName("sessions")
                    .timeToLiveSpecification(t -> t.enabled(true).attributeName("expires"))))
                    .hasMessageContaining("TimeToLive is already enabled");
        }
    }

    /** TagResource, UntagResource and ListTagsOfResource on a table ARN. */
    @Test
    void tags_addListRemove() {
        String table = createTable();
        String arn = client.describeTable(b -> b.tableName(table)).table().tableArn();
        client.tagResource(b -> b.resourceArn(arn).tags(Tag.builder().key("team").value("a").build(),
                Tag.builder().key("env").value("test").build()));
        client.tagResource(b -> b.resourceArn(arn).tags(Tag.builder().key("team").value("b").build()));
        assertThat(client.listTagsOfResource(b -> b.resourceArn(arn)).tags())
                .extracting(Tag::key, Tag::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("team", "b"),
                        org.assertj.core.groups.Tuple.tuple("env", "test"));
        client.untagResource(b -> b.resourceArn(arn).tagKeys("team"));
        assertThat(client.listTagsOfResource(b -> b.resourceArn(arn)).tags()).extracting(Tag::key)
                .containsExactly("env");
        assertThatThrownBy(() -> client.listTagsOfResource(b -> b.resourceArn(arn + "-missing")))
                .isInstanceOf(software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException.class);
    }

    /** DescribeLimits reports DynamoDB's default quotas; DescribeEndpoints points back at this server. */
    @Test
    void describeLimitsAndEndpoints() {
        var limits = client.describeLimits(b -> { });
        assertThat(limits.tableMaxWriteCapacityUnits()).isEqualTo(40000L);
        var endpoints = client.describeEndpoints(b -> { }).endpoints();
        assertThat(endpoints).hasSize(1);
        assertThat(endpoints.get(0).address()).contains(String.valueOf(RewindServer.endpoint().getPort()));
    }
}
