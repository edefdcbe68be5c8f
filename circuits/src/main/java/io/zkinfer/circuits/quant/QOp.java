package io.zkinfer.circuits.quant;

import java.util.List;

/**
 * One integer operation of a {@link QuantizedGraph}. All data is static (known at compile time); element indices are
 * flat row-major. {@code node} names the ONNX node the op came from (for error messages and reports).
 */
public sealed interface QOp {

    String node();

    /** Tensors this op defines. */
    List<String> outputs();

    /** Element copies: {@code out[i] = ins[srcInput[i]][srcIndex[i]]} (no constraint). */
    record Move(String node, String out, List<String> ins, int[] srcInput, int[] srcIndex) implements QOp {
        public List<String> outputs() {
            return List.of(out);
        }
    }

    /**
     * {@code out[i] = floor((Σ_k coef[k]·ins[srcInput[k]][srcIndex[k]] + bias[i]) / 2^shift)} for k in
     * {@code [rowStart[i], rowStart[i+1])}: dense/conv layers with public weights are one lincomb (no multiplication
     * constraint) and one rescale per output.
     */
    record Affine(String node, String out, List<String> ins, int[] rowStart, int[] srcInput, int[] srcIndex,
                  long[] coef, long[] bias, int shift) implements QOp {
        public List<String> outputs() {
            return List.of(out);
        }
    }

    /**
     * An affine layer with private parameters: term k multiplies {@code in[srcIndex[k]]} by parameter element
     * {@code weights[weightRef[k]]} (one multiplication constraint) or, when {@code weightRef[k] < 0}, by the public
     * {@code coef[k]}; row i adds {@code bias[biasRef[i]]} or, when {@code biasRef[i] < 0}, the public
     * {@code constBias[i]}; then rescales by {@code shift}. Weight sharing (convolutions) is by reference, so a
     * prover cannot use different weights at different positions.
     */
    record PrivateAffine(String node, String out, String in, int[] rowStart, int[] srcIndex, int[] weightRef,
                         long[] coef, String weights, int[] biasRef, String bias, long[] constBias, int shift)
            implements QOp {
        public List<String> outputs() {
            return List.of(out);
        }
    }

    /** {@code out[i] = table[clamp(floor(in[i] / 2^preShift), clampLo, clampHi)]}. */
    record Lookup(String node, String out, String in, LookupTable table, int preShift, long clampLo, long clampHi)
            implements QOp {
        public List<String> outputs() {
            return List.of(out);
        }
    }

    /** {@code out = floor((2^shift·relu(x) + alpha[i]·(x - relu(x))) / 2^shift)}: Relu (alpha 0), LeakyRelu, PRelu. */
    record Relu(String node, String out, String in, long[] alpha, int shift) implements QOp {
        public List<String> outputs() {
            return List.of(out);
        }
    }

    /**
     * {@code out = in}, with {@code lo <= in <= hi} enforced in-circuit (two range checks per element): narrows a
     * worst-case interval to the range observed in calibration plus a margin, so later layers get tight bounds.
     * Sound because checked; the executor refuses an input that leaves the range, naming the layer.
     */
    record Enforce(String node, String out, String in, long lo, long hi, int scale) implements QOp {
        public List<String> outputs() {
            return List.of(out);
        }
    }

    /** {@code min(max(x, lo), hi)} with bounds at the input's scale (Long.MIN/MAX_VALUE when absent). */
    record Clip(String node, String out, String in, long lo, long hi) implements QOp {
        public List<String> outputs() {
            return List.of(out);
        }
    }

    enum BinaryKind { MUL, DIV, MAX, MIN, LESS, LESS_EQ, GREATER, GREATER_EQ, EQUAL, AND, OR, XOR }

    /**
     * Element-wise binary op on {@code a[ia[i]]·fa} and {@code b[ib[i]]·fb} (scale alignment factors). MUL rescales the
     * product by {@code shift}; DIV computes {@code floor(a·2^shift / b)}.
     */
    record Binary(String node, String out, BinaryKind kind, String a, String b, int[] ia, int[] ib, long fa, long fb,
                  int shift) implements QOp {
        public List<String> outputs() {
            return List.of(out);
        }
    }

    /** {@code 1 - x} for a boolean x. */
    record Not(String node, String out, String in) implements QOp {
        public List<String> outputs() {
            return List.of(out);
        }
    }

    /** {@code c[ic[i]] ? a[ia[i]]·fa : b[ib[i]]·fb}. */
    record Where(String node, String out, String c, String a, String b, int[] ic, int[] ia, int[] ib, long fa,
                 long fb) implements QOp {
        public List<String> outputs() {
            return List.of(out);
        }
    }

    enum WindowKind { MAX, MIN, ARGMAX, ARGMIN }

    /** Per output element, max/min (or its position) over a window of input elements, in window order. */
    record Window(String node, String out, String in, int[][] windows, WindowKind kind, boolean lastIndex)
            implements QOp {
        public List<String> outputs() {
            return List.of(out);
        }
    }

    /**
     * Softmax over groups: {@code e = exp(x - max(group))} by table, {@code out = floor(e·2^outScale / Σ e)} with the
     * division as checked advice.
     */
    record Softmax(String node, String out, String in, int[][] groups, LookupTable exp, int preShift, long clampLo,
                   int outShift)
            implements QOp {
        public List<String> outputs() {
            return List.of(out);
        }
    }

    enum RoundKind { FLOOR, CEIL, ROUND }

    /** Floor/Ceil/Round of a fixed-point value at scale {@code scale} (result at the same scale). */
    record Rounding(String node, String out, String in, RoundKind kind, int scale) implements QOp {
        public List<String> outputs() {
            return List.of(out);
        }
    }

    /** A constant table indexed by a dynamic integer: {@code out[i] = table[idx[i]]} (Gather of constant data). */
    record TableGather(String node, String out, String idx, LookupTable table) implements QOp {
        public List<String> outputs() {
            return List.of(out);
        }
    }

    /**
     * Tree ensemble: per tree a select chain from the leaves up; branch conditions {@code x[feature] <= threshold} as
     * integer comparisons. {@code scores[t]} sums leaf weights (at the scores' scale) plus base.
     */
    record Trees(String node, String out, String in, List<QTree> trees, int targets, long[] base) implements QOp {
        public List<String> outputs() {
            return List.of(out);
        }
    }

    /**
     * A quantized tree: internal node k tests {@code x[feature[k]] <= threshold[k]} (true branch), or its negation
     * when {@code negate[k]}; leaves carry per-target weights.
     */
    record QTree(int root, boolean[] leaf, int[] feature, long[] threshold, boolean[] negate, int[] ifTrue,
                 int[] ifFalse, long[][] weights) {
    }

    /** Binary-classifier label: {@code out = x > threshold ? labelHi : labelLo} on element 0 of each row. */
    record Threshold(String node, String out, String in, long threshold, long labelLo, long labelHi) implements QOp {
        public List<String> outputs() {
            return List.of(out);
        }
    }

    /** Bilinear product of two dynamic tensors: {@code out[i] = floor(Σ_k a[ia[k]]·b[ib[k]] / 2^shift)} (MatMul). */
    record Bilinear(String node, String out, String a, String b, int[] rowStart, int[] ia, int[] ib, int shift)
            implements QOp {
        public List<String> outputs() {
            return List.of(out);
        }
    }

    /**
     * Gather with data-dependent indices: {@code out[i] = Σ_j [idx[idxOf[i]] = jlo + j]·data[src[j][i]]}, the index
     * being range-checked to {@code [jlo, jlo + src.length)} first (so exactly one term is selected).
     */
    record DynGather(String node, String out, String data, String idx, int[] idxOf, int jlo, int[][] src)
            implements QOp {
        public List<String> outputs() {
            return List.of(out);
        }
    }

    /** TopK along groups: values (at the input's scale) and indices, by rank counting. */
    record TopK(String node, String values, String indices, String in, int[][] groups, int k, boolean largest)
            implements QOp {
        public List<String> outputs() {
            return List.of(values, indices);
        }
    }
}
