package io.zkinfer.verifier.bn254;

/**
 * Allocation-free G2 arithmetic on {@link Tower} limb arrays, for the per-proof work on a G2 point: the Miller-loop
 * lines of {@link G2Prepared#of} (gnark-crypto's projective doubleStep, addMixedStep and lineCompute) and the
 * multiplication by the seed x₀ in the subgroup check (Jacobian coordinates, the formulas of {@link G2Jac}).
 * Every operation is the same field operation as in the immutable classes, and elements are fully reduced, so the
 * results are identical. An instance owns its scratch space and serves one thread for one computation.
 */
final class G2Tower {
    /** B' = 3/ξ as limbs. */
    private static final long[] B_TWIST = Tower.fp2(G2Affine.B_TWIST);
    private static final long[] ONE2 = Tower.fp2(Fp2.ONE);
    /** NAF digits of x₀, least significant first. */
    private static final int[] SEED_NAF = naf(G2Jac.SEED.longValueExact());

    private final Tower tw = new Tower();
    /** 𝔽p² slots of 8 limbs each. */
    private final long[] s = new long[8 * 24];

    private static final int X = 0, Y = 8, Z = 16, A = 24, B = 32, C = 40, D = 48, E = 56, F = 64, G = 72, H = 80,
            I = 88, J = 96, K = 104, T = 112, U = 120, QX = 128, QY = 136, QNY = 144, AX = 152, AY = 160, L = 168,
            O = 176, R = 184;

    // ---- Miller-loop lines (homogeneous projective (X/Z, Y/Z)) ----

    /** The line coefficients of {@link G2Prepared#of} for q (not infinity), line i at 24·i. */
    static long[] lines(G2Affine q, int size) {
        return new G2Tower().prepare(q, size);
    }

    private long[] prepare(G2Affine q, int size) {
        long[] out = new long[24 * size];
        int n = 0;
        Tower.put(s, QX, q.x());
        Tower.put(s, QY, q.y());
        Tower.neg2(s, QNY, s, QY);
        Tower.copy2(s, X, s, QX);
        Tower.copy2(s, Y, s, QY);
        Tower.copy2(s, Z, ONE2, 0);
        doubleStep(out, 24 * n++);
        lineCompute(out, 24 * n++, s, QX, s, QNY);
        addMixedStep(out, 24 * n++, s, QX, s, QY);
        int[] loop = G2Prepared.LOOP;
        for (int i = loop.length - 4; i >= 0; i--) {
            doubleStep(out, 24 * n++);
            if (loop[i] == 1) {
                addMixedStep(out, 24 * n++, s, QX, s, QY);
            } else if (loop[i] == -1) {
                addMixedStep(out, 24 * n++, s, QX, s, QNY);
            }
        }
        // π(Q) and −π²(Q)
        long[] q1 = new long[16], q2 = new long[16];
        Tower.put(q1, 0, Fp12.mulByGamma(1, 2, q.x().conjugate()));
        Tower.put(q1, 8, Fp12.mulByGamma(1, 3, q.y().conjugate()));
        Tower.put(q2, 0, Fp12.mulByGamma(2, 2, q.x()));
        Tower.put(q2, 8, Fp12.mulByGamma(2, 3, q.y()).neg());
        addMixedStep(out, 24 * n++, q1, 0, q1, 8);
        lineCompute(out, 24 * n++, q2, 0, q2, 8);
        if (n != size) {
            throw new IllegalStateException("line count");
        }
        return out;
    }

    /** z = x/2. */
    private static void half(long[] z, int zo, long[] x, int xo) {
        long l0 = x[xo], l1 = x[xo + 1], l2 = x[xo + 2], l3 = x[xo + 3];
        long m = -(l0 & 1); // odd: add p first (x + p < 2^255)
        long q0 = Fp.Q0 & m, q1 = Fp.Q1 & m, q2 = Fp.Q2 & m, q3 = Fp.Q3 & m;
        long a0 = l0 + q0;
        long c = Long.compareUnsigned(a0, l0) < 0 ? 1 : 0;
        long t = l1 + q1;
        long a1 = t + c;
        c = (Long.compareUnsigned(t, l1) < 0 ? 1 : 0) + (Long.compareUnsigned(a1, t) < 0 ? 1 : 0);
        t = l2 + q2;
        long a2 = t + c;
        c = (Long.compareUnsigned(t, l2) < 0 ? 1 : 0) + (Long.compareUnsigned(a2, t) < 0 ? 1 : 0);
        long a3 = l3 + q3 + c;
        z[zo] = (a0 >>> 1) | (a1 << 63);
        z[zo + 1] = (a1 >>> 1) | (a2 << 63);
        z[zo + 2] = (a2 >>> 1) | (a3 << 63);
        z[zo + 3] = a3 >>> 1;
    }

    private static void half2(long[] z, int zo, long[] x, int xo) {
        half(z, zo, x, xo);
        half(z, zo + 4, x, xo + 4);
    }

    /** z = 3x; z must not alias x. */
    private static void triple2(long[] z, int zo, long[] x, int xo) {
        Tower.dbl2(z, zo, x, xo);
        Tower.add2(z, zo, z, zo, x, xo);
    }

    /** gnark's doubleStep: (X, Y, Z) ← 2(X, Y, Z); line (−h, 3j, i) to out[o]. */
    private void doubleStep(long[] out, int o) {
        long[] s = this.s;
        tw.mul2(s, A, s, X, s, Y);
        half2(s, A, s, A);
        tw.sq2(s, B, s, Y);
        tw.sq2(s, C, s, Z);
        triple2(s, D, s, C);
        tw.mul2(s, E, s, D, B_TWIST, 0);
        triple2(s, F, s, E);
        Tower.add2(s, G, s, B, s, F);
        half2(s, G, s, G);
        Tower.add2(s, H, s, Y, s, Z);
        tw.sq2(s, H, s, H);
        Tower.add2(s, T, s, B, s, C);
        Tower.sub2(s, H, s, H, s, T);
        Tower.sub2(s, I, s, E, s, B);
        tw.sq2(s, J, s, X);
        tw.sq2(s, U, s, E);
        triple2(s, K, s, U);
        Tower.sub2(s, X, s, B, s, F);
        tw.mul2(s, X, s, X, s, A);
        tw.sq2(s, Y, s, G);
        Tower.sub2(s, Y, s, Y, s, K);
        tw.mul2(s, Z, s, B, s, H);
        Tower.neg2(out, o, s, H);
        triple2(out, o + 8, s, J);
        Tower.copy2(out, o + 16, s, I);
    }

    /** gnark's addMixedStep: (X, Y, Z) ← (X, Y, Z) + (ax, ay); line (l, −o, j) to out[o]. */
    private void addMixedStep(long[] out, int oo, long[] ax, int axo, long[] ay, int ayo) {
        long[] s = this.s;
        tw.mul2(s, T, ay, ayo, s, Z);
        Tower.sub2(s, O, s, Y, s, T);
        tw.mul2(s, T, ax, axo, s, Z);
        Tower.sub2(s, L, s, X, s, T);
        tw.sq2(s, C, s, O);
        tw.sq2(s, D, s, L);
        tw.mul2(s, E, s, L, s, D);
        tw.mul2(s, F, s, Z, s, C);
        tw.mul2(s, G, s, X, s, D);
        Tower.add2(s, H, s, E, s, F);
        Tower.dbl2(s, T, s, G);
        Tower.sub2(s, H, s, H, s, T);
        tw.mul2(s, U, s, Y, s, E);
        tw.mul2(s, X, s, L, s, H);
        Tower.sub2(s, Y, s, G, s, H);
        tw.mul2(s, Y, s, Y, s, O);
        Tower.sub2(s, Y, s, Y, s, U);
        tw.mul2(s, Z, s, E, s, Z);
        tw.mul2(s, J, ax, axo, s, O);
        tw.mul2(s, T, s, L, ay, ayo);
        Tower.copy2(out, oo, s, L);
        Tower.neg2(out, oo + 8, s, O);
        Tower.sub2(out, oo + 16, s, J, s, T);
    }

    /** gnark's lineCompute: the line through (X, Y, Z) and (ax, ay), (l, −o, j) to out[o]; the point is kept. */
    private void lineCompute(long[] out, int oo, long[] ax, int axo, long[] ay, int ayo) {
        long[] s = this.s;
        tw.mul2(s, T, ay, ayo, s, Z);
        Tower.sub2(s, O, s, Y, s, T);
        tw.mul2(s, T, ax, axo, s, Z);
        Tower.sub2(s, L, s, X, s, T);
        tw.mul2(s, J, ax, axo, s, O);
        tw.mul2(s, T, s, L, ay, ayo);
        Tower.copy2(out, oo, s, L);
        Tower.neg2(out, oo + 8, s, O);
        Tower.sub2(out, oo + 16, s, J, s, T);
    }

    // ---- [x₀]P in Jacobian coordinates (X/Z², Y/Z³); infinity has Z = 0 ----

    /** [x₀]p for p on the twist (not infinity), by the NAF of x₀ with mixed additions of ±p. */
    static G2Jac mulBySeed(G2Affine p) {
        return new G2Tower().seed(p);
    }

    private G2Jac seed(G2Affine p) {
        long[] s = this.s;
        Tower.put(s, AX, p.x());
        Tower.put(s, AY, p.y());
        Tower.neg2(s, QNY, s, AY);
        Tower.copy2(s, X, s, AX);
        Tower.copy2(s, Y, s, AY);
        Tower.copy2(s, Z, ONE2, 0);
        for (int i = SEED_NAF.length - 2; i >= 0; i--) {
            jacDouble();
            if (SEED_NAF[i] == 1) {
                jacAddMixed(AY);
            } else if (SEED_NAF[i] == -1) {
                jacAddMixed(QNY);
            }
        }
        return new G2Jac(fp2At(s, X), fp2At(s, Y), fp2At(s, Z));
    }

    private static Fp2 fp2At(long[] x, int o) {
        return new Fp2(new Fp(x[o], x[o + 1], x[o + 2], x[o + 3]), new Fp(x[o + 4], x[o + 5], x[o + 6], x[o + 7]));
    }

    private static boolean isZero2(long[] x, int o) {
        return (x[o] | x[o + 1] | x[o + 2] | x[o + 3] | x[o + 4] | x[o + 5] | x[o + 6] | x[o + 7]) == 0;
    }

    /** As {@link G2Jac#dbl}: dbl-2009-l. Infinity (Z = 0) stays infinity (Z₃ = 2YZ). */
    private void jacDouble() {
        long[] s = this.s;
        tw.sq2(s, A, s, X);
        tw.sq2(s, B, s, Y);
        tw.sq2(s, C, s, B);
        Tower.add2(s, D, s, X, s, B);
        tw.sq2(s, D, s, D);
        Tower.sub2(s, D, s, D, s, A);
        Tower.sub2(s, D, s, D, s, C);
        Tower.dbl2(s, D, s, D);
        triple2(s, E, s, A);
        tw.sq2(s, F, s, E);
        tw.mul2(s, Z, s, Y, s, Z);
        Tower.dbl2(s, Z, s, Z);
        Tower.dbl2(s, T, s, D);
        Tower.sub2(s, X, s, F, s, T);
        Tower.sub2(s, T, s, D, s, X);
        tw.mul2(s, T, s, E, s, T);
        Tower.dbl2(s, C, s, C);
        Tower.dbl2(s, C, s, C);
        Tower.dbl2(s, C, s, C);
        Tower.sub2(s, Y, s, T, s, C);
    }

    /** As {@link G2Jac#addMixed}: (X, Y, Z) += (AX, s[ay]) (madd-2007-bl), with its special cases. */
    private void jacAddMixed(int ay) {
        long[] s = this.s;
        if (isZero2(s, Z)) {
            Tower.copy2(s, X, s, AX);
            Tower.copy2(s, Y, s, ay);
            Tower.copy2(s, Z, ONE2, 0);
            return;
        }
        tw.sq2(s, A, s, Z); // z1z1
        tw.mul2(s, B, s, AX, s, A); // u2
        tw.mul2(s, C, s, ay, s, Z);
        tw.mul2(s, C, s, C, s, A); // s2
        Tower.sub2(s, H, s, B, s, X); // h
        Tower.sub2(s, R, s, C, s, Y);
        Tower.dbl2(s, R, s, R); // r
        if (isZero2(s, H)) {
            if (isZero2(s, R)) {
                jacDouble();
            } else {
                Tower.copy2(s, X, ONE2, 0);
                Tower.copy2(s, Y, ONE2, 0);
                java.util.Arrays.fill(s, Z, Z + 8, 0L);
            }
            return;
        }
        tw.sq2(s, D, s, H); // hh
        Tower.dbl2(s, I, s, D);
        Tower.dbl2(s, I, s, I); // i = 4hh
        tw.mul2(s, J, s, H, s, I); // j
        tw.mul2(s, K, s, X, s, I); // v
        tw.mul2(s, U, s, Y, s, J);
        Tower.dbl2(s, U, s, U); // 2·y1·j
        tw.sq2(s, X, s, R);
        Tower.sub2(s, X, s, X, s, J);
        Tower.dbl2(s, T, s, K);
        Tower.sub2(s, X, s, X, s, T); // x3
        Tower.sub2(s, T, s, K, s, X);
        tw.mul2(s, T, s, R, s, T);
        Tower.sub2(s, Y, s, T, s, U); // y3
        Tower.add2(s, Z, s, Z, s, H);
        tw.sq2(s, Z, s, Z);
        Tower.sub2(s, Z, s, Z, s, A);
        Tower.sub2(s, Z, s, Z, s, D); // z3
    }

    private static int[] naf(long k) {
        int[] out = new int[66];
        int len = 0;
        while (k != 0) {
            if ((k & 1) == 0) {
                out[len] = 0;
            } else {
                int d = 2 - (int) (k & 3);
                out[len] = d;
                k -= d;
            }
            k >>= 1;
            len++;
        }
        return java.util.Arrays.copyOf(out, len);
    }
}
