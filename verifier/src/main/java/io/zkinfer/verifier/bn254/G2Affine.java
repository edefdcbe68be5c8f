package io.zkinfer.verifier.bn254;

/**
 * A point of G2, on the sextic twist y² = x³ + 3/(9+u) over 𝔽p², in affine coordinates; infinity is (0, 0) as in
 * gnark. Being on the curve does not imply being in G2: see {@link #isInSubgroup()}.
 */
public record G2Affine(Fp2 x, Fp2 y) {
    public static final G2Affine INFINITY = new G2Affine(Fp2.ZERO, Fp2.ZERO);
    /** b' = 3/ξ. */
    static final Fp2 B_TWIST = new Fp2(Fp.fromLong(9), Fp.ONE).inverse().mulByFp(Fp.fromLong(3));
    public static final G2Affine GENERATOR = new G2Affine(
            Fp2.of("10857046999023057135944570762232829481370756359578518086990519993285655852781",
                    "11559732032986387107991004021392285783925812861821192530917403151452391805634"),
            Fp2.of("8495653923123431417604973247489272438418190587263600148770280649306958101930",
                    "4082367875863433681332203403145435568316851327593401208105741076214120093531"));

    public boolean isInfinity() {
        return x.isZero() && y.isZero();
    }

    public boolean isOnCurve() {
        return isInfinity() || y.square().equals(x.square().mul(x).add(B_TWIST));
    }

    /** On the curve and in the order-r subgroup. */
    public boolean isInSubgroup() {
        return isOnCurve() && isInSubgroupOnCurve();
    }

    /**
     * Membership in the order-r subgroup of a point already known to be on the curve (eprint 2022/348, see
     * {@link G2Jac#isInSubgroupOnCurve()}), with [x₀]P computed allocation-free by {@link G2Tower}.
     */
    boolean isInSubgroupOnCurve() {
        if (isInfinity()) {
            return true;
        }
        return toJacobian().isInSubgroupOnCurve(G2Tower.mulBySeed(this));
    }

    public G2Affine neg() {
        return isInfinity() ? this : new G2Affine(x, y.neg());
    }

    public G2Jac toJacobian() {
        return isInfinity() ? G2Jac.INFINITY : new G2Jac(x, y, Fp2.ONE);
    }

    public G2Affine add(G2Affine o) {
        return toJacobian().add(o.toJacobian()).toAffine();
    }

    public G2Affine mul(java.math.BigInteger k) {
        return toJacobian().mul(k).toAffine();
    }

    /** gnark's RawBytes: X.A1 ‖ X.A0 ‖ Y.A1 ‖ Y.A0; infinity is 128 zero bytes. */
    public byte[] toRawBytes() {
        byte[] out = new byte[128];
        if (!isInfinity()) {
            System.arraycopy(x.a1.toBytes(), 0, out, 0, 32);
            System.arraycopy(x.a0.toBytes(), 0, out, 32, 32);
            System.arraycopy(y.a1.toBytes(), 0, out, 64, 32);
            System.arraycopy(y.a0.toBytes(), 0, out, 96, 32);
        }
        return out;
    }
}
