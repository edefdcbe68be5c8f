package io.zkinfer.cli.conformance;

import io.zkinfer.circuits.field.Fr;
import io.zkinfer.circuits.ir.Circuit;
import io.zkinfer.circuits.quant.CompiledModel;
import io.zkinfer.circuits.quant.Lowering;
import io.zkinfer.circuits.quant.QuantizedGraph;
import io.zkinfer.prover.Backend;
import io.zkinfer.prover.CompileOptions;
import io.zkinfer.prover.CompiledCircuit;
import io.zkinfer.prover.KeyPair;
import io.zkinfer.prover.Proof;
import io.zkinfer.prover.ProofTarget;
import io.zkinfer.prover.SetupOptions;
import io.zkinfer.prover.ZkProver;
import io.zkinfer.verifier.Verifier;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One model end to end on one backend: gnark compile, development setup, prove the executor's witness, verify with
 * the pure-Java verifier ({@link Verifier}) against the public values the executor expects, check that a tampered
 * output is rejected, and decode the proven outputs. Nothing is trusted from the prover: the outputs returned are the
 * ones the verified public values carry, and they are compared with the quantized executor's here.
 */
final class ProvingPipeline {

    private ProvingPipeline() {
    }

    /**
     * @param constraints R1CS constraints (Groth16) or gates (PLONK); -1 when the circuit was not compiled
     * @param skipped     why the circuit was not set up (too large), or null
     * @param failure     why proving or verification failed, or null
     * @param proven      de-quantized outputs decoded from the verified public values, by output name
     */
    record Outcome(Backend backend, long constraints, double compileS, double setupS, double proveS, double verifyS,
                   int proofBytes, Map<String, double[]> proven, String skipped, String failure) {

        boolean proved() {
            return skipped == null && failure == null;
        }
    }

    static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    static Outcome run(CompiledModel m, CompiledModel.ModelWitness w, Backend backend, long maxConstraints) {
        long t0 = System.nanoTime();
        try (CompiledCircuit cc = ZkProver.compile(m.circuit(), backend, CompileOptions.defaults())) {
            double compileS = secs(t0);
            long constraints = cc.stats().constraints();
            if (constraints > maxConstraints) {
                return new Outcome(backend, constraints, compileS, 0, 0, 0, 0, Map.of(),
                        "not proved: too large for this machine, " + constraints + " constraints (budget "
                                + maxConstraints + ")", null);
            }
            t0 = System.nanoTime();
            try (KeyPair keys = cc.setup(SetupOptions.development())) {
                double setupS = secs(t0);
                t0 = System.nanoTime();
                Proof proof = cc.prove(keys.provingKey(), w.witness(), ProofTarget.NATIVE);
                double proveS = secs(t0);
                byte[] vk = keys.verifyingKey().toBytes();
                byte[] pf = proof.toBytes();
                // the verifier checks the proof against the values *it* expects: the quantized executor's
                List<BigInteger> expected = w.witness().publicValues();
                t0 = System.nanoTime();
                Verifier.Result r = Verifier.verify(vk, pf, expected);
                double verifyS = secs(t0);
                String failure = null;
                if (!r.isValid()) {
                    failure = "pure-Java verifier: " + r.outcome() + ": " + r.message();
                } else if (!proof.publicInputs().equals(expected)) {
                    failure = "the proof's public values differ from the executor's";
                } else if (!expected.isEmpty()) {
                    List<BigInteger> tampered = new ArrayList<>(expected);
                    int last = tampered.size() - 1;
                    tampered.set(last, Fr.reduce(tampered.get(last).add(BigInteger.ONE)));
                    Verifier.Result bad = Verifier.verify(vk, pf, tampered);
                    if (bad.outcome() != Verifier.Outcome.INVALID) {
                        failure = "the verifier accepted a tampered output (" + bad.outcome() + ")";
                    }
                }
                Map<String, double[]> proven = Map.of();
                if (failure == null) {
                    proven = provenOutputs(m, proof.publicInputs());
                    failure = compareWithExecutor(m, w, proof.publicInputs());
                }
                return new Outcome(backend, constraints, compileS, setupS, proveS, verifyS, pf.length, proven, null,
                        failure);
            }
        } catch (RuntimeException e) {
            return new Outcome(backend, -1, secs(t0), 0, 0, 0, 0, Map.of(), null,
                    e.getClass().getSimpleName() + ": " + firstLine(e.getMessage()));
        }
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        String t = s.strip();
        int nl = t.indexOf('\n');
        return (nl < 0 ? t : t.substring(0, nl)).replace('|', '/');
    }

    /** Output name → position among the public values (public inputs first, then outputs). */
    private static Map<String, Integer> positions(Circuit c) {
        Map<String, Integer> pos = new HashMap<>();
        int base = c.publicInputs().size();
        for (int i = 0; i < c.outputs().size(); i++) {
            pos.put(c.outputs().get(i).name(), base + i);
        }
        return pos;
    }

    private static int size(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** The de-quantized outputs that the public values prove (public outputs only). */
    static Map<String, double[]> provenOutputs(CompiledModel m, List<BigInteger> publicValues) {
        Map<String, Integer> pos = positions(m.circuit());
        Map<String, double[]> r = new LinkedHashMap<>();
        for (QuantizedGraph.Output o : m.quantized().outputs()) {
            int n = size(o.shape());
            if (!pos.containsKey(Lowering.outputName(o.name(), 0))) {
                continue;
            }
            double[] d = new double[n];
            for (int k = 0; k < n; k++) {
                d[k] = Fr.toSigned(publicValues.get(pos.get(Lowering.outputName(o.name(), k)))).doubleValue()
                        / Math.pow(2, o.scale());
            }
            r.put(o.name(), d);
        }
        return r;
    }

    /** Every proven output integer equals the quantized executor's; returns the first difference, or null. */
    static String compareWithExecutor(CompiledModel m, CompiledModel.ModelWitness w, List<BigInteger> publicValues) {
        Map<String, Integer> pos = positions(m.circuit());
        int compared = 0;
        for (QuantizedGraph.Output o : m.quantized().outputs()) {
            long[] q = w.quantized().get(o.name());
            for (int k = 0; k < size(o.shape()); k++) {
                Integer p = pos.get(Lowering.outputName(o.name(), k));
                if (p == null) {
                    continue;
                }
                BigInteger proven = Fr.toSigned(publicValues.get(p));
                if (q == null || k >= q.length || !proven.equals(BigInteger.valueOf(q[k]))) {
                    return "proven output " + o.name() + "[" + k + "] = " + proven + " but the quantized executor "
                            + "gives " + (q == null || k >= q.length ? "nothing" : q[k]);
                }
                compared++;
            }
        }
        return compared == 0 ? "no public outputs to compare" : null;
    }
}
