package io.zkinfer.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link TrustedVerifier}: each thing the prover hands over (key, circuit hash, key hash, public values, claimed
 * values) is checked against what the verifier trusts; each check has a targeted forgery here.
 */
class TrustedVerifierTest {
    private final Path range = Vectors.gnark("groth16-range-5");
    private final Path mul = Vectors.gnark("groth16-mul-5");
    private final byte[] vk = Vectors.bytes(range.resolve("vk.zkinfer"));
    private final byte[] proof = Vectors.bytes(range.resolve("proof.zkinfer"));
    private static final List<String> NAMES = List.of("in:a", "in:b", "in:c", "in:d", "out:sum");

    private static String circuitOf(byte[] artifact) throws MalformedInputException {
        return ArtifactHeader.peek(artifact).circuit();
    }

    private TrustedVerifier verifier() throws MalformedInputException {
        return TrustedVerifier.create(vk, circuitOf(vk), NAMES);
    }

    private List<BigInteger> values() throws MalformedInputException {
        return Vectors.publicInputs(range);
    }

    @Test
    void aValidProofWithTrueClaimsIsValidAndListsTheCheckedValues() throws Exception {
        List<BigInteger> v = values();
        Verdict verdict = verifier().verify(proof, Claims.publicValues(v).circuitHash(circuitOf(vk))
                .verifyingKeySha256(sha256(vk)).claim("out:sum", v.get(4)).expect("in:a", v.get(0)).build());
        assertThat(verdict.status()).as(verdict.message()).isEqualTo(Verdict.Status.VALID);
        assertThat(verdict.values()).extracting(Verdict.CheckedValue::name).containsExactlyElementsOf(NAMES);
        assertThat(verdict.values()).extracting(Verdict.CheckedValue::value).containsExactlyElementsOf(v);
        assertThat(verdict.values().get(0).expected()).isTrue();
        assertThat(verdict.values().get(1).expected()).isFalse();
        // without names the values are numbered
        Verdict unnamed = TrustedVerifier.create(vk, circuitOf(vk)).verify(proof, Claims.publicValues(v).build());
        assertThat(unnamed.isValid()).isTrue();
        assertThat(unnamed.values().get(2).name()).isEqualTo("public[2]");
    }

    @Test
    void aKeyOfAnotherCircuitIsRefusedWhenTheVerifierIsBuilt() throws Exception {
        byte[] other = Vectors.bytes(mul.resolve("vk.zkinfer"));
        assertThatThrownBy(() -> TrustedVerifier.create(other, circuitOf(vk)))
                .isInstanceOf(MalformedInputException.class)
                .hasMessageContaining(circuitOf(other)).hasMessageContaining(circuitOf(vk));
    }

    @Test
    void keysWithoutACircuitHashAreRefused() {
        byte[] snarkjs = Vectors.text(Vectors.root().resolve("snarkjs-groth16/multiplier/p0_valid/verification_key.json"))
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> TrustedVerifier.create(snarkjs, "00".repeat(32)))
                .isInstanceOf(MalformedInputException.class).hasMessageContaining("not a zkinfer artifact container");
        assertThatThrownBy(() -> TrustedVerifier.create(vk, null)).isInstanceOf(MalformedInputException.class)
                .hasMessageContaining("expected circuit hash");
        assertThatThrownBy(() -> TrustedVerifier.create(vk, "ABC")).isInstanceOf(MalformedInputException.class);
        assertThatThrownBy(() -> TrustedVerifier.create(null, "00".repeat(32)))
                .isInstanceOf(MalformedInputException.class);
    }

    @Test
    void namesMustMatchTheKey() {
        assertThatThrownBy(() -> TrustedVerifier.create(vk, circuitOf(vk), NAMES.subList(0, 4)))
                .isInstanceOf(MalformedInputException.class).hasMessageContaining("5 public values");
        assertThatThrownBy(() -> TrustedVerifier.create(vk, circuitOf(vk), List.of("a", "a", "b", "c", "d")))
                .isInstanceOf(MalformedInputException.class).hasMessageContaining("distinct");
    }

    @Test
    void aProofClaimingAnotherCircuitOrKeyIsMalformedNamingBoth() throws Exception {
        Verdict c = verifier().verify(proof, Claims.publicValues(values()).circuitHash("ab".repeat(32)).build());
        assertThat(c.status()).isEqualTo(Verdict.Status.MALFORMED);
        assertThat(c.message()).contains("ab".repeat(32)).contains(circuitOf(vk));
        Verdict k = verifier().verify(proof, Claims.publicValues(values()).verifyingKeySha256("cd".repeat(32)).build());
        assertThat(k.status()).isEqualTo(Verdict.Status.MALFORMED);
        assertThat(k.message()).contains("cd".repeat(32)).contains(sha256(vk));
    }

    @Test
    void aProofOfAnotherCircuitIsMalformed() throws Exception {
        byte[] otherProof = Vectors.bytes(mul.resolve("proof.zkinfer"));
        Verdict v = verifier().verify(otherProof, Claims.publicValues(values()).build());
        assertThat(v.status()).isEqualTo(Verdict.Status.MALFORMED);
        assertThat(v.message()).contains("circuit");
    }

    @Test
    void aChangedPublicValueIsInvalid() throws Exception {
        List<BigInteger> v = new ArrayList<>(values());
        v.set(4, v.get(4).add(BigInteger.ONE));
        Verdict verdict = verifier().verify(proof, Claims.publicValues(v).build());
        assertThat(verdict.status()).isEqualTo(Verdict.Status.INVALID);
        assertThat(verifier().verify(proof, Claims.publicValues(v.subList(0, 4)).build()).status())
                .isEqualTo(Verdict.Status.MALFORMED);
    }

    @Test
    void aFalseClaimNextToAValidProofIsInvalid() throws Exception {
        List<BigInteger> v = values();
        Verdict verdict = verifier().verify(proof, Claims.publicValues(v)
                .claim("out:sum", v.get(4).add(BigInteger.ONE)).build());
        assertThat(verdict.status()).isEqualTo(Verdict.Status.INVALID);
        assertThat(verdict.message()).contains("claims out:sum = " + v.get(4).add(BigInteger.ONE))
                .contains("proves " + v.get(4));
        // the checked values still say what the proof proves
        assertThat(verdict.values()).hasSize(5);
        Verdict unknown = verifier().verify(proof, Claims.publicValues(v).claim("commit:x", BigInteger.ONE).build());
        assertThat(unknown.status()).isEqualTo(Verdict.Status.INVALID);
        assertThat(unknown.message()).contains("commit:x");
    }

    @Test
    void anUnmetExpectationIsInvalidAndAnUnknownNameMalformed() throws Exception {
        List<BigInteger> v = values();
        Verdict verdict = verifier().verify(proof, Claims.publicValues(v).expect("out:sum", BigInteger.TWO).build());
        assertThat(verdict.status()).isEqualTo(Verdict.Status.INVALID);
        assertThat(verdict.message()).contains("expected out:sum = 2");
        Verdict unknown = verifier().verify(proof, Claims.publicValues(v).expect("out:nope", BigInteger.TWO).build());
        assertThat(unknown.status()).isEqualTo(Verdict.Status.MALFORMED);
        assertThat(unknown.message()).contains("out:nope");
    }

    @Test
    void missingOrNonCanonicalInputsAreMalformedNeverValid() throws Exception {
        assertThat(verifier().verify(null, Claims.publicValues(values()).build()).status())
                .isEqualTo(Verdict.Status.MALFORMED);
        assertThat(verifier().verify(proof, null).status()).isEqualTo(Verdict.Status.MALFORMED);
        List<BigInteger> v = new ArrayList<>(values());
        v.set(0, v.get(0).add(io.zkinfer.verifier.bn254.Fr.MODULUS));
        assertThat(verifier().verify(proof, Claims.publicValues(v).build()).status())
                .isEqualTo(Verdict.Status.MALFORMED);
        v.set(0, null);
        assertThat(verifier().verify(proof, Claims.publicValues(v).build()).status())
                .isEqualTo(Verdict.Status.MALFORMED);
        assertThatThrownBy(() -> Claims.publicValues(values()).claim("a", BigInteger.ONE).claim("a", BigInteger.TWO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static String sha256(byte[] b) {
        return HexFormat.of().formatHex(HashToField.sha256().digest(b));
    }
}
