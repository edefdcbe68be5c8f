package io.zkinfer.prover;

/**
 * The native prover failed unexpectedly (a recovered panic, an unexpected gnark error) or could not be loaded. This is
 * a bug or an installation problem; the message says which.
 */
public final class NativeFailureException extends ZkException {
    public NativeFailureException(String message) {
        super(message);
    }

    public NativeFailureException(String message, Throwable cause) {
        super(message, cause);
    }
}
