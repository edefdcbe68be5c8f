package io.zkinfer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.zkinfer.verifier.ProofSystem;
import io.zkinfer.verifier.SetupProvenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code zkinfer inspect}: what a bundle holds and what its circuit costs, per layer and in total. */
@Command(name = "inspect",
        mixinStandardHelpOptions = true,
        description = {"Show a bundle: model, scales, visibility, inputs with their calibrated ranges, outputs, IR ops",
                "per ONNX node (layer) and per kind, and after setup gnark's constraint count and how the keys were made",
                "(the setup line of setup.json: development, srs or ceremony)."})
final class InspectCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "BUNDLE", description = "a bundle made by 'zkinfer compile'")
    Path bundleDir;

    @picocli.CommandLine.Option(names = "--json", description = "print one JSON object (docs/cli.md, \"Machine "
            + "output\") instead of text")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        Bundle bundle = Bundle.open(bundleDir);
        JsonNode m = bundle.manifest;
        JsonNode settings = InputData.readJson(bundle.file(Bundle.SETTINGS), "bundle settings");
        JsonNode c = m.path("compile");
        if (json) {
            out.println(json(bundle, m, settings).toPrettyString());
            return ExitCodes.OK;
        }
        out.println("bundle " + bundleDir);
        out.println("  model       " + m.path("modelSource").asText() + " (sha256 " + m.path("modelSha256").asText()
                .substring(0, 16) + "...)");
        out.println("  circuit     " + bundle.circuitHash() + " (IR v" + m.path("irVersion").asInt() + ")");
        out.println("  scale       " + c.path("scale").asInt() + ", params " + c.path("paramScale").asInt()
                + ", lookup bits " + c.path("lookupBits").asInt() + ", target " + c.path("target").asText());
        JsonNode v = c.path("visibility");
        out.println("  visibility  input=" + v.path("input").asText() + " params=" + v.path("params").asText()
                + " output=" + v.path("output").asText());
        for (JsonNode in : settings.path("inputs")) {
            out.println("  input       " + in.path("name").asText() + " " + in.path("shape") + " scale "
                    + in.path("scale").asInt() + ", range [" + in.path("min").asDouble() + ", "
                    + in.path("max").asDouble() + "]");
        }
        for (JsonNode o : settings.path("outputs")) {
            out.println("  output      " + o.path("name").asText() + " " + o.path("shape") + " scale "
                    + o.path("scale").asInt() + " (" + o.path("type").asText() + ")");
        }
        if (Files.isRegularFile(bundle.file(Bundle.LAYERS))) {
            JsonNode l = InputData.readJson(bundle.file(Bundle.LAYERS), "layer report");
            out.println();
            out.printf(Locale.ROOT, "  %-32s %-18s %8s  %s%n", "layer (ONNX node)", "op type", "IR ops", "by kind");
            for (JsonNode row : l.path("layers")) {
                out.printf(Locale.ROOT, "  %-32s %-18s %8d  %s%n", clip(row.path("node").asText(), 32),
                        clip(row.path("opType").asText(), 18), row.path("irOps").asLong(), kinds(row.path("byKind")));
            }
            out.printf(Locale.ROOT, "  %-32s %-18s %8d  %s%n", "total", "", l.path("totalOps").asLong(),
                    kinds(l.path("opsByKind")));
            out.println("  lookup tables: " + l.path("lookupTables").asInt() + " (" + l.path("lookupTableEntries")
                    .asLong() + " entries)");
        }
        Path setupFile = bundle.file(Bundle.SETUP);
        out.println();
        if (Files.isRegularFile(setupFile)) {
            SetupProvenance s;
            try {
                s = bundle.provenance();
            } catch (UserInputException e) {
                // inspect still shows the rest of the bundle; verify and prove refuse such a record
                out.println("  setup: UNUSABLE RECORD: " + e.getMessage());
                return ExitCodes.OK;
            }
            Map<String, Long> st = s.stats();
            boolean groth16 = s.backend() == ProofSystem.GROTH16;
            out.println("  gnark " + (groth16 ? "groth16" : "plonk") + ": " + st.getOrDefault("constraints", 0L)
                    + (groth16 ? " R1CS constraints" : " PLONK gates") + " in total; wires: "
                    + st.getOrDefault("publicWires", 0L) + " public, " + st.getOrDefault("privateWires", 0L)
                    + " private, " + st.getOrDefault("internalWires", 0L) + " internal; "
                    + st.getOrDefault("commitments", 0L) + " commitment(s)");
            out.println("  " + SetupRecord.line(s));
        } else {
            out.println("  no setup yet: 'zkinfer setup " + bundleDir + "' counts the gnark constraints");
        }
        return ExitCodes.OK;
    }

    /**
     * The bundle for machines: its files' own JSON (compile options from zkinfer.json, inputs and outputs from
     * settings.json, the layer report, setup.json), under stable keys; null where a part is absent.
     */
    private com.fasterxml.jackson.databind.node.ObjectNode json(Bundle bundle, JsonNode m, JsonNode settings) {
        var o = InputData.JSON.createObjectNode();
        o.put("format", "zkinfer-inspect/1");
        o.put("bundle", bundleDir.toString());
        o.put("circuitHash", bundle.circuitHash());
        o.put("irVersion", m.path("irVersion").asInt());
        var model = o.putObject("model");
        model.put("source", m.path("modelSource").asText());
        model.put("sha256", m.path("modelSha256").asText());
        o.set("compile", m.path("compile"));
        o.set("inputs", settings.path("inputs"));
        o.set("outputs", settings.path("outputs"));
        o.set("layers", Files.isRegularFile(bundle.file(Bundle.LAYERS))
                ? InputData.readJson(bundle.file(Bundle.LAYERS), "layer report") : null);
        o.set("setup", Files.isRegularFile(bundle.file(Bundle.SETUP))
                ? InputData.readJson(bundle.file(Bundle.SETUP), "setup record") : null);
        return o;
    }

    private static String kinds(JsonNode k) {
        StringBuilder sb = new StringBuilder();
        k.fields().forEachRemaining(e -> sb.append(sb.isEmpty() ? "" : " ").append(e.getKey()).append('=')
                .append(e.getValue().asInt()));
        return sb.toString();
    }

    private static String clip(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 3) + "...";
    }
}
