package io.zkinfer.circuits.field;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class FrTest {

    @Test
    void signedEmbedding() {
        assertThat(Fr.fromSigned(-1)).isEqualTo(Fr.MODULUS.subtract(BigInteger.ONE));
        assertThat(Fr.toSigned(Fr.MODULUS.subtract(BigInteger.ONE))).isEqualTo(BigInteger.valueOf(-1));
        assertThat(Fr.toSigned(Fr.HALF)).isEqualTo(Fr.HALF);
        assertThat(Fr.toSigned(Fr.HALF.add(BigInteger.ONE))).isEqualTo(Fr.HALF.negate());
        assertThat(Fr.fromSigned(Fr.HALF.negate())).isEqualTo(Fr.HALF.add(BigInteger.ONE));
    }

    @Test
    void rejectsAmbiguousAndNonCanonicalValues() {
        assertThatThrownBy(() -> Fr.fromSigned(Fr.HALF.add(BigInteger.ONE)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no unique field representation");
        assertThatThrownBy(() -> Fr.toSigned(Fr.MODULUS)).hasMessageContaining("not a canonical");
        assertThatThrownBy(() -> Fr.toSigned(BigInteger.valueOf(-1))).hasMessageContaining("not a canonical");
        assertThat(Fr.isCanonical(Fr.MODULUS)).isFalse();
        assertThat(Fr.reduce(Fr.MODULUS.add(BigInteger.TWO))).isEqualTo(BigInteger.TWO);
    }

    @Property(tries = 200)
    void signedRoundTrip(@ForAll long v) {
        assertThat(Fr.toSigned(Fr.fromSigned(v))).isEqualTo(BigInteger.valueOf(v));
        assertThat(Fr.fromBytes32(Fr.toBytes32(Fr.fromSigned(v)))).isEqualTo(Fr.fromSigned(v));
    }
}
