package io.zkinfer.circuits.quant;

import io.zkinfer.circuits.model.ElemType;
import io.zkinfer.circuits.model.Node;
import io.zkinfer.circuits.model.Shapes;
import io.zkinfer.circuits.model.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Windowed selections: MaxPool, GlobalMaxPool, ReduceMax/ReduceMin, ArgMax/ArgMin (windows traced with the float
 * executor) and TopK.
 */
final class PoolingQuantizer extends QuantizerPart {

    PoolingQuantizer(Quantizer root) {
        super(root);
    }

    void window(Node n, String op) {
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

    void topK(Node n) {
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
}
