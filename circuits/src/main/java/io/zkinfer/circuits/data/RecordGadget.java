package io.zkinfer.circuits.data;

import io.zkinfer.circuits.field.Fr;
import io.zkinfer.circuits.ir.CircuitBuilder;
import io.zkinfer.circuits.ir.Wire;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * In-circuit records: private inputs for a record's fields and salt, the range checks that every field's declared
 * range demands, and the record commitment ({@link Commitments}, same formats).
 */
public final class RecordGadget {

    private RecordGadget() {
    }

    /** The wires of one record inside a circuit: values in schema order, the salt and the recomputed commitment. */
    public record RecordWires(Schema schema, List<Wire> values, Wire salt, Wire commitment) {
        public RecordWires {
            values = List.copyOf(values);
        }

        public Wire value(String field) {
            return values.get(schema.require(field));
        }
    }

    /**
     * Declares private inputs {@code prefix + fieldName} for each field and {@code prefix + "salt"}, range-checks
     * every field to its declared range and computes the record commitment.
     */
    public static RecordWires privateRecord(CircuitBuilder b, Schema schema, String prefix) {
        List<Wire> values = new ArrayList<>(schema.size());
        for (Schema.Field f : schema.fields()) {
            Wire v = b.privateInput(prefix + f.name());
            rangeCheck(b, f.type(), v);
            values.add(v);
        }
        Wire salt = b.privateInput(prefix + "salt");
        return new RecordWires(schema, values, salt, commit(b, schema.tag(), salt, values));
    }

    /** The input values {@link #privateRecord} declared, for one row and salt. */
    public static Map<String, BigInteger> assign(Schema schema, String prefix, List<BigInteger> row,
                                                 BigInteger salt) {
        Objects.requireNonNull(row, "row");
        if (row.size() != schema.size()) {
            throw new DataException("record has " + row.size() + " values, schema '" + schema.name() + "' has "
                    + schema.size() + " fields");
        }
        Map<String, BigInteger> in = new LinkedHashMap<>();
        for (int i = 0; i < schema.size(); i++) {
            in.put(prefix + schema.fields().get(i).name(), Fr.fromSigned(row.get(i)));
        }
        in.put(prefix + "salt", Fr.requireCanonical(salt, "salt"));
        return in;
    }

    /**
     * Asserts {@code min <= v <= max} for the field's range: {@code v - min} in {@code width} bits, plus
     * {@code max - v} in {@code width} bits unless the range spans exactly {@code 2^width} values.
     */
    public static void rangeCheck(CircuitBuilder b, FieldType type, Wire v) {
        if (type instanceof FieldType.BooleanType) {
            b.assertBoolean(v);
            return;
        }
        int w = type.width();
        Wire low = b.linearCombination(List.of(BigInteger.ONE), List.of(v), type.min().negate());
        b.rangeCheck(low, w);
        if (!type.max().subtract(type.min()).add(BigInteger.ONE).equals(BigInteger.ONE.shiftLeft(w))) {
            Wire high = b.linearCombination(List.of(BigInteger.ONE.negate()), List.of(v), type.max());
            b.rangeCheck(high, w);
        }
    }

    /** {@code Poseidon2(tag, salt, values...)}. */
    public static Wire commit(CircuitBuilder b, BigInteger tag, Wire salt, List<Wire> values) {
        List<Wire> in = new ArrayList<>(values.size() + 2);
        in.add(b.constant(tag));
        in.add(salt);
        in.addAll(values);
        return b.poseidon2(in);
    }

    /** The root of the full tree of depth {@code depth} over {@code leaves}, padded with constant-0 leaves. */
    public static Wire merkleRoot(CircuitBuilder b, List<Wire> leaves, int depth) {
        Commitments.requireDepth(depth, "Merkle root gadget");
        if (leaves.size() > (1L << depth)) {
            throw new DataException(leaves.size() + " leaves do not fit a tree of depth " + depth);
        }
        List<Wire> level = new ArrayList<>(leaves);
        while (level.size() < (1L << depth)) {
            level.add(b.constant(0));
        }
        for (int d = 0; d < depth; d++) {
            List<Wire> up = new ArrayList<>(level.size() / 2);
            for (int i = 0; i < level.size(); i += 2) {
                up.add(b.poseidon2(level.get(i), level.get(i + 1)));
            }
            level = up;
        }
        return level.get(0);
    }

    /** Bits needed for the signed bound of a comparison whose difference has magnitude at most {@code maxAbs}. */
    public static int bitsFor(BigInteger maxAbs, String what) {
        int bits = Math.max(1, maxAbs.bitLength());
        if (bits > io.zkinfer.circuits.ir.Op.MAX_BITS) {
            throw new DataException(what + ": values up to 2^" + bits + " exceed the " + io.zkinfer.circuits.ir.Op.MAX_BITS
                    + "-bit comparison limit; use fewer rows per chunk or narrower fields");
        }
        return bits;
    }
}
