package io.zkinfer.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkinfer.prover.NativeInfo;
import io.zkinfer.prover.ZkProver;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Runs the end-to-end benchmark: for each model, backend and calibration target, {@code runs} fresh worker JVMs
 * ({@link BenchWorker}); medians of each phase's time, the largest peak RSS, sizes, constraints, accuracy and gas.
 * Writes {@code zkinfer.json}; {@link Report} merges it with EZKL's results into JSON, CSV, Markdown and SVG plots.
 */
public final class BenchHarness {

    public static final List<String> PHASES = List.of("compile", "setup", "prove", "verify");
    private static final List<String> ALL_PHASES = List.of("compile", "compile.quantize", "compile.gnark", "setup",
            "prove", "prove.witness", "prove.gnark", "verify", "verify.gnark");
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** What to run. */
    public record Config(Path root, Path manifest, List<String> models, List<String> backends, List<String> targets,
                         int runs, boolean gas, long timeoutSeconds, Path out) {
    }

    private final Config cfg;
    private final PrintStream out;

    public BenchHarness(Config cfg, PrintStream out) {
        this.cfg = cfg;
        this.out = out;
    }

    /** Runs everything and returns the results document (also written to out/zkinfer.json). */
    public ObjectNode run() throws IOException, InterruptedException {
        List<BenchModel> models = new ArrayList<>();
        for (BenchModel m : BenchModel.load(cfg.root(), cfg.manifest())) {
            if (cfg.models().isEmpty() || cfg.models().contains(m.name())) {
                models.add(m);
            }
        }
        for (String wanted : cfg.models()) {
            if (models.stream().noneMatch(m -> m.name().equals(wanted))) {
                throw new IllegalArgumentException("unknown model '" + wanted + "' (see " + cfg.manifest() + ")");
            }
        }
        Files.createDirectories(cfg.out());
        ObjectNode doc = JSON.createObjectNode();
        doc.put("system", "zkinfer");
        NativeInfo info = ZkProver.nativeInfo();
        doc.put("version", info.zkinfer());
        doc.put("gnark", info.gnark());
        doc.put("go", info.go());
        doc.put("java", System.getProperty("java.vm.name") + " " + Runtime.version());
        doc.put("started", Instant.now().toString());
        doc.put("runs", cfg.runs());
        doc.put("setup", "development (single-party) setup: Groth16 per-circuit keys, PLONK with a generated SRS");
        ObjectNode vis = doc.putObject("visibility");
        vis.put("input", "private");
        vis.put("params", "public");
        vis.put("output", "public");
        ArrayNode rows = doc.putArray("models");
        int total = models.size() * cfg.backends().size() * cfg.targets().size() * cfg.runs();
        int done = 0;
        long start = System.nanoTime();
        for (BenchModel m : models) {
            for (String backend : cfg.backends()) {
                for (String target : cfg.targets()) {
                    List<JsonNode> runs = new ArrayList<>();
                    for (int r = 0; r < cfg.runs(); r++) {
                        done++;
                        out.printf(Locale.ROOT, "[zkinfer %d/%d, %s elapsed] %s %s %s run %d/%d%n", done, total,
                                elapsed(start), m.name(), backend, target, r + 1, cfg.runs());
                        JsonNode res = worker(m, backend, target, cfg.gas() && r == 0);
                        runs.add(res);
                        if (!res.path("ok").asBoolean()) {
                            out.println("  FAILED: " + res.path("error").asText());
                            break; // deterministic: later runs would fail the same way
                        }
                        out.printf(Locale.ROOT, "  compile %.2fs  setup %.2fs  prove %.2fs  verify %.3fs (warm %.4fs)"
                                        + "  peak %d MiB  %d constraints%n",
                                sec(res, "compile"), sec(res, "setup"), sec(res, "prove"), sec(res, "verify"),
                                res.path("verifyWarmSeconds").asDouble(), peak(res) / 1024,
                                res.path("constraints").asLong());
                    }
                    rows.add(summarize(m, backend, target, runs));
                    JSON.writeValue(cfg.out().resolve("zkinfer.json").toFile(), doc);
                }
            }
        }
        doc.put("seconds", (System.nanoTime() - start) / 1e9);
        JSON.writeValue(cfg.out().resolve("zkinfer.json").toFile(), doc);
        return doc;
    }

    private JsonNode worker(BenchModel m, String backend, String target, boolean gas)
            throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path work = cfg.root().resolve("benchmarks/.work/zkinfer").resolve(m.name()).resolve(backend + "-" + target);
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED"));
        String opts = System.getenv("ZKINFER_BENCH_JAVA_OPTS");
        if (opts != null && !opts.isBlank()) {
            cmd.addAll(Arrays.asList(opts.trim().split("\\s+")));
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), BenchWorker.class.getName(),
                cfg.root().toString(), cfg.manifest().toString(), m.name(), backend, target, work.toString(),
                Boolean.toString(gas)));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String line = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String l; (l = r.readLine()) != null; ) {
                if (l.startsWith(BenchWorker.RESULT_PREFIX)) {
                    line = l.substring(BenchWorker.RESULT_PREFIX.length());
                }
            }
        }
        if (!p.waitFor(cfg.timeoutSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return JSON.createObjectNode().put("ok", false).put("error", "timed out after " + cfg.timeoutSeconds() + " s");
        }
        if (line == null) {
            return JSON.createObjectNode().put("ok", false).put("error", "worker exited " + p.exitValue()
                    + " without a result (out of memory?)");
        }
        return JSON.readTree(line);
    }

    private static ObjectNode summarize(BenchModel m, String backend, String target, List<JsonNode> runs) {
        ObjectNode s = JSON.createObjectNode();
        s.put("model", m.name());
        s.put("backend", backend);
        s.put("target", target);
        List<JsonNode> ok = runs.stream().filter(r -> r.path("ok").asBoolean()).toList();
        s.put("ok", !ok.isEmpty() && ok.size() == runs.size());
        s.put("runs", runs.size());
        if (ok.size() != runs.size()) {
            s.put("error", runs.stream().filter(r -> !r.path("ok").asBoolean()).findFirst().orElseThrow()
                    .path("error").asText());
        }
        if (ok.isEmpty()) {
            return s;
        }
        ObjectNode ph = s.putObject("phases");
        for (String name : ALL_PHASES) {
            double[] secs = ok.stream().filter(r -> r.path("phases").has(name))
                    .mapToDouble(r -> r.path("phases").path(name).path("seconds").asDouble()).toArray();
            if (secs.length == 0) {
                continue;
            }
            ObjectNode p = ph.putObject(name);
            p.put("medianSeconds", median(secs));
            ArrayNode all = p.putArray("allSeconds");
            Arrays.stream(secs).forEach(all::add);
            p.put("peakRssKiB", ok.stream().mapToLong(r -> r.path("phases").path(name).path("peakRssKiB").asLong())
                    .max().orElse(-1));
        }
        s.put("peakRssKiB", ok.stream().mapToLong(BenchHarness::peak).max().orElse(-1));
        s.put("verifyWarmSeconds", median(ok.stream().mapToDouble(r -> r.path("verifyWarmSeconds").asDouble())
                .toArray()));
        JsonNode first = ok.get(0);
        for (String k : List.of("constraints", "commitments", "irOps", "scale", "paramScale", "proofBytes",
                "proofFileBytes", "vkBytes", "pkBytes", "publicValues", "maxAbsError", "labelsMatch", "gas",
                "gasError", "outputs")) {
            if (first.has(k)) {
                s.set(k, first.get(k));
            }
        }
        return s;
    }

    static double sec(JsonNode res, String phase) {
        return res.path("phases").path(phase).path("seconds").asDouble(Double.NaN);
    }

    static long peak(JsonNode res) {
        long p = -1;
        for (JsonNode ph : res.path("phases")) {
            p = Math.max(p, ph.path("peakRssKiB").asLong());
        }
        return p;
    }

    static double median(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static String elapsed(long start) {
        long s = (System.nanoTime() - start) / 1_000_000_000L;
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
