package io.zkinfer.verifier;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz target for snarkjs JSON (docs/security.md, "Fuzzing"): verification_key.json, proof.json and public.json,
 * separated by NUL bytes in one input (missing parts are empty), through {@link Verifier#verifySnarkjs}, whose
 * contract is to never throw: it answers VALID, INVALID or MALFORMED. A MALFORMED answer from the {@link Guard}'s
 * internal-error net is a bug (an unforeseen runtime exception). No Error, no hang. Seeds (the snarkjs vectors) and
 * past findings: SnarkjsFuzzTestInputs/snarkjs/ (resources).
 */
class SnarkjsFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void snarkjs(byte[] input) {
        String[] parts = new String(input, StandardCharsets.UTF_8).split("\0", 3);
        String vk = parts[0];
        String proof = parts.length > 1 ? parts[1] : "";
        String pub = parts.length > 2 ? parts[2] : "";
        Verifier.Result r = Verifier.verifySnarkjs(vk, proof, pub);
        assertNotNull(r.outcome());
        assertFalse(r.message() != null && r.message().startsWith(Guard.INTERNAL),
                () -> "an unforeseen runtime exception reached the Guard: " + r.message());
    }
}
