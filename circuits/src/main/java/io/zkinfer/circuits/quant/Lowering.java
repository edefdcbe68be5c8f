package io.zkinfer.circuits.quant;

import io.zkinfer.circuits.ir.Circuit;
import io.zkinfer.circuits.ir.CircuitBuilder;
import io.zkinfer.circuits.ir.Wire;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Lowers a {@link QuantizedGraph} to circuit IR by running the shared kernels on a {@link CircuitBackend}. Inputs are
 * range-checked to their calibrated bounds; public parameters are circuit constants (dense layers become
 * {@code lincomb}s with no multiplication constraint).
 *
 * <p>Names: input element {@code in:NAME[i]}, output element {@code out:NAME[i]}, salted commitments
 * {@code commit:NAME} with salt {@code salt:NAME}, division advice {@code advice:divK_q}/{@code _r}, private parameter
 * elements {@code param:NODE:TENSOR[i]} (committed together as {@code commit:params}).
 */
public final class Lowering {

    private Lowering() {
    }

    public static String inputName(String tensor, int i) {
        return "in:" + tensor + "[" + i + "]";
    }

    public static String outputName(String tensor, int i) {
        return "out:" + tensor + "[" + i + "]";
    }

    /** The name committed parameters go by: {@code commit:params}, salt {@code salt:params}. */
    public static final String PARAMS = "params";

    /** Element i of private parameter tensor {@code key} (keys start with {@code param:}). */
    public static String paramName(String key, int i) {
        return key + "[" + i + "]";
    }

    public static String saltName(String tensor) {
        return "salt:" + tensor;
    }

    public static String commitmentName(String tensor) {
        return "commit:" + tensor;
    }

    public static String adviceName(String name) {
        return "advice:" + name;
    }

    public static Circuit lower(QuantizedGraph q, ModelVisibility vis) {
        if (vis.params() != Visibility.PUBLIC && q.params().isEmpty()) {
            throw new QuantizationException("parameter visibility " + vis.params().name().toLowerCase()
                    + " needs a graph quantized with private parameters (QuantSettings.privateParams)");
        }
        if (vis.params() == Visibility.PUBLIC && !q.params().isEmpty()) {
            throw new QuantizationException("graph has private parameters but params visibility is public");
        }
        CircuitBuilder cb = new CircuitBuilder(q.name());
        CircuitBackend backend = new CircuitBackend(cb);
        Fx<Wire> fx = new Fx<>(new PrefixedAdvice(backend));
        Map<String, List<Val<Wire>>> env = new HashMap<>();
        List<Wire> toCommit;
        for (QuantizedGraph.Input in : q.inputs()) {
            List<Val<Wire>> vals = new ArrayList<>();
            toCommit = new ArrayList<>();
            fx.at("input " + in.name());
            for (int i = 0; i < in.size(); i++) {
                Wire w = vis.input() == Visibility.PUBLIC ? cb.publicInput(inputName(in.name(), i))
                        : cb.privateInput(inputName(in.name(), i));
                toCommit.add(w);
                // the calibrated bound is enforced, so every later interval is a proven fact
                vals.add(fx.enforce(new Val<>(w, in.lo(), in.hi()), in.lo(), in.hi()));
            }
            if (vis.input() == Visibility.COMMITTED) {
                Wire salt = cb.privateInput(saltName(in.name()));
                cb.output(commitmentName(in.name()), cb.commit(salt, toCommit));
            }
            env.put(in.name(), vals);
        }
        QuantizedExecutor.addConstants(q, env);
        List<Wire> paramWires = new ArrayList<>();
        for (var e : q.params().entrySet()) {
            long[] b = QuantizedGraph.paramBounds(e.getValue());
            fx.at("parameter " + e.getKey());
            List<Val<Wire>> vals = new ArrayList<>();
            for (int i = 0; i < e.getValue().length; i++) {
                Wire w = cb.privateInput(paramName(e.getKey(), i));
                paramWires.add(w);
                // the published bound of the weights is enforced, so downstream intervals are facts
                vals.add(fx.enforce(new Val<>(w, b[0], b[1]), b[0], b[1]));
            }
            env.put(e.getKey(), vals);
        }
        if (vis.params() == Visibility.COMMITTED && !paramWires.isEmpty()) {
            Wire salt = cb.privateInput(saltName(PARAMS));
            cb.output(commitmentName(PARAMS), cb.commit(salt, paramWires));
        }
        for (QOp op : q.ops()) {
            Kernels.run(op, env, fx);
        }
        for (QuantizedGraph.Output o : q.outputs()) {
            List<Val<Wire>> vals = env.get(o.name());
            List<Wire> wires = new ArrayList<>();
            for (Val<Wire> v : vals) {
                wires.add(v.isConst() ? cb.constant(v.constValue()) : v.v());
            }
            switch (vis.output()) {
                case PUBLIC -> {
                    for (int i = 0; i < wires.size(); i++) {
                        cb.output(outputName(o.name(), i), wires.get(i));
                    }
                }
                case COMMITTED -> {
                    Wire salt = cb.privateInput(saltName(o.name()));
                    cb.output(commitmentName(o.name()), cb.commit(salt, wires));
                }
                case PRIVATE -> {
                }
            }
        }
        return cb.build();
    }

    /** Names advice inputs {@code advice:...} so they cannot clash with model tensor names. */
    private record PrefixedAdvice(CircuitBackend b) implements Backend<Wire> {
        public Wire constant(long c) {
            return b.constant(c);
        }

        public Wire lincomb(long[] coefs, List<Wire> xs, long bias) {
            return b.lincomb(coefs, xs, bias);
        }

        public Wire mul(Wire a, Wire c) {
            return b.mul(a, c);
        }

        public Wire rescale(Wire a, int shift, int bits) {
            return b.rescale(a, shift, bits);
        }

        public Wire less(Wire a, Wire c, int bits) {
            return b.less(a, c, bits);
        }

        public Wire max(Wire a, Wire c, int bits) {
            return b.max(a, c, bits);
        }

        public Wire relu(Wire a, int bits) {
            return b.relu(a, bits);
        }

        public Wire select(Wire cond, Wire a, Wire c) {
            return b.select(cond, a, c);
        }

        public Wire isZero(Wire a) {
            return b.isZero(a);
        }

        public void rangeCheck(Wire a, int bits) {
            b.rangeCheck(a, bits);
        }

        public void assertEqual(Wire a, Wire c) {
            b.assertEqual(a, c);
        }

        public Wire lookup(LookupTable t, Wire a) {
            return b.lookup(t, a);
        }

        public List<Wire> divAdvice(String name, Wire a, Wire d) {
            return b.divAdvice(adviceName(name), a, d);
        }
    }
}
