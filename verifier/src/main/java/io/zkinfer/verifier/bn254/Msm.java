package io.zkinfer.verifier.bn254;

import java.math.BigInteger;

/**
 * Multi-scalar multiplication Σ kᵢ·Pᵢ by interleaved width-5 NAF: one shared chain of doublings, and per point a table
 * of its odd multiples P, 3P, …, 15P (affine for G1, so additions are mixed). Scalars are any non-negative integers.
 */
public final class Msm {
    static final int W = 5;
    static final int TABLE = 1 << (W - 2);

    private Msm() {}

    /** The odd multiples P, 3P, …, 15P of each point, in affine form (one shared inversion). */
    public static G1Affine[][] g1Tables(G1Jac[] points) {
        G1Jac[] flat = new G1Jac[points.length * TABLE];
        for (int i = 0; i < points.length; i++) {
            G1Jac p = points[i];
            G1Jac p2 = p.dbl();
            flat[i * TABLE] = p;
            for (int j = 1; j < TABLE; j++) {
                flat[i * TABLE + j] = flat[i * TABLE + j - 1].add(p2);
            }
        }
        G1Affine[] aff = batchToAffine(flat);
        G1Affine[][] tables = new G1Affine[points.length][];
        for (int i = 0; i < points.length; i++) {
            tables[i] = new G1Affine[TABLE];
            System.arraycopy(aff, i * TABLE, tables[i], 0, TABLE);
        }
        return tables;
    }

    public static G1Affine[][] g1Tables(G1Affine[] points) {
        G1Jac[] jac = new G1Jac[points.length];
        for (int i = 0; i < points.length; i++) {
            jac[i] = points[i].toJacobian();
        }
        return g1Tables(jac);
    }

    /** Σ kᵢ·Pᵢ over tables from {@link #g1Tables}. */
    public static G1Jac g1(G1Affine[][] tables, BigInteger[] scalars) {
        if (tables.length != scalars.length) {
            throw new IllegalArgumentException("points and scalars differ in number");
        }
        int[][] digits = new int[scalars.length][];
        int len = 0;
        for (int i = 0; i < scalars.length; i++) {
            digits[i] = wnaf(scalars[i]);
            len = Math.max(len, digits[i].length);
        }
        G1Jac acc = G1Jac.INFINITY;
        for (int b = len - 1; b >= 0; b--) {
            acc = acc.dbl();
            for (int i = 0; i < digits.length; i++) {
                if (b < digits[i].length) {
                    int d = digits[i][b];
                    if (d > 0) {
                        acc = acc.addMixed(tables[i][d >> 1]);
                    } else if (d < 0) {
                        acc = acc.addMixed(tables[i][(-d) >> 1].neg());
                    }
                }
            }
        }
        return acc;
    }

    public static G1Jac g1(G1Jac[] points, BigInteger[] scalars) {
        return g1(g1Tables(points), scalars);
    }

    public static G1Jac g1(G1Affine[] points, BigInteger[] scalars) {
        return g1(g1Tables(points), scalars);
    }

    public static G2Jac g2(G2Jac[] points, BigInteger[] scalars) {
        G2Jac[][] tables = new G2Jac[points.length][TABLE];
        int[][] digits = new int[scalars.length][];
        int len = 0;
        for (int i = 0; i < points.length; i++) {
            G2Jac p2 = points[i].dbl();
            tables[i][0] = points[i];
            for (int j = 1; j < TABLE; j++) {
                tables[i][j] = tables[i][j - 1].add(p2);
            }
            digits[i] = wnaf(scalars[i]);
            len = Math.max(len, digits[i].length);
        }
        G2Jac acc = G2Jac.INFINITY;
        for (int b = len - 1; b >= 0; b--) {
            acc = acc.dbl();
            for (int i = 0; i < digits.length; i++) {
                if (b < digits[i].length) {
                    int d = digits[i][b];
                    if (d > 0) {
                        acc = acc.add(tables[i][d >> 1]);
                    } else if (d < 0) {
                        acc = acc.add(tables[i][(-d) >> 1].neg());
                    }
                }
            }
        }
        return acc;
    }

    /** Width-5 NAF digits of k ≥ 0, least significant first; every non-zero digit is odd and |d| < 16. */
    static int[] wnaf(BigInteger k) {
        if (k.signum() < 0) {
            throw new IllegalArgumentException("negative scalar");
        }
        int bits = k.bitLength();
        int words = (bits + 64) / 64 + 1;
        long[] n = new long[words];
        for (int i = 0; i < words; i++) {
            n[i] = k.shiftRight(64 * i).longValue();
        }
        int[] out = new int[bits + 1];
        int i = 0;
        while (!isZero(n)) {
            int d = 0;
            if ((n[0] & 1) != 0) {
                d = (int) (n[0] & ((1 << W) - 1));
                if (d >= 1 << (W - 1)) {
                    d -= 1 << W;
                }
                if (d > 0) {
                    subSmall(n, d);
                } else {
                    addSmall(n, -d);
                }
            }
            out[i++] = d;
            shiftRight1(n);
        }
        return i == out.length ? out : java.util.Arrays.copyOf(out, i);
    }

    private static boolean isZero(long[] n) {
        for (long w : n) {
            if (w != 0) {
                return false;
            }
        }
        return true;
    }

    private static void subSmall(long[] n, long v) {
        for (int i = 0; i < n.length && v != 0; i++) {
            long old = n[i];
            n[i] = old - v;
            v = Long.compareUnsigned(old, v) < 0 ? 1 : 0;
        }
    }

    private static void addSmall(long[] n, long v) {
        for (int i = 0; i < n.length && v != 0; i++) {
            long s = n[i] + v;
            v = Long.compareUnsigned(s, n[i]) < 0 ? 1 : 0;
            n[i] = s;
        }
    }

    private static void shiftRight1(long[] n) {
        for (int i = 0; i < n.length; i++) {
            n[i] = (n[i] >>> 1) | (i + 1 < n.length ? n[i + 1] << 63 : 0);
        }
    }

    /** Affine forms of many points with one field inversion (Montgomery's trick); infinity stays infinity. */
    public static G1Affine[] batchToAffine(G1Jac[] pts) {
        int n = pts.length;
        Fp[] prefix = new Fp[n];
        Fp acc = Fp.ONE;
        for (int i = 0; i < n; i++) {
            prefix[i] = acc;
            if (!pts[i].isInfinity()) {
                acc = acc.mul(pts[i].z);
            }
        }
        Fp inv = acc.inverse();
        G1Affine[] out = new G1Affine[n];
        for (int i = n - 1; i >= 0; i--) {
            if (pts[i].isInfinity()) {
                out[i] = G1Affine.INFINITY;
                continue;
            }
            Fp zi = inv.mul(prefix[i]);
            inv = inv.mul(pts[i].z);
            Fp zi2 = zi.square();
            out[i] = new G1Affine(pts[i].x.mul(zi2), pts[i].y.mul(zi2).mul(zi));
        }
        return out;
    }
}
