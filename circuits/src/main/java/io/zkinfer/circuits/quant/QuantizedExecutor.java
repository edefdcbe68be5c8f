package io.zkinfer.circuits.quant;

import io.zkinfer.circuits.model.ElemType;
import io.zkinfer.circuits.model.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a {@link QuantizedGraph} on 64-bit integers: the single source of truth for what the circuit computes (the
 * lowering runs the same kernels on the circuit builder). Rejects inputs that are malformed or outside the calibrated
 * bounds, since the circuit could not prove them.
 */
public final class QuantizedExecutor {

    private QuantizedExecutor() {
    }

    /**
     * @param inputs     the quantized model inputs (integer at each input's scale), by input name
     * @param outputs    integer outputs by name
     * @param advice     prover advice (division quotients and remainders) by private-input name
     * @param bounds     per tensor, {@code [lo, hi]} of the tracked integer interval over its elements
     */
    public record Result(Map<String, long[]> inputs, Map<String, long[]> outputs, Map<String, Long> advice,
                         Map<String, long[]> bounds) {

        /** Outputs as real numbers: integer / 2^scale. */
        public Map<String, double[]> dequantized(QuantizedGraph q) {
            Map<String, double[]> r = new LinkedHashMap<>();
            for (QuantizedGraph.Output o : q.outputs()) {
                long[] v = outputs.get(o.name());
                double[] d = new double[v.length];
                for (int i = 0; i < v.length; i++) {
                    d[i] = v[i] / Math.pow(2, o.scale());
                }
                r.put(o.name(), d);
            }
            return r;
        }
    }

    /** Quantizes float inputs ({@code round(x·2^scale)}) after checking shape and finiteness. */
    public static Map<String, long[]> quantizeInputs(QuantizedGraph q, Map<String, Tensor> inputs) {
        Map<String, long[]> out = new LinkedHashMap<>();
        for (QuantizedGraph.Input in : q.inputs()) {
            Tensor t = inputs.get(in.name());
            if (t == null) {
                throw new QuantizationException("missing model input '" + in.name() + "'");
            }
            if (t.size() != in.size()) {
                throw new QuantizationException("input '" + in.name() + "' has " + t.size() + " values (shape "
                        + Arrays.toString(t.shape()) + "), the model expects shape " + Arrays.toString(in.shape()));
            }
            long[] v = new long[t.size()];
            for (int i = 0; i < v.length; i++) {
                double x = t.get(i);
                if (!Double.isFinite(x)) {
                    throw new QuantizationException("input '" + in.name() + "' element " + i + " is " + x
                            + " (NaN or infinite values cannot be proved)");
                }
                if (in.type() != ElemType.FLOAT && x != Math.rint(x)) {
                    throw new QuantizationException("input '" + in.name() + "' element " + i + " is " + x
                            + " but the input is integer-typed");
                }
                v[i] = Math.round(x * Math.pow(2, in.scale()));
            }
            out.put(in.name(), v);
        }
        return out;
    }

    public static Result run(QuantizedGraph q, Map<String, Tensor> inputs) {
        return runQuantized(q, quantizeInputs(q, inputs));
    }

    /** A value outside an enforced calibration range cannot be proved: say which layer and by how much. */
    private static void refuseOutside(QOp.Enforce e, List<Val<Long>> in) {
        double unit = Math.pow(2, e.scale());
        for (int i = 0; i < in.size(); i++) {
            Val<Long> v = in.get(i);
            long x = v.isConst() ? v.constValue() : v.v();
            if (x < e.lo() || x > e.hi()) {
                throw new QuantizationException("layer " + e.node() + ": its input '" + e.in() + "' element " + i
                        + " = " + x / unit + " is outside the range [" + e.lo() / unit + ", " + e.hi() / unit
                        + "] observed in calibration (plus margin) that the circuit enforces there; recompile with "
                        + "calibration data that covers this input");
            }
        }
    }

    public static Result runQuantized(QuantizedGraph q, Map<String, long[]> inputs) {
        LongBackend b = new LongBackend();
        Fx<Long> fx = new Fx<>(b);
        Map<String, List<Val<Long>>> env = new HashMap<>();
        for (QuantizedGraph.Input in : q.inputs()) {
            long[] v = inputs.get(in.name());
            if (v == null || v.length != in.size()) {
                throw new QuantizationException("input '" + in.name() + "' needs " + in.size() + " values");
            }
            List<Val<Long>> vals = new ArrayList<>(v.length);
            for (int i = 0; i < v.length; i++) {
                if (v[i] < in.lo() || v[i] > in.hi()) {
                    throw new QuantizationException("input '" + in.name() + "' element " + i + " = "
                            + v[i] / Math.pow(2, in.scale()) + " is outside the calibrated range ["
                            + in.lo() / Math.pow(2, in.scale()) + ", " + in.hi() / Math.pow(2, in.scale())
                            + "] that the circuit was compiled for");
                }
                vals.add(new Val<>(v[i], in.lo(), in.hi()));
            }
            env.put(in.name(), vals);
        }
        addConstants(q, env);
        q.params().forEach((k, v) -> {
            long[] pb = QuantizedGraph.paramBounds(v);
            List<Val<Long>> vals = new ArrayList<>(v.length);
            for (long x : v) {
                vals.add(new Val<>(x, pb[0], pb[1]));
            }
            env.put(k, vals);
        });
        for (QOp op : q.ops()) {
            if (op instanceof QOp.Enforce e) {
                refuseOutside(e, env.get(e.in()));
            }
            Kernels.run(op, env, fx);
        }
        Map<String, long[]> outs = new LinkedHashMap<>();
        for (QuantizedGraph.Output o : q.outputs()) {
            List<Val<Long>> vals = env.get(o.name());
            long[] r = new long[vals.size()];
            for (int i = 0; i < r.length; i++) {
                Val<Long> v = vals.get(i);
                r[i] = v.isConst() ? v.constValue() : v.v();
            }
            outs.put(o.name(), r);
        }
        Map<String, long[]> bounds = new LinkedHashMap<>();
        env.forEach((k, vals) -> {
            long lo = Long.MAX_VALUE;
            long hi = Long.MIN_VALUE;
            for (Val<Long> v : vals) {
                lo = Math.min(lo, v.lo());
                hi = Math.max(hi, v.hi());
            }
            bounds.put(k, new long[]{lo, hi});
        });
        return new Result(inputs, outs, b.advice(), bounds);
    }

    /** Tracked integer interval {@code [lo, hi]} of every tensor (independent of input values). */
    public static Map<String, long[]> bounds(QuantizedGraph q) {
        Fx<Boolean> fx = new Fx<>(new NullBackend());
        Map<String, List<Val<Boolean>>> env = new HashMap<>();
        for (QuantizedGraph.Input in : q.inputs()) {
            List<Val<Boolean>> vals = new ArrayList<>();
            for (int i = 0; i < in.size(); i++) {
                vals.add(new Val<>(Boolean.TRUE, in.lo(), in.hi()));
            }
            env.put(in.name(), vals);
        }
        addConstants(q, env);
        q.params().forEach((k, v) -> {
            long[] b = QuantizedGraph.paramBounds(v);
            List<Val<Boolean>> vals = new ArrayList<>(v.length);
            for (int i = 0; i < v.length; i++) {
                vals.add(new Val<>(Boolean.TRUE, b[0], b[1]));
            }
            env.put(k, vals);
        });
        for (QOp op : q.ops()) {
            Kernels.run(op, env, fx);
        }
        Map<String, long[]> bounds = new LinkedHashMap<>();
        env.forEach((k, vals) -> {
            long lo = Long.MAX_VALUE;
            long hi = Long.MIN_VALUE;
            for (Val<Boolean> v : vals) {
                lo = Math.min(lo, v.lo());
                hi = Math.max(hi, v.hi());
            }
            bounds.put(k, new long[]{lo, hi});
        });
        return bounds;
    }

    static <V> void addConstants(QuantizedGraph q, Map<String, List<Val<V>>> env) {
        q.constants().forEach((k, v) -> {
            List<Val<V>> vals = new ArrayList<>(v.length);
            for (long x : v) {
                vals.add(Val.of(x));
            }
            env.put(k, vals);
        });
    }
}
