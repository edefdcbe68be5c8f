package io.zkinfer.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zkinfer.prover.Backend;
import io.zkinfer.prover.CompileOptions;
import io.zkinfer.prover.CompiledCircuit;
import io.zkinfer.prover.KeyPair;
import io.zkinfer.prover.Proof;
import io.zkinfer.prover.ProofTarget;
import io.zkinfer.prover.SetupOptions;
import io.zkinfer.prover.ZkProver;
import io.zkinfer.prover.internal.NativeApi;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Cost of proving through the JVM (FFM downcalls into libzkprover.so) against the same proof in plain Go.
 *
 * <p>Per backend: asks prover-native's {@code gobench} for its synthetic circuit ({@code -emit-ir}: IR, witness), proves
 * it {@code runs} times from Java after one warm-up proof, then runs {@code gobench} itself with the same circuit size
 * and number of runs. Two measurements: (1) the boundary cost, per call, as the Java call's wall time minus gnark's
 * own Prove time measured inside the native library ({@link Proof#gnarkProveTime()}), which machine load barely
 * touches because both clocks run in the same call; (2) gnark's Prove time hosted in the JVM against the same Prove
 * in the plain-Go process, which shows whether running inside a JVM slows gnark itself (two processes: noisier). It also times a
 * trivial downcall ({@code zk_info}: a malloc'ed result copied and freed) to bound the per-call boundary cost.
 *
 * <p>{@code java --enable-native-access=ALL-UNNAMED -cp ... FfmOverhead GOBENCH_BINARY [log=16] [runs=5]
 * [backends=groth16,plonk]}
 */
public final class FfmOverhead {

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: FfmOverhead GOBENCH_BINARY [log2=16] [runs=5] [backends=groth16,plonk]");
            System.exit(2);
        }
        Path gobench = Path.of(args[0]);
        int log = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        String backends = args.length > 3 ? args[3] : "groth16,plonk";

        System.out.printf(Locale.ROOT, "FfmOverhead: 2^%d constraints, %d runs, native %s%n", log, runs,
                ZkProver.nativeInfo());
        callOverhead();
        List<String> rows = new ArrayList<>();
        for (String b : backends.split(",")) {
            rows.add(compare(gobench, Backend.valueOf(b.trim().toUpperCase(Locale.ROOT)), log, runs));
        }
        System.out.println();
        System.out.println("| backend | constraints | Java prove call ms | gnark Prove inside it ms "
                + "| boundary = call − gnark, ms (% of gnark), median [max] "
                + "| plain-Go gnark Prove ms | in-JVM vs plain-Go gnark | Java CPU ms/proof | Go CPU ms/proof |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    /** Round trip of a trivial export: downcall, Go JSON marshal + malloc, copy to Java, zk_free. */
    static void callOverhead() {
        for (int i = 0; i < 20_000; i++) {
            NativeApi.info();
        }
        int n = 100_000;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            NativeApi.info();
        }
        double us = (System.nanoTime() - t0) / 1e3 / n;
        System.out.printf(Locale.ROOT, "zk_info round trip (downcall + Go work + copy + zk_free): %.2f µs per call%n",
                us);
    }

    static String compare(Path gobench, Backend backend, int log, int runs) throws Exception {
        String b = backend.id();
        Path dir = Files.createTempDirectory("ffm-overhead");
        Path ir = dir.resolve(b + "-" + log + ".zkir");
        exec(List.of(gobench.toString(), "-backend", b, "-log", Integer.toString(log), "-emit-ir", ir.toString(),
                "-emit-only"), "emitting the circuit");
        byte[] irBytes = Files.readAllBytes(ir);
        byte[] witness = Files.readAllBytes(Path.of(ir + ".witness"));

        double[] javaMs = new double[runs];
        double[] gnarkMs = new double[runs];   // gnark's Prove alone, timed inside the native library
        double[] boundaryMs = new double[runs]; // everything else in the call: FFM, copies, witness parsing, encoding
        double[] javaCpu = new double[runs];
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean();
        long constraints;
        try (CompiledCircuit cc = progress(b + ": compile", () -> ZkProver.compile(irBytes, backend,
                CompileOptions.defaults()));
             KeyPair keys = progress(b + ": setup (development)", () -> cc.setup(SetupOptions.development()))) {
            constraints = cc.stats().constraints();
            System.out.printf(Locale.ROOT, "%s: %d constraints, circuit %s%n", b, constraints, cc.circuitHash());
            Proof warm = progress(b + ": warm-up proof", () -> cc.proveGnarkWitness(keys.provingKey(), witness,
                    ProofTarget.NATIVE));
            if (!keys.verifyingKey().verify(warm, warm.publicInputs())) {
                throw new IllegalStateException("the warm-up proof does not verify");
            }
            for (int i = 0; i < runs; i++) {
                System.gc(); // the Java heap only: Go's heap is collected by Go, during the proof, as in gobench
                             // (which forces no GC between proofs unless run with -gc)
                long c0 = os.getProcessCpuTime();
                long t0 = System.nanoTime();
                Proof p = cc.proveGnarkWitness(keys.provingKey(), witness, ProofTarget.NATIVE);
                javaMs[i] = (System.nanoTime() - t0) / 1e6;
                javaCpu[i] = (os.getProcessCpuTime() - c0) / 1e6;
                gnarkMs[i] = p.gnarkProveTime().orElseThrow().toNanos() / 1e6;
                boundaryMs[i] = javaMs[i] - gnarkMs[i];
                System.out.printf(Locale.ROOT, "%s: Java run %d/%d: %.1f ms wall (gnark Prove %.1f ms, boundary %.3f "
                        + "ms), %.1f ms CPU%n", b, i + 1, runs, javaMs[i], gnarkMs[i], boundaryMs[i], javaCpu[i]);
            }
        }

        // Plain Go: wall times from gobench's own timer; CPU per proof from two runs that differ only in the number
        // of proofs (the process CPU of compile + setup cancels out). CPU time is what a busy machine distorts least.
        Timed one = timedGobench(gobench, b, log, 1);
        Timed many = timedGobench(gobench, b, log, runs + 1);
        JsonNode go = new ObjectMapper().readTree(many.line());
        double[] goMs = new double[runs];
        for (int i = 0; i < runs; i++) {
            goMs[i] = go.get("proveMs").get(i + 1).asDouble(); // the first proof is its warm-up, as in Java
        }
        if (go.get("constraints").asLong() != constraints) {
            throw new IllegalStateException("gobench proved " + go.get("constraints") + " constraints, Java "
                    + constraints);
        }
        double goCpu = (many.cpuMs() - one.cpuMs()) / runs;
        double jm = median(javaMs), gm = median(goMs), inJvm = median(gnarkMs), jc = median(javaCpu);
        double bm = median(boundaryMs), bmax = Arrays.stream(boundaryMs).max().orElseThrow();
        System.out.printf(Locale.ROOT, "%s: Java runs %s ms wall, gnark Prove inside %s ms, boundary %s ms, %s ms CPU%n"
                + "%s: Go   runs %s ms wall, %.0f ms CPU per proof%n", b, fmt(javaMs), fmt(gnarkMs),
                fmt3(boundaryMs), fmt(javaCpu), b, fmt(goMs), goCpu);
        return String.format(Locale.ROOT, "| %s | %d | %.0f | %.0f | %.2f (%.3f%%) [%.2f] | %.0f | %+.1f%% | %.0f | %.0f |",
                b, constraints, jm, inJvm, bm, 100 * bm / inJvm, bmax, gm, 100 * (inJvm - gm) / gm, jc, goCpu);
    }

    record Timed(String line, double cpuMs) {
    }

    /** Runs gobench under /usr/bin/time to get its user + system CPU time. */
    static Timed timedGobench(Path gobench, String b, int log, int runs) throws Exception {
        Path times = Files.createTempFile("gobench-cpu", ".txt");
        String line = exec(List.of("/usr/bin/time", "-o", times.toString(), "-f", "%U %S", gobench.toString(),
                "-backend", b, "-log", Integer.toString(log), "-runs", Integer.toString(runs)),
                b + ": gobench -runs " + runs + " (plain Go: compile + setup + proofs)");
        String[] us = Files.readString(times).trim().split("\\s+");
        return new Timed(line, 1000 * (Double.parseDouble(us[us.length - 2]) + Double.parseDouble(us[us.length - 1])));
    }

    interface Step<T> {
        T run() throws Exception;
    }

    /** Runs a long step while printing a heartbeat every 10 s. */
    static <T> T progress(String what, Step<T> step) throws Exception {
        System.out.printf("%s ...%n", what);
        long t0 = System.nanoTime();
        Thread ticker = Thread.ofPlatform().daemon().start(() -> {
            try {
                while (true) {
                    Thread.sleep(10_000);
                    System.out.printf(Locale.ROOT, "  ... %s: %.0f s%n", what, (System.nanoTime() - t0) / 1e9);
                }
            } catch (InterruptedException done) {
                // step finished
            }
        });
        try {
            T t = step.run();
            System.out.printf(Locale.ROOT, "%s: %.1f s%n", what, (System.nanoTime() - t0) / 1e9);
            return t;
        } finally {
            ticker.interrupt();
        }
    }

    /** Runs a command, returns its last stdout line; fails on a non-zero exit. */
    static String exec(List<String> cmd, String what) throws Exception {
        return progress(what, () -> {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String last = "";
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                    last = l;
                }
            }
            if (p.waitFor() != 0) {
                throw new IllegalStateException(what + " failed: " + cmd);
            }
            return last;
        });
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static double min(double[] v) {
        return Arrays.stream(v).min().orElseThrow();
    }

    static String fmt3(double[] v) {
        StringBuilder sb = new StringBuilder("[");
        for (double d : v) {
            sb.append(sb.length() > 1 ? ", " : "").append(String.format(Locale.ROOT, "%.3f", d));
        }
        return sb.append("]").toString();
    }

    static String fmt(double[] v) {
        StringBuilder sb = new StringBuilder("[");
        for (double d : v) {
            sb.append(sb.length() > 1 ? ", " : "").append(String.format(Locale.ROOT, "%.0f", d));
        }
        return sb.append("]").toString();
    }
}
