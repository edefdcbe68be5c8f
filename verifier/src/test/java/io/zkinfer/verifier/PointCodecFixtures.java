package io.zkinfer.verifier;

import io.zkinfer.verifier.bn254.G2Affine;

/** Hand-made point encodings for tests. */
final class PointCodecFixtures {
    private PointCodecFixtures() {}

    /** gnark-crypto's compressed encoding of the G2 generator (X.A1 ‖ X.A0 with the y-sign flag in the top bits). */
    static byte[] compressedG2Generator() {
        G2Affine g = G2Affine.GENERATOR;
        byte[] raw = g.toRawBytes();
        byte[] out = java.util.Arrays.copyOf(raw, 64);
        out[0] |= (byte) (g.y().lexicographicallyLargest() ? 0b11 << 6 : 0b10 << 6);
        return out;
    }
}
