package io.zkinfer.verifier.bn254;

import java.math.BigInteger;

/** 𝔽p² = 𝔽p[u]/(u²+1), immutable; the element is a0 + a1·u. */
public final class Fp2 {
    public static final Fp2 ZERO = new Fp2(Fp.ZERO, Fp.ZERO);
    public static final Fp2 ONE = new Fp2(Fp.ONE, Fp.ZERO);

    public final Fp a0;
    public final Fp a1;

    public Fp2(Fp a0, Fp a1) {
        this.a0 = a0;
        this.a1 = a1;
    }

    public static Fp2 of(BigInteger a0, BigInteger a1) {
        return new Fp2(Fp.fromBigInteger(a0), Fp.fromBigInteger(a1));
    }

    public static Fp2 of(String a0, String a1) {
        return of(new BigInteger(a0), new BigInteger(a1));
    }

    public boolean isZero() {
        return a0.isZero() && a1.isZero();
    }

    public Fp2 add(Fp2 o) {
        return new Fp2(a0.add(o.a0), a1.add(o.a1));
    }

    public Fp2 sub(Fp2 o) {
        return new Fp2(a0.sub(o.a0), a1.sub(o.a1));
    }

    public Fp2 dbl() {
        return new Fp2(a0.dbl(), a1.dbl());
    }

    public Fp2 neg() {
        return new Fp2(a0.neg(), a1.neg());
    }

    public Fp2 conjugate() {
        return new Fp2(a0, a1.neg());
    }

    public Fp2 halve() {
        return new Fp2(a0.halve(), a1.halve());
    }

    public Fp2 mul(Fp2 y) {
        Fp a = a0.add(a1).mul(y.a0.add(y.a1));
        Fp b = a0.mul(y.a0);
        Fp c = a1.mul(y.a1);
        return new Fp2(b.sub(c), a.sub(b).sub(c));
    }

    public Fp2 square() {
        Fp a = a0.add(a1).mul(a0.sub(a1));
        Fp b = a0.mul(a1).dbl();
        return new Fp2(a, b);
    }

    public Fp2 mulByFp(Fp e) {
        return new Fp2(a0.mul(e), a1.mul(e));
    }

    /** Multiplication by the sextic non-residue ξ = 9 + u. */
    public Fp2 mulByNonResidue() {
        Fp a = a0.dbl().dbl().dbl().add(a0).sub(a1);
        Fp b = a1.dbl().dbl().dbl().add(a1).add(a0);
        return new Fp2(a, b);
    }

    /** Inverse; zero maps to zero. */
    public Fp2 inverse() {
        Fp t = a0.square().add(a1.square()).inverse();
        return new Fp2(a0.mul(t), a1.mul(t).neg());
    }

    public Fp2 pow(BigInteger e) {
        Fp2 r = ONE;
        for (int i = e.bitLength() - 1; i >= 0; i--) {
            r = r.square();
            if (e.testBit(i)) {
                r = r.mul(this);
            }
        }
        return r;
    }

    /** A square root, or null when this is not a square; the result is checked by squaring it. */
    public Fp2 sqrt() {
        if (isZero()) {
            return ZERO;
        }
        Fp2 r;
        if (a1.isZero()) {
            Fp s = a0.sqrt();
            r = s != null ? new Fp2(s, Fp.ZERO) : sqrtOfNonResidueReal();
        } else {
            // "complex method": with α = √(a0² + a1²), x0² = (a0 ± α)/2 and x1 = a1 / (2·x0)
            Fp alpha = a0.square().add(a1.square()).sqrt();
            if (alpha == null) {
                return null;
            }
            Fp delta = a0.add(alpha).halve();
            Fp x0 = delta.sqrt();
            if (x0 == null) {
                x0 = a0.sub(alpha).halve().sqrt();
                if (x0 == null) {
                    return null;
                }
            }
            if (x0.isZero()) {
                return null;
            }
            Fp x1 = a1.mul(x0.dbl().inverse());
            r = new Fp2(x0, x1);
        }
        return r != null && r.square().equals(this) ? r : null;
    }

    // a0 is a non-square in 𝔽p: √a0 = u·√(-a0) since u² = -1
    private Fp2 sqrtOfNonResidueReal() {
        Fp s = a0.neg().sqrt();
        return s == null ? null : new Fp2(Fp.ZERO, s);
    }

    /** gnark's E2.LexicographicallyLargest: decided by a1 unless it is zero. */
    public boolean lexicographicallyLargest() {
        return a1.isZero() ? a0.lexicographicallyLargest() : a1.lexicographicallyLargest();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fp2 f && a0.equals(f.a0) && a1.equals(f.a1);
    }

    @Override
    public int hashCode() {
        return 31 * a0.hashCode() + a1.hashCode();
    }

    @Override
    public String toString() {
        return "(" + a0 + ", " + a1 + ")";
    }
}
