package io.zkinfer.prover;

/** The proof systems, both over BN254 through gnark. */
public enum Backend {
    /** Groth16: smallest proofs and cheapest verification; a circuit-specific setup. */
    GROTH16(1, "groth16"),
    /** PLONK with KZG commitments: a universal SRS (powers of tau) serves every circuit up to its size. */
    PLONK(2, "plonk");

    private final int nativeCode;
    private final String nativeName;

    Backend(int nativeCode, String nativeName) {
        this.nativeCode = nativeCode;
        this.nativeName = nativeName;
    }

    int nativeCode() {
        return nativeCode;
    }

    /** The lowercase name the native library and artifact headers use ({@code groth16}, {@code plonk}). */
    public String id() {
        return nativeName;
    }

    static Backend fromId(String id) {
        for (Backend b : values()) {
            if (b.nativeName.equals(id)) {
                return b;
            }
        }
        throw new NativeFailureException("native library reported an unknown backend '" + id + "'");
    }
}
