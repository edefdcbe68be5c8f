package io.zkinfer.circuits.quant;

import io.zkinfer.circuits.model.ElemType;
import io.zkinfer.circuits.model.Node;
import io.zkinfer.circuits.model.Shapes;
import java.util.List;

/**
 * Element-wise binary operators with two computed operands or a constant (Mul, Div, Max/Min, comparisons, logic),
 * Where, and rounding.
 */
final class ElementwiseQuantizer extends QuantizerPart {

    ElementwiseQuantizer(Quantizer root) {
        super(root);
    }

    void binary(Node n, String op) {
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

    void where(Node n) {
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

    void rounding(Node n, String op) {
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
}
