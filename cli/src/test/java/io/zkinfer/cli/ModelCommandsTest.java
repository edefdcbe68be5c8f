package io.zkinfer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The model flow on real files: compile (breast-cancer logistic regression from test-vectors, an ONNX-ML model with a
 * sigmoid lookup) -> setup -> prove -> verify on Groth16 and PLONK, tampering, bad input, EVM.
 */
class ModelCommandsTest {

    static final Path MODEL = Path.of("../test-vectors/models/breast_cancer_logreg.onnx");
    static final Path VECTORS = Path.of("../test-vectors/models/breast_cancer_logreg.json");

    @TempDir
    static Path dir;
    static Path calibration;
    static Path input;

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true));
        System.setErr(new PrintStream(err, true));
        int code;
        try {
            code = Main.run(args);
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
        Run r = new Run(code, out.toString(), err.toString());
        savedOut.println("$ zkinfer " + String.join(" ", args) + "  -> " + code + "\n" + r.out + r.err);
        return r;
    }

    @BeforeAll
    static void inputs() throws IOException {
        JsonNode v = InputData.JSON.readTree(VECTORS.toFile());
        ArrayNode all = InputData.JSON.createArrayNode();
        for (JsonNode row : v.get("calibration")) {
            row.forEach(all::add);
        }
        ObjectNode cal = InputData.JSON.createObjectNode();
        cal.putArray("input_data").add(all);
        calibration = dir.resolve("calibration.json");
        Files.writeString(calibration, cal.toString());
        // zkinfer's own format for the proof input, nested as the model's [1, 30] shape
        ObjectNode in = InputData.JSON.createObjectNode();
        in.putObject("inputs").putArray("X").add(v.get("calibration").get(3));
        input = dir.resolve("input.json");
        Files.writeString(input, in.toString());
    }

    /** Scale 8 keeps the sigmoid table (and the setup) small; the fidelity report still runs on all samples. */
    static Path compile(String name, String... extra) {
        Path b = dir.resolve(name);
        List<String> args = new java.util.ArrayList<>(List.of("compile", MODEL.toString(), "-o", b.toString(),
                "--calibration", calibration.toString(), "--scale", "8", "--tolerance", "1"));   // 0.13 error at scale 8
        args.addAll(List.of(extra));
        Run r = run(args.toArray(String[]::new));
        assertThat(r.code).as(r.err).isZero();
        return b;
    }

    static void flow(String backend) throws IOException {
        Path b = compile("bundle-" + backend, "--backend", backend);
        assertThat(b.resolve("circuit.ir")).exists();
        assertThat(b.resolve("circuit.ir.json")).exists();
        assertThat(b.resolve("fidelity.txt")).exists();
        assertThat(Files.readString(b.resolve("circuit.hash")).strip())
                .isEqualTo(InputData.JSON.readTree(b.resolve("zkinfer.json").toFile()).get("circuitHash").asText());
        assertThat(run("setup", b.toString()).code).isZero();
        JsonNode setup = InputData.JSON.readTree(b.resolve("setup.json").toFile());
        assertThat(setup.get("backend").asText()).isEqualTo(backend);
        assertThat(setup.at("/stats/constraints").asLong()).isPositive();

        Path proof = dir.resolve("proof-" + backend + ".json");
        Run p = run("prove", b.toString(), "--input", input.toString(), "-o", proof.toString());
        assertThat(p.code).as(p.err).isZero();
        JsonNode pj = InputData.JSON.readTree(proof.toFile());
        assertThat(pj.get("backend").asText()).isEqualTo(backend);
        assertThat(pj.get("outputNames")).extracting(JsonNode::asText).containsExactly("label", "probabilities");
        double[] probs = {pj.at("/outputs/1/0").asDouble(), pj.at("/outputs/1/1").asDouble()};
        assertThat(probs[0] + probs[1]).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.05));

        Run v = run("verify", b.toString(), "--proof", proof.toString());
        assertThat(v.code).as(v.out + v.err).isEqualTo(ExitCodes.OK);
        assertThat(v.out).contains("VALID").contains("(proved)");

        // a changed public value: the proof no longer verifies
        ObjectNode t = (ObjectNode) pj.deepCopy();
        ArrayNode pub = (ArrayNode) t.get("publicInputs");
        pub.set(1, TextNode.valueOf(new BigInteger(pub.get(1).asText()).add(BigInteger.ONE).toString()));
        Path tampered = dir.resolve("tampered-" + backend + ".json");
        Files.writeString(tampered, t.toString());
        assertThat(run("verify", b.toString(), "--proof", tampered.toString()).code).isEqualTo(ExitCodes.INVALID);

        // a changed "outputs" claim next to a valid proof is caught too
        ObjectNode t2 = (ObjectNode) pj.deepCopy();
        ((ArrayNode) t2.at("/outputs/1")).set(0, 0.5);
        Files.writeString(tampered, t2.toString());
        Run v2 = run("verify", b.toString(), "--proof", tampered.toString());
        assertThat(v2.code).isEqualTo(ExitCodes.INVALID);
        assertThat(v2.out).contains("claims out:probabilities[0]");

        // corrupt proof bytes (truncated artifact): malformed, exit 2
        ObjectNode t3 = (ObjectNode) pj.deepCopy();
        String proofB64 = t3.get("proof").asText();
        t3.put("proof", proofB64.substring(0, proofB64.length() / 2 / 4 * 4));
        Files.writeString(tampered, t3.toString());
        assertThat(run("verify", b.toString(), "--proof", tampered.toString()).code).isEqualTo(ExitCodes.BAD_INPUT);

        Run inspect = run("inspect", b.toString());
        assertThat(inspect.code).isZero();
        assertThat(inspect.out).contains("LinearClassifier").contains("Scaler")
                .contains(setup.at("/stats/constraints").asText());
        if (backend.equals("groth16")) {
            machineOutputAndWrites(b, proof, setup);
        }
    }

    /** --json on prove, verify, inspect (docs/cli.md, "Machine output"); writes checked first; public modes. */
    static void machineOutputAndWrites(Path b, Path proof, JsonNode setup) throws IOException {
        for (String f : List.of("pk.bin", "vk.bin", "circuit.cs", "setup.json")) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(
                    b.resolve(f)))).as(f).isEqualTo("rw-r--r--");
        }
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(proof)))
                .isEqualTo("rw-r--r--");

        Path json = dir.resolve("proof-json.json");
        Run p = run("prove", b.toString(), "--input", input.toString(), "-o", json.toString(), "--json");
        assertThat(p.code).as(p.err).isZero();
        JsonNode pr = InputData.JSON.readTree(p.out);
        assertThat(pr.get("format").asText()).isEqualTo("zkinfer-prove-result/1");
        assertThat(pr.get("proofFile").asText()).isEqualTo(json.toString());
        assertThat(pr.get("circuitHash").asText()).isEqualTo(setup.get("circuitHash").asText());
        assertThat(pr.at("/outputs/probabilities")).hasSize(2);

        Run v = run("verify", b.toString(), "--proof", json.toString(), "--json");
        assertThat(v.code).isEqualTo(ExitCodes.OK);
        JsonNode vr = InputData.JSON.readTree(v.out);
        assertThat(vr.get("verdict").asText()).isEqualTo("VALID");
        assertThat(vr.get("message").isNull()).isTrue();
        assertThat(vr.at("/setup/kind").asText()).isEqualTo("development");
        assertThat(vr.get("values").findValuesAsText("name")).contains("probabilities");
        Run refused = run("verify", b.toString(), "--proof", json.toString(), "--json", "--require-setup", "srs");
        assertThat(refused.code).isEqualTo(ExitCodes.INVALID);
        assertThat(InputData.JSON.readTree(refused.out).get("verdict").asText()).isEqualTo("INVALID");

        Run i = run("inspect", b.toString(), "--json");
        JsonNode ir = InputData.JSON.readTree(i.out);
        assertThat(ir.get("format").asText()).isEqualTo("zkinfer-inspect/1");
        assertThat(ir.at("/setup/backend").asText()).isEqualTo("groth16");
        assertThat(ir.get("inputs")).isNotEmpty();

        // an output that cannot be written is refused before the bundle is even read, naming file and reason
        Path underFile = proof.resolve("p.json");
        Run w = run("prove", b.toString(), "--input", input.toString(), "-o", underFile.toString());
        assertThat(w.code).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(w.err).contains("cannot write proof file " + underFile + ": " + proof + " is a file, not a folder")
                .doesNotContain("load proving key").doesNotContain("prove (");
    }

    @Test
    void groth16CompileSetupProveVerify() throws IOException {
        flow("groth16");
    }

    @Test
    void plonkCompileSetupProveVerify() throws IOException {
        flow("plonk");
    }

    @Test
    void aProofFromAnotherCircuitIsBadInput() throws IOException {
        Path a = compile("other-a");
        Path b = compile("other-b", "--input-visibility", "public");
        assertThat(run("setup", a.toString()).code).isZero();
        assertThat(run("setup", b.toString()).code).isZero();
        Path proof = dir.resolve("proof-other.json");
        assertThat(run("prove", a.toString(), "--input", input.toString(), "-o", proof.toString()).code).isZero();
        Run v = run("verify", b.toString(), "--proof", proof.toString());
        assertThat(v.code).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(v.err).contains("the proof says it is for circuit");
        // b's inputs are public: they are part of its public values (30 inputs + 3 outputs)
        Path pb = dir.resolve("proof-public.json");
        assertThat(run("prove", b.toString(), "--input", input.toString(), "-o", pb.toString()).code).isZero();
        assertThat(InputData.JSON.readTree(pb.toFile()).get("publicInputs").size()).isEqualTo(33);
        assertThat(run("verify", b.toString(), "--proof", pb.toString()).code).isZero();
        // the verifier pins the public input it expects: the values of input.json pass, another value does not
        List<String> x = new java.util.ArrayList<>();
        InputData.JSON.readTree(input.toFile()).at("/inputs/X/0").forEach(e -> x.add(e.asText()));
        Run pinned = run("verify", b.toString(), "--proof", pb.toString(), "--expect-input", "X=" + String.join(",", x));
        assertThat(pinned.code).as(pinned.out + pinned.err).isZero();
        assertThat(pinned.out).contains("input X = [").contains("\u2026 30 values] (pinned)");
        x.set(29, Double.toString(Double.parseDouble(x.get(29)) + 1));
        Run wrong = run("verify", b.toString(), "--proof", pb.toString(), "--expect-input", "X=" + String.join(",", x));
        assertThat(wrong.code).isEqualTo(ExitCodes.INVALID);
        assertThat(wrong.out).contains("expected in:X[29]");
        // a key from another circuit in the bundle: refused, not proved
        Files.copy(a.resolve("pk.bin"), b.resolve("pk.bin"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Run p = run("prove", b.toString(), "--input", input.toString(), "-o", dir.resolve("x.json").toString());
        assertThat(p.code).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(dir.resolve("x.json")).doesNotExist();
    }

    @Test
    void badInputsAreExitCodeTwoAndWriteNothing() throws IOException {
        Path garbage = dir.resolve("garbage.onnx");
        Files.write(garbage, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        Path nb = dir.resolve("never");
        Run r = run("compile", garbage.toString(), "-o", nb.toString(), "--calibration", calibration.toString());
        assertThat(r.code).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err).contains("ONNX");
        assertNothingLeft(nb);
        // no range, no calibration
        r = run("compile", MODEL.toString(), "-o", nb.toString());
        assertThat(r.code).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err).contains("--input-range X=LO:HI");
        assertNothingLeft(nb);
        // NaN in the calibration data
        Path nanCal = dir.resolve("nan-cal.json");
        Files.writeString(nanCal, Files.readString(calibration).replaceFirst("\\[\\[[0-9.]+", "[[NaN"));
        r = run("compile", MODEL.toString(), "-o", nb.toString(), "--calibration", nanCal.toString());
        assertThat(r.code).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err).contains("NaN");
        assertNothingLeft(nb);
        // an existing non-empty bundle is kept unless --force
        Path b = compile("kept");
        r = run("compile", MODEL.toString(), "-o", b.toString(), "--calibration", calibration.toString());
        assertThat(r.code).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err).contains("--force");

        assertThat(run("setup", b.toString()).code).isZero();
        Path proof = dir.resolve("bad-proof.json");
        Path in = dir.resolve("bad-input.json");
        // wrong shape
        Files.writeString(in, "{\"input_data\": [[1.0, 2.0, 3.0]]}");
        r = run("prove", b.toString(), "--input", in.toString(), "-o", proof.toString());
        assertThat(r.code).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err).contains("needs 30 values").contains("got 3");
        // NaN in the input, named by position
        Files.writeString(in, Files.readString(input).replaceFirst("\\[\\[[0-9.]+,", "[[NaN,"));
        r = run("prove", b.toString(), "--input", in.toString(), "-o", proof.toString());
        assertThat(r.code).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err).contains("element 0 is NaN");
        // outside the calibrated range
        Files.writeString(in, Files.readString(input).replaceFirst("\\[\\[[0-9.]+,", "[[1.0e9,"));
        r = run("prove", b.toString(), "--input", in.toString(), "-o", proof.toString());
        assertThat(r.code).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err).contains("outside the calibrated range");
        // not JSON
        Files.writeString(in, "{\"input_data\": [[1.0, ");
        r = run("prove", b.toString(), "--input", in.toString(), "-o", proof.toString());
        assertThat(r.code).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(proof).doesNotExist();
        // a corrupt verifying key
        Path good = dir.resolve("good-proof.json");
        assertThat(run("prove", b.toString(), "--input", input.toString(), "-o", good.toString()).code).isZero();
        byte[] vk = Files.readAllBytes(b.resolve("vk.bin"));
        vk[vk.length - 7] ^= 0x5a;
        Files.write(b.resolve("vk.bin"), vk);
        assertThat(run("verify", b.toString(), "--proof", good.toString()).code).isEqualTo(ExitCodes.BAD_INPUT);
        // a bundle without setup
        Path fresh = compile("fresh");
        r = run("prove", fresh.toString(), "--input", input.toString(), "-o", proof.toString());
        assertThat(r.code).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err).contains("zkinfer setup");
    }

    @Test
    void privateParametersOnAnOperatorThatCannotTakeThemIsBadInput() {
        Path nb = dir.resolve("private-params");
        Run r = run("compile", MODEL.toString(), "-o", nb.toString(), "--calibration", calibration.toString(),
                "--param-visibility", "private");
        assertThat(r.code).isEqualTo(ExitCodes.BAD_INPUT);
        // the logistic regression starts with an ai.onnx.ml Scaler, whose parameters are attributes
        assertThat(r.err).contains("unsupported operator Scaler").contains("private parameters").contains("at node");
        assertNothingLeft(nb);
    }

    @Test
    void evmVerifiesASolidityProofAndCalldataEncodesIt() throws IOException {
        assumeTrue(Evm.onPath("node"), "node is not on PATH: the EVM check needs Node.js 20+");
        Path b = compile("evm", "--backend", "groth16");
        assertThat(run("setup", b.toString()).code).isZero();
        Path proof = dir.resolve("proof-sol.json");
        assertThat(run("prove", b.toString(), "--input", input.toString(), "-o", proof.toString(), "--target",
                "solidity").code).isZero();
        assertThat(InputData.JSON.readTree(proof.toFile()).get("solidityProof").asText()).startsWith("0x");
        Run v = run("verify", b.toString(), "--proof", proof.toString(), "--evm");
        assertThat(v.code).as(v.err).isZero();
        assertThat(v.out).containsPattern("gas: \\d+").contains("\"accepted\":true");

        Path sol = dir.resolve("Verifier.sol");
        assertThat(run("export-verifier", b.toString(), "--target", "solidity", "-o", sol.toString()).code).isZero();
        assertThat(Files.readString(sol)).contains("verifyProof");
        Run c = run("calldata", b.toString(), "--proof", proof.toString());
        assertThat(c.code).isZero();
        assertThat(c.out.strip()).matches("0x[0-9a-f]+");

        // the EVM rejects a changed public value
        ObjectNode t = (ObjectNode) InputData.JSON.readTree(proof.toFile());
        ArrayNode pub = (ArrayNode) t.get("publicInputs");
        pub.set(0, TextNode.valueOf(new BigInteger(pub.get(0).asText()).add(BigInteger.ONE).toString()));
        Path tampered = dir.resolve("sol-tampered.json");
        Files.writeString(tampered, t.toString());
        assertThat(run("verify", b.toString(), "--proof", tampered.toString(), "--evm").code)
                .isEqualTo(ExitCodes.INVALID);
        // every proof uses the Solidity commitment hash (--target is an alias): the default target verifies too
        Path nat = dir.resolve("proof-nat.json");
        assertThat(run("prove", b.toString(), "--input", input.toString(), "-o", nat.toString()).code).isZero();
        Run n = run("verify", b.toString(), "--proof", nat.toString(), "--evm");
        assertThat(n.code).as(n.err).isZero();
        // a file without Solidity calldata (an older prover's) is refused for --evm with advice
        ObjectNode old = (ObjectNode) InputData.JSON.readTree(nat.toFile());
        old.remove("solidityProof");
        Path oldFile = dir.resolve("proof-old.json");
        Files.writeString(oldFile, old.toString());
        Run o = run("verify", b.toString(), "--proof", oldFile.toString(), "--evm");
        assertThat(o.code).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(o.err).contains("no \"solidityProof\"").contains("older zkinfer").contains("prove it again")
                .doesNotContain("--target");
        Run oc = run("calldata", b.toString(), "--proof", oldFile.toString());
        assertThat(oc.code).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(oc.err).contains("no \"solidityProof\"").contains("prove it again");
    }

    private static void assertNothingLeft(Path bundle) {
        assertThat(bundle).doesNotExist();
        try (Stream<Path> s = Files.list(bundle.getParent())) {
            assertThat(s.map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.startsWith("." + bundle.getFileName() + ".tmp"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
