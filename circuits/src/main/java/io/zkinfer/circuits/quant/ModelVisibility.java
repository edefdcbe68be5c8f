package io.zkinfer.circuits.quant;

/** Visibility of the model's inputs, parameters and outputs (EZKL-style: one setting each). */
public record ModelVisibility(Visibility input, Visibility params, Visibility output) {

    public static ModelVisibility defaults() {
        return new ModelVisibility(Visibility.PRIVATE, Visibility.PUBLIC, Visibility.PUBLIC);
    }
}
