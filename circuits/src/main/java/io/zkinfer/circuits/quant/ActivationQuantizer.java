package io.zkinfer.circuits.quant;

import io.zkinfer.circuits.model.ElemType;
import io.zkinfer.circuits.model.Node;
import io.zkinfer.circuits.model.Shapes;
import io.zkinfer.circuits.model.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Element-wise activations: ReLU family, Clip, Abs, Pow, and every smooth function by lookup table sized from the
 * input's tracked interval (tables are clamped where the function saturates).
 */
final class ActivationQuantizer extends QuantizerPart {

    ActivationQuantizer(Quantizer root) {
        super(root);
    }

    void leaky(Node n, String slopeName) {
        String in = n.input(0);
        int size = env.get(in).size();
        long[] alpha = new long[size];
        int p = s.paramScale();
        if (slopeName == null) {
            Arrays.fill(alpha, quant(n.attrFloat("alpha", 0.01), p, n));
        } else {
            Tensor slope = g.constants().get(slopeName);
            if (slope == null) {
                throw n.unsupported("a computed slope");
            }
            int[] idx = Shapes.broadcastIndex(shape(in), slope.shape());
            for (int i = 0; i < size; i++) {
                alpha[i] = quant(slope.get(idx[i]), p, n);
            }
        }
        emit(new QOp.Relu(n.name(), n.outputs().get(0), in, alpha, p), scales.get(in), ElemType.FLOAT);
    }

    void clip(Node n) {
        String in = n.input(0);
        int sc = scales.get(in);
        double lo;
        double hi;
        if (g.opset() < 11) {
            lo = n.attrFloat("min", Double.NEGATIVE_INFINITY);
            hi = n.attrFloat("max", Double.POSITIVE_INFINITY);
        } else {
            if (dyn(n.input(1)) || dyn(n.input(2))) {
                throw n.unsupported("computed bounds");
            }
            lo = n.hasInput(1) ? g.constants().get(n.input(1)).get(0) : Double.NEGATIVE_INFINITY;
            hi = n.hasInput(2) ? g.constants().get(n.input(2)).get(0) : Double.POSITIVE_INFINITY;
        }
        long ql = Double.isInfinite(lo) ? Long.MIN_VALUE : quant(lo, sc, n);
        long qh = Double.isInfinite(hi) ? Long.MAX_VALUE : quant(hi, sc, n);
        emit(new QOp.Clip(n.name(), n.outputs().get(0), in, ql, qh), sc, types.getOrDefault(in, ElemType.FLOAT));
    }

    void abs(Node n) {
        String in = n.input(0);
        String r = temp(n, "relu");
        int sc = scales.get(in);
        emit(new QOp.Relu(n.name(), r, in, new long[0], 0), sc, ElemType.FLOAT);
        int size = env.get(in).size();
        int[] rowStart = new int[size + 1];
        int[] srcIn = new int[2 * size];
        int[] srcIdx = new int[2 * size];
        long[] coef = new long[2 * size];
        for (int i = 0; i < size; i++) {
            rowStart[i] = 2 * i;
            srcIn[2 * i] = 0;
            srcIdx[2 * i] = i;
            coef[2 * i] = 2;
            srcIn[2 * i + 1] = 1;
            srcIdx[2 * i + 1] = i;
            coef[2 * i + 1] = -1;
        }
        rowStart[size] = 2 * size;
        emit(new QOp.Affine(n.name(), n.outputs().get(0), List.of(r, in), rowStart, srcIn, srcIdx, coef,
                new long[size], 0), sc, types.getOrDefault(in, ElemType.FLOAT));
    }

    Curve lookupFn(Node n) {
        UnaryFn u = UnaryFn.forOp(n.opType());
        if (u != null && n.domain().isEmpty()) {
            return new Curve(u.name().toLowerCase(), u::apply, u.low(), u.high());
        }
        return switch (n.opType()) {
            case "Sign" -> new Curve("sign", Math::signum, -1, 1);
            case "Elu" -> {
                double al = n.attrFloat("alpha", 1);
                yield new Curve("elu", x -> x >= 0 ? x : al * (Math.exp(x) - 1), -al, Double.NaN);
            }
            case "Selu" -> {
                double al = n.attrFloat("alpha", 1.67326319217681884765625);
                double ga = n.attrFloat("gamma", 1.05070102214813232421875);
                yield new Curve("selu", x -> x > 0 ? ga * x : ga * (al * Math.exp(x) - al), -ga * al, Double.NaN);
            }
            case "HardSigmoid" -> {
                double al = n.attrFloat("alpha", 0.2);
                double be = n.attrFloat("beta", 0.5);
                yield new Curve("hardsigmoid", x -> Math.max(0, Math.min(1, al * x + be)), 0, 1);
            }
            case "HardSwish" -> new Curve("hardswish", x -> x * Math.max(0, Math.min(1, x / 6 + 0.5)), 0, Double.NaN);
            case "Gelu" -> n.attrString("approximate", "none").equals("tanh")
                    ? new Curve("gelu", UnaryFn.GELU_TANH::apply, 0, Double.NaN)
                    : new Curve("gelu", UnaryFn.GELU::apply, 0, Double.NaN);
            default -> null;
        };
    }

    /** Emits {@code out = f(in)} by table, sized from {@code in}'s tracked interval. */
    void lookup(Node n, String in, String out, Curve c) {
        int sIn = scales.get(in);
        int sOut = s.scale();
        long[] b = bounds(in);
        Object[] plan = planTable(n, c, sIn, sOut, b[0], b[1]);
        emit(new QOp.Lookup(n.name(), out, in, (LookupTable) plan[0], (int) plan[1], (long) plan[2], (long) plan[3]),
                sOut, ElemType.FLOAT);
    }

    /** {table, preShift, clampLo, clampHi} for f over integer inputs [lo, hi] at scale sIn, outputs at sOut. */
    Object[] planTable(Node n, Curve c, int sIn, int sOut, long lo, long hi) {
        long maxSize = 1L << s.lookupBits();
        for (int t = 0; t <= 62; t++) {
            long klo = Math.floorDiv(lo, 1L << t);
            long khi = Math.floorDiv(hi, 1L << t);
            long clampLo = Long.MIN_VALUE;
            long clampHi = Long.MAX_VALUE;
            final int tt = t;
            java.util.function.LongToDoubleFunction xOf = k -> (tt == 0 ? k : k * Math.pow(2, tt) + Math.pow(2, tt - 1))
                    / Math.pow(2, sIn);
            if (!Double.isNaN(c.high())) {
                long lim = Math.round(c.high() * Math.pow(2, sOut));
                long k = saturation(c, xOf, sOut, Math.max(klo, 0), khi, lim, true);
                if (k < khi) {
                    clampHi = k;
                    khi = k;
                }
            }
            if (!Double.isNaN(c.low())) {
                long lim = Math.round(c.low() * Math.pow(2, sOut));
                long k = saturation(c, xOf, sOut, klo, Math.min(khi, 0), lim, false);
                if (k > klo) {
                    clampLo = k;
                    klo = k;
                }
            }
            if (khi - klo + 1 <= maxSize) {
                long[] vals = new long[(int) (khi - klo + 1)];
                for (int i = 0; i < vals.length; i++) {
                    double x = xOf.applyAsDouble(klo + i);
                    double y = c.f().applyAsDouble(x) * Math.pow(2, sOut);
                    if (!Double.isFinite(y) || Math.abs(y) > 1e17) {
                        throw new QuantizationException("layer " + n.name() + ": " + c.name() + " is undefined or too "
                                + "large at " + x + ", inside its input range [" + lo / Math.pow(2, sIn) + ", "
                                + hi / Math.pow(2, sIn) + "]");
                    }
                    vals[i] = Math.round(y);
                }
                return new Object[]{new LookupTable(n.name() + "_" + c.name() + "_" + nextId(), klo, vals), t,
                        clampLo, clampHi};
            }
        }
        throw new QuantizationException("layer " + n.name() + ": no table fits");
    }

    /**
     * The innermost key in [from, to] beyond which f (at output scale) equals its limit, assuming a monotone tail;
     * {@code to} (high side) / {@code from} (low side) when f does not reach it in range.
     */
    static long saturation(Curve c, java.util.function.LongToDoubleFunction xOf, int sOut, long from, long to,
                                   long lim, boolean high) {
        java.util.function.LongPredicate sat = k -> Math.round(c.f().applyAsDouble(xOf.applyAsDouble(k))
                * Math.pow(2, sOut)) == lim;
        if (from > to) {
            return high ? to : from;
        }
        if (high) {
            if (!sat.test(to)) {
                return to;
            }
            long a = from;
            long b = to; // sat(b)
            while (a < b) {
                long m = a + (b - a) / 2;
                if (sat.test(m)) {
                    b = m;
                } else {
                    a = m + 1;
                }
            }
            return b;
        }
        if (!sat.test(from)) {
            return from;
        }
        long a = from; // sat(a)
        long b = to;
        while (a < b) {
            long m = a + (b - a + 1) / 2;
            if (sat.test(m)) {
                a = m;
            } else {
                b = m - 1;
            }
        }
        return a;
    }

    void pow(Node n) {
        Tensor e = g.constants().get(n.input(1));
        if (e == null || e.size() != 1) {
            throw n.unsupported("a computed or non-scalar exponent");
        }
        double p = e.get(0);
        String in = n.input(0);
        if (p == 1) {
            root.shapes.cast(new Node(n.name(), "Cast", "", List.of(in), n.outputs(), Map.of("to",
                    new io.zkinfer.circuits.model.Attribute.Int(1))));
        } else if (p == 2) {
            int sc = scales.get(in);
            int size = env.get(in).size();
            int[] idx = identity(size);
            emit(new QOp.Binary(n.name(), n.outputs().get(0), QOp.BinaryKind.MUL, in, in, idx, idx, 1, 1, sc), sc,
                    ElemType.FLOAT);
        } else {
            lookup(n, in, n.outputs().get(0), new Curve("pow", x -> Math.pow(x, p), Double.NaN, Double.NaN));
        }
    }
}
