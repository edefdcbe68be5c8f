package io.zkinfer.circuits.ir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zkinfer.circuits.field.Fr;
import io.zkinfer.circuits.field.Poseidon2;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CircuitBuilderTest {

    private static BigInteger big(long v) {
        return BigInteger.valueOf(v);
    }

    @Test
    void renumbersInputsBeforeResults() {
        CircuitBuilder b = new CircuitBuilder("order");
        Wire p1 = b.privateInput("p1");
        Wire s = b.add(p1, p1);
        Wire x = b.publicInput("x");
        Wire t = b.mul(s, x);
        Wire p2 = b.privateInput("p2");
        b.output("t", b.add(t, p2));
        Circuit c = b.build();
        assertThat(c.publicInputs()).containsExactly("x");
        assertThat(c.privateInputs()).containsExactly("p1", "p2");
        // x = w0, p1 = w1, p2 = w2, then s = w3, t = w4, out = w5
        assertThat(c.ops()).containsExactly(new Op.Add(new Wire(1), new Wire(1)),
                new Op.Mul(new Wire(3), new Wire(0)), new Op.Add(new Wire(4), new Wire(2)));
        assertThat(c.outputs()).containsExactly(new Output("t", new Wire(5)));
        assertThat(CircuitEvaluator.evaluate(c, Map.of("x", big(3), "p1", big(2), "p2", big(1)))
                .outputs()).containsEntry("t", big(13));
    }

    @Test
    void dedupesConstants() {
        CircuitBuilder b = new CircuitBuilder("k");
        Wire a = b.constant(-1);
        Wire c = b.constant(Fr.MODULUS.subtract(BigInteger.ONE));
        b.linearCombination(new long[] {-1, 5}, List.of(a, c), 5);
        assertThat(c).isEqualTo(a);
        Circuit circuit = b.build();
        assertThat(circuit.constants()).containsExactly(Fr.fromSigned(-1), big(5));
        assertThat(circuit.ops()).hasSize(2);
    }

    @Test
    void validatesArgumentsNamingTheOp() {
        CircuitBuilder b = new CircuitBuilder("v");
        Wire x = b.publicInput("x");
        assertThatThrownBy(() -> b.rangeCheck(x, 0)).hasMessage("range_check: bits 0 is outside [1, 240]");
        assertThatThrownBy(() -> b.rangeCheck(x, 241)).hasMessage("range_check: bits 241 is outside [1, 240]");
        assertThatThrownBy(() -> b.rescale(x, 16, 16)).hasMessageContaining("rescale: shift 16 must satisfy");
        assertThatThrownBy(() -> b.less(x, x, 241)).hasMessageContaining("less: bits 241");
        assertThatThrownBy(() -> b.relu(x, 0)).hasMessageContaining("relu: bits 0");
        assertThatThrownBy(() -> b.add(x, new Wire(99))).hasMessageContaining("add: wire w99 was not created");
        assertThatThrownBy(() -> b.poseidon2(List.of())).hasMessageContaining("poseidon2: needs at least one");
        assertThatThrownBy(() -> b.publicInput("x")).hasMessageContaining("'x' is already used");
        assertThatThrownBy(() -> b.output("x", x)).hasMessageContaining("'x' is already used");
        assertThatThrownBy(() -> b.privateInput("")).hasMessageContaining("must not be empty");
        assertThatThrownBy(() -> b.linearCombination(new long[] {1}, List.of(), 0))
                .hasMessageContaining("lincomb: 1 coefficients for 0 wires");
        assertThatThrownBy(() -> b.constant(Fr.MODULUS)).hasMessageContaining("not a canonical");
        assertThatThrownBy(() -> b.table("t", 0, List.of())).hasMessageContaining("has no values");
        b.table("t", 0, List.of(BigInteger.ONE));
        assertThatThrownBy(() -> b.table("t", 0, List.of(BigInteger.ONE))).hasMessageContaining("already declared");
        assertThatThrownBy(() -> new CircuitBuilder("other").lookup(new CircuitBuilder.TableRef(0, "t", 0, 1), x))
                .hasMessageContaining("was not declared by this builder");
        assertThatThrownBy(() -> b.merkleRoot(x, List.of(x), List.of()))
                .hasMessageContaining("1 index bits for 0 siblings");
        assertThatThrownBy(() -> b.argmax(List.of(), 8)).hasMessageContaining("argmax: needs at least one value");
    }

    @Test
    void circuitConstructorRejectsBadReferences() {
        assertThatThrownBy(() -> new Circuit("c", List.of("a"), List.of(), List.of(), List.of(),
                List.of(new Op.Add(new Wire(0), new Wire(1))), List.of()))
                .hasMessageContaining("op #0 (add): operand 1 reads wire 1 which does not exist yet");
        assertThatThrownBy(() -> new Circuit("c", List.of("a"), List.of(), List.of(), List.of(),
                List.of(new Op.Const(0)), List.of())).hasMessageContaining("op #0 (const): constant uses constant");
        assertThatThrownBy(() -> new Circuit("c", List.of("a"), List.of("a"), List.of(), List.of(), List.of(),
                List.of())).hasMessageContaining("private input name 'a' is already used");
    }

    @Test
    void argmaxPicksTheFirstLargest() {
        CircuitBuilder b = new CircuitBuilder("argmax");
        List<Wire> v = b.privateInputs("v", 5);
        CircuitBuilder.ArgMax am = b.argmax(v, 8);
        b.output("index", am.index());
        b.output("value", am.value());
        Circuit c = b.build();
        Witness w = CircuitEvaluator.evaluate(c, List.of(),
                List.of(big(-5), big(7), big(-100), big(7), big(3)));
        assertThat(w.signedOutputs()).containsEntry("index", big(1)).containsEntry("value", big(7));
        Witness neg = CircuitEvaluator.evaluate(c, List.of(), List.of(big(-5), big(-6), big(-2), big(-9), big(-3)));
        assertThat(neg.signedOutputs()).containsEntry("index", big(2)).containsEntry("value", big(-2));
        assertThatThrownBy(() -> CircuitEvaluator.evaluate(c, List.of(),
                List.of(big(-200), big(100), big(0), big(0), big(0)))).isInstanceOf(UnsatisfiedCircuitException.class);
    }

    @Test
    void merkleRootAndCommitment() {
        CircuitBuilder b = new CircuitBuilder("merkle");
        Wire leaf = b.privateInput("leaf");
        List<Wire> bits = b.privateInputs("bit", 2);
        List<Wire> sib = b.privateInputs("sibling", 2);
        Wire salt = b.privateInput("salt");
        b.output("root", b.merkleRoot(leaf, bits, sib));
        b.output("commitment", b.commit(salt, leaf));
        Circuit c = b.build();
        BigInteger leafV = big(42);
        BigInteger s0 = big(1000);
        BigInteger s1 = big(2000);
        // index 0b10: leaf is the left child at level 0, its parent the right child at level 1
        Witness w = CircuitEvaluator.evaluate(c, List.of(), List.of(leafV, big(0), big(1), s0, s1, big(77)));
        BigInteger level1 = Poseidon2.hash(leafV, s0);
        assertThat(w.outputs()).containsEntry("root", Poseidon2.hash(s1, level1))
                .containsEntry("commitment", Poseidon2.hash(big(77), leafV));
        assertThatThrownBy(() -> CircuitEvaluator.evaluate(c, List.of(),
                List.of(leafV, big(2), big(1), s0, s1, big(77))))
                .isInstanceOf(UnsatisfiedCircuitException.class).hasMessageContaining("is not boolean");
    }

    @Test
    void publicInputThatReachesNoConstraintIsRefusedByName() {
        // never used
        CircuitBuilder unused = new CircuitBuilder("unused");
        Wire a = unused.privateInput("a");
        unused.publicInput("threshold");
        unused.output("a2", unused.mul(a, a));
        assertThatThrownBy(unused::build).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("circuit 'unused'").hasMessageContaining("public input 'threshold'")
                .hasMessageContaining("no constraint");
        // used only by linear ops (no constraint in gnark) whose results go nowhere
        CircuitBuilder linear = new CircuitBuilder("linear");
        Wire x = linear.publicInput("x");
        Wire y = linear.publicInput("y");
        Wire p = linear.privateInput("p");
        linear.add(x, linear.constant(3));
        linear.mul(linear.constant(5), y);
        linear.linearCombination(new long[] {2}, List.of(x), 1);
        linear.rangeCheck(p, 8);
        assertThatThrownBy(linear::build).hasMessageContaining("public inputs 'x', 'y'");
        // each binding use makes it build: an assertion through linear ops, a product of two variables, an output
        linear.assertEqual(linear.add(x, p), p);
        assertThatThrownBy(linear::build).hasMessageContaining("public input 'y'").hasMessageNotContaining("'x'");
        linear.mul(y, p);
        assertThat(linear.build().publicInputs()).containsExactly("x", "y");
        CircuitBuilder out = new CircuitBuilder("out");
        out.output("echo", out.sub(out.publicInput("z"), out.constant(1)));
        assertThat(out.build().publicInputs()).containsExactly("z");
    }
}
