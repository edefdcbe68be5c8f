package io.zkinfer.circuits.ir;

import io.zkinfer.circuits.field.Fr;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Every wire value of one evaluation of a circuit (canonical field elements, IR wire order), as produced by
 * {@link CircuitEvaluator}. The proof's public values are {@code public inputs ‖ outputs}, its secret values the
 * private inputs (docs/ir.md, "Wires").
 */
public record Witness(Circuit circuit, List<BigInteger> wires) {

    public Witness {
        Objects.requireNonNull(circuit, "circuit");
        wires = List.copyOf(Objects.requireNonNull(wires, "wires"));
        if (wires.size() != circuit.wireCount()) {
            throw new IllegalArgumentException("witness has " + wires.size() + " values, circuit '" + circuit.name()
                    + "' has " + circuit.wireCount() + " wires");
        }
    }

    public BigInteger value(Wire w) {
        return wires.get(w.index());
    }

    public List<BigInteger> publicInputs() {
        return wires.subList(0, circuit.publicInputs().size());
    }

    public List<BigInteger> privateInputs() {
        int p = circuit.publicInputs().size();
        return wires.subList(p, p + circuit.privateInputs().size());
    }

    /** Output values by name, in declaration order (canonical field elements). */
    public Map<String, BigInteger> outputs() {
        Map<String, BigInteger> out = new LinkedHashMap<>();
        for (Output o : circuit.outputs()) {
            out.put(o.name(), value(o.wire()));
        }
        return Collections.unmodifiableMap(out);
    }

    /** Output values by name, read as signed integers. */
    public Map<String, BigInteger> signedOutputs() {
        Map<String, BigInteger> out = new LinkedHashMap<>();
        outputs().forEach((k, v) -> out.put(k, Fr.toSigned(v)));
        return Collections.unmodifiableMap(out);
    }

    /** The public values of the proof: public inputs, then outputs. */
    public List<BigInteger> publicValues() {
        List<BigInteger> out = new ArrayList<>(publicInputs());
        for (Output o : circuit.outputs()) {
            out.add(value(o.wire()));
        }
        return List.copyOf(out);
    }

    /** The secret values of the proof: the private inputs. */
    public List<BigInteger> privateValues() {
        return List.copyOf(privateInputs());
    }

    /** The full witness in gnark's binary layout (docs/native-abi.md): public values, then secret values. */
    public byte[] toGnarkBinary() {
        return gnarkBinary(publicValues(), privateValues());
    }

    /** The public witness in gnark's binary layout ({@code nbSecret = 0}). */
    public byte[] publicToGnarkBinary() {
        return gnarkBinary(publicValues(), List.of());
    }

    private static byte[] gnarkBinary(List<BigInteger> pub, List<BigInteger> secret) {
        int n = pub.size() + secret.size();
        ByteBuffer buf = ByteBuffer.allocate(12 + n * Fr.BYTES); // big-endian by default
        buf.putInt(pub.size()).putInt(secret.size()).putInt(n);
        pub.forEach(v -> buf.put(Fr.toBytes32(v)));
        secret.forEach(v -> buf.put(Fr.toBytes32(v)));
        return buf.array();
    }
}
