package io.zkinfer.cli;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fuzz target for PROOF.json reading (docs/security.md, "Fuzzing"), the prover's file that {@code zkinfer verify}
 * reads. Contract: {@link ProofFile#read} either returns or refuses with a {@link UserInputException} (exit 2, a
 * message naming the field); no other exception, no Error, no hang. Seeds and past findings:
 * ProofFileFuzzTestInputs/read/ (resources).
 */
class ProofFileFuzzTest {

    private static final Path FILE = tempFile();

    @FuzzTest(maxDuration = "5m")
    void read(byte[] input) throws IOException {
        Files.write(FILE, input);
        try {
            ProofFile.read(FILE);
        } catch (UserInputException refused) {
            // the documented refusal
        }
    }

    private static Path tempFile() {
        try {
            Path p = Files.createTempFile("zkinfer-fuzz-", "-PROOF.json");
            p.toFile().deleteOnExit();
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
