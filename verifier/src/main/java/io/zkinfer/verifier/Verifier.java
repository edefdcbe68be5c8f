package io.zkinfer.verifier;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * One-call verification for tools (the {@code zkinfer verify} command): never throws for bad input, answers
 * {@link Outcome#VALID}, {@link Outcome#INVALID} or {@link Outcome#MALFORMED} with a message. Applications verifying
 * many proofs should keep a {@link PreparedVerifier} from {@link VerifyingKeys} instead (key parsing precomputes).
 */
public final class Verifier {
    /** Proof files larger than this are refused before reading (gnark proofs are under 2 KB). */
    public static final long MAX_PROOF_BYTES = 1L << 20;

    private Verifier() {}

    public enum Outcome {
        /** The proof is valid for the key and public inputs. */
        VALID,
        /** Everything is well-formed, and the proof does not verify. */
        INVALID,
        /** The key, proof or inputs are malformed, or key and proof belong to different circuits. */
        MALFORMED
    }

    public record Result(Outcome outcome, String message) {
        public boolean isValid() {
            return outcome == Outcome.VALID;
        }
    }

    /**
     * Verifies a proof against a key, each a zkinfer artifact container (or a snarkjs JSON file for both), with the
     * public inputs as field elements (canonical, in the circuit's order).
     */
    public static Result verify(byte[] verifyingKey, byte[] proof, List<BigInteger> publicInputs) {
        try {
            PreparedVerifier vk = VerifyingKeys.parse(verifyingKey);
            if (proof == null) {
                return new Result(Outcome.MALFORMED, "proof is missing");
            }
            return vk.verify(proof, publicInputs)
                    ? new Result(Outcome.VALID, "proof is valid")
                    : new Result(Outcome.INVALID, "proof does not verify for these public inputs");
        } catch (MalformedInputException e) {
            return new Result(Outcome.MALFORMED, e.getMessage());
        }
    }

    /** File variant of {@link #verify(byte[], byte[], List)}; only an unreadable file throws. */
    public static Result verify(Path verifyingKey, Path proof, List<BigInteger> publicInputs) throws IOException {
        try {
            return verify(VerifyingKeys.readBounded(verifyingKey, VerifyingKeys.MAX_KEY_BYTES),
                    VerifyingKeys.readBounded(proof, MAX_PROOF_BYTES), publicInputs);
        } catch (MalformedInputException e) {
            return new Result(Outcome.MALFORMED, e.getMessage());
        }
    }

    /** Verifies snarkjs files: verification_key.json, proof.json and public.json (their contents). */
    public static Result verifySnarkjs(String verificationKeyJson, String proofJson, String publicJson) {
        try {
            if (verificationKeyJson == null || proofJson == null || publicJson == null) {
                return new Result(Outcome.MALFORMED, "a snarkjs file is missing");
            }
            List<BigInteger> pub = PublicInputs.parseJson(publicJson);
            return verify(verificationKeyJson.getBytes(StandardCharsets.UTF_8),
                    proofJson.getBytes(StandardCharsets.UTF_8), pub);
        } catch (MalformedInputException e) {
            return new Result(Outcome.MALFORMED, e.getMessage());
        }
    }

    /** File variant of {@link #verifySnarkjs(String, String, String)}; only an unreadable file throws. */
    public static Result verifySnarkjs(Path verificationKey, Path proof, Path publicSignals) throws IOException {
        try {
            return verifySnarkjs(read(verificationKey, VerifyingKeys.MAX_KEY_BYTES), read(proof, MAX_PROOF_BYTES),
                    read(publicSignals, MAX_PROOF_BYTES));
        } catch (MalformedInputException e) {
            return new Result(Outcome.MALFORMED, e.getMessage());
        }
    }

    private static String read(Path p, long max) throws IOException, MalformedInputException {
        return new String(VerifyingKeys.readBounded(p, max), StandardCharsets.UTF_8);
    }
}
