package io.zkinfer.verifier.bn254;

/** 𝔽p⁶ = 𝔽p²[v]/(v³ − ξ), ξ = 9 + u; immutable; b0 + b1·v + b2·v². Formulas follow gnark-crypto's E6. */
public final class Fp6 {
    public static final Fp6 ZERO = new Fp6(Fp2.ZERO, Fp2.ZERO, Fp2.ZERO);
    public static final Fp6 ONE = new Fp6(Fp2.ONE, Fp2.ZERO, Fp2.ZERO);

    public final Fp2 b0;
    public final Fp2 b1;
    public final Fp2 b2;

    public Fp6(Fp2 b0, Fp2 b1, Fp2 b2) {
        this.b0 = b0;
        this.b1 = b1;
        this.b2 = b2;
    }

    public Fp6 add(Fp6 o) {
        return new Fp6(b0.add(o.b0), b1.add(o.b1), b2.add(o.b2));
    }

    public Fp6 sub(Fp6 o) {
        return new Fp6(b0.sub(o.b0), b1.sub(o.b1), b2.sub(o.b2));
    }

    public Fp6 dbl() {
        return new Fp6(b0.dbl(), b1.dbl(), b2.dbl());
    }

    public Fp6 neg() {
        return new Fp6(b0.neg(), b1.neg(), b2.neg());
    }

    public boolean isZero() {
        return b0.isZero() && b1.isZero() && b2.isZero();
    }

    /** Multiplication by v. */
    public Fp6 mulByNonResidue() {
        return new Fp6(b2.mulByNonResidue(), b0, b1);
    }

    public Fp6 mulByFp2(Fp2 y) {
        return new Fp6(b0.mul(y), b1.mul(y), b2.mul(y));
    }

    public Fp6 mul(Fp6 y) {
        Fp2 t0 = b0.mul(y.b0);
        Fp2 t1 = b1.mul(y.b1);
        Fp2 t2 = b2.mul(y.b2);
        Fp2 c0 = b1.add(b2).mul(y.b1.add(y.b2)).sub(t1).sub(t2).mulByNonResidue().add(t0);
        Fp2 c1 = b0.add(b1).mul(y.b0.add(y.b1)).sub(t0).sub(t1).add(t2.mulByNonResidue());
        Fp2 c2 = y.b0.add(y.b2).mul(b0.add(b2)).sub(t0).sub(t2).add(t1);
        return new Fp6(c0, c1, c2);
    }

    public Fp6 square() {
        Fp2 c4 = b0.mul(b1).dbl();
        Fp2 c5 = b2.square();
        Fp2 c1 = c5.mulByNonResidue().add(c4);
        Fp2 c2 = c4.sub(c5);
        Fp2 c3 = b0.square();
        Fp2 d4 = b0.sub(b1).add(b2).square();
        Fp2 d5 = b1.mul(b2).dbl();
        Fp2 c0 = d5.mulByNonResidue().add(c3);
        Fp2 z2 = c2.add(d4).add(d5).sub(c3);
        return new Fp6(c0, c1, z2);
    }

    /** Multiplication by the sparse element c0 + c1·v. */
    public Fp6 mulBy01(Fp2 c0, Fp2 c1) {
        Fp2 a = b0.mul(c0);
        Fp2 b = b1.mul(c1);
        Fp2 t0 = c1.mul(b1.add(b2)).sub(b).mulByNonResidue().add(a);
        Fp2 t2 = c0.mul(b0.add(b2)).sub(a).add(b);
        Fp2 t1 = c0.add(c1).mul(b0.add(b1)).sub(a).sub(b);
        return new Fp6(t0, t1, t2);
    }

    public Fp6 inverse() {
        Fp2 t0 = b0.square();
        Fp2 t1 = b1.square();
        Fp2 t2 = b2.square();
        Fp2 t3 = b0.mul(b1);
        Fp2 t4 = b0.mul(b2);
        Fp2 t5 = b1.mul(b2);
        Fp2 c0 = t5.mulByNonResidue().neg().add(t0);
        Fp2 c1 = t2.mulByNonResidue().sub(t3);
        Fp2 c2 = t1.sub(t4);
        Fp2 t6 = b0.mul(c0);
        Fp2 d1 = b2.mul(c1).add(b1.mul(c2)).mulByNonResidue();
        t6 = t6.add(d1).inverse();
        return new Fp6(c0.mul(t6), c1.mul(t6), c2.mul(t6));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fp6 f && b0.equals(f.b0) && b1.equals(f.b1) && b2.equals(f.b2);
    }

    @Override
    public int hashCode() {
        return (b0.hashCode() * 31 + b1.hashCode()) * 31 + b2.hashCode();
    }
}
