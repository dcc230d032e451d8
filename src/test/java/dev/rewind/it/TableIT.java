package dev.rewind.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.waiters.WaiterResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ListTablesResponse;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.SSEType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableClass;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

/**
 * The table control plane through the AWS SDK: CreateTable with every option and its validation, DescribeTable,
 * ListTables paging, DeleteTable, and the SDK waiter.
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html
 */
class TableIT {
    private static final String ARN_PATTERN = "arn:aws:dynamodb:us-east-1:\\d{12}:table/";
    private final DynamoDbClient client = RewindServer.client();

    private static AttributeDefinition attribute(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
    }

    private static KeySchemaElement hash(String name) {
        return KeySchemaElement.builder().attributeName(name).keyType(KeyType.HASH).build();
    }

    private static KeySchemaElement range(String name) {
        return KeySchemaElement.builder().attributeName(name).keyType(KeyType.RANGE).build();
    }

    private static GlobalSecondaryIndex gsi(String name, String hashKey, ProjectionType projection,
            String... nonKey) {
        return GlobalSecondaryIndex.builder().indexName(name).keySchema(hash(hashKey))
                .projection(p -> {
                    p.projectionType(projection);
                    if (nonKey.length > 0) {
                        p.nonKeyAttributes(nonKey);
                    }
                }).build();
    }

    private static LocalSecondaryIndex lsi(String name, String hashKey, String rangeKey, ProjectionType projection,
            String... nonKey) {
        return LocalSecondaryIndex.builder().indexName(name).keySchema(hash(hashKey), range(rangeKey))
                .projection(p -> {
                    p.projectionType(projection);
                    if (nonKey.length > 0) {
                        p.nonKeyAttributes(nonKey);
                    }
                }).build();
    }

    private String createHashTable(String prefix) {
        String name = RewindServer.uniqueTableName(prefix);
        client.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attribute("pk", ScalarAttributeType.S)).keySchema(hash("pk")));
        return name;
    }

    // ---------------------------------------------------------------- CreateTable / DescribeTable

    /** A hash-only on-demand table: the smallest CreateTable, and what DescribeTable says about it. */
    @Test
    void createTable_hashOnlyPayPerRequest_describesAsDynamoDb() {
        Instant before = Instant.now().minusSeconds(5);
        String name = RewindServer.uniqueTableName("tbl-hash");
        TableDescription created = client.createTable(b -> b.tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attribute("pk", ScalarAttributeType.S)).keySchema(hash("pk")))
                .tableDescription();
        assertThat(created.tableName()).isEqualTo(name);
        assertThat(created.tableStatus()).isIn(TableStatus.CREATING, TableStatus.ACTIVE);

        TableDescription t = client.describeTable(b -> b.tableName(name)).table();
        assertThat(t.tableArn()).matches(ARN_PATTERN + name);
        assertThat(t.tableId()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(t.tableId()).isEqualTo(created.tableId());
        assertThat(t.creationDateTime()).isBetween(before, Instant.now().plusSeconds(5));
        assertThat(t.keySchema()).containsExactly(hash("pk"));
        assertThat(t.attributeDefinitions()).containsExactly(attribute("pk", ScalarAttributeType.S));
        assertThat(t.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
        assertThat(t.provisionedThroughput().readCapacityUnits()).isZero();
        assertThat(t.provisionedThroughput().writeCapacityUnits()).isZero();
        assertThat(t.itemCount()).isZero();
        assertThat(t.tableSizeBytes()).isZero();
        assertThat(t.hasGlobalSecondaryIndexes()).isFalse();
        assertThat(t.hasLocalSecondaryIndexes()).isFalse();
        assertThat(t.deletionProtectionEnabled()).isFalse();
    }

    /** Every CreateTable option at once; DescribeTable reflects each of them, indexes included. */
    @Test
    void createTable_everyOption_describesEveryOption() {
        String name = RewindServer.uniqueTableName("tbl-full");
        client.createTable(b -> b.tableName(name)
                .attributeDefinitions(attribute("pk", ScalarAttributeType.S), attribute("sk", ScalarAttributeType.N),
                        attribute("g1", ScalarAttributeType.S), attribute("g2", ScalarAttributeType.N),
                        attribute("g3", ScalarAttributeType.B), attribute("l1", ScalarAttributeType.S),
                        attribute("l2", ScalarAttributeType.N), attribute("l3", ScalarAttributeType.B))
                .keySchema(hash("pk"), range("sk"))
                .billingMode(BillingMode.PROVISIONED)
                .provisionedThroughput(p -> p.readCapacityUnits(5L).writeCapacityUnits(7L))
                .globalSecondaryIndexes(
                        withThroughput(gsi("gsi-keys", "g1", ProjectionType.KEYS_ONLY)),
                        withThroughput(gsi("gsi-include", "g2", ProjectionType.INCLUDE, "a", "b")),
                        withThroughput(gsi("gsi-all", "g3", ProjectionType.ALL)))
                .localSecondaryIndexes(
                        lsi("lsi-keys", "pk", "l1", ProjectionType.KEYS_ONLY),
                        lsi("lsi-include", "pk", "l2", ProjectionType.INCLUDE, "c"),
                        lsi("lsi-all", "pk", "l3", ProjectionType.ALL))
                .sseSpecification(s -> s.enabled(true).sseType(SSEType.KMS))
                .tableClass(TableClass.STANDARD_INFREQUENT_ACCESS)
                .tags(t -> t.key("team").value("storage"), t -> t.key("env").value("test"))
                .deletionProtectionEnabled(true));
        TableDescription t = client.describeTable(b -> b.tableName(name)).table();
        assertThat(t.tableStatus()).isEqualTo(TableStatus.ACTIVE);
        assertThat(t.keySchema()).containsExactly(hash("pk"), range("sk"));
        assertThat(t.provisionedThroughput().readCapacityUnits()).isEqualTo(5L);
        assertThat(t.provisionedThroughput().writeCapacityUnits()).isEqualTo(7L);
        if (t.billingModeSummary() != null) {
            assertThat(t.billingModeSummary().billingMode()).isEqualTo(BillingMode.PROVISIONED);
        }
        assertThat(t.sseDescription().statusAsString()).isEqualTo("ENABLED");
        assertThat(t.sseDescription().sseType()).isEqualTo(SSEType.KMS);
        assertThat(t.sseDescription().kmsMasterKeyArn()).startsWith("arn:aws:kms:us-east-1:");
        assertThat(t.tableClassSummary().tableClass()).isEqualTo(TableClass.STANDARD_INFREQUENT_ACCESS);
        assertThat(t.deletionProtectionEnabled()).isTrue();

        assertThat(t.globalSecondaryIndexes()).extracting(GlobalSecondaryIndexDescription::indexName)
                .containsExactlyInAnyOrder("gsi-keys", "gsi-include", "gsi-all");
        for (GlobalSecondaryIndexDescription g : t.globalSecondaryIndexes()) {
            assertThat(g.indexStatus()).isEqualTo(IndexStatus.ACTIVE);
            assertThat(g.indexArn()).isEqualTo(t.tableArn() + "/index/" + g.indexName());
            assertThat(g.itemCount()).isZero();
            assertThat(g.indexSizeBytes()).isZero();
            assertThat(g.provisionedThroughput().readCapacityUnits()).isEqualTo(1L);
            assertThat(g.provisionedThroughput().writeCapacityUnits()).isEqualTo(2L);
        }
        GlobalSecondaryIndexDescription include = t.globalSecondaryIndexes().stream()
                .filter(g -> g.indexName().equals("gsi-include")).findFirst().orElseThrow();
        assertThat(include.projection().projectionType()).isEqualTo(ProjectionType.INCLUDE);
        assertThat(include.projection().nonKeyAttributes()).containsExactly("a", "b");
        assertThat(include.keySchema()).containsExactly(hash("g2"));

        assertThat(t.localSecondaryIndexes()).extracting(LocalSecondaryIndexDescription::indexName)
                .containsExactlyInAnyOrder("lsi-keys", "lsi-include", "lsi-all");
        for (LocalSecondaryIndexDescription l : t.localSecondaryIndexes()) {
            assertThat(l.indexArn()).isEqualTo(t.tableArn() + "/index/" + l.indexName());
            assertThat(l.itemCount()).isZero();
            assertThat(l.indexSizeBytes()).isZero();
        }
        LocalSecondaryIndexDescription keysOnly = t.localSecondaryIndexes().stream()
                .filter(l -> l.indexName().equals("lsi-keys")).findFirst().orElseThrow();
        assertThat(keysOnly.projection().projectionType()).isEqualTo(ProjectionType.KEYS_ONLY);
        assertThat(keysOnly.keySchema()).containsExactly(hash("pk"), range("l1"));
    }

    private static GlobalSecondaryIndex withThroughput(GlobalSecondaryIndex index) {
        return index.toBuilder().provisionedThroughput(p -> p.readCapacityUnits(1L).writeCapacityUnits(2L)).build();
    }

    /**
     * ItemCount and TableSizeBytes (table and index) follow puts and deletes. AWS refreshes these about every six
     * hours; Rewind keeps them exact, which is what this test checks.
     */
    @Test
    void describeTable_itemCountAndSize_trackPutsAndDeletes() {
        String name = RewindServer.uniqueTableName("tbl-count");
        client.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attribute("pk", ScalarAttributeType.S), attribute("g", ScalarAttributeType.S))
                .keySchema(hash("pk"))
                .globalSecondaryIndexes(gsi("by-g", "g", ProjectionType.KEYS_ONLY)));
        // sizes as DynamoDB counts them: UTF-8 name lengths plus UTF-8 string lengths
        client.putItem(b -> b.tableName(name).item(Map.of("pk", AttributeValue.fromS("a"),
                "g", AttributeValue.fromS("x"), "data", AttributeValue.fromS("0123456789")))); // 2+1 + 1+1 + 4+10
        client.putItem(b -> b.tableName(name).item(Map.of("pk", AttributeValue.fromS("b")))); // 2+1
        client.putItem(b -> b.tableName(name).item(Map.of("pk", AttributeValue.fromS("c"),
                "g", AttributeValue.fromS("y")))); // 2+1 + 1+1

        TableDescription t = client.describeTable(b -> b.tableName(name)).table();
        assertThat(t.itemCount()).isEqualTo(3);
        assertThat(t.tableSizeBytes()).isEqualTo(19 + 3 + 5);
        GlobalSecondaryIndexDescription index = t.globalSecondaryIndexes().get(0);
        assertThat(index.itemCount()).isEqualTo(2);
        assertThat(index.indexSizeBytes()).isEqualTo(5 + 5);

        client.deleteItem(b -> b.tableName(name).key(Map.of("pk", AttributeValue.fromS("a"))));
        client.putItem(b -> b.tableName(name).item(Map.of("pk", AttributeValue.fromS("b"),
                "extra", AttributeValue.fromS("zz")))); // overwrite: 2+1 + 5+2
        t = client.describeTable(b -> b.tableName(name)).table();
        assertThat(t.itemCount()).isEqualTo(2);
        assertThat(t.tableSizeBytes()).isEqualTo(10 + 5);
        assertThat(t.globalSecondaryIndexes().get(0).itemCount()).isEqualTo(1);
        assertThat(t.globalSecondaryIndexes().get(0).indexSizeBytes()).isEqualTo(5);
    }

    /** The default table class is STANDARD and tables without SSESpecification have no SSEDescription. */
    @Test
    void describeTable_defaults_standardClassAndNoSse() {
        String name = createHashTable("tbl-defaults");
        TableDescription t = client.describeTable(b -> b.tableName(name)).table();
        if (t.tableClassSummary() != null) {
            assertThat(t.tableClassSummary().tableClass()).isEqualTo(TableClass.STANDARD);
        }
        assertThat(t.sseDescription()).isNull();
    }

    /** DescribeTable accepts the table ARN in place of its name. */
    @Test
    void describeTable_byArn_findsTable() {
        String name = createHashTable("tbl-arn");
        String arn = client.describeTable(b -> b.tableName(name)).table().tableArn();
        assertThat(client.describeTable(b -> b.tableName(arn)).table().tableName()).isEqualTo(name);
    }

    /** DescribeTable on a missing table is ResourceNotFoundException naming the table. */
    @Test
    void describeTable_missing_isResourceNotFound() {
        String name = RewindServer.uniqueTableName("tbl-missing");
        assertThatThrownBy(() -> client.describeTable(b -> b.tableName(name)))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageStartingWith("Requested resource not found: Table: " + name + " not found");
    }

    /** Creating a table whose name is taken is ResourceInUseException. */
    @Test
    void createTable_existingName_isResourceInUse() {
        String name = createHashTable("tbl-dup");
        assertThatThrownBy(() -> client.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attribute("pk", ScalarAttributeType.S)).keySchema(hash("pk"))))
                .isInstanceOf(ResourceInUseException.class)
                .hasMessageStartingWith("Table already exists: " + name);
    }

    // ---------------------------------------------------------------- CreateTable validation

    private void assertCreateFails(Consumer<CreateTableRequest.Builder> request, String message) {
        String name = RewindServer.uniqueTableName("tbl-bad");
        assertThatThrownBy(() -> client.createTable(b -> {
            b.tableName(name);
            request.accept(b);
        }))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                })
                .hasMessageStartingWith(message);
        assertThatThrownBy(() -> client.describeTable(b -> b.tableName(name)))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    private static Consumer<CreateTableRequest.Builder> onDemand(Consumer<CreateTableRequest.Builder> rest) {
        return b -> {
            b.billingMode(BillingMode.PAY_PER_REQUEST);
            rest.accept(b);
        };
    }

    /** KeySchema is required. */
    @Test
    void createTable_missingKeySchema_isValidationError() {
        assertCreateFails(onDemand(b -> b.attributeDefinitions(attribute("pk", ScalarAttributeType.S))),
                "1 validation error detected: Value null at 'keySchema' failed to satisfy constraint: "
                        + "Member must not be null");
    }

    /** Every key attribute must be defined in AttributeDefinitions. */
    @Test
    void createTable_undefinedKeyAttribute_isValidationError() {
        assertCreateFails(onDemand(b -> b.attributeDefinitions(attribute("other", ScalarAttributeType.S))
                        .keySchema(hash("pk"))),
                "One or more parameter values were invalid: Some index key attributes are not defined in "
                        + "AttributeDefinitions. Keys: [pk], AttributeDefinitions: [other]");
    }

    /** AttributeDefinitions may only hold key attributes (of the table or an index). */
    @Test
    void createTable_extraAttributeDefinition_isValidationError() {
        assertCreateFails(onDemand(b -> b.attributeDefinitions(attribute("pk", ScalarAttributeType.S),
                        attribute("unused", ScalarAttributeType.S)).keySchema(hash("pk"))),
                "One or more parameter values were invalid: Number of attributes in KeySchema does not exactly "
                        + "match number of attributes defined in AttributeDefinitions");
    }

    /** Key attributes can only be S, N or B. */
    @Test
    void createTable_badAttributeType_isValidationError() {
        assertCreateFails(onDemand(b -> b.attributeDefinitions(
                        AttributeDefinition.builder().attributeName("pk").attributeType("BOOL").build())
                        .keySchema(hash("pk"))),
                "1 validation error detected: Value 'BOOL' at 'attributeDefinitions.1.member.attributeType' "
                        + "failed to satisfy constraint: Member must satisfy enum value set: [B, N, S]");
    }

    /** The first key element must be the HASH key. */
    @Test
    void createTable_rangeFirst_isValidationError() {
        assertCreateFails(onDemand(b -> b.attributeDefinitions(attribute("pk", ScalarAttributeType.S),
                        attribute("sk", ScalarAttributeType.S)).keySchema(range("sk"), hash("pk"))),
                "Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
    }

    /** An LSI needs a table with a range key. */
    @Test
    void createTable_lsiOnHashOnlyTable_isValidationError() {
        assertCreateFails(onDemand(b -> b.attributeDefinitions(attribute("pk", ScalarAttributeType.S),
                        attribute("l", ScalarAttributeType.S)).keySchema(hash("pk"))
                        .localSecondaryIndexes(lsi("lsi", "pk", "l", ProjectionType.ALL))),
                "One or more parameter values were invalid: Table KeySchema does not have a range key, which is "
                        + "required when specifying a LocalSecondaryIndex");
    }

    /** An LSI shares the table's hash key. */
    @Test
    void createTable_lsiWithDifferentHashKey_isValidationError() {
        assertCreateFails(onDemand(b -> b.attributeDefinitions(attribute("pk", ScalarAttributeType.S),
                        attribute("sk", ScalarAttributeType.S), attribute("other", ScalarAttributeType.S))
                        .keySchema(hash("pk"), range("sk"))
                        .localSecondaryIndexes(lsi("lsi", "other", "sk", ProjectionType.ALL))),
                "One or more parameter values were invalid: Index KeySchema does not have the same leading hash "
                        + "key as table KeySchema for index: lsi. index hash key: other, table hash key: pk");
    }

    /** At most 20 GSIs per table. */
    @Test
    void createTable_moreThan20Gsis_isValidationError() {
        List<AttributeDefinition> attributes = new ArrayList<>();
        List<GlobalSecondaryIndex> indexes = new ArrayList<>();
        attributes.add(attribute("pk", ScalarAttributeType.S));
        for (int i = 0; i < 21; i++) {
            attributes.add(attribute("g" + i, ScalarAttributeType.S));
            indexes.add(gsi("gsi" + i, "g" + i, ProjectionType.KEYS_ONLY));
        }
        assertCreateFails(onDemand(b -> b.attributeDefinitions(attributes).keySchema(hash("pk"))
                        .globalSecondaryIndexes(indexes)),
                "One or more parameter values were invalid: GlobalSecondaryIndex count exceeds the per-table "
                        + "limit of 20");
    }

    /** At most 5 LSIs per table. */
    @Test
    void createTable_moreThan5Lsis_isValidationError() {
        List<AttributeDefinition> attributes = new ArrayList<>();
        List<LocalSecondaryIndex> indexes = new ArrayList<>();
        attributes.add(attribute("pk", ScalarAttributeType.S));
        attributes.add(attribute("sk", ScalarAttributeType.S));
        for (int i = 0; i < 6; i++) {
            attributes.add(attribute("l" + i, ScalarAttributeType.S));
            indexes.add(lsi("lsi" + i, "pk", "l" + i, ProjectionType.KEYS_ONLY));
        }
        assertCreateFails(onDemand(b -> b.attributeDefinitions(attributes).keySchema(hash("pk"), range("sk"))
                        .localSecondaryIndexes(indexes)),
                "One or more parameter values were invalid: Number of LocalSecondaryIndexes exceeds per-table "
                        + "limit of 5");
    }

    /** ProjectionType INCLUDE needs NonKeyAttributes. */
    @Test
    void createTable_includeWithoutNonKeyAttributes_isValidationError() {
        assertCreateFails(onDemand(b -> b.attributeDefinitions(attribute("pk", ScalarAttributeType.S),
                        attribute("g", ScalarAttributeType.S)).keySchema(hash("pk"))
                        .globalSecondaryIndexes(gsi("gsi", "g", ProjectionType.INCLUDE))),
                "One or more parameter values were invalid: ProjectionType is INCLUDE, but NonKeyAttributes is "
                        + "not specified");
    }

    /** NonKeyAttributes is only for INCLUDE. */
    @Test
    void createTable_nonKeyAttributesWithAll_isValidationError() {
        assertCreateFails(onDemand(b -> b.attributeDefinitions(attribute("pk", ScalarAttributeType.S),
                        attribute("g", ScalarAttributeType.S)).keySchema(hash("pk"))
                        .globalSecondaryIndexes(gsi("gsi", "g", ProjectionType.ALL, "x"))),
                "One or more parameter values were invalid: ProjectionType is ALL, but NonKeyAttributes is "
                        + "specified");
    }

    /** PROVISIONED (the default billing mode) requires ProvisionedThroughput. */
    @Test
    void createTable_provisionedWithoutThroughput_isValidationError() {
        assertCreateFails(b -> b.attributeDefinitions(attribute("pk", ScalarAttributeType.S)).keySchema(hash("pk")),
                "One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be "
                        + "specified when BillingMode is PROVISIONED");
    }

    /** PAY_PER_REQUEST forbids ProvisionedThroughput. */
    @Test
    void createTable_onDemandWithThroughput_isValidationError() {
        assertCreateFails(onDemand(b -> b.attributeDefinitions(attribute("pk", ScalarAttributeType.S))
                        .keySchema(hash("pk")).provisionedThroughput(p -> p.readCapacityUnits(1L)
                                .writeCapacityUnits(1L))),
                "One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can "
                        + "be specified when BillingMode is PAY_PER_REQUEST");
    }

    /** Table names are 3 to 255 characters of [a-zA-Z0-9_.-]. */
    @Test
    void createTable_badTableNames_areValidationErrors() {
        for (String bad : List.of("ab", "x".repeat(256), "has space", "slash/name", "ünïcode")) {
            assertThatThrownBy(() -> client.createTable(b -> b.tableName(bad)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(attribute("pk", ScalarAttributeType.S)).keySchema(hash("pk"))))
                    .as(bad)
                    .isInstanceOfSatisfying(DynamoDbException.class,
                            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"))
                    .hasMessageContaining("at 'tableName' failed to satisfy constraint");
        }
        assertThatThrownBy(() -> client.createTable(b -> b.tableName("ab").billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attribute("pk", ScalarAttributeType.S)).keySchema(hash("pk"))))
                .hasMessageStartingWith("1 validation error detected: Value 'ab' at 'tableName' failed to satisfy "
                        + "constraint: Member must have length greater than or equal to 3");
        // the longest and shortest legal names work
        String longest = RewindServer.uniqueTableName("tbl").replace('-', '_');
        String padded = longest + "x".repeat(255 - longest.length());
        client.createTable(b -> b.tableName(padded).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attribute("pk", ScalarAttributeType.S)).keySchema(hash("pk")));
        assertThat(client.describeTable(b -> b.tableName(padded)).table().tableName()).hasSize(255);
    }

    // ---------------------------------------------------------------- ListTables

    /** ListTables pages through names in ascending order with Limit and ExclusiveStartTableName. */
    @Test
    void listTables_pagesInOrder() {
        try (DynamoDbClient regional = RewindServer.client(Region.of("eu-north-1"))) {
            String prefix = RewindServer.uniqueTableName("list");
            List<String> created = new ArrayList<>();
            for (int i = 0; i < 11; i++) {
                String name = prefix + "-" + (char) ('k' - i); // created out of order on purpose
                regional.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                        .attributeDefinitions(attribute("pk", ScalarAttributeType.S)).keySchema(hash("pk")));
                created.add(name);
            }
            List<String> all = new ArrayList<>();
            String start = null;
            int pages = 0;
            do {
                String from = start;
                ListTablesResponse page = regional.listTables(b -> b.limit(4).exclusiveStartTableName(from));
                assertThat(page.tableNames()).hasSizeLessThanOrEqualTo(4);
                all.addAll(page.tableNames());
                start = page.lastEvaluatedTableName();
                if (start != null) {
                    assertThat(start).isEqualTo(page.tableNames().get(page.tableNames().size() - 1));
                }
                pages++;
            } while (start != null && pages < 100);
            assertThat(all).isSorted().doesNotHaveDuplicates().containsAll(created);
            assertThat(pages).isGreaterThanOrEqualTo(3);

            // a start name that is not a table still positions the page
            List<String> sortedCreated = created.stream().sorted().toList();
            List<String> after = regional.listTables(b -> b.exclusiveStartTableName(prefix + "-f0").limit(100))
                    .tableNames();
            assertThat(after).containsAll(sortedCreated.subList(sortedCreated.indexOf(prefix + "-g"), 11))
                    .doesNotContain(prefix + "-f");
        }
    }

    /** ListTables Limit must be between 1 and 100. */
    @Test
    void listTables_limitOutOfRange_isValidationError() {
        assertThatThrownBy(() -> client.listTables(b -> b.limit(0)))
                .isInstanceOf(DynamoDbException.class)
                .hasMessageContaining("Member must have value greater than or equal to 1");
        assertThatThrownBy(() -> client.listTables(b -> b.limit(101)))
                .isInstanceOf(DynamoDbException.class)
                .hasMessageContaining("Member must have value less than or equal to 100");
    }

    // ---------------------------------------------------------------- DeleteTable and waiters

    /** DeleteTable answers DELETING; afterwards the table is gone and its name can be reused. */
    @Test
    void deleteTable_answersDeletingThenNotFound() {
        String name = createHashTable("tbl-del");
        client.putItem(b -> b.tableName(name).item(Map.of("pk", AttributeValue.fromS("x"))));
        DeleteTableResponse deleted = client.deleteTable(b -> b.tableName(name));
        assertThat(deleted.tableDescription().tableStatus()).isEqualTo(TableStatus.DELETING);
        assertThat(deleted.tableDescription().tableName()).isEqualTo(name);
        try (DynamoDbWaiter waiter = client.waiter()) {
            waiter.waitUntilTableNotExists(b -> b.tableName(name));
        }
        assertThatThrownBy(() -> client.describeTable(b -> b.tableName(name)))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> client.getItem(b -> b.tableName(name).key(Map.of("pk", AttributeValue.fromS("x")))))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThat(client.listTables().tableNames()).doesNotContain(name);
        assertThatThrownBy(() -> client.deleteTable(b -> b.tableName(name)))
                .isInstanceOf(ResourceNotFoundException.class);

        // the name is free again, and the new table starts empty
        client.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attribute("pk", ScalarAttributeType.S)).keySchema(hash("pk")));
        assertThat(client.getItem(b -> b.tableName(name).key(Map.of("pk", AttributeValue.fromS("x")))).hasItem())
                .isFalse();
    }

    /** Deletion protection blocks DeleteTable with DynamoDB's ValidationException; the table stays. */
    @Test
    void deleteTable_deletionProtection_blocksDelete() {
        String name = RewindServer.uniqueTableName("tbl-protected");
        client.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attribute("pk", ScalarAttributeType.S)).keySchema(hash("pk"))
                .deletionProtectionEnabled(true));
        assertThatThrownBy(() -> client.deleteTable(b -> b.tableName(name)))
                .isInstanceOfSatisfying(DynamoDbException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"))
                .hasMessageStartingWith("Resource cannot be deleted as it is currently protected against deletion. "
                        + "Disable deletion protection first.");
        assertThat(client.describeTable(b -> b.tableName(name)).table().tableStatus()).isEqualTo(TableStatus.ACTIVE);
    }

    /** The SDK waiter sees the new table ACTIVE at its first poll (Rewind creates tables synchronously). */
    @Test
    void waiter_tableExists_returnsAtFirstPoll() {
        String name = createHashTable("tbl-wait");
        try (DynamoDbWaiter waiter = DynamoDbWaiter.builder().client(client).build()) {
            WaiterResponse<DescribeTableResponse> response = waiter.waitUntilTableExists(b -> b.tableName(name));
            assertThat(response.attemptsExecuted()).isEqualTo(1);
            assertThat(response.matched().response()).hasValueSatisfying(
                    r -> assertThat(r.table().tableStatus()).isEqualTo(TableStatus.ACTIVE));
        }
    }
}
