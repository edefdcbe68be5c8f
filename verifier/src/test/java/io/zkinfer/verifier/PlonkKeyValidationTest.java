package io.zkinfer.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zkinfer.verifier.KeyFixtures.PlonkKey;
import io.zkinfer.verifier.bn254.Fp;
import io.zkinfer.verifier.bn254.Fr;
import io.zkinfer.verifier.bn254.G1Affine;
import io.zkinfer.verifier.bn254.G2Affine;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Degenerate PLONK keys, each made from a real gnark key (plonk-range-5: 5 public values, one BSB22 commitment) by
 * changing one field, are refused with a message naming the problem; counts are refused before any point is decoded.
 */
class PlonkKeyValidationTest {
    private static final String RANGE = "plonk-range-5";

    private static void assertRefused(byte[] key, String... messageParts) {
        for (byte[] bytes : new byte[][] {key, KeyFixtures.payload(key)}) { // container, then raw gnark bytes
            assertThatThrownBy(() -> PlonkVerifyingKey.parse(bytes)).isInstanceOf(MalformedInputException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotStartWith(Guard.INTERNAL).contains(messageParts));
        }
    }

    private static PlonkKey key() throws MalformedInputException {
        return PlonkKey.of(RANGE);
    }

    @Test
    void theUnchangedFixtureLoads() throws Exception {
        PlonkVerifyingKey vk = PlonkVerifyingKey.parse(key().container(RANGE));
        assertThat(vk.publicInputCount()).isEqualTo(5);
        assertThat(vk.commitmentCount()).isEqualTo(1);
    }

    static Stream<Arguments> pointsAtInfinity() {
        return Stream.of(
                Arguments.of("S[0]", (Consumer<PlonkKey>) k -> k.s[0] = G1Affine.INFINITY),
                Arguments.of("S[1]", (Consumer<PlonkKey>) k -> k.s[1] = G1Affine.INFINITY),
                Arguments.of("S[2]", (Consumer<PlonkKey>) k -> k.s[2] = G1Affine.INFINITY),
                Arguments.of("Ql", (Consumer<PlonkKey>) k -> k.q[0] = G1Affine.INFINITY),
                Arguments.of("Qcp[0]", (Consumer<PlonkKey>) k -> k.qcp[0] = G1Affine.INFINITY),
                Arguments.of("Kzg.G1", (Consumer<PlonkKey>) k -> k.kzgG1 = G1Affine.INFINITY),
                Arguments.of("Kzg.G2[0]", (Consumer<PlonkKey>) k -> k.kzgG2[0] = G2Affine.INFINITY),
                Arguments.of("Kzg.G2[1]", (Consumer<PlonkKey>) k -> k.kzgG2[1] = G2Affine.INFINITY));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pointsAtInfinity")
    void pointAtInfinityIsRefused(String field, Consumer<PlonkKey> degrade) throws Exception {
        PlonkKey key = key();
        degrade.accept(key);
        assertRefused(key.container(RANGE), field, "is the point at infinity");
    }

    @Test
    void allSelectorsAtInfinityAreRefused() throws Exception {
        // the all-infinity key of issue 11; Ql is allowed at infinity here only because there are no public inputs
        PlonkKey key = key();
        Arrays.fill(key.q, G1Affine.INFINITY);
        key.nbPublic = 0;
        byte[] c = KeyFixtures.container(KeyFixtures.headerJson(KeyFixtures.vkContainer(RANGE))
                .replace("\"publicInputs\":4", "\"publicInputs\":0").replace("\"outputs\":1", "\"outputs\":0"),
                key.encode());
        assertRefused(c, "every selector", "is the point at infinity");
    }

    @Test
    void domainSizeMustBeAPowerOfTwo() throws Exception {
        PlonkKey key = key();
        key.size(key.size * 3 / 2); // SizeInv kept consistent so that only the power-of-two check can refuse it
        assertRefused(key.container(RANGE), "is not a power of two");
    }

    @Test
    void domainSizeAbove2To28IsRefusedAndNoCountIsTruncated() throws Exception {
        PlonkKey key = key();
        key.size(1L << 33); // the real generator's order divides 2^33, so only the size bound refuses it
        key.nbPublic = (1L << 32) + 5; // would be 5 after an (int) cast
        assertRefused(key.container(RANGE), "larger than 2^28");
        key = key();
        key.nbPublic = (1L << 32) + 5;
        assertRefused(key.container(RANGE), "4294967301 public variables");
    }

    @Test
    void generatorMustHaveOrderExactlyTheDomainSize() throws Exception {
        PlonkKey key = key();
        key.generator = Fr.mul(key.generator, key.generator); // order size/2: still a root of unity of order | size
        assertThat(Fr.pow(key.generator, BigInteger.valueOf(key.size))).isEqualTo(BigInteger.ONE);
        assertRefused(key.container(RANGE), "Generator does not have multiplicative order Size");
        key.generator = BigInteger.ONE;
        assertRefused(key.container(RANGE), "Generator does not have multiplicative order Size");
    }

    @Test
    void cosetShiftMustSeparateTheThreeCosets() throws Exception {
        PlonkKey key = key();
        BigInteger omega = key.generator;
        // a primitive (2n)-th root of unity: u ∉ H but u² = ω ∈ H
        BigInteger rootOf2n = rootOfUnity(2 * key.size);
        assertThat(Fr.mul(rootOf2n, rootOf2n)).isNotEqualTo(BigInteger.ONE);
        for (BigInteger u : new BigInteger[] {BigInteger.ZERO, BigInteger.ONE, omega, Fr.neg(BigInteger.ONE),
            rootOf2n}) {
            key.cosetShift = u;
            assertRefused(key.container(RANGE), "CosetShift");
        }
    }

    /** A primitive n-th root of unity of Fr (n a power of two ≤ 2^28), from the non-residue 5. */
    private static BigInteger rootOfUnity(long n) {
        BigInteger g = Fr.pow(BigInteger.valueOf(5), Fr.MODULUS.subtract(BigInteger.ONE).shiftRight(28));
        return Fr.pow(g, BigInteger.ONE.shiftLeft(28).divide(BigInteger.valueOf(n)));
    }

    @Test
    void kzgPointsMustBeTheStandardGeneratorsAndTauNotPlusMinusOne() throws Exception {
        PlonkKey key = key();
        key.kzgG1 = G1Affine.GENERATOR.mul(BigInteger.TWO);
        assertRefused(key.container(RANGE), "Kzg.G1 is not the standard generator");
        key = key();
        key.kzgG2[0] = G2Affine.GENERATOR.mul(BigInteger.TWO);
        assertRefused(key.container(RANGE), "Kzg.G2[0] is not the standard generator");
        key = key();
        key.kzgG2[1] = G2Affine.GENERATOR;
        assertRefused(key.container(RANGE), "τ = ±1");
        key.kzgG2[1] = G2Affine.GENERATOR.neg();
        assertRefused(key.container(RANGE), "τ = ±1");
    }

    @Test
    void thirtyThreeCommitmentsAreRefusedBeforeAnyPointIsDecoded() throws Exception {
        PlonkKey key = key();
        key.s[0] = new G1Affine(Fp.ONE, Fp.ONE); // off the curve: decoding it first would be the refusal
        key.qcp = new G1Affine[33];
        Arrays.fill(key.qcp, G1Affine.GENERATOR);
        key.cci = new long[33];
        assertThatThrownBy(() -> PlonkVerifyingKey.parse(key.encode())).isInstanceOf(MalformedInputException.class)
                .hasMessageContaining("Qcp has 33 elements, more than the 32 supported");
    }

    @Test
    void commitmentConstraintIndexesStayInsideTheDomain() throws Exception {
        PlonkKey key = key();
        for (long index : new long[] {key.size - key.nbPublic, key.size, -1, 1L << 32}) {
            key.cci[0] = index;
            assertRefused(key.container(RANGE), "commitment constraint index", "is outside the domain");
        }
    }
}
