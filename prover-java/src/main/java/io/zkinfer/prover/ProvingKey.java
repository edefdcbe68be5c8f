package io.zkinfer.prover;

import io.zkinfer.prover.internal.AtomicFiles;
import io.zkinfer.prover.internal.Json;
import io.zkinfer.prover.internal.NativeApi;
import io.zkinfer.prover.internal.NativeHandle;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A proving key: large (hundreds of MB for big circuits), so it lives in Go memory and goes to and from files
 * directly. Immutable on the Go side: any number of threads may prove with it at once.
 */
public final class ProvingKey implements AutoCloseable {

    private final NativeHandle handle;
    private final Backend backend;
    private final String circuitHash;

    ProvingKey(long h) {
        this.handle = new NativeHandle(this, h, "proving key");
        try {
            // the native object's own description (no container bytes: those are parsed by the verifier's
            // ArtifactHeader only)
            var info = Json.parse(NativeApi.objectInfo(h), "proving key info");
            this.backend = Backend.fromId(Json.text(info, "backend", "proving key info"));
            this.circuitHash = info.path("circuit").asText("");
        } catch (RuntimeException e) {
            handle.close();
            throw e;
        }
    }

    /** Reads a proving key written by {@link #writeTo(Path)}. */
    public static ProvingKey read(Path file) {
        Objects.requireNonNull(file, "file");
        return new ProvingKey(NativeApi.readFile(NativeApi.KIND_PROVING_KEY, file));
    }

    /**
     * Reads a proving key whose whole-file SHA-256 was recorded right after {@link #writeTo(Path)} wrote it from a
     * key in memory (see {@link #sha256Of(Path)}): the file must still have that hash, and then gnark's per-point
     * curve and subgroup checks are skipped (they are ~95% of the load time; the points were valid when written).
     * A file with another hash is an {@link ArtifactMismatchException}; use {@link #read(Path)} for a key of
     * unknown origin.
     */
    public static ProvingKey readBound(Path file, String sha256Hex) {
        Objects.requireNonNull(file, "file");
        if (!sha256Hex.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a lower-case hex SHA-256: '" + sha256Hex + "'");
        }
        return new ProvingKey(NativeApi.readFileBound(NativeApi.KIND_PROVING_KEY, file, sha256Hex));
    }

    /** The lower-case hex SHA-256 of a file (what {@link #readBound} checks). */
    public static String sha256Of(Path file) throws java.io.IOException {
        try (var in = java.nio.file.Files.newInputStream(file)) {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return java.util.HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the key atomically (a temporary file in the same folder, then a move). */
    public void writeTo(Path file) {
        Objects.requireNonNull(file, "file");
        try (var l = handle.lease()) {
            AtomicFiles.write(file, tmp -> NativeApi.writeFile(l.id(), tmp));
        }
    }

    public Backend backend() {
        return backend;
    }

    /** The hash of the circuit this key was made for. */
    public String circuitHash() {
        return circuitHash;
    }

    NativeHandle.Lease lease() {
        return handle.lease();
    }

    @Override
    public void close() {
        handle.close();
    }
}
