package io.zkinfer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.zkinfer.cli.bench.BenchHarness;
import io.zkinfer.cli.bench.Report;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code zkinfer bench}: the end-to-end benchmark (benchmarks/README.md; benchmarks/run-e2e.sh adds EZKL). */
@Command(name = "bench",
        mixinStandardHelpOptions = true,
        description = {
                "Benchmark zkinfer end to end on the models of benchmarks/models/models.json: for each model, backend",
                "and calibration target, --runs fresh JVMs time compile, setup, prove and verify (medians), read each",
                "phase's peak RSS, and record constraints, proof/key sizes, EVM gas and the max abs error of the proved",
                "outputs against onnxruntime. Writes zkinfer.json, e2e.json, e2e.csv, summary.md and SVG plots to --out.",
                "With --ezkl-results (written by benchmarks/ezkl/bench_ezkl.py) the report puts both systems side by",
                "side. Timings are real runs: on a loaded machine they are noisy; rerun with benchmarks/run-e2e.sh."})
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--root", defaultValue = ".", paramLabel = "DIR", description = "the repository root (default: current directory)")
    Path root;

    @Option(names = "--manifest", paramLabel = "MODELS.json", description = "model list (default: ROOT/benchmarks/models/models.json)")
    Path manifest;

    @Option(names = "--models", split = ",", paramLabel = "NAME", description = "only these models (comma-separated; default: all, in "
            + "manifest order, small first)")
    List<String> models = List.of();

    @Option(names = "--backends", split = ",", defaultValue = "groth16,plonk", paramLabel = "BACKEND",
            description = "default: ${DEFAULT-VALUE}")
    List<String> backends;

    @Option(names = "--targets", split = ",", defaultValue = "accuracy", paramLabel = "TARGET",
            description = "calibration targets: accuracy, resources (default: ${DEFAULT-VALUE})")
    List<String> targets;

    @Option(names = "--runs", defaultValue = "3", paramLabel = "N", description = "measured runs per configuration (default: ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--no-gas", description = "skip the EVM gas measurement (needs node and contracts/evm)")
    boolean noGas;

    @Option(names = "--timeout", defaultValue = "1800", paramLabel = "SECONDS", description = "seconds per run before it counts as failed")
    long timeout;

    @Option(names = "--out", paramLabel = "DIR", description = "output folder (default: ROOT/benchmarks/results)")
    Path out;

    @Option(names = "--ezkl-results", paramLabel = "EZKL.json", description = "EZKL results JSON to merge into the report")
    Path ezklResults;

    @Option(names = "--machine", paramLabel = "TEXT", description = "a one-line machine description for the report (default: from lscpu)")
    String machine;

    @Option(names = "--report-only", description = "rebuild the report from OUT/zkinfer.json without running")
    boolean reportOnly;

    @Override
    public Integer call() throws Exception {
        Path r = root.toAbsolutePath().normalize();
        Path man = manifest != null ? manifest : r.resolve("benchmarks/models/models.json");
        if (!Files.isRegularFile(man)) {
            throw new UserInputException("no model list at " + man + " (run from the repository root or give --root)");
        }
        if (runs < 1) {
            throw new UserInputException("--runs must be at least 1");
        }
        for (String b : backends) {
            Backends.parse(b);
        }
        for (String t : targets) {
            if (!t.equals("accuracy") && !t.equals("resources")) {
                throw new UserInputException("unknown target '" + t + "': use accuracy or resources");
            }
        }
        Path o = (out != null ? out : r.resolve("benchmarks/results")).toAbsolutePath();
        JsonNode zk;
        if (reportOnly) {
            zk = new com.fasterxml.jackson.databind.ObjectMapper().readTree(o.resolve("zkinfer.json").toFile());
        } else {
            zk = new BenchHarness(new BenchHarness.Config(r, man, models, backends, targets, runs, !noGas, timeout, o),
                    System.out).run();
        }
        JsonNode ez = null;
        if (ezklResults != null) {
            if (!Files.isRegularFile(ezklResults)) {
                throw new UserInputException("no EZKL results at " + ezklResults);
            }
            ez = new com.fasterxml.jackson.databind.ObjectMapper().readTree(ezklResults.toFile());
        }
        String md = Report.write(o, zk, ez, machine != null ? machine : lscpu());
        System.out.println();
        System.out.println(md);
        System.out.println("wrote " + o + "/{zkinfer.json,e2e.json,e2e.csv,summary.md,*.svg}");
        boolean allOk = true;
        for (JsonNode m : zk.path("models")) {
            allOk &= m.path("ok").asBoolean();
        }
        return allOk ? ExitCodes.OK : ExitCodes.INTERNAL;
    }

    private static String lscpu() {
        try {
            Process p = new ProcessBuilder("lscpu").redirectErrorStream(true).start();
            String s = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            String model = field(s, "Model name");
            String cpus = field(s, "CPU(s)");
            long mem = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElse(0L);
            return model + ", " + cpus + " CPUs, " + Math.round(mem / 1048576.0) + " GiB RAM";
        } catch (Exception e) {
            return "";
        }
    }

    private static String field(String lscpu, String name) {
        return Arrays.stream(lscpu.split("\n")).filter(l -> l.startsWith(name + ":")).findFirst()
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
    }
}
