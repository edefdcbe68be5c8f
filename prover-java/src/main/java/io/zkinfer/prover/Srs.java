package io.zkinfer.prover;

import io.zkinfer.prover.internal.AtomicFiles;
import io.zkinfer.prover.internal.NativeApi;
import io.zkinfer.prover.internal.NativeHandle;

import java.nio.file.Path;
import java.util.Objects;

/** A universal KZG structured reference string (powers of tau) on BN254, for PLONK setups. */
public final class Srs implements AutoCloseable {

    private final NativeHandle handle;

    private Srs(long h) {
        this.handle = new NativeHandle(this, h, "SRS");
    }

    /** Imports a snarkjs powers-of-tau file ({@code .ptau}, e.g. from the Hermez/Polygon ceremony). */
    public static Srs fromPtau(Path ptau) {
        Objects.requireNonNull(ptau, "ptau");
        return new Srs(NativeApi.srsFromPtau(ptau));
    }

    /** Reads an SRS written by {@link #writeTo(Path)}. */
    public static Srs read(Path file) {
        Objects.requireNonNull(file, "file");
        return new Srs(NativeApi.readFile(NativeApi.KIND_SRS, file));
    }

    /** Writes the SRS in gnark's canonical format inside zkinfer's artifact container, atomically. */
    public void writeTo(Path file) {
        try (var l = handle.lease()) {
            AtomicFiles.write(file, tmp -> NativeApi.writeFile(l.id(), tmp));
        }
    }

    NativeHandle.Lease lease() {
        return handle.lease();
    }

    @Override
    public void close() {
        handle.close();
    }
}
