package io.zkinfer.circuits.quant;

/**
 * Fixed-point parameters: activations and inputs are integers at scale 2^{@code scale}, weights at
 * 2^{@code paramScale} (rescaled back after each product); lookup tables have at most 2^{@code lookupBits} entries
 * (wider inputs are clamped where the function saturates, then shifted down). {@code privateParams}: weights and
 * biases of Gemm/MatMul/Conv/ConvTranspose/Add become private inputs instead of circuit constants.
 */
public record QuantSettings(int scale, int paramScale, int lookupBits, boolean privateParams) {

    public QuantSettings {
        if (scale < 0 || scale > 24 || paramScale < 0 || paramScale > 24) {
            throw new IllegalArgumentException("scales must be in [0, 24], got scale " + scale + ", paramScale "
                    + paramScale);
        }
        if (lookupBits < 4 || lookupBits > 24) {
            throw new IllegalArgumentException("lookupBits must be in [4, 24], got " + lookupBits);
        }
    }

    public QuantSettings(int scale, int paramScale, int lookupBits) {
        this(scale, paramScale, lookupBits, false);
    }

    public static QuantSettings defaults() {
        return new QuantSettings(8, 8, 16, false);
    }
}
