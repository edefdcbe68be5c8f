package io.zkinfer.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code zkinfer verify --format snarkjs} on the snarkjs interop vectors: expected.txt says valid or invalid. */
class SnarkjsVerifyTest {

    static final Path ROOT = Path.of("../verifier/src/test/resources/vectors/snarkjs-groth16");

    @Test
    void everyCaseGivesItsExpectedExitCode() throws IOException {
        List<Path> cases;
        try (Stream<Path> s = Files.list(ROOT.resolve("multiplier"))) {
            cases = Stream.concat(s.toList().stream(), Files.list(ROOT.resolve("range_sum")).toList().stream())
                    .filter(p -> Files.isRegularFile(p.resolve("expected.txt"))).sorted().toList();
        }
        assertThat(cases).hasSize(48);
        int valid = 0;
        for (Path c : cases) {
            boolean expectValid = Files.readString(c.resolve("expected.txt")).strip().equals("valid");
            int code = Main.run("verify", "--format", "snarkjs", "--vk", c.resolve("verification_key.json").toString(),
                    "--proof", c.resolve("proof.json").toString(), "--public", c.resolve("public.json").toString());
            if (expectValid) {
                valid++;
                assertThat(code).as(c.toString()).isEqualTo(ExitCodes.OK);
            } else {
                // rejected: invalid (1), or malformed (2) for points off the curve and non-canonical signals
                assertThat(code).as(c.toString()).isIn(ExitCodes.INVALID, ExitCodes.BAD_INPUT);
            }
        }
        assertThat(valid).isEqualTo(6);
    }

    @Test
    void tamperedPublicSignalIsExitOneAndMissingFilesAreTwo() {
        Path c = ROOT.resolve("multiplier/p0_public_plus1");
        assertThat(Main.run("verify", "--format", "snarkjs", "--vk", c.resolve("verification_key.json").toString(),
                "--proof", c.resolve("proof.json").toString(), "--public", c.resolve("public.json").toString()))
                .isEqualTo(ExitCodes.INVALID);
        assertThat(Main.run("verify", "--format", "snarkjs", "--vk", c.resolve("nope.json").toString(),
                "--proof", c.resolve("proof.json").toString(), "--public", c.resolve("public.json").toString()))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(Main.run("verify", "--format", "snarkjs", "--proof", c.resolve("proof.json").toString()))
                .isEqualTo(ExitCodes.BAD_INPUT);
    }
}
