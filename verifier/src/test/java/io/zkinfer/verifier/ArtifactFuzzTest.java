package io.zkinfer.verifier;

import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.math.BigInteger;
import java.util.List;

/**
 * Fuzz target for everything the verifier reads from bytes (docs/security.md, "Fuzzing"): the artifact container
 * header, verifying keys ({@link VerifyingKeys#parse}, both systems), proofs ({@link Groth16Proof#parse},
 * {@link PlonkProof#parse}) and a full verification of the bytes as a proof under a real key of each system.
 * Contract: only {@link MalformedInputException} leaves, and never the {@link Guard} safety net's "internal error"
 * (that would be a runtime exception we did not foresee); no Error, no hang, no allocation from a count the bytes do
 * not back. Seeds (real keys and proofs from vectors/gnark) and past findings: ArtifactFuzzTestInputs/artifact/.
 */
class ArtifactFuzzTest {

    private static final PreparedVerifier GROTH16 = key("groth16-range-5");
    private static final PreparedVerifier PLONK = key("plonk-range-5");
    private static final List<BigInteger> GROTH16_PUBLIC = publicInputs("groth16-range-5");
    private static final List<BigInteger> PLONK_PUBLIC = publicInputs("plonk-range-5");

    @FuzzTest(maxDuration = "5m")
    void artifact(byte[] input) {
        refusedCleanly(() -> VerifyingKeys.parse(input));
        refusedCleanly(() -> Groth16Proof.parse(input));
        refusedCleanly(() -> PlonkProof.parse(input));
        refusedCleanly(() -> GROTH16.verify(input, GROTH16_PUBLIC));
        refusedCleanly(() -> PLONK.verify(input, PLONK_PUBLIC));
    }

    interface Parse {
        Object run() throws MalformedInputException;
    }

    /** Runs one parser: a result or a MalformedInputException are fine, the Guard's internal-error net is a bug. */
    static void refusedCleanly(Parse p) {
        try {
            p.run();
        } catch (MalformedInputException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(Guard.INTERNAL)) {
                fail("an unforeseen runtime exception reached the Guard: " + e.getMessage(), e.getCause());
            }
        }
    }

    private static PreparedVerifier key(String vector) {
        try {
            return VerifyingKeys.read(Vectors.gnark(vector).resolve("vk.zkinfer"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<BigInteger> publicInputs(String vector) {
        try {
            return Vectors.publicInputs(Vectors.gnark(vector));
        } catch (MalformedInputException e) {
            throw new IllegalStateException(e);
        }
    }
}
