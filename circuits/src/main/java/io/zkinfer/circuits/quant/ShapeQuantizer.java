package io.zkinfer.circuits.quant;

import io.zkinfer.circuits.model.ElemType;
import io.zkinfer.circuits.model.Node;
import io.zkinfer.circuits.model.Shapes;
import io.zkinfer.circuits.model.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Shape plumbing and data movement: Reshape, Transpose, Slice, Gather, Concat, Expand, ... as element moves traced with
 * codes through the float executor; Cast; Gather with computed indices (into a tensor or a constant table).
 */
final class ShapeQuantizer extends QuantizerPart {

    private static final long CODE_STRIDE = 1L << 26;

    ShapeQuantizer(Quantizer root) {
        super(root);
    }

    static List<Integer> dataPositions(String op, int nInputs) {
        if (op.equals("Concat")) {
            List<Integer> all = new ArrayList<>();
            for (int i = 0; i < nInputs; i++) {
                all.add(i);
            }
            return all;
        }
        return List.of(0);
    }

    boolean moveable(Node n, String op) {
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

    void move(Node n, String op) {
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

    void cast(Node n) {
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
    void dynGather(Node n, String op) {
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

    void tableGather(Node n, String op) {
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
}
