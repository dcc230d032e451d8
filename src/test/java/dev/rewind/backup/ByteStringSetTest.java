package dev.rewind.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * {@link ByteStringSet} numbers distinct strings in the order added, whether given whole, as a slice or in two parts
 * (only the concatenation counts), through many growths, and finds exactly the strings added.
 */
class ByteStringSetTest {
    @Test
    void agreesWithAHashMap() {
        ByteStringSet set = new ByteStringSet();
        Map<String, Integer> model = new HashMap<>();
        Random random = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            String s = "k" + random.nextInt(50_000) + (random.nextBoolean() ? "" : "/x"); // some share prefixes
            byte[] whole = s.getBytes(StandardCharsets.ISO_8859_1);
            int id;
            switch (i % 3) {
                case 0 -> id = set.add(whole, 0, whole.length);
                case 1 -> { // a slice of a longer array
                    byte[] padded = ("##" + s + "!").getBytes(StandardCharsets.ISO_8859_1);
                    id = set.add(padded, 2, whole.length);
                }
                default -> { // two parts, split anywhere (also before the first byte)
                    int cut = random.nextInt(whole.length + 1);
                    id = set.add(java.util.Arrays.copyOf(whole, cut),
                            java.util.Arrays.copyOfRange(whole, cut, whole.length));
                }
            }
            Integer known = model.get(s);
            if (known == null) {
                assertThat(id).as(s).isEqualTo(model.size());
                model.put(s, id);
            } else {
                assertThat(id).as(s).isEqualTo(-1 - known);
            }
        }
        assertThat(set.size()).isEqualTo(model.size());
        for (Map.Entry<String, Integer> e : model.entrySet()) {
            byte[] b = e.getKey().getBytes(StandardCharsets.ISO_8859_1);
            assertThat(set.find(b, 0, b.length)).isEqualTo(e.getValue());
            assertThat(set.find(java.util.Arrays.copyOf(b, 1), java.util.Arrays.copyOfRange(b, 1, b.length)))
                    .isEqualTo(e.getValue());
        }
        assertThat(set.find(new byte[0], new byte[0])).isEqualTo(-1);
        byte[] missing = "k50001".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(set.find(missing, 0, missing.length)).isEqualTo(-1);
    }

    @Test
    void emptyString() {
        ByteStringSet set = new ByteStringSet();
        assertThat(set.add(new byte[0], 0, 0)).isEqualTo(0);
        assertThat(set.add(new byte[0], new byte[0])).isEqualTo(-1);
        assertThat(set.find(new byte[3], 1, 0)).isEqualTo(0);
    }
}
