package io.zkinfer.verifier;

/**
 * The one exception of this library: the bytes or values given are not a well-formed key, proof or statement
 * (truncated or corrupt data, a point off the curve or outside its subgroup, a non-canonical field element, a key
 * and proof of different circuits, the wrong number of public inputs, …). A well-formed proof that does not verify
 * is not an error: {@code verify} returns false.
 */
public final class MalformedInputException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedInputException(String message) {
        super(message);
    }

    public MalformedInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
