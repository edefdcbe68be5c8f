package io.zkinfer.prover;

import com.fasterxml.jackson.databind.JsonNode;
import io.zkinfer.circuits.ir.Circuit;
import io.zkinfer.prover.internal.Json;
import io.zkinfer.prover.internal.NativeApi;

import java.util.Objects;

/**
 * Entry point of the prover: compiles circuits with gnark (through the native library, loaded on first use).
 *
 * <pre>{@code
 * Witness witness = CircuitEvaluator.evaluate(circuit, inputs);
 * try (CompiledCircuit cc = ZkProver.compile(circuit, Backend.GROTH16, CompileOptions.defaults());
 *      KeyPair keys = cc.setup(SetupOptions.development())) {
 *     Proof proof = cc.prove(keys.provingKey(), witness, ProofTarget.NATIVE);
 *     boolean ok = keys.verifyingKey().verify(proof, witness.publicValues());
 * }
 * }</pre>
 */
public final class ZkProver {

    private ZkProver() {
    }

    /** Compiles a circuit built with {@link io.zkinfer.circuits.ir.CircuitBuilder} (or imported from a model). */
    public static CompiledCircuit compile(Circuit circuit, Backend backend, CompileOptions options) {
        Objects.requireNonNull(circuit, "circuit");
        return compile(circuit.encode(), backend, options);
    }

    /**
     * Compiles an encoded IR v1 circuit (docs/ir.md).
     *
     * @throws InvalidInputException if the bytes are not a valid circuit (the message gives the byte offset)
     */
    public static CompiledCircuit compile(byte[] ir, Backend backend, CompileOptions options) {
        Objects.requireNonNull(ir, "ir");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(options, "options");
        return new CompiledCircuit(NativeApi.compile(ir, backend.nativeCode(), options.nativeFlags()));
    }

    /** The versions of the loaded native library. */
    public static NativeInfo nativeInfo() {
        JsonNode n = Json.parse(NativeApi.info(), "zk_info");
        return new NativeInfo(Json.text(n, "zkinfer", "zk_info"), Json.text(n, "gnark", "zk_info"),
                Json.text(n, "go", "zk_info"), Json.text(n, "curve", "zk_info"));
    }
}
