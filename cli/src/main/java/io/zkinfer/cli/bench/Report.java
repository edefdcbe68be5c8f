package io.zkinfer.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Merges zkinfer's and EZKL's results (same models, inputs, machine, run) into {@code e2e.json}, {@code e2e.csv},
 * {@code summary.md} (one table per model, the targets) and SVG plots (log-scale bars).
 */
public final class Report {

    /** One system configuration's figures for one model, in common units. */
    record Row(String system, String config, String model, int runs, boolean ok, String error, double compile, double setup,
               double prove, double verify, double verifyWarm, double peakMiB, String size, long proofBytes,
               long vkBytes, long pkBytes, Long gas, Double maxAbsError, Boolean labelsMatch) {
        String label() {
            return system + " " + config;
        }
    }

    private Report() {
    }

    /**
     * Writes the report files into {@code dir}. {@code ezkl} may be null (not run) or hold {@code installError}.
     *
     * @return the Markdown summary
     */
    public static String write(Path dir, JsonNode zkinfer, JsonNode ezkl, String machine) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (JsonNode m : zkinfer.path("models")) {
            JsonNode ph = m.path("phases");
            rows.add(new Row("zkinfer", m.path("backend").asText() + "/" + m.path("target").asText(),
                    m.path("model").asText(), m.path("runs").asInt(), m.path("ok").asBoolean(), m.path("error").asText(""),
                    med(ph, "compile"), med(ph, "setup"), med(ph, "prove"), med(ph, "verify"),
                    m.path("verifyWarmSeconds").asDouble(Double.NaN), m.path("peakRssKiB").asDouble(Double.NaN) / 1024,
                    m.has("constraints") ? m.path("constraints").asLong() + " constraints" : "",
                    m.path("proofBytes").asLong(), m.path("vkBytes").asLong(), m.path("pkBytes").asLong(),
                    m.has("gas") ? m.path("gas").asLong() : null,
                    m.has("maxAbsError") ? m.path("maxAbsError").asDouble() : null,
                    m.has("labelsMatch") ? m.path("labelsMatch").asBoolean() : null));
        }
        boolean ezklOk = ezkl != null && !ezkl.has("installError");
        if (ezklOk) {
            for (JsonNode m : ezkl.path("models")) {
                JsonNode ph = m.path("phases");
                double prove = med(ph, "prove") + (ph.has("witness") ? med(ph, "witness") : 0);
                rows.add(new Row("ezkl", m.path("target").asText(), m.path("model").asText(), m.path("runs").asInt(),
                        m.path("ok").asBoolean(),
                        m.path("error").asText(""), med(ph, "compile"), med(ph, "setup"), prove, med(ph, "verify"),
                        Double.NaN, m.path("peakRssKiB").asDouble(Double.NaN) / 1024,
                        m.has("logrows") ? "2^" + m.path("logrows").asInt() + " rows (" + m.path("numRows").asLong()
                                + " used)" : "",
                        m.path("proofBytes").asLong(), m.path("vkBytes").asLong(), m.path("pkBytes").asLong(), null,
                        m.hasNonNull("maxAbsError") ? m.path("maxAbsError").asDouble() : null,
                        m.hasNonNull("labelsMatch") ? m.path("labelsMatch").asBoolean() : null));
            }
        }
        Files.createDirectories(dir);
        ObjectNode all = BenchHarness.JSON.createObjectNode();
        all.put("machine", machine);
        all.set("zkinfer", zkinfer);
        if (ezkl != null) {
            all.set("ezkl", ezkl);
        }
        BenchHarness.JSON.writeValue(dir.resolve("e2e.json").toFile(), all);
        Files.writeString(dir.resolve("e2e.csv"), csv(rows));
        Set<String> models = new LinkedHashSet<>();
        rows.forEach(r -> models.add(r.model()));
        Files.writeString(dir.resolve("prove.svg"), Svg.bars("Prove time (median, s, log scale; EZKL: witness + prove)",
                "s", models, rows, Row::prove));
        Files.writeString(dir.resolve("peak-memory.svg"), Svg.bars("Peak RSS of the run (MiB, log scale)", "MiB",
                models, rows, Row::peakMiB));
        Files.writeString(dir.resolve("verify.svg"), Svg.bars("Verify time (median, s, log scale; zkinfer: pure-Java "
                + "verifier, cold first call)", "s", models, rows, Row::verify));
        Files.writeString(dir.resolve("setup.svg"), Svg.bars("Setup time (median, s, log scale)", "s", models, rows,
                Row::setup));
        String md = markdown(rows, models, zkinfer, ezkl, machine);
        Files.writeString(dir.resolve("summary.md"), md);
        return md;
    }

    private static double med(JsonNode phases, String name) {
        return phases.path(name).path("medianSeconds").asDouble(Double.NaN);
    }

    private static String csv(List<Row> rows) {
        StringBuilder sb = new StringBuilder("system,config,model,runs,ok,compile_s,setup_s,prove_s,verify_s,verify_warm_s,"
                + "peak_rss_mib,size,proof_bytes,vk_bytes,pk_bytes,gas,max_abs_error,labels_match,error\n");
        for (Row r : rows) {
            sb.append(String.join(",", r.system(), r.config(), r.model(), Integer.toString(r.runs()),
                    Boolean.toString(r.ok()), num(r.compile()),
                    num(r.setup()), num(r.prove()), num(r.verify()), num(r.verifyWarm()), num(r.peakMiB()),
                    r.size(), Long.toString(r.proofBytes()), Long.toString(r.vkBytes()), Long.toString(r.pkBytes()),
                    r.gas() == null ? "" : r.gas().toString(),
                    r.maxAbsError() == null ? "" : String.format(Locale.ROOT, "%.3g", r.maxAbsError()),
                    r.labelsMatch() == null ? "" : r.labelsMatch().toString(),
                    '"' + r.error().replace('"', '\'').replace('\n', ' ') + '"')).append('\n');
        }
        return sb.toString();
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String markdown(List<Row> rows, Set<String> models, JsonNode zk, JsonNode ezkl, String machine) {
        StringBuilder md = new StringBuilder();
        md.append("Run of ").append(zk.path("started").asText()).append(": zkinfer ").append(zk.path("version").asText())
                .append(" (gnark ").append(zk.path("gnark").asText()).append(", ").append(zk.path("java").asText())
                .append(")");
        if (ezkl != null && !ezkl.has("installError")) {
            md.append(", EZKL ").append(ezkl.path("version").asText()).append(" (Python ")
                    .append(ezkl.path("python").asText()).append(")");
        }
        md.append("; times are medians over the runs in column n. ")
                .append(machine.isBlank() ? "" : "Machine: " + machine + ".").append("\n\n");
        if (ezkl == null || ezkl.has("installError")) {
            md.append("> **EZKL WAS NOT MEASURED IN THIS RUN.** ")
                    .append(ezkl == null ? "No EZKL results were given." : ezkl.path("installError").asText())
                    .append(" Only zkinfer's figures below; no comparison can be drawn from this run.\n\n");
        }
        for (String model : models) {
            md.append("#### ").append(model).append("\n\n");
            md.append("| system / config | n | compile s | setup s | prove s | verify s | peak RSS MiB | size | proof B | "
                    + "VK B | PK B | gas | max abs err vs ORT | labels |\n");
            md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
            for (Row r : rows) {
                if (!r.model().equals(model)) {
                    continue;
                }
                if (!r.ok() && Double.isNaN(r.prove())) {
                    md.append("| ").append(r.label()).append(" | ").append(r.runs()).append(" | **failed**: ").append(clip(r.error()))
                            .append(" |||||||||||| \n");
                    continue;
                }
                md.append("| ").append(r.label()).append(" | ").append(r.runs()).append(" | ").append(f(r.compile())).append(" | ")
                        .append(f(r.setup())).append(" | ").append(f(r.prove())).append(" | ").append(f(r.verify()))
                        .append(Double.isNaN(r.verifyWarm()) ? "" : " (warm " + f(r.verifyWarm()) + ")")
                        .append(" | ").append(String.format(Locale.ROOT, "%.0f", r.peakMiB())).append(" | ")
                        .append(r.size()).append(" | ").append(r.proofBytes()).append(" | ").append(r.vkBytes())
                        .append(" | ").append(mb(r.pkBytes())).append(" | ")
                        .append(r.gas() == null ? "–" : String.format(Locale.ROOT, "%,d", r.gas())).append(" | ")
                        .append(r.maxAbsError() == null ? "–" : String.format(Locale.ROOT, "%.2g", r.maxAbsError()))
                        .append(" | ").append(r.labelsMatch() == null ? "–" : r.labelsMatch() ? "match" : "DIFFER")
                        .append(" |\n");
            }
            md.append('\n');
        }
        md.append(targets(rows, models));
        return md.toString();
    }

    /** The targets per model: zkinfer Groth16 against EZKL's fastest configuration of equal or worse error. */
    private static String targets(List<Row> rows, Set<String> models) {
        StringBuilder md = new StringBuilder("#### Targets (zkinfer groth16 vs EZKL, same model and input, same machine)\n\n");
        md.append("| model | EZKL config compared | prove: EZKL / zkinfer (≥10×?) | accuracy: zkinfer err ≤ EZKL err? "
                + "| peak RSS: EZKL / zkinfer (≥5×?) | verify: EZKL s vs zkinfer Java cold / warm s (lower?) |\n");
        md.append("|---|---|---|---|---|---|\n");
        for (String model : models) {
            Row zk = rows.stream().filter(r -> r.ok() && r.model().equals(model) && r.system().equals("zkinfer")
                    && r.config().startsWith("groth16")).findFirst().orElse(null);
            List<Row> ez = rows.stream().filter(r -> r.ok() && r.model().equals(model) && r.system().equals("ezkl"))
                    .toList();
            if (zk == null || ez.isEmpty()) {
                Row failed = rows.stream().filter(r -> !r.ok() && r.model().equals(model)).findFirst().orElse(null);
                md.append("| ").append(model).append(" | – | not comparable: ")
                        .append(zk == null ? "zkinfer failed" : "EZKL did not run or failed")
                        .append(failed == null ? "" : " (" + clip(failed.label() + ": " + failed.error()) + ")")
                        .append(" | | | |\n");
                continue;
            }
            for (Row e : ez) {
                double speed = e.prove() / zk.prove();
                double mem = e.peakMiB() / zk.peakMiB();
                boolean acc = zk.maxAbsError() != null && e.maxAbsError() != null
                        && zk.maxAbsError() <= e.maxAbsError() + 1e-12
                        && !Boolean.FALSE.equals(zk.labelsMatch());
                md.append(String.format(Locale.ROOT, "| %s | %s | %.1f× %s | %s (%.2g vs %.2g) | %.1f× %s | %s vs %s / %s %s |%n",
                        model, e.config(), speed, speed >= 10 ? "met" : "**not met**", acc ? "yes" : "**no**",
                        zk.maxAbsError(), e.maxAbsError() == null ? Double.NaN : e.maxAbsError(), mem,
                        mem >= 5 ? "met" : "**not met**", f(e.verify()), f(zk.verify()), f(zk.verifyWarm()),
                        zk.verify() < e.verify() ? "met (cold)" : zk.verifyWarm() < e.verify() ? "met warm only"
                                : "**not met**"));
            }
        }
        return md.append('\n').toString();
    }

    private static String clip(String s) {
        String t = s.replace('|', '/').replace('\n', ' ');
        return t.length() > 160 ? t.substring(0, 157) + "..." : t;
    }

    private static String f(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        return v >= 10 ? String.format(Locale.ROOT, "%.1f", v) : v >= 0.1 ? String.format(Locale.ROOT, "%.2f", v)
                : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String mb(long bytes) {
        return bytes >= 1 << 20 ? String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0)
                : String.format(Locale.ROOT, "%.0f KiB", bytes / 1024.0);
    }

    /** Hand-written SVG: grouped horizontal-free vertical bars per model, log10 y axis. */
    static final class Svg {
        private static final String[] COLORS = {"#1f77b4", "#6baed6", "#d62728", "#ff9896", "#2ca02c", "#9467bd"};

        static String bars(String title, String unit, Set<String> models, List<Row> rows,
                           java.util.function.ToDoubleFunction<Row> value) {
            Map<String, Integer> series = new LinkedHashMap<>();
            rows.forEach(r -> series.putIfAbsent(r.label(), series.size()));
            double min = Double.MAX_VALUE;
            double max = 0;
            for (Row r : rows) {
                double v = value.applyAsDouble(r);
                if (r.ok() && v > 0 && !Double.isNaN(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
            if (max == 0) {
                min = 1;
                max = 10;
            }
            double lo = Math.floor(Math.log10(min));
            double hi = Math.ceil(Math.log10(max));
            if (hi == lo) {
                hi = lo + 1;
            }
            int groupW = 30 + 16 * series.size();
            int left = 70;
            int top = 40;
            int plotH = 300;
            int width = left + groupW * models.size() + 20;
            int legendY = top + plotH + 90;
            int height = legendY + 18 * series.size() + 10;
            StringBuilder s = new StringBuilder();
            s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                    + "font-family=\"sans-serif\" font-size=\"11\">%n", width, height));
            s.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"20\" font-size=\"13\">%s</text>%n", left,
                    esc(title)));
            for (double e = lo; e <= hi; e++) {
                double y = top + plotH - (e - lo) / (hi - lo) * plotH;
                s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                        + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s %s</text>%n", left, width - 10, y, y,
                        left - 5, y + 4, tick(e), unit));
            }
            int g = 0;
            for (String model : models) {
                int x0 = left + g * groupW + 15;
                for (Row r : rows) {
                    if (!r.model().equals(model)) {
                        continue;
                    }
                    int k = series.get(r.label());
                    double v = value.applyAsDouble(r);
                    int x = x0 + 16 * k;
                    if (!r.ok() || Double.isNaN(v) || v <= 0) {
                        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"%s\" font-size=\"10\">"
                                + "✗</text>%n", x + 2, top + plotH - 4, COLORS[k % COLORS.length]));
                        continue;
                    }
                    double h = Math.max(1, (Math.log10(v) - lo) / (hi - lo) * plotH);
                    s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"14\" height=\"%.1f\" "
                                    + "fill=\"%s\"><title>%s %s: %.4g %s</title></rect>%n", x, top + plotH - h, h,
                            COLORS[k % COLORS.length], esc(r.label()), esc(model), v, unit));
                }
                s.append(String.format(Locale.ROOT, "<text transform=\"translate(%d,%d) rotate(35)\">%s</text>%n",
                        x0, top + plotH + 14, esc(model)));
                g++;
            }
            for (Map.Entry<String, Integer> e : series.entrySet()) {
                int y = legendY + 18 * e.getValue();
                s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                        + "<text x=\"%d\" y=\"%d\">%s</text>%n", left, y, COLORS[e.getValue() % COLORS.length],
                        left + 18, y + 10, esc(e.getKey())));
            }
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#666\">✗ = failed or unsupported</text>%n",
                    width - 170, legendY + 10));
            return s.append("</svg>\n").toString();
        }

        private static String tick(double e) {
            double v = Math.pow(10, e);
            return v >= 1 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%s", v);
        }

        private static String esc(String s) {
            return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        }
    }
}
