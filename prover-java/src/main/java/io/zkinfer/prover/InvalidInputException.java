package io.zkinfer.prover;

/** Malformed IR, a witness of the wrong length or with a non-canonical element, or a bad argument. */
public final class InvalidInputException extends ZkException {
    public InvalidInputException(String message) {
        super(message);
    }
}
