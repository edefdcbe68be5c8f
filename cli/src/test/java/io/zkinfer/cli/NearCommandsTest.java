package io.zkinfer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.zkinfer.cli.ModelCommandsTest.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * NEAR on a real model proof (breast-cancer logistic regression, Groth16 with gnark's commitment): export-verifier
 * --target near, calldata --target near, and verify --near, which builds the generated contract and runs it against
 * nearcore's VM logic (the first run compiles near-sdk into ~/.cache/zkinfer/near-target: minutes).
 */
class NearCommandsTest {
    static final BigInteger P = new BigInteger(
            "21888242871839275222246405745257275088696311157297823662689037894645226208583");

    @TempDir
    static Path dir;
    static Path bundle;
    static Path proof;

    @BeforeAll
    static void bundleAndProof() throws IOException {
        ModelCommandsTest.dir = dir;
        ModelCommandsTest.inputs();
        bundle = ModelCommandsTest.compile("near", "--backend", "groth16");
        assertThat(run("setup", bundle.toString()).code()).isZero();
        proof = dir.resolve("proof.json");
        assertThat(run("prove", bundle.toString(), "--input", ModelCommandsTest.input.toString(), "-o",
                proof.toString()).code()).isZero();
    }

    @Test
    void exportWritesACrateWithTheKeyAndCalldataPrintsTheCallArguments() throws IOException {
        Path crate = dir.resolve("near-crate");
        ModelCommandsTest.Run e = run("export-verifier", bundle.toString(), "--target", "near", "-o", crate.toString());
        assertThat(e.code()).as(e.err()).isZero();
        String circuit = Files.readString(bundle.resolve("circuit.hash")).strip();
        assertThat(Files.readString(crate.resolve("src/key.rs")))
                .contains("pub const CIRCUIT_HASH: &str = \"" + circuit + "\"")
                .contains("pub const SETUP_KIND: &str = \"development\"")
                .contains("commitment: Some(CommitmentKey");
        assertThat(Files.readString(crate.resolve("Cargo.toml"))).contains("name = \"near-crate\"");
        assertThat(crate.resolve("Cargo.lock")).exists();
        assertThat(crate.resolve("src/lib.rs")).exists();

        ModelCommandsTest.Run c = run("calldata", bundle.toString(), "--proof", proof.toString(), "--target", "near");
        assertThat(c.code()).as(c.err()).isZero();
        JsonNode args = InputData.JSON.readTree(c.out());
        JsonNode pf = InputData.JSON.readTree(proof.toFile());
        assertThat(args.get("proof").asText()).isEqualTo(pf.get("solidityProof").asText()).hasSize(2 + 768);
        assertThat(args.get("public_inputs")).isEqualTo(pf.get("publicInputs"));
    }

    @Test
    void plonkKeysAreRefusedAndGroth16KeysBakedIn() throws IOException {
        Path vectors = Path.of("../verifier/src/test/resources/vectors/gnark");
        byte[] plonk = Files.readAllBytes(vectors.resolve("plonk-mul-1/vk.zkinfer"));
        assertThatThrownBy(() -> NearExport.groth16Key(plonk)).isInstanceOf(UserInputException.class)
                .hasMessageContaining("Groth16 keys only");
        byte[] g16 = Files.readAllBytes(vectors.resolve("groth16-range-5/vk.zkinfer"));
        io.zkinfer.verifier.Groth16VerifyingKey key = NearExport.groth16Key(g16);
        Path crate = dir.resolve("range-5");
        NearExport.writeCrate(crate, "ab".repeat(32), g16, null);
        String rs = Files.readString(crate.resolve("src/key.rs"));
        int ks = key.publicInputCount() + key.commitmentCount() + 1;
        assertThat(rs).contains("static K: [[u8; 64]; " + ks + "]").contains("SETUP_KIND: &str = \"unknown\"")
                .contains(key.commitmentCount() == 0 ? "commitment: None" : "commitment: Some(");
        // little-endian: the generator of G1 (1, 2) encodes as 01 00 .. 00 02 00 .. 00
        assertThat(hex(NearExport.g1(io.zkinfer.verifier.bn254.G1Affine.GENERATOR)))
                .isEqualTo("01" + "00".repeat(31) + "02" + "00".repeat(31));
    }

    static String hex(byte[] b) {
        return java.util.HexFormat.of().formatHex(b);
    }

    @Test
    void verifyNearAcceptsTheProofAndRejectsATamperedOne() throws IOException {
        assumeTrue(cargoPresent(), "Rust's cargo is not installed: verify --near needs it (scripts/setup.sh rust)");
        ModelCommandsTest.Run v = run("verify", bundle.toString(), "--proof", proof.toString(), "--near");
        assertThat(v.code()).as(v.err()).isZero();
        assertThat(v.out()).containsPattern("gas: \\d+\\.\\d\\d Tgas").contains("VALID on NEAR");

        // A replaced by −A in the bytes only the contract reads: the pure-Java verifier (gnark bytes) still accepts,
        // so the INVALID verdict is the NEAR contract's own pairing check
        ObjectNode t = (ObjectNode) InputData.JSON.readTree(proof.toFile());
        String hex = t.get("solidityProof").asText().substring(2);
        BigInteger ay = new BigInteger(hex.substring(64, 128), 16);
        String negY = String.format("%064x", P.subtract(ay));
        t.set("solidityProof", TextNode.valueOf("0x" + hex.substring(0, 64) + negY + hex.substring(128)));
        Path tampered = dir.resolve("near-tampered.json");
        Files.writeString(tampered, t.toString());
        ModelCommandsTest.Run bad = run("verify", bundle.toString(), "--proof", tampered.toString(), "--near");
        assertThat(bad.code()).isEqualTo(ExitCodes.INVALID);
        assertThat(bad.out()).contains("VALID: ").contains("INVALID: the NEAR contract rejected the proof")
                .containsPattern("gas: \\d+\\.\\d\\d Tgas");
    }

    static boolean cargoPresent() {
        try {
            Near.cargo();
            return true;
        } catch (UserInputException e) {
            return false;
        }
    }
}
