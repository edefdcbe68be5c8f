package io.zkinfer.circuits.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** ai.onnx.ml operators: Scaler, Normalizer, LinearRegressor/Classifier, TreeEnsembleRegressor/Classifier. */
public final class Ml {

    private Ml() {
    }

    static double[] attrD(Node n, String key) {
        return n.attrFloats(key).orElse(new double[0]);
    }

    static Tensor as2d(Tensor x) {
        return x.rank() == 1 ? x.reshape(new int[]{1, x.dim(0)}) : x;
    }

    static Tensor scaler(Tensor x, Node n) {
        double[] off = attrD(n, "offset");
        double[] sc = attrD(n, "scale");
        int f = x.dim(x.rank() - 1);
        return apply(x, f, off, sc);
    }

    private static Tensor apply(Tensor x, int f, double[] off, double[] sc) {
        double[] d = new double[x.size()];
        for (int i = 0; i < d.length; i++) {
            int j = i % f;
            double o = off.length == 0 ? 0 : off.length == 1 ? off[0] : off[j];
            double s = sc.length == 0 ? 1 : sc.length == 1 ? sc[0] : sc[j];
            d[i] = (x.raw()[i] - o) * s;
        }
        return Tensor.wrap(x.rawShape(), d, ElemType.FLOAT);
    }

    static Tensor normalizer(Tensor x, Node n) {
        String norm = n.attrString("norm", "MAX");
        Tensor m = as2d(x);
        int f = m.dim(1);
        double[] d = new double[m.size()];
        for (int r = 0; r < m.dim(0); r++) {
            double acc = 0;
            for (int j = 0; j < f; j++) {
                double v = m.raw()[r * f + j];
                acc = switch (norm) {
                    case "MAX" -> Math.max(acc, v);
                    case "L1" -> acc + Math.abs(v);
                    case "L2" -> acc + v * v;
                    default -> throw n.unsupported("attribute norm=" + norm);
                };
            }
            if (norm.equals("L2")) {
                acc = Math.sqrt(acc);
            }
            for (int j = 0; j < f; j++) {
                d[r * f + j] = m.raw()[r * f + j] / acc;
            }
        }
        return Tensor.wrap(m.rawShape(), d, ElemType.FLOAT);
    }

    /** Raw linear scores {@code x · coefᵀ + intercepts}, shape [rows, targets]. */
    static Tensor linearScores(Tensor x, double[] coef, double[] intercepts, int targets, Node n) {
        Tensor m = as2d(x);
        int f = m.dim(1);
        if (coef.length != targets * f) {
            throw new ModelException(n.opType() + " at node " + n.name() + ": " + coef.length
                    + " coefficients for " + targets + " targets and " + f + " features");
        }
        int rows = m.dim(0);
        double[] d = new double[rows * targets];
        for (int r = 0; r < rows; r++) {
            for (int t = 0; t < targets; t++) {
                double s = intercepts.length > t ? intercepts[t] : 0;
                for (int j = 0; j < f; j++) {
                    s += m.raw()[r * f + j] * coef[t * f + j];
                }
                d[r * targets + t] = s;
            }
        }
        return Tensor.wrap(new int[]{rows, targets}, d, ElemType.FLOAT);
    }

    static Tensor linearRegressor(Tensor x, Node n) {
        String pt = n.attrString("post_transform", "NONE");
        if (!pt.equals("NONE")) {
            throw n.unsupported("attribute post_transform=" + pt);
        }
        int targets = (int) n.attrInt("targets", 1);
        return linearScores(x, attrD(n, "coefficients"), attrD(n, "intercepts"), targets, n);
    }

    /** Class labels as numbers (string labels become their index). */
    public static double[] classLabels(Node n) {
        if (n.attrInts("classlabels_ints").isPresent()) {
            return java.util.Arrays.stream(n.attrInts("classlabels_ints").orElseThrow()).asDoubleStream().toArray();
        }
        if (n.attrInts("classlabels_int64s").isPresent()) {
            return java.util.Arrays.stream(n.attrInts("classlabels_int64s").orElseThrow()).asDoubleStream().toArray();
        }
        throw n.unsupported("string class labels (classlabels_strings)");
    }

    static List<Tensor> linearClassifier(Tensor x, Node n) {
        double[] labels = classLabels(n);
        double[] coef = attrD(n, "coefficients");
        int f = as2d(x).dim(1);
        int rowsOfCoef = coef.length / f;
        Tensor s = linearScores(x, coef, attrD(n, "intercepts"), rowsOfCoef, n);
        String pt = n.attrString("post_transform", "NONE");
        int rows = s.dim(0);
        double[] scores;
        double[] lab = new double[rows];
        int nc = labels.length;
        if (rowsOfCoef == 1 && nc == 2) {
            scores = new double[rows * 2];
            for (int r = 0; r < rows; r++) {
                double v = s.get(r);
                lab[r] = v > 0 ? labels[1] : labels[0];
                scores[2 * r] = post(pt, -v, n);
                scores[2 * r + 1] = post(pt, v, n);
            }
            return List.of(Tensor.wrap(new int[]{rows}, lab, ElemType.INT), Tensor.wrap(new int[]{rows, 2}, scores,
                    ElemType.FLOAT));
        }
        scores = transformRows(s.toArray(), rows, rowsOfCoef, pt, n);
        for (int r = 0; r < rows; r++) {
            int best = 0;
            for (int t = 1; t < rowsOfCoef; t++) {
                if (s.get(r * rowsOfCoef + t) > s.get(r * rowsOfCoef + best)) {
                    best = t;
                }
            }
            lab[r] = labels[best];
        }
        return List.of(Tensor.wrap(new int[]{rows}, lab, ElemType.INT),
                Tensor.wrap(new int[]{rows, rowsOfCoef}, scores, ElemType.FLOAT));
    }

    static double post(String pt, double v, Node n) {
        return switch (pt) {
            case "NONE" -> v;
            case "LOGISTIC" -> Fn.sigmoid(v);
            default -> throw n.unsupported("attribute post_transform=" + pt);
        };
    }

    static double[] transformRows(double[] s, int rows, int k, String pt, Node n) {
        double[] r = s.clone();
        if (pt.equals("SOFTMAX")) {
            for (int i = 0; i < rows; i++) {
                double m = Double.NEGATIVE_INFINITY;
                for (int t = 0; t < k; t++) {
                    m = Math.max(m, s[i * k + t]);
                }
                double sum = 0;
                for (int t = 0; t < k; t++) {
                    sum += Math.exp(s[i * k + t] - m);
                }
                for (int t = 0; t < k; t++) {
                    r[i * k + t] = Math.exp(s[i * k + t] - m) / sum;
                }
            }
            return r;
        }
        for (int i = 0; i < r.length; i++) {
            r[i] = post(pt, s[i], n);
        }
        return r;
    }

    /** A parsed tree ensemble: per tree, nodes with feature, threshold, mode, children; leaves with weights. */
    public record Trees(List<Tree> trees, int targets, double[] base, String postTransform, String aggregate) {
    }

    /** One decision tree; {@code root} indexes {@code nodes}. */
    public record Tree(List<TreeNode> nodes, int root) {
    }

    /**
     * A tree node. Branch: go to {@code ifTrue} when {@code x[feature] MODE threshold}; leaf: add weights to targets.
     */
    public record TreeNode(boolean leaf, int feature, double threshold, String mode, int ifTrue, int ifFalse,
                           int[] targetIds, double[] weights) {
    }

    public static Trees parseTrees(Node n) {
        boolean cls = n.opType().equals("TreeEnsembleClassifier");
        long[] treeIds = n.attrInts("nodes_treeids").orElseThrow(() -> bad(n, "nodes_treeids"));
        long[] nodeIds = n.attrInts("nodes_nodeids").orElseThrow(() -> bad(n, "nodes_nodeids"));
        long[] feat = n.attrInts("nodes_featureids").orElseThrow(() -> bad(n, "nodes_featureids"));
        double[] vals = n.attrFloats("nodes_values").orElseThrow(() -> bad(n, "nodes_values"));
        List<String> modes = n.attrStrings("nodes_modes").orElseThrow(() -> bad(n, "nodes_modes"));
        long[] tn = n.attrInts("nodes_truenodeids").orElseThrow(() -> bad(n, "nodes_truenodeids"));
        long[] fn = n.attrInts("nodes_falsenodeids").orElseThrow(() -> bad(n, "nodes_falsenodeids"));
        if (n.attr("nodes_values_as_tensor").isPresent() || n.attr("base_values_as_tensor").isPresent()) {
            throw n.unsupported("attribute *_as_tensor");
        }
        String p = cls ? "class_" : "target_";
        long[] wt = n.attrInts(p + "treeids").orElseThrow(() -> bad(n, p + "treeids"));
        long[] wn = n.attrInts(p + "nodeids").orElseThrow(() -> bad(n, p + "nodeids"));
        long[] wi = n.attrInts(p + "ids").orElseThrow(() -> bad(n, p + "ids"));
        double[] ww = n.attrFloats(p + "weights").orElseThrow(() -> bad(n, p + "weights"));
        int targets = cls ? classLabels(n).length : (int) n.attrInt("n_targets", 1);
        Map<Long, Map<Long, Integer>> index = new HashMap<>();
        Map<Long, List<Integer>> byTree = new java.util.TreeMap<>();
        for (int i = 0; i < treeIds.length; i++) {
            index.computeIfAbsent(treeIds[i], k -> new HashMap<>()).put(nodeIds[i], i);
            byTree.computeIfAbsent(treeIds[i], k -> new ArrayList<>()).add(i);
        }
        Map<Integer, List<int[]>> leafW = new HashMap<>();
        Map<Integer, List<Double>> leafV = new HashMap<>();
        for (int i = 0; i < wt.length; i++) {
            Integer at = index.getOrDefault(wt[i], Map.of()).get(wn[i]);
            if (at == null) {
                throw new ModelException(n.opType() + " at node " + n.name() + ": weight for unknown tree node "
                        + wt[i] + "/" + wn[i]);
            }
            leafW.computeIfAbsent(at, k -> new ArrayList<>()).add(new int[]{(int) wi[i]});
            leafV.computeIfAbsent(at, k -> new ArrayList<>()).add(ww[i]);
        }
        List<Tree> trees = new ArrayList<>();
        for (var e : byTree.entrySet()) {
            List<Integer> members = e.getValue();
            Map<Long, Integer> local = new HashMap<>();
            for (int k = 0; k < members.size(); k++) {
                local.put(nodeIds[members.get(k)], k);
            }
            java.util.Set<Integer> children = new java.util.HashSet<>();
            List<TreeNode> nodes = new ArrayList<>();
            for (int gi : members) {
                String mode = modes.get(gi);
                if (mode.equals("LEAF")) {
                    List<int[]> ids = leafW.getOrDefault(gi, List.of());
                    List<Double> w = leafV.getOrDefault(gi, List.of());
                    nodes.add(new TreeNode(true, -1, 0, mode, -1, -1, ids.stream().mapToInt(v -> v[0]).toArray(),
                            w.stream().mapToDouble(Double::doubleValue).toArray()));
                } else {
                    if (!List.of("BRANCH_LEQ", "BRANCH_LT", "BRANCH_GTE", "BRANCH_GT", "BRANCH_EQ", "BRANCH_NEQ")
                            .contains(mode)) {
                        throw n.unsupported("node mode " + mode);
                    }
                    Integer t = local.get(tn[gi]);
                    Integer f = local.get(fn[gi]);
                    if (t == null || f == null) {
                        throw new ModelException(n.opType() + " at node " + n.name() + ": tree " + e.getKey()
                                + " node " + nodeIds[gi] + " has a missing child");
                    }
                    children.add(t);
                    children.add(f);
                    nodes.add(new TreeNode(false, (int) feat[gi], vals[gi], mode, t, f, new int[0], new double[0]));
                }
            }
            int root = -1;
            for (int k = 0; k < nodes.size(); k++) {
                if (!children.contains(k)) {
                    root = k;
                    break;
                }
            }
            if (root < 0) {
                throw new ModelException(n.opType() + " at node " + n.name() + ": tree " + e.getKey() + " has no root");
            }
            trees.add(new Tree(nodes, root));
        }
        String agg = n.attrString("aggregate_function", "SUM");
        if (!agg.equals("SUM") && !agg.equals("AVERAGE")) {
            throw n.unsupported("attribute aggregate_function=" + agg);
        }
        return new Trees(trees, targets, attrD(n, "base_values"), n.attrString("post_transform", "NONE"), agg);
    }

    private static ModelException bad(Node n, String attr) {
        return new ModelException(n.opType() + " at node " + n.name() + " lacks attribute " + attr);
    }

    public static boolean branch(String mode, double x, double th) {
        return switch (mode) {
            case "BRANCH_LEQ" -> x <= th;
            case "BRANCH_LT" -> x < th;
            case "BRANCH_GTE" -> x >= th;
            case "BRANCH_GT" -> x > th;
            case "BRANCH_EQ" -> x == th;
            default -> x != th;
        };
    }

    /** Raw summed scores per row and target (before base values and post transform). */
    static double[] treeSums(Trees t, Tensor x) {
        Tensor m = as2d(x);
        int rows = m.dim(0);
        int f = m.dim(1);
        double[] s = new double[rows * t.targets()];
        for (int r = 0; r < rows; r++) {
            for (Tree tree : t.trees()) {
                TreeNode nd = tree.nodes().get(tree.root());
                while (!nd.leaf()) {
                    boolean go = branch(nd.mode(), m.raw()[r * f + nd.feature()], nd.threshold());
                    nd = tree.nodes().get(go ? nd.ifTrue() : nd.ifFalse());
                }
                for (int k = 0; k < nd.targetIds().length; k++) {
                    s[r * t.targets() + nd.targetIds()[k]] += nd.weights()[k];
                }
            }
        }
        if (t.aggregate().equals("AVERAGE")) {
            for (int i = 0; i < s.length; i++) {
                s[i] /= t.trees().size();
            }
        }
        return s;
    }

    static Tensor treeRegressor(Tensor x, Node n) {
        Trees t = parseTrees(n);
        double[] s = treeSums(t, x);
        for (int i = 0; i < s.length; i++) {
            s[i] += t.base().length == 0 ? 0 : t.base()[i % t.targets()];
        }
        int rows = s.length / t.targets();
        return Tensor.wrap(new int[]{rows, t.targets()}, transformRows(s, rows, t.targets(), t.postTransform(), n),
                ElemType.FLOAT);
    }

    /** True when only class id 0 carries weights for a 2-label classifier (onnxruntime's binary case). */
    public static boolean binaryCase(Trees t) {
        if (t.targets() != 2) {
            return false;
        }
        for (Tree tree : t.trees()) {
            for (TreeNode nd : tree.nodes()) {
                for (int id : nd.targetIds()) {
                    if (id != 0) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    static List<Tensor> treeClassifier(Tensor x, Node n) {
        Trees t = parseTrees(n);
        double[] labels = classLabels(n);
        double[] s = treeSums(t, x);
        int k = t.targets();
        int rows = s.length / k;
        double[] lab = new double[rows];
        double[] probs;
        if (binaryCase(t)) {
            if (!t.postTransform().equals("LOGISTIC") && !t.postTransform().equals("NONE")) {
                throw n.unsupported("binary case with post_transform=" + t.postTransform());
            }
            probs = new double[rows * 2];
            for (int r = 0; r < rows; r++) {
                double v = s[r * k] + (t.base().length > 0 ? t.base()[0] : 0);
                lab[r] = v > 0 ? labels[1] : labels[0];
                boolean logistic = t.postTransform().equals("LOGISTIC");
                probs[2 * r] = logistic ? Fn.sigmoid(-v) : -v;
                probs[2 * r + 1] = logistic ? Fn.sigmoid(v) : v;
            }
            return List.of(Tensor.wrap(new int[]{rows}, lab, ElemType.INT),
                    Tensor.wrap(new int[]{rows, 2}, probs, ElemType.FLOAT));
        }
        for (int i = 0; i < s.length; i++) {
            s[i] += t.base().length == 0 ? 0 : t.base()[i % k];
        }
        for (int r = 0; r < rows; r++) {
            int best = 0;
            for (int c = 1; c < k; c++) {
                if (s[r * k + c] > s[r * k + best]) {
                    best = c;
                }
            }
            lab[r] = labels[best];
        }
        probs = transformRows(s, rows, k, t.postTransform(), n);
        return List.of(Tensor.wrap(new int[]{rows}, lab, ElemType.INT), Tensor.wrap(new int[]{rows, k}, probs,
                ElemType.FLOAT));
    }
}
