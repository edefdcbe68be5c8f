package io.zkinfer.circuits.quant;

import io.zkinfer.circuits.model.ElemType;
import io.zkinfer.circuits.model.Node;
import io.zkinfer.circuits.model.Shapes;

/**
 * Normalisations over an axis: Softmax (exp table plus an exact division per group).
 */
final class NormalizationQuantizer extends QuantizerPart {

    NormalizationQuantizer(Quantizer root) {
        super(root);
    }

    void softmax(Node n) {
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
        Object[] plan = root.activations.planTable(n, new Curve("exp", Math::exp, 0, Double.NaN), sIn, s.scale(), -spread, 0);
        emit(new QOp.Softmax(n.name(), n.outputs().get(0), in, groups(sh, outer, dim, inner), (LookupTable) plan[0],
                (int) plan[1], (long) plan[2], s.scale()), s.scale(), ElemType.FLOAT);
    }
}
