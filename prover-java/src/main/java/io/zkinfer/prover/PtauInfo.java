package io.zkinfer.prover;

import java.util.Objects;

/**
 * A snarkjs/Hermez powers-of-tau file as setup records name it: its file name, power (2^power τ powers in G2), and
 * the BLAKE2b-512 (what ceremonies publish, {@code b2sum}) and SHA-256 hashes of the whole file, in hex.
 */
public record PtauInfo(String file, int power, String blake2b512, String sha256) {
    public PtauInfo {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(blake2b512, "blake2b512");
        Objects.requireNonNull(sha256, "sha256");
    }
}
