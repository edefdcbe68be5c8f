package io.zkinfer.verifier;

/**
 * The bounds every count in a key, proof or header is checked against before anything is allocated or decoded. They
 * are far above what gnark makes for real circuits and low enough that a crafted count costs microseconds, not minutes.
 */
final class Limits {
    private Limits() {}

    /** Public values of one statement (public inputs and outputs); a Groth16 key has one K point more per commitment. */
    static final int MAX_PUBLIC_VALUES = ByteReader.MAX_SLICE - 1 - 32;
    /** Commitments (gnark's BSB22 / Pedersen) of one key or proof. */
    static final int MAX_COMMITMENTS = 32;
    /** log₂ of the largest PLONK domain: the two-adicity of BN254's r − 1, so no larger power-of-two domain exists. */
    static final int MAX_PLONK_LOG_DOMAIN = 28;
}
