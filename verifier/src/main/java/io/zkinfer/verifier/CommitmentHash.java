package io.zkinfer.verifier;

/**
 * How a Groth16 proof's commitment is hashed into the extra public input it adds (gnark's hash-to-field option).
 * gnark's default is {@link #RFC9380_SHA256}; proofs made for the exported Solidity verifier (zkinfer flag
 * TARGET_SOLIDITY) use {@link #KECCAK256}. The artifact container records which one in its flags.
 */
public enum CommitmentHash {
    /** RFC 9380 expand_message_xmd with SHA-256 and DST "bsb22-commitment" (gnark's default). */
    RFC9380_SHA256,
    /** Legacy Keccak-256 of the same bytes, reduced mod r (gnark's WithProverTargetSolidityVerifier). */
    KECCAK256
}
