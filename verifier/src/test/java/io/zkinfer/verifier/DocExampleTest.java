package io.zkinfer.verifier;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/verifier.md shows src/example/java/VerifyProof.java verbatim: the program a reader copies is the one that
 * {@link Java17EmbeddingIT} compiles and runs on JDK 17 against a real proof.
 */
class DocExampleTest {
    @Test
    void docsVerifierMdShowsTheExampleProgramVerbatim() throws IOException {
        Path example = Path.of("src/example/java/VerifyProof.java");
        String doc = Files.readString(Path.of("../docs/verifier.md"));
        assertThat(doc).as("docs/verifier.md must contain %s verbatim in a ```java block", example)
                .contains("```java\n" + Files.readString(example) + "```\n");
    }
}
