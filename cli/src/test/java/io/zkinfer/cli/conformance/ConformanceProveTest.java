package io.zkinfer.cli.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zkinfer.circuits.model.FloatExecutor;
import io.zkinfer.circuits.model.Graph;
import io.zkinfer.circuits.model.ModelException;
import io.zkinfer.circuits.model.Shapes;
import io.zkinfer.circuits.model.Tensor;
import io.zkinfer.circuits.model.UnsupportedOperatorException;
import io.zkinfer.circuits.model.ValueInfo;
import io.zkinfer.circuits.onnx.OnnxImporter;
import io.zkinfer.circuits.quant.CompileSettings;
import io.zkinfer.circuits.quant.CompiledModel;
import io.zkinfer.circuits.quant.ModelCompiler;
import io.zkinfer.circuits.quant.ModelVisibility;
import io.zkinfer.circuits.quant.QuantizedGraph;
import io.zkinfer.circuits.quant.Visibility;
import io.zkinfer.prover.Backend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The EZKL conformance models (../shared/conformance/ezkl) proved end to end: import, compile (target resources:
 * the smallest scale 6..14 whose error on the model's input.json meets the tolerance), Groth16 development setup,
 * prove input.json, verify with the pure-Java verifier, check that the proven outputs equal the quantized executor's
 * and are within {@code 0.01 + 0.02·max|reference|} of onnxruntime's (the Java float executor where onnxruntime
 * rejects the model). Circuits above the constraint budget are not set up ("too large for this machine").
 *
 * <p>Opt-in: {@code ./mvnw -B -q -pl cli test -Dtest=ConformanceProveTest -Dzkinfer.conformance.prove=true}. Writes
 * docs/conformance.md when every model ran. Properties: {@code zkinfer.conformance.maxConstraints} (default 2^18),
 * {@code zkinfer.conformance.only} (comma-separated model names; then the doc is not rewritten),
 * {@code zkinfer.conformance.modelTimeoutSeconds} (default 1200: a model whose import and compilation take longer is
 * abandoned and reported, not waited for).
 */
@EnabledIfSystemProperty(named = "zkinfer.conformance.prove", matches = "true")
class ConformanceProveTest {

    static final long DEFAULT_BUDGET = 1L << 18;

    enum Status { PASS, UNSUPPORTED, FAIL }

    record Row(String model, Status status, String detail, String reference, double maxErr, int ops, int scale,
               ProvingPipeline.Outcome proof, double seconds) {

        String proved() {
            if (proof == null) {
                return "";
            }
            if (proof.skipped() != null) {
                return proof.skipped();
            }
            return proof.failure() == null ? "yes" : "no";
        }
    }

    static Path dir() {
        Path p = Path.of("../../shared/conformance/ezkl");
        return Files.isDirectory(p) ? p : Path.of("/work/shared/conformance/ezkl");
    }

    static Path docs() {
        return Path.of(System.getProperty("zkinfer.conformance.docs", "../docs"));
    }

    static Map<String, Tensor> inputs(Graph g, Path json) throws Exception {
        JsonNode data = OrtPython.JSON.readTree(json.toFile()).get("input_data");
        Map<String, Tensor> in = new LinkedHashMap<>();
        for (int i = 0; i < g.inputs().size(); i++) {
            ValueInfo vi = g.inputs().get(i);
            JsonNode arr = data.get(i);
            double[] d = new double[Shapes.size(vi.shape())];
            if (arr == null || arr.size() != d.length) {
                throw new ModelException("input.json gives " + (arr == null ? 0 : arr.size()) + " values for input '"
                        + vi.name() + "' of shape " + Arrays.toString(vi.shape()));
            }
            for (int k = 0; k < d.length; k++) {
                d[k] = arr.get(k).asDouble();
            }
            in.put(vi.name(), new Tensor(vi.shape(), d, vi.type()));
        }
        return in;
    }

    static Row runOne(Path modelDir, long budget) {
        long t0 = System.nanoTime();
        String name = modelDir.getFileName().toString();
        Path onnx = modelDir.resolve("network.onnx");
        try {
            Graph g = OnnxImporter.load(onnx);
            if (!Files.exists(modelDir.resolve("input.json"))) {
                return new Row(name, Status.FAIL, "no input.json", "", Double.NaN, 0, 0, null, secs(t0));
            }
            Map<String, Tensor> in = inputs(g, modelDir.resolve("input.json"));
            Map<String, double[]> ref = new LinkedHashMap<>();
            String refName = "onnxruntime";
            try {
                ref.putAll(OrtPython.run(onnx, g, in));
            } catch (IllegalStateException e) {
                FloatExecutor.run(g, in).forEach((k, v) -> ref.put(k, v.toArray()));
                refName = "Java float executor (onnxruntime: " + ProvingPipeline.firstLine(e.getMessage())
                        .replaceAll(".*Type Error: ", "") + ")";
            }
            // target resources with this run's tolerance (absolute, on the calibration sample), at half the pass
            // criterion of the output with the smallest values, leaving room for float differences to onnxruntime
            double smallestMax = Double.POSITIVE_INFINITY;
            for (ValueInfo o : g.outputs()) {
                double[] r = ref.get(o.name());
                if (r != null) {
                    double mx = 0;
                    for (double x : r) {
                        mx = Math.max(mx, Math.abs(x));
                    }
                    smallestMax = Math.min(smallestMax, mx);
                }
            }
            double tol = 0.5 * (0.01 + 0.02 * (Double.isInfinite(smallestMax) ? 0 : smallestMax));
            CompileSettings d = CompileSettings.defaults(List.of(in));
            CompileSettings s = new CompileSettings(CompileSettings.Target.RESOURCES, OptionalInt.empty(),
                    OptionalInt.empty(), d.candidateScales(), d.lookupBits(),
                    new ModelVisibility(Visibility.PRIVATE, Visibility.PUBLIC, Visibility.PUBLIC), d.calibration(),
                    d.inputRanges(), d.rangeMargin(), tol);
            CompiledModel m = ModelCompiler.compile(g, s);
            int ops = m.circuit().ops().size();
            int scale = m.report() == null ? 0 : m.report().chosenScale();
            CompiledModel.ModelWitness w = m.witness(in);
            ProvingPipeline.Outcome proof = ProvingPipeline.run(m, w, Backend.GROTH16, budget);
            // compare what was proved (the executor's outputs when the circuit was too large to prove here)
            Map<String, double[]> outs = proof.proved() ? proof.proven() : w.outputs();
            double maxErr = 0;
            String worst = "";
            int compared = 0;
            for (QuantizedGraph.Output o : m.quantized().outputs()) {
                double[] r = ref.get(o.name());
                double[] got = outs.get(o.name());
                if (r == null || got == null) {
                    continue;
                }
                compared++;
                double maxRef = 0;
                for (double v : r) {
                    maxRef = Math.max(maxRef, Math.abs(v));
                }
                double passTol = 0.01 + 0.02 * maxRef;
                for (int k = 0; k < r.length && k < got.length; k++) {
                    double e = Math.abs(got[k] - r[k]);
                    maxErr = Math.max(maxErr, e);
                    if (!(e <= passTol) && worst.isEmpty()) {
                        worst = o.name() + "[" + k + "] = " + got[k] + ", reference " + r[k] + " (tolerance " + passTol
                                + ")";
                    }
                }
                if (r.length != got.length && worst.isEmpty()) {
                    worst = o.name() + " has " + got.length + " values, reference " + r.length;
                }
            }
            if (compared == 0) {
                worst = "no output matches a reference output by name (" + ref.keySet() + ")";
            }
            Status st = Status.PASS;
            String detail = "";
            if (!worst.isEmpty()) {
                st = Status.FAIL;
                detail = "outside tolerance: " + worst;
            } else if (proof.failure() != null) {
                st = Status.FAIL;
                detail = "proof: " + proof.failure();
            }
            return new Row(name, st, detail, refName, maxErr, ops, scale, proof, secs(t0));
        } catch (UnsupportedOperatorException e) {
            return new Row(name, Status.UNSUPPORTED, e.getMessage(), "", Double.NaN, 0, 0, null, secs(t0));
        } catch (ModelException e) {
            return new Row(name, Status.FAIL, e.getMessage(), "", Double.NaN, 0, 0, null, secs(t0));
        } catch (Exception e) {
            throw new AssertionError("conformance model " + name + " crashed", e);
        }
    }

    static double secs(long t0) {
        return ProvingPipeline.secs(t0);
    }

    @Test
    void proveConformanceModels() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(dir()), "conformance models not present");
        long budget = Long.getLong("zkinfer.conformance.maxConstraints", DEFAULT_BUDGET);
        String only = System.getProperty("zkinfer.conformance.only", "");
        Set<String> filter = only.isBlank() ? Set.of() : Set.of(only.split(","));
        List<Path> models;
        try (Stream<Path> s = Files.list(dir())) {
            models = s.filter(p -> Files.exists(p.resolve("network.onnx")))
                    .filter(p -> filter.isEmpty() || filter.contains(p.getFileName().toString())).sorted().toList();
        }
        long t0 = System.nanoTime();
        List<Row> rows = new ArrayList<>();
        long timeoutS = Long.getLong("zkinfer.conformance.modelTimeoutSeconds", 1200);
        ExecutorService ex = Executors.newCachedThreadPool(task -> {
            Thread t = new Thread(task, "conformance-model");
            t.setDaemon(true); // an abandoned model must not keep the JVM alive
            return t;
        });
        for (Path p : models) {
            long tm = System.nanoTime();
            Future<Row> f = ex.submit(() -> runOne(p, budget));
            Row r;
            try {
                r = f.get(timeoutS, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                f.cancel(true);
                r = new Row(p.getFileName().toString(), Status.FAIL, "not run to the end: import and compilation took "
                        + "more than " + timeoutS + " s on this machine (abandoned; "
                        + "-Dzkinfer.conformance.modelTimeoutSeconds raises the limit)", "", Double.NaN, 0, 0, null,
                        secs(tm));
            } catch (ExecutionException e) {
                throw new AssertionError(e.getCause());
            }
            System.out.printf(Locale.ROOT, "%-24s %-11s %-8s %8s constraints %7.1fs %s%n", r.model(), r.status(),
                    r.proved().startsWith("not") ? "skipped" : r.proved(),
                    r.proof() == null ? "-" : r.proof().constraints(), r.seconds(), r.detail());
            rows.add(r);
            Files.writeString(Path.of("target/conformance-prove.md"), markdown(rows, budget, timeoutS, secs(t0)));
        }
        if (filter.isEmpty()) {
            Files.writeString(docs().resolve("conformance.md"), markdown(rows, budget, timeoutS, secs(t0)));
        }
        // never a wrong output: every proof that verified carried exactly the executor's outputs
        assertThat(rows).noneMatch(r -> r.proof() != null && r.proof().failure() != null
                && (r.proof().failure().startsWith("proven output") || r.proof().failure().contains("tampered")));
        if (filter.isEmpty()) {
            assertThat(rows.stream().filter(r -> r.status() == Status.PASS && "yes".equals(r.proved())).count())
                    .as("conformance models proved").isGreaterThanOrEqualTo(35);
        }
    }

    static String markdown(List<Row> rows, long budget, long timeoutS, double totalS) {
        long pass = rows.stream().filter(r -> r.status() == Status.PASS).count();
        long proved = rows.stream().filter(r -> r.status() == Status.PASS && "yes".equals(r.proved())).count();
        long tooLarge = rows.stream().filter(r -> r.proved().startsWith("not proved")).count();
        StringBuilder md = new StringBuilder();
        md.append("# Conformance: EZKL example models\n\n")
                .append("Generated by `ConformanceProveTest` (cli module tests; needs `python3` with `onnxruntime` "
                        + "for the reference, else the Java float executor is used):\n\n")
                .append("```\n./mvnw -B -q -pl cli -am install -DskipTests\n"
                        + "./mvnw -B -q -pl cli test -Dtest=ConformanceProveTest -Dzkinfer.conformance.prove=true\n"
                        + "```\n\n")
                .append("(`-Dzkinfer.conformance.maxConstraints=N` changes the constraint budget, "
                        + "`-Dzkinfer.conformance.only=a,b` runs some models and leaves this file alone, "
                        + "`-Dzkinfer.conformance.modelTimeoutSeconds=S` (default 1200) abandons a model whose import "
                        + "and compilation take longer.)\n\n")
                .append("Each model in `../shared/conformance/ezkl` (45 ONNX models from EZKL's examples) is imported "
                        + "and compiled with target `resources` (the smallest scale 6..14 whose max abs error on the "
                        + "model's `input.json` is at most half the pass tolerance below; input range calibrated from that sample with a "
                        + "10% margin; input private, outputs public); then a Groth16 **development** setup, a proof of "
                        + "`input.json`, verification with the pure-Java verifier (`io.zkinfer.verifier.Verifier`) "
                        + "against the quantized executor's public values, and a check that a tampered output is "
                        + "rejected. The proven outputs are decoded from the verified public values, must equal the "
                        + "quantized executor's exactly, and are compared with onnxruntime's float outputs. "
                        + "**pass** = every output within `0.01 + 0.02·max|reference|` (and, when proved, the proof "
                        + "verified). Circuits above ").append(budget)
                .append(" constraints are not set up (\"too large for this machine\"); their error column is the "
                        + "quantized executor's. This run abandoned models whose import and compilation took more than ")
                .append(timeoutS).append(" s.\n\n")
                .append("Result: **").append(proved).append(" / ").append(rows.size()).append(" proved and pass**; ")
                .append(pass).append(" pass (").append(tooLarge).append(" of them too large to prove here), ")
                .append(rows.stream().filter(r -> r.status() == Status.UNSUPPORTED).count()).append(" unsupported, ")
                .append(rows.stream().filter(r -> r.status() == Status.FAIL).count()).append(" fail, 0 crashes. ")
                .append(String.format(Locale.ROOT, "Total run time %.0f s", totalS))
                .append(" on a shared 2-core machine (times below are wall-clock seconds under that load).\n\n")
                .append("| model | status | max abs error | IR ops | scale | constraints | proved | setup s | prove s "
                        + "| verify s | detail |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            String detail = r.detail();
            if (!r.reference().isEmpty() && !r.reference().equals("onnxruntime")) {
                detail = (detail.isEmpty() ? "" : detail + "; ") + "reference: " + r.reference();
            }
            ProvingPipeline.Outcome p = r.proof();
            boolean ok = p != null && p.skipped() == null && p.failure() == null;
            md.append("| ").append(r.model()).append(" | ").append(r.status().name().toLowerCase(Locale.ROOT))
                    .append(" | ").append(Double.isNaN(r.maxErr()) ? "" : String.format(Locale.ROOT, "%.4g",
                            r.maxErr()))
                    .append(" | ").append(r.ops() == 0 ? "" : r.ops())
                    .append(" | ").append(r.scale() == 0 ? "" : r.scale())
                    .append(" | ").append(p == null || p.constraints() < 0 ? "" : p.constraints())
                    .append(" | ").append(r.proved())
                    .append(" | ").append(ok ? String.format(Locale.ROOT, "%.2f", p.compileS() + p.setupS()) : "")
                    .append(" | ").append(ok ? String.format(Locale.ROOT, "%.2f", p.proveS()) : "")
                    .append(" | ").append(ok ? String.format(Locale.ROOT, "%.3f", p.verifyS()) : "")
                    .append(" | ").append(detail.replace('|', '/').replace('\n', ' ')).append(" |\n");
        }
        md.append("\n`setup s` is gnark compile + development setup; constraints are Groth16 R1CS constraints. "
                + "The quantized-circuit-only check (fixed scale 10, no proving) is `ConformanceTest` in the circuits "
                + "module.\n");
        return md.toString();
    }

}
