package io.zkinfer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkinfer.circuits.ir.Circuit;
import io.zkinfer.circuits.ir.IrCodec;
import io.zkinfer.circuits.quant.CompileSettings;
import io.zkinfer.circuits.quant.CompiledModel;
import io.zkinfer.circuits.quant.ModelCompiler;
import io.zkinfer.circuits.quant.ModelVisibility;
import io.zkinfer.circuits.quant.QuantizedModelCodec;
import io.zkinfer.circuits.quant.Visibility;
import io.zkinfer.prover.Backend;
import io.zkinfer.prover.CompileOptions;
import io.zkinfer.verifier.SetupProvenance;
import io.zkinfer.verifier.MalformedInputException;
import io.zkinfer.verifier.TrustedVerifier;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A compiled model on disk (docs/cli.md, "The bundle"). {@code zkinfer.json} is the manifest: it records the exact
 * compile settings (the chosen scales and the calibrated input ranges), so {@link #rebuildModel()} recompiles the
 * ONNX model to the same circuit without the calibration data, and checks that it did. Since model.qg exists,
 * {@code prove} reads the quantized model from it instead ({@link #quantizedModel}).
 */
public final class Bundle {
    static final String FORMAT = "zkinfer-bundle/1";
    static final String MANIFEST = "zkinfer.json";
    static final String MODEL = "model.onnx";
    /** The quantized model in ready form (QuantizedModelCodec), bound by the manifest's quantizedModelSha256. */
    static final String QUANTIZED = "model.qg";
    static final String QUANTIZED_SHA = "quantizedModelSha256";
    static final String SETTINGS = "settings.json";
    static final String IR = "circuit.ir";
    static final String IR_JSON = "circuit.ir.json";
    static final String HASH = "circuit.hash";
    static final String FIDELITY = "fidelity.txt";
    static final String LAYERS = "layers.json";
    public static final String SETUP = "setup.json";
    public static final String CONSTRAINT_SYSTEM = "circuit.cs";
    public static final String PK = "pk.bin";
    public static final String VK = "vk.bin";
    public static final String VK_JSON = "vk.json";

    public final Path dir;
    final ObjectNode manifest;

    private Bundle(Path dir, ObjectNode manifest) {
        this.dir = dir;
        this.manifest = manifest;
    }

    public static Bundle open(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new UserInputException("bundle " + dir + " does not exist (make one with 'zkinfer compile')");
        }
        Path m = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(m)) {
            throw new UserInputException(dir + " is not a zkinfer bundle: " + MANIFEST + " is missing");
        }
        JsonNode root = InputData.readJson(m, "bundle manifest");
        if (!(root instanceof ObjectNode o) || !FORMAT.equals(root.path("format").asText())) {
            throw new UserInputException(m + ": not a " + FORMAT + " manifest");
        }
        for (String f : List.of(MODEL, IR)) {
            if (!Files.isRegularFile(dir.resolve(f))) {
                throw new UserInputException("bundle " + dir + " is incomplete: " + f + " is missing");
            }
        }
        return new Bundle(dir, o);
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    public String circuitHash() {
        return manifest.path("circuitHash").asText();
    }

    public Backend defaultBackend() {
        return Backends.parse(manifest.path("backend").asText("groth16"));
    }

    public CompileOptions compileOptions() {
        return manifest.path("commitmentFree").asBoolean(false) ? CompileOptions.withoutCommitment()
                : CompileOptions.defaults();
    }

    /** Whether {@code dir} holds a zkinfer bundle manifest (what {@code compile --force} may replace). */
    static boolean isBundle(Path dir) {
        Path m = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(m)) {
            return false;
        }
        try {
            return FORMAT.equals(InputData.readJson(m, "bundle manifest").path("format").asText());
        } catch (UserInputException e) {
            return false;
        }
    }

    /**
     * What a verifier may trust in this bundle, after checking that its files agree: SHA-256 of circuit.ir = the
     * manifest's circuitHash = circuit.hash = settings.json's, setup.json's and vk.json's circuitHash = the circuit in
     * vk.bin's container header, and vk.bin's SHA-256 = the one setup.json records (bundles set up since it does).
     * A file swapped in from another bundle (a key of the same model at another scale) breaks one of these: exit 2,
     * naming both hashes.
     *
     * @param circuit  the decoded circuit (its hash is the bundle's)
     * @param settings settings.json (scales and shapes that decode the public values)
     * @param verifier the trusted verifier over vk.bin for this circuit, with the circuit's public value names
     */
    record Trusted(Circuit circuit, JsonNode settings, TrustedVerifier verifier) {}

    Trusted trusted() throws IOException {
        Agreed a = agreed();
        Circuit c = a.circuit();
        List<String> names = new java.util.ArrayList<>(c.publicInputs());
        c.outputs().forEach(o -> names.add(o.name()));
        try {
            return new Trusted(c, a.settings(), TrustedVerifier.create(a.verifyingKey(), c.hash(), names));
        } catch (MalformedInputException e) {
            throw new UserInputException("bundle " + dir + ": " + VK + " does not fit " + IR + " (which hashes to "
                    + c.hash() + "): " + e.getMessage(), e);
        }
    }

    /**
     * The bundle's files agree (every check of {@link #trusted()}: circuit.ir's hash everywhere, vk.bin's SHA-256 in
     * setup.json, the circuit in vk.bin's header), without parsing the verifying key's points, which only a verifier
     * needs (0.3-0.8 s of a CLI prove, BN254 subgroup checks in a cold JVM).
     *
     * @param verifyingKey vk.bin's bytes
     */
    record Agreed(Circuit circuit, JsonNode settings, byte[] verifyingKey) {
        String verifyingKeySha256() {
            return sha256(verifyingKey);
        }
    }

    Agreed agreed() throws IOException {
        JsonNode setup = setup();
        byte[] ir = CliFiles.readBytes(file(IR), "circuit IR");
        String sha = sha256(ir);
        agree(sha, circuitHash(), MANIFEST + " circuitHash");
        agree(sha, CliFiles.readString(file(HASH), "circuit hash file").strip(), HASH);
        JsonNode settings = InputData.readJson(file(SETTINGS), "bundle settings");
        if (settings.has("circuitHash")) {
            agree(sha, settings.path("circuitHash").asText(), SETTINGS + " circuitHash");
        }
        agree(sha, setup.path("circuitHash").asText(), SETUP + " circuitHash");
        byte[] vk = CliFiles.readBytes(file(VK), "verifying key");
        String vkSha = sha256(vk);
        if (setup.has("verifyingKeySha256") && !vkSha.equals(setup.path("verifyingKeySha256").asText())) {
            throw new UserInputException("bundle " + dir + ": " + VK + " has SHA-256 " + vkSha + " but " + SETUP
                    + " records " + setup.path("verifyingKeySha256").asText() + " (was the key replaced?)");
        }
        if (Files.isRegularFile(file(VK_JSON))) {
            agree(sha, InputData.readJson(file(VK_JSON), "verifying key record").path("circuitHash").asText(),
                    VK_JSON + " circuitHash");
        }
        Circuit c = IrCodec.decode(ir);
        if (!c.hash().equals(sha)) {
            throw new UserInputException(file(IR) + " is not in canonical form (it re-encodes to circuit "
                    + c.hash() + ")");
        }
        try {
            String keyCircuit = io.zkinfer.verifier.ArtifactHeader.peek(vk).circuit();
            if (!keyCircuit.equals(sha)) {
                throw new UserInputException("bundle " + dir + ": " + VK + " does not fit " + IR + " (which hashes to "
                        + sha + "): the verifying key is for circuit " + keyCircuit + ", the expected circuit is "
                        + sha);
            }
        } catch (MalformedInputException e) {
            throw new UserInputException("bundle " + dir + ": " + VK + " does not fit " + IR + " (which hashes to "
                    + sha + "): " + e.getMessage(), e);
        }
        return new Agreed(c, settings, vk);
    }

    private void agree(String irSha, String claimed, String where) {
        if (!irSha.equals(claimed)) {
            throw new UserInputException("bundle " + dir + " does not hang together: " + IR + " hashes to " + irSha
                    + " but " + where + " is " + (claimed.isEmpty() ? "missing" : claimed)
                    + " (was a file replaced or edited?)");
        }
    }

    /** The circuit, decoded from circuit.ir and checked against the manifest's hash. */
    public Circuit circuit() throws IOException {
        Circuit c = IrCodec.decode(CliFiles.readBytes(file(IR), "circuit IR"));
        if (!c.hash().equals(circuitHash())) {
            throw new UserInputException(file(IR) + " hashes to " + c.hash() + " but the bundle's circuit is "
                    + circuitHash() + " (was the bundle edited?)");
        }
        return c;
    }

    /**
     * The setup record, read strictly and checked against vk.bin (a record of other keys, or one written before
     * setup.json had a format, is refused), or an error telling the user to run setup.
     */
    SetupProvenance provenance() throws IOException {
        Path s = file(SETUP);
        if (!Files.isRegularFile(s) || !Files.isRegularFile(file(PK)) || !Files.isRegularFile(file(VK))) {
            throw new UserInputException("bundle " + dir + " has no keys yet: run 'zkinfer setup " + dir + "' first");
        }
        return SetupRecord.readFor(s, Files.readAllBytes(file(VK)), file(VK));
    }

    /** The setup record as JSON, after {@link #provenance()} checked it. */
    JsonNode setup() throws IOException {
        provenance();
        return InputData.readJson(file(SETUP), "setup record");
    }

    Backend setupBackend() throws IOException {
        return switch (provenance().backend()) {
            case GROTH16 -> Backend.GROTH16;
            case PLONK -> Backend.PLONK;
        };
    }

    /**
     * The quantized model that computes {@code circuit}'s witness (the bundle's circuit, decoded and checked by
     * {@link #trusted()}): read from model.qg when the bundle has one (its SHA-256 must be the manifest's and its
     * header must name this circuit), else, for a bundle compiled before model.qg existed, rebuilt from the ONNX
     * model with a one-line note on {@code notes}.
     */
    CompiledModel quantizedModel(Circuit circuit, java.io.PrintStream notes) throws IOException {
        if (!manifest.has(QUANTIZED_SHA)) {
            notes.println("note: " + dir + " has no " + QUANTIZED + " (compiled by an older zkinfer), so the ONNX model is"
                    + " re-quantized on every prove; 'zkinfer compile' it again to make prove faster");
            return rebuildModel();
        }
        Path f = file(QUANTIZED);
        if (!Files.isRegularFile(f)) {
            throw new UserInputException("bundle " + dir + " is incomplete: " + QUANTIZED + " is missing (the manifest "
                    + "records it; compile the model again)");
        }
        byte[] data = CliFiles.readBytes(f, "quantized model");
        String sha = sha256(data);
        String want = manifest.path(QUANTIZED_SHA).asText();
        if (!sha.equals(want)) {
            throw new UserInputException("bundle " + dir + " does not hang together: " + QUANTIZED + " has SHA-256 "
                    + sha + " but " + MANIFEST + " records " + want + " (was a file replaced or edited?)");
        }
        try {
            return QuantizedModelCodec.decode(data, circuit);
        } catch (io.zkinfer.circuits.quant.QuantizationException e) {
            throw new UserInputException(f + ": " + e.getMessage(), e);
        }
    }

    /** Recompiles the bundle's model with its recorded settings and checks that it is the bundle's circuit. */
    CompiledModel rebuildModel() throws IOException {
        String sha = sha256(CliFiles.readBytes(file(MODEL), "model"));
        if (!sha.equals(manifest.path("modelSha256").asText())) {
            throw new UserInputException(file(MODEL) + " is not the model this bundle was compiled from (SHA-256 "
                    + sha + ", expected " + manifest.path("modelSha256").asText() + ")");
        }
        CompiledModel m = ModelCompiler.compile(file(MODEL), settingsOf(manifest.path("compile")));
        if (!m.circuit().hash().equals(circuitHash())) {
            throw new IllegalStateException("recompiling " + file(MODEL) + " gave circuit " + m.circuit().hash()
                    + " but the bundle's is " + circuitHash() + ": the compiler is not deterministic or changed");
        }
        return m;
    }

    /** The settings that reproduce {@code m} exactly: fixed scales, the calibrated input ranges, no samples. */
    static ObjectNode reproducibleSettings(CompiledModel m, CompileSettings used) {
        ObjectNode s = InputData.JSON.createObjectNode();
        s.put("target", used.target().name().toLowerCase(Locale.ROOT));
        s.put("scale", m.report().chosenScale());
        s.put("paramScale", m.report().chosenParamScale());
        s.put("lookupBits", used.lookupBits());
        s.put("rangeMargin", used.rangeMargin());
        s.put("tolerance", used.tolerance());
        ObjectNode v = s.putObject("visibility");
        v.put("input", m.visibility().input().name().toLowerCase(Locale.ROOT));
        v.put("params", m.visibility().params().name().toLowerCase(Locale.ROOT));
        v.put("output", m.visibility().output().name().toLowerCase(Locale.ROOT));
        ObjectNode r = s.putObject("inputRanges");
        for (var in : m.graph().inputs()) {
            double[] lohi = m.inputRanges().get(in.name());
            r.putArray(in.name()).add(lohi[0]).add(lohi[1]);
        }
        if (!m.enforcedRanges().isEmpty()) { // ranges the circuit enforces inside: part of the circuit
            ObjectNode er = s.putObject("enforcedRanges");
            new java.util.TreeMap<>(m.enforcedRanges()).forEach((k, lohi) -> er.putArray(k).add(lohi[0]).add(lohi[1]));
        }
        return s;
    }

    static CompileSettings settingsOf(JsonNode s) {
        Map<String, double[]> ranges = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = s.path("inputRanges").fields(); it.hasNext(); ) {
            var e = it.next();
            ranges.put(e.getKey(), new double[] {e.getValue().get(0).doubleValue(), e.getValue().get(1).doubleValue()});
        }
        JsonNode v = s.path("visibility");
        int scale = s.path("scale").asInt();
        return new CompileSettings(
                CompileSettings.Target.valueOf(s.path("target").asText("accuracy").toUpperCase(Locale.ROOT)),
                OptionalInt.of(scale), OptionalInt.of(s.path("paramScale").asInt(scale)), List.of(scale),
                s.path("lookupBits").asInt(16),
                new ModelVisibility(Visibility.parse(v.path("input").asText("private")),
                        Visibility.parse(v.path("params").asText("public")),
                        Visibility.parse(v.path("output").asText("public"))),
                List.of(), ranges, s.path("rangeMargin").asDouble(0.1), s.path("tolerance").asDouble(0.02),
                CompileSettings.DEFAULT_MAX_ERROR, ModelCompiler.enforcedRanges(s.path("enforcedRanges")));
    }

    public static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
