package io.zkinfer.prover;

/**
 * How to compile a circuit.
 *
 * @param commitmentFree range checks by binary decomposition and lookups by one-hot selection instead of gnark's
 *                       log-derivative arguments over a BSB22 commitment: more constraints, but the cheapest EVM
 *                       verification (Groth16: about 120k gas less) and verifiers without gnark's commitment extension
 *                       can check the proofs.
 */
public record CompileOptions(boolean commitmentFree) {

    private static final int COMPILE_NO_COMMITMENT = 1;

    /** Commitments allowed: the fewest constraints. */
    public static CompileOptions defaults() {
        return new CompileOptions(false);
    }

    /** No BSB22 commitment in the circuit (see {@link #commitmentFree()}). */
    public static CompileOptions withoutCommitment() {
        return new CompileOptions(true);
    }

    int nativeFlags() {
        return commitmentFree ? COMPILE_NO_COMMITMENT : 0;
    }
}
