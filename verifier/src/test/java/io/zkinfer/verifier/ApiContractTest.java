package io.zkinfer.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Edge cases of the public API: missing values, empty or random bytes, oversized slices; one exception type only. */
class ApiContractTest {
    private final Path dir = Vectors.gnark("groth16-range-5");

    @Test
    void missingValuesAreMalformedNotNullPointerExceptions() throws Exception {
        PreparedVerifier vk = VerifyingKeys.read(dir.resolve("vk.zkinfer"));
        byte[] proof = Vectors.bytes(dir.resolve("proof.zkinfer"));
        assertThatThrownBy(() -> vk.verify(null, Vectors.publicInputs(dir)))
                .isInstanceOf(MalformedInputException.class).hasMessageContaining("missing");
        assertThatThrownBy(() -> vk.verify(proof, null)).isInstanceOf(MalformedInputException.class)
                .hasMessageContaining("missing");
        assertThatThrownBy(() -> VerifyingKeys.parse(null)).isInstanceOf(MalformedInputException.class);
        assertThatThrownBy(() -> Groth16VerifyingKey.fromSnarkjsJson(null)).isInstanceOf(MalformedInputException.class);
        assertThatThrownBy(() -> PublicInputs.parseJson(null)).isInstanceOf(MalformedInputException.class);
        assertThat(Verifier.verify(null, proof, List.of()).outcome()).isEqualTo(Verifier.Outcome.MALFORMED);
        assertThat(Verifier.verifySnarkjs((String) null, null, null).outcome()).isEqualTo(Verifier.Outcome.MALFORMED);
    }

    @Test
    void emptyAndRandomBytesAreMalformed() throws Exception {
        PreparedVerifier vk = VerifyingKeys.read(dir.resolve("vk.zkinfer"));
        List<BigInteger> pub = Vectors.publicInputs(dir);
        Random rnd = new Random(7);
        for (int n : new int[] {0, 1, 12, 31, 32, 64, 100, 388, 1000}) {
            byte[] b = new byte[n];
            rnd.nextBytes(b);
            assertThatThrownBy(() -> vk.verify(b, pub)).isInstanceOf(MalformedInputException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotStartWith(Guard.INTERNAL));
            assertThatThrownBy(() -> VerifyingKeys.parse(b)).isInstanceOf(MalformedInputException.class);
            assertThatThrownBy(() -> Groth16VerifyingKey.parse(b)).isInstanceOf(MalformedInputException.class);
            assertThatThrownBy(() -> PlonkVerifyingKey.parse(b)).isInstanceOf(MalformedInputException.class);
        }
    }

    @Test
    void craftedSliceLengthsCannotMakeUsAllocate() {
        // a raw Groth16 proof: Ar (compressed infinity), Bs (compressed infinity), Krs, then 2^32-1 commitments
        byte[] b = new byte[32 + 64 + 32 + 4];
        b[0] = 0x40;
        b[32] = 0x40;
        b[96] = 0x40;
        b[128] = b[129] = b[130] = b[131] = (byte) 0xff;
        assertThatThrownBy(() -> Groth16Proof.parseGnark(b))
                .isInstanceOf(MalformedInputException.class).hasMessageContaining("Commitments");
    }

    @Test
    void verifierResultsExplainThemselves() throws Exception {
        byte[] vk = Vectors.bytes(dir.resolve("vk.zkinfer"));
        byte[] proof = Vectors.bytes(dir.resolve("proof.zkinfer"));
        List<BigInteger> pub = Vectors.publicInputs(dir);
        assertThat(Verifier.verify(vk, proof, pub).outcome()).isEqualTo(Verifier.Outcome.VALID);
        List<BigInteger> other = new java.util.ArrayList<>(pub);
        other.set(0, BigInteger.ZERO);
        Verifier.Result invalid = Verifier.verify(vk, proof, other);
        assertThat(invalid.outcome()).isEqualTo(Verifier.Outcome.INVALID);
        Verifier.Result malformed = Verifier.verify(vk, proof, pub.subList(0, 2));
        assertThat(malformed.outcome()).isEqualTo(Verifier.Outcome.MALFORMED);
        assertThat(malformed.message()).contains("expected 5 public inputs");
        assertThat(Verifier.verify(dir.resolve("vk.zkinfer"), dir.resolve("proof.zkinfer"), pub).isValid()).isTrue();
    }
}
