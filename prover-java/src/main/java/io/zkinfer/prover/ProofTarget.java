package io.zkinfer.prover;

/**
 * Kept for compatibility: every proof is now made the same way. The native prover always hashes gnark's commitment
 * challenge with the exported Solidity verifier's hash-to-field (legacy Keccak-256), so one proof verifies with the
 * native gnark verifier, the pure-Java verifier library and the Solidity contract alike, and the verifier, not the
 * proof, picks the hash. Both values are accepted and give the same kind of proof (its header says TARGET_SOLIDITY).
 */
public enum ProofTarget {
    /** The default; the same proof as {@link #SOLIDITY}. */
    NATIVE(0),
    /** An alias of {@link #NATIVE} (once the only target the exported Solidity verifier accepted). */
    SOLIDITY(1);

    private final int nativeFlags;

    ProofTarget(int nativeFlags) {
        this.nativeFlags = nativeFlags;
    }

    int nativeFlags() {
        return nativeFlags;
    }
}
