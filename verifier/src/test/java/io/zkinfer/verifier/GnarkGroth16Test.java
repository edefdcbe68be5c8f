package io.zkinfer.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zkinfer.verifier.bn254.Fr;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every Groth16 proof gnark made (vectorgen "proofs": api.Mul and rangecheck circuits, 1/5/20 inputs) verifies. */
class GnarkGroth16Test {
    static List<String> cases() {
        return Vectors.gnarkCases("groth16");
    }

    @ParameterizedTest
    @MethodSource("cases")
    void proofsOfBothProofFlagsVerify(String name) throws Exception {
        Path dir = Vectors.gnark(name);
        Groth16VerifyingKey vk = Groth16VerifyingKey.parse(Vectors.bytes(dir.resolve("vk.zkinfer")));
        List<BigInteger> pub = Vectors.publicInputs(dir);
        assertThat(vk.publicInputCount()).isEqualTo(pub.size());
        assertThat(vk.commitmentCount()).isEqualTo(name.contains("range") ? 1 : 0);
        assertThat(vk.circuitHash()).isPresent();

        byte[] nativeProof = Vectors.bytes(dir.resolve("proof.zkinfer"));
        byte[] solidityProof = Vectors.bytes(dir.resolve("proof-solidity.zkinfer"));
        assertThat(vk.verify(nativeProof, pub)).isTrue();
        assertThat(vk.verify(solidityProof, pub)).isTrue();

        // a different statement is rejected
        List<BigInteger> other = new ArrayList<>(pub);
        other.set(pub.size() - 1, Fr.add(pub.get(pub.size() - 1), BigInteger.ONE));
        assertThat(vk.verify(nativeProof, other)).isFalse();

        assertThat(vk.verify(Groth16Proof.parseGnark(payload(solidityProof)), pub)).isTrue();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void rawGnarkBytesWithoutContainerVerify(String name) throws Exception {
        Path dir = Vectors.gnark(name);
        Groth16VerifyingKey vk = Groth16VerifyingKey.parse(payload(Vectors.bytes(dir.resolve("vk.zkinfer"))));
        assertThat(vk.circuitHash()).isEmpty();
        assertThat(vk.verify(payload(Vectors.bytes(dir.resolve("proof.zkinfer"))), Vectors.publicInputs(dir)))
                .isTrue();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void wrongCountsAndNonCanonicalInputsAreMalformed(String name) throws Exception {
        Path dir = Vectors.gnark(name);
        Groth16VerifyingKey vk = Groth16VerifyingKey.parse(Vectors.bytes(dir.resolve("vk.zkinfer")));
        byte[] proof = Vectors.bytes(dir.resolve("proof.zkinfer"));
        List<BigInteger> pub = Vectors.publicInputs(dir);
        assertThatThrownBy(() -> vk.verify(proof, pub.subList(1, pub.size())))
                .isInstanceOf(MalformedInputException.class).hasMessageContaining("public inputs");
        List<BigInteger> plusR = new ArrayList<>(pub);
        plusR.set(0, pub.get(0).add(Fr.MODULUS));
        assertThatThrownBy(() -> vk.verify(proof, plusR)).isInstanceOf(MalformedInputException.class)
                .hasMessageContaining("canonical");
    }

    @org.junit.jupiter.api.Test
    void keyAndProofOfDifferentCircuitsAreRefused() throws Exception {
        Groth16VerifyingKey vk = Groth16VerifyingKey.parse(Vectors.bytes(Vectors.gnark("groth16-mul-5")
                .resolve("vk.zkinfer")));
        byte[] proof = Vectors.bytes(Vectors.gnark("groth16-range-5").resolve("proof.zkinfer"));
        assertThatThrownBy(() -> vk.verify(proof, Vectors.publicInputs(Vectors.gnark("groth16-range-5"))))
                .isInstanceOf(MalformedInputException.class).hasMessageContaining("circuit");
    }

    static byte[] payload(byte[] container) {
        int len = ((container[8] & 0xff) << 24) | ((container[9] & 0xff) << 16) | ((container[10] & 0xff) << 8)
                | (container[11] & 0xff);
        return Arrays.copyOfRange(container, 12 + len, container.length);
    }
}
