package io.zkinfer.verifier;

/** The proof systems this library verifies, all on BN254. */
public enum ProofSystem {
    GROTH16,
    PLONK
}
