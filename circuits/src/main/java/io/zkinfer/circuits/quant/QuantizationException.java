package io.zkinfer.circuits.quant;

import io.zkinfer.circuits.model.ModelException;

/** Quantization cannot represent the model (overflow, out-of-bound input, unsupported numeric case). */
public class QuantizationException extends ModelException {

    public QuantizationException(String message) {
        super(message);
    }
}
