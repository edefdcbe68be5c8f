package io.zkinfer.cli.ceremony;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkinfer.cli.ExitCodes;
import io.zkinfer.cli.Main;
import io.zkinfer.prover.Proof;
import io.zkinfer.prover.VerifyingKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A Groth16 ceremony through the real CLI: a three-party phase 2 from the shared snarkjs 2^12 powers of tau for the
 * breast-cancer logistic-regression bundle, sealed, then a proof checked by the Java verifier, by gnark and by the
 * exported Solidity verifier in an EVM; and the chains and files that must be refused.
 */
class CeremonyCommandsTest {

    static final Path MODEL = Path.of("../test-vectors/models/breast_cancer_logreg.onnx");
    static final Path VECTORS = Path.of("../test-vectors/models/breast_cancer_logreg.json");
    static final ObjectMapper JSON = new ObjectMapper();
    static final String BEACON = "5eed".repeat(16);

    @TempDir
    static Path dir;
    static Path ptau;
    static Path input;
    static Path bundle;
    static Path ceremony;

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

    static Path sharedPtau() {
        for (Path p : List.of(Path.of("../../shared/vectors/snarkjs-groth16/pot12_final.ptau"),
                Path.of("/work/shared/vectors/snarkjs-groth16/pot12_final.ptau"))) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    /** A logreg bundle (scale 7: 2593 R1CS constraints, domain 2^12, the shared file's power) and a 3-party ceremony. */
    @BeforeAll
    static void ceremonyOfThree() throws IOException {
        ptau = sharedPtau();
        assumeTrue(ptau != null, "the shared 2^12 .ptau (../shared/vectors/snarkjs-groth16/pot12_final.ptau) is absent");
        JsonNode v = JSON.readTree(VECTORS.toFile());
        ArrayNode all = JSON.createArrayNode();
        for (JsonNode row : v.get("calibration")) {
            row.forEach(all::add);
        }
        ObjectNode cal = JSON.createObjectNode();
        cal.putArray("input_data").add(all);
        Path calibration = dir.resolve("calibration.json");
        Files.writeString(calibration, cal.toString());
        ObjectNode in = JSON.createObjectNode();
        in.putObject("inputs").putArray("X").add(v.get("calibration").get(3));
        input = dir.resolve("input.json");
        Files.writeString(input, in.toString());
        bundle = dir.resolve("logreg");
        assertThat(run("compile", MODEL.toString(), "-o", bundle.toString(), "--calibration", calibration.toString(),
                "--scale", "7", "--backend", "groth16").code).isZero();

        ceremony = dir.resolve("ceremony");
        Run init = run("ceremony", "init", bundle.toString(), "--ptau", ptau.toString(), "-o", ceremony.toString());
        assertThat(init.code).as(init.err).isZero();
        assertThat(init.out).contains("pot12_final.ptau (power 12)").contains("blake2b-512 ");
        for (String entropy : List.of("hospital A: 6 2 6 4 3 3", "lab B", "")) {
            Run c = entropy.isEmpty() ? run("ceremony", "contribute", ceremony.toString())
                    : run("ceremony", "contribute", ceremony.toString(), "--entropy", entropy);
            assertThat(c.code).as(c.err).isZero();
            assertThat(c.out).containsPattern("contribution hash: [0-9a-f]{64}");
        }
    }

    @Test
    void threePartyCeremonySealsKeysThatJavaGnarkAndTheEvmAccept() throws Exception {
        Run v = run("ceremony", "verify", ceremony.toString());
        assertThat(v.code).as(v.err).isZero();
        assertThat(v.out).contains("VALID").contains("3 contribution(s)");
        List<String> hashes = new ArrayList<>();
        for (String line : v.out.lines().toList()) {
            if (line.matches("\\s+\\d\\s+[0-9a-f]{64}")) {
                hashes.add(line.trim().split("\\s+")[1]);
            }
        }
        assertThat(hashes).hasSize(3);

        Run f = run("ceremony", "finish", ceremony.toString(), bundle.toString(), "--beacon", BEACON);
        assertThat(f.code).as(f.err).isZero();
        JsonNode setup = JSON.readTree(bundle.resolve("setup.json").toFile());
        assertThat(setup.get("format").asText()).isEqualTo("zkinfer-setup/1");
        assertThat(setup.get("kind").asText()).isEqualTo("ceremony");
        assertThat(setup.at("/ptau/power").asInt()).isEqualTo(12);
        assertThat(setup.at("/ptau/blake2b512").asText()).hasSize(128);
        assertThat(setup.at("/ceremony/beacon").asText()).isEqualTo(BEACON);
        assertThat(setup.at("/ceremony/contributions/2/hash").asText()).isEqualTo(hashes.get(2));
        byte[] vkBytes = Files.readAllBytes(bundle.resolve("vk.bin"));
        try (VerifyingKey vk = VerifyingKey.read(bundle.resolve("vk.bin"))) {
            assertThat(setup.get("verifyingKeySha256").asText())
                    .isEqualTo(io.zkinfer.verifier.SetupProvenance.sha256Hex(vk.toBytes()));
        }
        // anyone who reruns finish on the same transcript and beacon gets the same verifying key
        Path again = copyBundle("again");
        assertThat(run("ceremony", "finish", ceremony.toString(), again.toString(), "--beacon", BEACON).code).isZero();
        assertThat(Files.readAllBytes(again.resolve("vk.bin"))).isEqualTo(vkBytes);

        // prove for the EVM (Solidity hash-to-field), then: Java verifier, gnark, Solidity verifier in the EVM
        Path proof = dir.resolve("proof.json");
        Run p = run("prove", bundle.toString(), "--input", input.toString(), "-o", proof.toString(), "--target",
                "solidity");
        assertThat(p.code).as(p.err).isZero();
        Run java = run("verify", bundle.toString(), "--proof", proof.toString());
        assertThat(java.code).as(java.err).isZero();
        JsonNode pj = JSON.readTree(proof.toFile());
        List<BigInteger> pub = new ArrayList<>();
        pj.get("publicInputs").forEach(n -> pub.add(new BigInteger(n.asText())));
        try (VerifyingKey vk = VerifyingKey.read(bundle.resolve("vk.bin"))) {
            Proof gp = Proof.fromBytes(Base64.getDecoder().decode(pj.get("proof").asText()), pub);
            assertThat(vk.verify(gp, pub)).as("gnark verifies").isTrue();
            List<BigInteger> wrong = new ArrayList<>(pub);
            wrong.set(0, wrong.get(0).add(BigInteger.ONE));
            assertThat(vk.verify(gp, wrong)).as("gnark rejects another public value").isFalse();
        }
        if (nodeOnPath()) { // the EVM check needs Node.js (as ModelCommandsTest's)
            Run evm = run("verify", bundle.toString(), "--proof", proof.toString(), "--evm");
            assertThat(evm.code).as(evm.err).isZero();
            assertThat(evm.out).containsPattern("gas: \\d+").contains("\"accepted\":true");
        }
    }

    @Test
    void tamperedContributionIsRejectedByIndex() throws IOException {
        Path c = copyCeremony("tampered");
        Path f = c.resolve("0002.contribution");
        byte[] b = Files.readAllBytes(f);
        b[b.length - 300] ^= 1;
        Files.write(f, b);
        Run v = run("ceremony", "verify", c.toString(), "--bundle", bundle.toString(), "--ptau", ptau.toString());
        assertThat(v.code).isEqualTo(ExitCodes.INVALID);
        assertThat(v.out).contains("INVALID: contribution 2 (0002.contribution)");
        // finish refuses it too, and writes nothing
        Path target = copyBundle("tampered-bundle");
        Run fin = run("ceremony", "finish", c.toString(), target.toString(), "--beacon", BEACON);
        assertThat(fin.code).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(fin.err).contains("contribution 2");
        assertThat(target.resolve("pk.bin")).doesNotExist();
    }

    @Test
    void reorderedAndGappedChainsAreRejected() throws IOException {
        Path c = copyCeremony("reordered");
        Files.move(c.resolve("0001.contribution"), c.resolve("x"));
        Files.move(c.resolve("0002.contribution"), c.resolve("0001.contribution"));
        Files.move(c.resolve("x"), c.resolve("0002.contribution"));
        Run v = run("ceremony", "verify", c.toString());
        assertThat(v.code).isEqualTo(ExitCodes.INVALID);
        assertThat(v.out).contains("contribution 1").contains("reordered");

        Path g = copyCeremony("gap");
        Files.delete(g.resolve("0002.contribution"));
        Run gv = run("ceremony", "verify", g.toString());
        assertThat(gv.code).isEqualTo(ExitCodes.INVALID);
        assertThat(gv.out).contains("0002.contribution is missing but 0003.contribution exists");
    }

    @Test
    void contributionForAnotherCircuitIsRejected() throws IOException {
        // the same model at another scale is another circuit: a contribution from its ceremony is foreign here
        Path other = dir.resolve("logreg-nocommit");
        Path calibration = dir.resolve("calibration.json");
        assertThat(run("compile", MODEL.toString(), "-o", other.toString(), "--calibration", calibration.toString(),
                "--scale", "6", "--backend", "groth16").code).isZero();
        Path oc = dir.resolve("other-ceremony");
        assertThat(run("ceremony", "init", other.toString(), "--ptau", ptau.toString(), "-o", oc.toString()).code)
                .isZero();
        assertThat(run("ceremony", "contribute", oc.toString()).code).isZero();
        Path c = copyCeremony("foreign");
        Files.copy(oc.resolve("0001.contribution"), c.resolve("0004.contribution"));
        Run v = run("ceremony", "verify", c.toString());
        assertThat(v.code).isEqualTo(ExitCodes.INVALID);
        assertThat(v.out).contains("contribution 4").containsAnyOf("made for circuit", "says it is contribution 1");
    }

    @Test
    void badOrTooSmallPtauIsExit2AndWritesNothing() throws IOException {
        Path garbage = dir.resolve("garbage.ptau");
        Files.writeString(garbage, "this is not a powers-of-tau file");
        Path out = dir.resolve("never");
        Run r = run("ceremony", "init", bundle.toString(), "--ptau", garbage.toString(), "-o", out.toString());
        assertThat(r.code).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err).contains("not a snarkjs .ptau file");
        assertThat(out).doesNotExist();

        byte[] raw = Files.readAllBytes(ptau);
        Path truncated = dir.resolve("truncated.ptau");
        Files.write(truncated, java.util.Arrays.copyOf(raw, raw.length / 3));
        Run t = run("ceremony", "init", bundle.toString(), "--ptau", truncated.toString(), "-o", out.toString());
        assertThat(t.code).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(t.err).contains("truncated or corrupt");
        assertThat(out).doesNotExist();
        assertNoTemporaryFolders();
    }

    @Test
    void tooSmallPtauNamesThePowerNeeded() throws IOException {
        // at scale 8 the circuit has more than 4096 constraints: domain 2^13, one power more than the file has
        Path big = dir.resolve("logreg-big");
        assertThat(run("compile", MODEL.toString(), "-o", big.toString(), "--calibration",
                dir.resolve("calibration.json").toString(), "--scale", "8", "--backend", "groth16").code).isZero();
        Path out = dir.resolve("never-big");
        Run r = run("ceremony", "init", big.toString(), "--ptau", ptau.toString(), "-o", out.toString());
        assertThat(r.code).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err).contains("domain is 2^13").contains("use a powers-of-tau file of power 13 or more");
        assertThat(out).doesNotExist();
    }

    @Test
    void finishNeedsABeaconOfSixteenBytes() throws IOException {
        Path target = copyBundle("short-beacon");
        Run r = run("ceremony", "finish", ceremony.toString(), target.toString(), "--beacon", "abcd");
        assertThat(r.code).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err).contains("at least 16");
        assertThat(target.resolve("vk.bin")).doesNotExist();
    }

    @Test
    void helpPointsToTheSetupGuide() {
        Run h = run("ceremony", "--help");
        assertThat(h.code).isZero();
        assertThat(h.out).contains("docs/setup.md");
    }

    static boolean nodeOnPath() {
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(java.io.File.pathSeparator))
                .anyMatch(d -> Files.isExecutable(Path.of(d, "node")));
    }

    private static Path copyCeremony(String name) throws IOException {
        Path c = dir.resolve("c-" + name);
        Files.createDirectories(c);
        try (Stream<Path> s = Files.list(ceremony)) {
            for (Path p : s.toList()) {
                Files.copy(p, c.resolve(p.getFileName()));
            }
        }
        return c;
    }

    /** A copy of the bundle without keys (the model files only). */
    private static Path copyBundle(String name) throws IOException {
        Path b = dir.resolve("b-" + name);
        Files.createDirectories(b);
        try (Stream<Path> s = Files.list(bundle)) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                if (Files.isRegularFile(p) && !List.of("pk.bin", "vk.bin", "vk.json", "setup.json", "circuit.cs")
                        .contains(n)) {
                    Files.copy(p, b.resolve(n));
                }
            }
        }
        return b;
    }

    private static void assertNoTemporaryFolders() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".tmp-"));
        }
    }
}
