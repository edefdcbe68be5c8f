package io.zkinfer.circuits.quant;

import io.zkinfer.circuits.model.ElemType;
import io.zkinfer.circuits.model.FloatExecutor;
import io.zkinfer.circuits.model.Graph;
import io.zkinfer.circuits.model.Node;
import io.zkinfer.circuits.model.Shapes;
import io.zkinfer.circuits.model.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state one quantization run shares between the operator-family quantizers ({@link LinearQuantizer},
 * {@link ShapeQuantizer}, {@link ActivationQuantizer}, ...) and the helpers they all use. Every part of one run holds
 * the same maps (a part is a view of the run, not a copy); {@link #root} reaches the other families.
 */
abstract class QuantizerPart {

    final Quantizer root;
    final Graph g;
    final QuantSettings s;
    final FloatExecutor exec;
    final List<QOp> ops;
    final Map<String, Integer> scales;
    final Map<String, ElemType> types;
    final Map<String, long[]> qconsts;
    final Map<String, long[]> params;
    final Map<String, List<Val<Boolean>>> env;
    final Fx<Boolean> fx;
    private final int[] counter;

    /** A fresh run (the {@link Quantizer} itself). */
    QuantizerPart(Graph g, QuantSettings s) {
        this.root = (Quantizer) this;
        this.g = g;
        this.s = s;
        this.exec = new FloatExecutor(g.opset());
        this.ops = new ArrayList<>();
        this.scales = new HashMap<>();
        this.types = new HashMap<>();
        this.qconsts = new LinkedHashMap<>();
        this.params = new LinkedHashMap<>();
        this.env = new HashMap<>();
        this.fx = new Fx<>(new NullBackend());
        this.counter = new int[1];
    }

    /** A family quantizer working on {@code root}'s run. */
    QuantizerPart(Quantizer root) {
        QuantizerPart r = root;
        this.root = root;
        this.g = r.g;
        this.s = r.s;
        this.exec = r.exec;
        this.ops = r.ops;
        this.scales = r.scales;
        this.types = r.types;
        this.qconsts = r.qconsts;
        this.params = r.params;
        this.env = r.env;
        this.fx = r.fx;
        this.counter = r.counter;
    }

    /** A number unique within the run, for temporary tensor and table names. */
    int nextId() {
        return counter[0]++;
    }

    boolean dyn(String t) {
        return !t.isEmpty() && scales.containsKey(t);
    }

    int[] shape(String t) {
        return g.shape(t.endsWith(ENFORCED) ? t.substring(0, t.length() - ENFORCED.length()) : t);
    }

    /** Suffix of a tensor's range-enforced copy (see {@link QOp.Enforce}). */
    static final String ENFORCED = "#enforced";

    void emit(QOp op, int scale, ElemType type) {
        ops.add(op);
        Kernels.run(op, env, fx);
        for (String o : op.outputs()) {
            scales.put(o, scale);
            types.put(o, type);
        }
    }

    void emit(QOp op, Map<String, Integer> outScales, Map<String, ElemType> outTypes) {
        ops.add(op);
        Kernels.run(op, env, fx);
        scales.putAll(outScales);
        types.putAll(outTypes);
    }

    String temp(Node n, String what) {
        return n.name() + "#" + what + nextId();
    }

    long[] bounds(String t) {
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        for (Val<Boolean> v : env.get(t)) {
            lo = Math.min(lo, v.lo());
            hi = Math.max(hi, v.hi());
        }
        return new long[]{lo, hi};
    }

    /** A constant tensor quantized at {@code scale} and registered for kernels. */
    String constAt(String name, int scale, Node n) {
        Tensor c = g.constants().get(name);
        String key = name + "@" + scale;
        if (!qconsts.containsKey(key)) {
            long[] v = new long[c.size()];
            for (int i = 0; i < v.length; i++) {
                double x = c.get(i) * Math.pow(2, scale);
                if (!Double.isFinite(x) || Math.abs(x) > 1e17) {
                    throw new QuantizationException("constant " + name + " of node " + n.name() + " has a value "
                            + c.get(i) + " that does not fit at scale 2^" + scale);
                }
                v[i] = Math.round(x);
            }
            qconsts.put(key, v);
            List<Val<Boolean>> vals = new ArrayList<>();
            for (long x : v) {
                vals.add(Val.of(x));
            }
            env.put(key, vals);
        }
        return key;
    }

    static String opKey(Node n) {
        return n.domain().equals("ai.onnx.ml") ? "ml." + n.opType() : n.opType();
    }

    Tensor zeros(String t) {
        int[] sh = shape(t);
        return new Tensor(sh, new double[Shapes.size(sh)], ElemType.FLOAT);
    }

    List<Tensor> args(Node n) {
        List<Tensor> a = new ArrayList<>();
        for (String i : n.inputs()) {
            if (i.isEmpty()) {
                a.add(null);
            } else if (g.constants().containsKey(i)) {
                a.add(g.constants().get(i));
            } else {
                a.add(zeros(i));
            }
        }
        return a;
    }

    static boolean isInt(double v) {
        return Math.abs(v - Math.rint(v)) <= 1e-9 * Math.max(1, Math.abs(v));
    }

    static long quant(double v, int scale, Node n) {
        double x = v * Math.pow(2, scale);
        if (!Double.isFinite(x) || Math.abs(x) > 1e17) {
            throw new QuantizationException("parameter value " + v + " of node " + n.name() + " does not fit at scale 2^"
                    + scale + (Double.isFinite(v) ? "; use a smaller scale" : ""));
        }
        return Math.round(x);
    }

    static int[] identity(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    int[][] groups(int[] shape, int outer, int dim, int inner) {
        int[][] gs = new int[outer * inner][dim];
        for (int o = 0; o < outer; o++) {
            for (int in = 0; in < inner; in++) {
                for (int k = 0; k < dim; k++) {
                    gs[o * inner + in][k] = (o * dim + k) * inner + in;
                }
            }
        }
        return gs;
    }
}
