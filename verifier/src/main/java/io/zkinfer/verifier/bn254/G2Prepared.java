package io.zkinfer.verifier.bn254;

import java.math.BigInteger;

/**
 * The Miller-loop line coefficients of a G2 point, computed once. A verifying key keeps its fixed G2 points prepared,
 * so a verification only walks the stored lines for them. The steps are gnark-crypto's projective doubleStep,
 * addMixedStep and lineCompute, in the order of its MillerLoop (so the loop output equals gnark's), computed
 * allocation-free by {@link G2Tower}.
 */
public final class G2Prepared {
    static final int[] LOOP = naf(new BigInteger("29793968203157093288")); // 6x₀ + 2

    static {
        if (LOOP.length != 66 || LOOP[64] != 0 || LOOP[63] != -1) {
            throw new ExceptionInInitializerError("unexpected optimal ate loop counter");
        }
    }

    /** Lines per point: the first doubling, its two lines for i = 63, one or two per remaining digit, two at the end. */
    static final int SIZE;

    static {
        int size = 1 + 2 + 2;
        for (int i = LOOP.length - 4; i >= 0; i--) {
            size += LOOP[i] == 0 ? 1 : 2;
        }
        SIZE = size;
    }

    final boolean infinity;
    /**
     * Projective lines (null when {@link #affine} is set): the coefficients (r0, r1, r2) of line i as limb arrays for
     * {@link Tower}, at 24·i, 24·i + 8, 24·i + 16.
     */
    final long[] lines;
    /**
     * Affine lines (gnark-crypto's PrecomputeLines), or null: for loop index i (0..65) the line (R0, R1) = (λ, λ·x − y)
     * of the doubling or first addition at 32·i, R0 then R1, and the second line of index i (a non-zero digit, and
     * i = 65) at 32·i + 16. Evaluated at P as 1 + R0·(−x/y)·w + R1·(1/y)·v·w, that is the line divided by y,
     * a factor in 𝔽p that the final exponentiation removes.
     */
    final long[] affine;

    private G2Prepared(boolean infinity, long[] lines, long[] affine) {
        this.infinity = infinity;
        this.lines = lines;
        this.affine = affine;
    }

    /** The lines of a G2 point that is used once (a proof's point): projective, no inversion. */
    public static G2Prepared of(G2Affine q) {
        if (q.isInfinity()) {
            return new G2Prepared(true, new long[0], null);
        }
        return new G2Prepared(false, G2Tower.lines(q, SIZE), null);
    }

    /**
     * The lines of a fixed G2 point of a verifying key, in G2 (checked at decoding): affine, one 𝔽p² inversion per
     * step at preparation, cheaper in every Miller loop. Falls back to {@link #of} if a step would divide by zero
     * (impossible for a point of order r).
     */
    public static G2Prepared fixed(G2Affine q) {
        if (q.isInfinity()) {
            return of(q);
        }
        long[] affine = affineLines(q);
        return affine == null ? of(q) : new G2Prepared(false, null, affine);
    }

    /** gnark-crypto's PrecomputeLines with generic affine steps (the line values do not depend on the formulas). */
    private static long[] affineLines(G2Affine q) {
        long[] out = new long[32 * LOOP.length];
        G2Affine qNeg = q.neg();
        Fp2[] acc = {q.x(), q.y()};
        if (!doubleStep(acc, out, 32 * 64)) {
            return null;
        }
        for (int i = 63; i >= 0; i--) {
            if (LOOP[i] == 0) {
                if (!doubleStep(acc, out, 32 * i)) {
                    return null;
                }
            } else {
                // 2T ± Q as (T ± Q) + T; the second line passes through T, so λ·x − y may use T's coordinates
                Fp2[] t = acc.clone();
                G2Affine a = LOOP[i] == 1 ? q : qNeg;
                if (!addStep(acc, a.x(), a.y(), out, 32 * i) || !addStep(acc, t[0], t[1], out, 32 * i + 16)) {
                    return null;
                }
            }
        }
        Fp2 q1x = Fp12.mulByGamma(1, 2, q.x().conjugate()), q1y = Fp12.mulByGamma(1, 3, q.y().conjugate());
        Fp2 q2x = Fp12.mulByGamma(2, 2, q.x()), q2y = Fp12.mulByGamma(2, 3, q.y()).neg();
        if (!addStep(acc, q1x, q1y, out, 32 * 65 + 16) || !addStep(acc, q2x, q2y, out, 32 * 65)) {
            return null;
        }
        return out;
    }

    /** T ← 2T, the tangent's (λ, λ·x − y) at out[o]; false when y = 0. */
    private static boolean doubleStep(Fp2[] t, long[] out, int o) {
        Fp2 x = t[0], y = t[1];
        if (y.isZero()) {
            return false;
        }
        Fp2 n = x.square();
        Fp2 lambda = n.dbl().add(n).mul(y.dbl().inverse());
        Fp2 xr = lambda.square().sub(x.dbl());
        Fp2 yr = x.sub(xr).mul(lambda).sub(y);
        Tower.put(out, o, lambda);
        Tower.put(out, o + 8, lambda.mul(x).sub(y));
        t[0] = xr;
        t[1] = yr;
        return true;
    }

    /** T ← T + (ax, ay), the line's (λ, λ·x − y) at out[o] (x, y of T); false when the x coordinates agree. */
    private static boolean addStep(Fp2[] t, Fp2 ax, Fp2 ay, long[] out, int o) {
        Fp2 x = t[0], y = t[1];
        Fp2 d = ax.sub(x);
        if (d.isZero()) {
            return false;
        }
        Fp2 lambda = ay.sub(y).mul(d.inverse());
        Fp2 xr = lambda.square().sub(x).sub(ax);
        Fp2 yr = x.sub(xr).mul(lambda).sub(y);
        Tower.put(out, o, lambda);
        Tower.put(out, o + 8, lambda.mul(x).sub(y));
        t[0] = xr;
        t[1] = yr;
        return true;
    }

    private static int[] naf(BigInteger a) {
        int[] out = new int[a.bitLength() + 1];
        int len = 0;
        while (a.signum() != 0) {
            if (!a.testBit(0)) {
                out[len] = 0;
            } else if (a.testBit(1)) {
                out[len] = -1;
                a = a.add(BigInteger.ONE);
            } else {
                out[len] = 1;
                a = a.subtract(BigInteger.ONE);
            }
            a = a.shiftRight(1);
            len++;
        }
        return java.util.Arrays.copyOf(out, len);
    }
}
