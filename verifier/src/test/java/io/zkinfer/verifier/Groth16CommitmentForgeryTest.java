package io.zkinfer.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.zkinfer.verifier.bn254.Fr;
import io.zkinfer.verifier.bn254.G1Affine;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Targeted forgeries against the Groth16 commitment extension (BSB22 + Pedersen proof of knowledge), on gnark proofs
 * of circuits with two commitments (the second covering a public wire and the first commitment) and with a commitment
 * over public wires only (vectorgen "forgery", vectors/forgery). Each forgery passes every check but one, so each test
 * fails if that one check is removed from the verifier.
 */
class Groth16CommitmentForgeryTest {
    /** Byte offsets in gnark's raw Groth16 proof: Ar ‖ Bs ‖ Krs ‖ u32 n ‖ n commitments ‖ PoK (uncompressed). */
    static final int COMMITMENTS = 64 + 128 + 64 + 4;

    static Path dir(String name) {
        return Vectors.root().resolve("forgery").resolve(name);
    }

    static Groth16VerifyingKey key(String name) throws MalformedInputException {
        return Groth16VerifyingKey.parse(Vectors.bytes(dir(name).resolve("vk.zkinfer")));
    }

    static byte[] proof(String name, String file) {
        return Vectors.bytes(dir(name).resolve(file));
    }

    /** The container with its payload edited (checksum recomputed, so the edit reaches decoding and verification). */
    static byte[] edit(byte[] container, java.util.function.Consumer<byte[]> change) {
        byte[] payload = Arrays.copyOfRange(container, MutationTest.headerEnd(container), container.length);
        change.accept(payload);
        return MutationTest.reseal(container, payload);
    }

    static G1Affine g1At(byte[] payload, int off) throws MalformedInputException {
        return new ByteReader(payload, off, "test").g1("point");
    }

    static void putG1(byte[] payload, int off, G1Affine p) {
        System.arraycopy(p.toRawBytes(), 0, payload, off, 64);
    }

    /** Replaces the G1 point at {@code off} by f(point). */
    static byte[] mapG1(byte[] container, int off, java.util.function.UnaryOperator<G1Affine> f) {
        return edit(container, p -> {
            try {
                putG1(p, off, f.apply(g1At(p, off)));
            } catch (MalformedInputException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"groth16-commit2", "groth16-pubcommit"})
    void honestProofsVerifyAndEveryPublicValueIsBound(String name) throws Exception {
        Groth16VerifyingKey vk = key(name);
        List<BigInteger> pub = Vectors.publicInputs(dir(name));
        byte[] proof = proof(name, "proof.zkinfer");
        assertThat(vk.commitmentCount()).isEqualTo(name.equals("groth16-commit2") ? 2 : 1);
        assertThat(vk.verify(proof, pub)).isTrue();
        // every public value is committed to in these circuits: changing any one must fail
        for (int i = 0; i < pub.size(); i++) {
            List<BigInteger> other = new ArrayList<>(pub);
            other.set(i, Fr.add(pub.get(i), BigInteger.ONE));
            assertThat(vk.verify(proof, other)).as("public value %d changed", i).isFalse();
        }
    }

    /** The Pedersen proof of knowledge moved by G: the main Groth16 equation still holds, only the PoK check fails. */
    @ParameterizedTest
    @ValueSource(strings = {"groth16-commit2", "groth16-pubcommit"})
    void proofOfKnowledgePlusGeneratorIsRejected(String name) throws Exception {
        Groth16VerifyingKey vk = key(name);
        byte[] honest = proof(name, "proof.zkinfer");
        int pokAt = COMMITMENTS + 64 * vk.commitmentCount();
        byte[] forged = mapG1(honest, pokAt, pok -> pok.add(G1Affine.GENERATOR));
        assertThat(vk.verify(forged, Vectors.publicInputs(dir(name)))).isFalse();
        // the PoK of the other commitment alone (commit2): also not a proof of knowledge of both
        byte[] negated = mapG1(honest, pokAt, G1Affine::neg);
        assertThat(vk.verify(negated, Vectors.publicInputs(dir(name)))).isFalse();
    }

    /**
     * A commitment changed (the verifier recomputes its hash, so the public input it adds changes consistently) and
     * the two commitments swapped: the statement no longer matches what the PoK and the main equation were made for.
     */
    @Test
    void changedOrSwappedCommitmentsAreRejected() throws Exception {
        Groth16VerifyingKey vk = key("groth16-commit2");
        List<BigInteger> pub = Vectors.publicInputs(dir("groth16-commit2"));
        byte[] honest = proof("groth16-commit2", "proof.zkinfer");
        for (int i = 0; i < 2; i++) {
            byte[] forged = mapG1(honest, COMMITMENTS + 64 * i, d -> d.add(G1Affine.GENERATOR));
            assertThat(vk.verify(forged, pub)).as("commitment %d + G", i).isFalse();
        }
        byte[] swapped = edit(honest, p -> {
            byte[] first = Arrays.copyOfRange(p, COMMITMENTS, COMMITMENTS + 64);
            System.arraycopy(p, COMMITMENTS + 64, p, COMMITMENTS, 64);
            System.arraycopy(first, 0, p, COMMITMENTS + 64, 64);
        });
        assertThat(vk.verify(swapped, pub)).isFalse();
    }

    /**
     * gnark proofs whose commitment hash was computed wrongly, each labelled as Keccak-256 (proofFlags = 1): with
     * gnark's default RFC 9380 hash, Keccak over the public values little-endian, over the commitment point only,
     * over the public values only. Each is what a verifier with that bug would accept.
     */
    @ParameterizedTest
    @ValueSource(strings = {"proof-rfc9380.zkinfer", "proof-little-endian.zkinfer", "proof-commitment-only.zkinfer",
        "proof-values-only.zkinfer"})
    void commitmentHashedWronglyIsRejected(String file) throws Exception {
        Groth16VerifyingKey vk = key("groth16-commit2");
        byte[] proof = proof("groth16-commit2", file);
        assertThat(Groth16Proof.parse(proof).header().orElseThrow().targetsSolidity()).isTrue();
        assertThat(vk.verify(proof, Vectors.publicInputs(dir("groth16-commit2")))).isFalse();
    }

    /** Raw gnark bytes (no container header to compare): a proof with two commitments for a key with one. */
    @Test
    void proofWithAnotherNumberOfCommitmentsIsMalformed() throws Exception {
        Groth16VerifyingKey vk = key("groth16-pubcommit");
        byte[] raw = GnarkGroth16Test.payload(proof("groth16-commit2", "proof.zkinfer"));
        assertThat(Groth16Proof.parse(raw).commitmentCount()).isEqualTo(2);
        List<BigInteger> pub = Vectors.publicInputs(dir("groth16-pubcommit"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> vk.verify(raw, pub))
                .isInstanceOf(MalformedInputException.class).hasMessageContaining("commitments");
    }
}
