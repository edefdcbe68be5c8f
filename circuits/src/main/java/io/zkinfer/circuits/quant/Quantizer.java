package io.zkinfer.circuits.quant;

import io.zkinfer.circuits.model.ElemType;
import io.zkinfer.circuits.model.FloatExecutor;
import io.zkinfer.circuits.model.Graph;
import io.zkinfer.circuits.model.Ml;
import io.zkinfer.circuits.model.ModelException;
import io.zkinfer.circuits.model.Node;
import io.zkinfer.circuits.model.Shapes;
import io.zkinfer.circuits.model.Tensor;
import io.zkinfer.circuits.model.ValueInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;

/**
 * Turns a float {@link Graph} into a {@link QuantizedGraph}: per-tensor power-of-two scales, integer weights, lookup
 * tables sized from tracked intervals. Affine operators (Gemm, Conv, BatchNormalization, pooling averages, Add, ...)
 * are not re-implemented: their exact coefficient matrix is read off the float executor by probing with unit vectors,
 * and data-movement operators by propagating element codes, so every layout the float executor supports is supported.
 */
public final class Quantizer {

    /** Operators that are affine in their dynamic inputs. */
    private static final Set<String> AFFINE = Set.of("Add", "Sub", "Neg", "Sum", "Mean", "Gemm", "MatMul", "Conv",
            "ConvTranspose", "BatchNormalization", "AveragePool", "GlobalAveragePool", "ReduceSum", "ReduceMean", "Pad",
            "Mul", "Div", "ml.Scaler", "ml.LinearRegressor", "Concat");

    /** Pure data movement: outputs are copies of elements of the data inputs. */
    private static final Set<String> MOVE = Set.of("Identity", "Dropout", "Reshape", "Flatten", "Squeeze", "Unsqueeze",
            "Transpose", "Slice", "Gather", "GatherElements", "Expand", "Tile", "Split", "Concat", "Resize", "Upsample",
            "ml.ArrayFeatureExtractor");

    private static final long CODE_STRIDE = 1L << 26;

    /** Operators whose constant tensors can be private parameters. */
    private static final Set<String> PRIVATE_AFFINE = Set.of("Gemm", "MatMul", "Conv", "ConvTranspose", "Add", "Sub");

    private final Graph g;
    private final QuantSettings s;
    private final FloatExecutor exec;
    private final List<QOp> ops = new ArrayList<>();
    private final Map<String, Integer> scales = new HashMap<>();
    private final Map<String, ElemType> types = new HashMap<>();
    private final Map<String, long[]> qconsts = new LinkedHashMap<>();
    private final Map<String, long[]> params = new LinkedHashMap<>();
    private final Map<String, List<Val<Boolean>>> env = new HashMap<>();
    private final Fx<Boolean> fx = new Fx<>(new NullBackend());
    private int tmp;

    private Quantizer(Graph g, QuantSettings s) {
        this.g = g;
        this.s = s;
        this.exec = new FloatExecutor(g.opset());
    }

    /**
     * @param inputRanges per model input, the float interval {@code [lo, hi]} its values may take (from calibration);
     *                    quantized inputs outside it are rejected and the circuit range-checks it
     */
    public static QuantizedGraph quantize(Graph g, QuantSettings s, Map<String, double[]> inputRanges) {
        return new Quantizer(g, s).run(inputRanges);
    }

    private QuantizedGraph run(Map<String, double[]> inputRanges) {
        List<QuantizedGraph.Input> inputs = new ArrayList<>();
        for (ValueInfo in : g.inputs()) {
            double[] r = inputRanges.get(in.name());
            if (r == null) {
                throw new QuantizationException("no calibrated range for input '" + in.name() + "'");
            }
            int sc = in.type() == ElemType.FLOAT ? s.scale() : 0;
            long lo = (long) Math.floor(r[0] * Math.pow(2, sc));
            long hi = (long) Math.ceil(r[1] * Math.pow(2, sc));
            if (in.type() == ElemType.BOOL) {
                lo = Math.max(lo, 0);
                hi = Math.min(hi, 1);
            }
            if (!(lo <= hi) || Math.abs((double) lo) > 1e17 || Math.abs((double) hi) > 1e17) {
                throw new QuantizationException("input '" + in.name() + "' has an unusable range [" + r[0] + ", " + r[1]
                        + "] at scale 2^" + sc);
            }
            inputs.add(new QuantizedGraph.Input(in.name(), in.shape(), in.type(), sc, lo, hi, Visibility.PRIVATE));
            scales.put(in.name(), sc);
            types.put(in.name(), in.type());
            List<Val<Boolean>> vals = new ArrayList<>();
            for (int i = 0; i < Shapes.size(in.shape()); i++) {
                vals.add(new Val<>(Boolean.TRUE, lo, hi));
            }
            env.put(in.name(), vals);
        }
        for (Node n : g.nodes()) {
            fx.at(n.name());
            try {
                node(n);
            } catch (ModelException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new QuantizationException("cannot quantize " + n.opType() + " at node " + n.name() + ": " + e);
            }
        }
        List<QuantizedGraph.Output> outs = new ArrayList<>();
        for (ValueInfo o : g.outputs()) {
            if (!scales.containsKey(o.name())) {
                throw new QuantizationException("graph output '" + o.name() + "' is a constant (it does not depend on "
                        + "any input); nothing to prove");
            }
            outs.add(new QuantizedGraph.Output(o.name(), g.shape(o.name()), types.getOrDefault(o.name(), o.type()),
                    scales.get(o.name()), Visibility.PUBLIC));
        }
        return new QuantizedGraph(g.name(), inputs, qconsts, ops, outs, scales, params);
    }

    // ------------------------------------------------------------------ helpers

    private boolean dyn(String t) {
        return !t.isEmpty() && scales.containsKey(t);
    }

    private int[] shape(String t) {
        return g.shape(t);
    }

    private void emit(QOp op, int scale, ElemType type) {
        ops.add(op);
        Kernels.run(op, env, fx);
        for (String o : op.outputs()) {
            scales.put(o, scale);
            types.put(o, type);
        }
    }

    private void emit(QOp op, Map<String, Integer> outScales, Map<String, ElemType> outTypes) {
        ops.add(op);
        Kernels.run(op, env, fx);
        scales.putAll(outScales);
        types.putAll(outTypes);
    }

    private String temp(Node n, String what) {
        return n.name() + "#" + what + (tmp++);
    }

    private long[] bounds(String t) {
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        for (Val<Boolean> v : env.get(t)) {
            lo = Math.min(lo, v.lo());
            hi = Math.max(hi, v.hi());
        }
        return new long[]{lo, hi};
    }

    /** A constant tensor quantized at {@code scale} and registered for kernels. */
    private String constAt(String name, int scale, Node n) {
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

    private static String opKey(Node n) {
        return n.domain().equals("ai.onnx.ml") ? "ml." + n.opType() : n.opType();
    }

    private Tensor zeros(String t) {
        int[] sh = shape(t);
        return new Tensor(sh, new double[Shapes.size(sh)], ElemType.FLOAT);
    }

    private List<Tensor> args(Node n) {
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

    // ------------------------------------------------------------------ dispatch

    private void node(Node n) {
        String op = opKey(n);
        List<Integer> dynPos = new ArrayList<>();
        for (int i = 0; i < n.inputs().size(); i++) {
            if (dyn(n.input(i))) {
                dynPos.add(i);
            }
        }
        if (s.privateParams()) {
            List<String> ps = paramInputs(n);
            if (!ps.isEmpty() || op.startsWith("ml.") && !op.equals("ml.ArrayFeatureExtractor")) {
                if (PRIVATE_AFFINE.contains(op) && dynPos.size() == 1) {
                    privateAffine(n, op, dynPos.get(0), ps);
                    return;
                }
                throw n.unsupported("private parameters (" + (ps.isEmpty() ? "attributes" : String.join(", ", ps))
                        + "); only Gemm, MatMul, Conv, ConvTranspose, Add and Sub take private parameters, use "
                        + "params=public");
            }
        }
        switch (op) {
            case "Cast", "CastLike" -> cast(n);
            case "Relu" -> emit(new QOp.Relu(n.name(), n.outputs().get(0), n.input(0), new long[0], 0),
                    scales.get(n.input(0)), ElemType.FLOAT);
            case "LeakyRelu" -> leaky(n, null);
            case "PRelu" -> leaky(n, n.input(1));
            case "Clip" -> clip(n);
            case "Abs" -> abs(n);
            case "Not" -> emit(new QOp.Not(n.name(), n.outputs().get(0), n.input(0)), 0, ElemType.BOOL);
            case "Less", "Greater", "LessOrEqual", "GreaterOrEqual", "Equal", "And", "Or", "Xor" -> binary(n, op);
            case "Max", "Min" -> {
                if (n.inputs().size() != 2) {
                    throw n.unsupported(n.inputs().size() + " inputs");
                }
                binary(n, op);
            }
            case "Where" -> where(n);
            case "MaxPool", "GlobalMaxPool", "ReduceMax", "ReduceMin", "ArgMax", "ArgMin" -> window(n, op);
            case "Softmax" -> softmax(n);
            case "Floor", "Ceil", "Round" -> rounding(n, op);
            case "Pow" -> pow(n);
            case "TopK" -> topK(n);
            case "ml.TreeEnsembleClassifier", "ml.TreeEnsembleRegressor" -> trees(n);
            case "ml.LinearClassifier" -> linearClassifier(n);
            default -> {
                if ((op.equals("Mul") || op.equals("MatMul") || op.equals("Gemm")) && dynPos.size() == 2
                        && !op.equals("Mul")) {
                    matmulDyn(n);
                } else if (op.equals("Mul") && dynPos.size() == 2) {
                    binary(n, "Mul");
                } else if (op.equals("Div") && dyn(n.input(1))) {
                    binary(n, "Div");
                } else if (MOVE.contains(op) && moveable(n, op)) {
                    move(n, op);
                } else if ((op.equals("Gather") || op.equals("ml.ArrayFeatureExtractor")) && !dyn(n.input(0))
                        && g.constants().get(n.input(0)).size() == g.constants().get(n.input(0)).dim(
                        g.constants().get(n.input(0)).rank() - 1) && n.attrInt("axis", 0) == 0) {
                    tableGather(n, op);
                } else if ((op.equals("Gather") || op.equals("GatherElements") || op.equals("ml.ArrayFeatureExtractor"))
                        && dyn(n.input(1))) {
                    dynGather(n, op);
                } else if (AFFINE.contains(op)) {
                    affine(n, dynPos);
                } else if (lookupFn(n) != null) {
                    lookup(n, n.input(0), n.outputs().get(0), lookupFn(n));
                } else {
                    throw n.unsupported(dynPos.size() > 1 && (op.equals("Gather") || op.equals("GatherElements"))
                            ? "data-dependent indices" : "");
                }
            }
        }
    }

    // ------------------------------------------------------------------ private parameters

    /** Float constant tensors with more than one element: the model's parameters (scalars are structure). */
    private List<String> paramInputs(Node n) {
        List<String> r = new ArrayList<>();
        for (String i : n.inputs()) {
            Tensor c = i.isEmpty() ? null : g.constants().get(i);
            if (c != null && c.type() == ElemType.FLOAT && c.size() > 1) {
                r.add(i);
            }
        }
        return r;
    }

    private static Tensor codes(Tensor like, double sign) {
        double[] d = new double[like.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = sign * (i + 1);
        }
        return new Tensor(like.shape(), d, ElemType.FLOAT);
    }

    private static Tensor zerosLike(Tensor like) {
        return new Tensor(like.shape(), new double[like.size()], ElemType.FLOAT);
    }

    /**
     * An affine op whose weight (input 1 of Gemm/MatMul/Conv/ConvTranspose) and bias tensors are private inputs. The
     * structure (which input meets which weight) is read off the float executor with element codes in place of the
     * weights, so it does not depend on the weight values.
     */
    private void privateAffine(Node n, String op, int dp, List<String> ps) {
        boolean weighted = Set.of("Gemm", "MatMul", "Conv", "ConvTranspose").contains(op);
        if (weighted && (dp != 0 || !ps.contains(n.input(1)))) {
            throw n.unsupported("private parameters need the computed input first and constant weights second");
        }
        if (op.equals("Gemm") && (n.attrFloat("alpha", 1) != 1 || n.attrFloat("beta", 1) != 1)) {
            throw n.unsupported("private parameters with alpha/beta other than 1");
        }
        String x = n.input(dp);
        int sx = scales.get(x);
        List<Tensor> base = args(n);
        String wName = weighted ? n.input(1) : "";
        int bPos = weighted ? 2 : 1 - dp;
        String bName = n.hasInput(bPos) && ps.contains(n.input(bPos)) ? n.input(bPos) : "";
        if (weighted && n.hasInput(2) && bName.isEmpty()) {
            throw n.unsupported("a bias that is not a float tensor");
        }
        Tensor w = weighted ? g.constants().get(wName) : null;
        Tensor bt = bName.isEmpty() ? null : g.constants().get(bName);
        // bias codes: x = 0, weights = 0, bias = codes
        List<Tensor> a = new ArrayList<>(base);
        if (weighted) {
            a.set(1, zerosLike(w));
        }
        if (bt != null) {
            a.set(bPos, codes(bt, 1));
        }
        Tensor bc = exec.apply(n, a).get(0);
        int rows = bc.size();
        int[] biasRef = new int[rows];
        boolean negBias = false;
        for (int i = 0; i < rows; i++) {
            long c = Math.round(bc.get(i));
            if (c != bc.get(i)) {
                throw n.unsupported("private bias that is not added element-wise");
            }
            negBias |= c < 0;
            biasRef[i] = (int) Math.abs(c) - 1;
        }
        // weight codes: x = e_j, weights = codes, bias = 0
        if (bt != null) {
            a.set(bPos, zerosLike(bt));
        }
        if (weighted) {
            a.set(1, codes(w, 1));
        }
        Tensor z = base.get(dp);
        List<List<int[]>> terms = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            terms.add(new ArrayList<>());
        }
        double[] unit = new double[z.size()];
        for (int j = 0; j < unit.length; j++) {
            unit[j] = 1;
            a.set(dp, new Tensor(z.shape(), unit, ElemType.FLOAT));
            Tensor r = exec.apply(n, a).get(0);
            for (int i = 0; i < rows; i++) {
                double v = r.get(i);
                if (v == 0) {
                    continue;
                }
                long c = Math.round(v);
                if (c != v || weighted && (c < 1 || c > w.size())) {
                    throw n.unsupported("private parameters in a layout zkinfer cannot trace");
                }
                terms.get(i).add(new int[]{j, weighted ? (int) c - 1 : -1, weighted ? 1 : (int) c});
            }
            unit[j] = 0;
        }
        int outScale = Math.max(sx, s.scale());
        long[] bx = bounds(x);
        double xMax = Math.max(Math.abs((double) bx[0]), Math.abs((double) bx[1]));
        int p = 0;
        if (weighted) {
            double maxAbs = 0;
            double minAbs = Double.POSITIVE_INFINITY;
            for (int k = 0; k < w.size(); k++) {
                double v = Math.abs(w.get(k)) * Math.pow(2, outScale - sx);
                if (v > 0) {
                    maxAbs = Math.max(maxAbs, v);
                    minAbs = Math.min(minAbs, v);
                }
            }
            int maxTerms = terms.stream().mapToInt(List::size).max().orElse(1);
            if (maxAbs > 0) {
                int pLo = s.paramScale() - (int) Math.floor(Math.log(maxAbs) / Math.log(2));
                int pHi = s.paramScale() - (int) Math.floor(Math.log(minAbs) / Math.log(2));
                double row = maxAbs * maxTerms * Math.max(xMax, 1);
                int budget = 50 - (int) Math.ceil(Math.log(row) / Math.log(2));
                p = Math.max(0, Math.min(40, Math.max(pLo, Math.min(pHi, budget))));
            }
        }
        String wKey = "";
        if (weighted) {
            wKey = "param:" + n.name() + ":" + wName;
            long[] q = new long[w.size()];
            for (int k = 0; k < q.length; k++) {
                q[k] = quant(w.get(k), outScale - sx + p, n);
            }
            addParam(wKey, q);
        }
        String bKey = "";
        if (bt != null) {
            bKey = "param:" + n.name() + ":" + bName + (negBias ? ":negated" : "");
            long[] q = new long[bt.size()];
            for (int k = 0; k < q.length; k++) {
                q[k] = quant((negBias ? -1 : 1) * bt.get(k), outScale + p, n);
            }
            addParam(bKey, q);
        }
        int[] rowStart = new int[rows + 1];
        List<int[]> flat = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            rowStart[i] = flat.size();
            flat.addAll(terms.get(i));
        }
        rowStart[rows] = flat.size();
        int[] src = new int[flat.size()];
        int[] ref = new int[flat.size()];
        long[] coef = new long[flat.size()];
        for (int k = 0; k < flat.size(); k++) {
            src[k] = flat.get(k)[0];
            ref[k] = flat.get(k)[1];
            coef[k] = (long) flat.get(k)[2] << (outScale - sx + p);
        }
        emit(new QOp.PrivateAffine(n.name(), n.outputs().get(0), x, rowStart, src, ref, coef, wKey, biasRef, bKey,
                new long[rows], p), outScale, ElemType.FLOAT);
    }

    private void addParam(String key, long[] q) {
        params.put(key, q);
        long[] b = QuantizedGraph.paramBounds(q);
        List<Val<Boolean>> vals = new ArrayList<>();
        for (int k = 0; k < q.length; k++) {
            vals.add(new Val<>(Boolean.TRUE, b[0], b[1]));
        }
        env.put(key, vals);
    }

    // ------------------------------------------------------------------ data movement

    private static List<Integer> dataPositions(String op, int nInputs) {
        if (op.equals("Concat")) {
            List<Integer> all = new ArrayList<>();
            for (int i = 0; i < nInputs; i++) {
                all.add(i);
            }
            return all;
        }
        return List.of(0);
    }

    private boolean moveable(Node n, String op) {
        List<Integer> data = dataPositions(op, n.inputs().size());
        Integer sc = null;
        for (int i = 0; i < n.inputs().size(); i++) {
            String in = n.input(i);
            if (in.isEmpty()) {
                continue;
            }
            if (data.contains(i)) {
                if (!dyn(in)) {
                    return false;
                }
                int si = scales.get(in);
                if (sc != null && sc != si) {
                    return false;
                }
                sc = si;
            } else if (dyn(in)) {
                return false; // data-dependent shape or indices
            }
        }
        return sc != null;
    }

    private void move(Node n, String op) {
        List<Integer> data = dataPositions(op, n.inputs().size());
        List<Tensor> a = args(n);
        List<String> ins = new ArrayList<>();
        for (int k = 0; k < data.size(); k++) {
            int pos = data.get(k);
            Tensor z = a.get(pos);
            double[] codes = new double[z.size()];
            for (int j = 0; j < codes.length; j++) {
                codes[j] = k * CODE_STRIDE + j + 1;
            }
            a.set(pos, new Tensor(z.shape(), codes, ElemType.FLOAT));
            ins.add(n.input(pos));
        }
        List<Tensor> outs = exec.apply(n, a);
        int sc = scales.get(ins.get(0));
        ElemType type = types.getOrDefault(ins.get(0), ElemType.FLOAT);
        for (int o = 0; o < n.outputs().size() && o < outs.size(); o++) {
            Tensor t = outs.get(o);
            int[] srcIn = new int[t.size()];
            int[] srcIdx = new int[t.size()];
            for (int i = 0; i < t.size(); i++) {
                long c = (long) t.get(i);
                if (c != t.get(i) || c < 1) {
                    throw new QuantizationException(n.opType() + " at node " + n.name()
                            + " does not move elements as expected (internal)");
                }
                srcIn[i] = (int) ((c - 1) / CODE_STRIDE);
                srcIdx[i] = (int) ((c - 1) % CODE_STRIDE);
            }
            emit(new QOp.Move(n.name(), n.outputs().get(o), ins, srcIn, srcIdx), sc, type);
        }
    }

    private void cast(Node n) {
        ElemType to = n.opType().equals("CastLike") ? g.type(n.input(1))
                : ElemType.fromOnnx((int) n.attrInt("to", 1), n.name());
        String in = n.input(0);
        int sc = scales.get(in);
        ElemType from = types.getOrDefault(in, ElemType.FLOAT);
        if (to == ElemType.FLOAT || sc == 0 && (to == ElemType.INT || from == ElemType.BOOL)) {
            int size = env.get(in).size();
            int[] idx = new int[size];
            for (int i = 0; i < size; i++) {
                idx[i] = i;
            }
            emit(new QOp.Move(n.name(), n.outputs().get(0), List.of(in), new int[size], idx), sc,
                    to == ElemType.FLOAT ? from == ElemType.BOOL ? ElemType.BOOL : ElemType.FLOAT : to);
            return;
        }
        throw n.unsupported("cast of a fixed-point value to " + to);
    }

    /** Gather / GatherElements / ArrayFeatureExtractor whose indices are computed. */
    private void dynGather(Node n, String op) {
        String data = n.input(0);
        String idx = n.input(1);
        int[] dsh = shape(data);
        int axis = op.equals("ml.ArrayFeatureExtractor") ? dsh.length - 1
                : Shapes.normAxis((int) n.attrInt("axis", 0), dsh.length, n.name());
        int dim = dsh[axis];
        long[] b = bounds(idx);
        int jlo = (int) Math.max(0, b[0]);
        int jhi = (int) Math.min(dim - 1, b[1]);
        // indices are range-checked to [jlo, jhi] in the circuit: negative (from-the-end) indices are refused
        if (jlo > jhi) {
            throw new QuantizationException("indices of " + n.opType() + " at node " + n.name() + " range over ["
                    + b[0] + ", " + b[1] + "], outside [0, " + dim + ")");
        }
        int sc;
        String qdata;
        ElemType type;
        if (dyn(data)) {
            sc = scales.get(data);
            qdata = data;
            type = types.getOrDefault(data, ElemType.FLOAT);
        } else {
            type = g.type(data);
            sc = type == ElemType.FLOAT ? s.scale() : 0;
            qdata = constAt(data, sc, n);
        }
        int dsize = Shapes.size(dsh);
        double[] codes = new double[dsize];
        for (int j = 0; j < dsize; j++) {
            codes[j] = j + 1;
        }
        Tensor codeT = new Tensor(dsh, codes, ElemType.FLOAT);
        int[] ish = shape(idx);
        int[][] src = new int[jhi - jlo + 1][];
        for (int j = jlo; j <= jhi; j++) {
            double[] iv = new double[Shapes.size(ish)];
            Arrays.fill(iv, j);
            List<Tensor> a = new ArrayList<>(List.of(codeT, new Tensor(ish, iv, ElemType.INT)));
            Tensor r = exec.apply(n, a).get(0);
            src[j - jlo] = new int[r.size()];
            for (int i = 0; i < r.size(); i++) {
                src[j - jlo][i] = (int) r.get(i) - 1;
            }
        }
        int outSize = src[0].length;
        int nIdx = Shapes.size(ish);
        int[] idxOf = new int[outSize];
        int inner = 1;
        for (int k = axis + 1; k < dsh.length; k++) {
            inner *= dsh[k];
        }
        for (int i = 0; i < outSize; i++) {
            idxOf[i] = switch (op) {
                case "GatherElements" -> i;
                case "ml.ArrayFeatureExtractor" -> i % nIdx;
                default -> (i / inner) % nIdx;
            };
        }
        emit(new QOp.DynGather(n.name(), n.outputs().get(0), qdata, idx, idxOf, jlo, src), sc, type);
    }

    private void tableGather(Node n, String op) {
        Tensor data = g.constants().get(n.input(0));
        String idx = n.input(1);
        if (!dyn(idx)) {
            throw n.unsupported("constant data and indices");
        }
        if (op.equals("Gather") && (data.rank() != 1 || n.attrInt("axis", 0) != 0)) {
            throw n.unsupported("data-dependent indices into a constant of rank " + data.rank());
        }
        if (op.equals("ml.ArrayFeatureExtractor") && data.size() != data.dim(data.rank() - 1)) {
            throw n.unsupported("data-dependent indices into a constant with more than one row");
        }
        long[] b = bounds(idx);
        if (b[0] < 0 || b[1] >= data.size()) {
            throw new QuantizationException("indices of " + n.opType() + " at node " + n.name() + " range over ["
                    + b[0] + ", " + b[1] + "], outside [0, " + data.size() + ")");
        }
        boolean integral = data.type() != ElemType.FLOAT;
        int sc = integral ? 0 : s.scale();
        long[] vals = new long[data.size()];
        for (int i = 0; i < vals.length; i++) {
            vals[i] = Math.round(data.get(i) * Math.pow(2, sc));
        }
        emit(new QOp.TableGather(n.name(), n.outputs().get(0), idx, new LookupTable(n.name() + "_table", 0, vals)),
                sc, integral ? data.type() : ElemType.FLOAT);
    }

    // ------------------------------------------------------------------ affine

    private void affine(Node n, List<Integer> dynPos) {
        if (dynPos.isEmpty()) {
            throw n.unsupported("no dynamic input");
        }
        String out = n.outputs().get(0);
        List<Tensor> a = args(n);
        Tensor base = exec.apply(n, a).get(0);
        int rows = base.size();
        List<List<long[]>> terms = new ArrayList<>(); // per row: {input#, index}
        List<List<Double>> coefs = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            terms.add(new ArrayList<>());
            coefs.add(new ArrayList<>());
        }
        List<String> ins = new ArrayList<>();
        for (int k = 0; k < dynPos.size(); k++) {
            int pos = dynPos.get(k);
            ins.add(n.input(pos));
            Tensor z = a.get(pos);
            int[] sh = z.shape();
            double[] unit = new double[z.size()];
            for (int j = 0; j < unit.length; j++) {
                unit[j] = 1;
                a.set(pos, new Tensor(sh, unit, ElemType.FLOAT));
                Tensor r = exec.apply(n, a).get(0);
                for (int i = 0; i < rows; i++) {
                    double d = r.get(i) - base.get(i);
                    if (d != 0) {
                        terms.get(i).add(new long[]{k, j});
                        coefs.get(i).add(d);
                    }
                }
                unit[j] = 0;
            }
            a.set(pos, z);
        }
        int maxIn = 0;
        for (String in : ins) {
            maxIn = Math.max(maxIn, scales.get(in));
        }
        boolean integral = true;
        for (int i = 0; i < rows && integral; i++) {
            if (!isInt(base.get(i) * Math.pow(2, maxIn))) {
                integral = false;
            }
            for (int t = 0; t < terms.get(i).size() && integral; t++) {
                int sk = scales.get(ins.get((int) terms.get(i).get(t)[0]));
                integral = isInt(coefs.get(i).get(t) * Math.pow(2, maxIn - sk));
            }
        }
        int outScale = integral ? maxIn : Math.max(maxIn, s.scale());
        // per-op power-of-two weight scale: paramScale significant bits for the largest coefficient
        // (the smallest coefficient gets paramScale significant bits where the products stay below 2^50)
        double maxAbs = 0;
        double minAbs = Double.POSITIVE_INFINITY;
        double maxRow = 0;
        for (int i = 0; i < rows; i++) {
            double row = 0;
            for (int t = 0; t < terms.get(i).size(); t++) {
                String in = ins.get((int) terms.get(i).get(t)[0]);
                int sk = scales.get(in);
                double c = Math.abs(coefs.get(i).get(t)) * Math.pow(2, outScale - sk);
                maxAbs = Math.max(maxAbs, c);
                minAbs = Math.min(minAbs, c);
                long[] b = bounds(in);
                row += c * Math.max(Math.abs((double) b[0]), Math.abs((double) b[1]));
            }
            maxRow = Math.max(maxRow, row);
        }
        int p = 0;
        if (maxAbs > 0) {
            int pLo = s.paramScale() - (int) Math.floor(Math.log(maxAbs) / Math.log(2));
            int pHi = s.paramScale() - (int) Math.floor(Math.log(minAbs) / Math.log(2));
            int budget = maxRow > 0 ? 50 - (int) Math.ceil(Math.log(maxRow) / Math.log(2)) : 40;
            p = Math.max(0, Math.min(40, Math.max(pLo, Math.min(pHi, budget))));
        }
        int pMax = p;
        for (int cand = 0; cand <= pMax; cand++) {
            boolean ok = true;
            for (int i = 0; i < rows && ok; i++) {
                for (int t = 0; t < terms.get(i).size() && ok; t++) {
                    int sk = scales.get(ins.get((int) terms.get(i).get(t)[0]));
                    ok = isInt(coefs.get(i).get(t) * Math.pow(2, outScale - sk + cand));
                }
            }
            if (ok) {
                p = cand;
                break;
            }
        }
        int[] rowStart = new int[rows + 1];
        List<Integer> srcIn = new ArrayList<>();
        List<Integer> srcIdx = new ArrayList<>();
        List<Long> cq = new ArrayList<>();
        long[] bias = new long[rows];
        for (int i = 0; i < rows; i++) {
            rowStart[i] = cq.size();
            for (int t = 0; t < terms.get(i).size(); t++) {
                int k = (int) terms.get(i).get(t)[0];
                int sk = scales.get(ins.get(k));
                long q = quant(coefs.get(i).get(t), outScale - sk + p, n);
                if (q == 0) {
                    continue;
                }
                srcIn.add(k);
                srcIdx.add((int) terms.get(i).get(t)[1]);
                cq.add(q);
            }
            bias[i] = quant(base.get(i), outScale + p, n);
        }
        rowStart[rows] = cq.size();
        ElemType type = integral && types.getOrDefault(ins.get(0), ElemType.FLOAT) != ElemType.FLOAT
                ? ElemType.INT : ElemType.FLOAT;
        if (n.opType().equals("Concat") || n.opType().equals("Pad")) {
            type = types.getOrDefault(ins.get(0), ElemType.FLOAT);
        }
        emit(new QOp.Affine(n.name(), out, ins, rowStart, srcIn.stream().mapToInt(Integer::intValue).toArray(),
                srcIdx.stream().mapToInt(Integer::intValue).toArray(), cq.stream().mapToLong(Long::longValue).toArray(),
                bias, p), outScale, type);
    }

    private static boolean isInt(double v) {
        return Math.abs(v - Math.rint(v)) <= 1e-9 * Math.max(1, Math.abs(v));
    }

    private static long quant(double v, int scale, Node n) {
        double x = v * Math.pow(2, scale);
        if (!Double.isFinite(x) || Math.abs(x) > 1e17) {
            throw new QuantizationException("parameter value " + v + " of node " + n.name() + " does not fit at scale 2^"
                    + scale + (Double.isFinite(v) ? "; use a smaller scale" : ""));
        }
        return Math.round(x);
    }

    // ------------------------------------------------------------------ element-wise non-linear

    private void leaky(Node n, String slopeName) {
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

    private void clip(Node n) {
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

    private void abs(Node n) {
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

    /** A function with its saturation limits for table-based evaluation. */
    record Curve(String name, DoubleUnaryOperator f, double low, double high) {
    }

    private Curve lookupFn(Node n) {
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
    private void lookup(Node n, String in, String out, Curve c) {
        int sIn = scales.get(in);
        int sOut = s.scale();
        long[] b = bounds(in);
        Object[] plan = planTable(n, c, sIn, sOut, b[0], b[1]);
        emit(new QOp.Lookup(n.name(), out, in, (LookupTable) plan[0], (int) plan[1], (long) plan[2], (long) plan[3]),
                sOut, ElemType.FLOAT);
    }

    /** {table, preShift, clampLo, clampHi} for f over integer inputs [lo, hi] at scale sIn, outputs at sOut. */
    private Object[] planTable(Node n, Curve c, int sIn, int sOut, long lo, long hi) {
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
                return new Object[]{new LookupTable(n.name() + "_" + c.name() + "_" + (tmp++), klo, vals), t,
                        clampLo, clampHi};
            }
        }
        throw new QuantizationException("layer " + n.name() + ": no table fits");
    }

    /**
     * The innermost key in [from, to] beyond which f (at output scale) equals its limit, assuming a monotone tail;
     * {@code to} (high side) / {@code from} (low side) when f does not reach it in range.
     */
    private static long saturation(Curve c, java.util.function.LongToDoubleFunction xOf, int sOut, long from, long to,
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

    private void pow(Node n) {
        Tensor e = g.constants().get(n.input(1));
        if (e == null || e.size() != 1) {
            throw n.unsupported("a computed or non-scalar exponent");
        }
        double p = e.get(0);
        String in = n.input(0);
        if (p == 1) {
            cast(new Node(n.name(), "Cast", "", List.of(in), n.outputs(), Map.of("to",
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

    private static int[] identity(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    private void rounding(Node n, String op) {
        String in = n.input(0);
        int sc = scales.get(in);
        if (sc == 0) {
            emit(new QOp.Move(n.name(), n.outputs().get(0), List.of(in), new int[env.get(in).size()],
                    identity(env.get(in).size())), 0, types.getOrDefault(in, ElemType.FLOAT));
            return;
        }
        QOp.RoundKind k = switch (op) {
            case "Floor" -> QOp.RoundKind.FLOOR;
            case "Ceil" -> QOp.RoundKind.CEIL;
            default -> QOp.RoundKind.ROUND;
        };
        emit(new QOp.Rounding(n.name(), n.outputs().get(0), in, k, sc), sc, ElemType.FLOAT);
    }

    // ------------------------------------------------------------------ binary, where

    private void binary(Node n, String op) {
        String a = n.input(0);
        String b = n.input(1);
        int[] out = shape(n.outputs().get(0));
        boolean da = dyn(a);
        boolean db = dyn(b);
        int sa = da ? scales.get(a) : -1;
        int sb = db ? scales.get(b) : -1;
        boolean logical = op.equals("And") || op.equals("Or") || op.equals("Xor");
        // constants take the scale of the dynamic side (integers stay at scale 0)
        if (!da) {
            sa = g.type(a) == ElemType.FLOAT || logical ? (logical ? 0 : sb) : sb;
            a = constAt(a, sa, n);
        }
        if (!db) {
            sb = logical ? 0 : sa;
            b = constAt(b, sb, n);
        }
        int[] ia = Shapes.broadcastIndex(out, shape(n.input(0)));
        int[] ib = Shapes.broadcastIndex(out, shape(n.input(1)));
        int sMax = Math.max(sa, sb);
        long fa = 1L << (sMax - sa);
        long fb = 1L << (sMax - sb);
        QOp.BinaryKind kind;
        int shift = 0;
        int outScale = sMax;
        ElemType type = ElemType.BOOL;
        switch (op) {
            case "Mul" -> {
                kind = QOp.BinaryKind.MUL;
                fa = 1;
                fb = 1;
                shift = Math.min(sa, sb);
                outScale = Math.max(sa, sb);
                type = ElemType.FLOAT;
            }
            case "Div" -> {
                kind = QOp.BinaryKind.DIV;
                fa = 1;
                fb = 1;
                outScale = Math.max(sa, s.scale());
                shift = outScale - sa + sb;
                type = ElemType.FLOAT;
                long[] bb = bounds(b);
                if (bb[0] < 0 && bb[1] > 0) {
                    throw new QuantizationException("layer " + n.name() + ": the divisor's range [" + bb[0] / Math.pow(2,
                            sb) + ", " + bb[1] / Math.pow(2, sb) + "] includes 0");
                }
            }
            case "Max", "Min" -> {
                kind = op.equals("Max") ? QOp.BinaryKind.MAX : QOp.BinaryKind.MIN;
                type = types.getOrDefault(da ? n.input(0) : n.input(1), ElemType.FLOAT);
            }
            case "Less" -> kind = QOp.BinaryKind.LESS;
            case "Greater" -> kind = QOp.BinaryKind.GREATER;
            case "LessOrEqual" -> kind = QOp.BinaryKind.LESS_EQ;
            case "GreaterOrEqual" -> kind = QOp.BinaryKind.GREATER_EQ;
            case "Equal" -> kind = QOp.BinaryKind.EQUAL;
            case "And" -> kind = QOp.BinaryKind.AND;
            case "Or" -> kind = QOp.BinaryKind.OR;
            default -> kind = QOp.BinaryKind.XOR;
        }
        if (kind.ordinal() >= QOp.BinaryKind.LESS.ordinal()) {
            outScale = 0;
        }
        if (logical) {
            for (String t : List.of(a, b)) {
                long[] bd = bounds(t);
                if (bd[0] < 0 || bd[1] > 1) {
                    throw n.unsupported("non-boolean operand");
                }
            }
        }
        emit(new QOp.Binary(n.name(), n.outputs().get(0), kind, a, b, ia, ib, fa, fb, shift), outScale, type);
    }

    private void where(Node n) {
        String c = n.input(0);
        String a = n.input(1);
        String b = n.input(2);
        int sc = s.scale();
        if (dyn(a) && dyn(b)) {
            sc = Math.max(scales.get(a), scales.get(b));
        } else if (dyn(a)) {
            sc = scales.get(a);
        } else if (dyn(b)) {
            sc = scales.get(b);
        } else if (g.type(a) != ElemType.FLOAT && g.type(b) != ElemType.FLOAT) {
            sc = 0;
        }
        int[] out = shape(n.outputs().get(0));
        String qa = dyn(a) ? a : constAt(a, sc, n);
        String qb = dyn(b) ? b : constAt(b, sc, n);
        long fa = 1L << (sc - (dyn(a) ? scales.get(a) : sc));
        long fb = 1L << (sc - (dyn(b) ? scales.get(b) : sc));
        String qc = dyn(c) ? c : constAt(c, 0, n); // a constant mask folds to element picks
        emit(new QOp.Where(n.name(), n.outputs().get(0), qc, qa, qb, Shapes.broadcastIndex(out, shape(c)),
                Shapes.broadcastIndex(out, shape(a)), Shapes.broadcastIndex(out, shape(b)), fa, fb), sc,
                sc == 0 && !dyn(a) && !dyn(b) ? g.type(a) : ElemType.FLOAT);
    }

    // ------------------------------------------------------------------ windows, softmax, topk

    private void window(Node n, String op) {
        String in = n.input(0);
        if (n.inputs().size() > 1 && dyn(n.input(1))) {
            throw n.unsupported("computed axes");
        }
        List<Tensor> a = args(n);
        Tensor base = exec.apply(n, a).get(0);
        int rows = base.size();
        List<List<Integer>> win = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            win.add(new ArrayList<>());
        }
        Tensor z = a.get(0);
        double[] d = new double[z.size()];
        for (int j = 0; j < d.length; j++) {
            boolean[] hit = new boolean[rows];
            for (double v : new double[]{1, -1}) {
                d[j] = v;
                a.set(0, new Tensor(z.shape(), d, ElemType.FLOAT));
                Tensor r = exec.apply(n, a).get(0);
                for (int i = 0; i < rows; i++) {
                    if (r.get(i) != base.get(i)) {
                        hit[i] = true;
                    }
                }
            }
            d[j] = 0;
            for (int i = 0; i < rows; i++) {
                if (hit[i]) {
                    win.get(i).add(j);
                }
            }
        }
        int[][] windows = new int[rows][];
        for (int i = 0; i < rows; i++) {
            windows[i] = win.get(i).stream().mapToInt(Integer::intValue).toArray();
        }
        QOp.WindowKind kind = switch (op) {
            case "ArgMax" -> QOp.WindowKind.ARGMAX;
            case "ArgMin" -> QOp.WindowKind.ARGMIN;
            case "ReduceMin" -> QOp.WindowKind.MIN;
            default -> QOp.WindowKind.MAX;
        };
        boolean arg = kind == QOp.WindowKind.ARGMAX || kind == QOp.WindowKind.ARGMIN;
        emit(new QOp.Window(n.name(), n.outputs().get(0), in, windows, kind, n.attrInt("select_last_index", 0) != 0),
                arg ? 0 : scales.get(in), arg ? ElemType.INT : types.getOrDefault(in, ElemType.FLOAT));
    }

    private int[][] groups(int[] shape, int outer, int dim, int inner) {
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

    private void softmax(Node n) {
        String in = n.input(0);
        int[] sh = shape(in);
        int r = sh.length;
        int outer;
        int dim;
        int inner;
        if (g.opset() < 13) {
            int axis = Shapes.normAxis((int) n.attrInt("axis", 1), r, n.name());
            outer = 1;
            for (int i = 0; i < axis; i++) {
                outer *= sh[i];
            }
            dim = Shapes.size(sh) / Math.max(outer, 1);
            inner = 1;
        } else {
            int axis = Shapes.normAxis((int) n.attrInt("axis", -1), r, n.name());
            outer = 1;
            for (int i = 0; i < axis; i++) {
                outer *= sh[i];
            }
            dim = sh[axis];
            inner = Shapes.size(sh) / Math.max(1, outer * dim);
        }
        int sIn = scales.get(in);
        long[] b = bounds(in);
        long spread = b[1] - b[0];
        Object[] plan = planTable(n, new Curve("exp", Math::exp, 0, Double.NaN), sIn, s.scale(), -spread, 0);
        emit(new QOp.Softmax(n.name(), n.outputs().get(0), in, groups(sh, outer, dim, inner), (LookupTable) plan[0],
                (int) plan[1], (long) plan[2], s.scale()), s.scale(), ElemType.FLOAT);
    }

    private void topK(Node n) {
        String in = n.input(0);
        int k = g.opset() < 10 ? (int) n.attrInt("k", 1) : (int) g.constants().get(n.input(1)).get(0);
        int[] sh = shape(in);
        int axis = Shapes.normAxis((int) n.attrInt("axis", -1), sh.length, n.name());
        if (n.attrInt("sorted", 1) == 0) {
            throw n.unsupported("attribute sorted=0");
        }
        int outer = 1;
        for (int i = 0; i < axis; i++) {
            outer *= sh[i];
        }
        int dim = sh[axis];
        int inner = Shapes.size(sh) / Math.max(1, outer * dim);
        if (inner != 1) {
            throw n.unsupported("TopK on a non-last axis");
        }
        emit(new QOp.TopK(n.name(), n.outputs().get(0), n.outputs().get(1), in, groups(sh, outer, dim, inner), k,
                n.attrInt("largest", 1) != 0), Map.of(n.outputs().get(0), scales.get(in), n.outputs().get(1), 0),
                Map.of(n.outputs().get(0), types.getOrDefault(in, ElemType.FLOAT), n.outputs().get(1), ElemType.INT));
    }

    private void matmulDyn(Node n) {
        String a = n.input(0);
        String b = n.input(1);
        if (!n.opType().equals("MatMul")) {
            throw n.unsupported("two computed operands");
        }
        int[] as = shape(a);
        int[] bs = shape(b);
        if (as.length < 2 || bs.length < 2) {
            throw n.unsupported("1-D operands with two computed operands");
        }
        int m = as[as.length - 2];
        int kk = as[as.length - 1];
        int p = bs[bs.length - 1];
        int[] batch = Shapes.broadcast(Arrays.copyOf(as, as.length - 2), Arrays.copyOf(bs, bs.length - 2), n.name());
        int[] iba = Shapes.broadcastIndex(batch, Arrays.copyOf(as, as.length - 2));
        int[] ibb = Shapes.broadcastIndex(batch, Arrays.copyOf(bs, bs.length - 2));
        int nb = iba.length;
        int rows = nb * m * p;
        int[] rowStart = new int[rows + 1];
        int[] ia = new int[rows * kk];
        int[] ib = new int[rows * kk];
        int t = 0;
        for (int bi = 0; bi < nb; bi++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < p; j++) {
                    rowStart[(bi * m + i) * p + j] = t;
                    for (int q = 0; q < kk; q++) {
                        ia[t] = iba[bi] * m * kk + i * kk + q;
                        ib[t] = ibb[bi] * kk * p + q * p + j;
                        t++;
                    }
                }
            }
        }
        rowStart[rows] = t;
        int sa = scales.get(a);
        int sb = scales.get(b);
        emit(new QOp.Bilinear(n.name(), n.outputs().get(0), a, b, rowStart, ia, ib, Math.min(sa, sb)),
                Math.max(sa, sb), ElemType.FLOAT);
    }

    // ------------------------------------------------------------------ ai.onnx.ml

    private void trees(Node n) {
        String in = n.input(0);
        int sIn = scales.get(in);
        int sOut = s.scale();
        Ml.Trees t = Ml.parseTrees(n);
        boolean cls = n.opType().equals("TreeEnsembleClassifier");
        double div = t.aggregate().equals("AVERAGE") ? t.trees().size() : 1;
        List<QOp.QTree> qt = new ArrayList<>();
        for (Ml.Tree tree : t.trees()) {
            int sz = tree.nodes().size();
            boolean[] leaf = new boolean[sz];
            int[] feat = new int[sz];
            long[] th = new long[sz];
            boolean[] neg = new boolean[sz];
            int[] ifT = new int[sz];
            int[] ifF = new int[sz];
            long[][] w = new long[sz][];
            for (int k = 0; k < sz; k++) {
                Ml.TreeNode nd = tree.nodes().get(k);
                leaf[k] = nd.leaf();
                if (nd.leaf()) {
                    w[k] = new long[t.targets()];
                    for (int j = 0; j < nd.targetIds().length; j++) {
                        w[k][nd.targetIds()[j]] += quant(nd.weights()[j] / div, sOut, n);
                    }
                    continue;
                }
                w[k] = new long[0];
                feat[k] = nd.feature();
                ifT[k] = nd.ifTrue();
                ifF[k] = nd.ifFalse();
                double x = nd.threshold() * Math.pow(2, sIn);
                // integer x: x <= th  <=>  x <= floor(th);  x < th  <=>  x <= ceil(th) - 1
                switch (nd.mode()) {
                    case "BRANCH_LEQ" -> th[k] = (long) Math.floor(x);
                    case "BRANCH_LT" -> th[k] = (long) Math.ceil(x) - 1;
                    case "BRANCH_GT" -> {
                        th[k] = (long) Math.floor(x);
                        neg[k] = true;
                    }
                    case "BRANCH_GTE" -> {
                        th[k] = (long) Math.ceil(x) - 1;
                        neg[k] = true;
                    }
                    default -> throw n.unsupported("node mode " + nd.mode());
                }
            }
            qt.add(new QOp.QTree(tree.root(), leaf, feat, th, neg, ifT, ifF, w));
        }
        long[] base = new long[t.targets()];
        for (int k = 0; k < t.targets(); k++) {
            base[k] = t.base().length == 0 ? 0 : quant(t.base()[Math.min(k, t.base().length - 1)], sOut, n);
        }
        if (cls && Ml.binaryCase(t) && t.base().length == 1) {
            base[1] = 0;
        }
        String scores = cls ? temp(n, "scores") : n.outputs().get(0);
        emit(new QOp.Trees(n.name(), scores, in, qt, t.targets(), base), sOut, ElemType.FLOAT);
        if (!cls) {
            if (!t.postTransform().equals("NONE")) {
                throw n.unsupported("attribute post_transform=" + t.postTransform());
            }
            return;
        }
        classifierTail(n, scores, Ml.binaryCase(t), t.postTransform(), Ml.classLabels(n), allPositive(t));
    }

    private static boolean allPositive(Ml.Trees t) {
        for (Ml.Tree tree : t.trees()) {
            for (Ml.TreeNode nd : tree.nodes()) {
                for (double w : nd.weights()) {
                    if (w < 0) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private void linearClassifier(Node n) {
        String in = n.input(0);
        double[] labels = Ml.classLabels(n);
        double[] coef = n.attrFloats("coefficients").orElseThrow(() -> n.unsupported("no coefficients"));
        double[] icpt = n.attrFloats("intercepts").orElse(new double[0]);
        int f = shape(in)[shape(in).length - 1];
        int targets = coef.length / f;
        String scores = temp(n, "scores");
        // scores as an affine op on the features (the same probing path as Gemm)
        Node lin = new Node(n.name(), "LinearRegressor", "ai.onnx.ml", List.of(in), List.of(scores), Map.of(
                "coefficients", new io.zkinfer.circuits.model.Attribute.Floats(Arrays.stream(coef).boxed().toList()),
                "intercepts", new io.zkinfer.circuits.model.Attribute.Floats(Arrays.stream(icpt).boxed().toList()),
                "targets", new io.zkinfer.circuits.model.Attribute.Int(targets)));
        scoresShape.put(scores, new int[]{1, targets});
        affineShaped(lin, scores);
        classifierTail(n, scores, targets == 1 && labels.length == 2, n.attrString("post_transform", "NONE"), labels,
                false);
    }

    private final Map<String, int[]> scoresShape = new HashMap<>();

    private void affineShaped(Node lin, String out) {
        affine(lin, List.of(0));
    }

    /** Label and probabilities of a classifier from its raw scores (onnxruntime's conventions). */
    private void classifierTail(Node n, String scores, boolean binary, String post, double[] labels,
                                boolean allPositive) {
        String labelOut = n.outputs().get(0);
        String probOut = n.outputs().size() > 1 ? n.outputs().get(1) : "";
        int sc = scales.get(scores);
        int k = env.get(scores).size();
        if (binary) {
            long[] lab = {(long) labels[0], (long) labels[1]};
            if (allPositive) {
                if (!post.equals("NONE")) {
                    throw n.unsupported("binary case with positive weights and post_transform=" + post);
                }
                emit(new QOp.Threshold(n.name(), labelOut, scores, Math.round(0.5 * Math.pow(2, sc)), lab[0], lab[1]),
                        0, ElemType.INT);
                if (!probOut.isEmpty()) {
                    emit(new QOp.Affine(n.name(), probOut, List.of(scores), new int[]{0, 1, 2}, new int[]{0, 0},
                            new int[]{0, 0}, new long[]{-1, 1}, new long[]{1L << sc, 0}, 0), sc, ElemType.FLOAT);
                }
                return;
            }
            emit(new QOp.Threshold(n.name(), labelOut, scores, 0, lab[0], lab[1]), 0, ElemType.INT);
            if (!probOut.isEmpty()) {
                String pm = post.equals("NONE") ? probOut : temp(n, "pm");
                emit(new QOp.Affine(n.name(), pm, List.of(scores), new int[]{0, 1, 2}, new int[]{0, 0},
                        new int[]{0, 0}, new long[]{-1, 1}, new long[2], 0), sc, ElemType.FLOAT);
                if (post.equals("LOGISTIC")) {
                    lookup(n, pm, probOut, new Curve("sigmoid", UnaryFn.SIGMOID::apply, 0, 1));
                } else if (!post.equals("NONE")) {
                    throw n.unsupported("binary case with post_transform=" + post);
                }
            }
            return;
        }
        // multi-class: label = labels[argmax(scores)]
        int[] all = identity(k);
        boolean plain = true;
        for (int i = 0; i < labels.length; i++) {
            plain &= labels[i] == i;
        }
        String idx = plain ? labelOut : temp(n, "argmax");
        emit(new QOp.Window(n.name(), idx, scores, new int[][]{all}, QOp.WindowKind.ARGMAX, false), 0, ElemType.INT);
        if (!plain) {
            long[] lv = Arrays.stream(labels).mapToLong(v -> (long) v).toArray();
            emit(new QOp.TableGather(n.name(), labelOut, idx, new LookupTable(n.name() + "_labels", 0, lv)), 0,
                    ElemType.INT);
        }
        if (probOut.isEmpty()) {
            return;
        }
        switch (post) {
            case "NONE" -> emit(new QOp.Move(n.name(), probOut, List.of(scores), new int[k], all), sc, ElemType.FLOAT);
            case "LOGISTIC" -> lookup(n, scores, probOut, new Curve("sigmoid", UnaryFn.SIGMOID::apply, 0, 1));
            case "SOFTMAX" -> {
                long[] b = bounds(scores);
                Object[] plan = planTable(n, new Curve("exp", Math::exp, 0, Double.NaN), sc, s.scale(),
                        -(b[1] - b[0]), 0);
                emit(new QOp.Softmax(n.name(), probOut, scores, new int[][]{all}, (LookupTable) plan[0],
                        (int) plan[1], (long) plan[2], s.scale()), s.scale(), ElemType.FLOAT);
            }
            default -> throw n.unsupported("attribute post_transform=" + post);
        }
    }
}
