package io.zkinfer.circuits.quant;

import io.zkinfer.circuits.ir.Circuit;
import io.zkinfer.circuits.ir.Op;
import io.zkinfer.circuits.ir.Table;
import io.zkinfer.circuits.model.ElemType;
import io.zkinfer.circuits.model.FloatExecutor;
import io.zkinfer.circuits.model.Graph;
import io.zkinfer.circuits.model.ModelException;
import io.zkinfer.circuits.model.Tensor;
import io.zkinfer.circuits.model.ValueInfo;
import io.zkinfer.circuits.onnx.OnnxImporter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bundle-level entry point: ONNX file → float graph → calibrated {@link QuantizedGraph} → circuit. Calibration
 * uses the Java float executor as the reference (no onnxruntime needed at run time).
 */
public final class ModelCompiler {

    private ModelCompiler() {
    }

    public static CompiledModel compile(Path onnx, CompileSettings settings) {
        return compile(OnnxImporter.load(onnx), settings);
    }

    public static CompiledModel compile(Graph g, CompileSettings settings) {
        Map<String, double[]> ranges = inputRanges(g, settings);
        List<Map<String, Tensor>> samples = settings.calibration();
        List<Map<String, Tensor>> reference = new ArrayList<>();
        for (Map<String, Tensor> s : samples) {
            reference.add(FloatExecutor.run(g, s));
        }
        Attempt plain = attempt(g, settings, ranges, samples, reference, settings.enforcedRanges());
        Attempt chosen = plain;
        Attempt narrowed = null;
        if (settings.enforcedRanges().isEmpty() && !samples.isEmpty() && !plain.acceptable(g, reference, settings)) {
            // worst-case intervals failed (overflow) or lost too much precision: enforce what calibration saw
            narrowed = attempt(g, settings, ranges, samples, reference,
                    observedRanges(g, samples, settings.rangeMargin()));
            if (narrowed.pick != null && (plain.pick == null || narrowed.acceptable(g, reference, settings))) {
                chosen = narrowed;
            }
        }
        if (chosen.pick == null) {
            StringBuilder sb = new StringBuilder("no quantization scale fits model " + g.name() + ":");
            for (FidelityReport.Candidate c : plain.tried) {
                sb.append("\n  scale ").append(c.scale()).append(": ").append(c.failure());
            }
            if (narrowed != null) {
                sb.append("\nand with the calibration-observed ranges enforced:");
                for (FidelityReport.Candidate c : narrowed.tried) {
                    sb.append("\n  scale ").append(c.scale()).append(": ").append(c.failure());
                }
            }
            throw new QuantizationException(sb.toString());
        }
        FidelityReport report = new FidelityReport(chosen.tried, chosen.pick.scale(), chosen.pick.paramScale(),
                settings.target().name());
        QuantizedGraph q = chosen.graphs.get(chosen.pick.scale());
        if (checksAccuracy(settings)) {
            refuseIfInaccurate(g, q, report, reference, settings.maxError());
        }
        Circuit c = Lowering.lower(q, settings.visibility());
        return new CompiledModel(g, q, c, settings.visibility(), report, ranges, settings.lookupBits(),
                chosen.enforced);
    }

    /** One pass over the candidate scales with a given set of enforced ranges. */
    private record Attempt(List<FidelityReport.Candidate> tried, Map<Integer, QuantizedGraph> graphs,
                           FidelityReport.Candidate pick, Map<String, double[]> enforced) {

        boolean acceptable(Graph g, List<Map<String, Tensor>> reference, CompileSettings s) {
            if (pick == null) {
                return false;
            }
            if (!checksAccuracy(s)) {
                return true;
            }
            try {
                refuseIfInaccurate(g, graphs.get(pick.scale()), new FidelityReport(tried, pick.scale(),
                        pick.paramScale(), s.target().name()), reference, s.maxError());
                return true;
            } catch (QuantizationException e) {
                return false;
            }
        }
    }

    private static Attempt attempt(Graph g, CompileSettings settings, Map<String, double[]> ranges,
                                   List<Map<String, Tensor>> samples, List<Map<String, Tensor>> reference,
                                   Map<String, double[]> enforced) {
        List<Integer> cands = settings.scale().isPresent() ? List.of(settings.scale().getAsInt())
                : settings.candidateScales();
        List<FidelityReport.Candidate> tried = new ArrayList<>();
        Map<Integer, QuantizedGraph> graphs = new LinkedHashMap<>();
        Integer overflowedAt = null;
        for (int sc : cands) {
            int ps = settings.paramScale().orElse(sc);
            if (overflowedAt != null && sc > overflowedAt) {
                // bounds grow with 2^scale: a larger scale overflows too, and each try of a big model costs minutes
                tried.add(new FidelityReport.Candidate(sc, ps, "not tried: scale " + overflowedAt
                        + " already overflows", Map.of(), 0));
                continue;
            }
            if (settings.target() == CompileSettings.Target.RESOURCES && !samples.isEmpty()
                    && tried.stream().anyMatch(c -> c.ok() && meets(c, settings.tolerance()))) {
                break; // ascending: the smallest scale that meets the tolerance is found
            }
            try {
                QuantizedGraph q = Quantizer.quantize(g, new QuantSettings(sc, ps, settings.lookupBits(),
                        settings.visibility().params() != Visibility.PUBLIC), ranges, enforced);
                Map<String, FidelityReport.OutputFidelity> fid = fidelity(g, q, samples, reference);
                long cost = cost(Lowering.lower(q, settings.visibility()));
                tried.add(new FidelityReport.Candidate(sc, ps, "", fid, cost));
                graphs.put(sc, q);
            } catch (UnsupportedOperationException | io.zkinfer.circuits.model.UnsupportedOperatorException e) {
                throw e; // not a numeric problem: no scale fixes it
            } catch (ModelException | ArithmeticException e) {
                tried.add(new FidelityReport.Candidate(sc, ps, String.valueOf(e.getMessage()), Map.of(), 0));
                if (String.valueOf(e.getMessage()).contains(" overflows")) {
                    overflowedAt = overflowedAt == null ? sc : Math.min(overflowedAt, sc);
                }
            }
        }
        return new Attempt(tried, graphs, choose(tried, settings), enforced);
    }

    /**
     * Per intermediate float tensor, the range the float model reached on the calibration data, widened by
     * {@code margin} of its width on each side (as for inputs).
     */
    static Map<String, double[]> observedRanges(Graph g, List<Map<String, Tensor>> samples, double margin) {
        List<Map<String, Tensor>> reference = new ArrayList<>();
        for (Map<String, Tensor> s : samples) {
            reference.add(FloatExecutor.runAll(g, s));
        }
        Map<String, double[]> r = new java.util.TreeMap<>();
        for (io.zkinfer.circuits.model.Node n : g.nodes()) {
            for (String o : n.outputs()) {
                if (o.isEmpty() || g.type(o) != ElemType.FLOAT) {
                    continue;
                }
                double lo = Double.POSITIVE_INFINITY;
                double hi = Double.NEGATIVE_INFINITY;
                for (Map<String, Tensor> env : reference) {
                    Tensor t = env.get(o);
                    for (int i = 0; t != null && i < t.size(); i++) {
                        lo = Math.min(lo, t.get(i));
                        hi = Math.max(hi, t.get(i));
                    }
                }
                if (lo <= hi && Double.isFinite(lo) && Double.isFinite(hi)) {
                    double m = margin * Math.max(hi - lo, Math.max(Math.abs(lo), Math.abs(hi)) * 0.01 + 1e-6);
                    r.put(o, new double[]{lo - m, hi + m});
                }
            }
        }
        return r;
    }

    /**
     * The accuracy check applies when the compiler chose the scale; a scale fixed by the caller is the caller's
     * choice, checked only against an explicitly set {@code maxError}.
     */
    static boolean checksAccuracy(CompileSettings s) {
        return s.scale().isEmpty() || s.maxError() != CompileSettings.DEFAULT_MAX_ERROR;
    }

    /**
     * Refuses the chosen scale when some float output is off, on the calibration data, by more than
     * {@code maxError · max(1, max |float output|)}; the message gives the numbers and what the other scales did.
     */
    static void refuseIfInaccurate(Graph g, QuantizedGraph q, FidelityReport report,
                                   List<Map<String, Tensor>> reference, double maxError) {
        FidelityReport.Candidate c = report.chosen();
        for (QuantizedGraph.Output o : q.outputs()) {
            FidelityReport.OutputFidelity f = c.outputs().get(o.name());
            if (o.type() != ElemType.FLOAT || f == null || reference.isEmpty()) {
                continue; // labels are compared by agreement, not by size
            }
            double largest = 0;
            for (Map<String, Tensor> r : reference) {
                Tensor t = r.get(o.name());
                for (int k = 0; k < t.size(); k++) {
                    largest = Math.max(largest, Math.abs(t.get(k)));
                }
            }
            double allowed = maxError * Math.max(1, largest);
            if (!(f.maxAbsError() <= allowed)) {
                StringBuilder sb = new StringBuilder(String.format(java.util.Locale.ROOT,
                        "model %s: the best quantization scale (%d) is off by %.4g on the calibration data at output "
                                + "'%s' (largest float output %.4g); the tolerance allows %.4g (= %g x max(1, %.4g)). "
                                + "A proof of so wrong an output is refused. Scales tried:",
                        g.name(), c.scale(), f.maxAbsError(), o.name(), largest, allowed, maxError, largest));
                for (FidelityReport.Candidate t : report.candidates()) {
                    sb.append("\n  scale ").append(t.scale()).append(": ");
                    if (t.ok()) {
                        FidelityReport.OutputFidelity tf = t.outputs().get(o.name());
                        sb.append(String.format(java.util.Locale.ROOT, "max abs error %.4g", tf.maxAbsError()));
                    } else {
                        sb.append(t.failure());
                    }
                }
                sb.append("\nRaise the tolerance (--tolerance) to accept this error, or narrow the input ranges.");
                throw new QuantizationException(sb.toString());
            }
        }
    }

    /**
     * Rebuilds a compiled model from its ONNX file and the settings JSON written by {@link CompiledModel#settingsJson()}
     * (compilation is deterministic), and checks that the circuit hash matches the one recorded.
     */
    public static CompiledModel fromSettings(Path onnx, String settingsJson) {
        com.fasterxml.jackson.databind.JsonNode r;
        try {
            r = new com.fasterxml.jackson.databind.ObjectMapper().readTree(settingsJson);
        } catch (java.io.IOException e) {
            throw new QuantizationException("settings JSON is malformed: " + e.getMessage());
        }
        for (String k : new String[]{"scale", "paramScale", "lookupBits", "visibility", "inputs", "circuitHash"}) {
            if (r == null || !r.hasNonNull(k)) {
                throw new QuantizationException("settings JSON lacks '" + k + "'");
            }
        }
        Map<String, double[]> ranges = new LinkedHashMap<>();
        for (com.fasterxml.jackson.databind.JsonNode in : r.get("inputs")) {
            ranges.put(in.get("name").asText(), new double[]{in.get("min").asDouble(), in.get("max").asDouble()});
        }
        com.fasterxml.jackson.databind.JsonNode v = r.get("visibility");
        ModelVisibility vis = new ModelVisibility(Visibility.parse(v.get("input").asText()),
                Visibility.parse(v.get("params").asText()), Visibility.parse(v.get("output").asText()));
        CompileSettings s = new CompileSettings(CompileSettings.Target.ACCURACY,
                java.util.OptionalInt.of(r.get("scale").asInt()), java.util.OptionalInt.of(r.get("paramScale").asInt()),
                List.of(), r.get("lookupBits").asInt(), vis, List.of(), ranges, 0, 0,
                CompileSettings.DEFAULT_MAX_ERROR, enforcedRanges(r.path("enforcedRanges")));
        CompiledModel m = compile(onnx, s);
        String want = r.get("circuitHash").asText();
        if (!m.circuit().hash().equals(want)) {
            throw new QuantizationException("settings do not match " + onnx.getFileName() + ": it compiles to circuit "
                    + m.circuit().hash() + ", the settings record " + want
                    + " (different model file or zkinfer version)");
        }
        return m;
    }

    /** The {@code enforcedRanges} object of a settings JSON ({@code {"tensor": [lo, hi], ...}}; absent: none). */
    public static Map<String, double[]> enforcedRanges(com.fasterxml.jackson.databind.JsonNode node) {
        Map<String, double[]> r = new LinkedHashMap<>();
        if (node == null || !node.isObject()) {
            return r;
        }
        for (var it = node.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().isArray() || e.getValue().size() != 2 || !e.getValue().get(0).isNumber()
                    || !e.getValue().get(1).isNumber()) {
                throw new QuantizationException("settings JSON: enforcedRanges." + e.getKey() + " must be [lo, hi]");
            }
            r.put(e.getKey(), new double[]{e.getValue().get(0).asDouble(), e.getValue().get(1).asDouble()});
        }
        return r;
    }

    private static FidelityReport.Candidate choose(List<FidelityReport.Candidate> tried, CompileSettings s) {
        List<FidelityReport.Candidate> ok = tried.stream().filter(FidelityReport.Candidate::ok).toList();
        if (ok.isEmpty()) {
            return null;
        }
        if (s.target() == CompileSettings.Target.RESOURCES) {
            for (FidelityReport.Candidate c : ok) { // ascending scale
                if (meets(c, s.tolerance())) {
                    return c;
                }
            }
        }
        return ok.get(ok.size() - 1);
    }

    private static boolean meets(FidelityReport.Candidate c, double tol) {
        for (FidelityReport.OutputFidelity f : c.outputs().values()) {
            if (!Double.isNaN(f.argmaxAgreement()) && f.argmaxAgreement() < 1.0) {
                return false;
            }
            if (f.maxAbsError() > tol) {
                return false;
            }
        }
        return true;
    }

    /** Calibrated float range per input: min/max over the samples, widened by the margin; explicit ranges win. */
    static Map<String, double[]> inputRanges(Graph g, CompileSettings s) {
        Map<String, double[]> r = new LinkedHashMap<>();
        for (ValueInfo in : g.inputs()) {
            double[] given = s.inputRanges().get(in.name());
            if (given != null) {
                if (given.length != 2 || !(given[0] <= given[1])) {
                    throw new QuantizationException("input range for '" + in.name() + "' must be [lo, hi] with lo <= hi");
                }
                r.put(in.name(), given.clone());
                continue;
            }
            if (in.type() == ElemType.BOOL) {
                r.put(in.name(), new double[]{0, 1});
                continue;
            }
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (Map<String, Tensor> sample : s.calibration()) {
                Tensor t = sample.get(in.name());
                if (t == null) {
                    throw new QuantizationException("calibration sample lacks input '" + in.name() + "'");
                }
                for (int i = 0; i < t.size(); i++) {
                    double v = t.get(i);
                    if (!Double.isFinite(v)) {
                        throw new QuantizationException("calibration sample for '" + in.name() + "' has " + v);
                    }
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
            if (lo > hi) {
                throw new QuantizationException("no calibration data and no input range for input '" + in.name() + "'");
            }
            double m = s.rangeMargin() * Math.max(hi - lo, Math.max(Math.abs(lo), Math.abs(hi)) * 0.01 + 1e-6);
            if (in.type() == ElemType.INT) {
                r.put(in.name(), new double[]{Math.floor(lo - m), Math.ceil(hi + m)});
            } else {
                r.put(in.name(), new double[]{lo - m, hi + m});
            }
        }
        return r;
    }

    static Map<String, FidelityReport.OutputFidelity> fidelity(Graph g, QuantizedGraph q,
                                                               List<Map<String, Tensor>> samples,
                                                               List<Map<String, Tensor>> reference) {
        Map<String, FidelityReport.OutputFidelity> out = new LinkedHashMap<>();
        for (QuantizedGraph.Output o : q.outputs()) {
            double max = 0;
            double sum = 0;
            long count = 0;
            long agree = 0;
            long rowsTotal = 0;
            int[] sh = o.shape();
            int last = sh.length == 0 ? 1 : sh[sh.length - 1];
            for (int i = 0; i < samples.size(); i++) {
                double[] qv = QuantizedExecutor.run(q, samples.get(i)).dequantized(q).get(o.name());
                Tensor f = reference.get(i).get(o.name());
                for (int k = 0; k < qv.length; k++) {
                    double e = Math.abs(qv[k] - f.get(k));
                    max = Math.max(max, e);
                    sum += e;
                    count++;
                }
                if (o.type() != ElemType.FLOAT) {
                    for (int k = 0; k < qv.length; k++) {
                        agree += qv[k] == f.get(k) ? 1 : 0;
                        rowsTotal++;
                    }
                } else if (last > 1) {
                    for (int r = 0; r < qv.length / last; r++) {
                        agree += argmax(qv, r * last, last) == argmax(f.toArray(), r * last, last) ? 1 : 0;
                        rowsTotal++;
                    }
                }
            }
            out.put(o.name(), new FidelityReport.OutputFidelity(max, count == 0 ? 0 : sum / count,
                    rowsTotal == 0 ? Double.NaN : agree / (double) rowsTotal));
        }
        return out;
    }

    private static int argmax(double[] v, int off, int n) {
        int b = 0;
        for (int i = 1; i < n; i++) {
            if (v[off + i] > v[off + b]) {
                b = i;
            }
        }
        return b;
    }

    /** IR ops plus table entries: a rough, monotone proxy for constraint count. */
    static long cost(Circuit c) {
        long n = c.ops().size();
        for (Op op : c.ops()) {
            if (op instanceof Op.Rescale r) {
                n += r.bits() / 16;
            }
        }
        for (Table t : c.tables()) {
            n += t.size();
        }
        return n;
    }
}
