package io.zkinfer.prover;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Bad inputs give the typed exception with a message a user can act on, and the JVM keeps running: every test goes on
 * to prove successfully afterwards.
 */
class ErrorHandlingTest {

    @TempDir
    Path dir;

    private final TestCircuits.Instance tiny = TestCircuits.tiny();

    @ParameterizedTest
    @EnumSource(Backend.class)
    void malformedIrIsInvalidInput(Backend b) {
        byte[] ir = tiny.ir();
        assertThatThrownBy(() -> ZkProver.compile(new byte[] {1, 2, 3}, b, CompileOptions.defaults()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("compile");
        assertThatThrownBy(() -> ZkProver.compile(Arrays.copyOf(ir, ir.length - 1), b, CompileOptions.defaults()))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> ZkProver.compile(Arrays.copyOf(ir, ir.length + 1), b, CompileOptions.defaults()))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> ZkProver.compile(new byte[0], b, CompileOptions.defaults()))
                .isInstanceOf(InvalidInputException.class);
        proveTinySucceeds(b);
    }

    /**
     * A public input that no constraint uses would verify with any value. CircuitBuilder refuses it; IR made without
     * the builder (here the Circuit record directly) is refused by the native compiler, naming the input.
     */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void unboundPublicInputIsInvalidInput(Backend b) {
        io.zkinfer.circuits.ir.Circuit c = new io.zkinfer.circuits.ir.Circuit("unbound", java.util.List.of("x", "y"),
                java.util.List.of("p"), java.util.List.of(), java.util.List.of(),
                java.util.List.of(new io.zkinfer.circuits.ir.Op.Mul(new io.zkinfer.circuits.ir.Wire(0),
                        new io.zkinfer.circuits.ir.Wire(2))),
                java.util.List.of(new io.zkinfer.circuits.ir.Output("xp", new io.zkinfer.circuits.ir.Wire(3))));
        assertThatThrownBy(() -> ZkProver.compile(c, b, CompileOptions.defaults()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("public input 1 (\"y\") is used by no constraint");
        proveTinySucceeds(b);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void witnessOfWrongLengthIsInvalidInput(Backend b) {
        try (CompiledCircuit cc = ZkProver.compile(tiny.ir(), b, CompileOptions.defaults());
             KeyPair keys = cc.setup(SetupOptions.development())) {
            byte[] w = tiny.witness();
            assertThatThrownBy(() -> cc.proveGnarkWitness(keys.provingKey(), Arrays.copyOf(w, w.length - 32),
                    ProofTarget.NATIVE)).isInstanceOf(InvalidInputException.class);
            byte[] extra = TestCircuits.witness(tiny.publicInputs(), tiny.outputs(),
                    java.util.List.of(TestCircuits.f(7), TestCircuits.f(1)));
            assertThatThrownBy(() -> cc.proveGnarkWitness(keys.provingKey(), extra, ProofTarget.NATIVE))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("private input");
            byte[] nonCanonical = w.clone();
            Arrays.fill(nonCanonical, 12, 44, (byte) 0xff);
            assertThatThrownBy(() -> cc.proveGnarkWitness(keys.provingKey(), nonCanonical, ProofTarget.NATIVE))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("canonical");
            Proof ok = cc.proveGnarkWitness(keys.provingKey(), w, ProofTarget.NATIVE);
            assertThat(keys.verifyingKey().verify(ok, tiny.publicValues())).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void provingKeyOfAnotherCircuitIsMismatch(Backend b) {
        var other = TestCircuits.tinyOther();
        try (CompiledCircuit cc = ZkProver.compile(tiny.ir(), b, CompileOptions.defaults());
             CompiledCircuit occ = ZkProver.compile(other.ir(), b, CompileOptions.defaults());
             KeyPair keys = cc.setup(SetupOptions.development());
             KeyPair otherKeys = occ.setup(SetupOptions.development())) {
            assertThatThrownBy(() -> cc.proveGnarkWitness(otherKeys.provingKey(), tiny.witness(), ProofTarget.NATIVE))
                    .isInstanceOf(ArtifactMismatchException.class)
                    .hasMessageContaining(cc.circuitHash()).hasMessageContaining(occ.circuitHash());
            Proof proof = cc.proveGnarkWitness(keys.provingKey(), tiny.witness(), ProofTarget.NATIVE);
            assertThatThrownBy(() -> otherKeys.verifyingKey().verify(proof, tiny.publicValues()))
                    .isInstanceOf(ArtifactMismatchException.class);
            assertThat(keys.verifyingKey().verify(proof, tiny.publicValues())).isTrue();
        }
    }

    @Test
    void keyOfAnotherBackendIsMismatch() {
        try (CompiledCircuit g = ZkProver.compile(tiny.ir(), Backend.GROTH16, CompileOptions.defaults());
             CompiledCircuit p = ZkProver.compile(tiny.ir(), Backend.PLONK, CompileOptions.defaults());
             KeyPair plonkKeys = p.setup(SetupOptions.development())) {
            assertThatThrownBy(() -> g.proveGnarkWitness(plonkKeys.provingKey(), tiny.witness(), ProofTarget.NATIVE))
                    .isInstanceOf(ArtifactMismatchException.class).hasMessageContaining("plonk");
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void truncatedOrCorruptKeyFileIsArtifactIo(Backend b) throws IOException {
        try (CompiledCircuit cc = ZkProver.compile(tiny.ir(), b, CompileOptions.defaults());
             KeyPair keys = cc.setup(SetupOptions.development())) {
            Path pk = dir.resolve("pk.bin");
            keys.provingKey().writeTo(pk);
            byte[] bytes = Files.readAllBytes(pk);
            Path truncated = dir.resolve("truncated.bin");
            Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));
            assertThatThrownBy(() -> ProvingKey.read(truncated))
                    .isInstanceOf(ArtifactIoException.class).hasMessageContaining("truncated.bin");
            Path corrupt = dir.resolve("corrupt.bin");
            byte[] c = bytes.clone();
            c[c.length - 5] ^= 0x40;
            Files.write(corrupt, c);
            assertThatThrownBy(() -> ProvingKey.read(corrupt)).isInstanceOf(ArtifactIoException.class);
            Path missing = dir.resolve("missing.bin");
            assertThatThrownBy(() -> ProvingKey.read(missing))
                    .isInstanceOf(ArtifactIoException.class).hasMessageContaining("missing.bin");
            Path vk = dir.resolve("vk.bin");
            keys.verifyingKey().writeTo(vk);
            assertThatThrownBy(() -> ProvingKey.read(vk))
                    .isInstanceOf(ArtifactMismatchException.class).hasMessageContaining("verifying-key");
            try (ProvingKey reread = ProvingKey.read(pk)) {
                Proof proof = cc.proveGnarkWitness(reread, tiny.witness(), ProofTarget.NATIVE);
                assertThat(keys.verifyingKey().verify(proof, tiny.publicValues())).isTrue();
            }
        }
    }

    @Test
    void closedHandlesThrowWithoutReachingNativeCode() {
        CompiledCircuit cc = ZkProver.compile(tiny.ir(), Backend.GROTH16, CompileOptions.defaults());
        KeyPair keys = cc.setup(SetupOptions.development());
        keys.provingKey().close();
        keys.provingKey().close(); // idempotent
        assertThatThrownBy(() -> cc.proveGnarkWitness(keys.provingKey(), tiny.witness(), ProofTarget.NATIVE))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("proving key has been closed");
        assertThatThrownBy(() -> keys.provingKey().writeTo(dir.resolve("pk"))).isInstanceOf(IllegalStateException.class);
        cc.close();
        assertThat(cc.isClosed()).isTrue();
        assertThatThrownBy(() -> cc.setup(SetupOptions.development()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("compiled circuit has been closed");
        keys.verifyingKey().close();
        assertThatThrownBy(() -> keys.verifyingKey().exportSolidity()).isInstanceOf(IllegalStateException.class);
        assertThat(dir.resolve("pk")).doesNotExist();
        proveTinySucceeds(Backend.GROTH16);
    }

    private void proveTinySucceeds(Backend b) {
        try (CompiledCircuit cc = ZkProver.compile(tiny.ir(), b, CompileOptions.defaults());
             KeyPair keys = cc.setup(SetupOptions.development())) {
            Proof proof = cc.proveGnarkWitness(keys.provingKey(), tiny.witness(), ProofTarget.NATIVE);
            assertThat(keys.verifyingKey().verify(proof, tiny.publicValues())).isTrue();
        }
    }
}
