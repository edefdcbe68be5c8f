package io.zkinfer.prover;

import java.util.Objects;

/** Where the setup's secret randomness comes from. */
public sealed interface SetupOptions {

    /**
     * A single-party setup whose toxic waste lives in this process: anyone who could read its memory can forge proofs.
     * For tests and development only; Groth16 production keys come from a multi-party ceremony, PLONK ones from a
     * public powers-of-tau SRS ({@link #withSrs(Srs)}).
     */
    static SetupOptions development() {
        return Development.INSTANCE;
    }

    /** PLONK keys from a universal SRS (a gnark KZG SRS file or a snarkjs powers-of-tau). */
    static SetupOptions withSrs(Srs srs) {
        return new FromSrs(srs);
    }

    /** See {@link #development()}. */
    enum Development implements SetupOptions { INSTANCE }

    /** See {@link #withSrs(Srs)}. */
    record FromSrs(Srs srs) implements SetupOptions {
        public FromSrs {
            Objects.requireNonNull(srs, "srs");
        }
    }
}
