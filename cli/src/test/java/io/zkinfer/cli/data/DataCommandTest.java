package io.zkinfer.cli.data;

import io.zkinfer.cli.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

import static io.zkinfer.cli.data.DataCliTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code zkinfer data commit|prove|verify}: bad input is exit 2 naming row and column, with nothing written. */
class DataCommandTest {

    @TempDir
    Path dir;

    private final Path data = DataCliTestSupport.testVectors().resolve("data");
    private final Path schema = data.resolve("patients.schema.json");

    private Path csv(String text) throws IOException {
        Path p = dir.resolve("bad.csv");
        Files.writeString(p, text);
        return p;
    }

    private static final String HEADER = "patient_id,age,sex,hba1c,diagnosis,on_warfarin,consent,enrolled\n";
    private static final String GOOD = "1001,54,F,7.2,E11.9,false,true,2024-03-02\n";

    private void assertNothingWritten() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("bad.csv");
        }
    }

    @Test
    void commitWritesPublicCommitmentAndPrivateSalts() throws IOException {
        Path out = dir.resolve("patients.commitment.json");
        DataCliTestSupport.Run r = run("data", "commit", data.resolve("patients.csv").toString(), "--schema",
                schema.toString(), "-o", out.toString());
        assertThat(r.exit()).isEqualTo(ExitCodes.OK);
        Path salts = dir.resolve("patients.commitment.salts.PRIVATE.json");
        assertThat(Files.readString(out)).contains("zkinfer-dataset-commitment-v1").doesNotContain("salts-v1");
        assertThat(Files.readString(salts)).contains("zkinfer-dataset-salts-v1");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(salts))).isEqualTo("rw-------");
        // a second commit would overwrite the only salts of the first: refused
        DataCliTestSupport.Run again = run("data", "commit", data.resolve("patients.csv").toString(), "--schema",
                schema.toString(), "-o", out.toString());
        assertThat(again.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(again.err()).contains("already exists");
    }

    /** A row that fails the policy: the predicate and its field, not the IR op (and before any key is made). */
    @Test
    void aFailingPolicyNamesThePredicateAndTheFieldAndAnUnwritableOutputIsFoundFirst() throws IOException {
        Path c = dir.resolve("c.json");
        assertThat(run("data", "commit", data.resolve("patients.csv").toString(), "--schema", schema.toString(),
                "-o", c.toString()).exit()).isZero();
        String[] prove = {"data", "prove", "--data", data.resolve("patients.csv").toString(), "--schema",
                schema.toString(), "--commitment", c.toString(), "--salts", dir.resolve("c.salts.PRIVATE.json")
                .toString(), "--row", "1", "--policy", "age >= 18 && !consent && on_warfarin", "-o", ""};
        prove[prove.length - 1] = dir.resolve("p.json").toString();
        DataCliTestSupport.Run r = run(prove);
        assertThat(r.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("row 1: policy not satisfied: !consent (field consent); on_warfarin "
                + "(field on_warfarin)").doesNotContain("op #");
        assertThat(dir.resolve("p.json")).doesNotExist();

        prove[prove.length - 1] = c.resolve("p.json").toString();   // under a file
        DataCliTestSupport.Run w = run(prove);
        assertThat(w.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(w.err()).contains("cannot write output " + c.resolve("p.json") + ": " + c
                + " is a file, not a folder").doesNotContain("evaluate the statement");
    }

    @Test
    void malformedCsvNamesTheRow() throws IOException {
        Path bad = csv(HEADER + GOOD + "1002,71,M,8.1,E11.9,false\n");
        DataCliTestSupport.Run r = run("data", "commit", bad.toString(), "--schema", schema.toString(), "-o",
                dir.resolve("c.json").toString());
        assertThat(r.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("row 2").contains("cells");
        assertNothingWritten();
    }

    @Test
    void unclosedQuoteIsBadInput() throws IOException {
        Path bad = csv(HEADER + GOOD + "1002,71,\"M,8.1,E11.9,false,true,2024-03-02\n");
        DataCliTestSupport.Run r = run("data", "commit", bad.toString(), "--schema", schema.toString(), "-o",
                dir.resolve("c.json").toString());
        assertThat(r.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).containsIgnoringCase("quote");
        assertNothingWritten();
    }

    @Test
    void valueOutsideItsDeclaredWidthNamesRowAndColumn() throws IOException {
        Path bad = csv(HEADER + GOOD + "1002,151,M,8.1,E11.9,false,true,2024-03-02\n");
        DataCliTestSupport.Run r = run("data", "commit", bad.toString(), "--schema", schema.toString(), "-o",
                dir.resolve("c.json").toString());
        assertThat(r.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("row 2, column 'age'").contains("151").contains("[0, 150]");
        assertNothingWritten();
        // a 32-bit integer field refuses 2^32
        Path wide = csv(HEADER + "4294967296,54,F,7.2,E11.9,false,true,2024-03-02\n");
        DataCliTestSupport.Run w = run("data", "commit", wide.toString(), "--schema", schema.toString(), "-o",
                dir.resolve("c.json").toString());
        assertThat(w.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(w.err()).contains("row 1, column 'patient_id'");
        // more decimals than the field's scale
        Path fine = csv(HEADER + "1001,54,F,7.25,E11.9,false,true,2024-03-02\n");
        DataCliTestSupport.Run f = run("data", "commit", fine.toString(), "--schema", schema.toString(), "-o",
                dir.resolve("c.json").toString());
        assertThat(f.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(f.err()).contains("row 1, column 'hba1c'");
        assertNothingWritten();
    }

    @Test
    void schemaMismatchNamesTheColumn() throws IOException {
        Path missing = csv("patient_id,age,sex,hba1c,diagnosis,on_warfarin,consent\n1001,54,F,7.2,E11.9,false,true\n");
        DataCliTestSupport.Run r = run("data", "commit", missing.toString(), "--schema", schema.toString(), "-o",
                dir.resolve("c.json").toString());
        assertThat(r.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("enrolled");
        assertNothingWritten();
        Path badCode = csv(HEADER + GOOD + "1002,71,M,8.1,E99,false,true,2024-03-02\n");
        DataCliTestSupport.Run c = run("data", "commit", badCode.toString(), "--schema", schema.toString(), "-o",
                dir.resolve("c.json").toString());
        assertThat(c.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(c.err()).contains("row 2, column 'diagnosis'").contains("E99");
        assertNothingWritten();
    }

    @Test
    void proveRefusesDataThatIsNotTheCommittedData() throws IOException {
        Path c = dir.resolve("c.json");
        assertThat(run("data", "commit", data.resolve("patients.csv").toString(), "--schema", schema.toString(),
                "-o", c.toString()).exit()).isEqualTo(ExitCodes.OK);
        String changed = Files.readString(data.resolve("patients.csv")).replace("1001,54,", "1001,55,");
        Path other = dir.resolve("other.csv");
        Files.writeString(other, changed);
        Path proof = dir.resolve("p.json");
        DataCliTestSupport.Run r = run("data", "prove", "--data", other.toString(), "--schema", schema.toString(),
                "--commitment", c.toString(), "--salts", dir.resolve("c.salts.PRIVATE.json").toString(),
                "--row", "1", "--policy", "age >= 18", "-o", proof.toString());
        assertThat(r.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("row 1");
        assertThat(proof).doesNotExist();
        // bad option combinations and checks are exit 2 too
        assertThat(run("data", "prove", "--data", data.resolve("patients.csv").toString(), "--schema",
                schema.toString(), "--commitment", c.toString(), "--salts",
                dir.resolve("c.salts.PRIVATE.json").toString(), "--check", "range:height:0:3", "-o",
                proof.toString()).err()).contains("height");
        assertThat(run("data", "prove", "--data", data.resolve("patients.csv").toString(), "--schema",
                schema.toString(), "--commitment", c.toString(), "--salts",
                dir.resolve("c.salts.PRIVATE.json").toString(), "--row", "9", "--policy", "consent", "-o",
                proof.toString()).exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(proof).doesNotExist();
    }

    @Test
    void proveVerifyRoundTripAndVerifierRejections() throws IOException {
        Path c = dir.resolve("c.json");
        Path salts = dir.resolve("c.salts.PRIVATE.json");
        assertThat(run("data", "commit", data.resolve("patients.csv").toString(), "--schema", schema.toString(),
                "-o", c.toString()).exit()).isEqualTo(ExitCodes.OK);
        Path proof = dir.resolve("p.json");
        Path vk = dir.resolve("vk.bin");
        String[] prove = {"data", "prove", "--data", data.resolve("patients.csv").toString(), "--schema",
                schema.toString(), "--commitment", c.toString(), "--salts", salts.toString(),
                "--check", "range:age:18:90", "--check", "count:2:6:age >= 18 && consent",
                "-o", proof.toString(), "--vk-out", vk.toString()};
        DataCliTestSupport.Run p = run(prove);
        assertThat(p.exit()).isEqualTo(ExitCodes.OK);
        assertThat(p.out()).contains("dataset_commitment").contains("WARNING");

        DataCliTestSupport.Run v = run("data", "verify", proof.toString(), "--commitment", c.toString(),
                "--vk", vk.toString(), "--check", "range:age:18:90");
        assertThat(v.exit()).isEqualTo(ExitCodes.OK);
        assertThat(v.out()).contains("VALID");
        // without a key the verifier trusts: exit 2, saying why
        DataCliTestSupport.Run noKey = run("data", "verify", proof.toString(), "--commitment", c.toString());
        assertThat(noKey.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(noKey.err()).contains("--vk").contains("forge");
        // the embedded (development) key only on request: a loud warning, and never exit 0
        DataCliTestSupport.Run embedded = run("data", "verify", proof.toString(), "--commitment", c.toString(),
                "--insecure-embedded-key");
        assertThat(embedded.exit()).isEqualTo(ExitCodes.INSECURE);
        assertThat(embedded.err()).contains("WARNING");
        assertThat(embedded.out()).contains("NOT a trusted verdict").doesNotContain("VALID");
        // a statement the verifier did not ask for
        assertThat(run("data", "verify", proof.toString(), "--commitment", c.toString(), "--vk", vk.toString(),
                "--check", "range:age:18:65").exit()).isEqualTo(ExitCodes.INVALID);
        // another commitment of the same data (fresh salts): a different D
        Path c2 = dir.resolve("c2.json");
        assertThat(run("data", "commit", data.resolve("patients.csv").toString(), "--schema", schema.toString(),
                "-o", c2.toString()).exit()).isEqualTo(ExitCodes.OK);
        assertThat(run("data", "verify", proof.toString(), "--commitment", c2.toString(), "--vk", vk.toString())
                .exit()).isEqualTo(ExitCodes.INVALID);
        // a forged statement in the proof file: the rebuilt circuit's hash differs from the one proved
        String json = Files.readString(proof);
        Path forged = dir.resolve("forged.json");
        Files.writeString(forged, json.replace("range:age:18:90", "range:age:18:60"));
        assertThat(run("data", "verify", forged.toString(), "--commitment", c.toString(), "--vk", vk.toString())
                .exit()).isEqualTo(ExitCodes.INVALID);
        // the forger also fixes the circuit hash: the key (of the real circuit) no longer fits -> not valid
        Files.writeString(forged, json.replace("range:age:18:90", "range:age:18:60").replaceAll(
                "\"circuitHash\" : \"[0-9a-f]+\"", "\"circuitHash\" : \"" + rebuiltHash(json) + "\""));
        assertThat(run("data", "verify", forged.toString(), "--commitment", c.toString(), "--vk", vk.toString())
                .exit()).isNotEqualTo(ExitCodes.OK);
        // a tampered proof
        String proofB64 = json.replaceAll("(?s).*\"proof\" : \"([^\"]+)\".*", "$1");
        byte[] bytes = java.util.Base64.getDecoder().decode(proofB64);
        bytes[bytes.length - 5] ^= 1;
        Files.writeString(forged, json.replace(proofB64, java.util.Base64.getEncoder().encodeToString(bytes)));
        assertThat(run("data", "verify", forged.toString(), "--commitment", c.toString(), "--vk", vk.toString())
                .exit()).isIn(ExitCodes.INVALID, ExitCodes.BAD_INPUT);
        // malformed proof file
        Files.writeString(forged, "{\"format\": \"zkinfer-data-proof-v1\"");
        assertThat(run("data", "verify", forged.toString(), "--commitment", c.toString(), "--vk", vk.toString())
                .exit()).isEqualTo(ExitCodes.BAD_INPUT);
    }

    private static String rebuiltHash(String proofJson) {
        String forged = proofJson.replace("range:age:18:90", "range:age:18:60");
        DataProofFile pf = DataProofFile.parse(forged, "forged");
        return pf.statement().circuit().hash();
    }
}
