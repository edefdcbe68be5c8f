package io.zkinfer.circuits.quant;

/**
 * A quantized integer value with its tracked interval {@code [lo, hi]}. A constant has {@code v == null} and
 * {@code lo == hi}. Intervals are sound: inputs are range-checked and every op's interval follows from its inputs'.
 */
public record Val<V>(V v, long lo, long hi) {

    public static <V> Val<V> of(long c) {
        return new Val<>(null, c, c);
    }

    public boolean isConst() {
        return v == null;
    }

    public long constValue() {
        if (v != null) {
            throw new IllegalStateException("not a constant");
        }
        return lo;
    }
}
