package io.zkinfer.circuits.quant;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Computes the quantized values with 64-bit integers, with the IR's semantics, and checks every bound a gadget would
 * check (a violation means the circuit would have no proof: it is reported, never ignored). Records division advice.
 */
public final class LongBackend implements Backend<Long> {

    private final Map<String, Long> advice = new LinkedHashMap<>();

    public Map<String, Long> advice() {
        return advice;
    }

    @Override
    public Long constant(long c) {
        return c;
    }

    @Override
    public Long lincomb(long[] coefs, List<Long> xs, long bias) {
        long s = bias;
        for (int i = 0; i < coefs.length; i++) {
            s = Math.addExact(s, Math.multiplyExact(coefs[i], xs.get(i)));
        }
        return s;
    }

    @Override
    public Long mul(Long a, Long b) {
        return Math.multiplyExact(a, b);
    }

    @Override
    public Long rescale(Long a, int shift, int bits) {
        long half = 1L << (bits - 1);
        if (a < -half || a >= half) {
            throw new QuantizationException("rescale input " + a + " outside its " + bits + "-bit bound");
        }
        return Math.floorDiv(a, 1L << shift);
    }

    private static void diffBound(long a, long b, int bits) {
        long d = a - b;
        if (d < -(1L << bits) || d >= (1L << bits)) {
            throw new QuantizationException("comparison difference " + d + " outside its " + bits + "-bit bound");
        }
    }

    @Override
    public Long less(Long a, Long b, int bits) {
        diffBound(a, b, bits);
        return a < b ? 1L : 0L;
    }

    @Override
    public Long max(Long a, Long b, int bits) {
        diffBound(a, b, bits);
        return Math.max(a, b);
    }

    @Override
    public Long relu(Long a, int bits) {
        diffBound(a, 0, bits);
        return Math.max(a, 0);
    }

    @Override
    public Long select(Long cond, Long a, Long b) {
        if (cond != 0 && cond != 1) {
            throw new QuantizationException("select condition " + cond + " is not boolean");
        }
        return cond == 1 ? a : b;
    }

    @Override
    public Long isZero(Long a) {
        return a == 0 ? 1L : 0L;
    }

    @Override
    public void rangeCheck(Long a, int bits) {
        if (a < 0 || (bits < 63 && a >= (1L << bits))) {
            throw new QuantizationException("value " + a + " outside its range [0, 2^" + bits + ")");
        }
    }

    @Override
    public void assertEqual(Long a, Long b) {
        if (!a.equals(b)) {
            throw new QuantizationException("assertion " + a + " = " + b + " fails");
        }
    }

    @Override
    public Long lookup(LookupTable table, Long a) {
        return table.get(a);
    }

    @Override
    public List<Long> divAdvice(String name, Long a, Long d) {
        long q = Math.floorDiv(a, d);
        long r = a - q * d;
        advice.put(name + "_q", q);
        advice.put(name + "_r", r);
        return List.of(q, r);
    }
}
