package io.zkinfer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.zkinfer.circuits.field.Fr;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import static io.zkinfer.cli.ModelCommandsTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attacks of issue 11 on {@code zkinfer verify} and the model commands, replayed through the real CLI with real
 * gnark proofs: a swapped key, edited claims (circuit, key hash, outputs, commitments), pinned values, hostile files,
 * and the file-handling rules (compile --force, --save-salts, file modes).
 */
class TrustAttacksTest {

    @TempDir
    static Path dir;
    static Path calibration;
    static Path input;
    /** Bundle A (scale 8) and B (scale 7) of the same model, inputs committed; B's proof. */
    static Path a;
    static Path b;
    static Path proofA;
    static Path proofB;
    static Path saltsA;

    @BeforeAll
    static void bundles() throws IOException {
        JsonNode v = InputData.JSON.readTree(ModelCommandsTest.VECTORS.toFile());
        ArrayNode all = InputData.JSON.createArrayNode();
        for (JsonNode row : v.get("calibration")) {
            row.forEach(all::add);
        }
        ObjectNode cal = InputData.JSON.createObjectNode();
        cal.putArray("input_data").add(all);
        calibration = dir.resolve("calibration.json");
        Files.writeString(calibration, cal.toString());
        ObjectNode in = InputData.JSON.createObjectNode();
        in.putObject("inputs").putArray("X").add(v.get("calibration").get(3));
        input = dir.resolve("input.json");
        Files.writeString(input, in.toString());
        a = compile("a", "8");
        b = compile("b", "7");
        proofA = dir.resolve("proof-a.json");
        proofB = dir.resolve("proof-b.json");
        saltsA = dir.resolve("salts-a.json");
        assertThat(run("prove", a.toString(), "--input", input.toString(), "-o", proofA.toString(), "--save-salts",
                saltsA.toString()).code()).isZero();
        assertThat(run("prove", b.toString(), "--input", input.toString(), "-o", proofB.toString()).code()).isZero();
    }

    private static Path compile(String name, String scale) {
        Path bundle = dir.resolve(name);
        assertThat(run("compile", ModelCommandsTest.MODEL.toString(), "-o", bundle.toString(), "--calibration",
                calibration.toString(), "--scale", scale, "--tolerance", "1", "--input-visibility", "committed")
                .code()).isZero();   // small scales keep setups fast; their error is what these tests do not care about
        assertThat(run("setup", bundle.toString()).code()).isZero();
        return bundle;
    }

    private static ObjectNode json(Path p) throws IOException {
        return (ObjectNode) InputData.JSON.readTree(p.toFile());
    }

    private static Path write(String name, JsonNode n) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, n.toString());
        return p;
    }

    private static Path copyBundle(Path from, String name) throws IOException {
        Path to = dir.resolve(name);
        Files.createDirectories(to);
        try (var s = Files.list(from)) {
            for (Path f : s.toList()) {
                Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return to;
    }

    private static String hash(Path bundle) throws IOException {
        return Files.readString(bundle.resolve("circuit.hash")).strip();
    }

    /** B's proof dressed up for A: A's circuit hash, and A's decoding of B's public values as "outputs". */
    private static Path proofOfBDressedForA() throws IOException {
        ObjectNode p = json(proofB);
        p.put("circuitHash", hash(a));
        p.set("outputs", json(proofA).get("outputs"));
        return write("b-for-a.json", p);
    }

    @Test
    void validProofPrintsEveryCheckedValueAndTheKey() throws IOException {
        ModelCommandsTest.Run v = run("verify", a.toString(), "--proof", proofA.toString());
        assertThat(v.code()).as(v.out() + v.err()).isEqualTo(ExitCodes.OK);
        String commitment = json(proofA).at("/commitments/X").asText();
        assertThat(v.out()).contains("VALID").contains("key: vk.bin SHA-256 ")
                .contains("public values checked (" + json(proofA).get("publicInputs").size() + ")")
                .contains("commitment X = " + commitment).contains("output probabilities = [").contains("(proved)");
        assertThat(json(proofA).get("verifyingKeySha256").asText())
                .isEqualTo(Bundle.sha256(Files.readAllBytes(a.resolve("vk.bin"))));
    }

    @Test
    void keySwapAttackIsRefused() throws IOException {
        Path dressed = proofOfBDressedForA();
        // bundle A holding B's vk.bin: setup.json recorded another key
        Path swapped = copyBundle(a, "swapped");
        Files.copy(b.resolve("vk.bin"), swapped.resolve("vk.bin"), StandardCopyOption.REPLACE_EXISTING);
        ModelCommandsTest.Run r = run("verify", swapped.toString(), "--proof", dressed.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.out()).doesNotContain("VALID");
        // the setup record is bound to its key by SHA-256: the swap is named with both hashes
        assertThat(r.err()).contains("vk.bin").contains("SHA-256 " + Bundle.sha256(Files.readAllBytes(b.resolve("vk.bin"))));
        // B's setup.json too: it names B's circuit, circuit.ir hashes to A's
        Files.copy(b.resolve("setup.json"), swapped.resolve("setup.json"), StandardCopyOption.REPLACE_EXISTING);
        r = run("verify", swapped.toString(), "--proof", dressed.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.out()).doesNotContain("VALID");
        assertThat(r.err()).contains(hash(a)).contains(hash(b));
        // A's setup.json relabelled to bind B's vk.bin (record and key agree): vk.bin's own header still refuses it
        ObjectNode setupA = json(a.resolve("setup.json"));
        setupA.put("verifyingKeySha256", Bundle.sha256(Files.readAllBytes(b.resolve("vk.bin"))));
        Files.writeString(swapped.resolve("setup.json"), setupA.toString());
        r = run("verify", swapped.toString(), "--proof", dressed.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.out()).doesNotContain("VALID");
        assertThat(r.err()).contains("vk.bin does not fit circuit.ir").contains(hash(b));
        // export-verifier and calldata re-check the key against circuit.ir as well
        r = run("export-verifier", swapped.toString(), "-o", dir.resolve("Swapped.sol").toString());
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(dir.resolve("Swapped.sol")).doesNotExist();
        assertThat(run("calldata", swapped.toString(), "--proof", proofA.toString()).code())
                .isEqualTo(ExitCodes.BAD_INPUT);
        // an untouched bundle A refuses the dressed-up proof of B too (its proof bytes name B's circuit)
        r = run("verify", a.toString(), "--proof", dressed.toString());
        assertThat(r.code()).isNotEqualTo(ExitCodes.OK);
        assertThat(r.out()).doesNotContain("VALID");
    }

    /**
     * B's key relabelled: its container header rewritten to claim A's circuit (same length, so the header stays
     * well-formed and the payload checksum still holds), dropped into bundle A. The header now agrees with circuit.ir;
     * only setup.json's SHA-256 of the key it was made with tells the swap.
     */
    @Test
    void relabelledKeyWhoseHeaderClaimsTheRightCircuitIsRefused() throws IOException {
        byte[] key = Files.readAllBytes(b.resolve("vk.bin"));
        String text = new String(key, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(text).contains(hash(b));
        byte[] relabelled = text.replace(hash(b), hash(a)).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        Path swapped = copyBundle(a, "relabelled");
        Files.write(swapped.resolve("vk.bin"), relabelled);
        ModelCommandsTest.Run r = run("verify", swapped.toString(), "--proof", proofOfBDressedForA().toString());
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.out()).doesNotContain("VALID");
        assertThat(r.err()).contains("vk.bin").contains(Bundle.sha256(relabelled));
    }

    @Test
    void aFileOfTheBundleThatNamesAnotherCircuitIsRefused() throws IOException {
        Path edited = copyBundle(a, "edited");
        Files.writeString(edited.resolve("circuit.hash"), hash(b) + "\n");
        ModelCommandsTest.Run r = run("verify", edited.toString(), "--proof", proofA.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("circuit.hash is " + hash(b)).contains("hashes to " + hash(a));
        Files.writeString(edited.resolve("circuit.hash"), hash(a) + "\n");
        ObjectNode settings = json(edited.resolve("settings.json"));
        settings.put("circuitHash", hash(b));
        Files.writeString(edited.resolve("settings.json"), settings.toString());
        r = run("verify", edited.toString(), "--proof", proofA.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("settings.json circuitHash is " + hash(b));
    }

    @Test
    void aProofMadeForAnotherKeyIsRefusedNamingBothHashes() throws IOException {
        ObjectNode p = json(proofA);
        String wrong = "ab".repeat(32);
        p.put("verifyingKeySha256", wrong);
        ModelCommandsTest.Run r = run("verify", a.toString(), "--proof", write("other-key.json", p).toString());
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains(wrong).contains(Bundle.sha256(Files.readAllBytes(a.resolve("vk.bin"))));
        // an older proof without the field still verifies, with a note
        p.remove("verifyingKeySha256");
        r = run("verify", a.toString(), "--proof", write("no-key-hash.json", p).toString());
        assertThat(r.code()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).contains("does not record verifyingKeySha256");
    }

    @Test
    void anEditedCommitmentIsInvalid() throws IOException {
        ObjectNode p = json(proofA);
        BigInteger c = new BigInteger(p.at("/commitments/X").asText());
        ((ObjectNode) p.get("commitments")).put("X", c.add(BigInteger.ONE).toString());
        ModelCommandsTest.Run r = run("verify", a.toString(), "--proof", write("commitment.json", p).toString());
        assertThat(r.code()).isEqualTo(ExitCodes.INVALID);
        assertThat(r.out()).contains("INVALID").contains("claims commit:X = " + c.add(BigInteger.ONE))
                .contains("proves " + c);
        // a commitment of a tensor the circuit does not commit to is a false claim too
        p = json(proofA);
        ((ObjectNode) p.get("commitments")).put("Y", "5");
        assertThat(run("verify", a.toString(), "--proof", write("commitment-y.json", p).toString()).code())
                .isEqualTo(ExitCodes.INVALID);
    }

    @Test
    void anEditedOutputIsInvalid() throws IOException {
        ObjectNode p = json(proofA);
        double was = p.at("/outputs/1/0").asDouble();
        ((ArrayNode) p.at("/outputs/1")).set(0, was + 1.0);         // a value the scale can encode
        ModelCommandsTest.Run r = run("verify", a.toString(), "--proof", write("output.json", p).toString());
        assertThat(r.code()).isEqualTo(ExitCodes.INVALID);
        assertThat(r.out()).contains("claims out:probabilities[0]");
        ((ArrayNode) p.at("/outputs/1")).set(0, was + 1e-9);         // one it cannot
        r = run("verify", a.toString(), "--proof", write("output2.json", p).toString());
        assertThat(r.code()).isEqualTo(ExitCodes.INVALID);
        assertThat(r.out()).contains("probabilities[0]");
    }

    @Test
    void expectedValuesPinTheStatement() throws IOException {
        ObjectNode p = json(proofA);
        String commitment = p.at("/commitments/X").asText();
        List<String> probs = new ArrayList<>();
        p.at("/outputs/1").forEach(x -> probs.add(Double.toString(x.asDouble())));
        String label = Long.toString(Math.round(p.at("/outputs/0/0").asDouble()));
        ModelCommandsTest.Run ok = run("verify", a.toString(), "--proof", proofA.toString(), "--expect-commitment",
                "X=" + commitment, "--expect-output", "probabilities=" + String.join(",", probs),
                "--expect-output", "label=" + label);
        assertThat(ok.code()).as(ok.out() + ok.err()).isEqualTo(ExitCodes.OK);
        assertThat(ok.out()).contains("(pinned)");
        ModelCommandsTest.Run wrongCommitment = run("verify", a.toString(), "--proof", proofA.toString(),
                "--expect-commitment", "X=" + new BigInteger(commitment).add(BigInteger.ONE));
        assertThat(wrongCommitment.code()).isEqualTo(ExitCodes.INVALID);
        assertThat(wrongCommitment.out()).contains("expected commit:X");
        ModelCommandsTest.Run wrongLabel = run("verify", a.toString(), "--proof", proofA.toString(),
                "--expect-output", "label=" + (1 - Long.parseLong(label)));
        assertThat(wrongLabel.code()).isEqualTo(ExitCodes.INVALID);
        assertThat(wrongLabel.out()).contains("expected out:label[0]");
        // names that are not public values of that kind, and wrong lengths, are bad usage
        ModelCommandsTest.Run noInput = run("verify", a.toString(), "--proof", proofA.toString(), "--expect-input",
                "X=1");
        assertThat(noInput.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(noInput.err()).contains("no public input 'X'").contains("--expect-commitment");
        assertThat(run("verify", a.toString(), "--proof", proofA.toString(), "--expect-output", "probabilities=0.5")
                .code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run("verify", a.toString(), "--proof", proofA.toString(), "--expect-commitment", "X=+5")
                .code()).isEqualTo(ExitCodes.BAD_INPUT);
    }

    @Test
    void hostileProofFilesAreBadInput() throws IOException {
        String text = Files.readString(proofA);
        // duplicate keys: two spellings of one document must not exist
        Path dup = dir.resolve("dup.json");
        Files.writeString(dup, text.replaceFirst("\\{", "{\"circuitHash\": \"" + hash(b) + "\", "));
        ModelCommandsTest.Run r = run("verify", a.toString(), "--proof", dup.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).containsIgnoringCase("duplicate");
        // non-canonical numbers: a leading zero, a sign, a value ≥ r
        ObjectNode p = json(proofA);
        ArrayNode pub = (ArrayNode) p.get("publicInputs");
        String first = pub.get(0).asText();
        for (String bad : List.of("0" + first, "+" + first, new BigInteger(first).add(Fr.MODULUS).toString())) {
            pub.set(0, TextNode.valueOf(bad));
            r = run("verify", a.toString(), "--proof", write("noncanonical.json", p).toString());
            assertThat(r.code()).as(bad).isEqualTo(ExitCodes.BAD_INPUT);
        }
        // a proof file above the cap
        r = run("verify", a.toString(), "--proof", proofA.toString(), "--max-file-bytes", "200");
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("--max-file-bytes").contains("ZKINFER_MAX_FILE_BYTES");
        assertThat(run("--max-file-bytes", "0", "verify", a.toString(), "--proof", proofA.toString()).code())
                .isEqualTo(ExitCodes.BAD_INPUT);
    }

    @Test
    void compileForceReplacesOnlyABundle() throws IOException {
        Path project = dir.resolve("project");
        Files.createDirectories(project);
        Path precious = Files.writeString(project.resolve("precious.txt"), "do not delete");
        ModelCommandsTest.Run r = run("compile", ModelCommandsTest.MODEL.toString(), "-o", project.toString(),
                "--calibration", calibration.toString(), "--scale", "8", "--tolerance", "1", "--force");
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("not a zkinfer bundle");
        assertThat(precious).hasContent("do not delete");
        // a bundle is replaced with --force
        Path bundle = copyBundle(b, "replaced");
        r = run("compile", ModelCommandsTest.MODEL.toString(), "-o", bundle.toString(), "--calibration",
                calibration.toString(), "--scale", "8", "--tolerance", "1", "--force", "--input-visibility", "committed");
        assertThat(r.code()).isZero();
        assertThat(hash(bundle)).isEqualTo(hash(a));
    }

    @Test
    void saltsAreNotOverwrittenAndFileModesFollowSecrecy() throws IOException {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(saltsA))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(proofA))).isEqualTo("rw-r--r--");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(a.resolve("vk.bin"))))
                .isEqualTo("rw-r--r--");
        String salts = Files.readString(saltsA);
        Path again = dir.resolve("again.json");
        ModelCommandsTest.Run r = run("prove", a.toString(), "--input", input.toString(), "-o", again.toString(),
                "--save-salts", saltsA.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("already exists").contains("--force");
        assertThat(again).doesNotExist();
        assertThat(saltsA).hasContent(salts);
        Path sol = dir.resolve("Verifier.sol");
        assertThat(run("export-verifier", a.toString(), "-o", sol.toString()).code()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sol))).isEqualTo("rw-r--r--");
    }

    @Test
    void internalErrorsAreOneLineWithoutAStackTrace() {
        StringWriter s = new StringWriter();
        int code = Main.report(new StackOverflowError(), "zkinfer data verify", new PrintWriter(s));
        assertThat(code).isEqualTo(ExitCodes.INTERNAL);
        assertThat(s.toString().strip()).doesNotContain("\n").contains("internal error")
                .contains("StackOverflowError").contains("ZKINFER_DEBUG=1");
        assertThat(Main.exitCodeOf(new OutOfMemoryError())).isEqualTo(ExitCodes.INTERNAL);
        assertThat(Main.exitCodeOf(new io.zkinfer.circuits.data.DataException("x"))).isEqualTo(ExitCodes.BAD_INPUT);
    }

    /** model.qg (the quantized model prove reads) is bound by the manifest, and its header names its circuit. */
    @Test
    void aSwappedQuantizedModelIsRefused() throws IOException {
        Path swapped = copyBundle(a, "qg-swapped");
        Files.copy(b.resolve(Bundle.QUANTIZED), swapped.resolve(Bundle.QUANTIZED), StandardCopyOption.REPLACE_EXISTING);
        String shaB = Bundle.sha256(Files.readAllBytes(b.resolve(Bundle.QUANTIZED)));
        Path out = dir.resolve("qg-swapped-proof.json");
        ModelCommandsTest.Run r = run("prove", swapped.toString(), "--input", input.toString(), "-o", out.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("model.qg has SHA-256 " + shaB).contains("zkinfer.json records");
        assertThat(out).doesNotExist();

        // the manifest edited to bind the swapped file: the file itself says it computes B's circuit
        ObjectNode manifest = json(swapped.resolve(Bundle.MANIFEST));
        manifest.put(Bundle.QUANTIZED_SHA, shaB);
        Files.writeString(swapped.resolve(Bundle.MANIFEST), manifest.toString());
        r = run("prove", swapped.toString(), "--input", input.toString(), "-o", out.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("model.qg").contains("of circuit " + hash(b) + ", not " + hash(a));
        assertThat(out).doesNotExist();
    }

    /** A bundle compiled before model.qg existed still proves: from its ONNX model, with a one-line note. */
    @Test
    void aBundleWithoutQuantizedModelProvesFromTheOnnxModelWithANote() throws IOException {
        Path old = copyBundle(a, "before-qg");
        Files.delete(old.resolve(Bundle.QUANTIZED));
        ObjectNode manifest = json(old.resolve(Bundle.MANIFEST));
        manifest.remove(Bundle.QUANTIZED_SHA);
        Files.writeString(old.resolve(Bundle.MANIFEST), manifest.toString());
        Path out = dir.resolve("before-qg-proof.json");
        ModelCommandsTest.Run r = run("prove", old.toString(), "--input", input.toString(), "-o", out.toString());
        assertThat(r.code()).isZero();
        assertThat(r.err()).contains("has no model.qg").contains("compile");
        assertThat(run("verify", old.toString(), "--proof", out.toString()).code()).isZero();
    }

    /** setup records pk.bin's hash (prove then skips gnark's point checks); a stale record means the checked read. */
    @Test
    void setupRecordsTheProvingKeyHashAndAStaleRecordFallsBackToTheCheckedRead() throws IOException {
        assertThat(Files.readString(a.resolve(KeyMaker.PK_SHA256)).strip())
                .isEqualTo(Bundle.sha256(Files.readAllBytes(a.resolve(Bundle.PK))));
        Path stale = copyBundle(a, "pk-stale");
        Files.writeString(stale.resolve(KeyMaker.PK_SHA256), "0".repeat(64) + "\n");
        Path out = dir.resolve("pk-stale-proof.json");
        assertThat(run("prove", stale.toString(), "--input", input.toString(), "-o", out.toString()).code()).isZero();
        assertThat(run("verify", stale.toString(), "--proof", out.toString()).code()).isZero();
    }
}
