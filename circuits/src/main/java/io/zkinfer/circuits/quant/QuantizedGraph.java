package io.zkinfer.circuits.quant;

import io.zkinfer.circuits.model.ElemType;
import java.util.List;
import java.util.Map;

/**
 * The integer program a circuit proves: fixed-point inputs (value = integer / 2^scale) with enforced integer bounds,
 * constant tensors, a list of {@link QOp}s and the outputs with their scales. {@code params} holds the quantized
 * private parameter tensors (empty when parameters are public circuit constants).
 */
public record QuantizedGraph(String name, List<Input> inputs, Map<String, long[]> constants, List<QOp> ops,
                             List<Output> outputs, Map<String, Integer> scales, Map<String, long[]> params) {

    public QuantizedGraph {
        inputs = List.copyOf(inputs);
        constants = Map.copyOf(constants);
        ops = List.copyOf(ops);
        outputs = List.copyOf(outputs);
        scales = Map.copyOf(scales);
        params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
    }

    /** The published bound {@code [min, max]} of a private parameter tensor (enforced in the circuit). */
    public static long[] paramBounds(long[] values) {
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        for (long v : values) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        return new long[]{lo, hi};
    }

    /**
     * A model input: float value x is quantized to {@code round(x·2^scale)}, which must lie in {@code [lo, hi]} (the
     * calibrated bounds, range-checked in the circuit).
     */
    public record Input(String name, int[] shape, ElemType type, int scale, long lo, long hi, Visibility visibility) {
        public Input {
            shape = shape.clone();
        }

        public int size() {
            int n = 1;
            for (int d : shape) {
                n *= d;
            }
            return n;
        }
    }

    public record Output(String name, int[] shape, ElemType type, int scale, Visibility visibility) {
        public Output {
            shape = shape.clone();
        }
    }

    public int scale(String tensor) {
        Integer s = scales.get(tensor);
        if (s == null) {
            throw new IllegalArgumentException("no tensor '" + tensor + "' in quantized graph " + name);
        }
        return s;
    }
}
