package dev.rewind.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The shortest path a new user takes: create a table, put an item, read it back. */
class SmokeIT {
    private final DynamoDbClient client = RewindServer.client();

    @Test
    void createPutGet() {
        String table = RewindServer.uniqueTableName("smoke");
        client.createTable(b -> b.tableName(table)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                .billingMode(BillingMode.PAY_PER_REQUEST));
        client.putItem(b -> b.tableName(table).item(Map.of(
                "pk", AttributeValue.fromS("a"), "n", AttributeValue.fromN("1.50"))));
        Map<String, AttributeValue> item = client.getItem(b -> b.tableName(table)
                .key(Map.of("pk", AttributeValue.fromS("a")))).item();
        assertThat(item).containsEntry("n", AttributeValue.fromN("1.5"));
    }
}
