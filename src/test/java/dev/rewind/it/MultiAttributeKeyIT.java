package dev.rewind.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Multi-attribute GSI keys (DynamoDB, November 2025): partition and sort keys of up to four attributes each, queried
 * with equality on every partition attribute and sort attributes left to right
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.DesignPattern.MultiAttributeKeys.html).
 */
class MultiAttributeKeyIT {
    private static final DynamoDbClient CLIENT = RewindServer.client();
    private static String table;

    @BeforeAll
    static void createTable() {
        table = RewindServer.uniqueTableName("matches");
        CLIENT.createTable(b -> b.tableName(table)
                .attributeDefinitions(
                        a -> a.attributeName("matchId").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("tournamentId").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("region").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("round").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("bracket").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("seq").attributeType(ScalarAttributeType.N))
                .keySchema(k -> k.attributeName("matchId").keyType(KeyType.HASH))
                .globalSecondaryIndexes(g -> g.indexName("by-tournament-region")
                        .keySchema(k -> k.attributeName("tournamentId").keyType(KeyType.HASH),
                                k -> k.attributeName("region").keyType(KeyType.HASH),
                                k -> k.attributeName("round").keyType(KeyType.RANGE),
                                k -> k.attributeName("bracket").keyType(KeyType.RANGE),
                                k -> k.attributeName("seq").keyType(KeyType.RANGE))
                        .projection(p -> p.projectionType(ProjectionType.ALL)))
                .billingMode(BillingMode.PAY_PER_REQUEST));
        String[] rounds = {"FINALS", "QUARTERFINALS", "SEMIFINALS"};
        String[] brackets = {"LOWER", "UPPER"};
        int id = 0;
        for (String region : List.of("NA-EAST", "EU-WEST")) {
            for (String round : rounds) {
                for (String bracket : brackets) {
                    for (int seq = 1; seq <= 3; seq++) {
                        String matchId = "m" + id++;
                        int s = seq;
                        CLIENT.putItem(b -> b.tableName(table).item(Map.of(
                                "matchId", AttributeValue.fromS(matchId),
                                "tournamentId", AttributeValue.fromS("WINTER2024"),
                                "region", AttributeValue.fromS(region),
                                "round", AttributeValue.fromS(round),
                                "bracket", AttributeValue.fromS(bracket),
                                "seq", AttributeValue.fromN(String.valueOf(s)))));
                    }
                }
            }
        }
        // lacks "bracket": not in the index
        CLIENT.putItem(b -> b.tableName(table).item(Map.of("matchId", AttributeValue.fromS("partial"),
                "tournamentId", AttributeValue.fromS("WINTER2024"), "region", AttributeValue.fromS("NA-EAST"),
                "round", AttributeValue.fromS("FINALS"), "seq", AttributeValue.fromN("1"))));
    }

    /** Attribute names as #placeholders (region and round are reserved words). */
    private static final Map<String, String> NAMES = Map.of("#t", "tournamentId", "#r", "region", "#rd", "round",
            "#b", "bracket", "#s", "seq");

    private static Map<String, String> namesIn(String expression) {
        Map<String, String> used = new java.util.HashMap<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("#\\w+").matcher(expression);
        while (m.find()) {
            used.put(m.group(), NAMES.get(m.group()));
        }
        return used;
    }

    private static QueryResponse query(String condition, Map<String, AttributeValue> values) {
        return CLIENT.query(b -> b.tableName(table).indexName("by-tournament-region")
                .keyConditionExpression(condition).expressionAttributeNames(namesIn(condition))
                .expressionAttributeValues(values));
    }

    /** Equality on all partition attributes returns that partition in sort order (round, bracket, seq). */
    @Test
    void query_allPartitionAttributes_returnsPartitionInOrder() {
        QueryResponse r = query("#t = :t AND #r = :r",
                Map.of(":t", AttributeValue.fromS("WINTER2024"), ":r", AttributeValue.fromS("NA-EAST")));
        assertThat(r.count()).isEqualTo(18);
        List<String> order = r.items().stream().map(i -> i.get("round").s() + "/" + i.get("bracket").s() + "/"
                + i.get("seq").n()).toList();
        assertThat(order.get(0)).isEqualTo("FINALS/LOWER/1");
        assertThat(order.get(17)).isEqualTo("SEMIFINALS/UPPER/3");
        assertThat(order).isSorted();
    }

    /** Sort attributes left to right: equality on round and bracket, then a range on seq. */
    @Test
    void query_sortPrefixAndRange() {
        QueryResponse r = query("#t = :t AND #r = :r AND #rd = :round AND #b = :b AND #s >= :s",
                Map.of(":t", AttributeValue.fromS("WINTER2024"), ":r", AttributeValue.fromS("EU-WEST"),
                        ":round", AttributeValue.fromS("SEMIFINALS"), ":b", AttributeValue.fromS("UPPER"),
                        ":s", AttributeValue.fromN("2")));
        assertThat(r.items()).extracting(i -> i.get("seq").n()).containsExactly("2", "3");
        QueryResponse prefix = query("#t = :t AND #r = :r AND begins_with(#rd, :p)",
                Map.of(":t", AttributeValue.fromS("WINTER2024"), ":r", AttributeValue.fromS("EU-WEST"),
                        ":p", AttributeValue.fromS("SEMI")));
        assertThat(prefix.count()).isEqualTo(6);
    }

    /** Paging through a multi-attribute index resumes exactly (LastEvaluatedKey holds every key attribute). */
    @Test
    void query_paging_resumesExactly() {
        Set<String> seen = new HashSet<>();
        Map<String, AttributeValue> start = null;
        int pages = 0;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse r = CLIENT.query(b -> b.tableName(table).indexName("by-tournament-region")
                    .keyConditionExpression("#t = :t AND #r = :r")
                    .expressionAttributeNames(Map.of("#t", "tournamentId", "#r", "region"))
                    .expressionAttributeValues(Map.of(":t", AttributeValue.fromS("WINTER2024"),
                            ":r", AttributeValue.fromS("NA-EAST")))
                    .limit(5).exclusiveStartKey(from));
            r.items().forEach(i -> assertThat(seen.add(i.get("matchId").s())).isTrue());
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
            if (start != null) {
                assertThat(start).containsKeys("matchId", "tournamentId", "region", "round", "bracket", "seq");
            }
            pages++;
        } while (start != null);
        assertThat(seen).hasSize(18);
        assertThat(pages).isGreaterThan(3);
    }

    /** Missing a partition attribute, skipping a sort attribute, or a range before the last are rejected. */
    @Test
    void query_invalidConditions_areValidationErrors() {
        assertThatThrownBy(() -> query("#t = :t", Map.of(":t", AttributeValue.fromS("WINTER2024"))))
                .isInstanceOf(DynamoDbException.class).hasMessageContaining("missed key schema element: region");
        assertThatThrownBy(() -> query("#t = :t AND #r = :r AND #b = :b",
                Map.of(":t", AttributeValue.fromS("WINTER2024"), ":r", AttributeValue.fromS("NA-EAST"),
                        ":b", AttributeValue.fromS("UPPER"))))
                .isInstanceOf(DynamoDbException.class).hasMessageContaining("missed key schema element: round");
        assertThatThrownBy(() -> query("#t = :t AND #r = :r AND #rd > :x AND #b = :b",
                Map.of(":t", AttributeValue.fromS("WINTER2024"), ":r", AttributeValue.fromS("NA-EAST"),
                        ":x", AttributeValue.fromS("A"), ":b", AttributeValue.fromS("UPPER"))))
                .isInstanceOf(DynamoDbException.class).hasMessageContaining("Query key condition not supported");
    }

    /** A key schema may have at most four HASH and four RANGE elements, HASH first. */
    @Test
    void createTable_multiAttributeLimits() {
        String name = RewindServer.uniqueTableName("too-many");
        assertThatThrownBy(() -> CLIENT.createTable(b -> b.tableName(name)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("a").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("b").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("c").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("d").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("e").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                .globalSecondaryIndexes(g -> g.indexName("five").keySchema(
                        k -> k.attributeName("a").keyType(KeyType.HASH), k -> k.attributeName("b").keyType(KeyType.HASH),
                        k -> k.attributeName("c").keyType(KeyType.HASH), k -> k.attributeName("d").keyType(KeyType.HASH),
                        k -> k.attributeName("e").keyType(KeyType.HASH))
                        .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY)))
                .billingMode(BillingMode.PAY_PER_REQUEST)))
                .isInstanceOf(DynamoDbException.class).hasMessageContaining("at most 4 HASH");
    }
}
