package io.zkinfer.verifier;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * A verifying key parsed, checked and precomputed once; verifies any number of proofs, from any number of threads
 * (instances are immutable).
 */
public sealed interface PreparedVerifier permits Groth16VerifyingKey, PlonkVerifyingKey {
    ProofSystem proofSystem();

    /** The number of public inputs a statement has (the values passed to {@link #verify}). */
    int publicInputCount();

    /** The circuit hash of the key's artifact container, when it came in one. */
    Optional<String> circuitHash();

    /**
     * Verifies a proof (a zkinfer artifact container, or gnark's raw proof bytes) of the statement given by the public
     * inputs (field elements, canonical: 0 ≤ v < r, in the circuit's order).
     *
     * @return whether the proof is valid for these inputs
     * @throws MalformedInputException when the proof bytes or inputs are malformed, or belong to another circuit
     */
    boolean verify(byte[] proof, List<BigInteger> publicInputs) throws MalformedInputException;
}
