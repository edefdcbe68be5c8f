package io.zkinfer.circuits.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Unrolls ONNX recurrent operators (RNN, LSTM, GRU) over their static sequence length into plain nodes (Gather of
 * one time step, MatMul by the transposed weights, Add, the activations, element-wise Mul, Concat), so that the
 * float executor, the quantizer and the circuit see only operators they already know. {@link Graph#of} calls it when it meets such a
 * node; the unrolled nodes are folded and shape-inferred like any other.
 *
 * <p>Supported: every direction (forward, reverse, bidirectional), biases, initial states, the default and the
 * Tanh/Sigmoid/Relu activations, layout 0. Refused with the reason: layout 1, clipping, activation parameters,
 * variable sequence lengths, LSTM peepholes and input_forget. GRU: both linear_before_reset forms.
 */
public final class Recurrent {

    private Recurrent() {
    }

    /** Whether {@link #expand} unrolls this operator. */
    public static boolean isRecurrent(Node n) {
        return n.domain().isEmpty() && (n.opType().equals("RNN") || n.opType().equals("LSTM")
                || n.opType().equals("GRU"));
    }

    /**
     * The nodes that compute {@code n}; new constants (transposed weights, summed biases, indices) go into
     * {@code constants}. {@code env} holds a tensor of the right shape for every input.
     */
    public static List<Node> expand(Node n, Map<String, Tensor> env, Map<String, Tensor> constants) {
        return new Recurrent.Unroller(n, env, constants).run();
    }

    private static final class Unroller {
        private final Node n;
        private final Map<String, Tensor> env;
        private final Map<String, Tensor> constants;
        private final List<Node> out = new ArrayList<>();
        private final boolean lstm;
        private final boolean gru;
        private int id;

        Unroller(Node n, Map<String, Tensor> env, Map<String, Tensor> constants) {
            this.n = n;
            this.env = env;
            this.constants = constants;
            this.lstm = n.opType().equals("LSTM");
            this.gru = n.opType().equals("GRU");
        }

        private String fresh(String what) {
            return n.name() + "#" + what + (id++);
        }

        private Tensor constant(int pos, String what) {
            if (!n.hasInput(pos)) {
                return null;
            }
            Tensor t = constants.get(n.input(pos));
            if (t == null) {
                throw n.unsupported("computed " + what + " (weights, biases and sequence lengths must be constants)");
            }
            return t;
        }

        private String addConst(String what, Tensor t) {
            String name = fresh(what);
            constants.put(name, t);
            env.put(name, t);
            return name;
        }

        private String node(String op, List<String> ins, Map<String, Attribute> attrs) {
            String o = fresh(op.toLowerCase());
            out.add(new Node(o, op, "", ins, List.of(o), attrs));
            return o;
        }

        private String node(String op, String... ins) {
            return node(op, List.of(ins), Map.of());
        }

        private String reshape(String x, int... shape) {
            double[] d = new double[shape.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = shape[i];
            }
            return node("Reshape", x, addConst("shape", new Tensor(new int[]{shape.length}, d, ElemType.INT)));
        }

        /** {@code src[d]} (rows {@code from..from+rows} of it), transposed: [cols, rows]. */
        private Tensor transposedBlock(Tensor src, int d, int from, int rows) {
            int[] sh = src.shape();
            int cols = sh[2];
            double[] v = new double[rows * cols];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    v[c * rows + r] = src.get((d * sh[1] + from + r) * cols + c);
                }
            }
            return new Tensor(new int[]{cols, rows}, v, ElemType.FLOAT);
        }

        List<Node> run() {
            if (n.attrInt("layout", 0) != 0) {
                throw n.unsupported("layout=1 (batch first)");
            }
            if (n.attr("clip").isPresent()) {
                throw n.unsupported("attribute clip");
            }
            if (n.attr("activation_alpha").isPresent() || n.attr("activation_beta").isPresent()) {
                throw n.unsupported("activation parameters");
            }
            if (lstm && n.attrInt("input_forget", 0) != 0) {
                throw n.unsupported("input_forget=1");
            }
            String x = n.input(0);
            int[] xs = env.get(x).shape();
            if (xs.length != 3) {
                throw n.unsupported("input of rank " + xs.length);
            }
            int steps = xs[0];
            int batch = xs[1];
            int hidden = (int) n.attrInt("hidden_size", -1);
            Tensor w = constant(1, "W");
            Tensor r = constant(2, "R");
            Tensor b = constant(3, "B");
            Tensor seqLens = constant(4, "sequence_lens");
            if (seqLens != null) {
                for (int i = 0; i < seqLens.size(); i++) {
                    if (seqLens.get(i) != steps) {
                        throw n.unsupported("sequence lengths other than the full " + steps + " steps");
                    }
                }
            }
            Tensor p = lstm ? constant(7, "P") : null;
            if (p != null) {
                for (int i = 0; i < p.size(); i++) {
                    if (p.get(i) != 0) {
                        throw n.unsupported("peephole weights");
                    }
                }
            }
            String dir = n.attrString("direction", "forward");
            int dirs = dir.equals("bidirectional") ? 2 : 1;
            int gates = lstm ? 4 : gru ? 3 : 1;
            if (w == null || r == null || hidden < 1 || w.shape()[1] != gates * hidden) {
                throw n.unsupported("weights that do not match hidden_size");
            }
            List<String> acts = n.attrStrings("activations").orElse(lstm
                    ? List.of("Sigmoid", "Tanh", "Tanh", "Sigmoid", "Tanh", "Tanh")
                    : gru ? List.of("Sigmoid", "Tanh", "Sigmoid", "Tanh") : List.of("Tanh", "Tanh"));
            int perDir = lstm ? 3 : gru ? 2 : 1;
            boolean resetAfter = gru && n.attrInt("linear_before_reset", 0) != 0;
            for (String a : acts) {
                if (!List.of("Tanh", "Sigmoid", "Relu").contains(a)) {
                    throw n.unsupported("activation " + a);
                }
            }
            List<String> ys = new ArrayList<>();
            List<String> hs = new ArrayList<>();
            List<String> cs = new ArrayList<>();
            for (int d = 0; d < dirs; d++) {
                boolean reverse = dir.equals("reverse") || d == 1;
                String[] wt = new String[gates];
                String[] rt = new String[gates];
                String[] bias = new String[gates];
                String[] wBias = new String[gates];
                String[] rBias = new String[gates];
                for (int k = 0; k < gates; k++) {
                    wt[k] = addConst("Wt", transposedBlock(w, d, k * hidden, hidden));
                    rt[k] = addConst("Rt", transposedBlock(r, d, k * hidden, hidden));
                    double[] bv = new double[hidden];
                    if (b != null) {
                        for (int j = 0; j < hidden; j++) {
                            bv[j] = b.get(d * 2 * gates * hidden + k * hidden + j)
                                    + b.get(d * 2 * gates * hidden + (gates + k) * hidden + j);
                        }
                    }
                    bias[k] = addConst("bias", new Tensor(new int[]{hidden}, bv, ElemType.FLOAT));
                    if (gru) {
                        double[] wb = new double[hidden];
                        double[] rb = new double[hidden];
                        for (int j = 0; b != null && j < hidden; j++) {
                            wb[j] = b.get(d * 2 * gates * hidden + k * hidden + j);
                            rb[j] = b.get(d * 2 * gates * hidden + (gates + k) * hidden + j);
                        }
                        wBias[k] = addConst("Wb", new Tensor(new int[]{hidden}, wb, ElemType.FLOAT));
                        rBias[k] = addConst("Rb", new Tensor(new int[]{hidden}, rb, ElemType.FLOAT));
                    }
                }
                String h = initialState(5, d, batch, hidden);
                String c = lstm ? initialState(6, d, batch, hidden) : null;
                String[] yAt = new String[steps];
                for (int s = 0; s < steps; s++) {
                    int t = reverse ? steps - 1 - s : s;
                    String xt = node("Gather", List.of(x, addConst("t", Tensor.scalar(t, ElemType.INT))),
                            Map.of("axis", new Attribute.Int(0)));
                    if (gru) {
                        // ONNX gate order: update z, reset r, hidden; h' = (1 - z)·hh + z·h
                        String z = node(acts.get(d * perDir), gate(xt, h, wt[0], rt[0], bias[0]));
                        String rg = node(acts.get(d * perDir), gate(xt, h, wt[1], rt[1], bias[1]));
                        String xh = node("Add", node("MatMul", xt, wt[2]), wBias[2]);
                        String hh = resetAfter
                                ? node("Mul", rg, node("Add", node("MatMul", h, rt[2]), rBias[2]))
                                : node("Add", node("MatMul", node("Mul", rg, h), rt[2]), rBias[2]);
                        String cand = node(acts.get(d * perDir + 1), node("Add", xh, hh));
                        String keep = node("Sub", addConst("one", Tensor.scalar(1, ElemType.FLOAT)), z);
                        h = node("Add", node("Mul", keep, cand), node("Mul", z, h));
                    } else if (!lstm) {
                        h = node(acts.get(d), gate(xt, h, wt[0], rt[0], bias[0]));
                    } else {
                        // ONNX gate order: input, output, forget, cell
                        String ig = node(acts.get(d * perDir), gate(xt, h, wt[0], rt[0], bias[0]));
                        String og = node(acts.get(d * perDir), gate(xt, h, wt[1], rt[1], bias[1]));
                        String fg = node(acts.get(d * perDir), gate(xt, h, wt[2], rt[2], bias[2]));
                        String cg = node(acts.get(d * perDir + 1), gate(xt, h, wt[3], rt[3], bias[3]));
                        c = node("Add", node("Mul", fg, c), node("Mul", ig, cg));
                        h = node("Mul", og, node(acts.get(d * perDir + 2), c));
                    }
                    yAt[t] = reshape(h, 1, 1, batch, hidden);
                }
                ys.add(steps == 1 ? yAt[0] : node("Concat", List.of(yAt), Map.of("axis", new Attribute.Int(0))));
                hs.add(reshape(h, 1, batch, hidden));
                if (lstm) {
                    cs.add(reshape(c, 1, batch, hidden));
                }
            }
            List<String> results = new ArrayList<>();
            results.add(dirs == 1 ? ys.get(0) : node("Concat", ys, Map.of("axis", new Attribute.Int(1))));
            results.add(dirs == 1 ? hs.get(0) : node("Concat", hs, Map.of("axis", new Attribute.Int(0))));
            if (lstm) {
                results.add(dirs == 1 ? cs.get(0) : node("Concat", cs, Map.of("axis", new Attribute.Int(0))));
            }
            for (int k = 0; k < n.outputs().size() && k < results.size(); k++) {
                if (!n.outputs().get(k).isEmpty()) {
                    out.add(new Node(n.name() + "#out" + k, "Identity", "", List.of(results.get(k)),
                            List.of(n.outputs().get(k)), Map.of()));
                }
            }
            return out;
        }

        /** {@code x·Wt + h·Rt + bias}: the pre-activation of one gate. */
        private String gate(String xt, String h, String wt, String rt, String bias) {
            return node("Add", node("Add", node("MatMul", xt, wt), node("MatMul", h, rt)), bias);
        }

        /** Direction {@code d}'s initial state ([batch, hidden]) from input {@code pos}, zeros when absent. */
        private String initialState(int pos, int d, int batch, int hidden) {
            if (!n.hasInput(pos)) {
                return addConst("zeros", new Tensor(new int[]{batch, hidden}, new double[batch * hidden],
                        ElemType.FLOAT));
            }
            return node("Gather", List.of(n.input(pos), addConst("d", Tensor.scalar(d, ElemType.INT))),
                    Map.of("axis", new Attribute.Int(0)));
        }
    }
}
