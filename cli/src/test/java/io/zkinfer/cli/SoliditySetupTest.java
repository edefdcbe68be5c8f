package io.zkinfer.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkinfer.verifier.ProofSystem;
import io.zkinfer.verifier.SetupProvenance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The setup provenance written into gnark's Solidity verifiers (both templates, from the contracts module's gnark
 * fixtures): the text, and that the annotated contract still compiles (solc 0.8.37) and accepts its proof in the EVM.
 */
class SoliditySetupTest {
    static final Path FIXTURES = Path.of("../contracts/fixtures");
    static final String H32 = "ab".repeat(32);

    static SetupProvenance record(ProofSystem backend) {
        var ptau = new SetupProvenance.Ptau("pot12_final.ptau", 12, "e0".repeat(64), "33".repeat(32));
        if (backend == ProofSystem.PLONK) {
            return new SetupProvenance(backend, SetupProvenance.Kind.SRS, H32, "cd".repeat(32), false,
                    Optional.of(ptau), Optional.empty(), Map.of());
        }
        var ceremony = new SetupProvenance.Ceremony(List.of(new SetupProvenance.Contribution(1, "01".repeat(32)),
                new SetupProvenance.Contribution(2, "02".repeat(32))), "beac", "dd".repeat(32));
        return new SetupProvenance(backend, SetupProvenance.Kind.CEREMONY, H32, "cd".repeat(32), false,
                Optional.of(ptau), Optional.of(ceremony), Map.of());
    }

    @ParameterizedTest
    @ValueSource(strings = {"groth16-commit-pub2.json", "plonk-pub1.json"})
    void annotatedVerifiersCompileAndVerifyInTheEvm(String fixture, @TempDir Path tmp) throws Exception {
        ObjectNode f = (ObjectNode) InputData.JSON.readTree(FIXTURES.resolve(fixture).toFile());
        ProofSystem backend = f.get("backend").asText().equals("plonk") ? ProofSystem.PLONK : ProofSystem.GROTH16;
        SetupProvenance r = record(backend);
        String sol = SoliditySetup.annotate(f.get("sol").asText(), r);
        assertThat(sol).contains("SETUP_KIND = \"" + r.kind().id() + "\";")
                .contains("SETUP_PTAU_BLAKE2B512 = \"" + "e0".repeat(64) + "\";")
                .contains("SETUP_VK_SHA256 = 0x" + "cd".repeat(32) + ";")
                .contains("//   setup: " + r.summary());
        if (backend == ProofSystem.GROTH16) {
            assertThat(sol).contains("SETUP_TRANSCRIPT = 0x" + "dd".repeat(32) + ";").contains("SETUP_CONTRIBUTIONS = 2;");
        } else {
            assertThat(sol).contains("SETUP_TRANSCRIPT = 0x" + "00".repeat(32) + ";").contains("SETUP_CONTRIBUTIONS = 0;");
        }
        // gnark's text is kept, only added to: its lines appear in order
        List<String> added = sol.lines().toList();
        int at = 0;
        for (String line : f.get("sol").asText().lines().toList()) {
            while (at < added.size() && !added.get(at).equals(line)) {
                at++;
            }
            assertThat(at).as("gnark's line '" + line + "' is kept in order").isLessThan(added.size());
            at++;
        }

        assumeTrue(Evm.onPath("node"), "node is not on PATH: the EVM check needs Node.js 20+");
        Path dir = Evm.ready(System.err);
        f.put("sol", sol);
        Path annotated = tmp.resolve("fixture.json");
        Files.writeString(annotated, InputData.JSON.writeValueAsString(f));
        Evm.Result res = Evm.node(dir, "evm-verify.mjs", List.of("--fixture", annotated.toString(), "--no-cache"));
        assertThat(res.exitCode()).as(res.stdout() + res.stderr()).isZero();
        assertThat(res.stdout()).contains("\"accepted\":true");
    }

    @Test
    void aTemplateWithoutTheExpectedLinesIsAnErrorNotASilentlyUnannotatedContract() {
        assertThatThrownBy(() -> SoliditySetup.annotate("contract Verifier {\n}\n", record(ProofSystem.GROTH16)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("pragma solidity");
    }
}
