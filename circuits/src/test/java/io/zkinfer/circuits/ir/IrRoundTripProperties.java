package io.zkinfer.circuits.ir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zkinfer.circuits.field.Fr;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Random valid circuits survive the binary and JSON round trips; corrupted bytes only ever fail as IrFormatException. */
class IrRoundTripProperties {

    static Circuit randomCircuit(long seed) {
        Random r = new Random(seed);
        List<String> pub = new ArrayList<>();
        List<String> priv = new ArrayList<>();
        for (int i = r.nextInt(3); i > 0; i--) {
            pub.add("p" + pub.size());
        }
        for (int i = 1 + r.nextInt(3); i > 0; i--) {
            priv.add("s" + priv.size() + (r.nextBoolean() ? "ü" : ""));
        }
        List<BigInteger> constants = new ArrayList<>();
        for (int i = 1 + r.nextInt(4); i > 0; i--) {
            constants.add(switch (r.nextInt(3)) {
                case 0 -> BigInteger.valueOf(r.nextInt(1000));
                case 1 -> Fr.fromSigned(-r.nextInt(1000));
                default -> new BigInteger(256, r).mod(Fr.MODULUS);
            });
        }
        List<Table> tables = new ArrayList<>();
        for (int i = r.nextInt(3); i > 0; i--) {
            List<BigInteger> vs = new ArrayList<>();
            for (int k = 1 + r.nextInt(5); k > 0; k--) {
                vs.add(Fr.fromSigned(r.nextInt(200) - 100));
            }
            tables.add(new Table("t" + tables.size(), r.nextLong(), vs));
        }
        int wires = pub.size() + priv.size();
        List<Op> ops = new ArrayList<>();
        for (int i = r.nextInt(25); i > 0; i--) {
            int n = wires;
            java.util.function.Supplier<Wire> w = () -> new Wire(r.nextInt(n));
            int bits = 1 + r.nextInt(Op.MAX_BITS);
            int code = 1 + r.nextInt(16);
            Op op = switch (code) {
                case 1 -> new Op.Const(r.nextInt(constants.size()));
                case 2 -> new Op.Add(w.get(), w.get());
                case 3 -> new Op.Sub(w.get(), w.get());
                case 4 -> new Op.Mul(w.get(), w.get());
                case 5 -> {
                    List<Op.Term> terms = new ArrayList<>();
                    for (int k = r.nextInt(4); k > 0; k--) {
                        terms.add(new Op.Term(r.nextInt(constants.size()), w.get()));
                    }
                    yield new Op.LinComb(terms, r.nextInt(constants.size()));
                }
                case 6 -> new Op.AssertEq(w.get(), w.get());
                case 7 -> new Op.AssertBool(w.get());
                case 8 -> new Op.Select(w.get(), w.get(), w.get());
                case 9 -> new Op.RangeCheck(w.get(), bits);
                case 10 -> {
                    int b = 2 + r.nextInt(Op.MAX_BITS - 1);
                    yield new Op.Rescale(w.get(), 1 + r.nextInt(b - 1), b);
                }
                case 11 -> new Op.Less(w.get(), w.get(), bits);
                case 12 -> new Op.Max(w.get(), w.get(), bits);
                case 13 -> new Op.Relu(w.get(), bits);
                case 14 -> tables.isEmpty() ? new Op.IsZero(w.get()) : new Op.Lookup(r.nextInt(tables.size()), w.get());
                case 15 -> {
                    List<Wire> in = new ArrayList<>();
                    for (int k = 1 + r.nextInt(4); k > 0; k--) {
                        in.add(w.get());
                    }
                    yield new Op.Poseidon2(in);
                }
                default -> new Op.IsZero(w.get());
            };
            ops.add(op);
            wires += op.results();
        }
        List<Output> outputs = new ArrayList<>();
        for (int i = r.nextInt(3); i > 0; i--) {
            outputs.add(new Output("o" + i, new Wire(r.nextInt(wires))));
        }
        return new Circuit("random-" + seed, pub, priv, constants, tables, ops, outputs);
    }

    @Property(tries = 300)
    void binaryRoundTrip(@ForAll long seed) {
        Circuit c = randomCircuit(seed);
        byte[] bytes = IrCodec.encode(c);
        assertThat(IrCodec.decode(bytes)).isEqualTo(c);
        assertThat(IrCodec.decode(bytes).hash()).isEqualTo(c.hash());
    }

    @Property(tries = 100)
    void jsonRoundTrip(@ForAll long seed) {
        Circuit c = randomCircuit(seed);
        assertThat(IrJson.parse(IrJson.render(c))).isEqualTo(c);
    }

    @Property(tries = 300)
    void corruptedBytesFailCleanlyOrDecodeToAValidCircuit(@ForAll long seed, @ForAll @IntRange(min = 0,
            max = 10_000) int position, @ForAll byte value) {
        byte[] bytes = IrCodec.encode(randomCircuit(seed));
        bytes[position % bytes.length] = value;
        try {
            Circuit c = IrCodec.decode(bytes);
            assertThat(IrCodec.encode(c)).isEqualTo(bytes); // decoding is injective: the encoding is canonical
        } catch (IrFormatException e) {
            assertThat(e.offset()).isBetween(0L, (long) bytes.length);
        }
    }

    @Property(tries = 50)
    void everyStrictPrefixIsRejected(@ForAll long seed) {
        byte[] bytes = IrCodec.encode(randomCircuit(seed));
        for (int n = 0; n < bytes.length; n++) {
            byte[] prefix = java.util.Arrays.copyOf(bytes, n);
            assertThatThrownBy(() -> IrCodec.decode(prefix)).isInstanceOf(IrFormatException.class);
        }
    }
}
