package io.zkinfer.prover;

import io.zkinfer.circuits.field.Fr;
import io.zkinfer.circuits.field.Poseidon2;
import io.zkinfer.circuits.ir.Circuit;
import io.zkinfer.circuits.ir.CircuitBuilder;
import io.zkinfer.circuits.ir.Wire;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static java.math.BigInteger.valueOf;

/**
 * Small circuits that together use every IR op, with honest witnesses computed by hand (independently of the circuits
 * module's evaluator, so a bug there cannot hide one here).
 */
final class TestCircuits {

    private TestCircuits() {
    }

    /** A circuit and an honest assignment: public inputs, outputs, private inputs (canonical field elements). */
    record Instance(Circuit circuit, List<BigInteger> publicInputs, List<BigInteger> outputs,
                    List<BigInteger> privateInputs) {

        byte[] ir() {
            return circuit.encode();
        }

        /** public inputs ‖ outputs: what a verifier checks a proof against. */
        List<BigInteger> publicValues() {
            List<BigInteger> v = new ArrayList<>(publicInputs);
            v.addAll(outputs);
            return List.copyOf(v);
        }

        byte[] witness() {
            return TestCircuits.witness(publicInputs, outputs, privateInputs);
        }

        Instance withOutputs(List<BigInteger> newOutputs) {
            return new Instance(circuit, publicInputs, newOutputs, privateInputs);
        }

        Instance withPrivateInputs(List<BigInteger> newPrivate) {
            return new Instance(circuit, publicInputs, outputs, newPrivate);
        }
    }

    static byte[] witness(List<BigInteger> pub, List<BigInteger> out, List<BigInteger> priv) {
        int nPub = pub.size() + out.size();
        int n = nPub + priv.size();
        ByteBuffer b = ByteBuffer.allocate(12 + 32 * n);
        b.putInt(nPub).putInt(priv.size()).putInt(n);
        List<BigInteger> all = new ArrayList<>(pub);
        all.addAll(out);
        all.addAll(priv);
        for (BigInteger v : all) {
            byte[] raw = v.toByteArray();
            byte[] e = new byte[32];
            int len = Math.min(raw.length, 32);
            System.arraycopy(raw, raw.length - len, e, 32 - len, len);
            b.put(e);
        }
        return b.array();
    }

    static BigInteger f(long v) {
        return Fr.fromSigned(v);
    }

    /**
     * const, add, sub, mul, lincomb, assert_eq, assert_bool, select, is_zero. No range check, so it compiles with and
     * without commitments alike.
     */
    static Instance arithmetic() {
        CircuitBuilder b = new CircuitBuilder("arith");
        Wire x = b.publicInput("x");
        Wire w = b.privateInput("w");
        Wire bias = b.privateInput("b");
        Wire flag = b.privateInput("flag");
        Wire three = b.constant(3);
        Wire s = b.add(x, w);
        Wire d = b.sub(s, bias);
        Wire m = b.mul(d, w);
        Wire l = b.linearCombination(new long[] {2, -1}, List.of(m, x), 5);
        b.assertBoolean(flag);
        Wire sel = b.select(flag, l, three);
        Wire z = b.isZero(b.sub(x, x));
        Wire nz = b.isZero(x);
        b.assertEqual(z, b.constant(1));
        b.output("y", sel);
        b.output("z", z);
        b.output("nz", nz);
        // x=2, w=3, b=1, flag=1: s=5, d=4, m=12, l=2*12-2+5=27, y=27, z=1, nz=0
        return new Instance(b.build(), List.of(f(2)), List.of(f(27), f(1), f(0)), List.of(f(3), f(1), f(1)));
    }

    /**
     * rescale, less, max, relu, range_check, poseidon2, and (with {@code lookup}) lookup. Without the lookup it also
     * compiles commitment-free.
     */
    static Instance nonlinear(boolean lookup) {
        CircuitBuilder b = new CircuitBuilder(lookup ? "nonlinear" : "nonlinear-nolookup");
        Wire a = b.publicInput("a");
        Wire p = b.privateInput("p");
        Wire q = b.privateInput("q");
        Wire k = b.privateInput("k");
        b.rangeCheck(p, 8);
        Wire r = b.rescale(a, 4, 16);
        Wire lt = b.less(p, q, 8);
        Wire mx = b.max(p, q, 8);
        Wire ra = b.relu(a, 16);
        Wire rp = b.relu(p, 8);
        Wire h = b.poseidon2(p, q);
        b.output("r", r);
        b.output("lt", lt);
        b.output("mx", mx);
        b.output("ra", ra);
        b.output("rp", rp);
        b.output("h", h);
        // a=-100, p=5, q=9, k=-1: r=floor(-100/16)=-7, lt=1, max=9, relu(a)=0, relu(p)=5, sq(-1)=1
        List<BigInteger> out = new ArrayList<>(List.of(f(-7), f(1), f(9), f(0), f(5), Poseidon2.hash(f(5), f(9))));
        if (lookup) {
            var sq = b.table("sq", -2, List.of(valueOf(4), valueOf(1), valueOf(0), valueOf(1), valueOf(4)));
            b.output("sq", b.lookup(sq, k));
            out.add(f(1));
        } else {
            b.rangeCheck(b.add(k, b.constant(2)), 3); // keeps k used
        }
        return new Instance(b.build(), List.of(f(-100)), List.copyOf(out), List.of(f(5), f(9), f(-1)));
    }

    /** One multiplication: the cheapest circuit to prove many times. */
    static Instance tiny() {
        CircuitBuilder b = new CircuitBuilder("tiny");
        Wire x = b.publicInput("x");
        Wire w = b.privateInput("w");
        b.output("y", b.mul(x, w));
        return new Instance(b.build(), List.of(f(6)), List.of(f(42)), List.of(f(7)));
    }

    /** The same shape as {@link #tiny()} but another circuit (another hash). */
    static Instance tinyOther() {
        CircuitBuilder b = new CircuitBuilder("tiny-other");
        Wire x = b.publicInput("x");
        Wire w = b.privateInput("w");
        b.output("y", b.add(x, w));
        return new Instance(b.build(), List.of(f(6)), List.of(f(13)), List.of(f(7)));
    }
}
