package io.zkinfer.circuits.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * Float (double) reference semantics of the supported ONNX operators. Used for constant folding and shape inference at
 * import, for calibration and for the fidelity report, so that compiling needs no onnxruntime. Tests compare it
 * with onnxruntime.
 */
public final class FloatExecutor {

    private final int opset;

    public FloatExecutor(int opset) {
        this.opset = opset;
    }

    /** Runs the graph on named inputs and returns every graph output by name. */
    public static Map<String, Tensor> run(Graph g, Map<String, Tensor> inputs) {
        Map<String, Tensor> env = runAll(g, inputs);
        Map<String, Tensor> out = new java.util.LinkedHashMap<>();
        for (ValueInfo o : g.outputs()) {
            out.put(o.name(), env.get(o.name()));
        }
        return out;
    }

    /** Runs the graph and returns every tensor (inputs, constants, intermediates) by name. */
    public static Map<String, Tensor> runAll(Graph g, Map<String, Tensor> inputs) {
        Map<String, Tensor> env = new HashMap<>(g.constants());
        for (ValueInfo in : g.inputs()) {
            Tensor t = inputs.get(in.name());
            if (t == null) {
                throw new ModelException("missing model input '" + in.name() + "'");
            }
            if (!Arrays.equals(t.rawShape(), in.shape()) && t.size() == Shapes.size(in.shape())) {
                t = t.reshape(in.shape());
            }
            if (!Arrays.equals(t.rawShape(), in.shape())) {
                throw new ModelException("input '" + in.name() + "' has shape " + Arrays.toString(t.shape())
                        + ", the model expects " + Arrays.toString(in.shape()));
            }
            env.put(in.name(), t);
        }
        FloatExecutor ex = new FloatExecutor(g.opset());
        for (Node n : g.nodes()) {
            List<Tensor> args = new ArrayList<>();
            for (String i : n.inputs()) {
                args.add(i.isEmpty() ? null : env.get(i));
            }
            List<Tensor> outs = ex.apply(n, args);
            for (int k = 0; k < n.outputs().size() && k < outs.size(); k++) {
                env.put(n.outputs().get(k), outs.get(k));
            }
        }
        return env;
    }

    /** Applies one node; {@code args} holds null for omitted optional inputs. */
    public List<Tensor> apply(Node n, List<Tensor> args) {
        try {
            return applyUnchecked(n, args);
        } catch (ModelException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ModelException("cannot evaluate " + n.opType() + " at node " + n.name() + ": " + e, e);
        }
    }

    private static Tensor arg(Node n, List<Tensor> args, int i) {
        Tensor t = i < args.size() ? args.get(i) : null;
        if (t == null) {
            throw new ModelException(n.opType() + " at node " + n.name() + " needs input " + i);
        }
        return t;
    }

    private static Tensor opt(List<Tensor> args, int i) {
        return i < args.size() ? args.get(i) : null;
    }

    private List<Tensor> applyUnchecked(Node n, List<Tensor> a) {
        String op = n.domain().equals("ai.onnx.ml") ? "ml." + n.opType() : n.opType();
        if (!n.domain().isEmpty() && !n.domain().equals("ai.onnx.ml") && !n.domain().equals("ai.onnx")) {
            throw n.unsupported("domain " + n.domain());
        }
        return switch (op) {
            case "Identity", "Dropout" -> List.of(arg(n, a, 0));
            case "Constant" -> List.of(constant(n));
            case "Cast" -> List.of(cast(arg(n, a, 0), ElemType.fromOnnx((int) n.attrInt("to", 1), n.name()), n));
            case "CastLike" -> List.of(cast(arg(n, a, 0), arg(n, a, 1).type(), n));
            case "Relu" -> List.of(unary(a, n, x -> Math.max(x, 0)));
            case "Sigmoid" -> List.of(unary(a, n, Fn::sigmoid));
            case "Tanh" -> List.of(unary(a, n, Math::tanh));
            case "Erf" -> List.of(unary(a, n, Fn::erf));
            case "Sqrt" -> List.of(unary(a, n, Math::sqrt));
            case "Exp" -> List.of(unary(a, n, Math::exp));
            case "Log" -> List.of(unary(a, n, Math::log));
            case "Neg" -> List.of(unaryKeep(a, n, x -> -x));
            case "Abs" -> List.of(unaryKeep(a, n, Math::abs));
            case "Sign" -> List.of(unaryKeep(a, n, Math::signum));
            case "Floor" -> List.of(unary(a, n, Math::floor));
            case "Ceil" -> List.of(unary(a, n, Math::ceil));
            case "Round" -> List.of(unary(a, n, Math::rint));
            case "Reciprocal" -> List.of(unary(a, n, x -> 1 / x));
            case "Sin" -> List.of(unary(a, n, Math::sin));
            case "Cos" -> List.of(unary(a, n, Math::cos));
            case "Tan" -> List.of(unary(a, n, Math::tan));
            case "Asin" -> List.of(unary(a, n, Math::asin));
            case "Acos" -> List.of(unary(a, n, Math::acos));
            case "Atan" -> List.of(unary(a, n, Math::atan));
            case "Sinh" -> List.of(unary(a, n, Math::sinh));
            case "Cosh" -> List.of(unary(a, n, Math::cosh));
            case "Softplus" -> List.of(unary(a, n, Fn::softplus));
            case "Softsign" -> List.of(unary(a, n, x -> x / (1 + Math.abs(x))));
            case "Not" -> List.of(unary(a, n, x -> x == 0 ? 1 : 0).withType(ElemType.BOOL));
            case "LeakyRelu" -> {
                double al = n.attrFloat("alpha", 0.01);
                yield List.of(unary(a, n, x -> x >= 0 ? x : al * x));
            }
            case "Elu" -> {
                double al = n.attrFloat("alpha", 1.0);
                yield List.of(unary(a, n, x -> x >= 0 ? x : al * (Math.exp(x) - 1)));
            }
            case "Selu" -> {
                double al = n.attrFloat("alpha", 1.67326319217681884765625);
                double ga = n.attrFloat("gamma", 1.05070102214813232421875);
                yield List.of(unary(a, n, x -> x > 0 ? ga * x : ga * (al * Math.exp(x) - al)));
            }
            case "HardSigmoid" -> {
                double al = n.attrFloat("alpha", 0.2);
                double be = n.attrFloat("beta", 0.5);
                yield List.of(unary(a, n, x -> Math.max(0, Math.min(1, al * x + be))));
            }
            case "HardSwish" -> List.of(unary(a, n, x -> x * Math.max(0, Math.min(1, x / 6 + 0.5))));
            case "Gelu" -> {
                boolean tanh = n.attrString("approximate", "none").equals("tanh");
                yield List.of(unary(a, n, tanh ? Fn::geluTanh : Fn::gelu));
            }
            case "Add" -> List.of(binary(a, n, Double::sum, false));
            case "Sub" -> List.of(binary(a, n, (x, y) -> x - y, false));
            case "Mul" -> List.of(binary(a, n, (x, y) -> x * y, false));
            case "Div" -> {
                boolean ints = arg(n, a, 0).type() == ElemType.INT && arg(n, a, 1).type() == ElemType.INT;
                yield List.of(binary(a, n, ints ? (x, y) -> (double) ((long) x / (long) y) : (x, y) -> x / y, false));
            }
            case "Pow" -> List.of(binaryTyped(a, n, Math::pow, arg(n, a, 0).type()));
            case "Mod" -> List.of(binary(a, n, (x, y) -> n.attrInt("fmod", 0) == 1 ? x % y
                    : x - Math.floor(x / y) * y, false));
            case "PRelu" -> List.of(binary(a, n, (x, s) -> x >= 0 ? x : s * x, false));
            case "Max" -> List.of(variadic(a, n, Math::max));
            case "Min" -> List.of(variadic(a, n, Math::min));
            case "Sum" -> List.of(variadic(a, n, Double::sum));
            case "Mean" -> {
                Tensor s = variadic(a, n, Double::sum);
                int k = (int) a.stream().filter(t -> t != null).count();
                yield List.of(map(s, x -> x / k, s.type()));
            }
            case "Less" -> List.of(binary(a, n, (x, y) -> x < y ? 1 : 0, true));
            case "LessOrEqual" -> List.of(binary(a, n, (x, y) -> x <= y ? 1 : 0, true));
            case "Greater" -> List.of(binary(a, n, (x, y) -> x > y ? 1 : 0, true));
            case "GreaterOrEqual" -> List.of(binary(a, n, (x, y) -> x >= y ? 1 : 0, true));
            case "Equal" -> List.of(binary(a, n, (x, y) -> x == y ? 1 : 0, true));
            case "And" -> List.of(binary(a, n, (x, y) -> x != 0 && y != 0 ? 1 : 0, true));
            case "Or" -> List.of(binary(a, n, (x, y) -> x != 0 || y != 0 ? 1 : 0, true));
            case "Xor" -> List.of(binary(a, n, (x, y) -> (x != 0) != (y != 0) ? 1 : 0, true));
            case "Where" -> List.of(where(a, n));
            case "Clip" -> List.of(clip(a, n));
            case "Gemm" -> List.of(gemm(a, n));
            case "MatMul" -> List.of(matmul(arg(n, a, 0), arg(n, a, 1), n));
            case "Conv" -> List.of(Conv.conv(n, arg(n, a, 0), arg(n, a, 1), opt(a, 2)));
            case "ConvTranspose" -> List.of(Conv.convTranspose(n, arg(n, a, 0), arg(n, a, 1), opt(a, 2)));
            case "MaxPool" -> List.of(Conv.pool(n, arg(n, a, 0), true));
            case "AveragePool" -> List.of(Conv.pool(n, arg(n, a, 0), false));
            case "GlobalAveragePool" -> List.of(Conv.globalPool(arg(n, a, 0), false));
            case "GlobalMaxPool" -> List.of(Conv.globalPool(arg(n, a, 0), true));
            case "BatchNormalization" -> List.of(batchNorm(a, n));
            case "Flatten" -> List.of(flatten(arg(n, a, 0), n));
            case "Reshape" -> List.of(reshape(arg(n, a, 0), arg(n, a, 1), n));
            case "Transpose" -> List.of(Layout.transpose(arg(n, a, 0), n));
            case "Concat" -> List.of(Layout.concat(a, n));
            case "Slice" -> List.of(Layout.slice(a, n, opset));
            case "Pad" -> List.of(Layout.pad(a, n, opset));
            case "Squeeze" -> List.of(Layout.squeeze(a, n, opset));
            case "Unsqueeze" -> List.of(Layout.unsqueeze(a, n, opset));
            case "Gather" -> List.of(Layout.gather(arg(n, a, 0), arg(n, a, 1), n));
            case "GatherElements" -> List.of(Layout.gatherElements(arg(n, a, 0), arg(n, a, 1), n));
            case "ml.ArrayFeatureExtractor" -> List.of(Layout.arrayFeatureExtractor(arg(n, a, 0), arg(n, a, 1)));
            case "Expand" -> List.of(Layout.expand(arg(n, a, 0), arg(n, a, 1), n));
            case "Tile" -> List.of(Layout.tile(arg(n, a, 0), arg(n, a, 1)));
            case "Split" -> Layout.split(a, n, opset);
            case "Shape" -> List.of(Layout.shapeOf(arg(n, a, 0), n));
            case "Size" -> List.of(Tensor.scalar(arg(n, a, 0).size(), ElemType.INT));
            case "ConstantOfShape" -> List.of(Layout.constantOfShape(arg(n, a, 0), n));
            case "Range" -> List.of(Layout.range(arg(n, a, 0), arg(n, a, 1), arg(n, a, 2)));
            case "Resize", "Upsample" -> List.of(Layout.resize(a, n, opset));
            case "ReduceSum", "ReduceMean", "ReduceMax", "ReduceMin", "ReduceProd", "ReduceSumSquare",
                 "ReduceL1", "ReduceL2" -> List.of(Reduce.reduce(a, n, opset));
            case "ArgMax", "ArgMin" -> List.of(Reduce.argReduce(arg(n, a, 0), n));
            case "Softmax", "LogSoftmax" -> List.of(Reduce.softmax(arg(n, a, 0), n, opset));
            case "TopK" -> Reduce.topK(a, n, opset);
            case "ml.Scaler" -> List.of(Ml.scaler(arg(n, a, 0), n));
            case "ml.LinearRegressor" -> List.of(Ml.linearRegressor(arg(n, a, 0), n));
            case "ml.LinearClassifier" -> Ml.linearClassifier(arg(n, a, 0), n);
            case "ml.TreeEnsembleRegressor" -> List.of(Ml.treeRegressor(arg(n, a, 0), n));
            case "ml.TreeEnsembleClassifier" -> Ml.treeClassifier(arg(n, a, 0), n);
            case "ml.Normalizer" -> List.of(Ml.normalizer(arg(n, a, 0), n));
            default -> throw n.unsupported("");
        };
    }

    private static Tensor constant(Node n) {
        if (n.attr("value").orElse(null) instanceof Attribute.TensorValue tv) {
            return tv.value();
        }
        if (n.attr("value_float").orElse(null) instanceof Attribute.Float f) {
            return Tensor.scalar(f.value(), ElemType.FLOAT);
        }
        if (n.attr("value_int").orElse(null) instanceof Attribute.Int i) {
            return Tensor.scalar(i.value(), ElemType.INT);
        }
        if (n.attr("value_floats").isPresent()) {
            double[] v = n.attrFloats("value_floats").orElseThrow();
            return new Tensor(new int[]{v.length}, v, ElemType.FLOAT);
        }
        if (n.attr("value_ints").isPresent()) {
            long[] v = n.attrInts("value_ints").orElseThrow();
            return new Tensor(new int[]{v.length}, Arrays.stream(v).asDoubleStream().toArray(), ElemType.INT);
        }
        throw n.unsupported("attribute " + String.join(",", n.attributes().keySet()));
    }

    static Tensor cast(Tensor x, ElemType to, Node n) {
        return switch (to) {
            case FLOAT -> x.withType(ElemType.FLOAT);
            case BOOL -> map(x, v -> v != 0 ? 1 : 0, ElemType.BOOL);
            case INT -> map(x, v -> v < 0 ? Math.ceil(v) : Math.floor(v), ElemType.INT);
        };
    }

    static Tensor map(Tensor x, DoubleUnaryOperator f, ElemType type) {
        double[] s = x.raw();
        double[] r = new double[s.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = f.applyAsDouble(s[i]);
        }
        return Tensor.wrap(x.rawShape(), r, type);
    }

    private static Tensor unary(List<Tensor> a, Node n, DoubleUnaryOperator f) {
        return map(arg(n, a, 0), f, ElemType.FLOAT);
    }

    private static Tensor unaryKeep(List<Tensor> a, Node n, DoubleUnaryOperator f) {
        Tensor x = arg(n, a, 0);
        return map(x, f, x.type());
    }

    static Tensor broadcast2(Tensor x, Tensor y, DoubleBinaryOperator f, ElemType type, String where) {
        int[] shape = Shapes.broadcast(x.rawShape(), y.rawShape(), where);
        int[] ix = Shapes.broadcastIndex(shape, x.rawShape());
        int[] iy = Shapes.broadcastIndex(shape, y.rawShape());
        double[] r = new double[ix.length];
        double[] xs = x.raw();
        double[] ys = y.raw();
        for (int i = 0; i < r.length; i++) {
            r[i] = f.applyAsDouble(xs[ix[i]], ys[iy[i]]);
        }
        return Tensor.wrap(shape, r, type);
    }

    private static Tensor binary(List<Tensor> a, Node n, DoubleBinaryOperator f, boolean bool) {
        Tensor x = arg(n, a, 0);
        Tensor y = arg(n, a, 1);
        ElemType t = bool ? ElemType.BOOL : (x.type() == ElemType.FLOAT || y.type() == ElemType.FLOAT
                ? ElemType.FLOAT : x.type());
        return broadcast2(x, y, f, t, "node " + n.name());
    }

    private static Tensor binaryTyped(List<Tensor> a, Node n, DoubleBinaryOperator f, ElemType t) {
        return broadcast2(arg(n, a, 0), arg(n, a, 1), f, t, "node " + n.name());
    }

    private static Tensor variadic(List<Tensor> a, Node n, DoubleBinaryOperator f) {
        Tensor acc = arg(n, a, 0);
        for (int i = 1; i < a.size(); i++) {
            if (a.get(i) != null) {
                acc = broadcast2(acc, a.get(i), f, acc.type(), "node " + n.name());
            }
        }
        return acc;
    }

    private static Tensor where(List<Tensor> a, Node n) {
        Tensor c = arg(n, a, 0);
        Tensor x = arg(n, a, 1);
        Tensor y = arg(n, a, 2);
        String w = "node " + n.name();
        int[] shape = Shapes.broadcast(Shapes.broadcast(c.rawShape(), x.rawShape(), w), y.rawShape(), w);
        int[] ic = Shapes.broadcastIndex(shape, c.rawShape());
        int[] ix = Shapes.broadcastIndex(shape, x.rawShape());
        int[] iy = Shapes.broadcastIndex(shape, y.rawShape());
        double[] r = new double[ic.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = c.raw()[ic[i]] != 0 ? x.raw()[ix[i]] : y.raw()[iy[i]];
        }
        return Tensor.wrap(shape, r, x.type());
    }

    private Tensor clip(List<Tensor> a, Node n) {
        double lo;
        double hi;
        if (opset < 11) {
            lo = n.attrFloat("min", Double.NEGATIVE_INFINITY);
            hi = n.attrFloat("max", Double.POSITIVE_INFINITY);
        } else {
            lo = opt(a, 1) == null ? Double.NEGATIVE_INFINITY : opt(a, 1).get(0);
            hi = opt(a, 2) == null ? Double.POSITIVE_INFINITY : opt(a, 2).get(0);
        }
        Tensor x = arg(n, a, 0);
        return map(x, v -> Math.min(hi, Math.max(lo, v)), x.type());
    }

    private static Tensor gemm(List<Tensor> a, Node n) {
        Tensor x = arg(n, a, 0);
        Tensor w = arg(n, a, 1);
        if (x.rank() != 2 || w.rank() != 2) {
            throw new ModelException("Gemm at node " + n.name() + " needs 2-D inputs, got " + Arrays.toString(x.shape())
                    + " and " + Arrays.toString(w.shape()));
        }
        if (n.attrInt("transA", 0) != 0) {
            x = Layout.transpose2(x);
        }
        if (n.attrInt("transB", 0) != 0) {
            w = Layout.transpose2(w);
        }
        double alpha = n.attrFloat("alpha", 1);
        double beta = n.attrFloat("beta", 1);
        Tensor y = matmul(x, w, n);
        if (alpha != 1) {
            y = map(y, v -> v * alpha, y.type());
        }
        Tensor c = opt(a, 2);
        if (c != null) {
            y = broadcast2(y, c, (p, q) -> p + beta * q, ElemType.FLOAT, "node " + n.name());
        }
        return y;
    }

    static Tensor matmul(Tensor x, Tensor y, Node n) {
        int[] xs = x.rawShape();
        int[] ys = y.rawShape();
        boolean xv = xs.length == 1;
        boolean yv = ys.length == 1;
        if (xv) {
            xs = new int[]{1, xs[0]};
        }
        if (yv) {
            ys = new int[]{ys[0], 1};
        }
        int m = xs[xs.length - 2];
        int k = xs[xs.length - 1];
        int k2 = ys[ys.length - 2];
        int p = ys[ys.length - 1];
        if (k != k2) {
            throw new ModelException("MatMul at node " + n.name() + ": inner dimensions differ, "
                    + Arrays.toString(x.shape()) + " x " + Arrays.toString(y.shape()));
        }
        int[] bx = Arrays.copyOf(xs, xs.length - 2);
        int[] by = Arrays.copyOf(ys, ys.length - 2);
        int[] batch = Shapes.broadcast(bx, by, "node " + n.name());
        int[] ibx = Shapes.broadcastIndex(batch, bx);
        int[] iby = Shapes.broadcastIndex(batch, by);
        int nb = ibx.length;
        double[] r = new double[nb * m * p];
        double[] xd = x.raw();
        double[] yd = y.raw();
        for (int b = 0; b < nb; b++) {
            int xo = ibx[b] * m * k;
            int yo = iby[b] * k * p;
            int ro = b * m * p;
            for (int i = 0; i < m; i++) {
                for (int kk = 0; kk < k; kk++) {
                    double xv2 = xd[xo + i * k + kk];
                    if (xv2 == 0) {
                        continue;
                    }
                    for (int j = 0; j < p; j++) {
                        r[ro + i * p + j] += xv2 * yd[yo + kk * p + j];
                    }
                }
            }
        }
        int[] shape = new int[batch.length + 2];
        System.arraycopy(batch, 0, shape, 0, batch.length);
        shape[batch.length] = m;
        shape[batch.length + 1] = p;
        if (xv && yv) {
            shape = Arrays.copyOf(batch, batch.length);
        } else if (xv) {
            shape = concatDims(batch, new int[]{p});
        } else if (yv) {
            shape = concatDims(batch, new int[]{m});
        }
        ElemType t = x.type() == ElemType.INT && y.type() == ElemType.INT ? ElemType.INT : ElemType.FLOAT;
        return Tensor.wrap(shape, r, t);
    }

    static int[] concatDims(int[] a, int[] b) {
        int[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static Tensor batchNorm(List<Tensor> a, Node n) {
        Tensor x = arg(n, a, 0);
        Tensor sc = arg(n, a, 1);
        Tensor b = arg(n, a, 2);
        Tensor mean = arg(n, a, 3);
        Tensor var = arg(n, a, 4);
        if (n.attrInt("training_mode", 0) != 0) {
            throw n.unsupported("attribute training_mode=1");
        }
        double eps = n.attrFloat("epsilon", 1e-5);
        int c = x.dim(1);
        int inner = x.size() / (x.dim(0) * c);
        double[] r = new double[x.size()];
        for (int i = 0; i < r.length; i++) {
            int ch = (i / inner) % c;
            double g = sc.get(ch) / Math.sqrt(var.get(ch) + eps);
            r[i] = (x.raw()[i] - mean.get(ch)) * g + b.get(ch);
        }
        return Tensor.wrap(x.rawShape(), r, ElemType.FLOAT);
    }

    private static Tensor flatten(Tensor x, Node n) {
        int axis = (int) n.attrInt("axis", 1);
        if (axis < 0) {
            axis += x.rank();
        }
        int outer = 1;
        for (int i = 0; i < axis; i++) {
            outer *= x.dim(i);
        }
        return x.reshape(new int[]{outer, x.size() / Math.max(outer, 1)});
    }

    private static Tensor reshape(Tensor x, Tensor shapeT, Node n) {
        long[] spec = shapeT.toLongs();
        boolean allowZero = n.attrInt("allowzero", 0) != 0;
        int[] s = new int[spec.length];
        int unknown = -1;
        int known = 1;
        for (int i = 0; i < spec.length; i++) {
            if (spec[i] == -1) {
                if (unknown >= 0) {
                    throw new ModelException("Reshape at node " + n.name() + ": more than one -1 in " + Arrays.toString(spec));
                }
                unknown = i;
                continue;
            }
            s[i] = spec[i] == 0 && !allowZero ? x.dim(i) : (int) spec[i];
            known *= s[i];
        }
        if (unknown >= 0) {
            s[unknown] = known == 0 ? 0 : x.size() / known;
        }
        if (Shapes.size(s) != x.size()) {
            throw new ModelException("Reshape at node " + n.name() + ": cannot reshape " + Arrays.toString(x.shape())
                    + " to " + Arrays.toString(spec));
        }
        return x.reshape(s);
    }
}
