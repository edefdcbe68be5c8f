package io.zkinfer.prover;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Constraint systems, keys and proofs survive a round trip through files; Solidity export. */
class ArtifactFilesTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Backend.class)
    void everyArtifactRoundTripsThroughFiles(Backend b) {
        var inst = TestCircuits.nonlinear(true);
        Path csFile = dir.resolve("circuit.cs");
        Path pkFile = dir.resolve("keys/proving.key");   // folders are created
        Path vkFile = dir.resolve("keys/verifying.key");
        Path proofFile = dir.resolve("proof.bin");
        CircuitStats stats;
        try (CompiledCircuit cc = ZkProver.compile(inst.ir(), b, CompileOptions.defaults());
             KeyPair keys = cc.setup(SetupOptions.development())) {
            stats = cc.stats();
            cc.writeTo(csFile);
            keys.provingKey().writeTo(pkFile);
            keys.verifyingKey().writeTo(vkFile);
            cc.proveGnarkWitness(keys.provingKey(), inst.witness(), ProofTarget.NATIVE).writeTo(proofFile);
        }
        assertThat(noTemporaryFilesLeft()).isTrue();

        try (CompiledCircuit cc = CompiledCircuit.read(csFile);
             ProvingKey pk = ProvingKey.read(pkFile);
             VerifyingKey vk = VerifyingKey.read(vkFile)) {
            assertThat(cc.stats()).isEqualTo(stats);
            assertThat(cc.circuitHash()).isEqualTo(inst.circuit().hash());
            assertThat(pk.circuitHash()).isEqualTo(cc.circuitHash());
            assertThat(vk.circuitHash()).isEqualTo(cc.circuitHash());
            assertThat(pk.backend()).isEqualTo(b);
            assertThat(vk.backend()).isEqualTo(b);

            Proof fromFile = Proof.read(proofFile, inst.publicValues());
            assertThat(vk.verify(fromFile, inst.publicValues())).isTrue();

            long t0 = System.nanoTime();
            Proof fresh = cc.proveGnarkWitness(pk, inst.witness(), ProofTarget.NATIVE);
            long callNanos = System.nanoTime() - t0;
            assertThat(vk.verify(fresh, inst.publicValues())).isTrue();
            assertThat(Proof.fromBytes(fresh.toBytes(), fresh.publicInputs())).isEqualTo(fresh);
            // gnark's own prove time comes with a fresh proof (inside the call's time), not with one read back
            assertThat(fresh.gnarkProveTime()).hasValueSatisfying(
                    d -> assertThat(d.toNanos()).isPositive().isLessThanOrEqualTo(callNanos));
            assertThat(fromFile.gnarkProveTime()).isEmpty();

            try (VerifyingKey vk2 = VerifyingKey.fromBytes(vk.toBytes())) {
                assertThat(vk2.verify(fresh, inst.publicValues())).isTrue();
                assertThat(vk2.toBytes()).isEqualTo(vk.toBytes());
            }

            // the key read through its recorded hash (no point checks) is the same key and proves
            String sha = ProvingKey.sha256Of(pkFile);
            try (ProvingKey bound = ProvingKey.readBound(pkFile, sha)) {
                assertThat(bound.circuitHash()).isEqualTo(pk.circuitHash());
                assertThat(vk.verify(cc.proveGnarkWitness(bound, inst.witness(), ProofTarget.NATIVE),
                        inst.publicValues())).isTrue();
            }
            // any other file under that hash is refused before it is decoded (here: another valid key)
            try (KeyPair other = cc.setup(SetupOptions.development())) {
                Path otherFile = dir.resolve("keys/other.key");
                other.provingKey().writeTo(otherFile);
                assertThatThrownBy(() -> ProvingKey.readBound(otherFile, sha))
                        .isInstanceOf(ArtifactMismatchException.class).hasMessageContaining(sha);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void readingTheWrongKindIsMismatch() {
        var inst = TestCircuits.tiny();
        Path csFile = dir.resolve("circuit.cs");
        try (CompiledCircuit cc = ZkProver.compile(inst.ir(), Backend.GROTH16, CompileOptions.defaults())) {
            cc.writeTo(csFile);
        }
        assertThatThrownBy(() -> VerifyingKey.read(csFile)).isInstanceOf(ArtifactMismatchException.class);
        assertThatThrownBy(() -> Proof.read(csFile, inst.publicValues())).isInstanceOf(ArtifactMismatchException.class);
        assertThatThrownBy(() -> Proof.read(dir.resolve("nope"), inst.publicValues()))
                .isInstanceOf(ArtifactIoException.class).hasMessageContaining("nope");
    }

    @Test
    void failedWriteLeavesNothingBehind() throws IOException {
        var inst = TestCircuits.tiny();
        Path target = dir.resolve("occupied");
        Files.createDirectories(target);
        Files.writeString(target.resolve("child"), "x"); // a non-empty folder cannot be replaced by the move
        try (CompiledCircuit cc = ZkProver.compile(inst.ir(), Backend.GROTH16, CompileOptions.defaults())) {
            assertThatThrownBy(() -> cc.writeTo(target)).isInstanceOf(ArtifactIoException.class)
                    .hasMessageContaining("occupied");
        }
        assertThat(noTemporaryFilesLeft()).isTrue();
        assertThat(target.resolve("child")).exists();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void solidityExport(Backend b) {
        var inst = TestCircuits.nonlinear(true);
        try (CompiledCircuit cc = ZkProver.compile(inst.ir(), b, CompileOptions.defaults());
             KeyPair keys = cc.setup(SetupOptions.development())) {
            String sol = keys.verifyingKey().exportSolidity();
            assertThat(sol).contains("pragma solidity").contains("contract");
            assertThat(sol).containsAnyOf("verifyProof", "Verify");
            Proof proof = cc.proveGnarkWitness(keys.provingKey(), inst.witness(), ProofTarget.SOLIDITY);
            byte[] calldata = proof.solidityCalldata();
            assertThat(calldata.length).isGreaterThanOrEqualTo(b == Backend.GROTH16 ? 256 : 768);
        }
    }

    private boolean noTemporaryFilesLeft() {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.noneMatch(p -> p.getFileName().toString().endsWith(".tmp"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
