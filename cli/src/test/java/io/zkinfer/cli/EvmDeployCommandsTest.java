package io.zkinfer.cli;

import io.zkinfer.cli.ModelCommandsTest.Run;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.zkinfer.cli.ModelCommandsTest.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Verifier contracts that an EVM chain can deploy, through the CLI: EZKL's 2l_relu_sigmoid (192 outputs; gnark's own
 * Groth16 template made a 30.8 KB contract for it, over EIP-170's 24,576 bytes) deploys and verifies its default
 * proof; the same model with its 192 inputs public too (384 public values, ≈ 27 KB) is refused by export-verifier
 * (exit 2, nothing written) and has no EVM verdict (exit 2, the reason, no success tick); a model compiled with
 * --no-commitment verifies in Java and in the EVM for at most 260k gas.
 */
class EvmDeployCommandsTest {
    static final Path WIDE = Path.of("src/test/resources/evm/2l_relu_sigmoid");

    @TempDir
    static Path dir;

    @BeforeAll
    static void needsNode() {
        assumeTrue(Evm.onPath("node"), "node is not on PATH: the EVM checks need Node.js 20+");
    }

    /** compile (scale 8: a small circuit), development setup, default prove; returns the bundle. */
    static Path bundle(String name, String... compileOptions) {
        Path b = dir.resolve(name);
        List<String> args = new ArrayList<>(List.of("compile", WIDE.resolve("network.onnx").toString(), "-o",
                b.toString(), "--calibration", WIDE.resolve("input.json").toString(), "--scale", "8"));
        args.addAll(List.of(compileOptions));
        Run c = run(args.toArray(String[]::new));
        assertThat(c.code()).as(c.err()).isZero();
        assertThat(run("setup", b.toString()).code()).isZero();
        Run p = run("prove", b.toString(), "--input", WIDE.resolve("input.json").toString(), "-o",
                b.resolve("proof.json").toString());
        assertThat(p.code()).as(p.err()).isZero();
        return b;
    }

    static long gas(Run r) {
        Matcher m = Pattern.compile("gas: (\\d+)").matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    void a192OutputModelsVerifierDeploysAndVerifiesItsDefaultProof() throws IOException {
        Path b = bundle("wide");
        Run v = run("verify", b.toString(), "--proof", b.resolve("proof.json").toString(), "--evm");
        assertThat(v.code()).as(v.err()).isZero();
        assertThat(v.out()).contains("\"accepted\":true").contains("\"nbInputs\":192").contains("VALID in the EVM");
        Path sol = dir.resolve("Wide.sol");
        Run e = run("export-verifier", b.toString(), "-o", sol.toString());
        assertThat(e.code()).as(e.err()).isZero();
        assertThat(e.out()).containsPattern("\\d{2},\\d{3} bytes of code of the 24,576 EIP-170 allows");
        assertThat(Files.readString(sol)).contains("bytes constant PUBLIC_INPUT_POINTS").doesNotContain("PUB_0_X");
    }

    @Test
    void aContractOverTheSizeLimitIsNotWrittenAndHasNoEvmVerdict() throws IOException {
        Path b = bundle("wide-public", "--input-visibility", "public");
        Path sol = dir.resolve("TooLarge.sol");
        Run e = run("export-verifier", b.toString(), "-o", sol.toString());
        assertThat(e.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(e.err()).containsPattern("code would be \\d{2},\\d{3} bytes, over the 24,576-byte limit of EIP-170")
                .contains("nothing written").doesNotContain("\tat ");
        assertThat(sol).doesNotExist();

        Run v = run("verify", b.toString(), "--proof", b.resolve("proof.json").toString(), "--evm");
        assertThat(v.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(v.err()).contains("no verdict").contains("cannot be deployed")
                .containsPattern("code is \\d+ bytes, over the 24576-byte limit").doesNotContain("\u2713 verify (EVM)")
                .doesNotContain("\tat ");
        assertThat(v.out()).doesNotContain("VALID in the EVM").doesNotContain("INVALID");
    }

    @Test
    void withoutCommitmentTheModelVerifiesInJavaAndInTheEvmForAtMost260kGas() throws IOException {
        // breast_cancer_logreg: 3 public values and a sigmoid lookup table (one-hot selection without the commitment)
        var vectors = InputData.JSON.readTree(Path.of("../test-vectors/models/breast_cancer_logreg.json").toFile());
        var rows = InputData.JSON.createArrayNode();
        vectors.get("calibration").forEach(row -> row.forEach(rows::add));
        Path cal = dir.resolve("logreg-calibration.json");
        Files.writeString(cal, "{\"input_data\": [" + rows + "]}");
        Path input = dir.resolve("logreg-input.json");
        Files.writeString(input, "{\"input_data\": [" + vectors.get("test").get(0) + "]}");
        Path nb = dir.resolve("logreg-nocommit");
        Run c = run("compile", "../test-vectors/models/breast_cancer_logreg.onnx", "-o", nb.toString(),
                "--calibration", cal.toString(), "--scale", "8", "--no-commitment");
        assertThat(c.code()).as(c.err()).isZero();
        assertThat(c.out()).containsPattern("--no-commitment: [\\d,]+ R1CS constraints instead of [\\d,]+ with "
                + "gnark's commitment");
        assertThat(run("setup", nb.toString()).code()).isZero();
        Path proof = nb.resolve("proof.json");
        Run p = run("prove", nb.toString(), "--input", input.toString(), "-o", proof.toString());
        assertThat(p.code()).as(p.err()).isZero();
        Run v = run("verify", nb.toString(), "--proof", proof.toString(), "--evm");
        assertThat(v.code()).as(v.err()).isZero();
        assertThat(v.out()).contains("(pure-Java verifier)").contains("VALID in the EVM");
        assertThat(gas(v)).isLessThanOrEqualTo(260_000);
    }
}
