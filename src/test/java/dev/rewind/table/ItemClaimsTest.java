package dev.rewind.table;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The registry behind TransactionConflict: one owner per item, keys compared by content, never waiting. */
class ItemClaimsTest {
    private static final byte[] PARTITION = {1, 2};
    private static final byte[] CLUSTERING = {};

    /** A claimed item refuses every other owner until its owner releases it; others cannot release it. */
    @Test
    void claim_isExclusiveUntilReleasedByItsOwner() {
        ItemClaims claims = new ItemClaims();
        Object first = new Object();
        Object second = new Object();
        assertThat(claims.isEmpty()).isTrue();
        assertThat(claims.tryClaim(PARTITION, CLUSTERING, first)).isTrue();
        assertThat(claims.tryClaim(PARTITION.clone(), CLUSTERING.clone(), second)).isFalse();
        claims.release(PARTITION, CLUSTERING, second);
        assertThat(claims.isClaimed(PARTITION.clone(), CLUSTERING)).isTrue();
        claims.release(PARTITION, CLUSTERING, first);
        assertThat(claims.isClaimed(PARTITION, CLUSTERING)).isFalse();
        assertThat(claims.isEmpty()).isTrue();
        assertThat(claims.tryClaim(PARTITION, CLUSTERING, second)).isTrue();
    }

    /** The partition/clustering split is part of the key: (ab, c) and (a, bc) are different items. */
    @Test
    void keys_doNotRunTogether() {
        ItemClaims claims = new ItemClaims();
        assertThat(claims.tryClaim(new byte[] {'a', 'b'}, new byte[] {'c'}, new Object())).isTrue();
        assertThat(claims.isClaimed(new byte[] {'a'}, new byte[] {'b', 'c'})).isFalse();
        assertThat(claims.tryClaim(new byte[] {'a'}, new byte[] {'b', 'c'}, new Object())).isTrue();
    }
}
