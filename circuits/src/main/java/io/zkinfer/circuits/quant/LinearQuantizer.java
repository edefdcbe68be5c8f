package io.zkinfer.circuits.quant;

import io.zkinfer.circuits.model.ElemType;
import io.zkinfer.circuits.model.Node;
import io.zkinfer.circuits.model.Shapes;
import io.zkinfer.circuits.model.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Linear algebra: affine operators (Gemm, MatMul with a constant operand, Conv, ConvTranspose, BatchNormalization,
 * averages, Add/Sub/Mul/Div by constants, Pad, Concat) read off the float executor as exact coefficient matrices, their
 * private-parameter form, and MatMul of two computed operands.
 */
final class LinearQuantizer extends QuantizerPart {

    LinearQuantizer(Quantizer root) {
        super(root);
    }

    void affine(Node n, List<Integer> dynPos) {
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
        if (matmulByConstant(n, dynPos, a, terms, coefs)) {
            ins.add(n.input(0));
            dynPos = List.of(); // terms are read off the weights: nothing to probe
        } else if (elementwise(n, dynPos, a, base, terms, coefs)) {
            dynPos.forEach(pos -> ins.add(n.input(pos)));
            dynPos = List.of();
        }
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
        double[] inMax = new double[ins.size()]; // per input, once: a tensor's bounds scan all its elements
        for (int k = 0; k < ins.size(); k++) {
            long[] b = bounds(ins.get(k));
            inMax[k] = Math.max(Math.abs((double) b[0]), Math.abs((double) b[1]));
        }
        for (int i = 0; i < rows; i++) {
            double row = 0;
            for (int t = 0; t < terms.get(i).size(); t++) {
                int k = (int) terms.get(i).get(t)[0];
                int sk = scales.get(ins.get(k));
                double c = Math.abs(coefs.get(i).get(t)) * Math.pow(2, outScale - sk);
                maxAbs = Math.max(maxAbs, c);
                minAbs = Math.min(minAbs, c);
                row += c * inMax[k];
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

    /**
     * Add, Sub, Mul, Div (float, two operands, with broadcasting): output i meets element {@code ib_k[i]} of each
     * computed operand k, with the coefficient {@code f(1, other) - f(0, other)}, exactly what probing computes, in
     * the same order, without running the executor once per input element.
     */
    private boolean elementwise(Node n, List<Integer> dynPos, List<Tensor> a, Tensor base, List<List<long[]>> terms,
                                List<List<Double>> coefs) {
        java.util.function.DoubleBinaryOperator f = switch (n.opType()) {
            case "Add" -> Double::sum;
            case "Sub" -> (x, y) -> x - y;
            case "Mul" -> (x, y) -> x * y;
            case "Div" -> (x, y) -> x / y;
            default -> null;
        };
        if (f == null || !n.domain().isEmpty() || a.size() != 2 || a.get(0) == null || a.get(1) == null
                || a.get(0).type() != ElemType.FLOAT || a.get(1).type() != ElemType.FLOAT) {
            return false;
        }
        int[] out = base.shape();
        int[][] idx = {io.zkinfer.circuits.model.Shapes.broadcastIndex(out, a.get(0).shape()),
                io.zkinfer.circuits.model.Shapes.broadcastIndex(out, a.get(1).shape())};
        for (int i = 0; i < base.size(); i++) {
            double x = a.get(0).get(idx[0][i]);
            double y = a.get(1).get(idx[1][i]);
            for (int k = 0; k < dynPos.size(); k++) {
                int pos = dynPos.get(k);
                double d = (pos == 0 ? f.applyAsDouble(1, y) : f.applyAsDouble(x, 1)) - base.get(i);
                if (d != 0) {
                    terms.get(i).add(new long[]{k, idx[pos][i]});
                    coefs.get(i).add(d);
                }
            }
        }
        return true;
    }

    /**
     * MatMul of a computed operand by a constant matrix: the coefficients are the matrix's entries, read directly
     * instead of probing the float executor with one unit vector per input element (quadratic in the layer's size).
     * Produces exactly the terms probing would, in the same order (per output row, input elements ascending; zero
     * weights skipped). Returns false when the layout is not the plain {@code [..., m, k] x [k, p]} case.
     */
    private boolean matmulByConstant(Node n, List<Integer> dynPos, List<Tensor> a, List<List<long[]>> terms,
                                     List<List<Double>> coefs) {
        if (!n.opType().equals("MatMul") || !dynPos.equals(List.of(0)) || !g.constants().containsKey(n.input(1))) {
            return false;
        }
        Tensor w = g.constants().get(n.input(1));
        int[] xs = a.get(0).shape();
        if (w.rank() != 2 || xs.length < 2 || xs[xs.length - 1] != w.dim(0)) {
            return false;
        }
        int k = w.dim(0);
        int p = w.dim(1);
        int m = xs[xs.length - 2];
        int batches = a.get(0).size() / (m * k);
        if (terms.size() != batches * m * p) {
            return false;
        }
        for (int b = 0; b < batches; b++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < p; j++) {
                    int row = (b * m + i) * p + j;
                    for (int q = 0; q < k; q++) {
                        double c = w.get(q * p + j);
                        if (c != 0) {
                            terms.get(row).add(new long[]{0, (b * m + i) * k + q});
                            coefs.get(row).add(c);
                        }
                    }
                }
            }
        }
        return true;
    }

    void matmulDyn(Node n) {
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

    /** Float constant tensors with more than one element: the model's parameters (scalars are structure). */
    List<String> paramInputs(Node n) {
        List<String> r = new ArrayList<>();
        for (String i : n.inputs()) {
            Tensor c = i.isEmpty() ? null : g.constants().get(i);
            if (c != null && c.type() == ElemType.FLOAT && c.size() > 1) {
                r.add(i);
            }
        }
        return r;
    }

    static Tensor codes(Tensor like, double sign) {
        double[] d = new double[like.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = sign * (i + 1);
        }
        return new Tensor(like.shape(), d, ElemType.FLOAT);
    }

    static Tensor zerosLike(Tensor like) {
        return new Tensor(like.shape(), new double[like.size()], ElemType.FLOAT);
    }

    /**
     * An affine op whose weight (input 1 of Gemm/MatMul/Conv/ConvTranspose) and bias tensors are private inputs. The
     * structure (which input meets which weight) is read off the float executor with element codes in place of the
     * weights, so it does not depend on the weight values.
     */
    void privateAffine(Node n, String op, int dp, List<String> ps) {
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

    void addParam(String key, long[] q) {
        params.put(key, q);
        long[] b = QuantizedGraph.paramBounds(q);
        List<Val<Boolean>> vals = new ArrayList<>();
        for (int k = 0; k < q.length; k++) {
            vals.add(new Val<>(Boolean.TRUE, b[0], b[1]));
        }
        env.put(key, vals);
    }
}
