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
        Fp12 f = Fp12.ONE;
        for (int k = 0; k < m; k++) {
            f = f.mulBy034(q[k].r0[0].mulByFp(p[k].y()), q[k].r1[0].mulByFp(p[k].x()), q[k].r2[0]);
        }
        f = f.square();
        for (int k = 0; k < m; k++) {
            f = f.mulBy01234(lines(q[k], p[k], 1, 2));
        }
        int idx = 3;
        int[] loop = G2Prepared.LOOP;
        for (int i = loop.length - 4; i >= 0; i--) {
            f = f.square();
            for (int k = 0; k < m; k++) {
                if (loop[i] == 0) {
                    f = f.mulBy034(q[k].r0[idx].mulByFp(p[k].y()), q[k].r1[idx].mulByFp(p[k].x()), q[k].r2[idx]);
                } else {
                    f = f.mulBy01234(lines(q[k], p[k], idx, idx + 1));
                }
            }
            idx += loop[i] == 0 ? 1 : 2;
        }
        for (int k = 0; k < m; k++) {
            f = f.mulBy01234(lines(q[k], p[k], idx, idx + 1));
        }
        return f;
    }

    private static Fp2[] lines(G2Prepared q, G1Affine p, int a, int b) {
        return Fp12.mul034By034(q.r0[a].mulByFp(p.y()), q.r1[a].mulByFp(p.x()), q.r2[a],
                q.r0[b].mulByFp(p.y()), q.r1[b].mulByFp(p.x()), q.r2[b]);
    }

    /** f^((p¹²−1)/r), gnark-crypto's addition chain (Duquesne–Ghammam hard part). */
    public static Fp12 finalExponentiation(Fp12 f) {
        Fp12 t0 = f.conjugate();
        Fp12 result = f.inverse();
        t0 = t0.mul(result);
        result = t0.frobeniusSquare().mul(t0);
        if (result.isOne()) {
            return result;
        }
        t0 = result.expt().conjugate();
        t0 = t0.cyclotomicSquare();
        Fp12 t1 = t0.cyclotomicSquare();
        t1 = t0.mul(t1);
        Fp12 t2 = t1.expt();
        t2 = t2.conjugate();
        Fp12 t3 = t1.conjugate();
        t1 = t2.mul(t3);
        t3 = t2.cyclotomicSquare();
        Fp12 t4 = t3.expt();
        t4 = t1.mul(t4);
        t3 = t0.mul(t4);
        t0 = t2.mul(t4);
        t0 = result.mul(t0);
        t2 = t3.frobenius();
        t0 = t2.mul(t0);
        t2 = t4.frobeniusSquare();
        t0 = t2.mul(t0);
        t2 = result.conjugate();
        t2 = t2.mul(t3);
        t2 = t2.frobeniusCube();
        t0 = t2.mul(t0);
        return t0;
    }
}
