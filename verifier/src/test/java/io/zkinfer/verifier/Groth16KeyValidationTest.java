package io.zkinfer.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zkinfer.verifier.KeyFixtures.Groth16Key;
import io.zkinfer.verifier.KeyFixtures.Out;
import io.zkinfer.verifier.bn254.Fp;
import io.zkinfer.verifier.bn254.Fp12;
import io.zkinfer.verifier.bn254.G1Affine;
import io.zkinfer.verifier.bn254.G1Jac;
import io.zkinfer.verifier.bn254.G2Affine;
import io.zkinfer.verifier.bn254.Pairing;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Degenerate Groth16 keys, each made from a real gnark key (test vectors) by changing one field, are refused with a
 * message naming the problem, in the container and in gnark's raw encoding; counts are refused before any point is
 * decoded. For γ = ±δ the test also builds the classic forgery and shows it satisfies the Groth16 equation.
 */
class Groth16KeyValidationTest {
    private static final String MUL = "groth16-mul-5";
    private static final String RANGE = "groth16-range-5";

    private static void assertRefused(byte[] key, String... messageParts) {
        for (byte[] bytes : new byte[][] {key, KeyFixtures.payload(key)}) { // container, then raw gnark bytes
            assertThatThrownBy(() -> Groth16VerifyingKey.parse(bytes)).isInstanceOf(MalformedInputException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotStartWith(Guard.INTERNAL).contains(messageParts));
        }
    }

    static Stream<Arguments> pointsAtInfinity() {
        return Stream.of(
                Arguments.of("alpha", (Consumer<Groth16Key>) k -> k.alpha = G1Affine.INFINITY),
                Arguments.of("beta", (Consumer<Groth16Key>) k -> k.beta = G2Affine.INFINITY),
                Arguments.of("gamma", (Consumer<Groth16Key>) k -> k.gamma = G2Affine.INFINITY),
                Arguments.of("delta", (Consumer<Groth16Key>) k -> k.delta = G2Affine.INFINITY),
                Arguments.of("K[0]", (Consumer<Groth16Key>) k -> k.k[0] = G1Affine.INFINITY),
                Arguments.of("K[3]", (Consumer<Groth16Key>) k -> k.k[3] = G1Affine.INFINITY),
                Arguments.of("K[5]", (Consumer<Groth16Key>) k -> k.k[5] = G1Affine.INFINITY));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pointsAtInfinity")
    void pointAtInfinityIsRefused(String field, Consumer<Groth16Key> degrade) throws Exception {
        Groth16Key key = Groth16Key.of(MUL);
        degrade.accept(key);
        assertRefused(key.container(MUL), field, "is the point at infinity");
    }

    @Test
    void theUnchangedFixtureLoads() throws Exception {
        // the fixture round-trips: every refusal below is due to the one field each test changes
        assertThat(Groth16VerifyingKey.parse(Groth16Key.of(MUL).container(MUL)).publicInputCount()).isEqualTo(5);
        assertThat(Groth16VerifyingKey.parse(Groth16Key.of(RANGE).container(RANGE)).commitmentCount()).isEqualTo(1);
    }

    /** IC(x) = K₀ + Σ xᵢ·Kᵢ₊₁. */
    private static G1Affine ic(G1Affine[] k, List<BigInteger> x) {
        G1Jac sum = k[0].toJacobian();
        for (int i = 0; i < x.size(); i++) {
            sum = sum.add(k[i + 1].mul(x.get(i)).toJacobian());
        }
        return sum.toAffine();
    }

    /** gnark's raw proof bytes: Ar, Bs, Krs, no commitments, the proof of knowledge at infinity. */
    private static byte[] proof(G1Affine a, G2Affine b, G1Affine c) {
        return new Out().g1(a).g2(b).g1(c).u32(0).g1(G1Affine.INFINITY).bytes();
    }

    /** The Groth16 equation e(A, B) = e(α, β)·e(IC(x), γ)·e(C, δ), checked with the bn254 package alone. */
    private static boolean groth16Equation(Groth16Key key, G1Affine a, G2Affine b, G1Affine c, List<BigInteger> x) {
        Fp12 lhs = Pairing.pair(new G1Affine[] {a}, new G2Affine[] {b});
        Fp12 rhs = Pairing.pair(new G1Affine[] {key.alpha, ic(key.k, x), c},
                new G2Affine[] {key.beta, key.gamma, key.delta});
        return lhs.equals(rhs);
    }

    @Test
    void gammaEqualToDeltaIsRefusedAndItsForgeryIsReal() throws Exception {
        Groth16Key key = Groth16Key.of(MUL);
        key.delta = key.gamma; // what an uncontributed phase 2 exports
        List<BigInteger> anyStatement = List.of(BigInteger.ONE, BigInteger.TWO, BigInteger.valueOf(3),
                BigInteger.valueOf(4), new BigInteger("123456789"));
        // the classic forgery: A = α, B = β, C = −IC(x) for any x
        G1Affine c = ic(key.k, anyStatement).neg();
        assertThat(groth16Equation(key, key.alpha, key.beta, c, anyStatement)).as("the forgery is real").isTrue();

        Verifier.Result r = Verifier.verify(key.container(MUL), proof(key.alpha, key.beta, c), anyStatement);
        assertThat(r.outcome()).as(r.message()).isEqualTo(Verifier.Outcome.MALFORMED);
        assertThat(r.message()).contains("gamma equals delta");
        assertRefused(key.container(MUL), "gamma equals delta");
    }

    @Test
    void gammaEqualToMinusDeltaIsRefusedAndItsForgeryIsReal() throws Exception {
        Groth16Key key = Groth16Key.of(MUL);
        key.delta = key.gamma.neg();
        List<BigInteger> anyStatement = List.of(BigInteger.TEN, BigInteger.ZERO, BigInteger.ONE, BigInteger.TWO,
                BigInteger.valueOf(99));
        G1Affine c = ic(key.k, anyStatement); // C = +IC(x) this time
        assertThat(groth16Equation(key, key.alpha, key.beta, c, anyStatement)).as("the forgery is real").isTrue();

        Verifier.Result r = Verifier.verify(key.container(MUL), proof(key.alpha, key.beta, c), anyStatement);
        assertThat(r.outcome()).as(r.message()).isEqualTo(Verifier.Outcome.MALFORMED);
        assertThat(r.message()).contains("gamma equals -delta");
    }

    @Test
    void snarkjsKeyWithGammaEqualToDeltaIsRefusedAndItsForgeryIsReal() throws Exception {
        var dir = Vectors.root().resolve("snarkjs-groth16/multiplier/p0_valid");
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var vk = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(
                Vectors.text(dir.resolve("verification_key.json")));
        vk.set("vk_delta_2", vk.get("vk_gamma_2"));
        G1Affine[] k = new G1Affine[vk.get("IC").size()];
        for (int i = 0; i < k.length; i++) {
            var p = vk.get("IC").get(i);
            k[i] = G1Affine.of(new BigInteger(p.get(0).asText()), new BigInteger(p.get(1).asText()));
        }
        List<BigInteger> anyStatement = List.of(new BigInteger("424242"));
        G1Affine c = ic(k, anyStatement).neg();
        var proof = mapper.createObjectNode();
        proof.set("pi_a", vk.get("vk_alpha_1"));
        proof.set("pi_b", vk.get("vk_beta_2"));
        proof.set("pi_c", mapper.valueToTree(List.of(c.x().toBigInteger().toString(), c.y().toBigInteger().toString(),
                "1")));
        proof.put("protocol", "groth16");
        proof.put("curve", "bn128");

        Verifier.Result r = Verifier.verifySnarkjs(vk.toString(), proof.toString(), "[\"424242\"]");
        assertThat(r.outcome()).as(r.message()).isEqualTo(Verifier.Outcome.MALFORMED);
        assertThat(r.message()).contains("gamma equals delta");
    }

    @Test
    void equalOrOppositeKPointsAreRefused() throws Exception {
        Groth16Key key = Groth16Key.of(MUL);
        key.k[2] = key.k[1]; // public values 0 and 1 would only be bound through their sum
        assertRefused(key.container(MUL), "K[1] and K[2]", "equal");
        key = Groth16Key.of(MUL);
        key.k[4] = key.k[1].neg();
        assertRefused(key.container(MUL), "K[1] and K[4]", "opposite");
    }

    @Test
    void pedersenKeysAtInfinityAreRefused() throws Exception {
        Groth16Key key = Groth16Key.of(RANGE);
        key.g[0] = G2Affine.INFINITY;
        assertRefused(key.container(RANGE), "commitment key 0 G is the point at infinity");
        key = Groth16Key.of(RANGE);
        key.gSigmaNeg[0] = G2Affine.INFINITY;
        assertRefused(key.container(RANGE), "commitment key 0 GSigmaNeg is the point at infinity");
    }

    /** A point off the curve: decoding it would fail, so a refusal naming a count proves no point was decoded. */
    private static final G1Affine OFF_CURVE = new G1Affine(Fp.ONE, Fp.ONE);

    @Test
    void thirtyThreeCommitmentsAreRefusedBeforeAnyPointIsDecoded() throws Exception {
        Groth16Key key = Groth16Key.of(RANGE);
        int n = 33;
        key.alpha = OFF_CURVE;
        key.committed = new long[n][0];
        key.g = new G2Affine[n];
        key.gSigmaNeg = new G2Affine[n];
        Arrays.fill(key.g, key.beta);
        Arrays.fill(key.gSigmaNeg, key.beta);
        key.k = Arrays.copyOf(key.k, 1 + 5 + n);
        Arrays.fill(key.k, 6, key.k.length, key.k[1]);
        assertThatThrownBy(() -> Groth16VerifyingKey.parse(key.encode())).isInstanceOf(MalformedInputException.class)
                .hasMessageContaining("PublicAndCommitmentCommitted has 33 elements, more than the 32 supported");
    }

    @Test
    void aKeyWith65535CommitmentKeysFailsFastOnItsCount() throws Exception {
        // the crafted key of issue 11: 65,535 commitments, 131,070 G2 points (compressed, 8 MB) that decoding and
        // preparing would take minutes and a gigabyte for; alpha is off the curve so that decoding anything first shows
        int n = 65_535;
        Groth16Key key = Groth16Key.of(RANGE);
        Out o = new Out().g1(OFF_CURVE).g1(key.g1Beta).g2(key.beta).g2(key.gamma).g1(key.g1Delta).g2(key.delta)
                .u32(1).g1(key.k[0]).u32(n);
        for (int i = 0; i < n; i++) {
            o.u32(0);
        }
        o.u32(n);
        byte[] compressedG2 = PointCodecFixtures.compressedG2Generator();
        for (int i = 0; i < 2 * n; i++) {
            o.raw(compressedG2);
        }
        byte[] crafted = o.bytes();
        assertThatThrownBy(() -> Groth16VerifyingKey.parse(crafted)).isInstanceOf(MalformedInputException.class)
                .hasMessageContaining("PublicAndCommitmentCommitted has 65535 elements, more than the 32 supported");
    }

    @Test
    void committedWireListsAndIndexesAreBounded() throws Exception {
        Groth16Key key = Groth16Key.of(RANGE);
        key.committed = new long[][] {new long[7]}; // 7 committed wires, the key has 5 public values
        Arrays.fill(key.committed[0], 1);
        assertRefused(key.container(RANGE), "commits to 7 public wires, only 5 exist");
        for (long index : new long[] {0, 6, 1L << 32 | 1, Long.MIN_VALUE | 1}) { // no (int) truncation to 1
            key.committed = new long[][] {{index}};
            assertRefused(key.container(RANGE), "committed public wire index", "out of range 1..5");
        }
    }

    @Test
    void containerCountsMustMatchTheKeyBeforePointsAreDecoded() throws Exception {
        Groth16Key key = Groth16Key.of(MUL);
        key.alpha = OFF_CURVE;
        byte[] c = KeyFixtures.container(KeyFixtures.headerJson(KeyFixtures.vkContainer(MUL))
                .replace("\"commitments\":0", "\"commitments\":1"), key.encode());
        assertThatThrownBy(() -> Groth16VerifyingKey.parse(c)).isInstanceOf(MalformedInputException.class)
                .hasMessageContaining("disagrees with the key");
    }
}
