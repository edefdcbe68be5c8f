package io.zkinfer.verifier.bn254;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * An element of the BN254 base field 𝔽p, immutable, in Montgomery form on four 64-bit limbs (little-endian).
 *
 * <p>Multiplication is the "no-carry" CIOS Montgomery product (carries by unsigned compares, which the JIT turns into
 * flag reads) of gnark-crypto (valid because the top limb of p is below 2^62); every value is kept fully reduced, so
 * {@link #equals} compares limbs. Additions and subtractions decide their reduction from the top limbs, as
 * {@link Tower} does.
 */
public final class Fp {
    static final long Q0 = 0x3c208c16d87cfd47L, Q1 = 0x97816a916871ca8dL, Q2 = 0xb85045b68181585dL,
            Q3 = 0x30644e72e131a029L;
    /** -p⁻¹ mod 2⁶⁴. */
    private static final long INV = 0x87d20782e4866389L;

    public static final BigInteger MODULUS =
            new BigInteger("30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47", 16);
    private static final BigInteger R = BigInteger.ONE.shiftLeft(256).mod(MODULUS);
    private static final BigInteger R_INV = R.modInverse(MODULUS);

    public static final Fp ZERO = new Fp(0, 0, 0, 0);
    public static final Fp ONE = fromBigInteger(BigInteger.ONE);
    private static final BigInteger SQRT_EXP = MODULUS.add(BigInteger.ONE).shiftRight(2);
    private static final BigInteger HALF = MODULUS.subtract(BigInteger.ONE).shiftRight(1);
    private static final Fp INV_TWO = fromBigInteger(BigInteger.TWO.modInverse(MODULUS));

    final long l0, l1, l2, l3;

    Fp(long l0, long l1, long l2, long l3) {
        this.l0 = l0;
        this.l1 = l1;
        this.l2 = l2;
        this.l3 = l3;
    }

    /** The element congruent to {@code v} (any integer, reduced mod p). */
    public static Fp fromBigInteger(BigInteger v) {
        BigInteger m = v.mod(MODULUS).multiply(R).mod(MODULUS);
        return fromLimbs(m);
    }

    public static Fp fromLong(long v) {
        return fromBigInteger(BigInteger.valueOf(v));
    }

    private static Fp fromLimbs(BigInteger m) {
        long[] l = new long[4];
        for (int i = 0; i < 4; i++) {
            l[i] = m.shiftRight(64 * i).longValue();
        }
        return new Fp(l[0], l[1], l[2], l[3]);
    }

    /**
     * Reads 32 big-endian bytes at {@code off}; returns null when the integer is not below p (non-canonical), so that
     * callers reject the encoding.
     */
    public static Fp fromBytesCanonical(byte[] b, int off) {
        long w3 = be64(b, off), w2 = be64(b, off + 8), w1 = be64(b, off + 16), w0 = be64(b, off + 24);
        if (!lessThanP(w0, w1, w2, w3)) {
            return null;
        }
        return new Fp(w0, w1, w2, w3).mul(R2);
    }

    /** Reads a canonical decimal or big-endian value; null when it is negative or not below p. */
    public static Fp fromCanonical(BigInteger v) {
        if (v.signum() < 0 || v.compareTo(MODULUS) >= 0) {
            return null;
        }
        return fromBigInteger(v);
    }

    private static final Fp R2 = fromLimbs(R.multiply(R).mod(MODULUS));

    static long be64(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xffL);
        }
        return v;
    }

    static boolean lessThanP(long w0, long w1, long w2, long w3) {
        if (w3 != Q3) {
            return Long.compareUnsigned(w3, Q3) < 0;
        }
        if (w2 != Q2) {
            return Long.compareUnsigned(w2, Q2) < 0;
        }
        if (w1 != Q1) {
            return Long.compareUnsigned(w1, Q1) < 0;
        }
        return Long.compareUnsigned(w0, Q0) < 0;
    }

    public BigInteger toBigInteger() {
        BigInteger m = BigInteger.ZERO;
        long[] l = {l3, l2, l1, l0};
        for (long w : l) {
            m = m.shiftLeft(64).or(new BigInteger(Long.toUnsignedString(w)));
        }
        return m.multiply(R_INV).mod(MODULUS);
    }

    /** 32 big-endian bytes of the canonical value. */
    public byte[] toBytes() {
        byte[] raw = toBigInteger().toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - n, out, 32 - n, n);
        return out;
    }

    public boolean isZero() {
        return (l0 | l1 | l2 | l3) == 0;
    }

    public boolean isOne() {
        return equals(ONE);
    }

    public Fp add(Fp o) {
        long s0 = l0 + o.l0;
        long c = Long.compareUnsigned(s0, l0) < 0 ? 1 : 0;
        long t = l1 + o.l1;
        long s1 = t + c;
        c = (Long.compareUnsigned(t, l1) < 0 ? 1 : 0) + (Long.compareUnsigned(s1, t) < 0 ? 1 : 0);
        t = l2 + o.l2;
        long s2 = t + c;
        c = (Long.compareUnsigned(t, l2) < 0 ? 1 : 0) + (Long.compareUnsigned(s2, t) < 0 ? 1 : 0);
        long s3 = l3 + o.l3 + c; // no overflow: both operands are below 2^254
        return reduce(s0, s1, s2, s3);
    }

    public Fp dbl() {
        return reduce(l0 << 1, (l1 << 1) | (l0 >>> 63), (l2 << 1) | (l1 >>> 63), (l3 << 1) | (l2 >>> 63));
    }

    public Fp sub(Fp o) {
        final long o0 = o.l0, o1 = o.l1, o2 = o.l2, o3 = o.l3;
        if (l3 == o3) {
            return subSlow(o);
        }
        // this < o exactly when the top limbs say so (they differ): then (this + p) − o, else this − o
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
        return new Fp(d0, d1, d2, a3 - o3 - b);
    }

    /** this − o when the top limbs are equal: the full borrow chain, then p added back under a mask. */
    private Fp subSlow(Fp o) {
        long d0 = l0 - o.l0;
        long b = ((~l0 & o.l0) | (~(l0 ^ o.l0) & d0)) >>> 63;
        long t = l1 - o.l1;
        long d1 = t - b;
        b = (((~l1 & o.l1) | (~(l1 ^ o.l1) & t)) >>> 63) | (((~t & b) | (~(t ^ b) & d1)) >>> 63);
        t = l2 - o.l2;
        long d2 = t - b;
        b = (((~l2 & o.l2) | (~(l2 ^ o.l2) & t)) >>> 63) | (((~t & b) | (~(t ^ b) & d2)) >>> 63);
        t = l3 - o.l3;
        long d3 = t - b;
        b = (((~l3 & o.l3) | (~(l3 ^ o.l3) & t)) >>> 63) | (((~t & b) | (~(t ^ b) & d3)) >>> 63);
        // went below zero: add p back (masked, branch-free)
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
        return new Fp(s0, s1, s2, s3);
    }

    public Fp neg() {
        return isZero() ? this : ZERO.sub(this);
    }

    /**
     * Subtracts p once when the 256-bit value (below 2p) is at least p. The top limb decides (w3 &gt; Q3: w &gt; p;
     * w3 &lt; Q3: w &lt; p; both below 2⁶³, so a signed difference gives the mask); only w3 = Q3 (probability about
     * 2⁻⁶²) compares the whole value.
     */
    private static Fp reduce(long w0, long w1, long w2, long w3) {
        if (w3 == Q3) {
            return reduceFull(w0, w1, w2, w3);
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
        return new Fp(d0, d1, d2, w3 - q3 - b);
    }

    private static Fp reduceFull(long w0, long w1, long w2, long w3) {
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
        long keep = -b; // all ones when w < p
        return new Fp((w0 & keep) | (d0 & ~keep), (w1 & keep) | (d1 & ~keep), (w2 & keep) | (d2 & ~keep),
                (w3 & keep) | (d3 & ~keep));
    }

    public Fp mul(Fp o) {
        final long a0 = l0, a1 = l1, a2 = l2, a3 = l3;
        final long b0 = o.l0, b1 = o.l1, b2 = o.l2, b3 = o.l3;
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
        // t < 2p; a top limb below p's means t < p (about 5 times in 6), a predictable branch past the subtraction
        return t3 >= 0 && t3 < Q3 ? new Fp(t0, t1, t2, t3) : reduce(t0, t1, t2, t3);
    }

    public Fp square() {
        return mul(this);
    }

    public Fp halve() {
        return mul(INV_TWO);
    }

    /** Multiplicative inverse; zero maps to zero (as in gnark-crypto). */
    public Fp inverse() {
        if (isZero()) {
            return ZERO;
        }
        return fromBigInteger(toBigInteger().modInverse(MODULUS));
    }

    public Fp pow(BigInteger e) {
        Fp r = ONE;
        for (int i = e.bitLength() - 1; i >= 0; i--) {
            r = r.square();
            if (e.testBit(i)) {
                r = r.mul(this);
            }
        }
        return r;
    }

    /** A square root, or null when this is not a square. */
    public Fp sqrt() {
        Fp r = pow(SQRT_EXP); // p ≡ 3 (mod 4)
        return r.square().equals(this) ? r : null;
    }

    /** Whether this is a non-zero square (Legendre symbol 1). */
    public boolean isSquare() {
        return !isZero() && sqrt() != null;
    }

    /** gnark's LexicographicallyLargest: the canonical value exceeds (p-1)/2. */
    public boolean lexicographicallyLargest() {
        return toBigInteger().compareTo(HALF) > 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fp f && f.l0 == l0 && f.l1 == l1 && f.l2 == l2 && f.l3 == l3;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new long[] {l0, l1, l2, l3});
    }

    @Override
    public String toString() {
        return toBigInteger().toString();
    }
}
