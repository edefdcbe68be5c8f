package io.zkinfer.circuits.ir;

import io.zkinfer.circuits.field.Fr;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A circuit in IR v1 (docs/ir.md): an immutable, validated straight-line program over BN254 scalar-field wires.
 *
 * <p>Wire order: {@code publicInputs} are wires {@code 0..P-1}, {@code privateInputs} the next {@code S}, then each
 * op appends its results in op order. The constructor checks every rule that the binary decoder checks, so any
 * {@code Circuit} value can be encoded and proved.
 */
public record Circuit(String name, List<String> publicInputs, List<String> privateInputs, List<BigInteger> constants,
                      List<Table> tables, List<Op> ops, List<Output> outputs) {

    public static final int VERSION = 1;

    public Circuit {
        Objects.requireNonNull(name, "circuit name");
        publicInputs = List.copyOf(Objects.requireNonNull(publicInputs, "publicInputs"));
        privateInputs = List.copyOf(Objects.requireNonNull(privateInputs, "privateInputs"));
        constants = List.copyOf(Objects.requireNonNull(constants, "constants"));
        tables = List.copyOf(Objects.requireNonNull(tables, "tables"));
        ops = List.copyOf(Objects.requireNonNull(ops, "ops"));
        outputs = List.copyOf(Objects.requireNonNull(outputs, "outputs"));

        Set<String> names = new HashSet<>();
        for (String n : publicInputs) {
            checkName(names, n, "public input");
        }
        for (String n : privateInputs) {
            checkName(names, n, "private input");
        }
        for (int i = 0; i < constants.size(); i++) {
            Fr.requireCanonical(constants.get(i), "constant " + i);
        }
        Set<String> tableNames = new HashSet<>();
        for (Table t : tables) {
            if (!tableNames.add(t.name())) {
                throw new IllegalArgumentException("duplicate table name '" + t.name() + "'");
            }
        }
        int wires = publicInputs.size() + privateInputs.size();
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            try {
                checkReferences(op, wires, constants.size(), tables.size());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("op #" + i + " (" + op.mnemonic() + "): " + e.getMessage(), e);
            }
            wires += op.results();
        }
        for (Output o : outputs) {
            checkName(names, o.name(), "output");
            if (o.wire().index() >= wires) {
                throw new IllegalArgumentException("output '" + o.name() + "' names wire " + o.wire().index()
                        + " but the circuit has only " + wires + " wires");
            }
        }
    }

    private static void checkName(Set<String> names, String n, String what) {
        Objects.requireNonNull(n, what + " name");
        if (n.isEmpty()) {
            throw new IllegalArgumentException(what + " name must not be empty");
        }
        if (!names.add(n)) {
            throw new IllegalArgumentException(what + " name '" + n
                    + "' is already used (input and output names must be unique together)");
        }
    }

    /**
     * Checks that {@code op} only reads wires {@code < wireCount} and names existing constants and tables; throws
     * {@link IllegalArgumentException} with a message naming the operand otherwise.
     */
    static void checkReferences(Op op, int wireCount, int constantCount, int tableCount) {
        List<Wire> in = op.inputs();
        for (int k = 0; k < in.size(); k++) {
            if (in.get(k).index() >= wireCount) {
                throw new IllegalArgumentException("operand " + k + " reads wire " + in.get(k).index()
                        + " which does not exist yet (" + wireCount + " wires so far; no forward references)");
            }
        }
        switch (op) {
            case Op.Const c -> checkConstant(c.constant(), constantCount, "constant");
            case Op.LinComb l -> {
                for (int k = 0; k < l.terms().size(); k++) {
                    checkConstant(l.terms().get(k).coef(), constantCount, "coefficient " + k);
                }
                checkConstant(l.bias(), constantCount, "bias");
            }
            case Op.Lookup l -> {
                if (l.table() >= tableCount) {
                    throw new IllegalArgumentException("table index " + l.table() + " is out of range ("
                            + tableCount + " tables)");
                }
            }
            default -> { }
        }
    }

    private static void checkConstant(int index, int count, String what) {
        if (index >= count) {
            throw new IllegalArgumentException(what + " uses constant index " + index + " which is out of range ("
                    + count + " constants)");
        }
    }

    /** Total number of wires: inputs plus every op result. */
    public int wireCount() {
        int n = publicInputs.size() + privateInputs.size();
        for (Op op : ops) {
            n += op.results();
        }
        return n;
    }

    public int inputCount() {
        return publicInputs.size() + privateInputs.size();
    }

    /** The wire of the input called {@code name}, if any. */
    public Optional<Wire> input(String name) {
        int i = publicInputs.indexOf(name);
        if (i >= 0) {
            return Optional.of(new Wire(i));
        }
        i = privateInputs.indexOf(name);
        return i >= 0 ? Optional.of(new Wire(publicInputs.size() + i)) : Optional.empty();
    }

    /** The output called {@code name}, if any. */
    public Optional<Output> output(String name) {
        return outputs.stream().filter(o -> o.name().equals(name)).findFirst();
    }

    /** The binary encoding of docs/ir.md. */
    public byte[] encode() {
        return IrCodec.encode(this);
    }

    /** The circuit hash: lowercase hex SHA-256 of {@link #encode()}. */
    public String hash() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(encode()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
