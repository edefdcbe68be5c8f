package io.zkinfer.prover;

import com.fasterxml.jackson.databind.JsonNode;
import io.zkinfer.circuits.ir.Witness;
import io.zkinfer.prover.internal.AtomicFiles;
import io.zkinfer.prover.internal.Json;
import io.zkinfer.prover.internal.NativeApi;
import io.zkinfer.prover.internal.NativeHandle;
import io.zkinfer.prover.internal.PublicWitness;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A circuit compiled by gnark for one backend (an R1CS for Groth16, a sparse constraint system for PLONK). Lives in Go
 * memory; close it when done. Immutable on the Go side: any number of threads may prove with it at once, and closing
 * it while a proof is running releases it after that proof.
 */
public final class CompiledCircuit implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CompiledCircuit.class);

    private final NativeHandle handle;
    private final Backend backend;
    private final String circuitHash;
    private final CircuitStats stats;

    CompiledCircuit(long h) {
        this.handle = new NativeHandle(this, h, "compiled circuit");
        try {
            JsonNode n = Json.parse(NativeApi.csInfo(h), "constraint system info");
            String what = "constraint system info";
            this.backend = Backend.fromId(Json.text(n, "backend", what));
            this.circuitHash = Json.text(n, "circuit", what);
            this.stats = new CircuitStats(Json.number(n, "constraints", what), Json.number(n, "publicWires", what),
                    Json.number(n, "privateWires", what), Json.number(n, "internalWires", what),
                    Json.number(n, "commitments", what), Json.number(n, "publicInputs", what),
                    Json.number(n, "outputs", what), Json.number(n, "privateInputs", what));
        } catch (RuntimeException e) {
            handle.close();
            throw e;
        }
    }

    /** Reads a constraint system written by {@link #writeTo(Path)} (faster than compiling large circuits again). */
    public static CompiledCircuit read(Path file) {
        Objects.requireNonNull(file, "file");
        return new CompiledCircuit(NativeApi.readFile(NativeApi.KIND_CONSTRAINT_SYSTEM, file));
    }

    public Backend backend() {
        return backend;
    }

    /** SHA-256 (hex) of the circuit's IR encoding: every key and proof made from this circuit records it. */
    public String circuitHash() {
        return circuitHash;
    }

    public CircuitStats stats() {
        return stats;
    }

    /** Writes the constraint system atomically (a temporary file in the same folder, then a move). */
    public void writeTo(Path file) {
        Objects.requireNonNull(file, "file");
        try (var l = handle.lease()) {
            AtomicFiles.write(file, tmp -> NativeApi.writeFile(l.id(), tmp));
        }
    }

    /**
     * Makes a proving and a verifying key.
     *
     * @throws InvalidInputException if an SRS is given for Groth16 (Groth16 keys are circuit-specific)
     */
    public KeyPair setup(SetupOptions options) {
        Objects.requireNonNull(options, "options");
        long[] keys;
        try (var c = handle.lease()) {
            keys = switch (options) {
                case SetupOptions.Development d -> {
                    LOG.warn("""
                            !!! DEVELOPMENT SETUP for {} circuit {}: the secret randomness {} was generated in this \
                            process. Anyone who saw it can forge proofs. Never use these keys in production: use a \
                            multi-party ceremony (Groth16) or a public powers-of-tau SRS (PLONK, SetupOptions.withSrs).""",
                            backend.id(), circuitHash, backend == Backend.GROTH16 ? "(toxic waste)" : "(the SRS tau)");
                    yield backend == Backend.GROTH16 ? NativeApi.setupGroth16(c.id()) : NativeApi.setupPlonk(c.id(), 0);
                }
                case SetupOptions.FromSrs s -> {
                    if (backend != Backend.PLONK) {
                        throw new InvalidInputException("setup: an SRS only applies to PLONK; Groth16 keys need a "
                                + "circuit-specific setup (SetupOptions.development() or a multi-party ceremony)");
                    }
                    try (var srs = s.srs().lease()) {
                        yield NativeApi.setupPlonk(c.id(), srs.id());
                    }
                }
            };
        }
        ProvingKey pk;
        try {
            pk = new ProvingKey(keys[0]);
        } catch (RuntimeException e) {
            NativeApi.release(keys[1]);
            throw e;
        }
        try {
            return new KeyPair(pk, new VerifyingKey(keys[1]));
        } catch (RuntimeException e) {
            pk.close();
            throw e;
        }
    }

    /**
     * Proves that {@code witness} satisfies this circuit. The proof carries the witness's public values (public inputs,
     * then outputs).
     *
     * @param witness from {@link io.zkinfer.circuits.ir.CircuitEvaluator} for the same circuit
     * @param target  kept for compatibility: both values give the same proof, verifiable natively, by the Java
     *                verifier and by the exported Solidity contract ({@link ProofTarget})
     * @throws UnsatisfiedWitnessException if the witness does not satisfy the circuit
     * @throws ArtifactMismatchException   if the witness or the key belongs to another circuit
     */
    public Proof prove(ProvingKey provingKey, Witness witness, ProofTarget target) {
        Objects.requireNonNull(witness, "witness");
        String witnessCircuit = witness.circuit().hash();
        if (!witnessCircuit.equals(circuitHash)) {
            throw new ArtifactMismatchException("prove: the witness is for circuit " + witnessCircuit
                    + " but this is circuit " + circuitHash);
        }
        return proveGnarkWitness(provingKey, witness.toGnarkBinary(), target);
    }

    /**
     * Proves with a witness in gnark's binary layout ({@code [u32 nbPublic | u32 nbSecret | u32 n | n × 32 bytes]},
     * public inputs ‖ outputs ‖ private inputs). Prefer the overload taking the circuits module's witness.
     *
     * @throws UnsatisfiedWitnessException if the witness does not satisfy the circuit
     * @throws ArtifactMismatchException   if the key belongs to another circuit or backend
     * @throws InvalidInputException       if the witness is malformed or has the wrong length
     */
    public Proof proveGnarkWitness(ProvingKey provingKey, byte[] witness, ProofTarget target) {
        Objects.requireNonNull(provingKey, "provingKey");
        Objects.requireNonNull(witness, "witness");
        Objects.requireNonNull(target, "target");
        if (provingKey.backend() != backend || !provingKey.circuitHash().equals(circuitHash)) {
            throw new ArtifactMismatchException("prove: the proving key is for " + provingKey.backend().id()
                    + " circuit " + provingKey.circuitHash() + " but this is " + backend.id() + " circuit "
                    + circuitHash + "; use the key made by this circuit's setup");
        }
        List<BigInteger> publicValues = PublicWitness.decodePublic(witness);
        long proof;
        try (var c = handle.lease(); var k = provingKey.lease()) {
            proof = NativeApi.prove(c.id(), k.id(), witness, target.nativeFlags());
        }
        try {
            long gnarkNanos = Json.parse(NativeApi.objectInfo(proof), "proof info").path("proveNanos").asLong(0);
            return Proof.fromNative(NativeApi.serialize(proof), publicValues,
                    gnarkNanos > 0 ? Duration.ofNanos(gnarkNanos) : null); // absent: not measured
        } finally {
            NativeApi.release(proof);
        }
    }

    NativeHandle.Lease lease() {
        return handle.lease();
    }

    public boolean isClosed() {
        return handle.isClosed();
    }

    @Override
    public void close() {
        handle.close();
    }

    @Override
    public String toString() {
        return backend.id() + " circuit " + circuitHash + " (" + stats.constraints() + " constraints)";
    }
}
