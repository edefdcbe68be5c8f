package io.zkinfer.circuits.ir;

import io.zkinfer.circuits.field.Fr;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The binary encoding of IR v1 (docs/ir.md, "Binary encoding"): {@link #encode} and a strict {@link #decode}. */
public final class IrCodec {

    static final byte[] MAGIC = {'Z', 'K', 'I', 'R'};

    private IrCodec() {
    }

    public static byte[] encode(Circuit c) {
        Out out = new Out();
        out.bytes.writeBytes(MAGIC);
        out.uvarint(Circuit.VERSION);
        out.string(c.name());
        out.uvarint(c.publicInputs().size());
        c.publicInputs().forEach(out::string);
        out.uvarint(c.privateInputs().size());
        c.privateInputs().forEach(out::string);
        out.uvarint(c.constants().size());
        c.constants().forEach(out::field);
        out.uvarint(c.tables().size());
        for (Table t : c.tables()) {
            out.string(t.name());
            out.svarint(t.minKey());
            out.uvarint(t.size());
            t.values().forEach(out::field);
        }
        out.uvarint(c.ops().size());
        for (Op op : c.ops()) {
            out.bytes.write(op.opcode());
            switch (op) {
                case Op.Const k -> out.uvarint(k.constant());
                case Op.Add o -> out.wires(o.a(), o.b());
                case Op.Sub o -> out.wires(o.a(), o.b());
                case Op.Mul o -> out.wires(o.a(), o.b());
                case Op.LinComb l -> {
                    out.uvarint(l.terms().size());
                    for (Op.Term t : l.terms()) {
                        out.uvarint(t.coef());
                        out.uvarint(t.wire().index());
                    }
                    out.uvarint(l.bias());
                }
                case Op.AssertEq o -> out.wires(o.a(), o.b());
                case Op.AssertBool o -> out.wires(o.a());
                case Op.Select o -> out.wires(o.cond(), o.a(), o.b());
                case Op.RangeCheck o -> {
                    out.wires(o.a());
                    out.uvarint(o.bits());
                }
                case Op.Rescale o -> {
                    out.wires(o.a());
                    out.uvarint(o.shift());
                    out.uvarint(o.bits());
                }
                case Op.Less o -> {
                    out.wires(o.a(), o.b());
                    out.uvarint(o.bits());
                }
                case Op.Max o -> {
                    out.wires(o.a(), o.b());
                    out.uvarint(o.bits());
                }
                case Op.Relu o -> {
                    out.wires(o.a());
                    out.uvarint(o.bits());
                }
                case Op.Lookup o -> {
                    out.uvarint(o.table());
                    out.uvarint(o.a().index());
                }
                case Op.Poseidon2 o -> {
                    out.uvarint(o.in().size());
                    o.in().forEach(w -> out.uvarint(w.index()));
                }
                case Op.IsZero o -> out.wires(o.a());
                case Op.EddsaVerify o -> out.wires(o.pkX(), o.pkY(), o.rX(), o.rY(), o.s(), o.msg());
            }
        }
        out.uvarint(c.outputs().size());
        for (Output o : c.outputs()) {
            out.uvarint(o.wire().index());
            out.string(o.name());
        }
        return out.bytes.toByteArray();
    }

    private static final class Out {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        void uvarint(long v) {
            while ((v & ~0x7FL) != 0) {
                bytes.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            bytes.write((int) v);
        }

        void svarint(long v) {
            uvarint((v << 1) ^ (v >> 63));
        }

        void string(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            uvarint(b.length);
            bytes.writeBytes(b);
        }

        void field(BigInteger v) {
            Fr.requireCanonical(v, "field element");
            if (v.signum() == 0) {
                uvarint(0);
                return;
            }
            byte[] b = v.toByteArray();
            int start = b[0] == 0 ? 1 : 0; // drop the sign byte: no leading zero in the encoding
            uvarint(b.length - start);
            bytes.write(b, start, b.length - start);
        }

        void wires(Wire... ws) {
            for (Wire w : ws) {
                uvarint(w.index());
            }
        }
    }

    /**
     * Decodes and validates IR bytes; every problem listed in docs/ir.md is an {@link IrFormatException} with the
     * byte offset where it was found.
     */
    public static Circuit decode(byte[] bytes) {
        return new In(bytes).circuit();
    }

    private static final class In {
        private final byte[] b;
        private int pos;

        In(byte[] b) {
            this.b = b.clone();
        }

        IrFormatException error(long at, String msg) {
            return new IrFormatException(at, msg);
        }

        Circuit circuit() {
            for (int i = 0; i < MAGIC.length; i++) {
                if (pos >= b.length || b[pos] != MAGIC[i]) {
                    throw error(pos, "wrong magic: an IR file starts with \"ZKIR\"");
                }
                pos++;
            }
            int versionAt = pos;
            long version = uvarintLong();
            if (version != Circuit.VERSION) {
                throw error(versionAt, "unsupported IR version " + version + " (this decoder supports version "
                        + Circuit.VERSION + ")");
            }
            String name = string("circuit name");
            Set<String> names = new HashSet<>();
            List<String> pub = inputNames("public input", names);
            List<String> priv = inputNames("private input", names);

            int nConst = count("constants", 1);
            List<BigInteger> constants = new ArrayList<>(nConst);
            for (int i = 0; i < nConst; i++) {
                constants.add(field("constant " + i));
            }

            int nTables = count("tables", 3);
            List<Table> tables = new ArrayList<>(nTables);
            Set<String> tableNames = new HashSet<>();
            for (int i = 0; i < nTables; i++) {
                int at = pos;
                String tname = string("table " + i + " name");
                if (tname.isEmpty()) {
                    throw error(at, "table " + i + " has an empty name");
                }
                if (!tableNames.add(tname)) {
                    throw error(at, "duplicate table name '" + tname + "'");
                }
                long minKey = svarint();
                int lenAt = pos;
                int len = count("values of table '" + tname + "'", 1);
                if (len == 0) {
                    throw error(lenAt, "table '" + tname + "' has no values (zero-length tables are not allowed)");
                }
                List<BigInteger> values = new ArrayList<>(len);
                for (int k = 0; k < len; k++) {
                    values.add(field("table '" + tname + "' value " + k));
                }
                tables.add(new Table(tname, minKey, values));
            }

            int nOps = count("ops", 2);
            List<Op> ops = new ArrayList<>(nOps);
            int wires = pub.size() + priv.size();
            for (int i = 0; i < nOps; i++) {
                int at = pos;
                Op op = op(i);
                try {
                    Circuit.checkReferences(op, wires, constants.size(), tables.size());
                } catch (IllegalArgumentException e) {
                    throw new IrFormatException(at, "op #" + i + " (" + op.mnemonic() + "): " + e.getMessage(), e);
                }
                wires += op.results();
                ops.add(op);
            }

            int nOut = count("outputs", 2);
            List<Output> outputs = new ArrayList<>(nOut);
            for (int i = 0; i < nOut; i++) {
                int at = pos;
                int wire = uvarint("output " + i + " wire");
                if (wire >= wires) {
                    throw error(at, "output " + i + " names wire " + wire + " but the circuit has only " + wires
                            + " wires");
                }
                int nameAt = pos;
                String oname = string("output " + i + " name");
                checkName(names, oname, "output", nameAt);
                outputs.add(new Output(oname, new Wire(wire)));
            }
            if (pos != b.length) {
                throw error(pos, (b.length - pos) + " trailing bytes after the last output");
            }
            try {
                return new Circuit(name, pub, priv, constants, tables, ops, outputs);
            } catch (IllegalArgumentException e) {
                // all rules were checked above with offsets; this is a safety net
                throw new IrFormatException(pos, e.getMessage(), e);
            }
        }

        private List<String> inputNames(String what, Set<String> names) {
            int n = count(what + "s", 1);
            List<String> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int at = pos;
                String s = string(what + " " + i + " name");
                checkName(names, s, what, at);
                out.add(s);
            }
            return out;
        }

        private void checkName(Set<String> names, String s, String what, int at) {
            if (s.isEmpty()) {
                throw error(at, what + " with an empty name");
            }
            if (!names.add(s)) {
                throw error(at, what + " name '" + s + "' is already used (input and output names are unique)");
            }
        }

        private Op op(int index) {
            int at = pos;
            if (pos >= b.length) {
                throw error(pos, "truncated: op #" + index + " expected");
            }
            int code = b[pos++] & 0xFF;
            String ctx = "op #" + index;
            try {
                return switch (code) {
                    case 0x01 -> new Op.Const(uvarint(ctx + " constant"));
                    case 0x02 -> new Op.Add(wire(ctx), wire(ctx));
                    case 0x03 -> new Op.Sub(wire(ctx), wire(ctx));
                    case 0x04 -> new Op.Mul(wire(ctx), wire(ctx));
                    case 0x05 -> {
                        int n = count(ctx + " lincomb terms", 2);
                        List<Op.Term> terms = new ArrayList<>(n);
                        for (int k = 0; k < n; k++) {
                            int coef = uvarint(ctx + " coefficient");
                            terms.add(new Op.Term(coef, wire(ctx)));
                        }
                        yield new Op.LinComb(terms, uvarint(ctx + " bias"));
                    }
                    case 0x06 -> new Op.AssertEq(wire(ctx), wire(ctx));
                    case 0x07 -> new Op.AssertBool(wire(ctx));
                    case 0x08 -> new Op.Select(wire(ctx), wire(ctx), wire(ctx));
                    case 0x09 -> new Op.RangeCheck(wire(ctx), uvarint(ctx + " bits"));
                    case 0x0A -> new Op.Rescale(wire(ctx), uvarint(ctx + " shift"), uvarint(ctx + " bits"));
                    case 0x0B -> new Op.Less(wire(ctx), wire(ctx), uvarint(ctx + " bits"));
                    case 0x0C -> new Op.Max(wire(ctx), wire(ctx), uvarint(ctx + " bits"));
                    case 0x0D -> new Op.Relu(wire(ctx), uvarint(ctx + " bits"));
                    case 0x0E -> new Op.Lookup(uvarint(ctx + " table"), wire(ctx));
                    case 0x0F -> {
                        int n = count(ctx + " poseidon2 inputs", 1);
                        List<Wire> in = new ArrayList<>(n);
                        for (int k = 0; k < n; k++) {
                            in.add(wire(ctx));
                        }
                        yield new Op.Poseidon2(in);
                    }
                    case 0x10 -> new Op.IsZero(wire(ctx));
                    case 0x20 -> new Op.EddsaVerify(wire(ctx), wire(ctx), wire(ctx), wire(ctx), wire(ctx), wire(ctx));
                    default -> throw error(at, ctx + ": unknown opcode 0x" + String.format("%02x", code));
                };
            } catch (IllegalArgumentException e) {
                // an op constructor refused its operands (bits out of range, shift >= bits, no inputs, ...)
                throw new IrFormatException(at, ctx + " " + e.getMessage(), e);
            }
        }

        private Wire wire(String ctx) {
            return new Wire(uvarint(ctx + " wire"));
        }

        /** A count of items that each take at least {@code minBytes}: refuses counts the remaining bytes cannot hold. */
        private int count(String what, int minBytes) {
            int at = pos;
            int n = uvarint("number of " + what);
            if ((long) n * minBytes > b.length - pos) {
                throw error(at, "truncated: " + n + " " + what + " announced but only " + (b.length - pos)
                        + " bytes left");
            }
            return n;
        }

        private int uvarint(String what) {
            int at = pos;
            long v = uvarintLong();
            if (v < 0 || v > Integer.MAX_VALUE) { // v < 0: a 64-bit value of 2^63 or more (found by IrCodecFuzzTest)
                throw error(at, what + " = " + Long.toUnsignedString(v) + " exceeds 2^31 - 1");
            }
            return (int) v;
        }

        private long uvarintLong() {
            int at = pos;
            long v = 0;
            for (int i = 0; ; i++) {
                if (pos >= b.length) {
                    throw error(at, "truncated varint");
                }
                if (i == 10) {
                    throw error(at, "over-long varint (more than 10 bytes)");
                }
                int x = b[pos++] & 0xFF;
                if (i == 9 && (x & 0x7F) > 1) {
                    throw error(at, "varint overflows 64 bits");
                }
                v |= (long) (x & 0x7F) << (7 * i);
                if ((x & 0x80) == 0) {
                    if (x == 0 && i > 0) {
                        throw error(at, "non-minimal varint (ends in a 0x00 byte)");
                    }
                    return v;
                }
            }
        }

        private long svarint() {
            long u = uvarintLong();
            return (u >>> 1) ^ -(u & 1);
        }

        private String string(String what) {
            int at = pos;
            int len = uvarint(what + " length");
            if (len > b.length - pos) {
                throw error(at, "truncated: " + what + " of " + len + " bytes but only " + (b.length - pos) + " left");
            }
            try {
                String s = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(b, pos, len)).toString();
                pos += len;
                return s;
            } catch (CharacterCodingException e) {
                throw error(at, what + " is not valid UTF-8");
            }
        }

        private BigInteger field(String what) {
            int at = pos;
            int len = uvarint(what + " length");
            if (len > Fr.BYTES) {
                throw error(at, what + ": field element of " + len + " bytes (at most 32)");
            }
            if (len > b.length - pos) {
                throw error(at, "truncated: " + what + " of " + len + " bytes but only " + (b.length - pos) + " left");
            }
            if (len > 0 && b[pos] == 0) {
                throw error(at, what + ": non-canonical field element (leading zero byte)");
            }
            BigInteger v = new BigInteger(1, b, pos, len);
            if (v.compareTo(Fr.MODULUS) >= 0) {
                throw error(at, what + ": non-canonical field element (>= r)");
            }
            pos += len;
            return v;
        }
    }
}
