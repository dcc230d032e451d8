package dev.rewind.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.rewind.Rewind;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * The in-memory engine (`--in-memory`, DynamoDB Local's `-inMemory`) behaves as the on-disk one: items, Query
 * ranges, paged parallel Scan, a backup and its restore.
 */
class InMemoryIT {

    @Test
    void inMemory_itemsQueryScanBackupRestore() throws Exception {
        try (Rewind rewind = Rewind.builder().inMemory().port(0).start();
                DynamoDbClient c = RewindServer.clientFor(rewind.endpoint(), Region.US_EAST_1)) {
            c.createTable(b -> b.tableName("memory")
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                            a -> a.attributeName("sk").attributeType(ScalarAttributeType.N))
                    .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH),
                            k -> k.attributeName("sk").keyType(KeyType.RANGE))
                    .billingMode(BillingMode.PAY_PER_REQUEST));
            for (int p = 0; p < 20; p++) {
                for (int s = 0; s < 10; s++) {
                    int pp = p;
                    int ss = s;
                    c.putItem(b -> b.tableName("memory").item(Map.of("pk", AttributeValue.fromS("p" + pp),
                            "sk", AttributeValue.fromN(String.valueOf(ss)))));
                }
            }
            assertThat(c.query(b -> b.tableName("memory").keyConditionExpression("pk = :p AND sk BETWEEN :a AND :b")
                    .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("p3"),
                            ":a", AttributeValue.fromN("2"), ":b", AttributeValue.fromN("5"))))
                    .items()).extracting(i -> i.get("sk").n()).containsExactly("2", "3", "4", "5");
            Set<String> seen = new HashSet<>();
            for (int segment = 0; segment < 3; segment++) {
                int seg = segment;
                c.scanPaginator(b -> b.tableName("memory").segment(seg).totalSegments(3).limit(7)).items()
                        .forEach(i -> assertThat(seen.add(i.get("pk").s() + "/" + i.get("sk").n())).isTrue());
            }
            assertThat(seen).hasSize(200);
            String arn = c.createBackup(b -> b.tableName("memory").backupName("mem-backup")).backupDetails()
                    .backupArn();
            c.deleteItem(b -> b.tableName("memory").key(Map.of("pk", AttributeValue.fromS("p0"),
                    "sk", AttributeValue.fromN("0"))));
            c.restoreTableFromBackup(b -> b.targetTableName("memory-restored").backupArn(arn));
            for (int i = 0; i < 200 && c.describeTable(b -> b.tableName("memory-restored")).table().tableStatus()
                    != TableStatus.ACTIVE; i++) {
                Thread.sleep(20);
            }
            assertThat(c.scan(b -> b.tableName("memory-restored")).count()).isEqualTo(200);
            assertThat(c.scan(b -> b.tableName("memory")).count()).isEqualTo(199);
        }
    }
}
