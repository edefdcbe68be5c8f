package io.zkinfer.cli.data;

import io.zkinfer.cli.ExitCodes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static io.zkinfer.cli.data.DataCliTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code data verify} trusts no key the prover hands over (issue 11 item 2), and hostile input to the data commands
 * is exit 2 with a clear message (item 4): replayed through the real CLI on a real proof.
 */
class DataTrustTest {

    @TempDir
    static Path dir;
    static Path commitment;
    static Path salts;
    static Path proof;
    static Path vk;
    static final Path DATA = DataCliTestSupport.testVectors().resolve("data");
    static final Path SCHEMA = DATA.resolve("patients.schema.json");

    @BeforeAll
    static void proveOnce() {
        commitment = dir.resolve("c.json");
        salts = dir.resolve("c.salts.PRIVATE.json");
        assertThat(run("data", "commit", DATA.resolve("patients.csv").toString(), "--schema", SCHEMA.toString(),
                "-o", commitment.toString()).exit()).isEqualTo(ExitCodes.OK);
        proof = dir.resolve("p.json");
        vk = dir.resolve("vk.bin");
        DataCliTestSupport.Run p = run("data", "prove", "--data", DATA.resolve("patients.csv").toString(), "--schema",
                SCHEMA.toString(), "--commitment", commitment.toString(), "--salts", salts.toString(),
                "--check", "range:age:18:90", "-o", proof.toString(), "--vk-out", vk.toString());
        assertThat(p.exit()).isEqualTo(ExitCodes.OK);
    }

    private static DataCliTestSupport.Run verify(String... extra) {
        String[] base = {"data", "verify", proof.toString(), "--commitment", commitment.toString()};
        String[] all = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return run(all);
    }

    @Test
    void publicFilesArePublicAndSaltsPrivate() throws IOException {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(proof))).isEqualTo("rw-r--r--");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(commitment))).isEqualTo("rw-r--r--");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(salts))).isEqualTo("rw-------");
    }

    @Test
    void aTrustedKeyVerifiesAndTheEmbeddedOneNeverGivesExitZero() {
        assertThat(verify("--vk", vk.toString()).exit()).isEqualTo(ExitCodes.OK);
        DataCliTestSupport.Run none = verify();
        assertThat(none.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(none.err()).contains("needs --vk").contains("--insecure-embedded-key");
        DataCliTestSupport.Run insecure = verify("--insecure-embedded-key");
        assertThat(insecure.exit()).isEqualTo(ExitCodes.INSECURE);
        assertThat(insecure.err()).contains("WARNING");
        assertThat(verify("--insecure-embedded-key", "--vk", vk.toString()).exit()).isEqualTo(ExitCodes.BAD_INPUT);
    }

    @Test
    void keysThatAreNotBoundToTheStatementAreRefused() throws IOException {
        Path vectors = DataCliTestSupport.testVectors().getParent().resolve("verifier/src/test/resources/vectors");
        // a snarkjs key carries no circuit hash: nothing binds it to the statement
        DataCliTestSupport.Run snarkjs = verify("--vk",
                vectors.resolve("snarkjs-groth16/multiplier/p0_valid/verification_key.json").toString());
        assertThat(snarkjs.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(snarkjs.err()).contains("not a zkinfer artifact container");
        // a zkinfer key of another circuit
        DataCliTestSupport.Run other = verify("--vk",
                vectors.resolve("gnark/groth16-range-5/vk.zkinfer").toString());
        assertThat(other.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(other.err()).contains("is for circuit").contains("expected circuit");
    }

    @Test
    void aDuplicateKeyOrANonCanonicalNumberInTheProofFileIsBadInput() throws IOException {
        String json = Files.readString(proof);
        Path bad = dir.resolve("dup.json");
        Files.writeString(bad, json.replaceFirst("\\{", "{\"backend\": \"plonk\", "));
        DataCliTestSupport.Run dup = run("data", "verify", bad.toString(), "--commitment", commitment.toString(),
                "--vk", vk.toString());
        assertThat(dup.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(dup.err()).containsIgnoringCase("duplicate");
        String value = json.replaceAll("(?s).*\"dataset_commitment\" : \"([0-9]+)\".*", "$1");
        Files.writeString(bad, json.replace("\"" + value + "\"", "\"0" + value + "\""));
        DataCliTestSupport.Run lead = run("data", "verify", bad.toString(), "--commitment", commitment.toString(),
                "--vk", vk.toString());
        assertThat(lead.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(lead.err()).contains("canonical");
        assertThat(verify("--vk", vk.toString(), "--input-commitment", "+5").exit()).isEqualTo(ExitCodes.BAD_INPUT);
    }

    @Test
    void tenThousandNegationsInAPolicyAreBadInputNotAStackOverflow() {
        String policy = "!".repeat(10_000) + "consent";
        DataCliTestSupport.Run v = verify("--vk", vk.toString(), "--policy", policy);
        assertThat(v.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(v.err()).contains("at most 4096").doesNotContain("StackOverflowError").doesNotContain("\tat ");
        DataCliTestSupport.Run deep = verify("--vk", vk.toString(), "--policy", "!".repeat(500) + "consent");
        assertThat(deep.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(deep.err()).contains("nests deeper than 64");
    }

    @Test
    void aFileAboveTheCapIsRefusedNamingTheFlag() {
        DataCliTestSupport.Run r = verify("--vk", vk.toString(), "--max-file-bytes", "100");
        assertThat(r.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("--max-file-bytes").contains(proof.toString());
        // the cap applies to the next command only as given
        assertThat(verify("--vk", vk.toString()).exit()).isEqualTo(ExitCodes.OK);
    }
}
