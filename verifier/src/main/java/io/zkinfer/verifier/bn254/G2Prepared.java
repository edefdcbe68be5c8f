package io.zkinfer.verifier.bn254;

import java.math.BigInteger;

/**
 * The Miller-loop line coefficients of a G2 point, computed once. A verifying key keeps its fixed G2 points prepared,
 * so a verification only walks the stored lines for them. The steps are gnark-crypto's projective doubleStep,
 * addMixedStep and lineCompute, in the order of its MillerLoop (so the loop output equals gnark's).
 */
public final class G2Prepared {
    static final int[] LOOP = naf(new BigInteger("29793968203157093288")); // 6x₀ + 2

    static {
        if (LOOP.length != 66 || LOOP[64] != 0 || LOOP[63] != -1) {
            throw new ExceptionInInitializerError("unexpected optimal ate loop counter");
        }
    }

    final Fp2[] r0, r1, r2;
    final boolean infinity;
    /** The same coefficients as limb arrays for {@link Tower}: line i is r0, r1, r2 at 24·i, 24·i + 8, 24·i + 16. */
    long[] lines;
    private int n;

    private G2Prepared(boolean infinity, int size) {
        this.infinity = infinity;
        r0 = new Fp2[size];
        r1 = new Fp2[size];
        r2 = new Fp2[size];
    }

    public static G2Prepared of(G2Affine q) {
        if (q.isInfinity()) {
            return new G2Prepared(true, 0);
        }
        int size = 1 + 2 + 2;
        for (int i = LOOP.length - 4; i >= 0; i--) {
            size += LOOP[i] == 0 ? 1 : 2;
        }
        G2Prepared out = new G2Prepared(false, size);
        G2Affine qNeg = q.neg();
        Proj t = new Proj(q.x(), q.y(), Fp2.ONE);
        out.doubleStep(t);
        out.lineCompute(t, qNeg);
        out.addMixedStep(t, q);
        for (int i = LOOP.length - 4; i >= 0; i--) {
            out.doubleStep(t);
            if (LOOP[i] == 1) {
                out.addMixedStep(t, q);
            } else if (LOOP[i] == -1) {
                out.addMixedStep(t, qNeg);
            }
        }
        G2Affine q1 = new G2Affine(Fp12.mulByGamma(1, 2, q.x().conjugate()), Fp12.mulByGamma(1, 3, q.y().conjugate()));
        G2Affine q2 = new G2Affine(Fp12.mulByGamma(2, 2, q.x()), Fp12.mulByGamma(2, 3, q.y()).neg());
        out.addMixedStep(t, q1);
        out.lineCompute(t, q2);
        if (out.n != size) {
            throw new IllegalStateException("line count");
        }
        out.lines = new long[24 * size];
        for (int i = 0; i < size; i++) {
            Tower.put(out.lines, 24 * i, out.r0[i]);
            Tower.put(out.lines, 24 * i + 8, out.r1[i]);
            Tower.put(out.lines, 24 * i + 16, out.r2[i]);
        }
        return out;
    }

    /** Homogeneous projective point (x/z, y/z), mutable during preparation only. */
    private static final class Proj {
        Fp2 x, y, z;

        Proj(Fp2 x, Fp2 y, Fp2 z) {
            this.x = x;
            this.y = y;
            this.z = z;
        }
    }

    private void put(Fp2 a, Fp2 b, Fp2 c) {
        r0[n] = a;
        r1[n] = b;
        r2[n] = c;
        n++;
    }

    private void doubleStep(Proj p) {
        Fp2 a = p.x.mul(p.y).halve();
        Fp2 b = p.y.square();
        Fp2 c = p.z.square();
        Fp2 d = c.dbl().add(c);
        Fp2 e = d.mul(G2Affine.B_TWIST);
        Fp2 f = e.dbl().add(e);
        Fp2 g = b.add(f).halve();
        Fp2 h = p.y.add(p.z).square().sub(b.add(c));
        Fp2 i = e.sub(b);
        Fp2 j = p.x.square();
        Fp2 ee = e.square();
        Fp2 k = ee.dbl().add(ee);
        p.x = b.sub(f).mul(a);
        p.y = g.square().sub(k);
        p.z = b.mul(h);
        put(h.neg(), j.dbl().add(j), i);
    }

    private void addMixedStep(Proj p, G2Affine a) {
        Fp2 o = p.y.sub(a.y().mul(p.z));
        Fp2 l = p.x.sub(a.x().mul(p.z));
        Fp2 c = o.square();
        Fp2 d = l.square();
        Fp2 e = l.mul(d);
        Fp2 f = p.z.mul(c);
        Fp2 g = p.x.mul(d);
        Fp2 h = e.add(f).sub(g.dbl());
        Fp2 t1 = p.y.mul(e);
        p.x = l.mul(h);
        p.y = g.sub(h).mul(o).sub(t1);
        p.z = e.mul(p.z);
        Fp2 j = a.x().mul(o).sub(l.mul(a.y()));
        put(l, o.neg(), j);
    }

    private void lineCompute(Proj p, G2Affine a) {
        Fp2 o = p.y.sub(a.y().mul(p.z));
        Fp2 l = p.x.sub(a.x().mul(p.z));
        Fp2 j = a.x().mul(o).sub(l.mul(a.y()));
        put(l, o.neg(), j);
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
