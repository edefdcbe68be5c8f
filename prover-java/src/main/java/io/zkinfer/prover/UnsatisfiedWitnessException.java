package io.zkinfer.prover;

/**
 * The witness does not satisfy the circuit: a dishonest witness (for example a wrong claimed output or a broken bound),
 * or a bug in whatever computed it. No proof is produced.
 */
public final class UnsatisfiedWitnessException extends ZkException {
    public UnsatisfiedWitnessException(String message) {
        super(message);
    }
}
