package io.zkinfer.circuits.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Reductions, ArgMax/ArgMin, Softmax and TopK. */
final class Reduce {

    private Reduce() {
    }

    /** Which axes a Reduce* node reduces (sorted, normalized), or all axes. */
    static boolean[] reducedAxes(List<Tensor> a, Node n, int opset, int rank) {
        boolean fromInput = n.opType().equals("ReduceSum") ? opset >= 13 : opset >= 18;
        long[] axes = fromInput ? (a.size() > 1 && a.get(1) != null ? a.get(1).toLongs() : null)
                : n.attrInts("axes").orElse(null);
        boolean[] red = new boolean[rank];
        if (axes == null || axes.length == 0) {
            boolean noop = n.attrInt("noop_with_empty_axes", 0) != 0;
            Arrays.fill(red, !noop);
        } else {
            for (long ax : axes) {
                red[Shapes.normAxis((int) ax, rank, "node " + n.name())] = true;
            }
        }
        return red;
    }

    static Tensor reduce(List<Tensor> a, Node n, int opset) {
        Tensor x = a.get(0);
        int r = x.rank();
        boolean[] red = reducedAxes(a, n, opset, r);
        boolean keep = n.attrInt("keepdims", 1) != 0;
        int[] outKeep = x.shape();
        for (int i = 0; i < r; i++) {
            if (red[i]) {
                outKeep[i] = 1;
            }
        }
        int size = Shapes.size(outKeep);
        int[] idx = Shapes.broadcastIndex(x.rawShape(), outKeep); // input element -> output slot
        String op = n.opType();
        double init = switch (op) {
            case "ReduceMax" -> Double.NEGATIVE_INFINITY;
            case "ReduceMin" -> Double.POSITIVE_INFINITY;
            case "ReduceProd" -> 1;
            default -> 0;
        };
        double[] acc = new double[size];
        Arrays.fill(acc, init);
        int[] count = new int[size];
        for (int i = 0; i < x.size(); i++) {
            double v = x.raw()[i];
            int o = idx[i];
            count[o]++;
            acc[o] = switch (op) {
                case "ReduceMax" -> Math.max(acc[o], v);
                case "ReduceMin" -> Math.min(acc[o], v);
                case "ReduceProd" -> acc[o] * v;
                case "ReduceSumSquare", "ReduceL2" -> acc[o] + v * v;
                case "ReduceL1" -> acc[o] + Math.abs(v);
                default -> acc[o] + v;
            };
        }
        for (int o = 0; o < size; o++) {
            if (op.equals("ReduceMean")) {
                acc[o] /= count[o];
            } else if (op.equals("ReduceL2")) {
                acc[o] = Math.sqrt(acc[o]);
            }
        }
        int[] shape = keep ? outKeep : dropAxes(x.rawShape(), red);
        return Tensor.wrap(shape, acc, x.type());
    }

    static int[] dropAxes(int[] shape, boolean[] red) {
        List<Integer> s = new ArrayList<>();
        for (int i = 0; i < shape.length; i++) {
            if (!red[i]) {
                s.add(shape[i]);
            }
        }
        return s.stream().mapToInt(Integer::intValue).toArray();
    }

    static Tensor argReduce(Tensor x, Node n) {
        int axis = Shapes.normAxis((int) n.attrInt("axis", 0), x.rank(), "node " + n.name());
        boolean keep = n.attrInt("keepdims", 1) != 0;
        boolean last = n.attrInt("select_last_index", 0) != 0;
        boolean max = n.opType().equals("ArgMax");
        int outer = 1;
        for (int i = 0; i < axis; i++) {
            outer *= x.dim(i);
        }
        int dim = x.dim(axis);
        int inner = x.size() / Math.max(1, outer * dim);
        double[] d = new double[outer * inner];
        for (int o = 0; o < outer; o++) {
            for (int in = 0; in < inner; in++) {
                int best = 0;
                double bv = x.raw()[o * dim * inner + in];
                for (int k = 1; k < dim; k++) {
                    double v = x.raw()[(o * dim + k) * inner + in];
                    boolean better = max ? (last ? v >= bv : v > bv) : (last ? v <= bv : v < bv);
                    if (better) {
                        best = k;
                        bv = v;
                    }
                }
                d[o * inner + in] = best;
            }
        }
        int[] shape = x.shape();
        if (keep) {
            shape[axis] = 1;
        } else {
            boolean[] red = new boolean[x.rank()];
            red[axis] = true;
            shape = dropAxes(shape, red);
        }
        return Tensor.wrap(shape, d, ElemType.INT);
    }

    /** The (outer, dim, inner) split Softmax normalizes over, per opset semantics. */
    static int[] softmaxSplit(int[] shape, Node n, int opset) {
        int r = shape.length;
        if (opset < 13) {
            int axis = Shapes.normAxis((int) n.attrInt("axis", 1), r, "node " + n.name());
            int outer = 1;
            for (int i = 0; i < axis; i++) {
                outer *= shape[i];
            }
            return new int[]{outer, Shapes.size(shape) / Math.max(outer, 1), 1};
        }
        int axis = Shapes.normAxis((int) n.attrInt("axis", -1), r, "node " + n.name());
        int outer = 1;
        for (int i = 0; i < axis; i++) {
            outer *= shape[i];
        }
        int dim = shape[axis];
        return new int[]{outer, dim, Shapes.size(shape) / Math.max(1, outer * dim)};
    }

    static Tensor softmax(Tensor x, Node n, int opset) {
        int[] sp = softmaxSplit(x.rawShape(), n, opset);
        boolean log = n.opType().equals("LogSoftmax");
        double[] d = new double[x.size()];
        for (int o = 0; o < sp[0]; o++) {
            for (int in = 0; in < sp[2]; in++) {
                double m = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < sp[1]; k++) {
                    m = Math.max(m, x.raw()[(o * sp[1] + k) * sp[2] + in]);
                }
                double s = 0;
                for (int k = 0; k < sp[1]; k++) {
                    s += Math.exp(x.raw()[(o * sp[1] + k) * sp[2] + in] - m);
                }
                for (int k = 0; k < sp[1]; k++) {
                    int i = (o * sp[1] + k) * sp[2] + in;
                    d[i] = log ? x.raw()[i] - m - Math.log(s) : Math.exp(x.raw()[i] - m) / s;
                }
            }
        }
        return Tensor.wrap(x.rawShape(), d, ElemType.FLOAT);
    }

    static List<Tensor> topK(List<Tensor> a, Node n, int opset) {
        Tensor x = a.get(0);
        int k = opset < 10 ? (int) n.attrInt("k", 1) : (int) a.get(1).get(0);
        int axis = Shapes.normAxis((int) n.attrInt("axis", -1), x.rank(), "node " + n.name());
        boolean largest = n.attrInt("largest", 1) != 0;
        int outer = 1;
        for (int i = 0; i < axis; i++) {
            outer *= x.dim(i);
        }
        int dim = x.dim(axis);
        if (k > dim) {
            throw new ModelException("TopK at node " + n.name() + ": k=" + k + " exceeds axis size " + dim);
        }
        int inner = x.size() / Math.max(1, outer * dim);
        int[] shape = x.shape();
        shape[axis] = k;
        double[] vals = new double[outer * k * inner];
        double[] idxs = new double[vals.length];
        for (int o = 0; o < outer; o++) {
            for (int in = 0; in < inner; in++) {
                final int oo = o;
                final int ii = in;
                Integer[] order = new Integer[dim];
                for (int j = 0; j < dim; j++) {
                    order[j] = j;
                }
                Comparator<Integer> byVal = Comparator.comparingDouble(j -> x.raw()[(oo * dim + j) * inner + ii]);
                Arrays.sort(order, (largest ? byVal.reversed() : byVal).thenComparingInt(j -> j));
                for (int j = 0; j < k; j++) {
                    vals[(o * k + j) * inner + in] = x.raw()[(o * dim + order[j]) * inner + in];
                    idxs[(o * k + j) * inner + in] = order[j];
                }
            }
        }
        return List.of(Tensor.wrap(shape, vals, x.type()), Tensor.wrap(shape.clone(), idxs, ElemType.INT));
    }
}
