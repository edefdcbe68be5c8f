package io.zkinfer.circuits.ir;

import java.util.Objects;

/** A named public output: an extra public variable of the proof, constrained equal to {@code wire}. */
public record Output(String name, Wire wire) {

    public Output {
        Objects.requireNonNull(name, "output name");
        Objects.requireNonNull(wire, "output wire");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("output name must not be empty");
        }
    }
}
