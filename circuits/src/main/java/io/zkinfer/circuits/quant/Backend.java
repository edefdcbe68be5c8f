package io.zkinfer.circuits.quant;

import java.util.List;

/**
 * The integer primitives the quantized kernels are written against. Two implementations make the single source of
 * truth: {@link LongBackend} computes values (the QuantizedGraph executor), {@link CircuitBackend} emits IR ops with
 * exactly those semantics (docs/ir.md). Bits are always derived from tracked intervals by {@link Fx}.
 *
 * @param <V> a value: a {@code Long} or a circuit {@code Wire}
 */
public interface Backend<V> {

    V constant(long c);

    /** {@code Σ coefs[i]·xs[i] + bias}. */
    V lincomb(long[] coefs, List<V> xs, long bias);

    V mul(V a, V b);

    /** {@code floor(a / 2^shift)}, {@code a ∈ [-2^(bits-1), 2^(bits-1))}. */
    V rescale(V a, int shift, int bits);

    /** {@code a < b ? 1 : 0}, {@code a - b ∈ [-2^bits, 2^bits)}. */
    V less(V a, V b, int bits);

    V max(V a, V b, int bits);

    /** {@code max(a, 0)}, {@code a ∈ [-2^bits, 2^bits)}. */
    V relu(V a, int bits);

    V select(V cond, V a, V b);

    V isZero(V a);

    /** Asserts {@code 0 <= a < 2^bits}. */
    void rangeCheck(V a, int bits);

    void assertEqual(V a, V b);

    V lookup(LookupTable table, V a);

    /**
     * Quotient and remainder of {@code floor(a / d)} as prover-supplied advice (private inputs named {@code name_q},
     * {@code name_r}); they are unconstrained here: {@link Fx#divFloor} adds the constraints.
     */
    List<V> divAdvice(String name, V a, V d);
}
