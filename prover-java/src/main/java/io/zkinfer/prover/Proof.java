package io.zkinfer.prover;

import io.zkinfer.verifier.ArtifactHeader;
import io.zkinfer.verifier.MalformedInputException;
import io.zkinfer.prover.internal.AtomicFiles;
import io.zkinfer.prover.internal.NativeApi;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A proof: an immutable value (a few hundred bytes in zkinfer's artifact container) together with the public values it
 * was made for (public inputs then outputs). No native handle: nothing to close.
 */
public final class Proof {

    private final byte[] artifact;
    private final Backend backend;
    private final String circuitHash;
    private final ProofTarget target;
    private final List<BigInteger> publicInputs;
    private final Duration gnarkProveTime; // null unless made by this process; not part of the value

    private Proof(byte[] artifact, List<BigInteger> publicInputs) {
        this(artifact, publicInputs, null);
    }

    private Proof(byte[] artifact, List<BigInteger> publicInputs, Duration gnarkProveTime) {
        ArtifactHeader h;
        try {
            h = ArtifactHeader.peek(artifact);   // the one container-header parser (verifier module)
        } catch (MalformedInputException e) {
            throw new ArtifactIoException("the proof is not a readable zkinfer artifact: " + e.getMessage(), e);
        }
        if (!h.kind().endsWith("-proof")) {
            throw new ArtifactMismatchException("expected a proof but the artifact is a " + h.kind());
        }
        this.artifact = artifact;
        this.backend = Backend.fromId(h.backend());
        this.circuitHash = h.circuit();
        // proofFlags: the prove flags (header "flags" holds the compile flags)
        long proofFlags = h.proofFlags().orElse(0);
        this.target = (proofFlags & ProofTarget.SOLIDITY.nativeFlags()) != 0 ? ProofTarget.SOLIDITY : ProofTarget.NATIVE;
        for (BigInteger v : publicInputs) {
            Objects.requireNonNull(v, "public input");
        }
        this.publicInputs = List.copyOf(publicInputs);
        this.gnarkProveTime = gnarkProveTime;
    }

    /** A proof just made by the native prover, with the time gnark's prover took inside the native library. */
    static Proof fromNative(byte[] artifact, List<BigInteger> publicInputs, Duration gnarkProveTime) {
        return new Proof(artifact, publicInputs, gnarkProveTime);
    }

    /**
     * A proof from its artifact bytes ({@link #toBytes()}) and the public values it claims.
     *
     * @throws ArtifactIoException       if the bytes are not a zkinfer artifact
     * @throws ArtifactMismatchException if they are another kind of artifact
     */
    public static Proof fromBytes(byte[] artifact, List<BigInteger> publicInputs) {
        Objects.requireNonNull(artifact, "artifact");
        Objects.requireNonNull(publicInputs, "publicInputs");
        return new Proof(artifact.clone(), publicInputs);
    }

    /** Reads a proof written by {@link #writeTo(Path)}; the file holds the proof only, not its public values. */
    public static Proof read(Path file, List<BigInteger> publicInputs) {
        Objects.requireNonNull(file, "file");
        try {
            return new Proof(Files.readAllBytes(file), Objects.requireNonNull(publicInputs, "publicInputs"));
        } catch (IOException e) {
            throw new ArtifactIoException("cannot read the proof " + file.toAbsolutePath() + ": " + e, e);
        }
    }

    /** Writes {@link #toBytes()} atomically. */
    public void writeTo(Path file) {
        AtomicFiles.writeBytes(Objects.requireNonNull(file, "file"), artifact);
    }

    /** The artifact bytes (a copy). */
    public byte[] toBytes() {
        return artifact.clone();
    }

    public Backend backend() {
        return backend;
    }

    public String circuitHash() {
        return circuitHash;
    }

    /**
     * What the proof's header records: {@link ProofTarget#SOLIDITY} for every proof this version makes (all use the
     * Solidity-compatible commitment hash), {@link ProofTarget#NATIVE} only for a file written by an older prover.
     */
    public ProofTarget target() {
        return target;
    }

    /**
     * For a proof made by this process: the wall time of gnark's prover alone, measured inside the native library
     * (the prove call's time minus this is what the Java side, the FFM boundary and witness parsing cost). Empty for a
     * proof read from bytes or a file. Not part of the proof's value ({@link #equals}).
     */
    public Optional<Duration> gnarkProveTime() {
        return Optional.ofNullable(gnarkProveTime);
    }

    /** The public values the prover used: the circuit's public inputs, then its outputs. */
    public List<BigInteger> publicInputs() {
        return publicInputs;
    }

    /**
     * The proof as the exported Solidity verifier takes it (gnark's {@code MarshalSolidity}). Available for every
     * proof: all are made with the hash the contract uses.
     */
    public byte[] solidityCalldata() {
        long h = NativeApi.deserialize(NativeApi.KIND_PROOF, artifact, "the proof");
        try {
            return NativeApi.proofSolidity(h);
        } finally {
            NativeApi.release(h);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Proof p && Arrays.equals(artifact, p.artifact) && publicInputs.equals(p.publicInputs);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(artifact) + publicInputs.hashCode();
    }

    @Override
    public String toString() {
        return backend.id() + " proof for circuit " + circuitHash + " (" + target + ", " + publicInputs.size()
                + " public values, " + artifact.length + " bytes, sha256 prefix "
                + HexFormat.of().formatHex(sha256(artifact), 0, 4) + ")";
    }

    private static byte[] sha256(byte[] b) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(b);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
