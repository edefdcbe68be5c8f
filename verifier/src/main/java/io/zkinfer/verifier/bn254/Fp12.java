package io.zkinfer.verifier.bn254;

import java.math.BigInteger;

/**
 * 𝔽p¹² = 𝔽p⁶[w]/(w² − v), immutable; c0 + c1·w. The target group GT of the pairing lives here. Formulas, including the
 * sparse line multiplications and the cyclotomic squaring, follow gnark-crypto's E12 so that results are
 * bit-identical to gnark's.
 */
public final class Fp12 {
    public static final Fp12 ONE = new Fp12(Fp6.ONE, Fp6.ZERO);

    public final Fp6 c0;
    public final Fp6 c1;

    public Fp12(Fp6 c0, Fp6 c1) {
        this.c0 = c0;
        this.c1 = c1;
    }

    // Frobenius coefficients γ(k,j) = ξ^(j·(p^k − 1)/6), computed once
    private static final Fp2[][] GAMMA = new Fp2[4][6];

    static {
        Fp2 xi = new Fp2(Fp.fromLong(9), Fp.ONE);
        BigInteger p = Fp.MODULUS;
        for (int k = 1; k <= 3; k++) {
            BigInteger e = p.pow(k).subtract(BigInteger.ONE).divide(BigInteger.valueOf(6));
            for (int j = 1; j <= 5; j++) {
                GAMMA[k][j] = xi.pow(e.multiply(BigInteger.valueOf(j)));
            }
        }
    }

    static Fp2 gamma(int k, int j) {
        return GAMMA[k][j];
    }

    /** x·ξ^(j·(p^k − 1)/6). */
    static Fp2 mulByGamma(int k, int j, Fp2 x) {
        return x.mul(GAMMA[k][j]);
    }

    public Fp12 mul(Fp12 y) {
        Fp6 a = c0.add(c1).mul(y.c0.add(y.c1));
        Fp6 b = c0.mul(y.c0);
        Fp6 c = c1.mul(y.c1);
        return new Fp12(c.mulByNonResidue().add(b), a.sub(b).sub(c));
    }

    public Fp12 square() {
        Fp6 t0 = c0.sub(c1);
        Fp6 t3 = c0.sub(c1.mulByNonResidue());
        Fp6 t2 = c0.mul(c1);
        t0 = t0.mul(t3).add(t2);
        return new Fp12(t0.add(t2.mulByNonResidue()), t2.dbl());
    }

    public Fp12 conjugate() {
        return new Fp12(c0, c1.neg());
    }

    public Fp12 inverse() {
        Fp6 t0 = c0.square().sub(c1.square().mulByNonResidue());
        Fp6 t1 = t0.inverse();
        return new Fp12(c0.mul(t1), c1.mul(t1).neg());
    }

    /** Granger–Scott squaring, valid in the cyclotomic subgroup (after the easy part of the final exponentiation). */
    public Fp12 cyclotomicSquare() {
        Fp2 x0 = c0.b0, x1 = c0.b1, x2 = c0.b2, x3 = c1.b0, x4 = c1.b1, x5 = c1.b2;
        Fp2 t0 = x4.square();
        Fp2 t1 = x0.square();
        Fp2 t6 = x4.add(x0).square().sub(t0).sub(t1);
        Fp2 t2 = x2.square();
        Fp2 t3 = x3.square();
        Fp2 t7 = x2.add(x3).square().sub(t2).sub(t3);
        Fp2 t4 = x5.square();
        Fp2 t5 = x1.square();
        Fp2 t8 = x5.add(x1).square().sub(t4).sub(t5).mulByNonResidue();
        t0 = t0.mulByNonResidue().add(t1);
        t2 = t2.mulByNonResidue().add(t3);
        t4 = t4.mulByNonResidue().add(t5);
        Fp2 z00 = t0.sub(x0).dbl().add(t0);
        Fp2 z01 = t2.sub(x1).dbl().add(t2);
        Fp2 z02 = t4.sub(x2).dbl().add(t4);
        Fp2 z10 = t8.add(x3).dbl().add(t8);
        Fp2 z11 = t6.add(x4).dbl().add(t6);
        Fp2 z12 = t7.add(x5).dbl().add(t7);
        return new Fp12(new Fp6(z00, z01, z02), new Fp6(z10, z11, z12));
    }

    private Fp12 nCyclotomicSquare(int n) {
        Fp12 r = this;
        for (int i = 0; i < n; i++) {
            r = r.cyclotomicSquare();
        }
        return r;
    }

    public Fp12 frobenius() {
        return new Fp12(
                new Fp6(c0.b0.conjugate(), mulByGamma(1, 2, c0.b1.conjugate()), mulByGamma(1, 4, c0.b2.conjugate())),
                new Fp6(mulByGamma(1, 1, c1.b0.conjugate()), mulByGamma(1, 3, c1.b1.conjugate()),
                        mulByGamma(1, 5, c1.b2.conjugate())));
    }

    public Fp12 frobeniusSquare() {
        return new Fp12(
                new Fp6(c0.b0, mulByGamma(2, 2, c0.b1), mulByGamma(2, 4, c0.b2)),
                new Fp6(mulByGamma(2, 1, c1.b0), mulByGamma(2, 3, c1.b1), mulByGamma(2, 5, c1.b2)));
    }

    public Fp12 frobeniusCube() {
        return new Fp12(
                new Fp6(c0.b0.conjugate(), mulByGamma(3, 2, c0.b1.conjugate()), mulByGamma(3, 4, c0.b2.conjugate())),
                new Fp6(mulByGamma(3, 1, c1.b0.conjugate()), mulByGamma(3, 3, c1.b1.conjugate()),
                        mulByGamma(3, 5, c1.b2.conjugate())));
    }

    /** x^t with t = x₀ = 4965661367192848881 (the curve seed), in the cyclotomic subgroup. */
    public Fp12 expt() {
        Fp12 x = this;
        Fp12 t0 = x.cyclotomicSquare();
        Fp12 x3 = x.mul(t0);
        Fp12 x5 = t0.mul(x3);
        Fp12 x7 = t0.mul(x5);
        Fp12 r = x.mul(x7);
        r = r.nCyclotomicSquare(3).mul(x5);
        r = r.nCyclotomicSquare(5).mul(x3.conjugate());
        r = r.nCyclotomicSquare(4).mul(x3);
        r = r.nCyclotomicSquare(5).mul(x5);
        r = r.nCyclotomicSquare(4).mul(x5.conjugate());
        r = r.nCyclotomicSquare(4).mul(x3.conjugate());
        r = r.nCyclotomicSquare(4).mul(x);
        r = r.nCyclotomicSquare(5).mul(x5);
        r = r.nCyclotomicSquare(5).mul(x7);
        r = r.nCyclotomicSquare(4).mul(x7.conjugate());
        r = r.nCyclotomicSquare(7).mul(x5);
        r = r.nCyclotomicSquare(5).mul(x.conjugate());
        r = r.nCyclotomicSquare(4);
        return r.mul(x);
    }

    /** Multiplication by the sparse line c0 + c3·w + c4·v·w (gnark's MulBy034). */
    public Fp12 mulBy034(Fp2 d0, Fp2 d3, Fp2 d4) {
        Fp6 a = c0.mulByFp2(d0);
        Fp6 b = c1.mulBy01(d3, d4);
        Fp6 d = c0.add(c1).mulBy01(d0.add(d3), d4);
        Fp6 z1 = a.add(b).neg().add(d);
        Fp6 z0 = b.mulByNonResidue().add(a);
        return new Fp12(z0, z1);
    }

    /** Product of two sparse lines, as the five non-zero coefficients for {@link #mulBy01234}. */
    static Fp2[] mul034By034(Fp2 d0, Fp2 d3, Fp2 d4, Fp2 c0, Fp2 c3, Fp2 c4) {
        Fp2 x0 = c0.mul(d0);
        Fp2 x3 = c3.mul(d3);
        Fp2 x4 = c4.mul(d4);
        Fp2 x04 = d0.add(d4).mul(c0.add(c4)).sub(x0).sub(x4);
        Fp2 x03 = d0.add(d3).mul(c0.add(c3)).sub(x0).sub(x3);
        Fp2 x34 = d3.add(d4).mul(c3.add(c4)).sub(x3).sub(x4);
        Fp2 z00 = x4.mulByNonResidue().add(x0);
        return new Fp2[] {z00, x3, x34, x03, x04};
    }

    public Fp12 mulBy01234(Fp2[] x) {
        Fp6 e0 = new Fp6(x[0], x[1], x[2]);
        Fp6 e1 = new Fp6(x[3], x[4], Fp2.ZERO);
        Fp6 a = c0.add(c1).mul(e0.add(e1));
        Fp6 b = c0.mul(e0);
        Fp6 c = c1.mulBy01(x[3], x[4]);
        Fp6 z1 = a.sub(b).sub(c);
        Fp6 z0 = c.mulByNonResidue().add(b);
        return new Fp12(z0, z1);
    }

    public boolean isOne() {
        return equals(ONE);
    }

    /** The 12 coefficients in gnark's order C0.B0.A0, C0.B0.A1, …, C1.B2.A1. */
    public Fp[] coefficients() {
        return new Fp[] {c0.b0.a0, c0.b0.a1, c0.b1.a0, c0.b1.a1, c0.b2.a0, c0.b2.a1,
                c1.b0.a0, c1.b0.a1, c1.b1.a0, c1.b1.a1, c1.b2.a0, c1.b2.a1};
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fp12 f && c0.equals(f.c0) && c1.equals(f.c1);
    }

    @Override
    public int hashCode() {
        return 31 * c0.hashCode() + c1.hashCode();
    }
}
