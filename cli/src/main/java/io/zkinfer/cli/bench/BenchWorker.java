package io.zkinfer.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkinfer.circuits.model.Graph;
import io.zkinfer.circuits.model.Tensor;
import io.zkinfer.circuits.onnx.OnnxImporter;
import io.zkinfer.circuits.quant.CompileSettings;
import io.zkinfer.circuits.quant.CompiledModel;
import io.zkinfer.circuits.quant.ModelCompiler;
import io.zkinfer.prover.Backend;
import io.zkinfer.prover.CircuitStats;
import io.zkinfer.prover.CompileOptions;
import io.zkinfer.prover.CompiledCircuit;
import io.zkinfer.prover.KeyPair;
import io.zkinfer.prover.Proof;
import io.zkinfer.prover.ProofTarget;
import io.zkinfer.prover.SetupOptions;
import io.zkinfer.prover.ZkProver;
import io.zkinfer.verifier.Verifier;

import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One measured run of one model on one backend, in a fresh JVM started by {@link BenchHarness} (so peak RSS and cold
 * timings are those of a real CLI invocation). Phases: compile (ONNX import + calibration + lowering + gnark
 * frontend), setup (development keys), prove (quantized executor + witness + gnark prover), verify (pure-Java
 * verifier, first call in the process: cold; then warm repeats; and gnark's native verify). Each phase's peak RSS is
 * VmHWM after resetting it through /proc/self/clear_refs. Prints one {@code BENCH-RESULT {json}} line on stdout and
 * progress on stderr.
 *
 * <p>Arguments: {@code ROOT MANIFEST MODEL BACKEND TARGET WORKDIR GAS(true|false)}.
 */
public final class BenchWorker {

    static final String RESULT_PREFIX = "BENCH-RESULT ";
    private static final int WARM_VERIFIES = 10;
    private static final long WARMUP_NANOS = 3_000_000_000L;

    private final ObjectNode result = new ObjectMapper().createObjectNode();
    private final ObjectNode phases = result.putObject("phases");
    private final PrintStream progress = System.err;

    public static void main(String[] args) throws Exception {
        if (args.length != 7) {
            System.err.println("usage: BenchWorker ROOT MANIFEST MODEL BACKEND TARGET WORKDIR GAS");
            System.exit(2);
        }
        BenchWorker w = new BenchWorker();
        try {
            w.run(Path.of(args[0]), Path.of(args[1]), args[2], args[3], args[4], Path.of(args[5]),
                    Boolean.parseBoolean(args[6]));
            w.result.put("ok", true);
        } catch (Throwable e) {
            w.result.put("ok", false);
            w.result.put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        System.out.println(RESULT_PREFIX + w.result);
        System.out.flush();
        System.exit(0);
    }

    private void run(Path root, Path manifest, String modelName, String backendName, String targetName, Path work,
                     boolean gas) throws Exception {
        BenchModel m = BenchModel.load(root, manifest).stream().filter(x -> x.name().equals(modelName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no model " + modelName + " in " + manifest));
        Backend backend = Backend.valueOf(backendName.toUpperCase(Locale.ROOT));
        CompileSettings.Target target = CompileSettings.Target.valueOf(targetName.toUpperCase(Locale.ROOT));
        Files.createDirectories(work);

        Graph graph = OnnxImporter.load(m.onnx());
        Map<String, Tensor> input = BenchModel.samples(graph, m.input()).get(0);
        List<Map<String, Tensor>> calibration = BenchModel.samples(graph, m.calibration());

        CompiledModel model = phase("compile.quantize", () ->
                ModelCompiler.compile(graph, CompileSettings.defaults(calibration).withTarget(target)));
        try (CompiledCircuit compiled = phase("compile.gnark", () ->
                ZkProver.compile(model.circuit(), backend, CompileOptions.defaults()))) {
            combine("compile", "compile.quantize", "compile.gnark");
            CircuitStats stats = compiled.stats();
            result.put("constraints", stats.constraints());
            result.put("commitments", stats.commitments());
            result.put("irOps", model.circuit().ops().size());
            result.put("scale", model.report().chosenScale());
            result.put("paramScale", model.report().chosenParamScale());

            try (KeyPair keys = phase("setup", () -> compiled.setup(SetupOptions.development()))) {
                Path pk = work.resolve("pk.bin");
                keys.provingKey().writeTo(pk);
                result.put("pkBytes", Files.size(pk));
                Files.delete(pk);
                byte[] vk = keys.verifyingKey().toBytes();
                result.put("vkBytes", vk.length);

                CompiledModel.ModelWitness w = phase("prove.witness", () -> model.witness(input));
                Proof proof = phase("prove.gnark", () ->
                        compiled.prove(keys.provingKey(), w.witness(), ProofTarget.NATIVE));
                combine("prove", "prove.witness", "prove.gnark");
                byte[] proofBytes = proof.toBytes();
                result.put("proofBytes", proof.solidityCalldata().length);
                result.put("proofFileBytes", proofBytes.length);
                List<BigInteger> pub = w.witness().publicValues();
                result.put("publicValues", pub.size());

                Verifier.Result v = phase("verify", () -> Verifier.verify(vk, proofBytes, pub));
                if (!v.isValid()) {
                    throw new IllegalStateException("the pure-Java verifier rejected the proof: " + v.message());
                }
                boolean nativeOk = phase("verify.gnark", () -> keys.verifyingKey().verify(proof, pub));
                if (!nativeOk) {
                    throw new IllegalStateException("gnark rejected the proof");
                }
                accuracy(m, w.outputs());
                result.put("verifyWarmSeconds", warmVerify(vk, proofBytes, pub));
                if (gas) {
                    gas(root, work, compiled, keys, w, pub);
                }
            }
        }
    }

    /**
     * Verify time of an application that verifies many proofs: after about 3 s of warm-up calls (JIT), the median of
     * 10 timed calls. Outside the phases, so it does not count towards peak RSS.
     */
    private static double warmVerify(byte[] vk, byte[] proof, List<BigInteger> pub) {
        long start = System.nanoTime();
        for (int i = 0; i < 10 || System.nanoTime() - start < WARMUP_NANOS; i++) {
            Verifier.verify(vk, proof, pub);
        }
        double[] t = new double[WARM_VERIFIES];
        for (int i = 0; i < t.length; i++) {
            long t0 = System.nanoTime();
            Verifier.verify(vk, proof, pub);
            t[i] = (System.nanoTime() - t0) / 1e9;
        }
        return BenchHarness.median(t);
    }

    /** Max |zkinfer - onnxruntime| over float outputs; integer outputs (labels) must match exactly. */
    private void accuracy(BenchModel m, Map<String, double[]> outputs) throws Exception {
        double err = 0;
        boolean labels = true;
        ObjectNode outs = result.putObject("outputs");
        for (Map.Entry<String, BenchModel.Reference> e : BenchModel.reference(m.reference()).entrySet()) {
            double[] got = outputs.get(e.getKey());
            if (got == null || got.length != e.getValue().data().length) {
                throw new IllegalStateException("output " + e.getKey() + " missing or of the wrong size");
            }
            var arr = outs.putArray(e.getKey());
            for (int i = 0; i < got.length; i++) {
                arr.add(got[i]);
                double ref = e.getValue().data()[i];
                if (e.getValue().isFloat()) {
                    err = Math.max(err, Math.abs(got[i] - ref));
                } else {
                    labels &= Math.round(got[i]) == Math.round(ref);
                }
            }
        }
        result.put("maxAbsError", err);
        result.put("labelsMatch", labels);
    }

    /** Gas of one on-chain verification: Solidity export, a SOLIDITY-target proof, contracts/evm/evm-verify.mjs. */
    private void gas(Path root, Path work, CompiledCircuit compiled, KeyPair keys, CompiledModel.ModelWitness w,
                     List<BigInteger> pub) {
        try {
            Path sol = work.resolve("Verifier.sol");
            Files.writeString(sol, keys.verifyingKey().exportSolidity());
            Proof p = compiled.prove(keys.provingKey(), w.witness(), ProofTarget.SOLIDITY);
            Path proofHex = work.resolve("proof.hex");
            Files.writeString(proofHex, HexFormat.of().formatHex(p.solidityCalldata()));
            Path inputs = work.resolve("inputs.txt");
            Files.writeString(inputs, pub.stream().map(BigInteger::toString).collect(Collectors.joining(",")));
            Process proc = new ProcessBuilder("node", root.resolve("contracts/evm/evm-verify.mjs").toString(),
                    "--sol", sol.toString(), "--proof-file", proofHex.toString(), "--inputs-file", inputs.toString())
                    .redirectErrorStream(true).start();
            String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!proc.waitFor(300, TimeUnit.SECONDS) || proc.exitValue() != 0) {
                result.put("gasError", "evm-verify exited " + (proc.isAlive() ? "(timeout)" : proc.exitValue())
                        + ": " + out.strip().lines().filter(l -> l.contains("Error") || l.startsWith("{"))
                        .findFirst().orElse(out.strip()));
                return;
            }
            for (String line : out.split("\n")) {
                if (line.startsWith("gas: ")) {
                    result.put("gas", Long.parseLong(line.substring(5).trim()));
                }
            }
        } catch (Exception e) {
            result.put("gasError", e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private <T> T phase(String name, Callable<T> work) throws Exception {
        boolean reset = resetPeak();
        progress.printf(Locale.ROOT, "      %-16s ...%n", name);
        long t0 = System.nanoTime();
        T r = work.call();
        double s = (System.nanoTime() - t0) / 1e9;
        ObjectNode p = phases.putObject(name);
        p.put("seconds", s);
        p.put("peakRssKiB", reset ? peakRssKiB() : -1);
        progress.printf(Locale.ROOT, "      %-16s %.3f s, peak RSS %d MiB%n", name, s, peakRssKiB() / 1024);
        return r;
    }

    private void combine(String name, String a, String b) {
        ObjectNode p = phases.putObject(name);
        p.put("seconds", phases.get(a).get("seconds").asDouble() + phases.get(b).get("seconds").asDouble());
        p.put("peakRssKiB", Math.max(phases.get(a).get("peakRssKiB").asLong(), phases.get(b).get("peakRssKiB").asLong()));
    }

    /** Resets VmHWM to the current RSS (Linux ≥ 4.0); false where that is not allowed. */
    static boolean resetPeak() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    static long peakRssKiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (Exception e) {
            // not Linux
        }
        return -1;
    }
}
