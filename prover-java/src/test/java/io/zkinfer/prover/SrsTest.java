package io.zkinfer.prover;

import io.zkinfer.circuits.ir.CircuitBuilder;
import io.zkinfer.circuits.ir.Wire;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** PLONK keys from a snarkjs powers-of-tau file (src/test/resources/srs/README.md) and from a saved SRS. */
class SrsTest {

    @TempDir
    Path dir;

    static Path ptau() {
        try {
            return Path.of(SrsTest.class.getResource("/srs/pot9_test.ptau").toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void plonkSetupFromPtauProvesAndVerifies() {
        var inst = TestCircuits.arithmetic(); // small enough for a power-9 SRS
        Path saved = dir.resolve("srs.bin");
        try (Srs srs = Srs.fromPtau(ptau());
             CompiledCircuit cc = ZkProver.compile(inst.ir(), Backend.PLONK, CompileOptions.defaults());
             KeyPair keys = cc.setup(SetupOptions.withSrs(srs))) {
            Proof proof = cc.proveGnarkWitness(keys.provingKey(), inst.witness(), ProofTarget.NATIVE);
            assertThat(keys.verifyingKey().verify(proof, inst.publicValues())).isTrue();
            srs.writeTo(saved);
        }
        // the same SRS read back from zkinfer's container gives keys that work too
        try (Srs srs = Srs.read(saved);
             CompiledCircuit cc = ZkProver.compile(inst.ir(), Backend.PLONK, CompileOptions.defaults());
             KeyPair keys = cc.setup(SetupOptions.withSrs(srs))) {
            Proof proof = cc.proveGnarkWitness(keys.provingKey(), inst.witness(), ProofTarget.NATIVE);
            assertThat(keys.verifyingKey().verify(proof, inst.publicValues())).isTrue();
        }
    }

    @Test
    void srsIsRefusedForGroth16() {
        var inst = TestCircuits.tiny();
        try (Srs srs = Srs.fromPtau(ptau());
             CompiledCircuit cc = ZkProver.compile(inst.ir(), Backend.GROTH16, CompileOptions.defaults())) {
            assertThatThrownBy(() -> cc.setup(SetupOptions.withSrs(srs)))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("Groth16");
        }
    }

    @Test
    void srsTooSmallForTheCircuitSaysWhichPowerIsNeeded() {
        CircuitBuilder b = new CircuitBuilder("too-big-for-pot9");
        List<Wire> xs = b.privateInputs("x", 600);
        b.output("y", b.sum(xs.stream().map(x -> b.mul(x, x)).toList()));
        try (Srs srs = Srs.fromPtau(ptau());
             CompiledCircuit cc = ZkProver.compile(b.build().encode(), Backend.PLONK, CompileOptions.defaults())) {
            assertThatThrownBy(() -> cc.setup(SetupOptions.withSrs(srs)))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("powers-of-tau file of power");
        }
    }

    @Test
    void truncatedPtauIsArtifactIo() throws IOException {
        byte[] bytes = Files.readAllBytes(ptau());
        Path truncated = dir.resolve("truncated.ptau");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 3));
        assertThatThrownBy(() -> Srs.fromPtau(truncated))
                .isInstanceOf(ArtifactIoException.class).hasMessageContaining("truncated.ptau");
    }
}
