package io.zkinfer.circuits.ir;

import io.zkinfer.circuits.field.Fr;
import io.zkinfer.circuits.field.Poseidon2;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The reference semantics of IR v1 (docs/ir.md): computes every wire from the inputs and checks every constraint
 * and declared bound that an honest prover must meet. A violation is an {@link UnsatisfiedCircuitException}: the
 * same inputs could not be proved.
 *
 * <p>Input values may be signed ({@code -x} means {@code r - x}) or canonical; values {@code >= r} are refused.
 */
public final class CircuitEvaluator {

    private CircuitEvaluator() {
    }

    /** Evaluates with inputs by name; every input of the circuit must be given, and nothing else. */
    public static Witness evaluate(Circuit circuit, Map<String, BigInteger> inputs) {
        Objects.requireNonNull(inputs, "inputs");
        Set<String> unknown = new HashSet<>(inputs.keySet());
        unknown.removeAll(circuit.publicInputs());
        circuit.privateInputs().forEach(unknown::remove);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("circuit '" + circuit.name() + "' has no inputs named " + unknown
                    + "; its inputs are public " + circuit.publicInputs() + ", private " + circuit.privateInputs());
        }
        return evaluate(circuit, byName(circuit.publicInputs(), inputs), byName(circuit.privateInputs(), inputs));
    }

    private static List<BigInteger> byName(List<String> names, Map<String, BigInteger> inputs) {
        List<BigInteger> out = new ArrayList<>(names.size());
        for (String n : names) {
            BigInteger v = inputs.get(n);
            if (v == null) {
                throw new IllegalArgumentException("missing value for input '" + n + "'");
            }
            out.add(v);
        }
        return out;
    }

    /** Evaluates with inputs by position (public inputs, private inputs, each in declaration order). */
    public static Witness evaluate(Circuit circuit, List<BigInteger> publicInputs, List<BigInteger> privateInputs) {
        Objects.requireNonNull(circuit, "circuit");
        checkCount(publicInputs, circuit.publicInputs(), "public");
        checkCount(privateInputs, circuit.privateInputs(), "private");
        List<BigInteger> w = new ArrayList<>(circuit.wireCount());
        addInputs(w, publicInputs, circuit.publicInputs());
        addInputs(w, privateInputs, circuit.privateInputs());
        List<BigInteger> k = circuit.constants();
        List<Op> ops = circuit.ops();
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            final int index = i;
            switch (op) {
                case Op.Const c -> w.add(k.get(c.constant()));
                case Op.Add o -> w.add(Fr.add(v(w, o.a()), v(w, o.b())));
                case Op.Sub o -> w.add(Fr.sub(v(w, o.a()), v(w, o.b())));
                case Op.Mul o -> w.add(Fr.mul(v(w, o.a()), v(w, o.b())));
                case Op.LinComb l -> {
                    BigInteger acc = k.get(l.bias());
                    for (Op.Term t : l.terms()) {
                        acc = acc.add(k.get(t.coef()).multiply(v(w, t.wire())));
                    }
                    w.add(Fr.reduce(acc));
                }
                case Op.AssertEq o -> {
                    if (!v(w, o.a()).equals(v(w, o.b()))) {
                        throw new UnsatisfiedCircuitException(index, op, o.a() + " = " + show(v(w, o.a())) + " != "
                                + o.b() + " = " + show(v(w, o.b())));
                    }
                }
                case Op.AssertBool o -> requireBoolean(index, op, o.a(), v(w, o.a()));
                case Op.Select o -> {
                    BigInteger c = v(w, o.cond());
                    requireBoolean(index, op, o.cond(), c);
                    w.add(c.signum() != 0 ? v(w, o.a()) : v(w, o.b()));
                }
                case Op.RangeCheck o -> {
                    BigInteger a = v(w, o.a());
                    if (a.bitLength() > o.bits()) {
                        throw new UnsatisfiedCircuitException(index, op, o.a() + " = " + show(a)
                                + " is not in [0, 2^" + o.bits() + ")");
                    }
                }
                case Op.Rescale o -> {
                    BigInteger a = Fr.toSigned(v(w, o.a()));
                    requireSignedBound(index, op, o.a(), a, o.bits() - 1);
                    w.add(Fr.reduce(a.shiftRight(o.shift()))); // shiftRight is floor division, also for negatives
                }
                case Op.Less o -> w.add(lessThan(index, op, w, o.a(), o.b(), o.bits()) ? BigInteger.ONE
                        : BigInteger.ZERO);
                case Op.Max o -> w.add(lessThan(index, op, w, o.a(), o.b(), o.bits()) ? v(w, o.b()) : v(w, o.a()));
                case Op.Relu o -> {
                    BigInteger a = Fr.toSigned(v(w, o.a()));
                    requireSignedBound(index, op, o.a(), a, o.bits());
                    w.add(a.signum() < 0 ? BigInteger.ZERO : v(w, o.a()));
                }
                case Op.Lookup o -> {
                    Table t = circuit.tables().get(o.table());
                    BigInteger a = v(w, o.a());
                    BigInteger idx = Fr.sub(a, BigInteger.valueOf(t.minKey()));
                    if (idx.compareTo(BigInteger.valueOf(t.size())) >= 0) {
                        throw new UnsatisfiedCircuitException(index, op, "key " + o.a() + " = " + show(a)
                                + " is outside table '" + t.name() + "' keys [" + t.minKey() + ", "
                                + (t.minKey() + t.size()) + ")");
                    }
                    w.add(t.values().get(idx.intValueExact()));
                }
                case Op.Poseidon2 o -> w.add(Poseidon2.hash(o.in().stream().map(x -> v(w, x)).toList()));
                case Op.IsZero o -> w.add(v(w, o.a()).signum() == 0 ? BigInteger.ONE : BigInteger.ZERO);
                case Op.EddsaVerify o -> {
                    String why = io.zkinfer.circuits.data.sign.EdDsa.check(v(w, o.pkX()), v(w, o.pkY()),
                            v(w, o.rX()), v(w, o.rY()), v(w, o.s()), v(w, o.msg()));
                    if (why != null) {
                        throw new UnsatisfiedCircuitException(index, op, why);
                    }
                }
            }
        }
        return new Witness(circuit, w);
    }

    private static boolean lessThan(int index, Op op, List<BigInteger> w, Wire a, Wire b, int bits) {
        BigInteger d = Fr.toSigned(Fr.sub(v(w, a), v(w, b)));
        if (d.bitLength() > bits) { // d outside [-2^bits, 2^bits)
            throw new UnsatisfiedCircuitException(index, op, a + " - " + b + " = " + d + " (" + a + " = "
                    + show(v(w, a)) + ", " + b + " = " + show(v(w, b)) + ") is outside [-2^" + bits + ", 2^" + bits
                    + ")");
        }
        return d.signum() < 0;
    }

    /** {@code a} in {@code [-2^e, 2^e)}. */
    private static void requireSignedBound(int index, Op op, Wire wire, BigInteger a, int e) {
        // BigInteger.bitLength excludes the sign: it is <= e exactly for a in [-2^e, 2^e)
        if (a.bitLength() > e) {
            throw new UnsatisfiedCircuitException(index, op, wire + " = " + a + " is outside [-2^" + e + ", 2^" + e
                    + ")");
        }
    }

    private static void requireBoolean(int index, Op op, Wire wire, BigInteger v) {
        if (v.compareTo(BigInteger.ONE) > 0) {
            throw new UnsatisfiedCircuitException(index, op, wire + " = " + show(v) + " is not boolean (0 or 1)");
        }
    }

    private static BigInteger v(List<BigInteger> w, Wire x) {
        return w.get(x.index());
    }

    /** Field value as a signed integer, for messages. */
    private static String show(BigInteger v) {
        return Fr.toSigned(v).toString();
    }

    private static void checkCount(List<BigInteger> values, List<String> names, String what) {
        Objects.requireNonNull(values, what + " inputs");
        if (values.size() != names.size()) {
            throw new IllegalArgumentException(values.size() + " " + what + " input values for " + names.size()
                    + " " + what + " inputs " + names);
        }
    }

    private static void addInputs(List<BigInteger> w, List<BigInteger> values, List<String> names) {
        for (int i = 0; i < values.size(); i++) {
            BigInteger v = Objects.requireNonNull(values.get(i), "value of input '" + names.get(i) + "'");
            String n = names.get(i);
            if (v.signum() < 0) {
                if (v.negate().compareTo(Fr.HALF) > 0) {
                    throw new IllegalArgumentException("input '" + n + "' = " + v + " is below -(r-1)/2");
                }
                v = Fr.reduce(v);
            } else if (v.compareTo(Fr.MODULUS) >= 0) {
                throw new IllegalArgumentException("input '" + n + "' = " + v + " is not below the field modulus r");
            }
            w.add(v);
        }
    }
}
