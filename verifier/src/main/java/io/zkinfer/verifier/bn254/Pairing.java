package io.zkinfer.verifier.bn254;

/**
 * The optimal ate pairing on BN254: a multi-Miller loop over any number of pairs sharing one final exponentiation.
 * Structure and formulas follow gnark-crypto (MillerLoop, FinalExponentiation), so {@link #pair} equals gnark's Pair.
 */
public final class Pairing {
    private Pairing() {}

    /** e(P₁,Q₁)·…·e(Pₙ,Qₙ). */
    public static Fp12 pair(G1Affine[] p, G2Affine[] q) {
        G2Prepared[] prepared = new G2Prepared[q.length];
        for (int i = 0; i < q.length; i++) {
            prepared[i] = G2Prepared.of(q[i]);
        }
        return finalExponentiation(millerLoop(p, prepared));
    }

    /** Whether e(P₁,Q₁)·…·e(Pₙ,Qₙ) = 1. */
    public static boolean check(G1Affine[] p, G2Prepared[] q) {
        return finalExponentiation(millerLoop(p, q)).isOne();
    }

    /**
     * The multi-Miller loop. With points prepared by {@link G2Prepared#of} it equals gnark's MillerLoop; a point
     * prepared by {@link G2Prepared#fixed} contributes its lines divided by y (gnark's MillerLoopFixedQ), which
     * changes the value by a factor in 𝔽p that {@link #finalExponentiation} removes.
     */
    public static Fp12 millerLoop(G1Affine[] ps, G2Prepared[] qs) {
        if (ps.length != qs.length) {
            throw new IllegalArgumentException("pairs of different lengths");
        }
        int m = 0;
        for (int k = 0; k < ps.length; k++) {
            if (!ps[k].isInfinity() && !qs[k].infinity) {
                m++;
            }
        }
        G1Affine[] p = new G1Affine[m];
        G2Prepared[] q = new G2Prepared[m];
        m = 0;
        for (int k = 0; k < ps.length; k++) { // e(O, Q) = e(P, O) = 1
            if (!ps[k].isInfinity() && !qs[k].infinity) {
                p[m] = ps[k];
                q[m++] = qs[k];
            }
        }
        Tower tw = new Tower();
        long[] f = Tower.ONE12.clone();
        // projective lines are evaluated at (x, y), affine ones (fixed points) at (−x/y, 1/y)
        long[][] px = new long[m][], py = new long[m][];
        // 1/y for the affine pairs with one inversion (Montgomery's trick); y ≠ 0: G1 has no point of order 2
        Fp[] prefix = new Fp[m + 1];
        prefix[0] = Fp.ONE;
        for (int k = 0; k < m; k++) {
            prefix[k + 1] = q[k].affine != null ? prefix[k].mul(p[k].y()) : prefix[k];
        }
        Fp inv = prefix[m].inverse();
        for (int k = m - 1; k >= 0; k--) {
            if (q[k].affine != null) {
                Fp yInv = inv.mul(prefix[k]);
                inv = inv.mul(p[k].y());
                px[k] = Tower.fp(p[k].x().mul(yInv).neg());
                py[k] = Tower.fp(yInv);
            } else {
                px[k] = Tower.fp(p[k].x());
                py[k] = Tower.fp(p[k].y());
            }
        }
        long[] ln = new long[128];
        int[] loop = G2Prepared.LOOP;
        // i = 64 (digit 0): the first doubling
        for (int k = 0; k < m; k++) {
            if (q[k].affine != null) {
                affineLine(tw, f, ln, q[k], 32 * 64, px[k], py[k]);
            } else {
                line(ln, 0, q[k], 0, px[k], py[k]);
                tw.mulBy034(f, f, ln, 0, 8, 16);
            }
        }
        int idx = 1; // next projective line
        for (int i = 63; i >= 0; i--) {
            tw.sq12(f, f);
            for (int k = 0; k < m; k++) {
                if (q[k].affine != null) {
                    affineLine(tw, f, ln, q[k], 32 * i, px[k], py[k]);
                    if (loop[i] != 0) {
                        affineLine(tw, f, ln, q[k], 32 * i + 16, px[k], py[k]);
                    }
                } else if (loop[i] == 0) {
                    line(ln, 0, q[k], idx, px[k], py[k]);
                    tw.mulBy034(f, f, ln, 0, 8, 16);
                } else {
                    // i = 63: the line through 2Q and −Q, then 2Q + Q; else a doubling and an addition
                    lines(tw, f, ln, q[k], idx, idx + 1, px[k], py[k]);
                }
            }
            idx += loop[i] == 0 ? 1 : 2;
        }
        for (int k = 0; k < m; k++) { // the lines through π(Q) and −π²(Q)
            if (q[k].affine != null) {
                affineLine(tw, f, ln, q[k], 32 * 65 + 16, px[k], py[k]);
                affineLine(tw, f, ln, q[k], 32 * 65, px[k], py[k]);
            } else {
                lines(tw, f, ln, q[k], idx, idx + 1, px[k], py[k]);
            }
        }
        return Tower.toFp12(f);
    }

    /** f ← f · (1 + R0·(−x/y)·w + R1·(1/y)·v·w) for the affine line at q.affine[o]. */
    private static void affineLine(Tower tw, long[] f, long[] ln, G2Prepared q, int o, long[] xNegOverY,
            long[] yInv) {
        Tower.mulFp2(ln, 0, q.affine, o, xNegOverY, 0);
        Tower.mulFp2(ln, 8, q.affine, o + 8, yInv, 0);
        tw.mulBy34(f, f, ln, 0, 8);
    }

    /** The line at index idx of q evaluated at P = (px, py): r0·py, r1·px, r2 at ln[o], ln[o+8], ln[o+16]. */
    private static void line(long[] ln, int o, G2Prepared q, int idx, long[] px, long[] py) {
        Tower.mulFp2(ln, o, q.lines, 24 * idx, py, 0);
        Tower.mulFp2(ln, o + 8, q.lines, 24 * idx + 8, px, 0);
        System.arraycopy(q.lines, 24 * idx + 16, ln, o + 16, 8);
    }

    /** f ← f · line(a) · line(b), the two lines multiplied together first. */
    private static void lines(Tower tw, long[] f, long[] ln, G2Prepared q, int a, int b, long[] px, long[] py) {
        line(ln, 0, q, a, px, py);
        line(ln, 24, q, b, px, py);
        tw.mul034By034(ln, 0);
        tw.mulBy01234(f, f, ln, 48);
    }

    /** f^((p¹²−1)/r), gnark-crypto's addition chain (Duquesne–Ghammam hard part). */
    public static Fp12 finalExponentiation(Fp12 f) {
        Tower tw = new Tower();
        long[] t0 = new long[48], t1 = new long[48], t2 = new long[48], t3 = new long[48], t4 = new long[48];
        long[] result = Tower.of(f.inverse());
        Tower.conj12(t0, Tower.of(f));
        tw.mul12(t0, t0, result);
        tw.frobeniusSquare(result, t0);
        tw.mul12(result, result, t0);
        if (Tower.isOne12(result)) {
            return Fp12.ONE;
        }
        tw.expt(t0, result);
        Tower.conj12(t0, t0);
        tw.cycSq(t0, t0);
        tw.cycSq(t1, t0);
        tw.mul12(t1, t0, t1);
        tw.expt(t2, t1);
        Tower.conj12(t2, t2);
        Tower.conj12(t3, t1);
        tw.mul12(t1, t2, t3);
        tw.cycSq(t3, t2);
        tw.expt(t4, t3);
        tw.mul12(t4, t1, t4);
        tw.mul12(t3, t0, t4);
        tw.mul12(t0, t2, t4);
        tw.mul12(t0, result, t0);
        tw.frobenius(t2, t3);
        tw.mul12(t0, t2, t0);
        tw.frobeniusSquare(t2, t4);
        tw.mul12(t0, t2, t0);
        Tower.conj12(t2, result);
        tw.mul12(t2, t2, t3);
        tw.frobeniusCube(t2, t2);
        tw.mul12(t0, t2, t0);
        return Tower.toFp12(t0);
    }
}
