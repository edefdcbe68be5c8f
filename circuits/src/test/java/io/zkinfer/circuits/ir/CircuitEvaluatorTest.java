package io.zkinfer.circuits.ir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zkinfer.circuits.field.Fr;
import io.zkinfer.circuits.field.Poseidon2;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CircuitEvaluatorTest {

    private static BigInteger big(long v) {
        return BigInteger.valueOf(v);
    }

    /** Evaluates a one-op circuit over private inputs a, b and returns output "y" read as signed. */
    private static BigInteger run2(BiFunction<CircuitBuilder, Wire[], Wire> f, long a, long b) {
        CircuitBuilder cb = new CircuitBuilder("t");
        Wire[] in = {cb.privateInput("a"), cb.privateInput("b")};
        cb.output("y", f.apply(cb, in));
        Witness w = CircuitEvaluator.evaluate(cb.build(), Map.of("a", big(a), "b", big(b)));
        return w.signedOutputs().get("y");
    }

    private static void unsatisfied(BiFunction<CircuitBuilder, Wire[], Wire> f, long a, long b, String message) {
        assertThatThrownBy(() -> run2(f, a, b)).isInstanceOf(UnsatisfiedCircuitException.class)
                .hasMessageContaining(message);
    }

    @Test
    void arithmeticWrapsInTheField() {
        assertThat(run2((c, w) -> c.add(w[0], w[1]), -5, 3)).isEqualTo(big(-2));
        assertThat(run2((c, w) -> c.sub(w[0], w[1]), 3, 5)).isEqualTo(big(-2));
        assertThat(run2((c, w) -> c.mul(w[0], w[1]), -4, 6)).isEqualTo(big(-24));
        assertThat(run2((c, w) -> c.linearCombination(new long[] {3, -2}, List.of(w[0], w[1]), -7), 5, -1))
                .isEqualTo(big(15 + 2 - 7));
        assertThat(run2((c, w) -> c.linearCombination(new long[] {}, List.of(), 9), 0, 0)).isEqualTo(big(9));
        assertThat(run2((c, w) -> c.sum(List.of(w[0], w[1], w[0])), 4, -1)).isEqualTo(big(7));
    }

    @ParameterizedTest(name = "rescale({0}, shift {1}) = {2}")
    @CsvSource({"-1,1,-1", "-10,2,-3", "-8,2,-2", "-9,2,-3", "10,2,2", "11,2,2", "0,3,0", "-128,4,-8", "127,4,7"})
    void rescaleIsFloorDivision(long a, int shift, long q) {
        assertThat(run2((c, w) -> c.rescale(w[0], shift, 8), a, 0)).isEqualTo(big(q));
    }

    @Test
    void rescaleBounds() {
        // bits = 8: a in [-128, 128)
        assertThat(run2((c, w) -> c.rescale(w[0], 1, 8), -128, 0)).isEqualTo(big(-64));
        assertThat(run2((c, w) -> c.rescale(w[0], 1, 8), 127, 0)).isEqualTo(big(63));
        unsatisfied((c, w) -> c.rescale(w[0], 1, 8), 128, 0, "is outside [-2^7, 2^7)");
        unsatisfied((c, w) -> c.rescale(w[0], 1, 8), -129, 0, "is outside [-2^7, 2^7)");
    }

    @Test
    void lessMaxMinReluAtTheirBounds() {
        // bits = 4: a - b in [-16, 16)
        assertThat(run2((c, w) -> c.less(w[0], w[1], 4), -8, 8)).isEqualTo(big(1));   // diff -16
        assertThat(run2((c, w) -> c.less(w[0], w[1], 4), 8, -7)).isEqualTo(big(0));   // diff 15
        assertThat(run2((c, w) -> c.less(w[0], w[1], 4), 3, 3)).isEqualTo(big(0));
        assertThat(run2((c, w) -> c.less(w[0], w[1], 4), 2, 3)).isEqualTo(big(1));
        unsatisfied((c, w) -> c.less(w[0], w[1], 4), 8, -8, "w0 - w1 = 16");
        unsatisfied((c, w) -> c.less(w[0], w[1], 4), -9, 8, "is outside [-2^4, 2^4)");
        assertThat(run2((c, w) -> c.max(w[0], w[1], 4), -8, 8)).isEqualTo(big(8));
        assertThat(run2((c, w) -> c.max(w[0], w[1], 4), 8, -7)).isEqualTo(big(8));
        assertThat(run2((c, w) -> c.max(w[0], w[1], 4), -3, -3)).isEqualTo(big(-3));
        unsatisfied((c, w) -> c.max(w[0], w[1], 4), 8, -8, "outside");
        assertThat(run2((c, w) -> c.min(w[0], w[1], 4), -8, 8)).isEqualTo(big(-8));
        assertThat(run2((c, w) -> c.min(w[0], w[1], 4), 5, 2)).isEqualTo(big(2));
        assertThat(run2((c, w) -> c.relu(w[0], 4), -16, 0)).isEqualTo(big(0));
        assertThat(run2((c, w) -> c.relu(w[0], 4), 15, 0)).isEqualTo(big(15));
        assertThat(run2((c, w) -> c.relu(w[0], 4), 0, 0)).isEqualTo(big(0));
        unsatisfied((c, w) -> c.relu(w[0], 4), 16, 0, "w0 = 16 is outside [-2^4, 2^4)");
        unsatisfied((c, w) -> c.relu(w[0], 4), -17, 0, "outside");
    }

    @Test
    void rangeCheck() {
        assertThat(run2((c, w) -> {
            c.rangeCheck(w[0], 8);
            return w[0];
        }, 255, 0)).isEqualTo(big(255));
        unsatisfied((c, w) -> {
            c.rangeCheck(w[0], 8);
            return w[0];
        }, 256, 0, "is not in [0, 2^8)");
        unsatisfied((c, w) -> {
            c.rangeCheck(w[0], 8);
            return w[0];
        }, -1, 0, "w0 = -1 is not in [0, 2^8)");
    }

    @Test
    void booleansAndEquality() {
        assertThat(run2((c, w) -> c.select(w[0], w[1], c.constant(-9)), 1, 4)).isEqualTo(big(4));
        assertThat(run2((c, w) -> c.select(w[0], w[1], c.constant(-9)), 0, 4)).isEqualTo(big(-9));
        unsatisfied((c, w) -> c.select(w[0], w[1], w[1]), 2, 4, "is not boolean");
        unsatisfied((c, w) -> c.select(w[0], w[1], w[1]), -1, 4, "w0 = -1 is not boolean");
        unsatisfied((c, w) -> {
            c.assertBoolean(w[0]);
            return w[0];
        }, 2, 0, "op #0 (assert_bool");
        unsatisfied((c, w) -> {
            c.assertEqual(w[0], w[1]);
            return w[0];
        }, 2, 3, "w0 = 2 != w1 = 3");
        assertThat(run2((c, w) -> c.isZero(w[0]), 0, 0)).isEqualTo(big(1));
        assertThat(run2((c, w) -> c.isZero(w[0]), -1, 0)).isEqualTo(big(0));
    }

    @Test
    void lookupInsideAndOutsideTheTable() {
        BiFunction<CircuitBuilder, Wire[], Wire> f = (c, w) -> c.lookup(
                c.table("t", -2, List.of(big(-20), big(-10), big(0), big(10))), w[0]);
        assertThat(run2(f, -2, 0)).isEqualTo(big(-20));
        assertThat(run2(f, 1, 0)).isEqualTo(big(10));
        unsatisfied(f, 2, 0, "outside table 't' keys [-2, 2)");
        unsatisfied(f, -3, 0, "outside table 't'");
    }

    @Test
    void poseidon2MatchesTheHash() {
        assertThat(run2((c, w) -> c.poseidon2(w[0], w[1]), -1, 7))
                .isEqualTo(Fr.toSigned(Poseidon2.hash(Fr.fromSigned(-1), big(7))));
    }

    @Test
    void witnessLayoutIsGnarks() {
        Circuit c = Circuits.demo();
        Witness w = CircuitEvaluator.evaluate(c, List.of(big(3)), List.of(big(-200), big(77)));
        assertThat(w.signedOutputs()).containsExactly(Map.entry("y", big(-3)));
        assertThat(w.publicValues()).containsExactly(big(3), Fr.fromSigned(-3));
        assertThat(w.privateValues()).containsExactly(Fr.fromSigned(-200), big(77));
        ByteBuffer full = ByteBuffer.wrap(w.toGnarkBinary());
        assertThat(full.getInt()).isEqualTo(2);
        assertThat(full.getInt()).isEqualTo(2);
        assertThat(full.getInt()).isEqualTo(4);
        byte[] e = new byte[32];
        full.get(e);
        assertThat(new BigInteger(1, e)).isEqualTo(big(3));
        full.get(e);
        assertThat(new BigInteger(1, e)).isEqualTo(Fr.fromSigned(-3));
        full.get(e);
        assertThat(new BigInteger(1, e)).isEqualTo(Fr.fromSigned(-200));
        assertThat(full.remaining()).isEqualTo(32);
        ByteBuffer pub = ByteBuffer.wrap(w.publicToGnarkBinary());
        assertThat(List.of(pub.getInt(), pub.getInt(), pub.getInt())).containsExactly(2, 0, 2);
        assertThat(pub.remaining()).isEqualTo(64);
    }

    @Test
    void inputErrorsNameTheInput() {
        Circuit c = Circuits.demo();
        assertThatThrownBy(() -> CircuitEvaluator.evaluate(c, Map.of("x", big(1), "w", big(1))))
                .hasMessageContaining("missing value for input 'b'");
        assertThatThrownBy(() -> CircuitEvaluator.evaluate(c, Map.of("x", big(1), "w", big(1), "b", big(1),
                "z", big(0)))).hasMessageContaining("no inputs named [z]");
        assertThatThrownBy(() -> CircuitEvaluator.evaluate(c, List.of(Fr.MODULUS), List.of(big(1), big(1))))
                .hasMessageContaining("input 'x'").hasMessageContaining("not below the field modulus");
        assertThatThrownBy(() -> CircuitEvaluator.evaluate(c, List.of(), List.of(big(1), big(1))))
                .hasMessageContaining("0 public input values for 1 public inputs [x]");
    }
}
