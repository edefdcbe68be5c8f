package io.zkinfer.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The snarkjs interop set (/work/shared/vectors/snarkjs-groth16, copied under test resources): every case gives its
 * expected answer. "invalid" means not accepted: verify returns false or the input is refused as malformed.
 */
class SnarkjsGroth16Test {
    static List<Path> cases() throws IOException {
        Path root = Vectors.root().resolve("snarkjs-groth16");
        try (Stream<Path> s = Stream.concat(Files.list(root.resolve("multiplier")), Files.list(root.resolve("range_sum")))) {
            return s.filter(Files::isDirectory).sorted().toList();
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void caseGivesItsExpectedAnswer(Path dir) {
        String expected = Vectors.text(dir.resolve("expected.txt")).trim();
        Verifier.Result r = Verifier.verifySnarkjs(Vectors.text(dir.resolve("verification_key.json")),
                Vectors.text(dir.resolve("proof.json")), Vectors.text(dir.resolve("public.json")));
        assertThat(r.message()).doesNotStartWith(Guard.INTERNAL);
        if (expected.equals("valid")) {
            assertThat(r.outcome()).as(r.message()).isEqualTo(Verifier.Outcome.VALID);
        } else {
            assertThat(expected).isEqualTo("invalid");
            assertThat(r.outcome()).as(r.message()).isNotEqualTo(Verifier.Outcome.VALID);
        }
        if (dir.getFileName().toString().contains("not_on_curve") || dir.getFileName().toString().contains("swapped")
                || dir.getFileName().toString().contains("_r")) {
            assertThat(r.outcome()).isEqualTo(Verifier.Outcome.MALFORMED);
        } else if (!expected.equals("valid")) {
            assertThat(r.outcome()).isEqualTo(Verifier.Outcome.INVALID);
        }
    }

    @org.junit.jupiter.api.Test
    void thereAreCases() throws IOException {
        assertThat(cases()).hasSize(48);
    }
}
