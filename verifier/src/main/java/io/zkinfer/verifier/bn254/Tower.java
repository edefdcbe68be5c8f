package io.zkinfer.verifier.bn254;

/**
 * Allocation-free 𝔽p¹² arithmetic for the Miller loop and the final exponentiation: elements are {@code long[]} limb
 * arrays (𝔽p: 4 limbs, Montgomery form, fully reduced; 𝔽p²: 8; 𝔽p⁶: 24; 𝔽p¹²: 48, in gnark's coefficient order
 * C0.B0.A0, C0.B0.A1, …, C1.B2.A1) updated in place. The formulas are those of {@link Fp2}, {@link Fp6} and
 * {@link Fp12} (gnark-crypto's); every element is kept fully reduced, so results are bit-identical even where a step
 * is fused (the multiplication by ξ, the Karatsuba middle term) or skips an intermediate reduction. An instance owns
 * its scratch space and is used by one thread for one computation.
 *
 * <p>Reductions read the top limb: p's top limb is below 2⁶², so for a sum below 2p the top limb alone says whether p
 * must be subtracted (unless it equals p's, probability about 2⁻⁶², which takes the full comparison), and for a
 * difference the top limbs of the operands say whether p must be added back. This replaces a borrow chain per
 * operation by one comparison.
 *
 * <p>Scratch layout of {@link #t}: [0, 16) for 𝔽p² operations, [16, 80) for 𝔽p⁶ operations, [80, 176) for 𝔽p¹²
 * operations. An operation at one level only calls operations of lower levels, and outputs and inputs never lie in
 * the scratch region of the operation itself or of those it calls (outputs may alias inputs where noted).
 */
final class Tower {
    private static final long Q0 = Fp.Q0, Q1 = Fp.Q1, Q2 = Fp.Q2, Q3 = Fp.Q3;
    private static final long INV = 0x87d20782e4866389L;
    static final long[] ONE12 = new long[48];
    /** Frobenius coefficients γ(k,j) as 𝔽p² limb arrays, [k][j], k = 1..3, j = 1..5. */
    private static final long[][][] GAMMA = new long[4][6][];

    static {
        put(ONE12, 0, Fp.ONE);
        for (int k = 1; k <= 3; k++) {
            for (int j = 1; j <= 5; j++) {
                GAMMA[k][j] = fp2(Fp12.gamma(k, j));
            }
        }
    }

    private static final int T6 = 16, T12 = 80;
    final long[] t = new long[176];

    // ---- conversions ----

    static void put(long[] z, int zo, Fp a) {
        z[zo] = a.l0;
        z[zo + 1] = a.l1;
        z[zo + 2] = a.l2;
        z[zo + 3] = a.l3;
    }

    static void put(long[] z, int zo, Fp2 a) {
        put(z, zo, a.a0);
        put(z, zo + 4, a.a1);
    }

    static long[] fp2(Fp2 a) {
        long[] z = new long[8];
        put(z, 0, a);
        return z;
    }

    static long[] fp(Fp a) {
        long[] z = new long[4];
        put(z, 0, a);
        return z;
    }

    static long[] of(Fp12 f) {
        long[] z = new long[48];
        Fp[] c = f.coefficients();
        for (int i = 0; i < 12; i++) {
            put(z, 4 * i, c[i]);
        }
        return z;
    }

    private static Fp fpAt(long[] x, int o) {
        return new Fp(x[o], x[o + 1], x[o + 2], x[o + 3]);
    }

    private static Fp2 fp2At(long[] x, int o) {
        return new Fp2(fpAt(x, o), fpAt(x, o + 4));
    }

    static Fp12 toFp12(long[] x) {
        return new Fp12(new Fp6(fp2At(x, 0), fp2At(x, 8), fp2At(x, 16)),
                new Fp6(fp2At(x, 24), fp2At(x, 32), fp2At(x, 40)));
    }

    static boolean isOne12(long[] x) {
        return java.util.Arrays.equals(x, ONE12);
    }

    // ---- 𝔽p (static, no scratch; z may alias x or y) ----

    private static void reduceInto(long[] z, int zo, long w0, long w1, long w2, long w3) {
        long d0 = w0 - Q0;
        long b = ((~w0 & Q0) | (~(w0 ^ Q0) & d0)) >>> 63;
        long t = w1 - Q1;
        long d1 = t - b;
        b = (((~w1 & Q1) | (~(w1 ^ Q1) & t)) >>> 63) | (((~t & b) | (~(t ^ b) & d1)) >>> 63);
        t = w2 - Q2;
        long d2 = t - b;
        b = (((~w2 & Q2) | (~(w2 ^ Q2) & t)) >>> 63) | (((~t & b) | (~(t ^ b) & d2)) >>> 63);
        t = w3 - Q3;
        long d3 = t - b;
        b = (((~w3 & Q3) | (~(w3 ^ Q3) & t)) >>> 63) | (((~t & b) | (~(t ^ b) & d3)) >>> 63);
        long keep = -b;
        z[zo] = (w0 & keep) | (d0 & ~keep);
        z[zo + 1] = (w1 & keep) | (d1 & ~keep);
        z[zo + 2] = (w2 & keep) | (d2 & ~keep);
        z[zo + 3] = (w3 & keep) | (d3 & ~keep);
    }

    /**
     * Stores w − p·[w ≥ p] for w = (w0..w3) below 2p. Whether w ≥ p is read from the top limbs: w3 ≠ Q3 decides it
     * (w3 &gt; Q3 means w &gt; p, w3 &lt; Q3 means w &lt; p; both are below 2⁶³, so a signed difference gives the
     * mask), and only w3 = Q3 (probability about 2⁻⁶²) takes the full comparison.
     */
    private static void reduceTop(long[] z, int zo, long w0, long w1, long w2, long w3) {
        if (w3 == Q3) {
            reduceInto(z, zo, w0, w1, w2, w3);
            return;
        }
        long m = (Q3 - w3) >> 63; // all ones when w3 > Q3
        long q0 = Q0 & m, q1 = Q1 & m, q2 = Q2 & m, q3 = Q3 & m;
        long d0 = w0 - q0;
        long b = Long.compareUnsigned(w0, q0) < 0 ? 1 : 0;
        long t = w1 - q1;
        long d1 = t - b;
        b = (Long.compareUnsigned(w1, q1) < 0 ? 1 : 0) + (Long.compareUnsigned(t, b) < 0 ? 1 : 0);
        t = w2 - q2;
        long d2 = t - b;
        b = (Long.compareUnsigned(w2, q2) < 0 ? 1 : 0) + (Long.compareUnsigned(t, b) < 0 ? 1 : 0);
        z[zo] = d0;
        z[zo + 1] = d1;
        z[zo + 2] = d2;
        z[zo + 3] = w3 - q3 - b;
    }

    /*
     * Carries and borrows below are Long.compareUnsigned tests, which C2 compiles to a compare and a flag read. A
     * carry into a limb and the carry out of it cannot both be 1 (t = a + b overflowed means t ≤ 2⁶⁴ − 2), so their
     * sum is the next carry; likewise for borrows.
     */

    static void add(long[] z, int zo, long[] x, int xo, long[] y, int yo) {
        long l0 = x[xo], l1 = x[xo + 1], l2 = x[xo + 2], l3 = x[xo + 3];
        long o0 = y[yo], o1 = y[yo + 1], o2 = y[yo + 2], o3 = y[yo + 3];
        long s0 = l0 + o0;
        long c = Long.compareUnsigned(s0, l0) < 0 ? 1 : 0;
        long t = l1 + o1;
        long s1 = t + c;
        c = (Long.compareUnsigned(t, l1) < 0 ? 1 : 0) + (Long.compareUnsigned(s1, t) < 0 ? 1 : 0);
        t = l2 + o2;
        long s2 = t + c;
        c = (Long.compareUnsigned(t, l2) < 0 ? 1 : 0) + (Long.compareUnsigned(s2, t) < 0 ? 1 : 0);
        long s3 = l3 + o3 + c; // no overflow: both operands are below 2^254
        reduceTop(z, zo, s0, s1, s2, s3);
    }

    /** z = 2x (a shift, then the reduction of {@link #add}). */
    static void dbl(long[] z, int zo, long[] x, int xo) {
        long l0 = x[xo], l1 = x[xo + 1], l2 = x[xo + 2], l3 = x[xo + 3];
        reduceTop(z, zo, l0 << 1, (l1 << 1) | (l0 >>> 63), (l2 << 1) | (l1 >>> 63), (l3 << 1) | (l2 >>> 63));
    }

    static void sub(long[] z, int zo, long[] x, int xo, long[] y, int yo) {
        long l0 = x[xo], l1 = x[xo + 1], l2 = x[xo + 2], l3 = x[xo + 3];
        long o0 = y[yo], o1 = y[yo + 1], o2 = y[yo + 2], o3 = y[yo + 3];
        if (l3 == o3) {
            subSlow(z, zo, l0, l1, l2, l3, o0, o1, o2, o3);
            return;
        }
        // x < y exactly when l3 < o3 (top limbs differ): then compute (x + p) − y, else x − y; no final borrow
        long m = (l3 - o3) >> 63;
        long q0 = Q0 & m, q1 = Q1 & m, q2 = Q2 & m, q3 = Q3 & m;
        long a0 = l0 + q0;
        long c = Long.compareUnsigned(a0, l0) < 0 ? 1 : 0;
        long t = l1 + q1;
        long a1 = t + c;
        c = (Long.compareUnsigned(t, l1) < 0 ? 1 : 0) + (Long.compareUnsigned(a1, t) < 0 ? 1 : 0);
        t = l2 + q2;
        long a2 = t + c;
        c = (Long.compareUnsigned(t, l2) < 0 ? 1 : 0) + (Long.compareUnsigned(a2, t) < 0 ? 1 : 0);
        long a3 = l3 + q3 + c;
        long d0 = a0 - o0;
        long b = Long.compareUnsigned(a0, o0) < 0 ? 1 : 0;
        t = a1 - o1;
        long d1 = t - b;
        b = (Long.compareUnsigned(a1, o1) < 0 ? 1 : 0) + (Long.compareUnsigned(t, b) < 0 ? 1 : 0);
        t = a2 - o2;
        long d2 = t - b;
        b = (Long.compareUnsigned(a2, o2) < 0 ? 1 : 0) + (Long.compareUnsigned(t, b) < 0 ? 1 : 0);
        z[zo] = d0;
        z[zo + 1] = d1;
        z[zo + 2] = d2;
        z[zo + 3] = a3 - o3 - b;
    }

    /** x − y when the top limbs are equal: the full borrow chain, then p added back under a mask. */
    private static void subSlow(long[] z, int zo, long l0, long l1, long l2, long l3, long o0, long o1, long o2,
            long o3) {
        long d0 = l0 - o0;
        long b = ((~l0 & o0) | (~(l0 ^ o0) & d0)) >>> 63;
        long t = l1 - o1;
        long d1 = t - b;
        b = (((~l1 & o1) | (~(l1 ^ o1) & t)) >>> 63) | (((~t & b) | (~(t ^ b) & d1)) >>> 63);
        t = l2 - o2;
        long d2 = t - b;
        b = (((~l2 & o2) | (~(l2 ^ o2) & t)) >>> 63) | (((~t & b) | (~(t ^ b) & d2)) >>> 63);
        t = l3 - o3;
        long d3 = t - b;
        b = (((~l3 & o3) | (~(l3 ^ o3) & t)) >>> 63) | (((~t & b) | (~(t ^ b) & d3)) >>> 63);
        long m = -b;
        long q0 = Q0 & m, q1 = Q1 & m, q2 = Q2 & m, q3 = Q3 & m;
        long s0 = d0 + q0;
        long c = ((d0 & q0) | ((d0 | q0) & ~s0)) >>> 63;
        long u = d1 + q1;
        long s1 = u + c;
        c = (((d1 & q1) | ((d1 | q1) & ~u)) >>> 63) | (((u & c) | ((u | c) & ~s1)) >>> 63);
        u = d2 + q2;
        long s2 = u + c;
        c = (((d2 & q2) | ((d2 | q2) & ~u)) >>> 63) | (((u & c) | ((u | c) & ~s2)) >>> 63);
        long s3 = d3 + q3 + c;
        z[zo] = s0;
        z[zo + 1] = s1;
        z[zo + 2] = s2;
        z[zo + 3] = s3;
    }

    /** z = −x (0 − x, plus p when x ≠ 0). */
    static void neg(long[] z, int zo, long[] x, int xo) {
        long l0 = x[xo], l1 = x[xo + 1], l2 = x[xo + 2], l3 = x[xo + 3];
        long nz = l0 | l1 | l2 | l3;
        long m = (nz | -nz) >> 63; // all ones when x ≠ 0
        long d0 = Q0 - l0;
        long b = Long.compareUnsigned(Q0, l0) < 0 ? 1 : 0;
        long t = Q1 - l1;
        long d1 = t - b;
        b = (Long.compareUnsigned(Q1, l1) < 0 ? 1 : 0) + (Long.compareUnsigned(t, b) < 0 ? 1 : 0);
        t = Q2 - l2;
        long d2 = t - b;
        b = (Long.compareUnsigned(Q2, l2) < 0 ? 1 : 0) + (Long.compareUnsigned(t, b) < 0 ? 1 : 0);
        z[zo] = d0 & m;
        z[zo + 1] = d1 & m;
        z[zo + 2] = d2 & m;
        z[zo + 3] = (Q3 - l3 - b) & m;
    }

    /** k·p for k = 0..10 as five limbs each, for {@link #mul9Add}. */
    private static final long[] KP = new long[55];
    /** p's top 32 bits plus one: v / 2²²⁴ / PT underestimates v / p by less than 1 for v below 10p. */
    private static final long PT = (Q3 >>> 32) + 1;

    static {
        java.math.BigInteger p = Fp.MODULUS;
        for (int k = 0; k <= 10; k++) {
            java.math.BigInteger kp = p.multiply(java.math.BigInteger.valueOf(k));
            for (int j = 0; j < 5; j++) {
                KP[5 * k + j] = kp.shiftRight(64 * j).longValue();
            }
        }
    }

    /**
     * z = 9a + b mod p for a below p and b at most p (a, b as limbs). The sum v is below 10p &lt; 2²⁵⁸ (five limbs).
     * k = ⌊(v ≫ 224) / PT⌋ is ⌊v/p⌋ or one less, so v − k·p lies in [0, 2p), and {@link #reduceTop} finishes.
     */
    private static void mul9Add(long[] z, int zo, long a0, long a1, long a2, long a3, long b0, long b1, long b2,
            long b3) {
        // 8a (a < 2^254, so 8a < 2^257)
        long e0 = a0 << 3, e1 = (a1 << 3) | (a0 >>> 61), e2 = (a2 << 3) | (a1 >>> 61), e3 = (a3 << 3) | (a2 >>> 61),
                e4 = a3 >>> 61;
        // + a
        long v0 = e0 + a0;
        long c = Long.compareUnsigned(v0, e0) < 0 ? 1 : 0;
        long t = e1 + a1;
        long v1 = t + c;
        c = (Long.compareUnsigned(t, e1) < 0 ? 1 : 0) + (Long.compareUnsigned(v1, t) < 0 ? 1 : 0);
        t = e2 + a2;
        long v2 = t + c;
        c = (Long.compareUnsigned(t, e2) < 0 ? 1 : 0) + (Long.compareUnsigned(v2, t) < 0 ? 1 : 0);
        t = e3 + a3;
        long v3 = t + c;
        c = (Long.compareUnsigned(t, e3) < 0 ? 1 : 0) + (Long.compareUnsigned(v3, t) < 0 ? 1 : 0);
        long v4 = e4 + c;
        // + b
        long w0 = v0 + b0;
        c = Long.compareUnsigned(w0, v0) < 0 ? 1 : 0;
        t = v1 + b1;
        long w1 = t + c;
        c = (Long.compareUnsigned(t, v1) < 0 ? 1 : 0) + (Long.compareUnsigned(w1, t) < 0 ? 1 : 0);
        t = v2 + b2;
        long w2 = t + c;
        c = (Long.compareUnsigned(t, v2) < 0 ? 1 : 0) + (Long.compareUnsigned(w2, t) < 0 ? 1 : 0);
        t = v3 + b3;
        long w3 = t + c;
        c = (Long.compareUnsigned(t, v3) < 0 ? 1 : 0) + (Long.compareUnsigned(w3, t) < 0 ? 1 : 0);
        long w4 = v4 + c;
        // − k·p; the result is below 2p < 2^256, so limb 4 of the difference is 0 and is not computed
        int k = (int) (((w4 << 32) | (w3 >>> 32)) / PT);
        int o = 5 * k;
        long k0 = KP[o], k1 = KP[o + 1], k2 = KP[o + 2], k3 = KP[o + 3];
        long d0 = w0 - k0;
        long b = Long.compareUnsigned(w0, k0) < 0 ? 1 : 0;
        t = w1 - k1;
        long d1 = t - b;
        b = (Long.compareUnsigned(w1, k1) < 0 ? 1 : 0) + (Long.compareUnsigned(t, b) < 0 ? 1 : 0);
        t = w2 - k2;
        long d2 = t - b;
        b = (Long.compareUnsigned(w2, k2) < 0 ? 1 : 0) + (Long.compareUnsigned(t, b) < 0 ? 1 : 0);
        reduceTop(z, zo, d0, d1, d2, w3 - k3 - b);
    }

    /** z = x·y (Montgomery), the limbs read before z is written, so z may alias x or y. */
    static void mul(long[] z, int zo, long[] x, int xo, long[] y, int yo) {
        final long a0 = x[xo], a1 = x[xo + 1], a2 = x[xo + 2], a3 = x[xo + 3];
        final long b0 = y[yo], b1 = y[yo + 1], b2 = y[yo + 2], b3 = y[yo + 3];
        long t0, t1, t2, t3, A, C, m, lo, hi, s;
        lo = a0 * b0; hi = Uint64.mulHigh(a0, b0);
        A = hi; t0 = lo;
        m = t0 * INV;
        C = Uint64.mulHigh(m, Q0) + ((t0 | -t0) >>> 63); // lo(m·Q0) = −t0: a carry iff t0 ≠ 0
        lo = a1 * b0; hi = Uint64.mulHigh(a1, b0);
        s = lo + A; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; lo = s;
        A = hi; t1 = lo;
        lo = m * Q1; hi = Uint64.mulHigh(m, Q1);
        s = lo + t1; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; lo = s;
        s = lo + C; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; lo = s;
        C = hi; t0 = lo;
        lo = a2 * b0; hi = Uint64.mulHigh(a2, b0);
        s = lo + A; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; lo = s;
        A = hi; t2 = lo;
        lo = m * Q2; hi = Uint64.mulHigh(m, Q2);
        s = lo + t2; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; lo = s;
        s = lo + C; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; lo = s;
        C = hi; t1 = lo;
        lo = a3 * b0; hi = Uint64.mulHigh(a3, b0);
        s = lo + A; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; lo = s;
        A = hi; t3 = lo;
        lo = m * Q3; hi = Uint64.mulHigh(m, Q3);
        s = lo + t3; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; lo = s;
        s = lo + C; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; lo = s;
        C = hi; t2 = lo;
        t3 = C + A;
        lo = a0 * b1; hi = Uint64.mulHigh(a0, b1);
        s = lo + t0; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; lo = s;
        A = hi; t0 = lo;
        m = t0 * INV;
        C = Uint64.mulHigh(m, Q0) + ((t0 | -t0) >>> 63); // lo(m·Q0) = −t0: a carry iff t0 ≠ 0
        lo = a1 * b1; hi = Uint64.mulHigh(a1, b1);
        s = lo + t1; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; lo = s;
        s = lo + A; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; lo = s;
        A = hi; t1 = lo;
        lo = m * Q1; hi = Uint64.mulHigh(m, Q1);
        s = lo + t1; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; lo = s;
        s = lo + C; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; lo = s;
        C = hi; t0 = lo;
        lo = a2 * b1; hi = Uint64.mulHigh(a2, b1);
        s = lo + t2; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; lo = s;
        s = lo + A; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; lo = s;
        A = hi; t2 = lo;
        lo = m * Q2; hi = Uint64.mulHigh(m, Q2);
        s = lo + t2; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; lo = s;
        s = lo + C; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; lo = s;
        C = hi; t1 = lo;
        lo = a3 * b1; hi = Uint64.mulHigh(a3, b1);
        s = lo + t3; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; lo = s;
        s = lo + A; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; lo = s;
        A = hi; t3 = lo;
        lo = m * Q3; hi = Uint64.mulHigh(m, Q3);
        s = lo + t3; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; lo = s;
        s = lo + C; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; lo = s;
        C = hi; t2 = lo;
        t3 = C + A;
        lo = a0 * b2; hi = Uint64.mulHigh(a0, b2);
        s = lo + t0; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; lo = s;
        A = hi; t0 = lo;
        m = t0 * INV;
        C = Uint64.mulHigh(m, Q0) + ((t0 | -t0) >>> 63); // lo(m·Q0) = −t0: a carry iff t0 ≠ 0
        lo = a1 * b2; hi = Uint64.mulHigh(a1, b2);
        s = lo + t1; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; lo = s;
        s = lo + A; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; lo = s;
        A = hi; t1 = lo;
        lo = m * Q1; hi = Uint64.mulHigh(m, Q1);
        s = lo + t1; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; lo = s;
        s = lo + C; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; lo = s;
        C = hi; t0 = lo;
        lo = a2 * b2; hi = Uint64.mulHigh(a2, b2);
        s = lo + t2; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; lo = s;
        s = lo + A; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; lo = s;
        A = hi; t2 = lo;
        lo = m * Q2; hi = Uint64.mulHigh(m, Q2);
        s = lo + t2; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; lo = s;
        s = lo + C; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; lo = s;
        C = hi; t1 = lo;
        lo = a3 * b2; hi = Uint64.mulHigh(a3, b2);
        s = lo + t3; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; lo = s;
        s = lo + A; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; lo = s;
        A = hi; t3 = lo;
        lo = m * Q3; hi = Uint64.mulHigh(m, Q3);
        s = lo + t3; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; lo = s;
        s = lo + C; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; lo = s;
        C = hi; t2 = lo;
        t3 = C + A;
        lo = a0 * b3; hi = Uint64.mulHigh(a0, b3);
        s = lo + t0; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; lo = s;
        A = hi; t0 = lo;
        m = t0 * INV;
        C = Uint64.mulHigh(m, Q0) + ((t0 | -t0) >>> 63); // lo(m·Q0) = −t0: a carry iff t0 ≠ 0
        lo = a1 * b3; hi = Uint64.mulHigh(a1, b3);
        s = lo + t1; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; lo = s;
        s = lo + A; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; lo = s;
        A = hi; t1 = lo;
        lo = m * Q1; hi = Uint64.mulHigh(m, Q1);
        s = lo + t1; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; lo = s;
        s = lo + C; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; lo = s;
        C = hi; t0 = lo;
        lo = a2 * b3; hi = Uint64.mulHigh(a2, b3);
        s = lo + t2; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; lo = s;
        s = lo + A; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; lo = s;
        A = hi; t2 = lo;
        lo = m * Q2; hi = Uint64.mulHigh(m, Q2);
        s = lo + t2; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; lo = s;
        s = lo + C; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; lo = s;
        C = hi; t1 = lo;
        lo = a3 * b3; hi = Uint64.mulHigh(a3, b3);
        s = lo + t3; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; lo = s;
        s = lo + A; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; lo = s;
        A = hi; t3 = lo;
        lo = m * Q3; hi = Uint64.mulHigh(m, Q3);
        s = lo + t3; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; lo = s;
        s = lo + C; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; lo = s;
        C = hi; t2 = lo;
        t3 = C + A;
        // t < 2p. When its top limb is below p's, t < p already: the common case (about 5 in 6 for random
        // operands), so a predictable branch skips the masked subtraction.
        if (t3 >= 0 && t3 < Q3) {
            z[zo] = t0;
            z[zo + 1] = t1;
            z[zo + 2] = t2;
            z[zo + 3] = t3;
        } else {
            reduceTop(z, zo, t0, t1, t2, t3);
        }
    }

    // ---- 𝔽p² (scratch [0, 16)) ----

    static void copy2(long[] z, int zo, long[] x, int xo) {
        System.arraycopy(x, xo, z, zo, 8);
    }

    static void add2(long[] z, int zo, long[] x, int xo, long[] y, int yo) {
        add(z, zo, x, xo, y, yo);
        add(z, zo + 4, x, xo + 4, y, yo + 4);
    }

    static void sub2(long[] z, int zo, long[] x, int xo, long[] y, int yo) {
        sub(z, zo, x, xo, y, yo);
        sub(z, zo + 4, x, xo + 4, y, yo + 4);
    }

    static void dbl2(long[] z, int zo, long[] x, int xo) {
        dbl(z, zo, x, xo);
        dbl(z, zo + 4, x, xo + 4);
    }

    static void neg2(long[] z, int zo, long[] x, int xo) {
        neg(z, zo, x, xo);
        neg(z, zo + 4, x, xo + 4);
    }

    static void conj2(long[] z, int zo, long[] x, int xo) {
        System.arraycopy(x, xo, z, zo, 4);
        neg(z, zo + 4, x, xo + 4);
    }

    /** z = x·e for e in 𝔽p (e must not lie in z). */
    static void mulFp2(long[] z, int zo, long[] x, int xo, long[] e, int eo) {
        mul(z, zo, x, xo, e, eo);
        mul(z, zo + 4, x, xo + 4, e, eo);
    }

    /**
     * z = x + y without the reduction: below 2p, only for a factor of {@link #mul}. The Montgomery product of factors
     * below 2p is below (2p)²/2²⁵⁶ + p &lt; 1.76p (4p &lt; 2²⁵⁶), so its one conditional subtraction still reduces
     * it; and the no-carry CIOS stays exact, as every intermediate t stays below 3p &lt; 2²⁵⁶ (tested in TowerTest).
     */
    static void addLazy(long[] z, int zo, long[] x, int xo, long[] y, int yo) {
        long l0 = x[xo], l1 = x[xo + 1], l2 = x[xo + 2], l3 = x[xo + 3];
        long o0 = y[yo], o1 = y[yo + 1], o2 = y[yo + 2], o3 = y[yo + 3];
        long s0 = l0 + o0;
        long c = Long.compareUnsigned(s0, l0) < 0 ? 1 : 0;
        long t = l1 + o1;
        long s1 = t + c;
        c = (Long.compareUnsigned(t, l1) < 0 ? 1 : 0) + (Long.compareUnsigned(s1, t) < 0 ? 1 : 0);
        t = l2 + o2;
        long s2 = t + c;
        c = (Long.compareUnsigned(t, l2) < 0 ? 1 : 0) + (Long.compareUnsigned(s2, t) < 0 ? 1 : 0);
        z[zo] = s0;
        z[zo + 1] = s1;
        z[zo + 2] = s2;
        z[zo + 3] = l3 + o3 + c;
    }

    /** Karatsuba, as {@link Fp2#mul} (the factor sums left unreduced); z may alias x or y. */
    void mul2(long[] z, int zo, long[] x, int xo, long[] y, int yo) {
        long[] t = this.t;
        addLazy(t, 0, x, xo, x, xo + 4);
        addLazy(t, 4, y, yo, y, yo + 4);
        mul(t, 0, t, 0, t, 4);
        mul(t, 4, x, xo, y, yo);
        mul(t, 8, x, xo + 4, y, yo + 4);
        sub(z, zo, t, 4, t, 8);
        subSum(z, zo + 4, t, 0, t, 4, t, 8);
    }

    /**
     * z = x − (y + w) for x, y, w below p, in one pass: s = y + w is left unreduced (below 2p), and the multiple of p
     * to add, k ∈ {0, 1, 2}, is read from the top limbs. With δ = x₃ − s₃: x − s &gt; 0 when δ ≥ 1; x − s &lt; 0 ≤
     * x + p − s when δ ≤ −1 and δ + p₃ ≥ 1; x + p − s &lt; 0 when δ + p₃ ≤ −2 (the limbs below the top one are worth
     * less than one unit of it, and x + p may carry one unit into its top limb). δ = 0 and δ + p₃ ∈ {−1, 0}
     * (probability about 2⁻⁶¹) take two ordinary subtractions. z may alias any.
     */
    static void subSum(long[] z, int zo, long[] x, int xo, long[] y, int yo, long[] w, int wo) {
        long l0 = x[xo], l1 = x[xo + 1], l2 = x[xo + 2], l3 = x[xo + 3];
        long y0 = y[yo], y1 = y[yo + 1], y2 = y[yo + 2], y3 = y[yo + 3];
        long w0 = w[wo], w1 = w[wo + 1], w2 = w[wo + 2], w3 = w[wo + 3];
        long s0 = y0 + w0;
        long c = Long.compareUnsigned(s0, y0) < 0 ? 1 : 0;
        long t = y1 + w1;
        long s1 = t + c;
        c = (Long.compareUnsigned(t, y1) < 0 ? 1 : 0) + (Long.compareUnsigned(s1, t) < 0 ? 1 : 0);
        t = y2 + w2;
        long s2 = t + c;
        c = (Long.compareUnsigned(t, y2) < 0 ? 1 : 0) + (Long.compareUnsigned(s2, t) < 0 ? 1 : 0);
        long s3 = y3 + w3 + c;
        long delta = l3 - s3;
        if (delta == 0 || delta + Q3 == 0 || delta + Q3 == -1) {
            long[] u = new long[4];
            sub(u, 0, x, xo, y, yo);
            sub(z, zo, u, 0, w, wo);
            return;
        }
        int o = 5 * (int) ((delta >>> 63) + ((delta + Q3) >>> 63));
        long k0 = KP[o], k1 = KP[o + 1], k2 = KP[o + 2], k3 = KP[o + 3];
        long a0 = l0 + k0;
        c = Long.compareUnsigned(a0, l0) < 0 ? 1 : 0;
        t = l1 + k1;
        long a1 = t + c;
        c = (Long.compareUnsigned(t, l1) < 0 ? 1 : 0) + (Long.compareUnsigned(a1, t) < 0 ? 1 : 0);
        t = l2 + k2;
        long a2 = t + c;
        c = (Long.compareUnsigned(t, l2) < 0 ? 1 : 0) + (Long.compareUnsigned(a2, t) < 0 ? 1 : 0);
        long a3 = l3 + k3 + c;
        long d0 = a0 - s0;
        long b = Long.compareUnsigned(a0, s0) < 0 ? 1 : 0;
        t = a1 - s1;
        long d1 = t - b;
        b = (Long.compareUnsigned(a1, s1) < 0 ? 1 : 0) + (Long.compareUnsigned(t, b) < 0 ? 1 : 0);
        t = a2 - s2;
        long d2 = t - b;
        b = (Long.compareUnsigned(a2, s2) < 0 ? 1 : 0) + (Long.compareUnsigned(t, b) < 0 ? 1 : 0);
        z[zo] = d0;
        z[zo + 1] = d1;
        z[zo + 2] = d2;
        z[zo + 3] = a3 - s3 - b;
    }

    /** As {@link Fp2#square}; z may alias x. */
    void sq2(long[] z, int zo, long[] x, int xo) {
        long[] t = this.t;
        addLazy(t, 0, x, xo, x, xo + 4);
        sub(t, 4, x, xo, x, xo + 4);
        mul(t, 8, x, xo, x, xo + 4);
        mul(z, zo, t, 0, t, 4);
        dbl(z, zo + 4, t, 8);
    }

    /** z = x·(9 + u); z may alias x. */
    static void nr2(long[] z, int zo, long[] x, int xo) {
        long a0 = x[xo], a1 = x[xo + 1], a2 = x[xo + 2], a3 = x[xo + 3];
        long b0 = x[xo + 4], b1 = x[xo + 5], b2 = x[xo + 6], b3 = x[xo + 7];
        // p − x.a1 (in (0, p])
        long n0 = Q0 - b0;
        long bw = Long.compareUnsigned(Q0, b0) < 0 ? 1 : 0;
        long t = Q1 - b1;
        long n1 = t - bw;
        bw = (Long.compareUnsigned(Q1, b1) < 0 ? 1 : 0) + (Long.compareUnsigned(t, bw) < 0 ? 1 : 0);
        t = Q2 - b2;
        long n2 = t - bw;
        bw = (Long.compareUnsigned(Q2, b2) < 0 ? 1 : 0) + (Long.compareUnsigned(t, bw) < 0 ? 1 : 0);
        long n3 = Q3 - b3 - bw;
        mul9Add(z, zo, a0, a1, a2, a3, n0, n1, n2, n3); // 9·a0 − a1
        mul9Add(z, zo + 4, b0, b1, b2, b3, a0, a1, a2, a3); // 9·a1 + a0
    }

    // ---- 𝔽p⁶ (scratch [16, 80)) ----

    static void add6(long[] z, int zo, long[] x, int xo, long[] y, int yo) {
        for (int i = 0; i < 24; i += 4) {
            add(z, zo + i, x, xo + i, y, yo + i);
        }
    }

    static void sub6(long[] z, int zo, long[] x, int xo, long[] y, int yo) {
        for (int i = 0; i < 24; i += 4) {
            sub(z, zo + i, x, xo + i, y, yo + i);
        }
    }

    static void dbl6(long[] z, int zo, long[] x, int xo) {
        add6(z, zo, x, xo, x, xo);
    }

    static void neg6(long[] z, int zo, long[] x, int xo) {
        for (int i = 0; i < 24; i += 4) {
            neg(z, zo + i, x, xo + i);
        }
    }

    /** z = x·v; z may alias x. */
    void nr6(long[] z, int zo, long[] x, int xo) {
        long[] t = this.t;
        nr2(t, T6, x, xo + 16);
        System.arraycopy(x, xo + 8, z, zo + 16, 8);
        System.arraycopy(x, xo, z, zo + 8, 8);
        System.arraycopy(t, T6, z, zo, 8);
    }

    /** As {@link Fp6#mul}; z may alias x or y. */
    void mul6(long[] z, int zo, long[] x, int xo, long[] y, int yo) {
        long[] t = this.t;
        final int s0 = T6, s1 = T6 + 8, s2 = T6 + 16, s3 = T6 + 24, s4 = T6 + 32, s5 = T6 + 40, s6 = T6 + 48;
        mul2(t, s0, x, xo, y, yo);
        mul2(t, s1, x, xo + 8, y, yo + 8);
        mul2(t, s2, x, xo + 16, y, yo + 16);
        add2(t, s3, x, xo + 8, x, xo + 16);
        add2(t, s4, y, yo + 8, y, yo + 16);
        mul2(t, s3, t, s3, t, s4);
        sub2(t, s3, t, s3, t, s1);
        sub2(t, s3, t, s3, t, s2);
        nr2(t, s3, t, s3);
        add2(t, s5, t, s3, t, s0);
        add2(t, s3, x, xo, x, xo + 8);
        add2(t, s4, y, yo, y, yo + 8);
        mul2(t, s3, t, s3, t, s4);
        sub2(t, s3, t, s3, t, s0);
        sub2(t, s3, t, s3, t, s1);
        nr2(t, s4, t, s2);
        add2(t, s6, t, s3, t, s4);
        add2(t, s3, x, xo, x, xo + 16);
        add2(t, s4, y, yo, y, yo + 16);
        mul2(t, s3, t, s3, t, s4);
        sub2(t, s3, t, s3, t, s0);
        sub2(t, s3, t, s3, t, s2);
        add2(z, zo + 16, t, s3, t, s1);
        copy2(z, zo, t, s5);
        copy2(z, zo + 8, t, s6);
    }

    /** As {@link Fp6#square}; z may alias x. */
    void sq6(long[] z, int zo, long[] x, int xo) {
        long[] t = this.t;
        final int s0 = T6, s1 = T6 + 8, s2 = T6 + 16, s3 = T6 + 24, s4 = T6 + 32, s5 = T6 + 40;
        mul2(t, s0, x, xo, x, xo + 8);
        dbl2(t, s0, t, s0); // c4
        sq2(t, s1, x, xo + 16); // c5
        nr2(t, s2, t, s1);
        add2(t, s2, t, s2, t, s0); // c1
        sub2(t, s0, t, s0, t, s1); // c2
        sq2(t, s1, x, xo); // c3
        sub2(t, s3, x, xo, x, xo + 8);
        add2(t, s3, t, s3, x, xo + 16);
        sq2(t, s3, t, s3); // d4
        mul2(t, s4, x, xo + 8, x, xo + 16);
        dbl2(t, s4, t, s4); // d5
        nr2(t, s5, t, s4);
        add2(t, s5, t, s5, t, s1); // c0
        add2(t, s0, t, s0, t, s3);
        add2(t, s0, t, s0, t, s4);
        sub2(z, zo + 16, t, s0, t, s1);
        copy2(z, zo, t, s5);
        copy2(z, zo + 8, t, s2);
    }

    /**
     * As {@link Fp6#mulBy01}: z = x·(c0 + c1·v), c0 at offset o0 of a and c1 at offset o1 of b; z may alias x; c0
     * and c1 must not lie in z or in the scratch below 80.
     */
    void mulBy01(long[] z, int zo, long[] x, int xo, long[] a, int o0, long[] b, int o1) {
        long[] t = this.t;
        final int s0 = T6, s1 = T6 + 8, s2 = T6 + 16, s3 = T6 + 24, s4 = T6 + 32, s5 = T6 + 40;
        mul2(t, s0, x, xo, a, o0); // a
        mul2(t, s1, x, xo + 8, b, o1); // b
        add2(t, s2, x, xo + 8, x, xo + 16);
        mul2(t, s2, t, s2, b, o1);
        sub2(t, s2, t, s2, t, s1);
        nr2(t, s2, t, s2);
        add2(t, s2, t, s2, t, s0); // t0
        add2(t, s3, x, xo, x, xo + 16);
        mul2(t, s3, t, s3, a, o0);
        sub2(t, s3, t, s3, t, s0);
        add2(t, s3, t, s3, t, s1); // t2
        add2(t, s4, a, o0, b, o1);
        add2(t, s5, x, xo, x, xo + 8);
        mul2(t, s4, t, s4, t, s5);
        sub2(t, s4, t, s4, t, s0);
        sub2(z, zo + 8, t, s4, t, s1); // t1
        copy2(z, zo, t, s2);
        copy2(z, zo + 16, t, s3);
    }

    /** z = x·e for e in 𝔽p² (e must not lie in z or the scratch). */
    void mulByFp2(long[] z, int zo, long[] x, int xo, long[] e, int eo) {
        mul2(z, zo, x, xo, e, eo);
        mul2(z, zo + 8, x, xo + 8, e, eo);
        mul2(z, zo + 16, x, xo + 16, e, eo);
    }

    // ---- 𝔽p¹² (scratch [80, 176)) ----

    private static final int U0 = T12, U1 = T12 + 24, U2 = T12 + 48, U3 = T12 + 72;

    /** As {@link Fp12#mul}; z may alias x or y. */
    void mul12(long[] z, long[] x, long[] y) {
        long[] t = this.t;
        add6(t, U0, x, 0, x, 24);
        add6(t, U3, y, 0, y, 24);
        mul6(t, U0, t, U0, t, U3);
        mul6(t, U1, x, 0, y, 0);
        mul6(t, U2, x, 24, y, 24);
        sub6(t, U0, t, U0, t, U1);
        sub6(z, 24, t, U0, t, U2);
        nr6(t, U2, t, U2);
        add6(z, 0, t, U2, t, U1);
    }

    /** As {@link Fp12#square}; z may alias x. */
    void sq12(long[] z, long[] x) {
        long[] t = this.t;
        sub6(t, U0, x, 0, x, 24);
        nr6(t, U1, x, 24);
        sub6(t, U1, x, 0, t, U1);
        mul6(t, U2, x, 0, x, 24);
        mul6(t, U0, t, U0, t, U1);
        add6(t, U0, t, U0, t, U2);
        nr6(t, U1, t, U2);
        add6(z, 0, t, U0, t, U1);
        dbl6(z, 24, t, U2);
    }

    static void conj12(long[] z, long[] x) {
        if (z != x) {
            System.arraycopy(x, 0, z, 0, 24);
        }
        neg6(z, 24, x, 24);
    }

    /** As {@link Fp12#cyclotomicSquare}; z may alias x. */
    void cycSq(long[] z, long[] x) {
        long[] t = this.t;
        final int v0 = T12, v1 = T12 + 8, v2 = T12 + 16, v3 = T12 + 24, v4 = T12 + 32, v5 = T12 + 40,
                v6 = T12 + 48, v7 = T12 + 56, v8 = T12 + 64, v9 = T12 + 72;
        final int x0 = 0, x1 = 8, x2 = 16, x3 = 24, x4 = 32, x5 = 40;
        sq2(t, v0, x, x4);
        sq2(t, v1, x, x0);
        add2(t, v6, x, x4, x, x0);
        sq2(t, v6, t, v6);
        sub2(t, v6, t, v6, t, v0);
        sub2(t, v6, t, v6, t, v1);
        sq2(t, v2, x, x2);
        sq2(t, v3, x, x3);
        add2(t, v7, x, x2, x, x3);
        sq2(t, v7, t, v7);
        sub2(t, v7, t, v7, t, v2);
        sub2(t, v7, t, v7, t, v3);
        sq2(t, v4, x, x5);
        sq2(t, v5, x, x1);
        add2(t, v8, x, x5, x, x1);
        sq2(t, v8, t, v8);
        sub2(t, v8, t, v8, t, v4);
        sub2(t, v8, t, v8, t, v5);
        nr2(t, v8, t, v8);
        nr2(t, v0, t, v0);
        add2(t, v0, t, v0, t, v1);
        nr2(t, v2, t, v2);
        add2(t, v2, t, v2, t, v3);
        nr2(t, v4, t, v4);
        add2(t, v4, t, v4, t, v5);
        // each output reads only its own input coefficient, so z may alias x
        sub2(t, v9, t, v0, x, x0);
        dbl2(t, v9, t, v9);
        add2(z, x0, t, v9, t, v0);
        sub2(t, v9, t, v2, x, x1);
        dbl2(t, v9, t, v9);
        add2(z, x1, t, v9, t, v2);
        sub2(t, v9, t, v4, x, x2);
        dbl2(t, v9, t, v9);
        add2(z, x2, t, v9, t, v4);
        add2(t, v9, t, v8, x, x3);
        dbl2(t, v9, t, v9);
        add2(z, x3, t, v9, t, v8);
        add2(t, v9, t, v6, x, x4);
        dbl2(t, v9, t, v9);
        add2(z, x4, t, v9, t, v6);
        add2(t, v9, t, v7, x, x5);
        dbl2(t, v9, t, v9);
        add2(z, x5, t, v9, t, v7);
    }

    /**
     * As {@link Fp12#mulBy034}: z = x·(d0 + d3·w + d4·v·w), the line coefficients at offsets d0, d3, d4 of {@code d};
     * z may alias x; d must not be the scratch.
     */
    void mulBy034(long[] z, long[] x, long[] d, int d0, int d3, int d4) {
        long[] t = this.t;
        mulByFp2(t, U0, x, 0, d, d0); // a
        mulBy01(t, U1, x, 24, d, d3, d, d4); // b
        add6(t, U2, x, 0, x, 24);
        add2(t, U3, d, d0, d, d3);
        mulBy01(t, U2, t, U2, t, U3, d, d4); // d
        sub6(t, U2, t, U2, t, U0);
        sub6(z, 24, t, U2, t, U1);
        nr6(t, U1, t, U1);
        add6(z, 0, t, U1, t, U0);
    }

    /** 1 in 𝔽p² (Montgomery form). */
    private static final long[] ONE2 = fp2(Fp2.ONE);

    /**
     * gnark-crypto's MulBy34: z = x·(1 + d3·w + d4·v·w), the line of a fixed G2 point in affine form evaluated at
     * (−x/y, 1/y) of its G1 point; the coefficients at offsets d3, d4 of {@code d}. Two sparse 𝔽p⁶ products (30 𝔽p
     * products, against 39 for {@link #mulBy034}). z may alias x; d must not be the scratch.
     */
    void mulBy34(long[] z, long[] x, long[] d, int d3, int d4) {
        long[] t = this.t;
        mulBy01(t, U1, x, 24, d, d3, d, d4); // b = x.C1·L
        add6(t, U2, x, 0, x, 24);
        add2(t, U3, ONE2, 0, d, d3);
        mulBy01(t, U2, t, U2, t, U3, d, d4); // (x.C0 + x.C1)(1 + L)
        sub6(t, U2, t, U2, x, 0);
        sub6(z, 24, t, U2, t, U1); // x.C0·L + x.C1
        nr6(t, U1, t, U1);
        add6(z, 0, t, U1, x, 0); // x.C0 + x.C1·L·v
    }

    /**
     * As {@link Fp12#mul034By034}: the product of the lines (d0, d3, d4) and (c0, c3, c4), whose coefficients are
     * the 𝔽p² elements at e[o], e[o+8], e[o+16] and e[o+24], e[o+32], e[o+40]; the five non-zero coefficients go to
     * e[o+48 … o+88), and e[o+88 … o+128) is scratch. e must not be {@link #t}.
     */
    void mul034By034(long[] e, int o) {
        final int d0 = o, d3 = o + 8, d4 = o + 16, c0 = o + 24, c3 = o + 32, c4 = o + 40;
        final int z0 = o + 48, z1 = o + 56, z2 = o + 64, z3 = o + 72, z4 = o + 80;
        final int p0 = o + 88, p1 = o + 96, p2 = o + 104, a = o + 112, b = o + 120;
        mul2(e, p0, e, c0, e, d0); // x0
        mul2(e, p1, e, c3, e, d3); // x3
        mul2(e, p2, e, c4, e, d4); // x4
        add2(e, a, e, d0, e, d4);
        add2(e, b, e, c0, e, c4);
        mul2(e, a, e, a, e, b);
        sub2(e, a, e, a, e, p0);
        sub2(e, z4, e, a, e, p2); // x04
        add2(e, a, e, d0, e, d3);
        add2(e, b, e, c0, e, c3);
        mul2(e, a, e, a, e, b);
        sub2(e, a, e, a, e, p0);
        sub2(e, z3, e, a, e, p1); // x03
        add2(e, a, e, d3, e, d4);
        add2(e, b, e, c3, e, c4);
        mul2(e, a, e, a, e, b);
        sub2(e, a, e, a, e, p1);
        sub2(e, z2, e, a, e, p2); // x34
        copy2(e, z1, e, p1);
        nr2(e, a, e, p2);
        add2(e, z0, e, a, e, p0);
    }

    /** As {@link Fp12#mulBy01234}, the five coefficients at e[o … o+40); z may alias x; e must not be the scratch. */
    void mulBy01234(long[] z, long[] x, long[] e, int o) {
        long[] t = this.t;
        add2(t, U3, e, o, e, o + 24);
        add2(t, U3 + 8, e, o + 8, e, o + 32);
        copy2(t, U3 + 16, e, o + 16);
        add6(t, U0, x, 0, x, 24);
        mul6(t, U0, t, U0, t, U3); // a
        mul6(t, U1, x, 0, e, o); // b
        mulBy01(t, U2, x, 24, e, o + 24, e, o + 32); // c
        sub6(t, U0, t, U0, t, U1);
        sub6(z, 24, t, U0, t, U2);
        nr6(t, U2, t, U2);
        add6(z, 0, t, U2, t, U1);
    }

    // ---- Frobenius maps ----

    private void frob(long[] z, long[] x, int k, boolean conj) {
        long[] t = this.t;
        if (conj) {
            conj2(z, 0, x, 0);
        } else if (z != x) {
            copy2(z, 0, x, 0);
        }
        int[] js = {0, 2, 4, 1, 3, 5}; // coefficient i (C0.B0, C0.B1, C0.B2, C1.B0, C1.B1, C1.B2) uses γ(k, js[i])
        for (int i = 1; i < 6; i++) {
            if (conj) {
                conj2(t, U0, x, 8 * i);
                mul2(z, 8 * i, t, U0, GAMMA[k][js[i]], 0);
            } else {
                mul2(z, 8 * i, x, 8 * i, GAMMA[k][js[i]], 0);
            }
        }
    }

    void frobenius(long[] z, long[] x) {
        frob(z, x, 1, true);
    }

    void frobeniusSquare(long[] z, long[] x) {
        frob(z, x, 2, false);
    }

    void frobeniusCube(long[] z, long[] x) {
        frob(z, x, 3, true);
    }

    // ---- exponentiation ----

    private final long[] ex0 = new long[48], ex3 = new long[48], ex5 = new long[48], ex7 = new long[48],
            exr = new long[48], exc = new long[48];

    private void nCycSq(long[] z, int n) {
        for (int i = 0; i < n; i++) {
            cycSq(z, z);
        }
    }

    private void mulConj(long[] z, long[] y) {
        conj12(exc, y);
        mul12(z, z, exc);
    }

    /** As {@link Fp12#expt}: z = x^x₀ in the cyclotomic subgroup; z may alias x. */
    void expt(long[] z, long[] x) {
        long[] r = exr;
        cycSq(ex0, x);
        mul12(ex3, x, ex0);
        mul12(ex5, ex0, ex3);
        mul12(ex7, ex0, ex5);
        mul12(r, x, ex7);
        nCycSq(r, 3);
        mul12(r, r, ex5);
        nCycSq(r, 5);
        mulConj(r, ex3);
        nCycSq(r, 4);
        mul12(r, r, ex3);
        nCycSq(r, 5);
        mul12(r, r, ex5);
        nCycSq(r, 4);
        mulConj(r, ex5);
        nCycSq(r, 4);
        mulConj(r, ex3);
        nCycSq(r, 4);
        mul12(r, r, x);
        nCycSq(r, 5);
        mul12(r, r, ex5);
        nCycSq(r, 5);
        mul12(r, r, ex7);
        nCycSq(r, 4);
        mulConj(r, ex7);
        nCycSq(r, 7);
        mul12(r, r, ex5);
        nCycSq(r, 5);
        mulConj(r, x);
        nCycSq(r, 4);
        mul12(z, r, x);
    }
}
