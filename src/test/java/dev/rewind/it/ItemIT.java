package dev.rewind.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Item operations through the AWS SDK: PutItem, GetItem, UpdateItem, DeleteItem with conditions, ReturnValues and
 * projections; number canonical form and limits; every attribute type; BatchWriteItem and BatchGetItem.
 */
class ItemIT {
    private static final DynamoDbClient client = RewindServer.client();
    /** pk (S). */
    private static String hashTable;
    /** pk (S), sk (N). */
    private static String rangeTable;
    /** pk (S), sk (B). */
    private static String binaryTable;
    /** pk (S), sk (S). */
    private static String stringTable;

    @BeforeAll
    static void createTables() {
        hashTable = create("item-hash", null);
        rangeTable = create("item-range", ScalarAttributeType.N);
        binaryTable = create("item-binary", ScalarAttributeType.B);
        stringTable = create("item-string", ScalarAttributeType.S);
    }

    private static String create(String prefix, ScalarAttributeType rangeType) {
        String name = RewindServer.uniqueTableName(prefix);
        client.createTable(b -> {
            b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST);
            if (rangeType == null) {
                b.attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                        .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH));
            } else {
                b.attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                                a -> a.attributeName("sk").attributeType(rangeType))
                        .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH),
                                k -> k.attributeName("sk").keyType(KeyType.RANGE));
            }
        });
        return name;
    }

    private static String uniqueKey() {
        return UUID.randomUUID().toString();
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(String v) {
        return AttributeValue.fromN(v);
    }

    private static Map<String, AttributeValue> key(String pk) {
        return Map.of("pk", s(pk));
    }

    private static Map<String, AttributeValue> item(String pk, Object... nameValues) {
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        out.put("pk", s(pk));
        for (int i = 0; i < nameValues.length; i += 2) {
            out.put((String) nameValues[i], (AttributeValue) nameValues[i + 1]);
        }
        return out;
    }

    private static Map<String, AttributeValue> get(String table, Map<String, AttributeValue> key) {
        var response = client.getItem(b -> b.tableName(table).key(key).consistentRead(true));
        return response.hasItem() ? response.item() : null;
    }

    // ---------------------------------------------------------------- PutItem / GetItem / DeleteItem

    /** attribute_not_exists(pk) is the standard create-only idiom; the second put must fail and change nothing. */
    @Test
    void putItem_attributeNotExists_createsOnlyOnce() {
        String pk = uniqueKey();
        client.putItem(b -> b.tableName(hashTable).item(item(pk, "v", s("first")))
                .conditionExpression("attribute_not_exists(pk)"));
        assertThatThrownBy(() -> client.putItem(b -> b.tableName(hashTable).item(item(pk, "v", s("second")))
                .conditionExpression("attribute_not_exists(pk)")))
                .isInstanceOf(ConditionalCheckFailedException.class)
                .hasMessageStartingWith("The conditional request failed");
        assertThat(get(hashTable, key(pk))).containsEntry("v", s("first"));
    }

    /** Optimistic locking: a write conditioned on the version it read succeeds once, then fails. */
    @Test
    void putItem_versionCheck_rejectsStaleWriter() {
        String pk = uniqueKey();
        client.putItem(b -> b.tableName(hashTable).item(item(pk, "version", n("1"))));
        client.putItem(b -> b.tableName(hashTable).item(item(pk, "version", n("2"), "writer", s("a")))
                .conditionExpression("version = :expected")
                .expressionAttributeValues(Map.of(":expected", n("1"))));
        assertThatThrownBy(() -> client.putItem(b -> b.tableName(hashTable)
                .item(item(pk, "version", n("2"), "writer", s("b")))
                .conditionExpression("version = :expected")
                .expressionAttributeValues(Map.of(":expected", n("1")))))
                .isInstanceOf(ConditionalCheckFailedException.class);
        assertThat(get(hashTable, key(pk))).containsEntry("writer", s("a")).containsEntry("version", n("2"));
    }

    /** PutItem ReturnValues=ALL_OLD answers the replaced item, and nothing when there was none. */
    @Test
    void putItem_returnValuesAllOld_returnsReplacedItem() {
        String pk = uniqueKey();
        PutItemResponse first = client.putItem(b -> b.tableName(hashTable).item(item(pk, "v", n("1")))
                .returnValues(ReturnValue.ALL_OLD));
        assertThat(first.hasAttributes()).isFalse();
        PutItemResponse second = client.putItem(b -> b.tableName(hashTable).item(item(pk, "v", n("2")))
                .returnValues(ReturnValue.ALL_OLD));
        assertThat(second.attributes()).isEqualTo(item(pk, "v", n("1")));
    }

    /** PutItem accepts only NONE and ALL_OLD as ReturnValues. */
    @Test
    void putItem_returnValuesAllNew_isValidationError() {
        assertThatThrownBy(() -> client.putItem(b -> b.tableName(hashTable).item(item(uniqueKey()))
                .returnValues(ReturnValue.ALL_NEW)))
                .isInstanceOf(DynamoDbException.class)
                .hasMessageStartingWith("ReturnValues can only be ALL_OLD or NONE");
    }

    /** ReturnValuesOnConditionCheckFailure=ALL_OLD puts the current item into the exception (SDK: item()). */
    @Test
    void putItem_returnValuesOnConditionCheckFailure_exposesCurrentItem() {
        String pk = uniqueKey();
        client.putItem(b -> b.tableName(hashTable).item(item(pk, "v", s("current"))));
        assertThatThrownBy(() -> client.putItem(b -> b.tableName(hashTable).item(item(pk, "v", s("new")))
                .conditionExpression("attribute_not_exists(pk)")
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)))
                .isInstanceOfSatisfying(ConditionalCheckFailedException.class,
                        e -> assertThat(e.item()).isEqualTo(item(pk, "v", s("current"))));
    }

    /** Without ReturnValuesOnConditionCheckFailure, the exception carries no item. */
    @Test
    void deleteItem_conditionFailsWithoutReturnValues_hasNoItem() {
        String pk = uniqueKey();
        client.putItem(b -> b.tableName(hashTable).item(item(pk, "v", s("x"))));
        assertThatThrownBy(() -> client.deleteItem(b -> b.tableName(hashTable).key(key(pk))
                .conditionExpression("v = :other").expressionAttributeValues(Map.of(":other", s("y")))))
                .isInstanceOfSatisfying(ConditionalCheckFailedException.class,
                        e -> assertThat(e.hasItem()).isFalse());
        assertThat(get(hashTable, key(pk))).isNotNull();
    }

    /** DeleteItem ALL_OLD returns the deleted item; deleting a missing item is not an error and returns nothing. */
    @Test
    void deleteItem_returnValuesAllOld_returnsDeletedItem() {
        String pk = uniqueKey();
        client.putItem(b -> b.tableName(hashTable).item(item(pk, "v", s("x"))));
        DeleteItemResponse deleted = client.deleteItem(b -> b.tableName(hashTable).key(key(pk))
                .returnValues(ReturnValue.ALL_OLD));
        assertThat(deleted.attributes()).isEqualTo(item(pk, "v", s("x")));
        assertThat(get(hashTable, key(pk))).isNull();
        DeleteItemResponse again = client.deleteItem(b -> b.tableName(hashTable).key(key(pk))
                .returnValues(ReturnValue.ALL_OLD));
        assertThat(again.hasAttributes()).isFalse();
    }

    /** DeleteItem with ReturnValuesOnConditionCheckFailure=ALL_OLD exposes the item it refused to delete. */
    @Test
    void deleteItem_returnValuesOnConditionCheckFailure_exposesCurrentItem() {
        String pk = uniqueKey();
        client.putItem(b -> b.tableName(hashTable).item(item(pk, "locked", AttributeValue.fromBool(true))));
        assertThatThrownBy(() -> client.deleteItem(b -> b.tableName(hashTable).key(key(pk))
                .conditionExpression("locked = :f").expressionAttributeValues(Map.of(":f", AttributeValue.fromBool(false)))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)))
                .isInstanceOfSatisfying(ConditionalCheckFailedException.class,
                        e -> assertThat(e.item()).containsEntry("locked", AttributeValue.fromBool(true)));
        assertThat(get(hashTable, key(pk))).isNotNull();
    }

    /** GetItem of a missing key answers no Item member at all (not an empty one). */
    @Test
    void getItem_missing_hasNoItem() {
        var response = client.getItem(b -> b.tableName(hashTable).key(key(uniqueKey())));
        assertThat(response.hasItem()).isFalse();
    }

    /** ProjectionExpression picks nested map members and list elements, keeping their nesting. */
    @Test
    void getItem_projectionWithNestedPaths_returnsOnlyThosePaths() {
        String pk = uniqueKey();
        Map<String, AttributeValue> inner = Map.of("x", n("1"), "y", n("2"));
        client.putItem(b -> b.tableName(hashTable).item(item(pk,
                "m", AttributeValue.fromM(Map.of("inside", AttributeValue.fromM(inner), "rest", s("o"))),
                "l", AttributeValue.fromL(List.of(s("a"), s("b"), s("c"))),
                "name", s("reserved word"),
                "top", s("t"))));
        Map<String, AttributeValue> projected = client.getItem(b -> b.tableName(hashTable).key(key(pk))
                .projectionExpression("m.inside.y, l[2], #n, nothere")
                .expressionAttributeNames(Map.of("#n", "name"))).item();
        assertThat(projected).isEqualTo(Map.of(
                "m", AttributeValue.fromM(Map.of("inside", AttributeValue.fromM(Map.of("y", n("2"))))),
                "l", AttributeValue.fromL(List.of(s("c"))),
                "name", s("reserved word")));
    }

    // ---------------------------------------------------------------- UpdateItem

    /** UpdateItem without UpdateExpression creates an item holding just its key, as DynamoDB does. */
    @Test
    void updateItem_withoutUpdateExpression_createsKeyOnlyItem() {
        String pk = uniqueKey();
        client.updateItem(b -> b.tableName(rangeTable).key(Map.of("pk", s(pk), "sk", n("7"))));
        assertThat(get(rangeTable, Map.of("pk", s(pk), "sk", n("7"))))
                .isEqualTo(Map.of("pk", s(pk), "sk", n("7")));
    }

    /** The four ReturnValues of UpdateItem, including the nested-path shape of UPDATED_OLD/UPDATED_NEW. */
    @Test
    void updateItem_returnValues_answerAsDynamoDb() {
        String pk = uniqueKey();
        client.putItem(b -> b.tableName(hashTable).item(item(pk,
                "a", AttributeValue.fromM(Map.of("b", s("dog"), "c", n("1"))), "d", s("cat"))));
        UpdateItemResponse allOld = update(pk, ReturnValue.ALL_OLD, "SET a.b = :v", Map.of(":v", s("hi")));
        assertThat(allOld.attributes()).isEqualTo(item(pk,
                "a", AttributeValue.fromM(Map.of("b", s("dog"), "c", n("1"))), "d", s("cat")));
        UpdateItemResponse updatedOld = update(pk, ReturnValue.UPDATED_OLD, "SET a.b = :v", Map.of(":v", s("yo")));
        assertThat(updatedOld.attributes()).isEqualTo(Map.of("a", AttributeValue.fromM(Map.of("b", s("hi")))));
        UpdateItemResponse updatedNew = update(pk, ReturnValue.UPDATED_NEW, "SET a.b = :v, e = :e",
                Map.of(":v", s("new"), ":e", n("5")));
        assertThat(updatedNew.attributes()).isEqualTo(Map.of(
                "a", AttributeValue.fromM(Map.of("b", s("new"))), "e", n("5")));
        UpdateItemResponse allNew = update(pk, ReturnValue.ALL_NEW, "REMOVE d", null);
        assertThat(allNew.attributes()).isEqualTo(item(pk,
                "a", AttributeValue.fromM(Map.of("b", s("new"), "c", n("1"))), "e", n("5")));
    }

    /** UPDATED_OLD on an attribute that did not exist before returns nothing. */
    @Test
    void updateItem_updatedOldOfNewAttribute_returnsNoAttributes() {
        String pk = uniqueKey();
        UpdateItemResponse response = update(pk, ReturnValue.UPDATED_OLD, "SET a = :v", Map.of(":v", n("1")));
        assertThat(response.hasAttributes()).isFalse();
    }

    /** A version check on UpdateItem: SET version = version + :one only if version = :expected. */
    @Test
    void updateItem_versionCheck_incrementsOnce() {
        String pk = uniqueKey();
        client.putItem(b -> b.tableName(hashTable).item(item(pk, "version", n("1"))));
        client.updateItem(b -> b.tableName(hashTable).key(key(pk))
                .updateExpression("SET version = version + :one")
                .conditionExpression("version = :expected")
                .expressionAttributeValues(Map.of(":one", n("1"), ":expected", n("1"))));
        assertThatThrownBy(() -> client.updateItem(b -> b.tableName(hashTable).key(key(pk))
                .updateExpression("SET version = version + :one")
                .conditionExpression("version = :expected")
                .expressionAttributeValues(Map.of(":one", n("1"), ":expected", n("1")))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)))
                .isInstanceOfSatisfying(ConditionalCheckFailedException.class,
                        e -> assertThat(e.item()).containsEntry("version", n("2")));
        assertThat(get(hashTable, key(pk))).containsEntry("version", n("2"));
    }

    /** SET of every type, then REMOVE of top-level and nested members. */
    @Test
    void updateItem_setAndRemove_everyType() {
        String pk = uniqueKey();
        Map<String, AttributeValue> values = allTypes();
        StringBuilder set = new StringBuilder("SET ");
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> placeholders = new HashMap<>();
        int i = 0;
        for (Map.Entry<String, AttributeValue> e : values.entrySet()) {
            if (i > 0) {
                set.append(", ");
            }
            set.append("#n").append(i).append(" = :v").append(i);
            names.put("#n" + i, e.getKey());
            placeholders.put(":v" + i, e.getValue());
            i++;
        }
        client.updateItem(b -> b.tableName(hashTable).key(key(pk)).updateExpression(set.toString())
                .expressionAttributeNames(names).expressionAttributeValues(placeholders));
        Map<String, AttributeValue> expected = new HashMap<>(values);
        expected.put("pk", s(pk));
        assertThat(get(hashTable, key(pk))).isEqualTo(expected);

        client.updateItem(b -> b.tableName(hashTable).key(key(pk))
                .updateExpression("REMOVE s, m.nested, l[0]"));
        expected.remove("s");
        expected.put("m", AttributeValue.fromM(Map.of("k", s("v"))));
        expected.put("l", AttributeValue.fromL(List.of(n("2"), AttributeValue.fromBool(true))));
        assertThat(get(hashTable, key(pk))).isEqualTo(expected);
    }

    /** ADD on numbers (including a missing attribute, which starts at 0) and on each set type; DELETE on sets. */
    @Test
    void updateItem_addAndDelete_onNumbersAndSets() {
        String pk = uniqueKey();
        client.putItem(b -> b.tableName(hashTable).item(item(pk,
                "n", n("10"),
                "ss", AttributeValue.fromSs(List.of("a", "b")),
                "ns", AttributeValue.fromNs(List.of("1", "2")),
                "bs", AttributeValue.fromBs(List.of(bytes(1), bytes(2))))));
        client.updateItem(b -> b.tableName(hashTable).key(key(pk))
                .updateExpression("ADD n :minus, fresh :five, ss :ss, ns :ns, bs :bs, newset :ss")
                .expressionAttributeValues(Map.of(
                        ":minus", n("-2.5"), ":five", n("5"),
                        ":ss", AttributeValue.fromSs(List.of("c")),
                        ":ns", AttributeValue.fromNs(List.of("3")),
                        ":bs", AttributeValue.fromBs(List.of(bytes(3))))));
        Map<String, AttributeValue> afterAdd = get(hashTable, key(pk));
        assertThat(afterAdd.get("n")).isEqualTo(n("7.5"));
        assertThat(afterAdd.get("fresh")).isEqualTo(n("5"));
        assertThat(afterAdd.get("ss").ss()).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(afterAdd.get("ns").ns()).containsExactlyInAnyOrder("1", "2", "3");
        assertThat(afterAdd.get("bs").bs()).containsExactlyInAnyOrder(bytes(1), bytes(2), bytes(3));
        assertThat(afterAdd.get("newset").ss()).containsExactly("c");

        client.updateItem(b -> b.tableName(hashTable).key(key(pk))
                .updateExpression("DELETE ss :ss, ns :ns, bs :bs, newset :last")
                .expressionAttributeValues(Map.of(
                        ":ss", AttributeValue.fromSs(List.of("a", "zzz")),
                        ":ns", AttributeValue.fromNs(List.of("1", "2")),
                        ":bs", AttributeValue.fromBs(List.of(bytes(3))),
                        ":last", AttributeValue.fromSs(List.of("c")))));
        Map<String, AttributeValue> afterDelete = get(hashTable, key(pk));
        assertThat(afterDelete.get("ss").ss()).containsExactlyInAnyOrder("b", "c");
        assertThat(afterDelete.get("ns").ns()).containsExactly("3");
        assertThat(afterDelete.get("bs").bs()).containsExactlyInAnyOrder(bytes(1), bytes(2));
        // deleting the last element removes the attribute: DynamoDB has no empty sets
        assertThat(afterDelete).doesNotContainKey("newset");
    }

    /** ADD and DELETE accept only numbers and sets; a mismatch found in the item is a ValidationException. */
    @Test
    void updateItem_addOrDeleteOnWrongType_isValidationError() {
        String pk = uniqueKey();
        client.putItem(b -> b.tableName(hashTable).item(item(pk, "str", s("text"), "ss", AttributeValue.fromSs(
                List.of("a")))));
        assertThatThrownBy(() -> client.updateItem(b -> b.tableName(hashTable).key(key(pk))
                .updateExpression("ADD str :one").expressionAttributeValues(Map.of(":one", n("1")))))
                .isInstanceOf(DynamoDbException.class)
                .hasMessageStartingWith("An operand in the update expression has an incorrect data type");
        assertThatThrownBy(() -> client.updateItem(b -> b.tableName(hashTable).key(key(pk))
                .updateExpression("ADD ss :ns").expressionAttributeValues(Map.of(":ns",
                        AttributeValue.fromNs(List.of("1"))))))
                .isInstanceOf(DynamoDbException.class)
                .hasMessageStartingWith("An operand in the update expression has an incorrect data type");
        assertThatThrownBy(() -> client.updateItem(b -> b.tableName(hashTable).key(key(pk))
                .updateExpression("ADD newattr :s").expressionAttributeValues(Map.of(":s", s("x")))))
                .isInstanceOf(DynamoDbException.class)
                .hasMessageStartingWith("Invalid UpdateExpression: Incorrect operand type for operator or function; "
                        + "operator: ADD, operand type: STRING");
        assertThatThrownBy(() -> client.updateItem(b -> b.tableName(hashTable).key(key(pk))
                .updateExpression("DELETE ss :s").expressionAttributeValues(Map.of(":s", s("a")))))
                .isInstanceOf(DynamoDbException.class)
                .hasMessageStartingWith("Invalid UpdateExpression: Incorrect operand type for operator or function; "
                        + "operator: DELETE, operand type: STRING");
        assertThat(get(hashTable, key(pk))).isEqualTo(item(pk, "str", s("text"), "ss",
                AttributeValue.fromSs(List.of("a"))));
    }

    /** list_append at both ends and over if_not_exists (append-or-create), if_not_exists, arithmetic. */
    @Test
    void updateItem_functions_listAppendIfNotExistsArithmetic() {
        String pk = uniqueKey();
        client.putItem(b -> b.tableName(hashTable).item(item(pk,
                "l", AttributeValue.fromL(List.of(s("b"))), "cnt", n("3"))));
        client.updateItem(b -> b.tableName(hashTable).key(key(pk))
                .updateExpression("SET l = list_append(:front, l), "
                        + "created = if_not_exists(created, :now), cnt = if_not_exists(cnt, :zero) - :one, "
                        + "twice = cnt + cnt, fresh = list_append(if_not_exists(fresh, :empty), :back)")
                .expressionAttributeValues(Map.of(
                        ":front", AttributeValue.fromL(List.of(s("a"))),
                        ":back", AttributeValue.fromL(List.of(s("c"))),
                        ":empty", AttributeValue.fromL(List.of()),
                        ":now", n("100"), ":zero", n("0"), ":one", n("1"))));
        client.updateItem(b -> b.tableName(hashTable).key(key(pk))
                .updateExpression("SET l = list_append(l, :back)")
                .expressionAttributeValues(Map.of(":back", AttributeValue.fromL(List.of(s("c"))))));
        Map<String, AttributeValue> item = get(hashTable, key(pk));
        assertThat(item.get("l")).isEqualTo(AttributeValue.fromL(List.of(s("a"), s("b"), s("c"))));
        assertThat(item.get("created")).isEqualTo(n("100"));
        assertThat(item.get("cnt")).isEqualTo(n("2"));
        assertThat(item.get("twice")).isEqualTo(n("6"));
        assertThat(item.get("fresh")).isEqualTo(AttributeValue.fromL(List.of(s("c"))));

        client.updateItem(b -> b.tableName(hashTable).key(key(pk))
                .updateExpression("SET created = if_not_exists(created, :later)")
                .expressionAttributeValues(Map.of(":later", n("200"))));
        assertThat(get(hashTable, key(pk)).get("created")).isEqualTo(n("100"));
    }

    /** SET into nested map paths and list indexes; an index past the end appends. */
    @Test
    void updateItem_nestedPaths_setMembersAndListElements() {
        String pk = uniqueKey();
        client.putItem(b -> b.tableName(hashTable).item(item(pk,
                "m", AttributeValue.fromM(Map.of("inside", AttributeValue.fromM(Map.of("x", n("1"))))),
                "l", AttributeValue.fromL(List.of(n("0"), n("1"))))));
        client.updateItem(b -> b.tableName(hashTable).key(key(pk))
                .updateExpression("SET m.inside.y = :two, m.#dot = :dot, l[1] = :ten, l[99] = :end")
                .expressionAttributeNames(Map.of("#dot", "a.b"))
                .expressionAttributeValues(Map.of(":two", n("2"), ":dot", s("literal dot"), ":ten", n("10"),
                        ":end", s("end"))));
        Map<String, AttributeValue> item = get(hashTable, key(pk));
        assertThat(item.get("m")).isEqualTo(AttributeValue.fromM(Map.of(
                "inside", AttributeValue.fromM(Map.of("x", n("1"), "y", n("2"))),
                "a.b", s("literal dot"))));
        assertThat(item.get("l")).isEqualTo(AttributeValue.fromL(List.of(n("0"), n("10"), s("end"))));
    }

    /** Setting a member of a map that does not exist is a ValidationException, and the item is unchanged. */
    @Test
    void updateItem_setUnderMissingParent_isValidationError() {
        String pk = uniqueKey();
        client.putItem(b -> b.tableName(hashTable).item(item(pk, "a", n("1"))));
        assertThatThrownBy(() -> client.updateItem(b -> b.tableName(hashTable).key(key(pk))
                .updateExpression("SET absent.child = :v").expressionAttributeValues(Map.of(":v", n("1")))))
                .isInstanceOf(DynamoDbException.class)
                .hasMessageStartingWith("The document path provided in the update expression is invalid for update");
        assertThat(get(hashTable, key(pk))).isEqualTo(item(pk, "a", n("1")));
    }

    /** Key attributes cannot be updated. */
    @Test
    void updateItem_setKeyAttribute_isValidationError() {
        String pk = uniqueKey();
        assertThatThrownBy(() -> client.updateItem(b -> b.tableName(hashTable).key(key(pk))
                .updateExpression("SET pk = :v").expressionAttributeValues(Map.of(":v", s("other")))))
                .isInstanceOf(DynamoDbException.class)
                .hasMessageStartingWith("One or more parameter values were invalid: Cannot update attribute pk. "
                        + "This attribute is part of the key");
        assertThat(get(hashTable, key(pk))).isNull();
    }

    private static UpdateItemResponse update(String pk, ReturnValue returnValue, String expression,
            Map<String, AttributeValue> values) {
        return client.updateItem(b -> b.tableName(hashTable).key(key(pk)).returnValues(returnValue)
                .updateExpression(expression).expressionAttributeValues(values));
    }

    // ---------------------------------------------------------------- numbers

    /** Numbers come back in canonical form: no trailing zeros, no exponent, no negative zero. */
    @Test
    void numbers_areReturnedInCanonicalForm() {
        String pk = uniqueKey();
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("a", "1.50");
        inputs.put("b", "1E+2");
        inputs.put("c", "-0");
        inputs.put("d", "0.000");
        inputs.put("e", "+3");
        inputs.put("f", ".125");
        inputs.put("g", "0001.23");
        inputs.put("h", "-17.4E3");
        inputs.put("i", "1e-5");
        Map<String, AttributeValue> stored = new LinkedHashMap<>();
        stored.put("pk", s(pk));
        inputs.forEach((name, text) -> stored.put(name, n(text)));
        client.putItem(b -> b.tableName(hashTable).item(stored));
        Map<String, AttributeValue> item = get(hashTable, key(pk));
        assertThat(item.get("a").n()).isEqualTo("1.5");
        assertThat(item.get("b").n()).isEqualTo("100");
        assertThat(item.get("c").n()).isEqualTo("0");
        assertThat(item.get("d").n()).isEqualTo("0");
        assertThat(item.get("e").n()).isEqualTo("3");
        assertThat(item.get("f").n()).isEqualTo("0.125");
        assertThat(item.get("g").n()).isEqualTo("1.23");
        assertThat(item.get("h").n()).isEqualTo("-17400");
        assertThat(item.get("i").n()).isEqualTo("0.00001");
    }

    /** 38 significant digits are kept exactly; the range 1E-130 .. 9.99…E+125 is accepted at both ends. */
    @Test
    void numbers_fullPrecisionAndRange_roundTrip() {
        String pk = uniqueKey();
        String digits38 = "3.1415926535897932384626433832795028841";
        String big = "9.9999999999999999999999999999999999999E+125";
        client.putItem(b -> b.tableName(hashTable).item(item(pk,
                "pi", n(digits38), "big", n(big), "negBig", n("-" + big), "tiny", n("1E-130"),
                "trailing", n("1" + "0".repeat(100)))));
        Map<String, AttributeValue> item = get(hashTable, key(pk));
        assertThat(item.get("pi").n()).isEqualTo(digits38);
        assertThat(new java.math.BigDecimal(item.get("big").n())).isEqualByComparingTo(big);
        assertThat(new java.math.BigDecimal(item.get("negBig").n())).isEqualByComparingTo("-" + big);
        assertThat(new java.math.BigDecimal(item.get("tiny").n())).isEqualByComparingTo("1E-130");
        assertThat(item.get("trailing").n()).isEqualTo("1" + "0".repeat(100));
    }

    /** More than 38 significant digits, overflow and underflow are ValidationExceptions with DynamoDB's words. */
    @Test
    void numbers_outOfRange_areValidationErrors() {
        String pk = uniqueKey();
        assertPutFails(pk, "3.14159265358979323846264338327950288419",
                "Attempting to store more than 38 significant digits in a Number");
        assertPutFails(pk, "1E+126",
                "Number overflow. Attempting to store a number with magnitude larger than supported range");
        assertPutFails(pk, "-1E+126",
                "Number overflow. Attempting to store a number with magnitude larger than supported range");
        assertPutFails(pk, "1E-131",
                "Number underflow. Attempting to store a number with magnitude smaller than supported range");
        assertThat(get(hashTable, key(pk))).isNull();
    }

    private static void assertPutFails(String pk, String number, String message) {
        assertThatThrownBy(() -> client.putItem(b -> b.tableName(hashTable).item(item(pk, "n", n(number)))))
                .isInstanceOf(DynamoDbException.class)
                .hasMessageStartingWith(message);
    }

    /** Number sets compare numerically: "1.0" and "1" are the same member, so they are duplicates. */
    @Test
    void numberSet_numericallyEqualMembers_areDuplicates() {
        assertThatThrownBy(() -> client.putItem(b -> b.tableName(hashTable)
                .item(item(uniqueKey(), "ns", AttributeValue.fromNs(List.of("1", "1.0"))))))
                .isInstanceOf(DynamoDbException.class)
                .hasMessageContaining("contains duplicates");
    }

    // ---------------------------------------------------------------- types

    private static SdkBytes bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return SdkBytes.fromByteArray(b);
    }

    private static Map<String, AttributeValue> allTypes() {
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        out.put("s", s("héllo wörld ✓ 😀"));
        out.put("n", n("-12.5"));
        out.put("b", AttributeValue.fromB(bytes(0, 1, 0x7f, 0x80, 0xff)));
        out.put("ss", AttributeValue.fromSs(List.of("x", "y", "ü")));
        out.put("ns", AttributeValue.fromNs(List.of("1", "2.5", "-3")));
        out.put("bs", AttributeValue.fromBs(List.of(bytes(1), bytes(0xff, 0))));
        out.put("m", AttributeValue.fromM(Map.of("k", s("v"), "nested", AttributeValue.fromM(Map.of(
                "deep", AttributeValue.fromL(List.of(AttributeValue.fromNul(true))))))));
        out.put("l", AttributeValue.fromL(List.of(s("first"), n("2"), AttributeValue.fromBool(true))));
        out.put("null", AttributeValue.fromNul(true));
        out.put("bool", AttributeValue.fromBool(false));
        out.put("emptyString", s(""));
        out.put("emptyBinary", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[0])));
        out.put("emptyMap", AttributeValue.fromM(Map.of()));
        out.put("emptyList", AttributeValue.fromL(List.of()));
        return out;
    }

    /** All ten types (and empty non-key strings, binaries, maps and lists) round-trip unchanged. */
    @Test
    void allTypes_roundTrip() {
        String pk = uniqueKey();
        Map<String, AttributeValue> item = new LinkedHashMap<>(allTypes());
        item.put("pk", s(pk));
        client.putItem(b -> b.tableName(hashTable).item(item));
        Map<String, AttributeValue> read = get(hashTable, key(pk));
        assertThat(read).isEqualTo(item);
    }

    /** A UTF-8 key with characters outside the BMP reads back byte for byte. */
    @Test
    void utf8Key_roundTrips() {
        String pk = "ключ-鍵-🔑-" + uniqueKey();
        client.putItem(b -> b.tableName(hashTable).item(item(pk, "v", s("ok"))));
        assertThat(get(hashTable, key(pk))).containsEntry("pk", s(pk));
    }

    /** Binary sort keys order as unsigned bytes: 0x7f before 0x80, and a prefix before its extensions. */
    @Test
    void binarySortKey_ordersAsUnsignedBytes() {
        String pk = uniqueKey();
        List<SdkBytes> keys = List.of(bytes(0xff), bytes(0x80), bytes(0x7f), bytes(0x01, 0x00), bytes(0x01),
                bytes(0x00));
        for (SdkBytes k : keys) {
            client.putItem(b -> b.tableName(binaryTable).item(Map.of("pk", s(pk), "sk", AttributeValue.fromB(k))));
        }
        List<SdkBytes> order = new ArrayList<>();
        client.query(b -> b.tableName(binaryTable).keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", s(pk)))).items()
                .forEach(i -> order.add(i.get("sk").b()));
        assertThat(order).containsExactly(bytes(0x00), bytes(0x01), bytes(0x01, 0x00), bytes(0x7f), bytes(0x80),
                bytes(0xff));
    }

    /** String sort keys order by UTF-8 bytes, not UTF-16: U+FFFF sorts before U+1F600, which Java would invert. */
    @Test
    void stringSortKey_ordersAsUtf8Bytes() {
        String pk = uniqueKey();
        List<String> keys = List.of("😀", "\uFFFF", "é", "z", "Z", "a");
        for (String k : keys) {
            client.putItem(b -> b.tableName(stringTable).item(Map.of("pk", s(pk), "sk", s(k))));
        }
        List<String> order = new ArrayList<>();
        client.query(b -> b.tableName(stringTable).keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", s(pk)))).items()
                .forEach(i -> order.add(i.get("sk").s()));
        List<String> expected = new ArrayList<>(keys);
        expected.sort((x, y) -> java.util.Arrays.compareUnsigned(x.getBytes(StandardCharsets.UTF_8),
                y.getBytes(StandardCharsets.UTF_8)));
        assertThat(order).containsExactlyElementsOf(expected).containsExactly("Z", "a", "z", "é", "\uFFFF", "😀");
    }

    /** Number sort keys order numerically, negatives and fractions included. */
    @Test
    void numberSortKey_ordersNumerically() {
        String pk = uniqueKey();
        for (String k : List.of("10", "-1", "2", "-10.5", "0", "1E+3", "0.5")) {
            client.putItem(b -> b.tableName(rangeTable).item(Map.of("pk", s(pk), "sk", n(k))));
        }
        List<String> order = new ArrayList<>();
        client.query(b -> b.tableName(rangeTable).keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", s(pk)))).items()
                .forEach(i -> order.add(i.get("sk").n()));
        assertThat(order).containsExactly("-10.5", "-1", "0", "0.5", "2", "10", "1000");
    }

    // ---------------------------------------------------------------- batches

    /** BatchWriteItem puts and deletes across two tables in one call; UnprocessedItems is empty. */
    @Test
    void batchWriteItem_putsAndDeletesAcrossTables() {
        String pk = uniqueKey();
        client.putItem(b -> b.tableName(hashTable).item(item(pk + "-gone")));
        BatchWriteItemResponse response = client.batchWriteItem(b -> b.requestItems(Map.of(
                hashTable, List.of(
                        put(item(pk + "-1", "v", n("1"))),
                        put(item(pk + "-2", "v", n("2"))),
                        WriteRequest.builder().deleteRequest(d -> d.key(key(pk + "-gone"))).build()),
                rangeTable, List.of(
                        put(Map.of("pk", s(pk), "sk", n("1"))),
                        put(Map.of("pk", s(pk), "sk", n("2")))))));
        assertThat(response.unprocessedItems()).isEmpty();
        assertThat(get(hashTable, key(pk + "-1"))).containsEntry("v", n("1"));
        assertThat(get(hashTable, key(pk + "-2"))).containsEntry("v", n("2"));
        assertThat(get(hashTable, key(pk + "-gone"))).isNull();
        assertThat(get(rangeTable, Map.of("pk", s(pk), "sk", n("2")))).isNotNull();
    }

    private static WriteRequest put(Map<String, AttributeValue> item) {
        return WriteRequest.builder().putRequest(p -> p.item(item)).build();
    }

    /** 25 writes are allowed; 26 are rejected before any is applied. */
    @Test
    void batchWriteItem_moreThan25_isValidationErrorAndWritesNothing() {
        String pk = uniqueKey();
        List<WriteRequest> writes = new ArrayList<>();
        for (int i = 0; i < 26; i++) {
            writes.add(put(item(pk + "-" + i)));
        }
        assertThatThrownBy(() -> client.batchWriteItem(b -> b.requestItems(Map.of(hashTable, writes))))
                .isInstanceOf(DynamoDbException.class)
                .hasMessageContaining("Member must have length less than or equal to 25");
        assertThat(get(hashTable, key(pk + "-0"))).isNull();
        client.batchWriteItem(b -> b.requestItems(Map.of(hashTable, writes.subList(0, 25))));
        assertThat(get(hashTable, key(pk + "-24"))).isNotNull();
    }

    /** Two writes to the same key in one batch are rejected, and neither is applied. */
    @Test
    void batchWriteItem_duplicateKeys_isValidationError() {
        String pk = uniqueKey();
        assertThatThrownBy(() -> client.batchWriteItem(b -> b.requestItems(Map.of(hashTable, List.of(
                put(item(pk, "v", n("1"))),
                WriteRequest.builder().deleteRequest(d -> d.key(key(pk))).build())))))
                .isInstanceOf(DynamoDbException.class)
                .hasMessageStartingWith("Provided list of item keys contains duplicates");
        assertThat(get(hashTable, key(pk))).isNull();
    }

    /** BatchGetItem over two tables: found items come back (projected), missing ones are simply absent. */
    @Test
    void batchGetItem_acrossTablesWithProjection_missingItemsAbsent() {
        String pk = uniqueKey();
        client.putItem(b -> b.tableName(hashTable).item(item(pk + "-1", "a", n("1"), "b", n("2"))));
        client.putItem(b -> b.tableName(hashTable).item(item(pk + "-2", "a", n("3"), "b", n("4"))));
        client.putItem(b -> b.tableName(rangeTable).item(Map.of("pk", s(pk), "sk", n("1"), "x", s("y"))));
        BatchGetItemResponse response = client.batchGetItem(b -> b.requestItems(Map.of(
                hashTable, KeysAndAttributes.builder()
                        .keys(key(pk + "-1"), key(pk + "-2"), key(pk + "-missing"))
                        .projectionExpression("pk, #a").expressionAttributeNames(Map.of("#a", "a")).build(),
                rangeTable, KeysAndAttributes.builder()
                        .keys(Map.of("pk", s(pk), "sk", n("1")), Map.of("pk", s(pk), "sk", n("2")))
                        .consistentRead(true).build())));
        assertThat(response.unprocessedKeys()).isEmpty();
        assertThat(response.responses().get(hashTable)).containsExactlyInAnyOrder(
                Map.of("pk", s(pk + "-1"), "a", n("1")), Map.of("pk", s(pk + "-2"), "a", n("3")));
        assertThat(response.responses().get(rangeTable)).containsExactly(
                Map.of("pk", s(pk), "sk", n("1"), "x", s("y")));
    }

    /** 100 keys are allowed in one BatchGetItem; 101 are rejected. */
    @Test
    void batchGetItem_moreThan100Keys_isValidationError() {
        String pk = uniqueKey();
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            keys.add(key(pk + "-" + i));
        }
        client.putItem(b -> b.tableName(hashTable).item(item(pk + "-99")));
        BatchGetItemResponse ok = client.batchGetItem(b -> b.requestItems(Map.of(
                hashTable, KeysAndAttributes.builder().keys(keys.subList(0, 100)).build())));
        assertThat(ok.responses().get(hashTable)).containsExactly(item(pk + "-99"));
        assertThat(ok.unprocessedKeys()).isEmpty();
        assertThatThrownBy(() -> client.batchGetItem(b -> b.requestItems(Map.of(
                hashTable, KeysAndAttributes.builder().keys(keys).build()))))
                .isInstanceOf(DynamoDbException.class)
                .hasMessageContaining("Too many items requested for the BatchGetItem call");
    }

    /** Asking twice for the same key in one BatchGetItem is rejected. */
    @Test
    void batchGetItem_duplicateKeys_isValidationError() {
        String pk = uniqueKey();
        assertThatThrownBy(() -> client.batchGetItem(b -> b.requestItems(Map.of(
                hashTable, KeysAndAttributes.builder().keys(key(pk), key(pk)).build()))))
                .isInstanceOf(DynamoDbException.class)
                .hasMessageStartingWith("Provided list of item keys contains duplicates");
    }
}
