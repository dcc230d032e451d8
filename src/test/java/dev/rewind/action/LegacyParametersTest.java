package dev.rewind.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.rewind.protocol.JsonRequest;

/** The expression text each legacy parameter becomes, and the placeholders it avoids. */
class LegacyParametersTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonRequest request(String json) throws Exception {
        return new JsonRequest(JSON.readTree(json.replace('\'', '"')));
    }

    /** Each ComparisonOperator and the Value/Exists forms map to the expression with the same semantics. */
    @Test
    void expected_translatesEveryForm() throws Exception {
        JsonRequest r = request("{'Expected': {"
                + "'a': {'Exists': false},"
                + "'b': {'Value': {'S': 'x'}},"
                + "'c': {'ComparisonOperator': 'NOT_CONTAINS', 'AttributeValueList': [{'S': 'y'}]},"
                + "'d': {'ComparisonOperator': 'IN', 'AttributeValueList': [{'N': '1'}, {'N': '2'}]},"
                + "'e': {'ComparisonOperator': 'BETWEEN', 'AttributeValueList': [{'N': '1'}, {'N': '2'}]},"
                + "'f': {'ComparisonOperator': 'NOT_NULL'}},"
                + "'ConditionalOperator': 'OR'}");
        assertThat(new LegacyParameters(r).expected(r)).isEqualTo("attribute_not_exists(#l0) OR #l1 = :l0 OR "
                + "NOT contains(#l2, :l1) OR #l3 IN (:l2, :l3) OR #l4 BETWEEN :l4 AND :l5 OR attribute_exists(#l5)");
    }

    /** PUT, ADD, DELETE with and without a value, and ADD of a list, become one update expression. */
    @Test
    void attributeUpdates_translateToClauses() throws Exception {
        JsonRequest r = request("{'AttributeUpdates': {"
                + "'a': {'Action': 'PUT', 'Value': {'S': 'x'}},"
                + "'b': {'Action': 'ADD', 'Value': {'N': '1'}},"
                + "'c': {'Action': 'DELETE'},"
                + "'d': {'Action': 'DELETE', 'Value': {'SS': ['z']}},"
                + "'e': {'Action': 'ADD', 'Value': {'L': [{'N': '1'}]}},"
                + "'f': {'Value': {'N': '2'}}}}");
        assertThat(new LegacyParameters(r).attributeUpdates(r)).isEqualTo("SET #l0 = :l0, "
                + "#l4 = list_append(if_not_exists(#l4, :l3), :l4), #l5 = :l5 ADD #l1 :l1 REMOVE #l2 DELETE #l3 :l2");
    }

    /** Generated placeholders never collide with the request's own (KeyConditions may go with a FilterExpression). */
    @Test
    void placeholders_avoidTheRequestsOwn() throws Exception {
        JsonRequest r = request("{'KeyConditions': {'pk': {'ComparisonOperator': 'EQ', "
                + "'AttributeValueList': [{'S': 'p'}]}}, 'ExpressionAttributeNames': {'#l0': 'x'}}");
        assertThat(new LegacyParameters(r).keyConditions(r)).isEqualTo("#l_0 = :l_0");
    }

    /** Query refuses a non-indexable key operator before it looks at the table. */
    @Test
    void keyConditions_nonIndexableOperator_isValidationError() throws Exception {
        JsonRequest r = request("{'KeyConditions': {'pk': {'ComparisonOperator': 'CONTAINS', "
                + "'AttributeValueList': [{'S': 'p'}]}}}");
        assertThatThrownBy(() -> new LegacyParameters(r).keyConditions(r))
                .hasMessage("Attempted conditional constraint is not an indexable operation");
    }

    /** An unknown ComparisonOperator gets DynamoDB's enum message, with its path. */
    @Test
    void filter_unknownOperator_isValidationError() throws Exception {
        JsonRequest r = request("{'ScanFilter': {'a': {'ComparisonOperator': 'LIKE'}}}");
        assertThatThrownBy(() -> new LegacyParameters(r).filter(r, "ScanFilter"))
                .hasMessage("1 validation error detected: Value 'LIKE' at 'scanFilter.a.member.comparisonOperator' "
                        + "failed to satisfy constraint: Member must satisfy enum value set: [IN, NULL, BETWEEN, LT, "
                        + "NOT_CONTAINS, EQ, GT, NOT_NULL, NE, LE, BEGINS_WITH, GE, CONTAINS]");
    }
}
