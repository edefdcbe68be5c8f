package io.zkinfer.circuits.ir;

import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * One instruction of the circuit IR (docs/ir.md, "Ops"). Each record holds its operands; the wires it creates are
 * implicit (the next {@link #results()} wires after those that exist before it). Constructors check what an op can
 * check alone (bit widths, shift &lt; bits, non-empty inputs); {@link Circuit} checks references.
 */
public sealed interface Op {

    /** Largest bit width of range checks and comparisons: keeps 2^(bits+1) far below r. */
    int MAX_BITS = 240;

    /** The opcode byte of the binary encoding. */
    int opcode();

    /** The op's name in docs/ir.md and the JSON rendering ({@code rescale}, {@code range_check}, ...). */
    String mnemonic();

    /** Wires read, in operand order. */
    List<Wire> inputs();

    /** Number of wires created (0 or 1 in IR v1). */
    int results();

    /** The same op with every wire operand replaced by {@code f(wire)}. */
    Op mapWires(UnaryOperator<Wire> f);

    private static void checkBits(String op, String what, int bits, int min) {
        if (bits < min || bits > MAX_BITS) {
            throw new IllegalArgumentException(op + ": " + what + " " + bits + " is outside [" + min + ", " + MAX_BITS
                    + "]");
        }
    }

    private static Wire req(Wire w, String op, String operand) {
        return Objects.requireNonNull(w, () -> op + ": operand " + operand + " is missing");
    }

    /** {@code constants[constant]} as a wire. */
    record Const(int constant) implements Op {
        public Const {
            if (constant < 0) {
                throw new IllegalArgumentException("const: constant index must be >= 0, got " + constant);
            }
        }

        public int opcode() { return 0x01; }
        public String mnemonic() { return "const"; }
        public List<Wire> inputs() { return List.of(); }
        public int results() { return 1; }
        public Op mapWires(UnaryOperator<Wire> f) { return this; }
    }

    record Add(Wire a, Wire b) implements Op {
        public Add { req(a, "add", "a"); req(b, "add", "b"); }
        public int opcode() { return 0x02; }
        public String mnemonic() { return "add"; }
        public List<Wire> inputs() { return List.of(a, b); }
        public int results() { return 1; }
        public Op mapWires(UnaryOperator<Wire> f) { return new Add(f.apply(a), f.apply(b)); }
    }

    record Sub(Wire a, Wire b) implements Op {
        public Sub { req(a, "sub", "a"); req(b, "sub", "b"); }
        public int opcode() { return 0x03; }
        public String mnemonic() { return "sub"; }
        public List<Wire> inputs() { return List.of(a, b); }
        public int results() { return 1; }
        public Op mapWires(UnaryOperator<Wire> f) { return new Sub(f.apply(a), f.apply(b)); }
    }

    record Mul(Wire a, Wire b) implements Op {
        public Mul { req(a, "mul", "a"); req(b, "mul", "b"); }
        public int opcode() { return 0x04; }
        public String mnemonic() { return "mul"; }
        public List<Wire> inputs() { return List.of(a, b); }
        public int results() { return 1; }
        public Op mapWires(UnaryOperator<Wire> f) { return new Mul(f.apply(a), f.apply(b)); }
    }

    /** One {@code coef · wire} term of a {@link LinComb}; {@code coef} is a constant index. */
    record Term(int coef, Wire wire) {
        public Term {
            if (coef < 0) {
                throw new IllegalArgumentException("lincomb: coefficient constant index must be >= 0, got " + coef);
            }
            req(wire, "lincomb", "wire");
        }
    }

    /** {@code Σ constants[coef]·wire + constants[bias]}: no multiplication constraint. */
    record LinComb(List<Term> terms, int bias) implements Op {
        public LinComb {
            terms = List.copyOf(Objects.requireNonNull(terms, "lincomb: terms"));
            if (bias < 0) {
                throw new IllegalArgumentException("lincomb: bias constant index must be >= 0, got " + bias);
            }
        }

        public int opcode() { return 0x05; }
        public String mnemonic() { return "lincomb"; }
        public List<Wire> inputs() { return terms.stream().map(Term::wire).toList(); }
        public int results() { return 1; }
        public Op mapWires(UnaryOperator<Wire> f) {
            return new LinComb(terms.stream().map(t -> new Term(t.coef(), f.apply(t.wire()))).toList(), bias);
        }
    }

    record AssertEq(Wire a, Wire b) implements Op {
        public AssertEq { req(a, "assert_eq", "a"); req(b, "assert_eq", "b"); }
        public int opcode() { return 0x06; }
        public String mnemonic() { return "assert_eq"; }
        public List<Wire> inputs() { return List.of(a, b); }
        public int results() { return 0; }
        public Op mapWires(UnaryOperator<Wire> f) { return new AssertEq(f.apply(a), f.apply(b)); }
    }

    record AssertBool(Wire a) implements Op {
        public AssertBool { req(a, "assert_bool", "a"); }
        public int opcode() { return 0x07; }
        public String mnemonic() { return "assert_bool"; }
        public List<Wire> inputs() { return List.of(a); }
        public int results() { return 0; }
        public Op mapWires(UnaryOperator<Wire> f) { return new AssertBool(f.apply(a)); }
    }

    /** {@code cond ? a : b}; {@code cond} is asserted boolean. */
    record Select(Wire cond, Wire a, Wire b) implements Op {
        public Select { req(cond, "select", "cond"); req(a, "select", "a"); req(b, "select", "b"); }
        public int opcode() { return 0x08; }
        public String mnemonic() { return "select"; }
        public List<Wire> inputs() { return List.of(cond, a, b); }
        public int results() { return 1; }
        public Op mapWires(UnaryOperator<Wire> f) { return new Select(f.apply(cond), f.apply(a), f.apply(b)); }
    }

    /** {@code 0 <= a < 2^bits}. */
    record RangeCheck(Wire a, int bits) implements Op {
        public RangeCheck { req(a, "range_check", "a"); checkBits("range_check", "bits", bits, 1); }
        public int opcode() { return 0x09; }
        public String mnemonic() { return "range_check"; }
        public List<Wire> inputs() { return List.of(a); }
        public int results() { return 0; }
        public Op mapWires(UnaryOperator<Wire> f) { return new RangeCheck(f.apply(a), bits); }
    }

    /** {@code floor(a / 2^shift)} for signed {@code a} in {@code [-2^(bits-1), 2^(bits-1))}. */
    record Rescale(Wire a, int shift, int bits) implements Op {
        public Rescale {
            req(a, "rescale", "a");
            checkBits("rescale", "bits", bits, 2);
            if (shift < 1 || shift >= bits) {
                throw new IllegalArgumentException("rescale: shift " + shift + " must satisfy 1 <= shift < bits = "
                        + bits);
            }
        }

        public int opcode() { return 0x0A; }
        public String mnemonic() { return "rescale"; }
        public List<Wire> inputs() { return List.of(a); }
        public int results() { return 1; }
        public Op mapWires(UnaryOperator<Wire> f) { return new Rescale(f.apply(a), shift, bits); }
    }

    /** {@code a - b < 0 ? 1 : 0} for {@code a - b} in {@code [-2^bits, 2^bits)}. */
    record Less(Wire a, Wire b, int bits) implements Op {
        public Less { req(a, "less", "a"); req(b, "less", "b"); checkBits("less", "bits", bits, 1); }
        public int opcode() { return 0x0B; }
        public String mnemonic() { return "less"; }
        public List<Wire> inputs() { return List.of(a, b); }
        public int results() { return 1; }
        public Op mapWires(UnaryOperator<Wire> f) { return new Less(f.apply(a), f.apply(b), bits); }
    }

    /** {@code max(a, b)} for {@code a - b} in {@code [-2^bits, 2^bits)}. */
    record Max(Wire a, Wire b, int bits) implements Op {
        public Max { req(a, "max", "a"); req(b, "max", "b"); checkBits("max", "bits", bits, 1); }
        public int opcode() { return 0x0C; }
        public String mnemonic() { return "max"; }
        public List<Wire> inputs() { return List.of(a, b); }
        public int results() { return 1; }
        public Op mapWires(UnaryOperator<Wire> f) { return new Max(f.apply(a), f.apply(b), bits); }
    }

    /** {@code max(a, 0)} for {@code a} in {@code [-2^bits, 2^bits)}. */
    record Relu(Wire a, int bits) implements Op {
        public Relu { req(a, "relu", "a"); checkBits("relu", "bits", bits, 1); }
        public int opcode() { return 0x0D; }
        public String mnemonic() { return "relu"; }
        public List<Wire> inputs() { return List.of(a); }
        public int results() { return 1; }
        public Op mapWires(UnaryOperator<Wire> f) { return new Relu(f.apply(a), bits); }
    }

    /** {@code tables[table].values[a - minKey]}. */
    record Lookup(int table, Wire a) implements Op {
        public Lookup {
            if (table < 0) {
                throw new IllegalArgumentException("lookup: table index must be >= 0, got " + table);
            }
            req(a, "lookup", "a");
        }

        public int opcode() { return 0x0E; }
        public String mnemonic() { return "lookup"; }
        public List<Wire> inputs() { return List.of(a); }
        public int results() { return 1; }
        public Op mapWires(UnaryOperator<Wire> f) { return new Lookup(table, f.apply(a)); }
    }

    /** The Poseidon2 Merkle–Damgård hash of the inputs in order (gnark std/hash/poseidon2). */
    record Poseidon2(List<Wire> in) implements Op {
        public Poseidon2 {
            in = List.copyOf(Objects.requireNonNull(in, "poseidon2: inputs"));
            if (in.isEmpty()) {
                throw new IllegalArgumentException("poseidon2: needs at least one input");
            }
        }

        public int opcode() { return 0x0F; }
        public String mnemonic() { return "poseidon2"; }
        public List<Wire> inputs() { return in; }
        public int results() { return 1; }
        public Op mapWires(UnaryOperator<Wire> f) { return new Poseidon2(in.stream().map(f).toList()); }
    }

    /** {@code a == 0 ? 1 : 0}. */
    record IsZero(Wire a) implements Op {
        public IsZero { req(a, "is_zero", "a"); }
        public int opcode() { return 0x10; }
        public String mnemonic() { return "is_zero"; }
        public List<Wire> inputs() { return List.of(a); }
        public int results() { return 1; }
        public Op mapWires(UnaryOperator<Wire> f) { return new IsZero(f.apply(a)); }
    }

    /**
     * EdDSA signature check on gnark's twisted Edwards curve over BN254 with the Poseidon2 challenge
     * ({@link io.zkinfer.circuits.data.sign.EdDsa}): public key {@code (pkX, pkY)}, signature {@code (rX, rY, s)},
     * message {@code msg} (one field element).
     */
    record EddsaVerify(Wire pkX, Wire pkY, Wire rX, Wire rY, Wire s, Wire msg) implements Op {
        public EddsaVerify {
            req(pkX, "eddsa_verify", "pkX");
            req(pkY, "eddsa_verify", "pkY");
            req(rX, "eddsa_verify", "rX");
            req(rY, "eddsa_verify", "rY");
            req(s, "eddsa_verify", "s");
            req(msg, "eddsa_verify", "msg");
        }

        public int opcode() { return 0x20; }
        public String mnemonic() { return "eddsa_verify"; }
        public List<Wire> inputs() { return List.of(pkX, pkY, rX, rY, s, msg); }
        public int results() { return 0; }
        public Op mapWires(UnaryOperator<Wire> f) {
            return new EddsaVerify(f.apply(pkX), f.apply(pkY), f.apply(rX), f.apply(rY), f.apply(s), f.apply(msg));
        }
    }
}
