package io.zkinfer.circuits.data.policy;

import io.zkinfer.circuits.data.DataException;
import io.zkinfer.circuits.data.FieldType;
import io.zkinfer.circuits.data.Schema;
import io.zkinfer.circuits.ir.CircuitBuilder;
import io.zkinfer.circuits.ir.Wire;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Compiles a {@link Policy} against a {@link Schema} into circuit ops producing one boolean wire, and evaluates it in
 * plain Java (the same semantics). Field wires must already be range-checked to their declared ranges
 * ({@link io.zkinfer.circuits.data.RecordGadget#privateRecord}); comparisons then use {@code less} with the field's
 * width, which is sound because both sides lie in {@code [min, max]} (constants outside the range are decided at
 * compile time).
 *
 * <p>Costs (R1CS, approximate): a threshold is one {@code less} (about width + 3 with binary range checks, fewer
 * with the log-derivative range check); {@code ==} / set of k values: k multiplications and an {@code is_zero}; AND
 * and OR one multiplication each; NOT is free.
 */
public final class PolicyCompiler {

    private final Schema schema;
    private final CircuitBuilder b;
    private final Function<String, Wire> fieldWire;

    private PolicyCompiler(Schema schema, CircuitBuilder b, Function<String, Wire> fieldWire) {
        this.schema = schema;
        this.b = b;
        this.fieldWire = fieldWire;
    }

    /** Checks the policy against the schema (fields exist, literals parse, types fit) without building anything. */
    public static void check(Policy policy, Schema schema) {
        evaluate(policy, schema, schema.fields().stream().map(f -> f.type().min()).toList());
    }

    /** The wire (0 or 1) of the policy over range-checked field wires. */
    public static Wire compile(Policy policy, Schema schema, CircuitBuilder b, Function<String, Wire> fieldWire) {
        check(policy, schema);
        return new PolicyCompiler(schema, b, fieldWire).emit(policy);
    }

    /** Plain-Java evaluation over an encoded row (schema order). */
    public static boolean evaluate(Policy p, Schema schema, List<BigInteger> row) {
        return switch (p) {
            case Policy.Compare c -> {
                FieldType t = type(schema, c.field());
                BigInteger v = row.get(schema.require(c.field()));
                BigInteger k = literal(schema, c.field(), c.literal(), c.op());
                int cmp = v.compareTo(k);
                yield switch (c.op()) {
                    case GE -> cmp >= 0;
                    case LE -> cmp <= 0;
                    case GT -> cmp > 0;
                    case LT -> cmp < 0;
                    case EQ -> cmp == 0;
                    case NE -> cmp != 0;
                };
            }
            case Policy.CompareScaled c -> {
                BigInteger[] k = scaled(schema, c);
                BigInteger t = k[0].multiply(row.get(schema.require(c.field())))
                        .subtract(k[1].multiply(row.get(schema.require(c.other()))));
                yield holds(c.op(), t.signum());
            }
            case Policy.InRange r -> {
                BigInteger v = row.get(schema.require(r.field()));
                type(schema, r.field());
                yield v.compareTo(literal(schema, r.field(), r.lo(), Policy.Cmp.GE)) >= 0
                        && v.compareTo(literal(schema, r.field(), r.hi(), Policy.Cmp.LE)) <= 0;
            }
            case Policy.InSet s -> {
                BigInteger v = row.get(schema.require(s.field()));
                boolean in = false;
                for (String l : s.literals()) {
                    in |= v.equals(literal(schema, s.field(), l, Policy.Cmp.EQ));
                }
                yield in != s.negated();
            }
            case Policy.IsTrue t -> {
                if (!(type(schema, t.field()) instanceof FieldType.BooleanType)) {
                    throw new DataException("policy: field '" + t.field() + "' is used as a condition but is a "
                            + type(schema, t.field()).typeName() + "; compare it (e.g. " + t.field() + " >= 1)");
                }
                yield row.get(schema.require(t.field())).signum() != 0;
            }
            case Policy.Not n -> !evaluate(n.inner(), schema, row);
            case Policy.And a -> {
                boolean all = true;
                for (Policy q : a.terms()) {
                    all &= evaluate(q, schema, row); // no short cut: every term is checked against the schema
                }
                yield all;
            }
            case Policy.Or o -> {
                boolean any = false;
                for (Policy q : o.terms()) {
                    any |= evaluate(q, schema, row);
                }
                yield any;
            }
        };
    }

    /**
     * Why {@code p} fails on {@code row}, in the policy's own words: the smallest parts that are false, each with the
     * fields it reads, e.g. {@code policy not satisfied: !smoker (field smoker)}. An AND names its false terms, a NOT
     * or an OR that fails is named whole. Empty when the policy holds. The circuit asserts exactly what
     * {@link #evaluate} computes, so this names what makes a proof impossible (instead of the IR op that failed).
     */
    public static java.util.Optional<String> explain(Policy p, Schema schema, List<BigInteger> row) {
        if (evaluate(p, schema, row)) {
            return java.util.Optional.empty();
        }
        List<Policy> parts = new ArrayList<>();
        falseParts(p, schema, row, parts);
        List<String> shown = new ArrayList<>();
        for (Policy q : parts) {
            List<String> f = q.fields();
            shown.add((q instanceof Policy.Or ? "(" + q + ")" : q) + " (" + (f.size() == 1 ? "field " : "fields ") + String.join(", ", f) + ")");
        }
        return java.util.Optional.of("policy not satisfied: " + String.join("; ", shown));
    }

    private static void falseParts(Policy p, Schema schema, List<BigInteger> row, List<Policy> out) {
        if (p instanceof Policy.And a) {
            for (Policy q : a.terms()) {
                if (!evaluate(q, schema, row)) {
                    falseParts(q, schema, row, out);
                }
            }
        } else {
            out.add(p);
        }
    }

    private static boolean holds(Policy.Cmp op, int cmp) {
        return switch (op) {
            case GE -> cmp >= 0;
            case LE -> cmp <= 0;
            case GT -> cmp > 0;
            case LT -> cmp < 0;
            case EQ -> cmp == 0;
            case NE -> cmp != 0;
        };
    }

    /**
     * Coefficients {a, b} with {@code field op factor * other  <=>  a·field − b·other op 0} on encoded values: the
     * factor {@code num / den} and the fields' decimal scales are cleared by cross-multiplying.
     */
    private static BigInteger[] scaled(Schema schema, Policy.CompareScaled c) {
        int sa = scaleOf(schema, c.field());
        int sb = scaleOf(schema, c.other());
        java.math.BigDecimal f;
        try {
            f = new java.math.BigDecimal(c.factor().strip()).stripTrailingZeros();
        } catch (NumberFormatException e) {
            throw new DataException("policy: factor '" + c.factor() + "' in '" + c + "' is not a decimal number");
        }
        // "1e999999999" or "1e-999999999" would make numbers of a billion digits (a hang): factors are plain
        // decimals of at most 40 digits on either side of the point
        if (f.scale() > 40 || f.precision() - f.scale() > 40) {
            throw new DataException("policy: factor '" + c.factor() + "' in '" + c + "' is out of range");
        }
        int e = Math.max(0, f.scale());
        BigInteger num = f.movePointRight(e).toBigIntegerExact();
        BigInteger den = BigInteger.TEN.pow(e);
        // a/10^sa op (num/den)·b/10^sb  <=>  den·10^sb·a − num·10^sa·b op 0
        return new BigInteger[] {den.multiply(BigInteger.TEN.pow(sb)), num.multiply(BigInteger.TEN.pow(sa))};
    }

    private static int scaleOf(Schema schema, String field) {
        return switch (type(schema, field)) {
            case FieldType.IntegerType i -> 0;
            case FieldType.DecimalType d -> d.scale();
            default -> throw new DataException("policy: field '" + field + "' is a " + type(schema, field).typeName()
                    + "; 'a op factor * b' needs integer or decimal fields");
        };
    }

    private static FieldType type(Schema schema, String field) {
        try {
            return schema.field(field).type();
        } catch (DataException e) {
            throw new DataException("policy: " + e.getMessage());
        }
    }

    /** A literal parsed by the field's type; order comparisons on categories are refused. */
    private static BigInteger literal(Schema schema, String field, String text, Policy.Cmp op) {
        FieldType t = type(schema, field);
        if (t instanceof FieldType.CategoryType && op != Policy.Cmp.EQ && op != Policy.Cmp.NE) {
            throw new DataException("policy: category field '" + field + "' can only be compared with ==, != or"
                    + " in {...}");
        }
        try {
            return t.parse(text);
        } catch (IllegalArgumentException e) {
            throw new DataException("policy: value for field '" + field + "': " + e.getMessage());
        }
    }

    // ---- circuit

    private Wire emit(Policy p) {
        return switch (p) {
            case Policy.Compare c -> {
                Wire v = fieldWire.apply(c.field());
                FieldType t = type(schema, c.field());
                BigInteger k = literal(schema, c.field(), c.literal(), c.op());
                yield switch (c.op()) {
                    case GE -> atLeast(v, t, k);
                    case GT -> atLeast(v, t, k.add(BigInteger.ONE));
                    case LT -> not(atLeast(v, t, k));
                    case LE -> not(atLeast(v, t, k.add(BigInteger.ONE)));
                    case EQ -> inSet(v, t, List.of(k));
                    case NE -> not(inSet(v, t, List.of(k)));
                };
            }
            case Policy.CompareScaled c -> {
                BigInteger[] k = scaled(schema, c);
                FieldType ta = type(schema, c.field());
                FieldType tb = type(schema, c.other());
                BigInteger maxAbs = k[0].multiply(ta.min().abs().max(ta.max().abs()))
                        .add(k[1].abs().multiply(tb.min().abs().max(tb.max().abs())));
                int bits = io.zkinfer.circuits.data.RecordGadget.bitsFor(maxAbs, "policy '" + c + "'");
                Wire t = b.linearCombination(List.of(k[0], k[1].negate()),
                        List.of(fieldWire.apply(c.field()), fieldWire.apply(c.other())), BigInteger.ZERO);
                Wire zero = b.constant(0);
                yield switch (c.op()) {
                    case LT -> b.less(t, zero, bits);
                    case GE -> not(b.less(t, zero, bits));
                    case GT -> b.less(zero, t, bits);
                    case LE -> not(b.less(zero, t, bits));
                    case EQ -> b.isZero(t);
                    case NE -> not(b.isZero(t));
                };
            }
            case Policy.InRange r -> {
                Wire v = fieldWire.apply(r.field());
                FieldType t = type(schema, r.field());
                Wire lo = atLeast(v, t, literal(schema, r.field(), r.lo(), Policy.Cmp.GE));
                Wire hi = not(atLeast(v, t, literal(schema, r.field(), r.hi(), Policy.Cmp.LE).add(BigInteger.ONE)));
                yield b.mul(lo, hi);
            }
            case Policy.InSet s -> {
                Wire v = fieldWire.apply(s.field());
                FieldType t = type(schema, s.field());
                List<BigInteger> ks = new ArrayList<>();
                for (String l : s.literals()) {
                    ks.add(literal(schema, s.field(), l, Policy.Cmp.EQ));
                }
                Wire in = inSet(v, t, ks);
                yield s.negated() ? not(in) : in;
            }
            case Policy.IsTrue t -> fieldWire.apply(t.field()); // asserted boolean by the record's range check
            case Policy.Not n -> not(emit(n.inner()));
            case Policy.And a -> {
                Wire acc = emit(a.terms().get(0));
                for (int i = 1; i < a.terms().size(); i++) {
                    acc = b.mul(acc, emit(a.terms().get(i)));
                }
                yield acc;
            }
            case Policy.Or o -> {
                Wire acc = emit(o.terms().get(0));
                for (int i = 1; i < o.terms().size(); i++) {
                    Wire x = emit(o.terms().get(i));
                    Wire both = b.mul(acc, x);
                    acc = b.linearCombination(new long[] {1, 1, -1}, List.of(acc, x, both), 0);
                }
                yield acc;
            }
        };
    }

    /** {@code v >= k} for {@code v} range-checked to the field's range. */
    private Wire atLeast(Wire v, FieldType t, BigInteger k) {
        if (k.compareTo(t.min()) <= 0) {
            return b.constant(1);
        }
        if (k.compareTo(t.max()) > 0) {
            return b.constant(0);
        }
        // v - k lies in [min - max, max - min], inside [-2^width, 2^width)
        return not(b.less(v, b.constant(k), t.width()));
    }

    /** 1 if {@code v} equals one of {@code ks}: the product of the differences is zero. */
    private Wire inSet(Wire v, FieldType t, List<BigInteger> ks) {
        Wire prod = null;
        for (BigInteger k : ks.stream().distinct().toList()) {
            if (k.compareTo(t.min()) < 0 || k.compareTo(t.max()) > 0) {
                continue; // a value outside the field's range can never match
            }
            Wire d = b.linearCombination(List.of(BigInteger.ONE), List.of(v), k.negate());
            prod = prod == null ? d : b.mul(prod, d);
        }
        return prod == null ? b.constant(0) : b.isZero(prod);
    }

    private Wire not(Wire x) {
        return b.linearCombination(new long[] {-1}, List.of(x), 1);
    }
}
