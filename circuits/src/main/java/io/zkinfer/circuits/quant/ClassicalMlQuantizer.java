package io.zkinfer.circuits.quant;

import io.zkinfer.circuits.model.ElemType;
import io.zkinfer.circuits.model.Ml;
import io.zkinfer.circuits.model.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * ai.onnx.ml: tree ensembles, linear classifiers and the label/probability tail that onnxruntime's classifiers share.
 */
final class ClassicalMlQuantizer extends QuantizerPart {

    ClassicalMlQuantizer(Quantizer root) {
        super(root);
    }

    void trees(Node n) {
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

    static boolean allPositive(Ml.Trees t) {
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

    void linearClassifier(Node n) {
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

    final Map<String, int[]> scoresShape = new HashMap<>();

    void affineShaped(Node lin, String out) {
        root.linear.affine(lin, List.of(0));
    }

    /** Label and probabilities of a classifier from its raw scores (onnxruntime's conventions). */
    void classifierTail(Node n, String scores, boolean binary, String post, double[] labels,
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
                    root.activations.lookup(n, pm, probOut, new Curve("sigmoid", UnaryFn.SIGMOID::apply, 0, 1));
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
            case "LOGISTIC" -> root.activations.lookup(n, scores, probOut, new Curve("sigmoid", UnaryFn.SIGMOID::apply, 0, 1));
            case "SOFTMAX" -> {
                long[] b = bounds(scores);
                Object[] plan = root.activations.planTable(n, new Curve("exp", Math::exp, 0, Double.NaN), sc, s.scale(),
                        -(b[1] - b[0]), 0);
                emit(new QOp.Softmax(n.name(), probOut, scores, new int[][]{all}, (LookupTable) plan[0],
                        (int) plan[1], (long) plan[2], s.scale()), s.scale(), ElemType.FLOAT);
            }
            default -> throw n.unsupported("attribute post_transform=" + post);
        }
    }
}
