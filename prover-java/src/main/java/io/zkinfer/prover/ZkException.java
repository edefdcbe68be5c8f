package io.zkinfer.prover;

/**
 * The one exception type of the prover API. Unchecked: every failure is either a usage error the caller can fix (the
 * message says how) or a bug. The subclasses say which, and carry the native message where there is one.
 */
public abstract sealed class ZkException extends RuntimeException
        permits InvalidInputException, ArtifactMismatchException, ArtifactIoException, UnsatisfiedWitnessException,
        NativeFailureException {

    protected ZkException(String message) {
        super(message);
    }

    protected ZkException(String message, Throwable cause) {
        super(message, cause);
    }
}
