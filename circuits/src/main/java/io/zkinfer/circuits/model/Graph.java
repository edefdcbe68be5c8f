package io.zkinfer.circuits.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A float model graph after import: inputs with static shapes, constants (initializers and folded subgraphs), nodes in
 * topological order whose outputs depend on a model input, and the static shape and type of every tensor.
 *
 * @param opset   the default-domain opset version
 * @param shapes  static shape of every tensor the nodes produce and of every input
 */
public record Graph(String name, List<ValueInfo> inputs, List<ValueInfo> outputs, Map<String, Tensor> constants,
                    List<Node> nodes, Map<String, int[]> shapes, Map<String, ElemType> types, int opset) {

    public Graph {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        constants = Map.copyOf(constants);
        nodes = List.copyOf(nodes);
        Map<String, int[]> s = new HashMap<>();
        shapes.forEach((k, v) -> s.put(k, v.clone()));
        shapes = Map.copyOf(s);
        types = Map.copyOf(types);
    }

    public int[] shape(String tensor) {
        int[] s = shapes.get(tensor);
        if (s == null) {
            Tensor c = constants.get(tensor);
            if (c != null) {
                return c.shape();
            }
            throw new ModelException("no tensor named '" + tensor + "' in graph " + name);
        }
        return s.clone();
    }

    public ElemType type(String tensor) {
        Tensor c = constants.get(tensor);
        if (c != null) {
            return c.type();
        }
        ElemType t = types.get(tensor);
        return t == null ? ElemType.FLOAT : t;
    }

    public boolean isConstant(String tensor) {
        return constants.containsKey(tensor);
    }

    /**
     * Builds a graph from raw import results: folds every node whose inputs are all constant (and Shape of a static
     * shape) into constants, then infers static shapes by running the float executor on zero inputs.
     */
    public static Graph of(String name, List<ValueInfo> inputs, List<String> outputNames, Map<String, Tensor> constants,
                           List<Node> nodes, int opset) {
        Map<String, Tensor> consts = new LinkedHashMap<>(constants);
        List<Node> ordered = topoSort(nodes, inputs, consts.keySet());
        // Shape inference and folding in one pass over zeros: constant-only nodes become constants.
        FloatExecutor exec = new FloatExecutor(opset);
        Map<String, Tensor> env = new HashMap<>(consts);
        Set<String> dynamic = new HashSet<>();
        for (ValueInfo in : inputs) {
            env.put(in.name(), new Tensor(in.shape(), new double[Shapes.size(in.shape())], in.type()));
            dynamic.add(in.name());
        }
        List<Node> kept = new ArrayList<>();
        java.util.ArrayDeque<Node> work = new java.util.ArrayDeque<>(ordered);
        while (!work.isEmpty()) {
            Node n = work.poll();
            if (Recurrent.isRecurrent(n)) {
                for (String i : n.inputs()) {
                    if (!i.isEmpty() && !env.containsKey(i)) {
                        throw new ModelException("node " + n.name() + " (" + n.opType() + ") reads '" + i
                                + "' which no node, input or initializer defines");
                    }
                }
                List<Node> unrolled = Recurrent.expand(n, env, consts);
                for (int k = unrolled.size() - 1; k >= 0; k--) {
                    work.push(unrolled.get(k));
                }
                continue;
            }
            List<Tensor> args = new ArrayList<>();
            boolean dyn = false;
            for (String i : n.inputs()) {
                if (i.isEmpty()) {
                    args.add(null);
                    continue;
                }
                Tensor t = env.get(i);
                if (t == null) {
                    throw new ModelException("node " + n.name() + " (" + n.opType() + ") reads '" + i
                            + "' which no node, input or initializer defines");
                }
                args.add(t);
                dyn |= dynamic.contains(i);
            }
            // Shape depends only on the (static) shape: fold it even on a dynamic input.
            boolean staticOp = n.opType().equals("Shape") || n.opType().equals("Size");
            List<Tensor> outs = exec.apply(n, args);
            for (int k = 0; k < n.outputs().size() && k < outs.size(); k++) {
                String o = n.outputs().get(k);
                if (o.isEmpty()) {
                    continue;
                }
                env.put(o, outs.get(k));
                if (dyn && !staticOp) {
                    dynamic.add(o);
                } else {
                    consts.put(o, outs.get(k));
                }
            }
            if (dyn && !staticOp) {
                kept.add(n);
            }
        }
        Map<String, int[]> shapes = new HashMap<>();
        Map<String, ElemType> types = new HashMap<>();
        for (String d : dynamic) {
            shapes.put(d, env.get(d).shape());
            types.put(d, env.get(d).type());
        }
        List<ValueInfo> outs = new ArrayList<>();
        for (String o : outputNames) {
            Tensor t = env.get(o);
            if (t == null) {
                throw new ModelException("graph output '" + o + "' is not produced by any node");
            }
            outs.add(new ValueInfo(o, t.shape(), t.type()));
        }
        // Keep only constants that a kept node or an output reads.
        Set<String> used = new HashSet<>(outputNames);
        kept.forEach(n -> used.addAll(n.inputs()));
        Map<String, Tensor> usedConsts = new LinkedHashMap<>();
        consts.forEach((k, v) -> {
            if (used.contains(k)) {
                usedConsts.put(k, v);
            }
        });
        return new Graph(name, inputs, outs, usedConsts, kept, shapes, types, opset);
    }

    private static List<Node> topoSort(List<Node> nodes, List<ValueInfo> inputs, Set<String> constants) {
        Set<String> avail = new HashSet<>(constants);
        inputs.forEach(i -> avail.add(i.name()));
        avail.add("");
        List<Node> out = new ArrayList<>();
        List<Node> pending = new ArrayList<>(nodes);
        while (!pending.isEmpty()) {
            boolean progress = false;
            for (var it = pending.iterator(); it.hasNext(); ) {
                Node n = it.next();
                if (avail.containsAll(n.inputs())) {
                    out.add(n);
                    avail.addAll(n.outputs());
                    it.remove();
                    progress = true;
                }
            }
            if (!progress) {
                Node n = pending.get(0);
                List<String> missing = n.inputs().stream().filter(i -> !avail.contains(i)).toList();
                throw new ModelException("graph has a cycle or reads undefined tensors: node " + n.name() + " ("
                        + n.opType() + ") needs " + missing);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "Graph " + name + " inputs=" + inputs + " outputs=" + outputs + " nodes=" + nodes.size()
                + " constants=" + constants.size() + " shapes=" + Arrays.toString(new int[0]);
    }
}
