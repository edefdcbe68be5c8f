package io.zkinfer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkinfer.verifier.SetupProvenance;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

import static io.zkinfer.cli.ModelCommandsTest.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * setup.json (zkinfer-setup/1) through the real CLI on a real bundle: setup writes it bound to vk.bin, verify and
 * inspect print the setup line, --require-setup refuses other kinds, a record of other keys or an old record is bad
 * input, and the exported Solidity carries the provenance and still compiles and verifies in the EVM.
 */
class SetupProvenanceCommandsTest {

    @TempDir
    static Path dir;
    static Path bundle;
    static Path proof;

    @BeforeAll
    static void bundleWithKeysAndAProof() throws IOException {
        JsonNode v = InputData.JSON.readTree(ModelCommandsTest.VECTORS.toFile());
        ArrayNode all = InputData.JSON.createArrayNode();
        v.get("calibration").forEach(row -> row.forEach(all::add));
        ObjectNode cal = InputData.JSON.createObjectNode();
        cal.putArray("input_data").add(all);
        Path calibration = dir.resolve("calibration.json");
        Files.writeString(calibration, cal.toString());
        ObjectNode in = InputData.JSON.createObjectNode();
        in.putObject("inputs").putArray("X").add(v.get("calibration").get(3));
        Path input = dir.resolve("input.json");
        Files.writeString(input, in.toString());

        bundle = dir.resolve("bundle");
        assertThat(run("compile", ModelCommandsTest.MODEL.toString(), "-o", bundle.toString(), "--calibration",
                calibration.toString(), "--scale", "8", "--backend", "groth16").code()).isZero();
        ModelCommandsTest.Run s = run("setup", bundle.toString());
        assertThat(s.code()).isZero();
        assertThat(s.out()).contains("setup: DEVELOPMENT");
        proof = dir.resolve("proof.json");
        assertThat(run("prove", bundle.toString(), "--input", input.toString(), "-o", proof.toString(),
                "--target", "solidity").code()).isZero();
    }

    @Test
    void setupWritesARecordBoundToTheVerifyingKey() throws Exception {
        SetupProvenance r = SetupProvenance.parse(Files.readAllBytes(bundle.resolve("setup.json")));
        assertThat(r.kind()).isEqualTo(SetupProvenance.Kind.DEVELOPMENT);
        assertThat(r.circuitHash()).isEqualTo(Files.readString(bundle.resolve("circuit.hash")).strip());
        assertThat(r.requireKey(Files.readAllBytes(bundle.resolve("vk.bin")))).isSameAs(r);
        assertThat(r.stats().get("constraints")).isPositive();
        assertThat(r.ptau()).isEmpty();
    }

    @Test
    void verifyAndInspectPrintTheSetupLineAndRequireSetupRefusesOtherKinds() {
        ModelCommandsTest.Run v = run("verify", bundle.toString(), "--proof", proof.toString());
        assertThat(v.code()).isZero();
        assertThat(v.out()).contains("setup: DEVELOPMENT \u2014 anyone who ran it can forge proofs").contains("VALID");

        ModelCommandsTest.Run req = run("verify", bundle.toString(), "--proof", proof.toString(),
                "--require-setup", "ceremony,srs");
        assertThat(req.code()).isEqualTo(ExitCodes.INVALID);
        assertThat(req.out()).contains("REFUSED").contains("development setup").doesNotContain("VALID:");
        assertThat(run("verify", bundle.toString(), "--proof", proof.toString(), "--require-setup", "DEVELOPMENT")
                .code()).isZero();
        ModelCommandsTest.Run bad = run("verify", bundle.toString(), "--proof", proof.toString(),
                "--require-setup", "ceremony,trusted");
        assertThat(bad.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(bad.err()).contains("\"trusted\" is not ceremony, srs or development");
        assertThat(run("verify", "--format", "snarkjs", "--vk", "a", "--proof", proof.toString(), "--public", "b",
                "--require-setup", "srs").code()).isEqualTo(ExitCodes.BAD_INPUT);

        ModelCommandsTest.Run i = run("inspect", bundle.toString());
        assertThat(i.code()).isZero();
        assertThat(i.out()).contains("setup: DEVELOPMENT");
    }

    @Test
    void aRecordOfOtherKeysOrAnOldRecordIsBadInput() throws Exception {
        Path copy = copyBundle("swapped");
        // the record of the same circuit's keys, but another verifying key: a different vk hash in the record
        SetupProvenance r = SetupProvenance.parse(Files.readAllBytes(copy.resolve("setup.json")));
        SetupProvenance other = new SetupProvenance(r.backend(), r.kind(), r.circuitHash(), "00".repeat(32),
                r.commitmentFree(), r.ptau(), r.ceremony(), r.stats());
        Files.writeString(copy.resolve("setup.json"), other.toJson());
        ModelCommandsTest.Run v = run("verify", copy.toString(), "--proof", proof.toString());
        assertThat(v.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(v.err()).contains("does not describe").contains("vk.bin");
        assertThat(run("prove", copy.toString(), "--input", dir.resolve("input.json").toString(), "-o",
                dir.resolve("never.json").toString()).code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(dir.resolve("never.json")).doesNotExist();

        // setup.json as zkinfer wrote it before it had a format
        Files.writeString(copy.resolve("setup.json"), "{\"backend\":\"groth16\",\"circuitHash\":\"" + r.circuitHash()
                + "\",\"commitmentFree\":false,\"setup\":\"development\",\"stats\":{\"constraints\":1}}");
        ModelCommandsTest.Run old = run("verify", copy.toString(), "--proof", proof.toString());
        assertThat(old.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(old.err()).contains("re-run zkinfer setup");
        ModelCommandsTest.Run ins = run("inspect", copy.toString());
        assertThat(ins.code()).isZero();
        assertThat(ins.out()).contains("UNUSABLE RECORD").contains("re-run zkinfer setup");
    }

    @Test
    void aBadOrTooSmallPtauChangesNothing() throws Exception {
        Path copy = copyBundle("srs");
        byte[] before = Files.readAllBytes(copy.resolve("setup.json"));
        ModelCommandsTest.Run notPtau = run("setup", copy.toString(), "--backend", "plonk", "--srs",
                copy.resolve("zkinfer.json").toString());
        assertThat(notPtau.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(notPtau.err()).contains("not a snarkjs .ptau file");
        // the 2^9 test SRS is far too small for this circuit's PLONK gates
        ModelCommandsTest.Run small = run("setup", copy.toString(), "--backend", "plonk", "--srs",
                "../prover-java/src/test/resources/srs/pot9_test.ptau");
        assertThat(small.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(small.err()).contains("powers-of-tau file of power");
        assertThat(Files.readAllBytes(copy.resolve("setup.json"))).isEqualTo(before);
        assertThat(run("verify", copy.toString(), "--proof", proof.toString()).code()).isZero();
        try (var files = Files.list(copy)) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.startsWith(".setup.tmp"));
        }
    }

    @Test
    void exportedSolidityCarriesTheProvenance() throws Exception {
        Path sol = dir.resolve("Verifier.sol");
        ModelCommandsTest.Run e = run("export-verifier", bundle.toString(), "-o", sol.toString());
        assertThat(e.code()).isZero();
        assertThat(e.out()).contains("setup: DEVELOPMENT");
        SetupProvenance r = SetupProvenance.parse(Files.readAllBytes(bundle.resolve("setup.json")));
        String text = Files.readString(sol);
        assertThat(text).contains("string public constant SETUP_KIND = \"development\";")
                .contains("bytes32 public constant SETUP_TRANSCRIPT = 0x" + "00".repeat(32) + ";")
                .contains("uint256 public constant SETUP_CONTRIBUTIONS = 0;")
                .contains("string public constant SETUP_PTAU_BLAKE2B512 = \"\";")
                .contains("bytes32 public constant SETUP_VK_SHA256 = 0x" + r.verifyingKeySha256() + ";")
                .contains("//   setup: DEVELOPMENT");
        // the constants sit inside the contract, after its opening line
        assertThat(text.indexOf("SETUP_KIND")).isGreaterThan(text.indexOf("contract Verifier {"));
    }

    @Test
    void aCeremonyRecordGoesIntoTheContractAndTheContractStillVerifiesInTheEvm() throws Exception {
        assumeTrue(Evm.onPath("node"), "node is not on PATH: the EVM check needs Node.js 20+");
        SetupProvenance r = SetupProvenance.parse(Files.readAllBytes(bundle.resolve("setup.json")));
        var ptau = new SetupProvenance.Ptau("pot12_final.ptau", 12, "e0".repeat(64), "33".repeat(32));
        var ceremony = new SetupProvenance.Ceremony(List.of(new SetupProvenance.Contribution(1, "aa".repeat(32)),
                new SetupProvenance.Contribution(2, "bb".repeat(32)),
                new SetupProvenance.Contribution(3, "cc".repeat(32))), "0123abcd", "dd".repeat(32));
        // a record as the ceremony writes it (same key: the vk hash is the real one), to see the contract text
        Path copy = copyBundle("ceremony");
        SetupProvenance cr = new SetupProvenance(r.backend(), SetupProvenance.Kind.CEREMONY, r.circuitHash(),
                r.verifyingKeySha256(), r.commitmentFree(), Optional.of(ptau), Optional.of(ceremony), r.stats());
        Files.writeString(copy.resolve("setup.json"), cr.toJson());
        ModelCommandsTest.Run v = run("verify", copy.toString(), "--proof", proof.toString(), "--evm",
                "--require-setup", "ceremony");
        assertThat(v.code()).as(v.out() + v.err()).isZero();
        assertThat(v.out()).contains("setup: ceremony, 3 contributions, transcript dddddddddddddddd, ptau blake2b "
                + "e0e0e0e0e0e0e0e0").contains("VALID in the EVM");
        Path sol = dir.resolve("Ceremony.sol");
        assertThat(run("export-verifier", copy.toString(), "-o", sol.toString()).code()).isZero();
        assertThat(Files.readString(sol)).contains("SETUP_KIND = \"ceremony\";")
                .contains("SETUP_TRANSCRIPT = 0x" + "dd".repeat(32) + ";")
                .contains("SETUP_CONTRIBUTIONS = 3;")
                .contains("SETUP_PTAU_BLAKE2B512 = \"" + "e0".repeat(64) + "\";");
    }

    private static Path copyBundle(String name) throws IOException {
        Path copy = dir.resolve(name);
        Files.createDirectories(copy);
        try (var files = Files.list(bundle)) {
            for (Path f : files.toList()) {
                if (Files.isRegularFile(f)) {
                    Files.copy(f, copy.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return copy;
    }
}
