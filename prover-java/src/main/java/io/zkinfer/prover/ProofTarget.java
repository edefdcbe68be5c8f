package io.zkinfer.prover;

/**
 * Who will verify a proof. It selects the hash-to-field of gnark's commitment extension: a proof made for one target
 * does not verify on the other when the circuit uses commitments (range checks, lookups).
 */
public enum ProofTarget {
    /** The native gnark verifier and the pure-Java verifier library. */
    NATIVE(0),
    /** The Solidity verifier contract exported by {@link VerifyingKey#exportSolidity()}. */
    SOLIDITY(1);

    private final int nativeFlags;

    ProofTarget(int nativeFlags) {
        this.nativeFlags = nativeFlags;
    }

    int nativeFlags() {
        return nativeFlags;
    }
}
