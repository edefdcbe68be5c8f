package io.zkinfer.prover;

/**
 * An artifact (constraint system, key, proof, SRS) that belongs to another circuit, backend or kind, or was written by
 * another zkinfer or gnark version. Regenerate it from the same circuit with this version.
 */
public final class ArtifactMismatchException extends ZkException {
    public ArtifactMismatchException(String message) {
        super(message);
    }
}
