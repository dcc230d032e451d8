package dev.rewind.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Item sizes follow "Item sizes and formats"
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html): names and strings
 * by UTF-8 bytes, numbers 1 byte per two significant digits plus 1 (leading and trailing zeros trimmed), binary by
 * raw length, NULL and BOOL 1 byte, List and Map 3 bytes plus 1 byte per element plus the elements.
 */
class ItemSizeTest {

    /** A string counts its UTF-8 bytes and its name's: 1, 2, 3 and 4-byte characters. */
    @Test
    void string_isNamePlusUtf8Bytes() {
        assertThat(ItemSize.of(Map.of("a", s("hello")))).isEqualTo(1 + 5);
        assertThat(ItemSize.of(Map.of("é", s("é")))).isEqualTo(2 + 2);
        assertThat(ItemSize.of(Map.of("k", s("\u20AC")))).isEqualTo(1 + 3);
        assertThat(ItemSize.of(Map.of("k", s("\uD83D\uDE00")))).isEqualTo(1 + 4);
        assertThat(ItemSize.of(Map.of("k", s("")))).isEqualTo(1);
        assertThat(ItemSize.utf8Length("a\0\u07FF\u0800\uFFFF\uD83D\uDE00")).isEqualTo(1 + 1 + 2 + 3 + 3 + 4);
    }

    /** A number is about 1 byte per two significant digits plus 1; leading and trailing zeros do not count. */
    @Test
    void number_isOneBytePerTwoSignificantDigitsPlusOne() {
        assertThat(ItemSize.of(n("1"))).isEqualTo(2);
        assertThat(ItemSize.of(n("12"))).isEqualTo(2);
        assertThat(ItemSize.of(n("123"))).isEqualTo(3);
        assertThat(ItemSize.of(n("1234"))).isEqualTo(3);
        assertThat(ItemSize.of(n("1000000"))).isEqualTo(2);
        assertThat(ItemSize.of(n("0.0001"))).isEqualTo(2);
        assertThat(ItemSize.of(n("1.50"))).isEqualTo(2);
        assertThat(ItemSize.of(n("12345678901234567890123456789012345678"))).isEqualTo(20);
        assertThat(ItemSize.of(Map.of("num", n("12345")))).isEqualTo(3 + 4);
    }

    /** Binary counts raw bytes, not base64 characters. */
    @Test
    void binary_isRawLength() {
        assertThat(ItemSize.of(Map.of("b", new AttributeValue.B(Bytes.wrap(new byte[10]))))).isEqualTo(1 + 10);
    }

    /** NULL and BOOL are one byte. */
    @Test
    void nullAndBool_areOneByte() {
        assertThat(ItemSize.of(Map.of("nil", AttributeValue.Null.INSTANCE))).isEqualTo(3 + 1);
        assertThat(ItemSize.of(Map.of("t", AttributeValue.Bool.TRUE))).isEqualTo(1 + 1);
    }

    /** Lists and maps cost 3 bytes, plus 1 byte per element, plus the elements (map elements with their names). */
    @Test
    void listAndMap_areThreeBytesPlusOnePerElement() {
        assertThat(ItemSize.of(Map.of("l", new AttributeValue.L(List.of())))).isEqualTo(1 + 3);
        assertThat(ItemSize.of(Map.of("m", new AttributeValue.M(Map.of())))).isEqualTo(1 + 3);
        assertThat(ItemSize.of(Map.of("l", new AttributeValue.L(List.of(s("ab"), n("12"))))))
                .isEqualTo(1 + 3 + (1 + 2) + (1 + 2));
        assertThat(ItemSize.of(Map.of("m", new AttributeValue.M(Map.of("xy", s("abc"))))))
                .isEqualTo(1 + 3 + (1 + 2 + 3));
        AttributeValue nested = new AttributeValue.M(
                Map.of("in", new AttributeValue.L(List.of(AttributeValue.Bool.TRUE))));
        assertThat(ItemSize.of(Map.of("m", nested))).isEqualTo(1 + 3 + (1 + 2 + (3 + 1 + 1)));
    }

    /** Sets are the sum of their elements. */
    @Test
    void sets_areSumOfElements() {
        assertThat(ItemSize.of(new AttributeValue.SS(List.of("a", "bc")))).isEqualTo(3);
        assertThat(ItemSize.of(new AttributeValue.BS(List.of(Bytes.wrap(new byte[3]), Bytes.wrap(new byte[4])))))
                .isEqualTo(7);
        assertThat(ItemSize.of(new AttributeValue.NS(List.of(n("1").value(), n("123").value())))).isEqualTo(2 + 3);
    }

    /** The item total is the sum over attributes of name plus value; the 400 KB limit is 409,600 bytes. */
    @Test
    void item_isSumOfAttributes() {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("pk", s("user#1"));
        item.put("age", n("42"));
        item.put("ok", AttributeValue.Bool.TRUE);
        assertThat(ItemSize.of(item)).isEqualTo((2 + 6) + (3 + 2) + (2 + 1));
        assertThat(ItemSize.MAX_ITEM_SIZE_BYTES).isEqualTo(409_600);
    }

    private static AttributeValue s(String v) {
        return new AttributeValue.S(v);
    }

    private static AttributeValue.N n(String v) {
        return AttributeValue.N.of(v);
    }
}
