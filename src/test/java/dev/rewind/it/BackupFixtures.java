package dev.rewind.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BackupDescription;
import software.amazon.awssdk.services.dynamodb.model.BackupStatus;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * What the backup and restore ITs share: a "music" table shaped like the AWS tutorial's (two GSIs, one LSI), its
 * items, and waits that poll as a client of real DynamoDB must (backups turn AVAILABLE and restored tables ACTIVE
 * minutes later there; at once or within milliseconds on Rewind).
 */
final class BackupFixtures {
    static final Duration WAIT = Duration.ofMinutes(2);
    static final String SINGERS_INDEX = "singers-index";
    static final String ALBUM_INDEX = "album-index";
    static final String YEAR_INDEX = "year-index";
    static final int ARTISTS = 5;
    static final int SONGS_PER_ARTIST = 6;

    private BackupFixtures() {
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    static ProvisionedThroughput throughput(long read, long write) {
        return ProvisionedThroughput.builder().readCapacityUnits(read).writeCapacityUnits(write).build();
    }

    static KeySchemaElement hash(String name) {
        return KeySchemaElement.builder().attributeName(name).keyType(KeyType.HASH).build();
    }

    static KeySchemaElement range(String name) {
        return KeySchemaElement.builder().attributeName(name).keyType(KeyType.RANGE).build();
    }

    static Projection projection(ProjectionType type, String... nonKeyAttributes) {
        Projection.Builder b = Projection.builder().projectionType(type);
        if (nonKeyAttributes.length > 0) {
            b.nonKeyAttributes(nonKeyAttributes);
        }
        return b.build();
    }

    /**
     * The music table: key (Artist, SongTitle); GSI singers-index (SingerName, ALL), GSI album-index (AlbumTitle,
     * Year; KEYS_ONLY), LSI year-index (Artist, Year; INCLUDE Plays). Provisioned 5/5 unless on demand.
     */
    static CreateTableRequest musicTable(String name, BillingMode billingMode, Consumer<CreateTableRequest.Builder> more) {
        boolean provisioned = billingMode == BillingMode.PROVISIONED;
        GlobalSecondaryIndex.Builder singers = GlobalSecondaryIndex.builder().indexName(SINGERS_INDEX)
                .keySchema(hash("SingerName")).projection(projection(ProjectionType.ALL));
        GlobalSecondaryIndex.Builder album = GlobalSecondaryIndex.builder().indexName(ALBUM_INDEX)
                .keySchema(hash("AlbumTitle"), range("Year")).projection(projection(ProjectionType.KEYS_ONLY));
        if (provisioned) {
            singers.provisionedThroughput(throughput(3, 4));
            album.provisionedThroughput(throughput(2, 2));
        }
        CreateTableRequest.Builder b = CreateTableRequest.builder().tableName(name)
                .attributeDefinitions(
                        attribute("Artist", ScalarAttributeType.S), attribute("SongTitle", ScalarAttributeType.S),
                        attribute("SingerName", ScalarAttributeType.S), attribute("AlbumTitle", ScalarAttributeType.S),
                        attribute("Year", ScalarAttributeType.N))
                .keySchema(hash("Artist"), range("SongTitle"))
                .globalSecondaryIndexes(singers.build(), album.build())
                .localSecondaryIndexes(LocalSecondaryIndex.builder().indexName(YEAR_INDEX)
                        .keySchema(hash("Artist"), range("Year"))
                        .projection(projection(ProjectionType.INCLUDE, "Plays")).build())
                .billingMode(billingMode);
        if (provisioned) {
            b.provisionedThroughput(throughput(5, 5));
        }
        more.accept(b);
        return b.build();
    }

    static AttributeDefinition attribute(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
    }

    /** The music table's items: every artist's songs, a singer and an album each, some without an album. */
    static List<Map<String, AttributeValue>> musicItems() {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int a = 0; a < ARTISTS; a++) {
            for (int song = 0; song < SONGS_PER_ARTIST; song++) {
                Map<String, AttributeValue> item = new java.util.HashMap<>();
                item.put("Artist", s("artist-" + a));
                item.put("SongTitle", s("song-" + song));
                item.put("SingerName", s("singer-" + (a + song) % 3));
                if (song % 3 != 2) {
                    item.put("AlbumTitle", s("album-" + a + "-" + song % 2));
                }
                item.put("Year", n(1990 + song));
                item.put("Plays", n(100L * a + song));
                item.put("Lyrics", s("la ".repeat(song + 1)));
                items.add(Map.copyOf(item));
            }
        }
        return items;
    }

    static void createActive(DynamoDbClient client, CreateTableRequest request) {
        client.createTable(request);
        awaitActive(client, request.tableName());
    }

    static void putAll(DynamoDbClient client, String table, List<Map<String, AttributeValue>> items) {
        for (int from = 0; from < items.size(); from += 25) {
            List<WriteRequest> batch = new ArrayList<>();
            for (Map<String, AttributeValue> item : items.subList(from, Math.min(items.size(), from + 25))) {
                batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
            }
            Map<String, List<WriteRequest>> pending = Map.of(table, batch);
            while (!pending.isEmpty()) {
                Map<String, List<WriteRequest>> request = pending;
                pending = client.batchWriteItem(b -> b.requestItems(request)).unprocessedItems();
            }
        }
    }

    /** Polls DescribeTable until the table is ACTIVE; returns that description. */
    static TableDescription awaitActive(DynamoDbClient client, String table) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            TableDescription t = client.describeTable(b -> b.tableName(table)).table();
            if (t.tableStatus() == TableStatus.ACTIVE) {
                return t;
            }
            assertThat(System.nanoTime()).as("%s still %s", table, t.tableStatus()).isLessThan(deadline);
            pause();
        }
    }

    /** Polls until DescribeTable answers ResourceNotFoundException. */
    static void awaitGone(DynamoDbClient client, String table) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try {
                client.describeTable(b -> b.tableName(table));
            } catch (ResourceNotFoundException e) {
                return;
            }
            assertThat(System.nanoTime()).as("%s still exists", table).isLessThan(deadline);
            pause();
        }
    }

    /** Polls DescribeBackup until the backup is AVAILABLE (Rewind: at once; AWS: within minutes). */
    static BackupDescription awaitAvailable(DynamoDbClient client, String backupArn) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            BackupDescription d = client.describeBackup(b -> b.backupArn(backupArn)).backupDescription();
            if (d.backupDetails().backupStatus() == BackupStatus.AVAILABLE) {
                return d;
            }
            assertThat(System.nanoTime()).as("backup %s still %s", backupArn, d.backupDetails().backupStatus())
                    .isLessThan(deadline);
            pause();
        }
    }

    /** Creates a backup and waits until it can be restored; returns its ARN. */
    static String backup(DynamoDbClient client, String table, String backupName) {
        String arn = client.createBackup(b -> b.tableName(table).backupName(backupName)).backupDetails().backupArn();
        awaitAvailable(client, arn);
        return arn;
    }

    static List<Map<String, AttributeValue>> scanAll(DynamoDbClient client, String table) {
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = client.scan(b -> b.tableName(table).consistentRead(true).exclusiveStartKey(from));
            out.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return out;
    }

    /** Every entry of an index, by querying each of the given partition values. */
    static List<Map<String, AttributeValue>> queryIndex(DynamoDbClient client, String table, String index,
            String hashName, List<AttributeValue> hashValues) {
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        for (AttributeValue value : hashValues) {
            Map<String, AttributeValue> start = null;
            do {
                QueryRequest.Builder q = QueryRequest.builder().tableName(table).indexName(index)
                        .keyConditionExpression("#h = :h").expressionAttributeNames(Map.of("#h", hashName))
                        .expressionAttributeValues(Map.of(":h", value)).exclusiveStartKey(start);
                QueryResponse page = client.query(q.build());
                out.addAll(page.items());
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey()
                        : null;
            } while (start != null);
        }
        return out;
    }

    /** The items reduced to the given attributes, as an index with that projection holds them. */
    static List<Map<String, AttributeValue>> project(List<Map<String, AttributeValue>> items, String indexHash,
            String indexRange, List<String> attributes) {
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        for (Map<String, AttributeValue> item : items) {
            if (!item.containsKey(indexHash) || (indexRange != null && !item.containsKey(indexRange))) {
                continue;
            }
            if (attributes == null) {
                out.add(item);
                continue;
            }
            Map<String, AttributeValue> p = new java.util.HashMap<>();
            for (String a : attributes) {
                if (item.containsKey(a)) {
                    p.put(a, item.get(a));
                }
            }
            out.add(p);
        }
        return out;
    }

    /** Distinct values of an attribute over the items, in a stable order. */
    static List<AttributeValue> distinct(List<Map<String, AttributeValue>> items, String attribute) {
        return items.stream().filter(i -> i.containsKey(attribute)).map(i -> i.get(attribute)).distinct()
                .sorted(Comparator.comparing(AttributeValue::toString)).toList();
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
