package io.zkinfer.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.zkinfer.circuits.ir.Circuit;
import io.zkinfer.circuits.ir.IrJson;
import io.zkinfer.circuits.ir.Op;
import io.zkinfer.circuits.model.Graph;
import io.zkinfer.circuits.model.Node;
import io.zkinfer.circuits.model.Tensor;
import io.zkinfer.circuits.onnx.OnnxImporter;
import io.zkinfer.circuits.quant.CalibrationRanges;
import io.zkinfer.circuits.quant.CompileSettings;
import io.zkinfer.circuits.quant.CompiledModel;
import io.zkinfer.circuits.quant.Lowering;
import io.zkinfer.circuits.quant.ModelCompiler;
import io.zkinfer.circuits.quant.ModelVisibility;
import io.zkinfer.circuits.quant.QOp;
import io.zkinfer.circuits.quant.QuantizedGraph;
import io.zkinfer.circuits.quant.QuantizedModelCodec;
import io.zkinfer.circuits.quant.Visibility;
import io.zkinfer.prover.Backend;
import io.zkinfer.prover.CompileOptions;
import io.zkinfer.prover.CompiledCircuit;
import io.zkinfer.prover.ZkProver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/** {@code zkinfer compile}: ONNX model → quantized circuit, written as a bundle folder. */
@Command(name = "compile",
        mixinStandardHelpOptions = true,
        description = {
                "Compile an ONNX model into a circuit bundle: quantize it (calibrated on sample inputs when given),",
                "lower it to the circuit IR and write the bundle folder (model copy, IR binary + JSON, settings and",
                "tracked bounds, circuit hash, per-layer op counts, the fidelity report). Nothing is written on error."})
final class CompileCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODEL.onnx", description = "the ONNX model")
    Path model;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "BUNDLE", description = "the bundle folder to write")
    Path bundle;

    @Option(names = "--calibration", paramLabel = "DATA.json",
            description = "sample inputs (EZKL input_data or zkinfer inputs; arrays may hold several samples back to "
                    + "back): they set the input ranges and measure fidelity")
    Path calibration;

    @Option(names = "--input-range", paramLabel = "[NAME=]LO:HI",
            description = "the float range of an input (all inputs without NAME=); overrides calibration. Inputs "
                    + "outside their range are refused at prove time")
    List<String> inputRanges = new ArrayList<>();

    @Option(names = "--target", defaultValue = "accuracy", paramLabel = "accuracy|resources",
            description = "accuracy: the largest scale that fits; resources: the smallest scale meeting the tolerance "
                    + "on the calibration data (default: ${DEFAULT-VALUE})")
    String target;

    @Option(names = "--scale", paramLabel = "BITS", description = "a fixed fixed-point scale (skips the search)")
    Integer scale;

    @Option(names = "--tolerance", paramLabel = "REL",
            description = "refuse to compile when the chosen scale's max abs error on the calibration data exceeds "
                    + "REL x max(1, largest float output), for some output (default: "
                    + CompileSettings.DEFAULT_MAX_ERROR + ")")
    Double tolerance;

    @Option(names = "--input-visibility", defaultValue = "private", paramLabel = "V",
            description = "public, private or committed (default: ${DEFAULT-VALUE})")
    String inputVisibility;

    @Option(names = "--param-visibility", defaultValue = "public", paramLabel = "V",
            description = "public (default; weights are circuit constants)")
    String paramVisibility;

    @Option(names = "--output-visibility", defaultValue = "public", paramLabel = "V",
            description = "public, private or committed (default: ${DEFAULT-VALUE})")
    String outputVisibility;

    @Option(names = "--backend", defaultValue = "groth16", paramLabel = "groth16|plonk", 
            description = "default backend for setup: groth16 or plonk "
            + "(default: ${DEFAULT-VALUE})")
    String backendName;

    @Option(names = "--no-commitment", description = "compile without gnark's BSB22 commitment, for the cheapest EVM "
            + "verification (Groth16: about 120k gas less) and verifiers without gnark's commitment extension: range "
            + "checks become bit decompositions and lookup tables one-hot selections: usually more constraints "
            + "and slower proving (compile prints both counts)")
    boolean noCommitment;

    @Option(names = "--force", description = "replace an existing BUNDLE (only a folder that is a zkinfer bundle: "
            + "anything else is never deleted)")
    boolean force;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        Progress progress = new Progress(System.err);
        var backend = Backends.parse(backendName);
        if (!Files.isRegularFile(model)) {
            throw new UserInputException("model " + model + " does not exist or is not a file");
        }
        CliFiles.checkSize(model, "model");
        Files2.requireWritableFolder(bundle, "bundle");
        if (Files.exists(bundle) && !Files.isDirectory(bundle)) {
            throw new UserInputException(bundle + " exists and is not a folder");
        }
        if (Files2.isNonEmptyDirectory(bundle) && !force) {
            throw new UserInputException(bundle + " exists and is not empty (use --force to replace it)");
        }
        if (Files2.isNonEmptyDirectory(bundle) && !Bundle.isBundle(bundle)) {
            // --force replaces bundles only: '-o . --force' in a project folder must not delete the project
            throw new UserInputException(bundle + " is not a zkinfer bundle (no " + Bundle.MANIFEST + " of format "
                    + Bundle.FORMAT + "): --force replaces bundles only; write to a new or empty folder");
        }
        CompileSettings.Target t = switch (target.toLowerCase(Locale.ROOT)) {
            case "accuracy" -> CompileSettings.Target.ACCURACY;
            case "resources" -> CompileSettings.Target.RESOURCES;
            default -> throw new UserInputException("--target must be accuracy or resources, not '" + target + "'");
        };
        ModelVisibility vis = new ModelVisibility(visibility("--input-visibility", inputVisibility),
                visibility("--param-visibility", paramVisibility), visibility("--output-visibility", outputVisibility));

        Graph graph = progress.step("import ONNX", () -> OnnxImporter.load(model));
        List<Map<String, Tensor>> samples = calibration == null ? List.of()
                : InputData.readCalibration(calibration, graph.inputs());
        Map<String, double[]> ranges = parseRanges(graph);
        if (samples.isEmpty()) {
            for (var in : graph.inputs()) {
                if (!ranges.containsKey(in.name()) && in.type() != io.zkinfer.circuits.model.ElemType.BOOL) {
                    throw new UserInputException("input '" + in.name() + "' has no range: give --calibration DATA.json "
                            + "or --input-range " + in.name() + "=LO:HI");
                }
            }
        }
        Map<String, String> rangeSources = rangeSources(graph, samples, ranges);
        CompileSettings settings = CompileSettings.defaults(samples).withTarget(t).withVisibility(vis)
                .withInputRanges(ranges);
        if (scale != null) {
            settings = settings.withScale(scale);
        }
        if (tolerance != null) {
            if (!(tolerance > 0) || tolerance.isInfinite()) {
                throw new UserInputException("--tolerance must be a positive number, not " + tolerance);
            }
            settings = settings.withMaxError(tolerance);
        }
        final CompileSettings used = settings;
        CompiledModel compiled = progress.step(samples.isEmpty() ? "quantize + lower"
                : "calibrate (" + samples.size() + " samples) + lower", () -> ModelCompiler.compile(graph, used));
        Circuit circuit = compiled.circuit();

        // The bundle must let prove rebuild exactly this circuit without the calibration data: check now.
        ObjectNode reproduce = Bundle.reproducibleSettings(compiled, used);
        CompiledModel again = progress.step("check reproducibility", () ->
                ModelCompiler.compile(graph, Bundle.settingsOf(reproduce)));
        if (!again.circuit().hash().equals(circuit.hash())) {
            throw new IllegalStateException("recompiling with the recorded settings gave circuit "
                    + again.circuit().hash() + " instead of " + circuit.hash());
        }
        // prove reads the quantized model from model.qg: check now that it decodes to this very circuit
        byte[] quantizedModel = progress.step("write quantized model", () -> {
            byte[] qg = QuantizedModelCodec.encode(compiled);
            CompiledModel decoded = QuantizedModelCodec.decode(qg, circuit);
            Circuit lowered = Lowering.lower(decoded.quantized(), decoded.visibility());
            if (!lowered.hash().equals(circuit.hash())) {
                throw new IllegalStateException("the quantized model decoded from " + Bundle.QUANTIZED
                        + " lowers to circuit " + lowered.hash() + " instead of " + circuit.hash());
            }
            return qg;
        });
        ObjectNode layers = progress.step("count ops per layer", () -> layers(compiled));
        // the price of --no-commitment, in constraints of the bundle's backend: compiled both ways by gnark
        long[] constraintCost = noCommitment ? progress.step("count " + backend.id() + " constraints with and without "
                + "the commitment", () -> constraintsWithAndWithout(circuit, backend)) : null;

        byte[] modelBytes = CliFiles.readBytes(model, "model");
        ObjectNode manifest = InputData.JSON.createObjectNode();
        manifest.put("format", Bundle.FORMAT);
        manifest.put("zkinfer", VersionProvider.zkinferVersion());
        manifest.put("model", Bundle.MODEL);
        manifest.put("modelSource", model.getFileName().toString());
        manifest.put("modelSha256", Bundle.sha256(modelBytes));
        manifest.put("circuitHash", circuit.hash());
        manifest.put(Bundle.QUANTIZED_SHA, Bundle.sha256(quantizedModel));
        manifest.put("irVersion", Circuit.VERSION);
        manifest.put("backend", backend.id());
        manifest.put("commitmentFree", noCommitment);
        manifest.set("compile", reproduce);

        var pretty = InputData.JSON.writer().with(SerializationFeature.INDENT_OUTPUT);
        Path abs = bundle.toAbsolutePath().normalize();
        Files.createDirectories(abs.getParent());
        Path tmp = Files.createTempDirectory(abs.getParent(), "." + abs.getFileName() + ".tmp-");
        try {
            try {   // a temporary folder is private (rwx------); the bundle gets the usual permissions
                Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: keep the default
            }
            Files.write(tmp.resolve(Bundle.MODEL), modelBytes);
            Files.write(tmp.resolve(Bundle.IR), circuit.encode());
            Files.write(tmp.resolve(Bundle.QUANTIZED), quantizedModel);
            Files.writeString(tmp.resolve(Bundle.IR_JSON), IrJson.render(circuit));
            Files.writeString(tmp.resolve(Bundle.HASH), circuit.hash() + "\n");
            Files.writeString(tmp.resolve(Bundle.SETTINGS), compiled.settingsJson());
            Files.writeString(tmp.resolve(Bundle.LAYERS), pretty.writeValueAsString(layers));
            if (!samples.isEmpty()) {
                Files.writeString(tmp.resolve(Bundle.FIDELITY), compiled.report().toString());
            }
            Files.writeString(tmp.resolve(Bundle.MANIFEST), pretty.writeValueAsString(manifest));
            install(tmp, abs);
        } finally {
            Files2.deleteTree(tmp);
        }

        out.println("compiled " + model.getFileName() + " -> " + bundle);
        out.println("  circuit " + circuit.hash());
        out.println("  scale " + compiled.report().chosenScale() + " (params " + compiled.report().chosenParamScale()
                + "), target " + t.name().toLowerCase(Locale.ROOT) + ", visibility input="
                + lower(vis.input()) + " params=" + lower(vis.params()) + " output=" + lower(vis.output()));
        out.println("  IR: " + circuit.ops().size() + " ops, " + circuit.publicInputs().size() + " public inputs, "
                + circuit.privateInputs().size() + " private inputs, " + circuit.outputs().size() + " outputs, "
                + circuit.tables().size() + " lookup tables");
        if (constraintCost != null) {
            out.println(constraintCostLine(backend, constraintCost[0], constraintCost[1]));
        }
        out.println("  accepts (enforced in the circuit; other inputs are refused at prove time):");
        for (QuantizedGraph.Input in : compiled.quantized().inputs()) {
            double unit = Math.pow(2, in.scale());
            out.println("    " + in.name() + " " + java.util.Arrays.toString(in.shape()) + " in [" + plain(in.lo() / unit)
                    + ", " + plain(in.hi() / unit) + "] (" + rangeSources.getOrDefault(in.name(), "calibration") + ")");
        }
        if (!samples.isEmpty()) {
            out.print(compiled.report());
        }
        out.println("next: zkinfer setup " + bundle);
        return ExitCodes.OK;
    }

    /** {constraints with gnark's commitment, constraints without} of the circuit compiled for backend. */
    private static long[] constraintsWithAndWithout(Circuit circuit, Backend backend) {
        long[] n = new long[2];
        try (CompiledCircuit with = ZkProver.compile(circuit, backend, CompileOptions.defaults());
             CompiledCircuit without = ZkProver.compile(circuit, backend, CompileOptions.withoutCommitment())) {
            n[0] = with.stats().constraints();
            n[1] = without.stats().constraints();
            if (with.stats().commitments() == 0) {
                n[0] = n[1]; // nothing to commit: the same circuit either way
            }
        }
        return n;
    }

    static String constraintCostLine(Backend backend, long with, long without) {
        String kind = backend == Backend.GROTH16 ? "R1CS constraints" : "PLONK gates";
        if (with == without) {
            return String.format(Locale.ROOT, "  --no-commitment: %,d %s, the same as with the commitment (the circuit "
                    + "has no range checks or lookups to commit)", without, kind);
        }
        // usually more (bit decompositions instead of a shared log-derivative argument), but fewer when a few lookups
        // hit a large table: the log-derivative argument pays for every table entry, a one-hot selection for 2^(n/2)
        String gas = backend == Backend.GROTH16 ? "cheaper EVM verification (about 120k gas less)"
                : "a cheaper EVM verification";
        return String.format(Locale.ROOT, "  --no-commitment: %,d %s instead of %,d with gnark's commitment (%s%,d, "
                + "%.2fx): %s%s", without, kind, with, without >= with ? "+" : "", without - with,
                (double) without / Math.max(1, with), without > with ? "slower proving, " : "", gas);
    }

    /**
     * Where each input's range comes from, for the compile summary; inputs calibrated from fewer than
     * {@link CalibrationRanges#MIN_SAMPLES} samples get the widened range (added to {@code ranges}) and one warning.
     */
    private static Map<String, String> rangeSources(Graph graph, List<Map<String, Tensor>> samples,
                                                    Map<String, double[]> ranges) {
        Map<String, String> sources = new LinkedHashMap<>();
        List<String> widened = new ArrayList<>();
        for (var in : graph.inputs()) {
            if (ranges.containsKey(in.name())) {
                sources.put(in.name(), "--input-range");
            } else if (in.type() == io.zkinfer.circuits.model.ElemType.BOOL) {
                sources.put(in.name(), "boolean");
            } else {
                var w = CalibrationRanges.widened(in, samples);
                if (w.isPresent()) {
                    ranges.put(in.name(), w.get());
                    widened.add(in.name());
                    sources.put(in.name(), "guessed from " + samples.size() + " calibration sample"
                            + (samples.size() == 1 ? "" : "s") + ": observed range ± its width");
                } else {
                    sources.put(in.name(), "calibration: " + samples.size() + " samples, range + 10% margin");
                }
            }
        }
        if (!widened.isEmpty()) {
            System.err.println("warning: " + samples.size() + " calibration sample" + (samples.size() == 1 ? "" : "s")
                    + " cannot tell the range of real inputs; the range of " + String.join(", ", widened)
                    + " is the observed one widened by its own width on each side (docs/cli.md). Give "
                    + CalibrationRanges.MIN_SAMPLES + " or more representative samples, or --input-range NAME=LO:HI");
        }
        return sources;
    }

    /** Moves the finished temporary bundle into place; an existing target (empty, or with --force) is replaced. */
    private static void install(Path tmp, Path target) throws java.io.IOException {
        if (!Files.exists(target)) {
            Files.move(tmp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return;
        }
        Path old = target.resolveSibling("." + target.getFileName() + ".old-" + System.nanoTime());
        Files.move(target, old, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        try {
            Files.move(tmp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (java.io.IOException e) {
            Files.move(old, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            throw e;
        }
        Files2.deleteTree(old);
    }

    /** 6 significant digits without trailing zeros: 2, 0.99896, -1.5e-7. */
    static String plain(double v) {
        return java.math.BigDecimal.valueOf(v).round(new java.math.MathContext(6)).stripTrailingZeros().toString();
    }

    private static String lower(Visibility v) {
        return v.name().toLowerCase(Locale.ROOT);
    }

    private static Visibility visibility(String option, String value) {
        try {
            return Visibility.parse(value);
        } catch (IllegalArgumentException e) {
            throw new UserInputException(option + ": " + e.getMessage());
        }
    }

    private Map<String, double[]> parseRanges(Graph g) {
        Map<String, double[]> r = new LinkedHashMap<>();
        for (String spec : inputRanges) {
            String names = null;
            String range = spec;
            int eq = spec.lastIndexOf('=');
            if (eq >= 0) {
                names = spec.substring(0, eq);
                range = spec.substring(eq + 1);
            }
            String[] lohi = range.split(":");
            double lo;
            double hi;
            try {
                if (lohi.length != 2) {
                    throw new NumberFormatException("expected LO:HI");
                }
                lo = Double.parseDouble(lohi[0].trim());
                hi = Double.parseDouble(lohi[1].trim());
            } catch (NumberFormatException e) {
                throw new UserInputException("--input-range " + spec + ": " + e.getMessage());
            }
            if (!Double.isFinite(lo) || !Double.isFinite(hi) || lo > hi) {
                throw new UserInputException("--input-range " + spec + ": need finite LO <= HI");
            }
            if (names == null) {
                for (var in : g.inputs()) {
                    r.put(in.name(), new double[] {lo, hi});
                }
            } else {
                String n = names;
                if (g.inputs().stream().noneMatch(v -> v.name().equals(n))) {
                    throw new UserInputException("--input-range " + spec + ": the model has no input '" + n
                            + "'; its inputs are " + g.inputs());
                }
                r.put(n, new double[] {lo, hi});
            }
        }
        return r;
    }

    /**
     * IR ops per ONNX node. Lowering is one pass over the quantized ops, so lowering each prefix of them and taking
     * differences attributes every IR op to the node that emitted it (input range checks and output wiring apart).
     */
    static ObjectNode layers(CompiledModel m) {
        QuantizedGraph q = m.quantized();
        Map<String, String> opTypes = new LinkedHashMap<>();
        for (Node n : m.graph().nodes()) {
            opTypes.put(n.name(), n.opType());
        }
        ObjectNode root = InputData.JSON.createObjectNode();
        ArrayNode rows = root.putArray("layers");
        List<Op> previous = List.of();
        String currentNode = null;
        Map<String, Integer> kinds = new TreeMap<>();
        int count = 0;
        int prefixOps = lowerPrefix(q, 0, m.visibility()).size();
        addRow(rows, "(inputs)", "range checks of the calibrated input bounds", kindsOf(lowerPrefix(q, 0,
                m.visibility()), 0), prefixOps);
        previous = lowerPrefix(q, 0, m.visibility());
        for (int i = 0; i < q.ops().size(); i++) {
            QOp op = q.ops().get(i);
            List<Op> now = lowerPrefix(q, i + 1, m.visibility());
            if (currentNode != null && !currentNode.equals(op.node())) {
                addRow(rows, currentNode, opTypes.getOrDefault(currentNode, ""), kinds, count);
                kinds = new TreeMap<>();
                count = 0;
            }
            currentNode = op.node();
            for (Op o : now.subList(previous.size(), now.size())) {
                kinds.merge(o.mnemonic(), 1, Integer::sum);
                count++;
            }
            previous = now;
        }
        if (currentNode != null) {
            addRow(rows, currentNode, opTypes.getOrDefault(currentNode, ""), kinds, count);
        }
        List<Op> all = m.circuit().ops();
        addRow(rows, "(outputs)", "output wiring and commitments", kindsOf(all, previous.size()),
                all.size() - previous.size());
        root.put("totalOps", all.size());
        ObjectNode total = root.putObject("opsByKind");
        kindsOf(all, 0).forEach(total::put);
        long tableEntries = m.circuit().tables().stream().mapToLong(io.zkinfer.circuits.ir.Table::size).sum();
        root.put("lookupTables", m.circuit().tables().size());
        root.put("lookupTableEntries", tableEntries);
        return root;
    }

    private static Map<String, Integer> kindsOf(List<Op> ops, int from) {
        Map<String, Integer> k = new TreeMap<>();
        for (Op o : ops.subList(from, ops.size())) {
            k.merge(o.mnemonic(), 1, Integer::sum);
        }
        return k;
    }

    private static void addRow(ArrayNode rows, String node, String opType, Map<String, Integer> kinds, int count) {
        ObjectNode r = rows.addObject();
        r.put("node", node);
        r.put("opType", opType);
        r.put("irOps", count);
        ObjectNode k = r.putObject("byKind");
        kinds.forEach(k::put);
    }

    private static List<Op> lowerPrefix(QuantizedGraph q, int n, ModelVisibility vis) {
        QuantizedGraph prefix = new QuantizedGraph(q.name(), q.inputs(), q.constants(), q.ops().subList(0, n),
                List.of(), q.scales(), q.params());
        return Lowering.lower(prefix, new ModelVisibility(vis.input(), vis.params(), Visibility.PRIVATE)).ops();
    }
}
