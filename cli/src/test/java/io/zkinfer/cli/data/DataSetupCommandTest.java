package io.zkinfer.cli.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zkinfer.cli.ExitCodes;
import io.zkinfer.verifier.SetupProvenance;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.zkinfer.cli.data.DataCliTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code zkinfer data setup} and {@code data prove --keys}: keys made from the statement's public parameters before
 * any proof, used by the prover, held by the verifier (with the setup line and --require-setup), refused for another
 * statement. Real gnark keys and proofs through the real CLI.
 */
class DataSetupCommandTest {
    static final String RANGE = "range:age:18:90";
    static final String COUNT = "count:2:6:age >= 18 && consent";

    @TempDir
    static Path dir;
    static final Path DATA = DataCliTestSupport.testVectors().resolve("data");
    static final Path SCHEMA = DATA.resolve("patients.schema.json");
    static Path commitment;
    static Path salts;
    static Path keys;

    @BeforeAll
    static void commitAndSetUp() {
        commitment = dir.resolve("c.json");
        assertThat(run("data", "commit", DATA.resolve("patients.csv").toString(), "--schema", SCHEMA.toString(), "-o",
                commitment.toString()).exit()).isZero();
        salts = dir.resolve("c.salts.PRIVATE.json");
        keys = dir.resolve("keys");
        DataCliTestSupport.Run s = run("data", "setup", "--schema", SCHEMA.toString(), "--rows", "6",
                "--check", RANGE, "--check", COUNT, "-o", keys.toString());
        assertThat(s.exit()).as(s.all()).isZero();
        assertThat(s.out()).contains("setup: DEVELOPMENT");
    }

    static String[] prove(Path proof, String... extra) {
        List<String> a = new ArrayList<>(List.of("data", "prove", "--data", DATA.resolve("patients.csv").toString(),
                "--schema", SCHEMA.toString(), "--commitment", commitment.toString(), "--salts", salts.toString(),
                "-o", proof.toString()));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    @Test
    void keysMadeBeforeAnyProofProveAndVerify() throws Exception {
        try (Stream<Path> files = Files.list(keys)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("statement.json",
                    "circuit.ir", "circuit.cs", "pk.bin", "pk.sha256", "vk.bin", "setup.json");
        }
        SetupProvenance rec = SetupProvenance.parse(Files.readAllBytes(keys.resolve("setup.json")))
                .requireKey(Files.readAllBytes(keys.resolve("vk.bin")));
        assertThat(rec.kind()).isEqualTo(SetupProvenance.Kind.DEVELOPMENT);
        JsonNode st = new ObjectMapper().readTree(keys.resolve("statement.json").toFile());
        assertThat(st.get("circuitHash").asText()).isEqualTo(rec.circuitHash());

        Path proof = dir.resolve("with-keys.json");
        DataCliTestSupport.Run p = run(prove(proof, "--check", RANGE, "--check", COUNT, "--keys", keys.toString()));
        assertThat(p.exit()).as(p.all()).isZero();
        assertThat(p.out()).contains("setup: DEVELOPMENT").doesNotContain("WARNING");
        DataProofFile pf = DataProofFile.parse(Files.readString(proof), proof.toString());
        assertThat(pf.circuitHash()).isEqualTo(rec.circuitHash());
        // the verifier's key is not in the proof file: the verifier brings its own
        assertThat(pf.verifyingKey()).isEmpty();

        DataCliTestSupport.Run v = run("data", "verify", proof.toString(), "--commitment", commitment.toString(),
                "--vk", keys.resolve("vk.bin").toString(), "--check", RANGE);
        assertThat(v.exit()).as(v.all()).isEqualTo(ExitCodes.OK);
        assertThat(v.out()).contains("setup: DEVELOPMENT \u2014 anyone who ran it can forge proofs").contains("VALID");
        // a verifier that requires a ceremony or an SRS refuses this development key
        DataCliTestSupport.Run req = run("data", "verify", proof.toString(), "--commitment", commitment.toString(),
                "--vk", keys.resolve("vk.bin").toString(), "--require-setup", "ceremony,srs");
        assertThat(req.exit()).isEqualTo(ExitCodes.INVALID);
        assertThat(req.out()).contains("REFUSED").contains("development setup");
        assertThat(run("data", "verify", proof.toString(), "--commitment", commitment.toString(),
                "--vk", keys.resolve("vk.bin").toString(), "--require-setup", "development").exit()).isZero();
        assertThat(run("data", "verify", proof.toString(), "--commitment", commitment.toString(),
                "--vk", keys.resolve("vk.bin").toString(), "--require-setup", "trusted").exit())
                .isEqualTo(ExitCodes.BAD_INPUT);
        // without --vk there is no key at all
        DataCliTestSupport.Run none = run("data", "verify", proof.toString(), "--commitment", commitment.toString());
        assertThat(none.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(none.err()).contains("needs --vk");
    }

    @Test
    void keysOfAnotherStatementAreRefusedAndNothingIsWritten() {
        Path proof = dir.resolve("other.json");
        // another check
        DataCliTestSupport.Run r = run(prove(proof, "--check", "range:age:0:150", "--keys", keys.toString()));
        assertThat(r.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("are for another statement").contains(RANGE).contains("range:age:0:150");
        assertThat(proof).doesNotExist();
        // a row statement
        DataCliTestSupport.Run row = run(prove(proof, "--row", "1", "--policy", "consent", "--keys", keys.toString()));
        assertThat(row.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(row.err()).contains("are for another statement");
        // keys for 5 rows do not prove about the 6-row dataset
        Path five = dir.resolve("keys-5");
        assertThat(run("data", "setup", "--schema", SCHEMA.toString(), "--rows", "5", "--check", RANGE, "--check",
                COUNT, "-o", five.toString()).exit()).isZero();
        DataCliTestSupport.Run rows = run(prove(proof, "--check", RANGE, "--check", COUNT, "--keys", five.toString()));
        assertThat(rows.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(rows.err()).contains("all 5 rows", "all 6 rows").contains("another statement");
        assertThat(proof).doesNotExist();
        // the other --backend
        DataCliTestSupport.Run be = run(prove(proof, "--check", RANGE, "--check", COUNT, "--keys", keys.toString(),
                "--backend", "plonk"));
        assertThat(be.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(be.err()).contains("groth16 keys");
    }

    @Test
    void aKeyWhoseRecordWasSwappedIsRefused() throws IOException {
        // keys-b: the same statement, another development setup; its setup.json next to keys' vk.bin
        Path b = dir.resolve("keys-b");
        assertThat(run("data", "setup", "--schema", SCHEMA.toString(), "--rows", "6", "--check", RANGE, "--check",
                COUNT, "-o", b.toString()).exit()).isZero();
        Path mixed = dir.resolve("mixed");
        Files.createDirectories(mixed);
        Files.copy(keys.resolve("vk.bin"), mixed.resolve("vk.bin"));
        Files.copy(b.resolve("setup.json"), mixed.resolve("setup.json"));
        Path proof = dir.resolve("for-mixed.json");
        assertThat(run(prove(proof, "--check", RANGE, "--check", COUNT, "--keys", keys.toString())).exit()).isZero();
        DataCliTestSupport.Run v = run("data", "verify", proof.toString(), "--commitment", commitment.toString(),
                "--vk", mixed.resolve("vk.bin").toString());
        assertThat(v.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(v.err()).contains("does not describe").contains("vk.bin");
        // a key with no record at all: verifies, says so, and is refused when a setup kind is required
        Files.delete(mixed.resolve("setup.json"));
        DataCliTestSupport.Run u = run("data", "verify", proof.toString(), "--commitment", commitment.toString(),
                "--vk", mixed.resolve("vk.bin").toString());
        assertThat(u.exit()).isZero();
        assertThat(u.out()).contains("setup: unknown");
        assertThat(run("data", "verify", proof.toString(), "--commitment", commitment.toString(),
                "--vk", mixed.resolve("vk.bin").toString(), "--require-setup", "development").exit())
                .isEqualTo(ExitCodes.INVALID);
    }

    /** prover-java's test powers of tau (2^9, one public contribution: for tests only). */
    static final Path POT9 = DataCliTestSupport.testVectors().resolveSibling("prover-java/src/test/resources/srs/"
            + "pot9_test.ptau");

    /** The shared snarkjs 2^12 powers of tau (4.7 MB, not in git): next to the checkout, or on the build machine. */
    static Path pot12() {
        Path rel = DataCliTestSupport.testVectors().getParent().resolveSibling(
                "shared/vectors/snarkjs-groth16/pot12_final.ptau");
        return Files.isRegularFile(rel) ? rel : Path.of("/work/shared/vectors/snarkjs-groth16/pot12_final.ptau");
    }

    /** One integer column: the smallest data statement, still 2,198 PLONK gates (two Poseidon2 row hashes). */
    static Path agesSchema() throws IOException {
        Path schema = dir.resolve("ages.schema.json");
        Files.writeString(schema, "{\"name\": \"ages-v1\", \"fields\": [{\"name\": \"age\", \"type\": "
                + "\"integer\", \"min\": 0, \"max\": 150}]}");
        return schema;
    }

    @Test
    void aPtauTooSmallForTheStatementIsBadInputAndWritesNothing() throws IOException {
        Path k = dir.resolve("keys-small-srs");
        DataCliTestSupport.Run s = run("data", "setup", "--schema", agesSchema().toString(), "--rows", "2",
                "--backend", "plonk", "--srs", POT9.toString(), "-o", k.toString());
        assertThat(s.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(s.err()).contains("power 12 or more");
        assertThat(k).doesNotExist();
        try (Stream<Path> l = Files.list(dir)) {
            assertThat(l.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".keys-small-srs"));
        }
    }

    @Test
    void plonkKeysFromAPublicSrsRecordThePtau() throws Exception {
        Path pot12 = pot12();
        assumeTrue(Files.isRegularFile(pot12), "the shared 2^12 powers of tau is not on this machine: " + pot12);
        Path schema = agesSchema();
        Path csv = dir.resolve("ages.csv");
        Files.writeString(csv, "age\n54\n71\n");
        Path c = dir.resolve("ages.c.json");
        assertThat(run("data", "commit", csv.toString(), "--schema", schema.toString(), "-o", c.toString()).exit())
                .isZero();
        Path k = dir.resolve("keys-plonk");
        DataCliTestSupport.Run s = run("data", "setup", "--schema", schema.toString(), "--rows", "2",
                "--backend", "plonk", "--srs", pot12.toString(), "-o", k.toString());
        assertThat(s.exit()).as(s.all()).isZero();
        SetupProvenance rec = SetupProvenance.parse(Files.readAllBytes(k.resolve("setup.json")));
        assertThat(rec.kind()).isEqualTo(SetupProvenance.Kind.SRS);
        // the hashes a ceremony publishes, as coreutils' b2sum and sha256sum compute them for this file
        assertThat(rec.ptau().orElseThrow().blake2b512()).startsWith("e0c3e1501827ee32d0e55f2dcb40db1e");
        assertThat(rec.ptau().orElseThrow().sha256()).isEqualTo(
                "33894c5d0b777eb66216cea5cd034d6501014bf7d380d333c72ba846f67c5b4a");
        assertThat(rec.ptau().orElseThrow().power()).isEqualTo(12);

        Path proof = dir.resolve("ages.proof.json");
        DataCliTestSupport.Run p = run("data", "prove", "--data", csv.toString(), "--schema", schema.toString(),
                "--commitment", c.toString(), "--salts", dir.resolve("ages.c.salts.PRIVATE.json").toString(),
                "--keys", k.toString(), "-o", proof.toString());
        assertThat(p.exit()).as(p.all()).isZero();
        DataCliTestSupport.Run v = run("data", "verify", proof.toString(), "--commitment", c.toString(),
                "--vk", k.resolve("vk.bin").toString(), "--require-setup", "ceremony,srs");
        assertThat(v.exit()).as(v.all()).isZero();
        assertThat(v.out()).contains("setup: srs, ptau blake2b e0c3e1501827ee32").contains("VALID");
    }

    @Test
    void setupRefusesANonEmptyDirectoryAndBadStatements() throws IOException {
        DataCliTestSupport.Run again = run("data", "setup", "--schema", SCHEMA.toString(), "--rows", "6",
                "--check", RANGE, "-o", keys.toString());
        assertThat(again.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(again.err()).contains("not empty");
        Path out = dir.resolve("never");
        assertThat(run("data", "setup", "--schema", SCHEMA.toString(), "--rows", "6", "--check", "range:height:0:3",
                "-o", out.toString()).err()).contains("height");
        assertThat(run("data", "setup", "--schema", SCHEMA.toString(), "--rows", "6", "--check", RANGE,
                "--policy", "consent", "-o", out.toString()).exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run("data", "setup", "--schema", SCHEMA.toString(), "--rows", "0", "-o", out.toString()).exit())
                .isEqualTo(ExitCodes.BAD_INPUT);
        // --srs is PLONK only, and must be a .ptau
        assertThat(run("data", "setup", "--schema", SCHEMA.toString(), "--rows", "6", "--srs",
                SCHEMA.toString(), "-o", out.toString()).err()).contains("PLONK only");
        DataCliTestSupport.Run notPtau = run("data", "setup", "--schema", SCHEMA.toString(), "--rows", "6",
                "--backend", "plonk", "--srs", SCHEMA.toString(), "-o", out.toString());
        assertThat(notPtau.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(notPtau.err()).contains("not a snarkjs .ptau file");
        assertThat(out).doesNotExist();
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".tmp"));
        }
    }
}
