package io.zkinfer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkinfer.circuits.quant.Lowering;
import io.zkinfer.prover.VerifyingKey;
import io.zkinfer.verifier.Claims;
import io.zkinfer.verifier.Verdict;
import io.zkinfer.verifier.Verifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code zkinfer verify}: checks a proof with the pure-Java verifier (and optionally in an EVM). */
@Command(name = "verify",
        mixinStandardHelpOptions = true,
        description = {
                "Verify a proof with zkinfer's pure-Java verifier library (no native code): exit 0 valid, 1 invalid,",
                "2 malformed or bad input. First the bundle must hang together (SHA-256 of circuit.ir = its manifest,",
                "circuit.hash, settings, setup and vk.bin's circuit); then the proof is checked under vk.bin, and so",
                "are PROOF.json's claims (circuit, verifyingKeySha256, outputs, commitments) and the --expect-* pins.",
                "Every public value checked is printed.",
                "  zkinfer verify BUNDLE --proof PROOF.json [--evm]",
                "  zkinfer verify --format snarkjs --vk verification_key.json --proof proof.json \\",
                "      --public public.json"})
final class VerifyCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "BUNDLE", description = "the bundle (zkinfer format)")
    Path bundleDir;

    @Option(names = "--proof", required = true, paramLabel = "PROOF.json", description = "the proof")
    Path proofFile;

    @Option(names = "--format", defaultValue = "zkinfer", paramLabel = "zkinfer|snarkjs",
            description = "zkinfer (a bundle's PROOF.json) or snarkjs (Groth16 JSON files) (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--vk", paramLabel = "VK.json", description = "snarkjs: verification_key.json")
    Path vkFile;

    @Option(names = "--public", paramLabel = "PUBLIC.json", description = "snarkjs: public.json")
    Path publicFile;

    @Option(names = "--expect-output", paramLabel = "NAME=V1,V2,..",
            description = "require the proven output NAME to be these values (quantized at the output's scale, "
                    + "rounded to nearest; repeatable); exit 1 when it is not")
    List<String> expectedOutputs = new ArrayList<>();

    @Option(names = "--expect-input", paramLabel = "NAME=V1,V2,..",
            description = "require the public input NAME to be these values (as --expect-output; repeatable)")
    List<String> expectedInputs = new ArrayList<>();

    @Option(names = "--expect-commitment", paramLabel = "NAME=DEC",
            description = "require the commitment of tensor NAME to be this field element (decimal or 0x hex; "
                    + "repeatable), e.g. the commitment of a data proof about the same record")
    List<String> expectedCommitments = new ArrayList<>();

    @Option(names = "--evm", description = "also verify with the exported Solidity verifier in an in-process EVM "
            + "(needs Node.js; every proof of this zkinfer carries the Solidity form); prints 'gas: N'")
    boolean evm;

    @Option(names = "--near", description = "also verify with the bundle's NEAR contract (export-verifier --target "
            + "near) in nearcore's VM logic (needs Rust's cargo; the first run compiles near-sdk: minutes); prints "
            + "'gas: N Tgas'")
    boolean near;

    @Option(names = "--require-setup", paramLabel = "KIND[,KIND]", description = "refuse (exit 1) unless the key "
            + "was made by one of these setups: ceremony, srs, development (see setup.json)")
    String requireSetup;

    @Option(names = "--json", description = "print one JSON object with the verdict and every value checked "
            + "(docs/cli.md, \"Machine output\") instead of text; exit codes as without it")
    boolean json;

    @Option(names = "--full", description = "print every value checked (long vectors are summarised otherwise)")
    boolean full;

    @Override
    public Integer call() throws Exception {
        if (json && (evm || near)) {
            throw new UserInputException("--json reports the Java verifier's verdict only: run --evm or --near "
                    + "without --json");
        }
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "snarkjs" -> snarkjs();
            case "zkinfer" -> bundle();
            default -> throw new UserInputException("--format must be zkinfer or snarkjs, not '" + format + "'");
        };
    }

    private int snarkjs() throws Exception {
        if (vkFile == null || publicFile == null) {
            throw new UserInputException("--format snarkjs needs --vk VK.json, --proof PROOF.json and --public "
                    + "PUBLIC.json");
        }
        if (bundleDir != null || evm || near || requireSetup != null || !expectedOutputs.isEmpty()
                || !expectedInputs.isEmpty() || !expectedCommitments.isEmpty()) {
            throw new UserInputException("--format snarkjs takes no BUNDLE, --evm, --near, --require-setup (snarkjs "
                    + "keys carry no zkinfer setup record) or --expect-*");
        }
        for (Path p : List.of(vkFile, proofFile, publicFile)) {
            if (!Files.isRegularFile(p)) {
                throw new UserInputException(p + " does not exist");
            }
        }
        Verifier.Result r = Verifier.verifySnarkjs(vkFile, proofFile, publicFile);
        return report(r, "snarkjs Groth16 proof " + proofFile);
    }

    private int report(Verifier.Result r, String what) {
        if (json) {
            ObjectNode o = jsonResult(r.outcome().name(), r.isValid() ? null : r.message());
            System.out.println(o.toPrettyString());
            return r.isValid() ? ExitCodes.OK
                    : r.outcome() == Verifier.Outcome.INVALID ? ExitCodes.INVALID : ExitCodes.BAD_INPUT;
        }
        switch (r.outcome()) {
            case VALID -> {
                System.out.println("VALID: " + what);
                return ExitCodes.OK;
            }
            case INVALID -> {
                System.out.println("INVALID: " + what + ": " + r.message());
                return ExitCodes.INVALID;
            }
            default -> {
                System.err.println("zkinfer verify: error: malformed input: " + r.message());
                System.out.println("MALFORMED: " + what);
                return ExitCodes.BAD_INPUT;
            }
        }
    }

    private int bundle() throws Exception {
        if (bundleDir == null) {
            throw new UserInputException("give the BUNDLE whose key verifies the proof (or --format snarkjs)");
        }
        if (vkFile != null || publicFile != null) {
            throw new UserInputException("--vk and --public are for --format snarkjs; a bundle holds its own key");
        }
        // --json: stdout carries the one JSON object; the text lines go nowhere (the setup line is kept for it)
        java.io.ByteArrayOutputStream setupText = new java.io.ByteArrayOutputStream();
        PrintStream out = json ? new PrintStream(setupText, true, java.nio.charset.StandardCharsets.UTF_8)
                : System.out;
        Bundle bundle = Bundle.open(bundleDir);
        // 1. the bundle hangs together: circuit.ir, manifest, settings, setup and vk.bin name one circuit
        Bundle.Trusted trusted = bundle.trusted();
        JsonNode setup = bundle.setup();
        if (SetupRecord.announce(bundle.provenance(), requireSetup, out) != ExitCodes.OK) {
            if (json) {
                String[] lines = setupText.toString(java.nio.charset.StandardCharsets.UTF_8).strip().split("\\R");
                ObjectNode o = jsonResult("INVALID", lines[lines.length - 1]);
                o.set("setup", setupJson(bundle));
                System.out.println(o.toPrettyString());
            }
            return ExitCodes.INVALID;
        }
        ProofFile pf = ProofFile.read(proofFile);
        if (!pf.backend().equals(setup.path("backend").asText())) {
            throw new UserInputException(proofFile + " is a " + pf.backend() + " proof, but the bundle's keys are "
                    + setup.path("backend").asText() + " (run setup with --backend " + pf.backend() + ")");
        }
        ModelValues layout = ModelValues.of(trusted.circuit(), trusted.settings());
        String what = pf.backend() + " proof " + proofFile + " for circuit " + bundle.circuitHash().substring(0, 16)
                + "... (pure-Java verifier)";
        // 2. what the prover claims (circuit, key, decoded outputs, commitments) and what the verifier pins
        Claims.Builder claims = Claims.publicValues(pf.publicInputs()).circuitHash(pf.circuitHash());
        pf.verifyingKeySha256().ifPresent(claims::verifyingKeySha256);
        List<String> notes = new ArrayList<>();
        if (pf.verifyingKeySha256().isEmpty()) {
            notes.add("note: " + proofFile.getFileName() + " does not record verifyingKeySha256 (made by an older "
                    + "zkinfer); the key was checked by the proof itself");
        }
        Optional<String> falseClaim = outputClaims(pf, layout, claims, notes);
        pf.commitments().forEach((k, v) -> claims.claim(Lowering.commitmentName(k), v));
        Expectations.add(layout, expectedOutputs, expectedInputs, expectedCommitments, claims);
        // 3. the verdict of the library, under the bundle's (checked) key
        Verdict v = trusted.verifier().verify(pf.proof(), claims.build());
        if (json) {
            Verdict shown = falseClaim.isPresent() && v.isValid()
                    ? new Verdict(Verdict.Status.INVALID, falseClaim.get(), v.values()) : v;
            ObjectNode o = jsonResult(shown.status().name(), shown.isValid() ? null : shown.message());
            o.put("backend", pf.backend());
            o.put("circuitHash", trusted.verifier().circuitHash());
            o.put("verifyingKeySha256", trusted.verifier().verifyingKeySha256());
            o.set("setup", setupJson(bundle));
            o.set("values", valuesJson(layout, shown));
            notes.forEach(o.putArray("notes")::add);
            System.out.println(o.toPrettyString());
            return switch (shown.status()) {
                case VALID -> ExitCodes.OK;
                case INVALID -> ExitCodes.INVALID;
                default -> ExitCodes.BAD_INPUT;
            };
        }
        if (v.status() == Verdict.Status.MALFORMED) {
            System.err.println("zkinfer verify: error: malformed input: " + v.message());
            out.println("MALFORMED: " + what);
            return ExitCodes.BAD_INPUT;
        }
        if (falseClaim.isPresent() && v.isValid()) {
            v = new Verdict(Verdict.Status.INVALID, falseClaim.get(), v.values());
        }
        out.println(v.isValid() ? "VALID: " + what : "INVALID: " + what + ": " + v.message());
        out.println("  key: " + Bundle.VK + " SHA-256 " + trusted.verifier().verifyingKeySha256() + ", circuit "
                + trusted.verifier().circuitHash());
        printValues(out, layout, v, full);
        notes.forEach(n -> out.println("  " + n));
        if (!v.isValid()) {
            return ExitCodes.INVALID;
        }
        if (near) {
            int n = near(bundle, pf);
            if (n != ExitCodes.OK || !evm) {
                return n;
            }
        }
        if (!evm) {
            return ExitCodes.OK;
        }
        return evm(bundle, pf);
    }

    /**
     * Turns PROOF.json's decoded outputs into claims on the public values; returns why a claim no public value can
     * encode is false (the verdict becomes INVALID). Outputs that are not public are noted as the prover's unproved
     * claim.
     */
    private Optional<String> outputClaims(ProofFile pf, ModelValues layout, Claims.Builder claims, List<String> notes) {
        for (var e : pf.outputs().entrySet()) {
            Optional<ModelValues.Tensor> t = layout.find(ModelValues.Kind.OUTPUT, e.getKey());
            if (t.isEmpty()) {
                notes.add("output " + e.getKey() + " is not public: its value in " + proofFile.getFileName()
                        + " is the prover's claim, not proved");
                continue;
            }
            double[] claimed = e.getValue();
            if (claimed.length != t.get().size()) {
                return Optional.of("\"outputs\" claims " + claimed.length + " values for " + e.getKey()
                        + ", the circuit has " + t.get().size());
            }
            for (int j = 0; j < claimed.length; j++) {
                Optional<BigInteger> q = ModelValues.exact(claimed[j], t.get().scale());
                if (q.isEmpty()) {
                    return Optional.of("\"outputs\" claims " + e.getKey() + "[" + j + "] = " + claimed[j]
                            + ", which no value at the output's scale 2^-" + t.get().scale() + " encodes");
                }
                claims.claim(t.get().names().get(j), q.get());
            }
        }
        return Optional.empty();
    }

    /** Every public value the proof was checked against, decoded per tensor (long vectors summarised). */
    static void printValues(PrintStream out, ModelValues layout, Verdict v, boolean full) {
        if (v.values().isEmpty()) {
            return;
        }
        out.println("  public values checked (" + v.values().size() + "):");
        for (ModelValues.Tensor t : layout.tensors()) {
            List<String> shown = new ArrayList<>();
            boolean pinned = false;
            for (int p : t.positions()) {
                Verdict.CheckedValue cv = v.values().get(p);
                pinned |= cv.expected();
                shown.add(switch (t.kind()) {
                    case INPUT, OUTPUT -> fmt(ModelValues.decode(cv.value(), t.scale()));
                    default -> cv.value().toString();
                });
            }
            String value = t.kind() == ModelValues.Kind.INPUT || t.kind() == ModelValues.Kind.OUTPUT
                    ? ModelValues.summarise(shown, full) : String.join(", ", shown);
            out.println("    " + ModelValues.lower(t.kind()) + " " + t.name() + " = " + value
                    + (t.kind() == ModelValues.Kind.OUTPUT ? " (proved)" : "") + (pinned ? " (pinned)" : ""));
        }
    }

    /** The keys every --json verdict has: format, verdict, message (null when VALID), proofFile. */
    private ObjectNode jsonResult(String verdict, String message) {
        ObjectNode o = InputData.JSON.createObjectNode();
        o.put("format", "zkinfer-verify-result/1");
        o.put("verdict", verdict);
        o.put("message", message);
        o.put("proofFile", proofFile.toString());
        return o;
    }

    private static ObjectNode setupJson(Bundle bundle) throws java.io.IOException {
        ObjectNode s = InputData.JSON.createObjectNode();
        s.put("kind", bundle.provenance().kind().name().toLowerCase(Locale.ROOT));
        s.put("summary", bundle.provenance().summary());
        return s;
    }

    /**
     * Every public value checked, per tensor: kind, name, the field elements (decimal strings), for inputs and outputs
     * the real numbers they encode, and whether a --expect-* pin checked them.
     */
    static ArrayNode valuesJson(ModelValues layout, Verdict v) {
        ArrayNode arr = InputData.JSON.createArrayNode();
        if (v.values().isEmpty()) {
            return arr;
        }
        for (ModelValues.Tensor t : layout.tensors()) {
            ObjectNode o = arr.addObject();
            o.put("kind", ModelValues.lower(t.kind()));
            o.put("name", t.name());
            ArrayNode fe = o.putArray("fieldElements");
            ArrayNode real = t.kind() == ModelValues.Kind.INPUT || t.kind() == ModelValues.Kind.OUTPUT
                    ? o.putArray("values") : null;
            boolean pinned = false;
            for (int p : t.positions()) {
                Verdict.CheckedValue cv = v.values().get(p);
                fe.add(cv.value().toString());
                if (real != null) {
                    real.add(ModelValues.decode(cv.value(), t.scale()));
                }
                pinned |= cv.expected();
            }
            o.put("pinned", pinned);
        }
        return arr;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) + ".0" : Double.toString(d);
    }

    private int near(Bundle bundle, ProofFile pf) throws Exception {
        if (pf.solidityProof().isEmpty()) {
            throw new UserInputException(proofFile + " has no solidityProof (the bytes the NEAR contract reads): "
                    + "prove it again with this zkinfer");
        }
        byte[] vk = CliFiles.readBytes(bundle.file(Bundle.VK), "verifying key");
        Near.Verdict r = new Progress(System.err).step("verify (NEAR)", () -> Near.verify(bundle, vk,
                Bundle.sha256(vk), bundle.provenance(), Near.callArgs(pf.solidityProof().get(), pf.publicInputs()),
                System.err));
        System.out.println("gas: " + r.tgas() + " (host functions in nearcore's VM logic, mainnet parameters)");
        return switch (r.status()) {
            case "VALID" -> {
                System.out.println("VALID on NEAR (contract exported from the bundle's key)");
                yield ExitCodes.OK;
            }
            case "INVALID" -> {
                System.out.println("INVALID: the NEAR contract rejected the proof (" + r.reason() + ")");
                yield ExitCodes.INVALID;
            }
            default -> {
                System.out.println("INVALID: the NEAR contract refused the arguments: " + r.reason());
                yield ExitCodes.INVALID;
            }
        };
    }

    private int evm(Bundle bundle, ProofFile pf) throws Exception {
        if (pf.solidityProof().isEmpty()) {
            throw new UserInputException(proofFile + " has no \"solidityProof\": it was made by an older zkinfer, "
                    + "before every proof carried the Solidity form; for --evm prove it again with this zkinfer");
        }
        Path dir = Evm.ready(System.err);
        Path tmp = Files.createTempDirectory("zkinfer-evm-");
        try {
            String sol;
            try (VerifyingKey key = VerifyingKey.read(bundle.file(Bundle.VK))) {
                sol = SoliditySetup.annotate(key.exportSolidity(), bundle.provenance());
            }
            Path fixture = Evm.fixture(tmp, sol, pf.solidityProof().get(), pf.publicInputs());
            // a contract that cannot be deployed (or a failing EVM tool) has no verdict: Evm.verify throws, the step
            // shows a cross, and the exit status is 2 with the reason
            Evm.Verdict v = new Progress(System.err).step("verify (EVM)", () -> Evm.verify(dir, fixture));
            System.out.print(v.output());
            if (v.accepted()) {
                System.out.println("VALID in the EVM (Solidity verifier exported from the bundle's key)");
                return ExitCodes.OK;
            }
            System.out.println("INVALID: the Solidity verifier rejected the proof");
            return ExitCodes.INVALID;
        } finally {
            Files2.deleteTree(tmp);
        }
    }
}
