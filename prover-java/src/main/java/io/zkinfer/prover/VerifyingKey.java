package io.zkinfer.prover;

import io.zkinfer.prover.internal.AtomicFiles;
import io.zkinfer.prover.internal.Json;
import io.zkinfer.prover.internal.NativeApi;
import io.zkinfer.prover.internal.NativeHandle;
import io.zkinfer.prover.internal.PublicWitness;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A verifying key, checked by gnark's native verifier. (The pure-Java verifier library reads the same files.)
 * Immutable on the Go side: any number of threads may verify with it at once.
 */
public final class VerifyingKey implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(VerifyingKey.class);

    private final NativeHandle handle;
    private final Backend backend;
    private final String circuitHash;

    VerifyingKey(long h) {
        this.handle = new NativeHandle(this, h, "verifying key");
        try {
            // the native object's own description (no container bytes: those are parsed by the verifier's
            // ArtifactHeader only)
            var info = Json.parse(NativeApi.objectInfo(h), "verifying key info");
            this.backend = Backend.fromId(Json.text(info, "backend", "verifying key info"));
            this.circuitHash = info.path("circuit").asText("");
        } catch (RuntimeException e) {
            handle.close();
            throw e;
        }
    }

    public static VerifyingKey read(Path file) {
        Objects.requireNonNull(file, "file");
        return new VerifyingKey(NativeApi.readFile(NativeApi.KIND_VERIFYING_KEY, file));
    }

    /** Decodes the bytes of {@link #toBytes()}. */
    public static VerifyingKey fromBytes(byte[] artifact) {
        Objects.requireNonNull(artifact, "artifact");
        return new VerifyingKey(NativeApi.deserialize(NativeApi.KIND_VERIFYING_KEY, artifact, "a verifying key"));
    }

    /** The key in zkinfer's artifact container (header + gnark's raw encoding). */
    public byte[] toBytes() {
        try (var l = handle.lease()) {
            return NativeApi.serialize(l.id());
        }
    }

    public void writeTo(Path file) {
        Objects.requireNonNull(file, "file");
        try (var l = handle.lease()) {
            AtomicFiles.write(file, tmp -> NativeApi.writeFile(l.id(), tmp));
        }
    }

    public Backend backend() {
        return backend;
    }

    public String circuitHash() {
        return circuitHash;
    }

    /**
     * Checks {@code proof} against the public values the verifier expects (public inputs then outputs, in the circuit's
     * order, as canonical field elements). Take them from your own data, not from the proof: a proof only says
     * something about the values it is checked against.
     *
     * @return true if the proof is valid for these values; false if it is not, including a proof whose bytes do not
     *         decode
     * @throws ArtifactMismatchException if the proof was made for another circuit or backend
     * @throws InvalidInputException     if the public values have the wrong count or are not canonical
     */
    public boolean verify(Proof proof, List<BigInteger> publicInputs) {
        Objects.requireNonNull(proof, "proof");
        Objects.requireNonNull(publicInputs, "publicInputs");
        if (proof.backend() != backend) {
            throw new ArtifactMismatchException("verify: a " + proof.backend().id() + " proof cannot be checked with a "
                    + backend.id() + " verifying key");
        }
        if (!proof.circuitHash().equals(circuitHash)) {
            throw new ArtifactMismatchException("verify: the proof is for circuit " + proof.circuitHash()
                    + " but the verifying key is for circuit " + circuitHash);
        }
        byte[] pub = PublicWitness.encode(publicInputs);
        try (var l = handle.lease()) {
            long p;
            try {
                p = NativeApi.deserialize(NativeApi.KIND_PROOF, proof.toBytes(), "the proof");
            } catch (ArtifactIoException | InvalidInputException e) {
                LOG.debug("proof does not decode, so it does not verify: {}", e.getMessage());
                return false;
            }
            try {
                return NativeApi.verify(l.id(), p, pub, proof.target().nativeFlags());
            } finally {
                NativeApi.release(p);
            }
        }
    }

    /** A Solidity contract (gnark's exporter) with {@code verifyProof}, for the EVM. */
    public String exportSolidity() {
        try (var l = handle.lease()) {
            return NativeApi.exportSolidity(l.id());
        }
    }

    @Override
    public void close() {
        handle.close();
    }
}
