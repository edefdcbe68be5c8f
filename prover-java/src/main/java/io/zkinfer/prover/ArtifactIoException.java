package io.zkinfer.prover;

/** A file could not be read or written, or an artifact is truncated or corrupt. */
public final class ArtifactIoException extends ZkException {
    public ArtifactIoException(String message) {
        super(message);
    }

    public ArtifactIoException(String message, Throwable cause) {
        super(message, cause);
    }
}
