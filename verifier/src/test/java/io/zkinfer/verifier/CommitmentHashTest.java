package io.zkinfer.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The verifier, not the proof, decides how a Groth16 commitment is hashed into its public input: always gnark's
 * Solidity hash-to-field (legacy Keccak-256). The container's proofFlags are informative only.
 */
class CommitmentHashTest {
    private final Path dir = Vectors.gnark("groth16-range-5");

    @Test
    void proofFlagsDoNotChooseTheHash() throws Exception {
        PreparedVerifier vk = VerifyingKeys.read(dir.resolve("vk.zkinfer"));
        List<BigInteger> pub = Vectors.publicInputs(dir);
        byte[] flagsZero = Vectors.bytes(dir.resolve("proof.zkinfer"));
        byte[] flagsOne = Vectors.bytes(dir.resolve("proof-solidity.zkinfer"));
        assertThat(KeyFixtures.headerJson(flagsZero)).contains("\"proofFlags\":0");
        assertThat(KeyFixtures.headerJson(flagsOne)).contains("\"proofFlags\":1");
        // both are Keccak-hashed (vectorgen proves with the Solidity option whatever the flags)
        assertThat(vk.verify(flagsZero, pub)).isTrue();
        assertThat(vk.verify(flagsOne, pub)).isTrue();
        // relabelling a proof's flags changes nothing
        byte[] relabelled = KeyFixtures.container(KeyFixtures.headerJson(flagsOne)
                .replace("\"proofFlags\":1", "\"proofFlags\":0"), KeyFixtures.payload(flagsOne));
        assertThat(vk.verify(relabelled, pub)).isTrue();
    }

    @Test
    void aProofHashedWithRfc9380IsRefusedWhateverItsFlags() throws Exception {
        // gnark's default hash, which a proof with proofFlags = 0 used to select (vector kept from before the change)
        Path legacy = Vectors.root().resolve("legacy-rfc9380/groth16-range-5");
        Groth16VerifyingKey vk = Groth16VerifyingKey.parse(Vectors.bytes(legacy.resolve("vk.zkinfer")));
        List<BigInteger> pub = Vectors.publicInputs(legacy);
        byte[] proof = Vectors.bytes(legacy.resolve("proof.zkinfer"));
        assertThat(KeyFixtures.headerJson(proof)).contains("\"proofFlags\":0");
        assertThat(vk.verify(proof, pub)).isFalse();
        assertThat(vk.verify(Groth16Proof.parseGnark(KeyFixtures.payload(proof)), pub)).isFalse();
    }
}
