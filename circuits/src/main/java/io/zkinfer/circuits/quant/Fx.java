package io.zkinfer.circuits.quant;

import java.util.ArrayList;
import java.util.List;

/**
 * Fixed-point integer arithmetic over a {@link Backend} with interval tracking. Every bound handed to a gadget (rescale
 * bits, comparison bits) comes from the operands' intervals; comparisons that the intervals decide are folded away
 * (sound because the intervals are enforced). Intervals are kept below 2^{@value #LIMIT_BITS} in magnitude; beyond
 * that the current layer is reported as overflowing.
 */
public final class Fx<V> {

    public static final int LIMIT_BITS = 62;
    private static final long LIMIT = 1L << LIMIT_BITS;

    private final Backend<V> b;
    private String where = "?";
    private int adviceCounter;

    public Fx(Backend<V> backend) {
        this.b = backend;
    }

    /** Names the layer that errors refer to. */
    public void at(String where) {
        this.where = where;
    }

    public String where() {
        return where;
    }

    public Backend<V> backend() {
        return b;
    }

    private long check(long v) {
        if (v >= LIMIT || v <= -LIMIT) {
            throw new QuantizationException("layer " + where + " overflows: a value bound reaches " + v
                    + " (beyond 2^" + LIMIT_BITS + "); use smaller scales");
        }
        return v;
    }

    private long mulx(long a, long c) {
        try {
            return check(Math.multiplyExact(a, c));
        } catch (ArithmeticException e) {
            throw new QuantizationException("layer " + where + " overflows: " + a + " x " + c
                    + " exceeds 64 bits; use smaller scales");
        }
    }

    private long addx(long a, long c) {
        try {
            return check(Math.addExact(a, c));
        } catch (ArithmeticException e) {
            throw new QuantizationException("layer " + where + " overflows: sum exceeds 64 bits; use smaller scales");
        }
    }

    public Val<V> konst(long c) {
        return Val.of(check(c));
    }

    /** Smallest {@code n} with {@code v ∈ [-2^n, 2^n)} (at least 1). */
    static int symBits(long lo, long hi) {
        int n = 1;
        while (lo < -(1L << n) || hi >= (1L << n)) {
            n++;
        }
        return n;
    }

    /** Smallest {@code n} with {@code v ∈ [-2^(n-1), 2^(n-1))}. */
    static int signedBits(long lo, long hi) {
        return symBits(lo, hi) + 1;
    }

    /** Smallest {@code n >= 1} with {@code 0 <= v < 2^n} for {@code v <= max}. */
    static int unsignedBits(long max) {
        int n = 1;
        while (max >= (1L << n)) {
            n++;
        }
        return n;
    }

    public Val<V> lincomb(long[] coefs, List<Val<V>> xs, long bias) {
        long lo = bias;
        long hi = bias;
        long k = bias;
        List<V> vars = new ArrayList<>();
        List<Long> cs = new ArrayList<>();
        for (int i = 0; i < coefs.length; i++) {
            long c = coefs[i];
            Val<V> x = xs.get(i);
            if (c == 0) {
                continue;
            }
            if (x.isConst()) {
                k = addx(k, mulx(c, x.constValue()));
                lo = addx(lo, mulx(c, x.lo()));
                hi = addx(hi, mulx(c, x.lo()));
                continue;
            }
            long p = mulx(c, x.lo());
            long q = mulx(c, x.hi());
            lo = addx(lo, Math.min(p, q));
            hi = addx(hi, Math.max(p, q));
            vars.add(x.v());
            cs.add(c);
        }
        if (vars.isEmpty()) {
            return Val.of(k);
        }
        if (vars.size() == 1 && cs.get(0) == 1 && k == 0) {
            return new Val<>(vars.get(0), lo, hi);
        }
        long[] ca = cs.stream().mapToLong(Long::longValue).toArray();
        return new Val<>(b.lincomb(ca, vars, k), lo, hi);
    }

    public Val<V> add(Val<V> x, Val<V> y) {
        return lincomb(new long[]{1, 1}, List.of(x, y), 0);
    }

    public Val<V> sub(Val<V> x, Val<V> y) {
        return lincomb(new long[]{1, -1}, List.of(x, y), 0);
    }

    public Val<V> scale(Val<V> x, long c) {
        return lincomb(new long[]{c}, List.of(x), 0);
    }

    public Val<V> mul(Val<V> x, Val<V> y) {
        if (x.isConst()) {
            return scale(y, x.constValue());
        }
        if (y.isConst()) {
            return scale(x, y.constValue());
        }
        long p1 = mulx(x.lo(), y.lo());
        long p2 = mulx(x.lo(), y.hi());
        long p3 = mulx(x.hi(), y.lo());
        long p4 = mulx(x.hi(), y.hi());
        return new Val<>(b.mul(x.v(), y.v()), Math.min(Math.min(p1, p2), Math.min(p3, p4)),
                Math.max(Math.max(p1, p2), Math.max(p3, p4)));
    }

    /** {@code floor(x / 2^shift)} with the remainder range-checked in-circuit. */
    public Val<V> rescale(Val<V> x, int shift) {
        if (shift == 0) {
            return x;
        }
        if (shift < 0) {
            return scale(x, 1L << -shift);
        }
        long lo = Math.floorDiv(x.lo(), 1L << shift);
        long hi = Math.floorDiv(x.hi(), 1L << shift);
        if (x.isConst()) {
            return Val.of(lo);
        }
        int bits = Math.max(signedBits(x.lo(), x.hi()), shift + 1);
        return new Val<>(b.rescale(x.v(), shift, bits), lo, hi);
    }

    /**
     * {@code x / 2^shift} rounded to the nearest integer (ties up): {@code floor((x + 2^(shift-1)) / 2^shift)}.
     * Half the worst-case error of {@link #rescale} and no downward bias, at no cost where the caller folds
     * {@link #half} into a linear combination it builds anyway.
     */
    public Val<V> rescaleRound(Val<V> x, int shift) {
        return shift <= 0 ? rescale(x, shift) : rescale(lincomb(new long[]{1}, List.of(x), half(shift)), shift);
    }

    /** The offset that turns {@code rescale(x + half(shift), shift)} into rounding to nearest. */
    public static long half(int shift) {
        return shift <= 0 ? 0 : 1L << (shift - 1);
    }

    public Val<V> less(Val<V> x, Val<V> y) {
        if (x.hi() < y.lo()) {
            return Val.of(1);
        }
        if (x.lo() >= y.hi()) {
            return Val.of(0);
        }
        long dlo = x.lo() - y.hi();
        long dhi = x.hi() - y.lo();
        if (x.isConst() && y.isConst()) {
            return Val.of(x.constValue() < y.constValue() ? 1 : 0);
        }
        V xv = x.isConst() ? b.constant(x.constValue()) : x.v();
        V yv = y.isConst() ? b.constant(y.constValue()) : y.v();
        return new Val<>(b.less(xv, yv, symBits(check(dlo), check(dhi))), 0, 1);
    }

    public Val<V> max(Val<V> x, Val<V> y) {
        if (x.lo() >= y.hi()) {
            return x;
        }
        if (y.lo() >= x.hi()) {
            return y;
        }
        if (x.isConst() && y.isConst()) {
            return Val.of(Math.max(x.constValue(), y.constValue()));
        }
        if (y.isConst() && y.constValue() == 0) {
            return relu(x);
        }
        if (x.isConst() && x.constValue() == 0) {
            return relu(y);
        }
        V xv = x.isConst() ? b.constant(x.constValue()) : x.v();
        V yv = y.isConst() ? b.constant(y.constValue()) : y.v();
        int bits = symBits(check(x.lo() - y.hi()), check(x.hi() - y.lo()));
        return new Val<>(b.max(xv, yv, bits), Math.max(x.lo(), y.lo()), Math.max(x.hi(), y.hi()));
    }

    public Val<V> min(Val<V> x, Val<V> y) {
        if (x.hi() <= y.lo()) {
            return x;
        }
        if (y.hi() <= x.lo()) {
            return y;
        }
        Val<V> c = less(x, y);
        Val<V> m = select(c, x, y);
        // the selected value is the smaller one (the comparison is proved), so it is below both upper bounds
        return m.isConst() ? m : new Val<>(m.v(), Math.min(x.lo(), y.lo()), Math.min(x.hi(), y.hi()));
    }

    public Val<V> relu(Val<V> x) {
        if (x.lo() >= 0) {
            return x;
        }
        if (x.hi() <= 0) {
            return Val.of(0);
        }
        return new Val<>(b.relu(x.v(), symBits(x.lo(), x.hi())), 0, x.hi());
    }

    /** {@code c ? x : y} for a 0/1 {@code c}. */
    public Val<V> select(Val<V> c, Val<V> x, Val<V> y) {
        if (c.isConst()) {
            return c.constValue() != 0 ? x : y;
        }
        if (x.isConst() && y.isConst() && x.constValue() == y.constValue()) {
            return x;
        }
        if (x.isConst() && y.isConst() && x.constValue() == 1 && y.constValue() == 0) {
            return c;
        }
        V xv = x.isConst() ? b.constant(x.constValue()) : x.v();
        V yv = y.isConst() ? b.constant(y.constValue()) : y.v();
        return new Val<>(b.select(c.v(), xv, yv), Math.min(x.lo(), y.lo()), Math.max(x.hi(), y.hi()));
    }

    public Val<V> isZero(Val<V> x) {
        if (x.lo() > 0 || x.hi() < 0) {
            return Val.of(0);
        }
        if (x.isConst()) {
            return Val.of(x.constValue() == 0 ? 1 : 0);
        }
        return new Val<>(b.isZero(x.v()), 0, 1);
    }

    public Val<V> equal(Val<V> x, Val<V> y) {
        return isZero(sub(x, y));
    }

    /** Enforces {@code lo <= x <= hi} in-circuit and returns x with that interval. */
    public Val<V> enforce(Val<V> x, long lo, long hi) {
        if (x.isConst()) {
            if (x.constValue() < lo || x.constValue() > hi) {
                throw new QuantizationException("constant " + x.constValue() + " outside [" + lo + ", " + hi + "] at "
                        + where);
            }
            return x;
        }
        int bits = unsignedBits(check(hi - lo));
        Val<V> fromLo = lincomb(new long[]{1}, List.of(x), -lo);
        b.rangeCheck(fromLo.v(), bits);
        if (hi - lo + 1 != (1L << bits)) {
            Val<V> toHi = lincomb(new long[]{-1}, List.of(x), hi);
            b.rangeCheck(toHi.v(), bits);
        }
        return new Val<>(x.v(), lo, hi);
    }

    public Val<V> lookup(LookupTable t, Val<V> x) {
        long maxKey = t.minKey() + t.size() - 1;
        if (x.lo() < t.minKey() || x.hi() > maxKey) {
            throw new QuantizationException("layer " + where + ": lookup input range [" + x.lo() + ", " + x.hi()
                    + "] exceeds table '" + t.name() + "' domain [" + t.minKey() + ", " + maxKey + "]");
        }
        if (x.isConst()) {
            return Val.of(t.get(x.constValue()));
        }
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        for (long k = x.lo(); k <= x.hi(); k++) {
            long v = t.get(k);
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        return new Val<>(b.lookup(t, x.v()), lo, hi);
    }

    /**
     * {@code floor(a / d)} for {@code d >= 1}: advice quotient q and remainder r with {@code a = q·d + r},
     * {@code 0 <= r < d} and q range-checked to its interval (so the equation holds over the integers).
     */
    public Val<V> divFloor(Val<V> a, Val<V> d) {
        if (d.lo() < 1) {
            throw new QuantizationException("layer " + where + ": divisor range [" + d.lo() + ", " + d.hi()
                    + "] includes values below 1");
        }
        if (d.isConst()) {
            long c = d.constValue();
            if (Long.bitCount(c) == 1) {
                return rescale(a, Long.numberOfTrailingZeros(c));
            }
        }
        if (a.isConst() && d.isConst()) {
            return Val.of(Math.floorDiv(a.constValue(), d.constValue()));
        }
        long qlo = Math.min(Math.floorDiv(a.lo(), d.lo()), Math.floorDiv(a.lo(), d.hi()));
        long qhi = Math.max(Math.floorDiv(a.hi(), d.lo()), Math.floorDiv(a.hi(), d.hi()));
        V av = a.isConst() ? b.constant(a.constValue()) : a.v();
        V dv = d.isConst() ? b.constant(d.constValue()) : d.v();
        List<V> qr = b.divAdvice("div" + adviceCounter++, av, dv);
        Val<V> q = enforce(new Val<>(qr.get(0), qlo, qhi), qlo, qhi);
        Val<V> r = enforce(new Val<>(qr.get(1), 0, d.hi() - 1), 0, d.hi() - 1);
        // r < d: d - 1 - r >= 0
        Val<V> gap = lincomb(new long[]{1, -1}, List.of(d, r), -1);
        if (!gap.isConst()) {
            b.rangeCheck(gap.v(), unsignedBits(d.hi() - 1));
        }
        Val<V> qd = mul(q, d);
        Val<V> recomposed = add(qd, r);
        b.assertEqual(recomposed.isConst() ? b.constant(recomposed.constValue()) : recomposed.v(), av);
        return q;
    }

    public int adviceCount() {
        return adviceCounter;
    }
}
