package io.zkinfer.bench;

import io.zkinfer.circuits.field.Fr;
import io.zkinfer.circuits.ir.Circuit;
import io.zkinfer.circuits.ir.CircuitBuilder;
import io.zkinfer.circuits.ir.Wire;
import io.zkinfer.prover.Backend;
import io.zkinfer.prover.CompileOptions;
import io.zkinfer.prover.CompiledCircuit;
import io.zkinfer.prover.KeyPair;
import io.zkinfer.prover.Proof;
import io.zkinfer.prover.ProofTarget;
import io.zkinfer.prover.SetupOptions;
import io.zkinfer.prover.ZkProver;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Native memory stays flat over many proofs in one JVM.
 *
 * <p>Proves (and verifies) a small circuit with a deliberately large witness ({@value #INPUTS} private inputs, 32 KiB
 * per witness), so that a leak of any per-call buffer (witness copy, proof bytes, error strings, Go handles of proofs)
 * grows RSS by at least 32 MiB per 1,000 proofs. RSS (VmRSS of /proc/self/status) is printed before, every 100 proofs
 * and after; after a warm-up (Go heap and JIT settle) it may grow by at most the bound, else the exit status is 1.
 *
 * <p>Run with a fixed, pre-touched Java heap so that RSS changes are native memory:
 * {@code java -Xms256m -Xmx256m -XX:+AlwaysPreTouch --enable-native-access=ALL-UNNAMED -cp ... MemoryStability
 * [proofs=1000] [warmup=100] [boundMiB=24] [backends=GROTH16,PLONK]}
 */
public final class MemoryStability {

    static final int INPUTS = 1024;

    public static void main(String[] args) throws Exception {
        int proofs = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        long boundMiB = args.length > 2 ? Long.parseLong(args[2]) : 24;
        String backends = args.length > 3 ? args[3] : "GROTH16,PLONK";
        boolean ok = true;
        System.out.printf("MemoryStability: %d proofs per backend after %d warm-up proofs, bound %d MiB, "
                + "witness %d private inputs; RSS at start %.1f MiB%n", proofs, warmup, boundMiB, INPUTS, rssMiB());
        for (String name : backends.split(",")) {
            ok &= run(Backend.valueOf(name.trim()), proofs, warmup, boundMiB);
        }
        System.out.println(ok ? "PASS" : "FAIL");
        System.exit(ok ? 0 : 1);
    }

    static boolean run(Backend backend, int proofs, int warmup, long boundMiB) {
        Circuit circuit = circuit();
        byte[] witness = witness();
        List<BigInteger> publicValues = List.of(expectedSum());
        try (CompiledCircuit cc = ZkProver.compile(circuit.encode(), backend, CompileOptions.defaults());
             KeyPair keys = cc.setup(SetupOptions.development())) {
            System.out.printf("%s: %d constraints, RSS after setup %.1f MiB%n", backend, cc.stats().constraints(),
                    rssMiB());
            for (int i = 0; i < warmup; i++) {
                proveAndVerify(cc, keys, witness, publicValues);
            }
            System.gc();
            double base = rssMiB();
            double max = base;
            System.out.printf("%s: after %d warm-up proofs RSS %.1f MiB (baseline)%n", backend, warmup, base);
            long t0 = System.nanoTime();
            for (int i = 1; i <= proofs; i++) {
                proveAndVerify(cc, keys, witness, publicValues);
                if (i % 100 == 0) {
                    double rss = rssMiB();
                    max = Math.max(max, rss);
                    System.out.printf("%s: %5d proofs  RSS %7.1f MiB  (%+.1f)  %.1f ms/proof%n", backend, i, rss,
                            rss - base, (System.nanoTime() - t0) / 1e6 / i);
                }
            }
            System.gc();
            double after = rssMiB();
            double growth = Math.max(after, max) - base;
            boolean ok = growth <= boundMiB;
            System.out.printf("%s: RSS baseline %.1f MiB, max %.1f, after %.1f: growth %.1f MiB (bound %d) %s%n",
                    backend, base, max, after, growth, boundMiB, ok ? "ok" : "EXCEEDED");
            return ok;
        }
    }

    static void proveAndVerify(CompiledCircuit cc, KeyPair keys, byte[] witness, List<BigInteger> pub) {
        Proof p = cc.proveGnarkWitness(keys.provingKey(), witness, ProofTarget.NATIVE);
        if (!keys.verifyingKey().verify(p, pub)) {
            throw new IllegalStateException("an honest proof did not verify");
        }
    }

    /** y = Σ xᵢ with every xᵢ range-checked to 16 bits, and a Poseidon2 hash of the first two inputs asserted. */
    static Circuit circuit() {
        CircuitBuilder b = new CircuitBuilder("memory-stability");
        List<Wire> xs = b.privateInputs("x", INPUTS);
        for (Wire x : xs) {
            b.rangeCheck(x, 16);
        }
        b.output("sum", b.sum(xs));
        b.poseidon2(xs.get(0), xs.get(1));
        return b.build();
    }

    static BigInteger value(int i) {
        return BigInteger.valueOf((i * 7919L) % 65536);
    }

    static BigInteger expectedSum() {
        BigInteger s = BigInteger.ZERO;
        for (int i = 0; i < INPUTS; i++) {
            s = s.add(value(i));
        }
        return Fr.reduce(s);
    }

    /** gnark's layout: [nbPublic | nbSecret | n | elements], public = the output, secret = the inputs. */
    static byte[] witness() {
        List<BigInteger> all = new ArrayList<>();
        all.add(expectedSum());
        for (int i = 0; i < INPUTS; i++) {
            all.add(value(i));
        }
        ByteBuffer buf = ByteBuffer.allocate(12 + 32 * all.size());
        buf.putInt(1).putInt(INPUTS).putInt(all.size());
        for (BigInteger v : all) {
            byte[] raw = v.toByteArray();
            byte[] e = new byte[32];
            int len = Math.min(raw.length, 32);
            System.arraycopy(raw, raw.length - len, e, 32 - len, len);
            buf.put(e);
        }
        return buf.array();
    }

    static double rssMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/self/status (Linux only)", e);
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
