package io.zkinfer.prover;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import io.zkinfer.circuits.ir.CircuitEvaluator;
import io.zkinfer.circuits.ir.Witness;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every IR op, proved and verified on both backends (ops grouped into a few circuits to save time). */
class OpsProofTest {

    static Stream<Arguments> cases() {
        return Stream.of(Backend.values()).flatMap(backend -> Stream.of(
                Arguments.of(backend, "arithmetic", TestCircuits.arithmetic(), CompileOptions.defaults()),
                Arguments.of(backend, "arithmetic, commitment-free", TestCircuits.arithmetic(),
                        CompileOptions.withoutCommitment()),
                Arguments.of(backend, "nonlinear with lookup", TestCircuits.nonlinear(true), CompileOptions.defaults()),
                Arguments.of(backend, "nonlinear, commitment-free", TestCircuits.nonlinear(false),
                        CompileOptions.withoutCommitment()),
                // the lookup by one-hot selection (prover-native lookup_nocommit.go): no commitment either
                Arguments.of(backend, "nonlinear with lookup, commitment-free", TestCircuits.nonlinear(true),
                        CompileOptions.withoutCommitment())));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void provesAndVerifiesSatisfiedInstance(Backend backend, String name, TestCircuits.Instance inst,
                                            CompileOptions options) {
        try (CompiledCircuit cc = ZkProver.compile(inst.ir(), backend, options);
             KeyPair keys = cc.setup(SetupOptions.development())) {
            assertThat(cc.circuitHash()).isEqualTo(inst.circuit().hash());
            assertThat(cc.backend()).isEqualTo(backend);
            CircuitStats stats = cc.stats();
            assertThat(stats.constraints()).isPositive();
            assertThat(stats.publicInputs()).isEqualTo(inst.publicInputs().size());
            assertThat(stats.outputs()).isEqualTo(inst.outputs().size());
            assertThat(stats.privateInputs()).isEqualTo(inst.privateInputs().size());
            if (options.commitmentFree()) {
                assertThat(stats.commitments()).isZero();
            }

            Proof proof = cc.proveGnarkWitness(keys.provingKey(), inst.witness(), ProofTarget.NATIVE);

            assertThat(proof.backend()).isEqualTo(backend);
            assertThat(proof.circuitHash()).isEqualTo(inst.circuit().hash());
            assertThat(proof.publicInputs()).isEqualTo(inst.publicValues());
            assertThat(keys.verifyingKey().verify(proof, inst.publicValues())).isTrue();
        }
    }

    /**
     * RULES item 7: whatever target is asked for, the proof uses the Solidity commitment hash (the header says
     * TARGET_SOLIDITY), verifies natively and with the pure-Java verifier, and has its Solidity calldata.
     */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void everyTargetGivesTheOneSolidityCompatibleProof(Backend backend) {
        var inst = TestCircuits.nonlinear(true); // range checks and a lookup: a commitment, so the hash matters
        try (CompiledCircuit cc = ZkProver.compile(inst.ir(), backend, CompileOptions.defaults());
             KeyPair keys = cc.setup(SetupOptions.development())) {
            assertThat(cc.stats().commitments()).isPositive();
            byte[] vk = keys.verifyingKey().toBytes();
            for (ProofTarget target : ProofTarget.values()) {
                Proof proof = cc.proveGnarkWitness(keys.provingKey(), inst.witness(), target);
                assertThat(proof.target()).as(target.name()).isEqualTo(ProofTarget.SOLIDITY);
                assertThat(keys.verifyingKey().verify(proof, inst.publicValues())).as(target.name()).isTrue();
                assertThat(io.zkinfer.verifier.Verifier.verify(vk, proof.toBytes(), inst.publicValues()).isValid())
                        .as(target.name() + ", Java verifier").isTrue();
                assertThat(proof.solidityCalldata()).isNotEmpty();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void provesTheEvaluatorsWitness(Backend backend) {
        var inst = TestCircuits.nonlinear(true);
        Witness witness = CircuitEvaluator.evaluate(inst.circuit(), inst.publicInputs(), inst.privateInputs());
        // the evaluator and the hand-computed values agree, byte for byte
        assertThat(witness.toGnarkBinary()).isEqualTo(inst.witness());
        try (CompiledCircuit cc = ZkProver.compile(inst.circuit(), backend, CompileOptions.defaults());
             KeyPair keys = cc.setup(SetupOptions.development())) {
            Proof proof = cc.prove(keys.provingKey(), witness, ProofTarget.NATIVE);
            assertThat(proof.publicInputs()).isEqualTo(witness.publicValues());
            assertThat(keys.verifyingKey().verify(proof, witness.publicValues())).isTrue();

            Witness other = CircuitEvaluator.evaluate(TestCircuits.tiny().circuit(), List.of(TestCircuits.f(6)),
                    List.of(TestCircuits.f(7)));
            assertThatThrownBy(() -> cc.prove(keys.provingKey(), other, ProofTarget.NATIVE))
                    .isInstanceOf(ArtifactMismatchException.class).hasMessageContaining("witness is for circuit");
        }
    }
}
