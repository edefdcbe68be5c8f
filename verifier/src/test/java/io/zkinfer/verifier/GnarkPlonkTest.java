package io.zkinfer.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zkinfer.verifier.bn254.Fr;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every PLONK proof gnark made (vectorgen "proofs": api.Mul and rangecheck/BSB22 circuits, 1/5/20 inputs) verifies. */
class GnarkPlonkTest {
    static List<String> cases() {
        return Vectors.gnarkCases("plonk");
    }

    @ParameterizedTest
    @MethodSource("cases")
    void proofsVerify(String name) throws Exception {
        Path dir = Vectors.gnark(name);
        PreparedVerifier vk = VerifyingKeys.parse(Vectors.bytes(dir.resolve("vk.zkinfer")));
        assertThat(vk).isInstanceOf(PlonkVerifyingKey.class);
        assertThat(((PlonkVerifyingKey) vk).commitmentCount()).isEqualTo(name.contains("range") ? 1 : 0);
        List<BigInteger> pub = Vectors.publicInputs(dir);
        assertThat(vk.publicInputCount()).isEqualTo(pub.size());
        byte[] proof = Vectors.bytes(dir.resolve("proof.zkinfer"));
        assertThat(vk.verify(proof, pub)).isTrue();
        assertThat(vk.verify(Vectors.bytes(dir.resolve("proof-solidity.zkinfer")), pub)).isTrue();
        assertThat(PlonkVerifyingKey.parse(GnarkGroth16Test.payload(Vectors.bytes(dir.resolve("vk.zkinfer"))))
                .verify(GnarkGroth16Test.payload(proof), pub)).isTrue();

        List<BigInteger> other = new ArrayList<>(pub);
        other.set(0, Fr.add(pub.get(0), BigInteger.ONE));
        assertThat(vk.verify(proof, other)).isFalse();
    }

    @org.junit.jupiter.api.Test
    void groth16ProofIsNotAPlonkProof() throws Exception {
        PreparedVerifier vk = VerifyingKeys.parse(Vectors.bytes(Vectors.gnark("plonk-mul-5").resolve("vk.zkinfer")));
        byte[] proof = Vectors.bytes(Vectors.gnark("groth16-mul-5").resolve("proof.zkinfer"));
        assertThatThrownBy(() -> vk.verify(proof, Vectors.publicInputs(Vectors.gnark("plonk-mul-5"))))
                .isInstanceOf(MalformedInputException.class).hasMessageContaining("plonk-proof");
    }
}
