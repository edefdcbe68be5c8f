package io.zkinfer.verifier.bn254;

import java.math.BigInteger;

/**
 * A point of G1 (y² = x³ + 3 over 𝔽p) in affine coordinates; the point at infinity is (0, 0), as in gnark (that
 * pair is not on the curve, so the convention is unambiguous). G1 has cofactor 1: on the curve means in the group.
 */
public record G1Affine(Fp x, Fp y) {
    public static final G1Affine INFINITY = new G1Affine(Fp.ZERO, Fp.ZERO);
    public static final G1Affine GENERATOR = new G1Affine(Fp.ONE, Fp.fromLong(2));
    static final Fp B = Fp.fromLong(3);

    public static G1Affine of(BigInteger x, BigInteger y) {
        return new G1Affine(Fp.fromBigInteger(x), Fp.fromBigInteger(y));
    }

    public boolean isInfinity() {
        return x.isZero() && y.isZero();
    }

    public boolean isOnCurve() {
        return isInfinity() || y.square().equals(x.square().mul(x).add(B));
    }

    public G1Affine neg() {
        return isInfinity() ? this : new G1Affine(x, y.neg());
    }

    public G1Jac toJacobian() {
        return isInfinity() ? G1Jac.INFINITY : new G1Jac(x, y, Fp.ONE);
    }

    public G1Affine add(G1Affine o) {
        return toJacobian().add(o.toJacobian()).toAffine();
    }

    public G1Affine mul(BigInteger k) {
        return toJacobian().mul(k).toAffine();
    }

    /** gnark's Marshal / RawBytes: X ‖ Y, 32 bytes each big-endian; infinity is 64 zero bytes. */
    public byte[] toRawBytes() {
        byte[] out = new byte[64];
        if (!isInfinity()) {
            System.arraycopy(x.toBytes(), 0, out, 0, 32);
            System.arraycopy(y.toBytes(), 0, out, 32, 32);
        }
        return out;
    }
}
