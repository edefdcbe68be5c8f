package io.zkinfer.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The one container-header parser ({@link ArtifactHeader#peek}) reads every header that prover-native's writer
 * (internal/artifact) produced for the committed vectors: keys and proofs of both backends, with the fields the
 * other modules rely on (kind, backend, circuit, counts, proof flags).
 */
class ArtifactHeaderGoWriterTest {

    @Test
    void everyGoWrittenKeyAndProofHeaderParses() throws Exception {
        List<String> cases = new java.util.ArrayList<>(Vectors.gnarkCases("groth16"));
        cases.addAll(Vectors.gnarkCases("plonk"));
        assertThat(cases).isNotEmpty();
        for (String c : cases) {
            String backend = c.substring(0, c.indexOf('-'));
            byte[] vkBytes = Vectors.bytes(Vectors.gnark(c).resolve("vk.zkinfer"));
            byte[] proofBytes = Vectors.bytes(Vectors.gnark(c).resolve("proof.zkinfer"));
            assertThat(ArtifactHeader.isContainer(vkBytes)).isTrue();
            ArtifactHeader vk = ArtifactHeader.peek(vkBytes);
            ArtifactHeader proof = ArtifactHeader.peek(proofBytes);
            assertThat(vk.kind()).as(c).isEqualTo(backend + "-verifying-key");
            assertThat(proof.kind()).as(c).isEqualTo(backend + "-proof");
            assertThat(vk.backend()).isEqualTo(backend);
            assertThat(vk.circuit()).matches("[0-9a-f]{64}").isEqualTo(proof.circuit());
            assertThat(vk.curve()).isEqualTo("bn254");
            assertThat(vk.gnarkVersion()).isEqualTo(ArtifactHeader.GNARK_VERSION);
            assertThat(vk.publicValues()).isEqualTo(Vectors.publicInputs(Vectors.gnark(c)).size());
            assertThat(proof.proofFlags()).isPresent();
            // the key parses, and agrees with its header
            assertThat(VerifyingKeys.parse(vkBytes).circuitHash()).contains(vk.circuit());
        }
    }

    @Test
    void aHeaderThatIsNotAContainerOrIsCutShortIsRefused() {
        assertThat(ArtifactHeader.isContainer(null)).isFalse();
        assertThat(ArtifactHeader.isContainer("{}".getBytes(StandardCharsets.UTF_8))).isFalse();
        byte[] vk = Vectors.bytes(Vectors.gnark("groth16-mul-1").resolve("vk.zkinfer"));
        byte[] cut = java.util.Arrays.copyOf(vk, 40);
        assertThatThrownBy(() -> ArtifactHeader.peek(cut)).isInstanceOf(MalformedInputException.class)
                .hasMessageContaining("header length");
    }
}
