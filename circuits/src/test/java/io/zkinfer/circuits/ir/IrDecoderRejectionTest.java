package io.zkinfer.circuits.ir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zkinfer.circuits.field.Fr;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Every rejection docs/ir.md lists, on hand-made bytes. */
class IrDecoderRejectionTest {

    /** A tiny writer for hand-made IR bytes. */
    static final class B {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        B raw(int... bytes) {
            for (int x : bytes) {
                out.write(x);
            }
            return this;
        }

        B uv(long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
            return this;
        }

        B str(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            uv(b.length);
            out.writeBytes(b);
            return this;
        }

        B bytes(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        int size() {
            return out.size();
        }

        byte[] get() {
            return out.toByteArray();
        }
    }

    /** Header with inputs a (public), b (private), constants [5], no tables. */
    static B header() {
        return new B().raw('Z', 'K', 'I', 'R').uv(1).str("t").uv(1).str("a").uv(1).str("b").uv(1).uv(1).raw(5).uv(0);
    }

    static B ops(int n) {
        return header().uv(n);
    }

    private static void rejects(byte[] bytes, long offset, String message) {
        assertThatThrownBy(() -> IrCodec.decode(bytes))
                .isInstanceOf(IrFormatException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((IrFormatException) e).offset()).isEqualTo(offset));
    }

    @Test
    void acceptsTheBaseline() {
        Circuit c = IrCodec.decode(ops(1).raw(0x02).uv(0).uv(1).uv(1).uv(2).str("y").get());
        assertThat(c.ops()).containsExactly(new Op.Add(new Wire(0), new Wire(1)));
        assertThat(c.outputs()).containsExactly(new Output("y", new Wire(2)));
    }

    @Test
    void wrongMagicOrVersion() {
        rejects(new B().raw('Z', 'K', 'I', 'X').uv(1).get(), 3, "wrong magic");
        rejects(new B().raw('Z', 'K').get(), 2, "wrong magic");
        rejects(new B().raw('Z', 'K', 'I', 'R').uv(2).get(), 4, "unsupported IR version 2");
        rejects(new B().raw('Z', 'K', 'I', 'R').uv(0).get(), 4, "supports version 1");
    }

    @Test
    void badVarints() {
        rejects(new B().raw('Z', 'K', 'I', 'R').raw(0x81).get(), 4, "truncated varint");
        rejects(new B().raw('Z', 'K', 'I', 'R', 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01)
                .get(), 4, "over-long varint");
        rejects(new B().raw('Z', 'K', 'I', 'R', 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02).get(),
                4, "overflows 64 bits");
        rejects(new B().raw('Z', 'K', 'I', 'R', 0x81, 0x00).get(), 4, "non-minimal varint");
        // an index above 2^31 - 1
        B b = ops(1).raw(0x02);
        int at = b.size();
        rejects(b.uv(1L << 31).uv(0).get(), at, "exceeds 2^31 - 1");
    }

    @Test
    void truncatedCountsAndStrings() {
        rejects(new B().raw('Z', 'K', 'I', 'R').uv(1).uv(5).raw('a').get(), 5, "truncated");
        rejects(new B().raw('Z', 'K', 'I', 'R').uv(1).str("t").uv(1_000_000).get(), 7, "1000000 public inputs");
        byte[] full = IrCodec.encode(Circuits.allOps());
        for (int n = 0; n < full.length; n++) {
            byte[] prefix = Arrays.copyOf(full, n);
            assertThatThrownBy(() -> IrCodec.decode(prefix)).as("prefix of %d bytes", n)
                    .isInstanceOf(IrFormatException.class);
        }
    }

    @Test
    void nonCanonicalFieldElements() {
        // the constant's length varint is at byte 14 (magic 4, version 1, 3 names of 2 bytes with 3 counts)
        B r = new B().raw('Z', 'K', 'I', 'R').uv(1).str("t").uv(1).str("a").uv(1).str("b").uv(1).uv(32)
                .bytes(Fr.toBytes32(Fr.MODULUS.subtract(java.math.BigInteger.ONE)));
        byte[] atR = r.get();
        atR[atR.length - 1] += 1; // r - 1 + 1 = r
        rejects(new B().bytes(atR).uv(0).uv(0).uv(0).get(), 14, ">= r");
        rejects(new B().raw('Z', 'K', 'I', 'R').uv(1).str("t").uv(1).str("a").uv(1).str("b").uv(1).uv(2).raw(0, 5)
                .uv(0).uv(0).uv(0).get(), 14, "leading zero byte");
        rejects(new B().raw('Z', 'K', 'I', 'R').uv(1).str("t").uv(1).str("a").uv(1).str("b").uv(1).uv(33)
                .bytes(new byte[33]).get(), 14, "33 bytes");
    }

    @Test
    void namesMustBeValidUniqueAndNonEmpty() {
        rejects(new B().raw('Z', 'K', 'I', 'R').uv(1).uv(2).raw(0xC3, 0x28).get(), 5, "not valid UTF-8");
        rejects(new B().raw('Z', 'K', 'I', 'R').uv(1).str("t").uv(1).str("a").uv(1).str("a").get(), 11,
                "'a' is already used");
        rejects(new B().raw('Z', 'K', 'I', 'R').uv(1).str("t").uv(1).str("").get(), 8, "empty name");
        B out = ops(0).uv(1).uv(0);
        int at = out.size();
        rejects(out.str("b").get(), at, "output name 'b' is already used");
    }

    @Test
    void opcodes() {
        int at = ops(1).size();
        rejects(ops(1).raw(0x11).uv(0).uv(0).get(), at, "unknown opcode 0x11");
        rejects(ops(1).raw(0x00).uv(0).uv(0).get(), at, "unknown opcode 0x00");
        rejects(ops(1).raw(0x20).uv(0).uv(0).uv(0).uv(0).uv(0).uv(9).get(), at,
                "reads wire 9 which does not exist yet");
    }

    @Test
    void indicesOutOfRange() {
        int at = ops(1).size();
        rejects(ops(1).raw(0x02).uv(0).uv(2).uv(0).get(), at, "reads wire 2 which does not exist yet");
        rejects(ops(1).raw(0x01).uv(1).uv(0).get(), at, "constant index 1 which is out of range (1 constants)");
        rejects(ops(1).raw(0x05).uv(1).uv(0).uv(0).uv(3).uv(0).get(), at, "bias uses constant index 3");
        rejects(ops(1).raw(0x05).uv(1).uv(7).uv(0).uv(0).uv(0).get(), at, "coefficient 0 uses constant index 7");
        rejects(ops(1).raw(0x0E).uv(0).uv(0).uv(0).get(), at, "table index 0 is out of range (0 tables)");
        B b = ops(0).uv(1);
        int outAt = b.size();
        rejects(b.uv(2).str("y").get(), outAt, "names wire 2 but the circuit has only 2 wires");
        // an op may read the wire created by the op before it, not its own
        rejects(ops(2).raw(0x02).uv(0).uv(1).raw(0x02).uv(3).uv(0).uv(0).get(), at + 3, "reads wire 3");
    }

    @Test
    void bitWidthsAndShift() {
        int at = ops(1).size();
        rejects(ops(1).raw(0x09).uv(0).uv(0).uv(0).get(), at, "range_check: bits 0 is outside [1, 240]");
        rejects(ops(1).raw(0x09).uv(0).uv(241).uv(0).get(), at, "range_check: bits 241 is outside [1, 240]");
        rejects(ops(1).raw(0x0B).uv(0).uv(1).uv(241).uv(0).get(), at, "less: bits 241");
        rejects(ops(1).raw(0x0C).uv(0).uv(1).uv(0).uv(0).get(), at, "max: bits 0");
        rejects(ops(1).raw(0x0D).uv(0).uv(300).uv(0).get(), at, "relu: bits 300");
        rejects(ops(1).raw(0x0A).uv(0).uv(8).uv(8).uv(0).get(), at, "shift 8 must satisfy 1 <= shift < bits = 8");
        rejects(ops(1).raw(0x0A).uv(0).uv(0).uv(8).uv(0).get(), at, "shift 0 must satisfy");
        rejects(ops(1).raw(0x0A).uv(0).uv(8).uv(241).uv(0).get(), at, "rescale: bits 241");
        assertThat(IrCodec.decode(ops(1).raw(0x09).uv(0).uv(240).uv(0).get()).ops()).hasSize(1);
    }

    @Test
    void emptyTablesAndHashes() {
        B t = new B().raw('Z', 'K', 'I', 'R').uv(1).str("t").uv(0).uv(0).uv(0).uv(1).str("sq").raw(0x07);
        int at = t.size();
        rejects(t.uv(0).uv(0).uv(0).get(), at, "table 'sq' has no values");
        rejects(new B().raw('Z', 'K', 'I', 'R').uv(1).str("t").uv(0).uv(0).uv(0).uv(2).str("s").raw(0).uv(1).uv(0)
                .str("s").raw(0).uv(1).uv(0).uv(0).uv(0).get(), 16, "duplicate table name 's'");
        int opAt = ops(1).size();
        rejects(ops(1).raw(0x0F).uv(0).uv(0).get(), opAt, "poseidon2: needs at least one input");
    }

    @Test
    void trailingBytes() {
        byte[] ok = ops(0).uv(0).get();
        assertThat(IrCodec.decode(ok).ops()).isEmpty();
        rejects(new B().bytes(ok).raw(0).get(), ok.length, "1 trailing bytes");
    }

    @Test
    void svarintMinKeyRoundTrips() {
        for (long k : new long[] {0, -1, 1, Long.MIN_VALUE, Long.MAX_VALUE - 1, -128}) {
            Circuit c = new Circuit("t", java.util.List.of(), java.util.List.of(), java.util.List.of(),
                    java.util.List.of(new Table("t", k, java.util.List.of(java.math.BigInteger.ONE))),
                    java.util.List.of(), java.util.List.of());
            assertThat(IrCodec.decode(c.encode())).isEqualTo(c);
        }
    }
}
