package io.zkinfer.bench;

import io.zkinfer.circuits.data.BulkFormat;
import io.zkinfer.circuits.data.BulkProver;
import io.zkinfer.circuits.data.CommittedBulkDataset;
import io.zkinfer.circuits.data.DataStatement;
import io.zkinfer.circuits.data.Dataset;
import io.zkinfer.circuits.data.DatasetCheck;
import io.zkinfer.circuits.data.SyntheticPopulation;
import io.zkinfer.circuits.data.policy.Policy;
import io.zkinfer.circuits.data.policy.PolicyCompiler;
import io.zkinfer.circuits.field.Fr;
import io.zkinfer.circuits.ir.Circuit;
import io.zkinfer.circuits.ir.Witness;
import io.zkinfer.prover.Backend;
import io.zkinfer.prover.CompileOptions;
import io.zkinfer.prover.CompiledCircuit;
import io.zkinfer.prover.KeyPair;
import io.zkinfer.prover.Proof;
import io.zkinfer.prover.ProofTarget;
import io.zkinfer.prover.SetupOptions;
import io.zkinfer.prover.ZkProver;
import io.zkinfer.verifier.Verifier;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * Range, count and moments over a large committed dataset (bulk format, docs/data-properties.md "Large datasets"),
 * proved with Groth16 chunk by chunk plus one combine proof, verified natively and with the pure-Java verifier.
 *
 * <p>Usage: {@code DataAtScale [rows=100000] [chunkSize=4096] [seed=42]}; run with
 * {@code benchmarks/data-at-scale.sh}. Prints progress, then a summary (markdown) that also goes to
 * {@code benchmarks/target/data-at-scale.md}. Peak memory is the process's VmHWM (/proc/self/status).
 */
public final class DataAtScale {

    public static void main(String[] args) throws IOException {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int chunkSize = args.length > 1 ? Integer.parseInt(args[1]) : 4096;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 42;
        long t0 = System.nanoTime();

        Dataset data = SyntheticPopulation.generate(rows, seed);
        log("generated %,d rows (seed %d): age, income, employed", rows, seed);
        long t = System.nanoTime();
        CommittedBulkDataset cd = CommittedBulkDataset.commit(data, chunkSize, new SecureRandom());
        double commitS = secs(t);
        BulkFormat f = cd.format();
        int chunks = cd.commitment().chunks();
        log("committed in %.1f s: %d chunks of %d rows, %d bits/row, %d rows per field element, %d elements per"
                + " chunk leaf, D = %s...", commitS, chunks, chunkSize, f.rowBits(), f.rowsPerElement(),
                f.elementsPerChunk(), cd.commitment().commitment().toString().substring(0, 12));

        List<DatasetCheck> checks = statement(data);
        log("statement: %s", checks);

        t = System.nanoTime();
        Circuit chunkCircuit = BulkProver.chunkCircuit(cd.schema(), chunkSize, checks);
        double buildS = secs(t);
        List<Proof> chunkProofs = new ArrayList<>();
        List<List<BigInteger>> chunkPublic = new ArrayList<>();
        List<BigInteger> combinePublic;
        Proof combineProof;
        byte[] chunkVk;
        byte[] combineVk;
        long chunkConstraints;
        long combineConstraints;
        double chunkCompileS;
        double chunkSetupS;
        double combineCompileS;
        double combineSetupS;
        double combineProveS;
        double witnessS = 0;
        double chunkSetupCpu;
        double proveCpu = 0;
        List<Double> proveS = new ArrayList<>();
        SecureRandom random = new SecureRandom();
        java.util.Map<String, BigInteger> combineIn = new java.util.HashMap<>();
        combineIn.put("dataset_commitment", cd.commitment().commitment());
        t = System.nanoTime();
        try (CompiledCircuit cc = ZkProver.compile(chunkCircuit, Backend.GROTH16, CompileOptions.defaults())) {
            chunkCompileS = secs(t);
            chunkConstraints = cc.stats().constraints();
            log("chunk circuit: built in %.1f s, compiled in %.1f s: %,d constraints (%.1f per row); RSS %s",
                    buildS, chunkCompileS, chunkConstraints, chunkConstraints / (double) chunkSize, mem());
            t = System.nanoTime();
            double c0 = cpu();
            try (KeyPair keys = cc.setup(SetupOptions.development())) {
                chunkSetupS = secs(t);
                chunkSetupCpu = cpu() - c0;
                chunkVk = keys.verifyingKey().toBytes();
                log("chunk setup (once for all %d chunks): %.1f s (CPU %.1f s); RSS %s", chunks, chunkSetupS,
                        chunkSetupCpu, mem());
                for (int j = 0; j < chunks; j++) {
                    BigInteger salt = io.zkinfer.circuits.data.DataCommitter.randomSalt(random);
                    t = System.nanoTime();
                    DataStatement st = BulkProver.chunk(chunkCircuit, cd, j, salt);
                    Witness w = st.witness();
                    witnessS += secs(t);
                    combineIn.putAll(BulkProver.combineInputs(cd, j, checks, salt));
                    t = System.nanoTime();
                    double c1 = cpu();
                    Proof p = cc.prove(keys.provingKey(), w, ProofTarget.NATIVE);
                    double s = secs(t);
                    proveCpu += cpu() - c1;
                    proveS.add(s);
                    chunkProofs.add(p);
                    chunkPublic.add(w.publicValues());
                    double done = proveS.stream().mapToDouble(Double::doubleValue).sum();
                    log("chunk %2d/%d (%4d rows) proved in %5.1f s; ETA %.0f s; RSS %s", j + 1, chunks,
                            f.rowsIn(rows, j), s, done / (j + 1) * (chunks - j - 1), mem());
                }
            }
        }
        Circuit combineCircuit = BulkProver.combineCircuit(cd.schema(), rows, chunkSize, checks);
        DataStatement combine = new DataStatement(combineCircuit, combineIn);
        t = System.nanoTime();
        try (CompiledCircuit cc = ZkProver.compile(combineCircuit, Backend.GROTH16, CompileOptions.defaults())) {
            combineCompileS = secs(t);
            combineConstraints = cc.stats().constraints();
            t = System.nanoTime();
            try (KeyPair keys = cc.setup(SetupOptions.development())) {
                combineSetupS = secs(t);
                combineVk = keys.verifyingKey().toBytes();
                Witness w = combine.witness();
                t = System.nanoTime();
                combineProof = cc.prove(keys.provingKey(), w, ProofTarget.NATIVE);
                combineProveS = secs(t);
                combinePublic = w.publicValues();
                log("combine circuit (%d chunks): %,d constraints, compile %.1f s, setup %.1f s, prove %.1f s; RSS %s",
                        chunks, combineConstraints, combineCompileS, combineSetupS, combineProveS, mem());
            }
        }

        // ---- verification, as a verifier does it: public values from D and the combine proof
        t = System.nanoTime();
        List<List<BigInteger>> expected = BulkProver.chunkPublicValues(cd.commitment(), combinePublic);
        BulkProver.checkChunkLinks(cd.commitment(), chunkPublic, combinePublic);
        boolean okNative;
        try (var cvk = io.zkinfer.prover.VerifyingKey.fromBytes(combineVk);
             var vk = io.zkinfer.prover.VerifyingKey.fromBytes(chunkVk)) {
            okNative = cvk.verify(combineProof, combinePublic);
            for (int j = 0; j < chunks; j++) {
                okNative &= vk.verify(chunkProofs.get(j), expected.get(j));
            }
        }
        double verifyNativeS = secs(t);
        t = System.nanoTime();
        boolean okJava = Verifier.verify(combineVk, combineProof.toBytes(), combinePublic).isValid();
        for (int j = 0; j < chunks; j++) {
            okJava &= Verifier.verify(chunkVk, chunkProofs.get(j).toBytes(), expected.get(j)).isValid();
        }
        double verifyJavaS = secs(t);
        log("verified %d chunk proofs + combine: native %s in %.2f s, pure Java %s in %.2f s", chunks,
                okNative ? "VALID" : "INVALID", verifyNativeS, okJava ? "VALID" : "INVALID", verifyJavaS);

        // ---- negative checks: another D, swapped chunks
        List<BigInteger> otherD = new ArrayList<>(combinePublic);
        otherD.set(0, Fr.add(otherD.get(0), BigInteger.ONE));
        boolean rejectD = !Verifier.verify(combineVk, combineProof.toBytes(), otherD).isValid();
        boolean rejectSwap = chunks < 2 || !Verifier.verify(chunkVk, chunkProofs.get(1).toBytes(), expected.get(0))
                .isValid();
        log("tampered D rejected: %s; chunk 1's proof in chunk 0's place rejected: %s", rejectD, rejectSwap);

        double total = secs(t0);
        double proveTotal = proveS.stream().mapToDouble(Double::doubleValue).sum();
        String summary = String.format("""
                | quantity | value |
                |---|---|
                | rows, chunk size, chunks | %,d, %,d, %d |
                | row layout | %d bits, %d rows per field element, %d elements per chunk leaf |
                | statement | %s |
                | commit (Java, all chunk leaves + tree) | %.1f s |
                | chunk circuit | %,d constraints (%.1f per row), compile %.1f s |
                | chunk setup (once) | %.1f s wall, %.1f s CPU |
                | chunk prove | %.1f s total wall (%.1f s CPU), %.1f s mean, %.1f s min, %.1f s max (+ %.1f s Java witnesses in all) |
                | combine circuit | %,d constraints, compile %.1f s, setup %.1f s, prove %.1f s |
                | verify %d + 1 proofs | native %.2f s, pure Java %.2f s (%s, %s) |
                | tampered D / swapped chunk | %s / %s |
                | peak RSS (VmHWM) | %s |
                | wall time, everything | %.0f s (CPU %.0f s; load average at the end %.1f on %d CPUs) |
                """, rows, chunkSize, chunks, f.rowBits(), f.rowsPerElement(), f.elementsPerChunk(),
                checks.toString().replace("|", "\\|"), commitS, chunkConstraints,
                chunkConstraints / (double) chunkSize, chunkCompileS, chunkSetupS, chunkSetupCpu, proveTotal, proveCpu,
                proveTotal / chunks,
                proveS.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                proveS.stream().mapToDouble(Double::doubleValue).max().orElse(0), witnessS, combineConstraints,
                combineCompileS, combineSetupS, combineProveS, chunks, verifyNativeS, verifyJavaS,
                okNative ? "valid" : "INVALID", okJava ? "valid" : "INVALID", rejectD ? "rejected" : "ACCEPTED",
                rejectSwap ? "rejected" : "ACCEPTED", hwm(), total, cpu(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
        System.out.println();
        System.out.print(summary);
        Path out = Path.of("benchmarks", "target", "data-at-scale.md");
        if (!Files.isDirectory(out.getParent())) {
            out = Path.of("target", "data-at-scale.md");
        }
        Files.createDirectories(out.getParent());
        Files.writeString(out, summary);
        boolean pass = okNative && okJava && rejectD && rejectSwap;
        System.out.println(pass ? "PASS" : "FAIL");
        System.exit(pass ? 0 : 1);
    }

    /** A true statement about the generated data, with bounds a data owner would publish. */
    static List<DatasetCheck> statement(Dataset data) {
        Policy high = Policy.parse("income >= 100000 && employed");
        long k = data.rows().stream().filter(r -> PolicyCompiler.evaluate(high, data.schema(), r)).count();
        BigDecimal n = BigDecimal.valueOf(data.size());
        BigDecimal s = BigDecimal.ZERO;
        BigDecimal q = BigDecimal.ZERO;
        for (List<BigInteger> r : data.rows()) {
            BigDecimal x = new BigDecimal(r.get(1));
            s = s.add(x);
            q = q.add(x.multiply(x));
        }
        BigDecimal mean = s.divide(n, MathContext.DECIMAL128);
        BigDecimal var = q.divide(n, MathContext.DECIMAL128).subtract(mean.multiply(mean));
        BigDecimal mLo = mean.setScale(-2, RoundingMode.FLOOR);          // to the hundred dollars
        BigDecimal vLo = var.setScale(-7, RoundingMode.FLOOR);           // to 10^7 dollars²
        return List.of(new DatasetCheck.ColumnRange("age", "18", "95"),
                new DatasetCheck.Count(high, k, k),
                new DatasetCheck.Mean("income", mLo.toPlainString(), mLo.add(BigDecimal.valueOf(100)).toPlainString()),
                new DatasetCheck.Variance("income", vLo.toPlainString(),
                        vLo.add(BigDecimal.valueOf(10_000_000)).toPlainString()),
                new DatasetCheck.Mean("age", "40", "45"));
    }

    /** CPU seconds of this process so far (all threads, Go's included). */
    private static double cpu() {
        return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }

    private static double secs(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static void log(String fmt, Object... args) {
        System.out.printf("[%s] %s%n", java.time.LocalTime.now().withNano(0), String.format(fmt, args));
    }

    private static String mem() {
        return status("VmRSS") + " (peak " + status("VmHWM") + ")";
    }

    private static String hwm() {
        return status("VmHWM");
    }

    private static String status(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key + ":")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.format("%.0f MiB", kb / 1024.0);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return "n/a";
    }
}
