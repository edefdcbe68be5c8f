package io.zkinfer.circuits.quant;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The integer semantics of every {@link QOp}, written once against {@link Fx}: the executor and the lowering run this
 * same code on different backends, so the circuit proves exactly what the executor computes.
 */
final class Kernels {

    private Kernels() {
    }

    static <V> List<Val<V>> get(Map<String, List<Val<V>>> env, String name, String node) {
        List<Val<V>> t = env.get(name);
        if (t == null) {
            throw new IllegalStateException("tensor '" + name + "' undefined at " + node);
        }
        return t;
    }

    static <V> void run(QOp op, Map<String, List<Val<V>>> env, Fx<V> fx) {
        fx.at(op.node());
        switch (op) {
            case QOp.Move m -> {
                List<List<Val<V>>> ins = m.ins().stream().map(n -> get(env, n, m.node())).toList();
                List<Val<V>> out = new ArrayList<>(m.srcIndex().length);
                for (int i = 0; i < m.srcIndex().length; i++) {
                    out.add(ins.get(m.srcInput()[i]).get(m.srcIndex()[i]));
                }
                env.put(m.out(), out);
            }
            case QOp.Affine a -> {
                List<List<Val<V>>> ins = a.ins().stream().map(n -> get(env, n, a.node())).toList();
                int rows = a.rowStart().length - 1;
                List<Val<V>> out = new ArrayList<>(rows);
                for (int i = 0; i < rows; i++) {
                    int s = a.rowStart()[i];
                    int e = a.rowStart()[i + 1];
                    long[] cs = new long[e - s];
                    List<Val<V>> xs = new ArrayList<>(e - s);
                    for (int k = s; k < e; k++) {
                        cs[k - s] = a.coef()[k];
                        xs.add(ins.get(a.srcInput()[k]).get(a.srcIndex()[k]));
                    }
                    // products at 2x the scale come back rounded to nearest (the offset folds into the bias)
                    out.add(fx.rescale(fx.lincomb(cs, xs, a.bias()[i] + Fx.half(a.shift())), a.shift()));
                }
                env.put(a.out(), out);
            }
            case QOp.PrivateAffine a -> {
                List<Val<V>> in = get(env, a.in(), a.node());
                List<Val<V>> w = a.weights().isEmpty() ? List.of() : get(env, a.weights(), a.node());
                List<Val<V>> bs = a.bias().isEmpty() ? List.of() : get(env, a.bias(), a.node());
                int rows = a.rowStart().length - 1;
                List<Val<V>> out = new ArrayList<>(rows);
                for (int i = 0; i < rows; i++) {
                    List<Val<V>> xs = new ArrayList<>();
                    List<Long> cs = new ArrayList<>();
                    for (int k = a.rowStart()[i]; k < a.rowStart()[i + 1]; k++) {
                        Val<V> x = in.get(a.srcIndex()[k]);
                        if (a.weightRef()[k] >= 0) {
                            xs.add(fx.mul(w.get(a.weightRef()[k]), x));
                            cs.add(1L);
                        } else {
                            xs.add(x);
                            cs.add(a.coef()[k]);
                        }
                    }
                    long bias = 0;
                    if (a.biasRef()[i] >= 0) {
                        xs.add(bs.get(a.biasRef()[i]));
                        cs.add(1L);
                    } else {
                        bias = a.constBias()[i];
                    }
                    Val<V> sum = fx.lincomb(cs.stream().mapToLong(Long::longValue).toArray(), xs,
                            bias + Fx.half(a.shift()));
                    out.add(fx.rescale(sum, a.shift()));
                }
                env.put(a.out(), out);
            }
            case QOp.Lookup l -> {
                List<Val<V>> out = new ArrayList<>();
                for (Val<V> x : get(env, l.in(), l.node())) {
                    out.add(lookup(fx, x, l.table(), l.preShift(), l.clampLo(), l.clampHi()));
                }
                env.put(l.out(), out);
            }
            case QOp.Relu r -> {
                List<Val<V>> in = get(env, r.in(), r.node());
                List<Val<V>> out = new ArrayList<>(in.size());
                for (int i = 0; i < in.size(); i++) {
                    Val<V> x = in.get(i);
                    Val<V> rl = fx.relu(x);
                    long al = r.alpha().length == 0 ? 0 : r.alpha()[i];
                    if (al == 0) {
                        out.add(rl);
                    } else {
                        long one = 1L << r.shift();
                        out.add(fx.rescale(fx.lincomb(new long[]{one - al, al}, List.of(rl, x), Fx.half(r.shift())),
                                r.shift()));
                    }
                }
                env.put(r.out(), out);
            }
            case QOp.Enforce e -> {
                List<Val<V>> out = new ArrayList<>();
                for (Val<V> x : get(env, e.in(), e.node())) {
                    out.add(x.lo() >= e.lo() && x.hi() <= e.hi() ? x : fx.enforce(x, e.lo(), e.hi()));
                }
                env.put(e.out(), out);
            }
            case QOp.Clip c -> {
                List<Val<V>> out = new ArrayList<>();
                for (Val<V> x : get(env, c.in(), c.node())) {
                    Val<V> y = c.lo() == Long.MIN_VALUE ? x : fx.max(x, fx.konst(c.lo()));
                    out.add(c.hi() == Long.MAX_VALUE ? y : fx.min(y, fx.konst(c.hi())));
                }
                env.put(c.out(), out);
            }
            case QOp.Binary b -> env.put(b.out(), binary(b, env, fx));
            case QOp.Not n -> {
                List<Val<V>> out = new ArrayList<>();
                for (Val<V> x : get(env, n.in(), n.node())) {
                    out.add(fx.lincomb(new long[]{-1}, List.of(x), 1));
                }
                env.put(n.out(), out);
            }
            case QOp.Where w -> {
                List<Val<V>> c = get(env, w.c(), w.node());
                List<Val<V>> a = get(env, w.a(), w.node());
                List<Val<V>> b = get(env, w.b(), w.node());
                List<Val<V>> out = new ArrayList<>();
                for (int i = 0; i < w.ic().length; i++) {
                    out.add(fx.select(c.get(w.ic()[i]), fx.scale(a.get(w.ia()[i]), w.fa()),
                            fx.scale(b.get(w.ib()[i]), w.fb())));
                }
                env.put(w.out(), out);
            }
            case QOp.Window w -> env.put(w.out(), window(w, get(env, w.in(), w.node()), fx));
            case QOp.Softmax s -> env.put(s.out(), softmax(s, get(env, s.in(), s.node()), fx));
            case QOp.Rounding r -> {
                List<Val<V>> out = new ArrayList<>();
                long unit = 1L << r.scale();
                for (Val<V> x : get(env, r.in(), r.node())) {
                    Val<V> y = switch (r.kind()) {
                        case FLOOR -> fx.scale(fx.rescale(x, r.scale()), unit);
                        case CEIL -> fx.scale(fx.rescale(fx.scale(x, -1), r.scale()), -unit);
                        case ROUND -> fx.scale(roundHalfEven(fx, x, r.scale()), unit);
                    };
                    out.add(y);
                }
                env.put(r.out(), out);
            }
            case QOp.TableGather g -> {
                List<Val<V>> out = new ArrayList<>();
                for (Val<V> x : get(env, g.idx(), g.node())) {
                    out.add(fx.lookup(g.table(), x));
                }
                env.put(g.out(), out);
            }
            case QOp.Trees t -> env.put(t.out(), trees(t, get(env, t.in(), t.node()), fx));
            case QOp.Threshold t -> {
                List<Val<V>> in = get(env, t.in(), t.node());
                Val<V> c = fx.less(fx.konst(t.threshold()), in.get(0));
                env.put(t.out(), List.of(fx.lincomb(new long[]{t.labelHi() - t.labelLo()}, List.of(c), t.labelLo())));
            }
            case QOp.Bilinear bl -> {
                List<Val<V>> a = get(env, bl.a(), bl.node());
                List<Val<V>> b = get(env, bl.b(), bl.node());
                int rows = bl.rowStart().length - 1;
                List<Val<V>> out = new ArrayList<>(rows);
                for (int i = 0; i < rows; i++) {
                    List<Val<V>> prods = new ArrayList<>();
                    for (int k = bl.rowStart()[i]; k < bl.rowStart()[i + 1]; k++) {
                        prods.add(fx.mul(a.get(bl.ia()[k]), b.get(bl.ib()[k])));
                    }
                    long[] ones = new long[prods.size()];
                    java.util.Arrays.fill(ones, 1);
                    out.add(fx.rescale(fx.lincomb(ones, prods, Fx.half(bl.shift())), bl.shift()));
                }
                env.put(bl.out(), out);
            }
            case QOp.TopK t -> topK(t, get(env, t.in(), t.node()), env, fx);
            case QOp.DynGather d -> {
                List<Val<V>> data = get(env, d.data(), d.node());
                List<Val<V>> idx = get(env, d.idx(), d.node());
                int n = d.src().length;
                Map<Integer, List<Val<V>>> hits = new HashMap<>();
                List<Val<V>> out = new ArrayList<>(d.idxOf().length);
                for (int i = 0; i < d.idxOf().length; i++) {
                    int ie = d.idxOf()[i];
                    List<Val<V>> h = hits.computeIfAbsent(ie, k -> {
                        Val<V> x = fx.enforce(idx.get(k), d.jlo(), d.jlo() + n - 1);
                        List<Val<V>> r = new ArrayList<>();
                        for (int j = 0; j < n; j++) {
                            r.add(fx.equal(x, fx.konst(d.jlo() + j)));
                        }
                        return r;
                    });
                    List<Val<V>> terms = new ArrayList<>();
                    long lo = Long.MAX_VALUE;
                    long hi = Long.MIN_VALUE;
                    for (int j = 0; j < n; j++) {
                        Val<V> v = data.get(d.src()[j][i]);
                        terms.add(fx.mul(h.get(j), v));
                        lo = Math.min(lo, v.lo());
                        hi = Math.max(hi, v.hi());
                    }
                    long[] ones = new long[n];
                    java.util.Arrays.fill(ones, 1);
                    Val<V> sum = fx.lincomb(ones, terms, 0);
                    // exactly one indicator is 1 (the index is range-checked), so the sum is one data element
                    out.add(sum.isConst() ? sum : new Val<>(sum.v(), Math.max(sum.lo(), lo), Math.min(sum.hi(), hi)));
                }
                env.put(d.out(), out);
            }
        }
    }

    /** ONNX Round: to the nearest integer, halves to even, of a value at scale {@code s} (result at scale 0). */
    static <V> Val<V> roundHalfEven(Fx<V> fx, Val<V> x, int s) {
        long unit = 1L << s;
        Val<V> r = fx.lincomb(new long[]{1}, List.of(x), unit / 2);
        Val<V> q = fx.rescale(r, s); // floor(x + 1/2)
        Val<V> rem = fx.lincomb(new long[]{1, -unit}, List.of(r, q), 0);
        Val<V> tie = fx.isZero(rem); // x was exactly k + 1/2
        Val<V> odd = fx.lincomb(new long[]{1, -2}, List.of(q, fx.rescale(q, 1)), 0);
        // q - 2·floor(q/2) is q's parity: 0 or 1 (both rescales are proved)
        odd = odd.isConst() ? odd : new Val<>(odd.v(), 0, 1);
        Val<V> adj = fx.mul(tie, odd);
        Val<V> res = fx.sub(q, adj);
        return res.isConst() ? res : new Val<>(res.v(), q.lo() - 1, q.hi());
    }

    static <V> Val<V> lookup(Fx<V> fx, Val<V> x, LookupTable t, int preShift, long clampLo, long clampHi) {
        Val<V> y = fx.rescale(x, preShift);
        if (clampLo != Long.MIN_VALUE && y.lo() < clampLo) {
            y = fx.max(y, fx.konst(clampLo));
        }
        if (clampHi != Long.MAX_VALUE && y.hi() > clampHi) {
            y = fx.min(y, fx.konst(clampHi));
        }
        return fx.lookup(t, y);
    }

    private static <V> List<Val<V>> binary(QOp.Binary b, Map<String, List<Val<V>>> env, Fx<V> fx) {
        List<Val<V>> as = get(env, b.a(), b.node());
        List<Val<V>> bs = get(env, b.b(), b.node());
        List<Val<V>> out = new ArrayList<>(b.ia().length);
        for (int i = 0; i < b.ia().length; i++) {
            Val<V> x = fx.scale(as.get(b.ia()[i]), b.fa());
            Val<V> y = fx.scale(bs.get(b.ib()[i]), b.fb());
            Val<V> r = switch (b.kind()) {
                case MUL -> fx.rescaleRound(fx.mul(x, y), b.shift());
                case DIV -> {
                    Val<V> num = fx.scale(x, 1L << b.shift());
                    // a divisor that may round to 0 (e.g. sqrt(var + eps)) divides by one unit instead
                    if (y.lo() == 0 && y.hi() == 0) {
                        y = fx.konst(1);
                    } else if (y.lo() == 0) {
                        y = fx.max(y, fx.konst(1));
                    } else if (y.hi() == 0) {
                        y = fx.min(y, fx.konst(-1));
                    }
                    if (y.hi() <= -1) {
                        yield fx.divFloor(fx.scale(num, -1), fx.scale(y, -1));
                    }
                    yield fx.divFloor(num, y);
                }
                case MAX -> fx.max(x, y);
                case MIN -> fx.min(x, y);
                case LESS -> fx.less(x, y);
                case GREATER -> fx.less(y, x);
                case LESS_EQ -> fx.lincomb(new long[]{-1}, List.of(fx.less(y, x)), 1);
                case GREATER_EQ -> fx.lincomb(new long[]{-1}, List.of(fx.less(x, y)), 1);
                case EQUAL -> fx.equal(x, y);
                case AND -> fx.mul(x, y);
                case OR -> bool(fx.sub(fx.add(x, y), fx.mul(x, y)));
                case XOR -> bool(fx.lincomb(new long[]{1, 1, -2}, List.of(x, y, fx.mul(x, y)), 0));
            };
            out.add(r);
        }
        return out;
    }

    /** OR/XOR of operands the quantizer proved boolean are boolean: tighten the interval to [0, 1]. */
    private static <V> Val<V> bool(Val<V> v) {
        return v.isConst() ? v : new Val<>(v.v(), Math.max(v.lo(), 0), Math.min(v.hi(), 1));
    }

    private static <V> List<Val<V>> window(QOp.Window w, List<Val<V>> in, Fx<V> fx) {
        List<Val<V>> out = new ArrayList<>(w.windows().length);
        for (int[] win : w.windows()) {
            if (win.length == 0) {
                out.add(fx.konst(0));
                continue;
            }
            Val<V> best = in.get(win[0]);
            Val<V> idx = fx.konst(0);
            for (int k = 1; k < win.length; k++) {
                Val<V> x = in.get(win[k]);
                switch (w.kind()) {
                    case MAX -> best = fx.max(best, x);
                    case MIN -> best = fx.min(best, x);
                    case ARGMAX, ARGMIN -> {
                        boolean max = w.kind() == QOp.WindowKind.ARGMAX;
                        // replace when strictly better, or better-or-equal for select_last_index
                        Val<V> c = w.lastIndex()
                                ? fx.lincomb(new long[]{-1}, List.of(max ? fx.less(x, best) : fx.less(best, x)), 1)
                                : (max ? fx.less(best, x) : fx.less(x, best));
                        best = fx.select(c, x, best);
                        idx = fx.select(c, fx.konst(k), idx);
                    }
                }
            }
            out.add(w.kind() == QOp.WindowKind.MAX || w.kind() == QOp.WindowKind.MIN ? best : idx);
        }
        return out;
    }

    private static <V> List<Val<V>> softmax(QOp.Softmax s, List<Val<V>> in, Fx<V> fx) {
        Val<V>[] out = newArray(in.size());
        long one = s.exp().get(0); // exp(0) (d = 0 stays key 0 after any shift)
        for (int[] g : s.groups()) {
            Val<V> m = in.get(g[0]);
            for (int k = 1; k < g.length; k++) {
                m = fx.max(m, in.get(g[k]));
            }
            List<Val<V>> es = new ArrayList<>();
            for (int i : g) {
                Val<V> d = fx.sub(in.get(i), m);
                // m is the maximum of the group (proved by the max gadgets), so d <= 0
                d = new Val<>(d.v(), d.lo(), Math.min(d.hi(), 0));
                if (d.lo() > d.hi()) {
                    d = Val.of(0);
                }
                es.add(lookup(fx, d, s.exp(), s.preShift(), s.clampLo(), 0));
            }
            long[] ones = new long[es.size()];
            java.util.Arrays.fill(ones, 1);
            Val<V> sum = fx.lincomb(ones, es, 0);
            // the maximum's own term is exp(0) = table[0] and all terms are >= 0, so sum >= table[0]
            sum = new Val<>(sum.v(), Math.max(sum.lo(), one), sum.hi());
            for (int k = 0; k < g.length; k++) {
                out[g[k]] = fx.divFloor(fx.scale(es.get(k), 1L << s.outShift()), sum);
            }
        }
        return List.of(out);
    }

    @SuppressWarnings("unchecked")
    private static <V> Val<V>[] newArray(int n) {
        return (Val<V>[]) new Val<?>[n];
    }

    private static <V> List<Val<V>> trees(QOp.Trees t, List<Val<V>> x, Fx<V> fx) {
        List<Val<V>> acc = new ArrayList<>();
        for (int k = 0; k < t.targets(); k++) {
            acc.add(fx.konst(t.base()[k]));
        }
        for (QOp.QTree tree : t.trees()) {
            Map<Integer, Val<V>> cond = new HashMap<>();
            for (int k = 0; k < t.targets(); k++) {
                Val<V> v = treeValue(tree, tree.root(), k, x, cond, fx);
                acc.set(k, fx.add(acc.get(k), v));
            }
        }
        return acc;
    }

    private static <V> Val<V> treeValue(QOp.QTree tree, int node, int target, List<Val<V>> x,
                                        Map<Integer, Val<V>> cond, Fx<V> fx) {
        if (tree.leaf()[node]) {
            long[] w = tree.weights()[node];
            return fx.konst(w.length > target ? w[target] : 0);
        }
        Val<V> c = cond.get(node);
        if (c == null) {
            // x <= threshold  <=>  x < threshold + 1 (integers)
            c = fx.less(x.get(tree.feature()[node]), fx.konst(tree.threshold()[node] + 1));
            if (tree.negate()[node]) {
                c = fx.lincomb(new long[]{-1}, List.of(c), 1);
            }
            cond.put(node, c);
        }
        Val<V> a = treeValue(tree, tree.ifTrue()[node], target, x, cond, fx);
        Val<V> b = treeValue(tree, tree.ifFalse()[node], target, x, cond, fx);
        return fx.select(c, a, b);
    }

    private static <V> void topK(QOp.TopK t, List<Val<V>> in, Map<String, List<Val<V>>> env, Fx<V> fx) {
        List<Val<V>> vals = new ArrayList<>();
        List<Val<V>> idxs = new ArrayList<>();
        int k = t.k();
        Val<V>[][] outV = new Val[t.groups().length][k];
        Val<V>[][] outI = new Val[t.groups().length][k];
        for (int gi = 0; gi < t.groups().length; gi++) {
            int[] g = t.groups()[gi];
            int n = g.length;
            List<Val<V>> rank = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                List<Val<V>> beats = new ArrayList<>();
                Val<V> xi = in.get(g[i]);
                for (int j = 0; j < n; j++) {
                    if (j == i) {
                        continue;
                    }
                    Val<V> xj = in.get(g[j]);
                    Val<V> a = t.largest() ? xj : xi;
                    Val<V> b = t.largest() ? xi : xj;
                    // j ranks before i: a > b, or a == b and j < i
                    beats.add(j < i ? fx.lincomb(new long[]{-1}, List.of(fx.less(a, b)), 1) : fx.less(b, a));
                }
                long[] ones = new long[beats.size()];
                java.util.Arrays.fill(ones, 1);
                Val<V> r = fx.lincomb(ones, beats, 0);
                rank.add(new Val<>(r.v(), Math.max(r.lo(), 0), Math.min(r.hi(), n - 1)));
            }
            for (int p = 0; p < k; p++) {
                List<Val<V>> terms = new ArrayList<>();
                List<Val<V>> iterms = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    Val<V> hit = fx.isZero(fx.lincomb(new long[]{1}, List.of(rank.get(i)), -p));
                    terms.add(fx.mul(hit, in.get(g[i])));
                    iterms.add(fx.scale(hit, i));
                }
                long[] ones = new long[n];
                java.util.Arrays.fill(ones, 1);
                // exactly one element has rank p (ranks are a permutation), so the sums pick it
                Val<V> v = fx.lincomb(ones, terms, 0);
                long lo = Long.MAX_VALUE;
                long hi = Long.MIN_VALUE;
                for (int i : g) {
                    lo = Math.min(lo, in.get(i).lo());
                    hi = Math.max(hi, in.get(i).hi());
                }
                outV[gi][p] = new Val<>(v.v(), Math.max(v.lo(), lo), Math.min(v.hi(), hi));
                Val<V> ix = fx.lincomb(ones, iterms, 0);
                outI[gi][p] = new Val<>(ix.v(), Math.max(ix.lo(), 0), Math.min(ix.hi(), n - 1));
            }
        }
        // groups are laid out (outer, k, inner) like the float TopK; the quantizer gives groups in that order
        int inner = t.groups().length == 0 ? 1 : t.groups().length;
        for (int p = 0; p < k; p++) {
            for (int gi = 0; gi < t.groups().length; gi++) {
                vals.add(null);
                idxs.add(null);
            }
        }
        int outer = 1;
        for (int gi = 0; gi < t.groups().length; gi++) {
            for (int p = 0; p < k; p++) {
                int pos = layoutIndex(t, gi, p, k);
                vals.set(pos, outV[gi][p]);
                idxs.set(pos, outI[gi][p]);
            }
        }
        env.put(t.values(), vals);
        env.put(t.indices(), idxs);
    }

    /** Groups are numbered (outer, inner); output element (outer, p, inner). */
    private static int layoutIndex(QOp.TopK t, int group, int p, int k) {
        int inner = t.groups().length > 0 && t.groups()[0].length > 1 ? t.groups()[0][1] - t.groups()[0][0] : 1;
        int o = group / inner;
        int in = group % inner;
        return (o * k + p) * inner + in;
    }
}
