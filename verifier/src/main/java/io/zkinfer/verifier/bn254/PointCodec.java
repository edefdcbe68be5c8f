package io.zkinfer.verifier.bn254;

import io.zkinfer.verifier.MalformedInputException;

/**
 * gnark-crypto's point encodings (ecc/bn254/marshal.go). The two most significant bits of the first byte say:
 * 00 uncompressed (X ‖ Y, 64 bytes for G1, X.A1 ‖ X.A0 ‖ Y.A1 ‖ Y.A0, 128 bytes for G2; all zeros is infinity),
 * 10 compressed with the smaller y, 11 compressed with the larger y, 01 compressed infinity (rest zero).
 * Decoding rejects non-canonical coordinates, points off the curve and G2 points outside the subgroup.
 */
public final class PointCodec {
    static final int M_MASK = 0b11 << 6;
    static final int M_UNCOMPRESSED = 0;
    static final int M_SMALLEST = 0b10 << 6;
    static final int M_LARGEST = 0b11 << 6;
    static final int M_INFINITY = 0b01 << 6;

    private PointCodec() {}

    /** A decoded point and the number of bytes it took. */
    public record Decoded<P>(P point, int length) {}

    public static int g1Length(byte first) {
        return (first & M_MASK) == M_UNCOMPRESSED ? 64 : 32;
    }

    public static int g2Length(byte first) {
        return (first & M_MASK) == M_UNCOMPRESSED ? 128 : 64;
    }

    public static Decoded<G1Affine> decodeG1(byte[] b, int off, String what) throws MalformedInputException {
        need(b, off, 32, what);
        int m = b[off] & M_MASK;
        if (m == M_INFINITY) {
            if (!zero(b, off, 32, true)) {
                throw new MalformedInputException(what + ": invalid encoding of the point at infinity");
            }
            return new Decoded<>(G1Affine.INFINITY, 32);
        }
        if (m == M_UNCOMPRESSED) {
            need(b, off, 64, what);
            Fp x = coordinate(b, off, false, what);
            Fp y = coordinate(b, off + 32, false, what);
            G1Affine p = new G1Affine(x, y);
            if (!p.isOnCurve()) {
                throw new MalformedInputException(what + ": point is not on the curve");
            }
            return new Decoded<>(p, 64);
        }
        Fp x = coordinate(b, off, true, what);
        Fp y = x.square().mul(x).add(G1Affine.B).sqrt();
        if (y == null) {
            throw new MalformedInputException(what + ": compressed x is not the abscissa of a curve point");
        }
        if (y.lexicographicallyLargest() != (m == M_LARGEST)) {
            y = y.neg();
        }
        return new Decoded<>(new G1Affine(x, y), 32);
    }

    public static Decoded<G2Affine> decodeG2(byte[] b, int off, String what) throws MalformedInputException {
        need(b, off, 64, what);
        int m = b[off] & M_MASK;
        if (m == M_INFINITY) {
            if (!zero(b, off, 64, true)) {
                throw new MalformedInputException(what + ": invalid encoding of the point at infinity");
            }
            return new Decoded<>(G2Affine.INFINITY, 64);
        }
        G2Affine p;
        int len;
        if (m == M_UNCOMPRESSED) {
            need(b, off, 128, what);
            Fp x1 = coordinate(b, off, false, what);
            Fp x0 = coordinate(b, off + 32, false, what);
            Fp y1 = coordinate(b, off + 64, false, what);
            Fp y0 = coordinate(b, off + 96, false, what);
            p = new G2Affine(new Fp2(x0, x1), new Fp2(y0, y1));
            if (!p.isOnCurve()) {
                throw new MalformedInputException(what + ": point is not on the twist curve");
            }
            len = 128;
        } else {
            Fp x1 = coordinate(b, off, true, what);
            Fp x0 = coordinate(b, off + 32, false, what);
            Fp2 x = new Fp2(x0, x1);
            Fp2 y = x.square().mul(x).add(G2Affine.B_TWIST).sqrt();
            if (y == null) {
                throw new MalformedInputException(what + ": compressed x is not the abscissa of a twist point");
            }
            if (y.lexicographicallyLargest() != (m == M_LARGEST)) {
                y = y.neg();
            }
            p = new G2Affine(x, y);
            len = 64;
        }
        if (!p.isInfinity() && !p.isInSubgroupOnCurve()) {
            throw new MalformedInputException(what + ": G2 point is not in the prime-order subgroup");
        }
        return new Decoded<>(p, len);
    }

    private static Fp coordinate(byte[] b, int off, boolean masked, String what) throws MalformedInputException {
        byte[] buf = b;
        int o = off;
        if (masked) {
            buf = java.util.Arrays.copyOfRange(b, off, off + 32);
            buf[0] &= (byte) ~M_MASK;
            o = 0;
        }
        Fp v = Fp.fromBytesCanonical(buf, o);
        if (v == null) {
            throw new MalformedInputException(what + ": coordinate is not a canonical field element (≥ p)");
        }
        return v;
    }

    private static boolean zero(byte[] b, int off, int len, boolean maskFirst) {
        if ((b[off] & (maskFirst ? ~M_MASK & 0xff : 0xff)) != 0) {
            return false;
        }
        for (int i = 1; i < len; i++) {
            if (b[off + i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static void need(byte[] b, int off, int len, String what) throws MalformedInputException {
        if (off < 0 || b.length - off < len) {
            throw new MalformedInputException(what + ": truncated (needs " + len + " bytes, " + Math.max(0, b.length - off)
                    + " left)");
        }
    }
}
