package dev.rewind.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Tables live per Region: the Region of the SigV4 credential scope picks the set of tables a request sees.
 * https://docs.aws.amazon.com/general/latest/gr/ddb.html
 */
class RegionIT {
    private static final DynamoDbClient east = RewindServer.client();
    private static DynamoDbClient west;

    @BeforeAll
    static void openClients() {
        west = RewindServer.client(Region.US_WEST_2);
    }

    @AfterAll
    static void closeClients() {
        west.close();
    }

    private static void createTable(DynamoDbClient client, String name) {
        client.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH)));
    }

    /** A table created in us-west-2 is invisible from us-east-1: not listed, not describable, not writable. */
    @Test
    void tableInOneRegion_isInvisibleFromAnother() {
        String name = RewindServer.uniqueTableName("region-west");
        createTable(west, name);
        assertThat(west.listTables(b -> b.limit(100).exclusiveStartTableName(name.substring(0, name.length() - 1)))
                .tableNames()).contains(name);
        assertThat(west.describeTable(b -> b.tableName(name)).table().tableName()).isEqualTo(name);

        assertThat(east.listTables(b -> b.limit(100).exclusiveStartTableName(name.substring(0, name.length() - 1)))
                .tableNames()).doesNotContain(name);
        assertThatThrownBy(() -> east.describeTable(b -> b.tableName(name)))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> east.putItem(b -> b.tableName(name).item(Map.of("pk", AttributeValue.fromS("x")))))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> east.deleteTable(b -> b.tableName(name)))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThat(west.describeTable(b -> b.tableName(name)).table().tableName()).isEqualTo(name);
    }

    /** Two Regions can each hold a table of the same name, with different items and different ARNs. */
    @Test
    void sameNameInTwoRegions_holdsSeparateData() {
        String name = RewindServer.uniqueTableName("region-both");
        createTable(east, name);
        createTable(west, name);
        east.putItem(b -> b.tableName(name).item(Map.of("pk", AttributeValue.fromS("k"),
                "where", AttributeValue.fromS("east"))));
        west.putItem(b -> b.tableName(name).item(Map.of("pk", AttributeValue.fromS("k"),
                "where", AttributeValue.fromS("west"))));
        west.putItem(b -> b.tableName(name).item(Map.of("pk", AttributeValue.fromS("only-west"))));

        Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS("k"));
        assertThat(east.getItem(b -> b.tableName(name).key(key)).item().get("where").s()).isEqualTo("east");
        assertThat(west.getItem(b -> b.tableName(name).key(key)).item().get("where").s()).isEqualTo("west");
        assertThat(east.getItem(b -> b.tableName(name).key(Map.of("pk", AttributeValue.fromS("only-west"))))
                .hasItem()).isFalse();
        assertThat(east.scan(b -> b.tableName(name)).count()).isEqualTo(1);
        assertThat(west.scan(b -> b.tableName(name)).count()).isEqualTo(2);

        String eastArn = east.describeTable(b -> b.tableName(name)).table().tableArn();
        String westArn = west.describeTable(b -> b.tableName(name)).table().tableArn();
        assertThat(eastArn).matches("arn:aws:dynamodb:us-east-1:\\d{12}:table/" + name);
        assertThat(westArn).matches("arn:aws:dynamodb:us-west-2:\\d{12}:table/" + name);

        // deleting one Region's table leaves the other's
        west.deleteTable(b -> b.tableName(name));
        assertThat(east.getItem(b -> b.tableName(name).key(key)).item().get("where").s()).isEqualTo("east");
    }

    /** Index ARNs carry the Region of their table too. */
    @Test
    void indexArn_carriesRegion() {
        String name = RewindServer.uniqueTableName("region-index");
        west.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("g").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                .globalSecondaryIndexes(g -> g.indexName("by-g")
                        .keySchema(k -> k.attributeName("g").keyType(KeyType.HASH))
                        .projection(p -> p.projectionType("ALL"))));
        assertThat(west.describeTable(b -> b.tableName(name)).table().globalSecondaryIndexes().get(0).indexArn())
                .matches("arn:aws:dynamodb:us-west-2:\\d{12}:table/" + name + "/index/by-g");
    }
}
