package io.zkinfer.circuits.quant;

import io.zkinfer.circuits.model.ElemType;
import io.zkinfer.circuits.model.Graph;
import io.zkinfer.circuits.model.ModelException;
import io.zkinfer.circuits.model.Node;
import io.zkinfer.circuits.model.Shapes;
import io.zkinfer.circuits.model.ValueInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a float {@link Graph} into a {@link QuantizedGraph}: per-tensor power-of-two scales, integer weights, lookup
 * tables sized from tracked intervals. Affine operators (Gemm, Conv, BatchNormalization, pooling averages, Add, ...)
 * are not re-implemented: their exact coefficient matrix is read off the float executor by probing with unit vectors,
 * and data-movement operators by propagating element codes, so every layout the float executor supports is supported.
 *
 * <p>This class owns one run and sends each node to its operator family, one file each: {@link LinearQuantizer}
 * (affine, MatMul), {@link ShapeQuantizer} (data movement, Cast, Gather), {@link ActivationQuantizer} (ReLU family,
 * Pow, lookup tables), {@link ElementwiseQuantizer} (binary, Where, rounding), {@link PoolingQuantizer} (max/arg
 * windows, TopK), {@link NormalizationQuantizer} (Softmax), {@link ClassicalMlQuantizer} (ai.onnx.ml). The state they
 * share and common helpers live in {@link QuantizerPart}.
 */
public final class Quantizer extends QuantizerPart {

    /** Operators that are affine in their dynamic inputs. */
    private static final Set<String> AFFINE = Set.of("Add", "Sub", "Neg", "Sum", "Mean", "Gemm", "MatMul", "Conv",
            "ConvTranspose", "BatchNormalization", "AveragePool", "GlobalAveragePool", "ReduceSum", "ReduceMean", "Pad",
            "Mul", "Div", "ml.Scaler", "ml.LinearRegressor", "Concat");

    /** Pure data movement: outputs are copies of elements of the data inputs. */
    private static final Set<String> MOVE = Set.of("Identity", "Dropout", "Reshape", "Flatten", "Squeeze", "Unsqueeze",
            "Transpose", "Slice", "Gather", "GatherElements", "Expand", "Tile", "Split", "Concat", "Resize", "Upsample",
            "ml.ArrayFeatureExtractor");

    /** Operators whose constant tensors can be private parameters. */
    private static final Set<String> PRIVATE_AFFINE = Set.of("Gemm", "MatMul", "Conv", "ConvTranspose", "Add", "Sub");

    final LinearQuantizer linear = new LinearQuantizer(this);
    final ShapeQuantizer shapes = new ShapeQuantizer(this);
    final ActivationQuantizer activations = new ActivationQuantizer(this);
    final ElementwiseQuantizer elementwise = new ElementwiseQuantizer(this);
    final PoolingQuantizer pooling = new PoolingQuantizer(this);
    final NormalizationQuantizer normalization = new NormalizationQuantizer(this);
    final ClassicalMlQuantizer classicalMl = new ClassicalMlQuantizer(this);

    private Quantizer(Graph g, QuantSettings s) {
        super(g, s);
    }

    /**
     * @param inputRanges per model input, the float interval {@code [lo, hi]} its values may take (from calibration);
     *                    quantized inputs outside it are rejected and the circuit range-checks it
     */
    public static QuantizedGraph quantize(Graph g, QuantSettings s, Map<String, double[]> inputRanges) {
        return quantize(g, s, inputRanges, Map.of());
    }

    /**
     * @param enforced float ranges of intermediate tensors (calibration-observed, with margin): where a tensor's
     *                 worst-case interval is much wider and it feeds a non-linear operator, the circuit enforces the
     *                 range ({@link QOp.Enforce}) and later layers get tight bounds
     */
    public static QuantizedGraph quantize(Graph g, QuantSettings s, Map<String, double[]> inputRanges,
                                          Map<String, double[]> enforced) {
        Quantizer q = new Quantizer(g, s);
        q.enforced.putAll(enforced);
        return q.run(inputRanges);
    }

    private final Map<String, double[]> enforced = new java.util.HashMap<>();
    private final Map<String, String> enforcedName = new java.util.HashMap<>();

    /** Worst-case intervals wider than this many times the enforced range are narrowed (2 bits of slack). */
    private static final long NARROW_FACTOR = 4;

    /** Whether {@code n} is computed by affine or data-movement code, where wide intervals cost nothing. */
    private boolean linearInItsInputs(Node n, String op, int dynamicInputs) {
        if (op.equals("Div")) {
            return !dyn(n.input(1));
        }
        if (op.equals("Mul") || op.equals("MatMul") || op.equals("Gemm")) {
            return dynamicInputs < 2;
        }
        return AFFINE.contains(op) || MOVE.contains(op) || op.equals("Cast");
    }

    /** {@code n} with its wide computed inputs replaced by range-enforced copies (see {@link #enforced}). */
    private Node narrowInputs(Node n, String op, int dynamicInputs) {
        if (enforced.isEmpty() || linearInItsInputs(n, op, dynamicInputs)) {
            return n;
        }
        List<String> ins = new ArrayList<>(n.inputs());
        boolean changed = false;
        for (int i = 0; i < ins.size(); i++) {
            String t = ins.get(i);
            double[] r = enforced.get(t);
            if (r == null || !dyn(t) || types.getOrDefault(t, ElemType.FLOAT) != ElemType.FLOAT) {
                continue;
            }
            String done = enforcedName.get(t);
            if (done == null) {
                int sc = scales.get(t);
                long[] b = bounds(t);
                long lo = Math.max(b[0], (long) Math.floor(r[0] * Math.pow(2, sc)));
                long hi = Math.min(b[1], (long) Math.ceil(r[1] * Math.pow(2, sc)));
                if (lo > hi || (double) b[1] - b[0] <= NARROW_FACTOR * ((double) hi - lo + 1)) {
                    continue;
                }
                done = t + ENFORCED;
                emit(new QOp.Enforce(n.name(), done, t, lo, hi, sc), sc, ElemType.FLOAT);
                enforcedName.put(t, done);
            }
            ins.set(i, done);
            changed = true;
        }
        return changed ? new Node(n.name(), n.opType(), n.domain(), ins, n.outputs(), n.attributes()) : n;
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

    // ------------------------------------------------------------------ dispatch

    private void node(Node original) {
        String op = opKey(original);
        int dynamicInputs = (int) original.inputs().stream().filter(this::dyn).count();
        Node n = narrowInputs(original, op, dynamicInputs);
        List<Integer> dynPos = new ArrayList<>();
        for (int i = 0; i < n.inputs().size(); i++) {
            if (dyn(n.input(i))) {
                dynPos.add(i);
            }
        }
        if (s.privateParams()) {
            List<String> ps = linear.paramInputs(n);
            if (!ps.isEmpty() || op.startsWith("ml.") && !op.equals("ml.ArrayFeatureExtractor")) {
                if (PRIVATE_AFFINE.contains(op) && dynPos.size() == 1) {
                    linear.privateAffine(n, op, dynPos.get(0), ps);
                    return;
                }
                throw n.unsupported("private parameters (" + (ps.isEmpty() ? "attributes" : String.join(", ", ps))
                        + "); only Gemm, MatMul, Conv, ConvTranspose, Add and Sub take private parameters, use "
                        + "params=public");
            }
        }
        switch (op) {
            case "Cast", "CastLike" -> shapes.cast(n);
            case "Relu" -> emit(new QOp.Relu(n.name(), n.outputs().get(0), n.input(0), new long[0], 0),
                    scales.get(n.input(0)), ElemType.FLOAT);
            case "LeakyRelu" -> activations.leaky(n, null);
            case "PRelu" -> activations.leaky(n, n.input(1));
            case "Clip" -> activations.clip(n);
            case "Abs" -> activations.abs(n);
            case "Not" -> emit(new QOp.Not(n.name(), n.outputs().get(0), n.input(0)), 0, ElemType.BOOL);
            case "Less", "Greater", "LessOrEqual", "GreaterOrEqual", "Equal", "And", "Or", "Xor" -> elementwise.binary(n, op);
            case "Max", "Min" -> {
                if (n.inputs().size() != 2) {
                    throw n.unsupported(n.inputs().size() + " inputs");
                }
                elementwise.binary(n, op);
            }
            case "Where" -> elementwise.where(n);
            case "MaxPool", "GlobalMaxPool", "ReduceMax", "ReduceMin", "ArgMax", "ArgMin" -> pooling.window(n, op);
            case "Softmax" -> normalization.softmax(n);
            case "Floor", "Ceil", "Round" -> elementwise.rounding(n, op);
            case "Pow" -> activations.pow(n);
            case "TopK" -> pooling.topK(n);
            case "ml.TreeEnsembleClassifier", "ml.TreeEnsembleRegressor" -> classicalMl.trees(n);
            case "ml.LinearClassifier" -> classicalMl.linearClassifier(n);
            default -> {
                if ((op.equals("Mul") || op.equals("MatMul") || op.equals("Gemm")) && dynPos.size() == 2
                        && !op.equals("Mul")) {
                    linear.matmulDyn(n);
                } else if (op.equals("Mul") && dynPos.size() == 2) {
                    elementwise.binary(n, "Mul");
                } else if (op.equals("Div") && dyn(n.input(1))) {
                    elementwise.binary(n, "Div");
                } else if (MOVE.contains(op) && shapes.moveable(n, op)) {
                    shapes.move(n, op);
                } else if ((op.equals("Gather") || op.equals("ml.ArrayFeatureExtractor")) && !dyn(n.input(0))
                        && g.constants().get(n.input(0)).size() == g.constants().get(n.input(0)).dim(
                        g.constants().get(n.input(0)).rank() - 1) && n.attrInt("axis", 0) == 0) {
                    shapes.tableGather(n, op);
                } else if ((op.equals("Gather") || op.equals("GatherElements") || op.equals("ml.ArrayFeatureExtractor"))
                        && dyn(n.input(1))) {
                    shapes.dynGather(n, op);
                } else if (AFFINE.contains(op)) {
                    linear.affine(n, dynPos);
                } else if (activations.lookupFn(n) != null) {
                    activations.lookup(n, n.input(0), n.outputs().get(0), activations.lookupFn(n));
                } else {
                    throw n.unsupported(dynPos.size() > 1 && (op.equals("Gather") || op.equals("GatherElements"))
                            ? "data-dependent indices" : "");
                }
            }
        }
    }
}
