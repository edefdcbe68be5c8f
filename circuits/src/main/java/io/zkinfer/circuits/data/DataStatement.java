package io.zkinfer.circuits.data;

import io.zkinfer.circuits.ir.Circuit;
import io.zkinfer.circuits.ir.CircuitEvaluator;
import io.zkinfer.circuits.ir.Witness;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A data-property circuit together with the values of all its inputs (public and private) by name: what the prover
 * needs. The circuit depends only on public parameters (schema, policy, row count, bounds), so a verifier rebuilds it
 * (and its hash) without the data.
 */
public record DataStatement(Circuit circuit, Map<String, BigInteger> inputs) {

    public DataStatement {
        Objects.requireNonNull(circuit, "circuit");
        inputs = Map.copyOf(Objects.requireNonNull(inputs, "inputs"));
    }

    /** Evaluates the circuit; throws {@link io.zkinfer.circuits.ir.UnsatisfiedCircuitException} if it cannot hold. */
    public Witness witness() {
        return CircuitEvaluator.evaluate(circuit, inputs);
    }

    /** The public values of a proof of this statement: public inputs, then outputs. */
    public List<BigInteger> publicValues() {
        return witness().publicValues();
    }

    /** The same circuit with one input set (added if absent). */
    public DataStatement withAll(String input, BigInteger value) {
        Map<String, BigInteger> m = new java.util.HashMap<>(inputs);
        m.put(input, value);
        return new DataStatement(circuit, m);
    }

    /** The same circuit with one existing input replaced (for tests and tampering checks). */
    public DataStatement with(String input, BigInteger value) {
        if (!inputs.containsKey(input)) {
            throw new IllegalArgumentException("no input '" + input + "' in " + circuit.name());
        }
        Map<String, BigInteger> m = new java.util.HashMap<>(inputs);
        m.put(input, value);
        return new DataStatement(circuit, m);
    }
}
