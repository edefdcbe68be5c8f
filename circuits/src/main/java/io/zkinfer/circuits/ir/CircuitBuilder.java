package io.zkinfer.circuits.ir;

import io.zkinfer.circuits.field.Fr;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Builds a {@link Circuit} with a checked, friendly API. Not thread-safe.
 *
 * <p>Inputs may be declared in any order, interleaved with ops. The {@link Wire}s this builder returns are
 * <em>builder handles</em>; {@link #build()} renumbers them into the IR order (public inputs in declaration order,
 * then private inputs in declaration order, then op results in op order). Address values of the built circuit by
 * input and output names, not by builder handles.
 *
 * <p>Every method checks its arguments at once (bit limits, shift &lt; bits, unknown wires, duplicate names) and
 * names the op in its message.
 */
public final class CircuitBuilder {

    /** A table declared with {@link #table}; pass it to {@link #lookup}. */
    public record TableRef(int index, String name, long minKey, int size) {
    }

    /** Result of {@link #argmax}: the index of the (first) largest value, and that value. */
    public record ArgMax(Wire index, Wire value) {
    }

    private enum Kind { PUBLIC, PRIVATE, RESULT }

    private final String name;
    private final List<Kind> kinds = new ArrayList<>();        // by builder handle
    private final List<String> publicNames = new ArrayList<>();
    private final List<String> privateNames = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private final List<BigInteger> constants = new ArrayList<>();
    private final Map<BigInteger, Integer> constantIndex = new HashMap<>();
    private final Map<BigInteger, Wire> constantWires = new HashMap<>();
    private final List<Table> tables = new ArrayList<>();
    private final List<Op> ops = new ArrayList<>();             // with builder handles
    private final List<Wire> opResults = new ArrayList<>();     // by op: the wire it created, or null
    private final Map<String, Wire> outputs = new LinkedHashMap<>();

    public CircuitBuilder(String name) {
        this.name = Objects.requireNonNull(name, "circuit name");
    }

    // ---- inputs and constants

    public Wire publicInput(String inputName) {
        claimName(inputName, "public input");
        publicNames.add(inputName);
        return newWire(Kind.PUBLIC);
    }

    public Wire privateInput(String inputName) {
        claimName(inputName, "private input");
        privateNames.add(inputName);
        return newWire(Kind.PRIVATE);
    }

    /** {@code count} public inputs named {@code prefix[0]}, {@code prefix[1]}, ... */
    public List<Wire> publicInputs(String prefix, int count) {
        return inputs(prefix, count, true);
    }

    /** {@code count} private inputs named {@code prefix[0]}, {@code prefix[1]}, ... */
    public List<Wire> privateInputs(String prefix, int count) {
        return inputs(prefix, count, false);
    }

    private List<Wire> inputs(String prefix, int count, boolean pub) {
        if (count < 0) {
            throw new IllegalArgumentException("input count must be >= 0, got " + count);
        }
        List<Wire> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String n = prefix + "[" + i + "]";
            out.add(pub ? publicInput(n) : privateInput(n));
        }
        return List.copyOf(out);
    }

    /** A constant wire (one {@code const} op per distinct value). Negative values are embedded as {@code r - |v|}. */
    public Wire constant(BigInteger value) {
        BigInteger v = toField(value, "constant");
        Wire w = constantWires.get(v);
        if (w == null) {
            w = emit(new Op.Const(constantIndex(v)));
            constantWires.put(v, w);
        }
        return w;
    }

    public Wire constant(long value) {
        return constant(BigInteger.valueOf(value));
    }

    private int constantIndex(BigInteger canonical) {
        return constantIndex.computeIfAbsent(canonical, v -> {
            constants.add(v);
            return constants.size() - 1;
        });
    }

    private static BigInteger toField(BigInteger value, String what) {
        Objects.requireNonNull(value, what);
        return value.signum() < 0 ? Fr.fromSigned(value) : Fr.requireCanonical(value, what);
    }

    // ---- arithmetic

    public Wire add(Wire a, Wire b) {
        return emit(new Op.Add(a, b));
    }

    public Wire sub(Wire a, Wire b) {
        return emit(new Op.Sub(a, b));
    }

    public Wire mul(Wire a, Wire b) {
        return emit(new Op.Mul(a, b));
    }

    /** {@code Σ coefs[i]·wires[i] + bias} with constant (signed allowed) coefficients: no multiplication constraint. */
    public Wire linearCombination(List<BigInteger> coefs, List<Wire> wires, BigInteger bias) {
        Objects.requireNonNull(coefs, "lincomb: coefs");
        Objects.requireNonNull(wires, "lincomb: wires");
        if (coefs.size() != wires.size()) {
            throw new IllegalArgumentException("lincomb: " + coefs.size() + " coefficients for " + wires.size()
                    + " wires");
        }
        List<Op.Term> terms = new ArrayList<>(coefs.size());
        for (int i = 0; i < coefs.size(); i++) {
            terms.add(new Op.Term(constantIndex(toField(coefs.get(i), "lincomb: coefficient " + i)), wires.get(i)));
        }
        return emit(new Op.LinComb(terms, constantIndex(toField(bias, "lincomb: bias"))));
    }

    public Wire linearCombination(long[] coefs, List<Wire> wires, long bias) {
        return linearCombination(Arrays.stream(coefs).mapToObj(BigInteger::valueOf).toList(), wires,
                BigInteger.valueOf(bias));
    }

    /** The sum of {@code wires} (a {@code lincomb} with coefficients 1). */
    public Wire sum(List<Wire> wires) {
        return linearCombination(wires.stream().map(w -> BigInteger.ONE).toList(), wires, BigInteger.ZERO);
    }

    // ---- assertions and selection

    public void assertEqual(Wire a, Wire b) {
        emit(new Op.AssertEq(a, b));
    }

    public void assertBoolean(Wire a) {
        emit(new Op.AssertBool(a));
    }

    /** {@code cond ? a : b}; {@code cond} is asserted boolean. */
    public Wire select(Wire cond, Wire a, Wire b) {
        return emit(new Op.Select(cond, a, b));
    }

    public Wire isZero(Wire a) {
        return emit(new Op.IsZero(a));
    }

    // ---- bounded ops

    /** Asserts {@code 0 <= a < 2^bits}. */
    public void rangeCheck(Wire a, int bits) {
        emit(new Op.RangeCheck(a, bits));
    }

    /** {@code floor(a / 2^shift)} for signed {@code a} in {@code [-2^(bits-1), 2^(bits-1))} (checked). */
    public Wire rescale(Wire a, int shift, int bits) {
        return emit(new Op.Rescale(a, shift, bits));
    }

    /** 1 if {@code a < b} else 0, for {@code a - b} in {@code [-2^bits, 2^bits)} (checked). */
    public Wire less(Wire a, Wire b, int bits) {
        return emit(new Op.Less(a, b, bits));
    }

    /** {@code max(a, b)} for {@code a - b} in {@code [-2^bits, 2^bits)} (checked). */
    public Wire max(Wire a, Wire b, int bits) {
        return emit(new Op.Max(a, b, bits));
    }

    /** {@code min(a, b)} for {@code a - b} in {@code [-2^bits, 2^bits)}: a {@code less} and a {@code select}. */
    public Wire min(Wire a, Wire b, int bits) {
        Wire aLess = less(a, b, bits);
        return select(aLess, a, b);
    }

    /** {@code max(a, 0)} for {@code a} in {@code [-2^bits, 2^bits)} (checked). */
    public Wire relu(Wire a, int bits) {
        return emit(new Op.Relu(a, bits));
    }

    /**
     * The index (as a field value) and value of the first largest of {@code values}; every difference between a
     * running maximum and the next value must lie in {@code [-2^bits, 2^bits)} (checked).
     */
    public ArgMax argmax(List<Wire> values, int bits) {
        Objects.requireNonNull(values, "argmax: values");
        if (values.isEmpty()) {
            throw new IllegalArgumentException("argmax: needs at least one value");
        }
        Wire best = check(values.get(0), "argmax");
        Wire index = constant(0);
        for (int i = 1; i < values.size(); i++) {
            Wire v = values.get(i);
            Wire greater = less(best, v, bits); // strictly greater replaces: ties keep the first index
            best = select(greater, v, best);
            index = select(greater, constant(i), index);
        }
        return new ArgMax(index, best);
    }

    // ---- tables, hashes, composites

    /** Declares a lookup table: {@code lookup(t, a) = values[a - minKey]}; values may be signed. */
    public TableRef table(String tableName, long minKey, List<BigInteger> values) {
        Objects.requireNonNull(tableName, "table name");
        Objects.requireNonNull(values, "table values");
        for (Table t : tables) {
            if (t.name().equals(tableName)) {
                throw new IllegalArgumentException("table '" + tableName + "' is already declared");
            }
        }
        List<BigInteger> vs = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            vs.add(toField(values.get(i), "table '" + tableName + "' value " + i));
        }
        if (minKey > 0 && minKey > Long.MAX_VALUE - vs.size()) {
            throw new IllegalArgumentException("table '" + tableName + "': minKey + size overflows a 64-bit key");
        }
        Table t = new Table(tableName, minKey, vs);
        tables.add(t);
        return new TableRef(tables.size() - 1, tableName, minKey, vs.size());
    }

    public Wire lookup(TableRef table, Wire a) {
        Objects.requireNonNull(table, "lookup: table");
        if (table.index() >= tables.size() || !tables.get(table.index()).name().equals(table.name())) {
            throw new IllegalArgumentException("lookup: table '" + table.name() + "' was not declared by this builder");
        }
        return emit(new Op.Lookup(table.index(), a));
    }

    public Wire poseidon2(Wire... inputs) {
        return poseidon2(List.of(inputs));
    }

    /** Poseidon2 (Merkle–Damgård, gnark std/hash/poseidon2) of {@code inputs} in order. */
    public Wire poseidon2(List<Wire> inputs) {
        return emit(new Op.Poseidon2(inputs));
    }

    /** A commitment {@code poseidon2(salt, wires...)}; the salt must be random and private to hide low-entropy data. */
    public Wire commit(Wire salt, List<Wire> wires) {
        List<Wire> in = new ArrayList<>(wires.size() + 1);
        in.add(salt);
        in.addAll(wires);
        return poseidon2(in);
    }

    public Wire commit(Wire salt, Wire... wires) {
        return commit(salt, List.of(wires));
    }

    /**
     * The Merkle root of a path: level {@code i} hashes {@code poseidon2(left, right)} where the current node is the
     * right child if {@code indexBits[i] = 1} (bit 0 is the leaf level). Each bit is asserted boolean by the
     * {@code select}s that place the nodes.
     */
    public Wire merkleRoot(Wire leaf, List<Wire> indexBits, List<Wire> siblings) {
        Objects.requireNonNull(indexBits, "merkleRoot: indexBits");
        Objects.requireNonNull(siblings, "merkleRoot: siblings");
        if (indexBits.size() != siblings.size()) {
            throw new IllegalArgumentException("merkleRoot: " + indexBits.size() + " index bits for "
                    + siblings.size() + " siblings (one bit per level)");
        }
        Wire node = check(leaf, "merkleRoot");
        for (int i = 0; i < siblings.size(); i++) {
            Wire bit = indexBits.get(i);
            Wire left = select(bit, siblings.get(i), node);
            Wire right = select(bit, node, siblings.get(i));
            node = poseidon2(left, right);
        }
        return node;
    }

    /**
     * Asserts that {@code (rX, rY, s)} is an EdDSA signature of {@code msg} by public key {@code (pkX, pkY)}
     * ({@link io.zkinfer.circuits.data.sign.EdDsa}; about 7,000 R1CS constraints).
     */
    public void eddsaVerify(Wire pkX, Wire pkY, Wire rX, Wire rY, Wire s, Wire msg) {
        emit(new Op.EddsaVerify(pkX, pkY, rX, rY, s, msg));
    }

    // ---- outputs and build

    /** Declares a public output {@code outputName} equal to {@code wire}. */
    public void output(String outputName, Wire wire) {
        check(wire, "output '" + outputName + "'");
        claimName(outputName, "output");
        outputs.put(outputName, wire);
    }

    /**
     * The circuit so far, validated, with wires renumbered into IR order. The builder stays usable.
     *
     * @throws IllegalArgumentException if a public input reaches no constraint (see {@link #unboundPublicInputs()})
     */
    public Circuit build() {
        List<String> unbound = unboundPublicInputs();
        if (!unbound.isEmpty()) {
            throw new IllegalArgumentException("circuit '" + name + "': public input" + (unbound.size() > 1 ? "s " : " ")
                    + String.join(", ", unbound.stream().map(n -> "'" + n + "'").toList())
                    + " reach" + (unbound.size() > 1 ? "" : "es") + " no constraint and no output, so a proof would"
                    + " not bind " + (unbound.size() > 1 ? "their values" : "its value")
                    + " (any value would verify): use it in an assertion or an output, or drop it");
        }
        int[] map = new int[kinds.size()];
        int pub = 0;
        int priv = publicNames.size();
        int res = publicNames.size() + privateNames.size();
        for (int h = 0; h < kinds.size(); h++) {
            map[h] = switch (kinds.get(h)) {
                case PUBLIC -> pub++;
                case PRIVATE -> priv++;
                case RESULT -> res++;
            };
        }
        List<Op> renumbered = ops.stream().map(op -> op.mapWires(w -> new Wire(map[w.index()]))).toList();
        List<Output> outs = outputs.entrySet().stream()
                .map(e -> new Output(e.getKey(), new Wire(map[e.getValue().index()]))).toList();
        return new Circuit(name, publicNames, privateNames, constants, tables, renumbered, outs);
    }

    /**
     * The public inputs whose value no constraint depends on. gnark emits no constraint for add, sub, lincomb and a
     * product by a constant: a value that flows only through those into nothing else is not bound by the proof. Every
     * other op, and every output (asserted equal to its public wire), binds its operands. One backward pass: ops only
     * read wires made before them. The native compiler checks the compiled constraint system too; this says it early,
     * by name.
     */
    List<String> unboundPublicInputs() {
        boolean[] bound = new boolean[kinds.size()];
        boolean[] constant = new boolean[kinds.size()];
        for (int i = 0; i < ops.size(); i++) {
            if (ops.get(i) instanceof Op.Const) {
                constant[opResults.get(i).index()] = true;
            }
        }
        for (Wire w : outputs.values()) {
            bound[w.index()] = true;
        }
        for (int i = ops.size() - 1; i >= 0; i--) {
            Op op = ops.get(i);
            Wire result = opResults.get(i);
            if (!isLinear(op, constant) || (result != null && bound[result.index()])) {
                for (Wire w : op.inputs()) {
                    bound[w.index()] = true;
                }
            }
        }
        List<String> unbound = new ArrayList<>();
        int p = 0;
        for (int h = 0; h < kinds.size(); h++) {
            if (kinds.get(h) == Kind.PUBLIC) {
                if (!bound[h]) {
                    unbound.add(publicNames.get(p));
                }
                p++;
            }
        }
        return unbound;
    }

    /** An op that gnark turns into a linear expression without any constraint. */
    private static boolean isLinear(Op op, boolean[] constant) {
        return switch (op) {
            case Op.Const c -> true;
            case Op.Add a -> true;
            case Op.Sub s -> true;
            case Op.LinComb l -> true;
            case Op.Mul m -> constant[m.a().index()] || constant[m.b().index()];
            default -> false;
        };
    }

    // ---- internals

    private Wire newWire(Kind kind) {
        kinds.add(kind);
        return new Wire(kinds.size() - 1);
    }

    private Wire check(Wire w, String op) {
        Objects.requireNonNull(w, () -> op + ": wire is missing");
        if (w.index() >= kinds.size()) {
            throw new IllegalArgumentException(op + ": wire " + w + " was not created by this builder");
        }
        return w;
    }

    private Wire emit(Op op) {
        for (Wire w : op.inputs()) {
            check(w, op.mnemonic());
        }
        if (op instanceof Op.Const c && c.constant() >= constants.size()) {
            throw new IllegalStateException("const: unknown constant " + c.constant());
        }
        ops.add(op);
        Wire result = op.results() == 1 ? newWire(Kind.RESULT) : null;
        opResults.add(result);
        return result;
    }

    private void claimName(String n, String what) {
        Objects.requireNonNull(n, what + " name");
        if (n.isEmpty()) {
            throw new IllegalArgumentException(what + " name must not be empty");
        }
        if (!names.add(n)) {
            throw new IllegalArgumentException(what + " name '" + n + "' is already used (input and output names"
                    + " must be unique)");
        }
    }
}
