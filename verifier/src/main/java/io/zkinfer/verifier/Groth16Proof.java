package io.zkinfer.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import io.zkinfer.verifier.bn254.G1Affine;
import io.zkinfer.verifier.bn254.G2Affine;
import java.util.List;
import java.util.Optional;

/**
 * A decoded Groth16 proof: gnark's {@code Ar, Bs, Krs, Commitments, CommitmentPok} (snarkjs's pi_a, pi_b, pi_c, with
 * no commitments). All points were checked at decoding (on the curve; Bs in G2's subgroup). Immutable.
 */
public final class Groth16Proof {
    final G1Affine ar;
    final G2Affine bs;
    final G1Affine krs;
    final List<G1Affine> commitments;
    final G1Affine commitmentPok;
    private final Optional<ArtifactHeader> header;

    private Groth16Proof(G1Affine ar, G2Affine bs, G1Affine krs, List<G1Affine> commitments, G1Affine pok,
            Optional<ArtifactHeader> header) {
        this.ar = ar;
        this.bs = bs;
        this.krs = krs;
        this.commitments = commitments;
        this.commitmentPok = pok;
        this.header = header;
    }

    /**
     * Reads a proof from a zkinfer artifact container (kind groth16-proof), from gnark's raw proof bytes (WriteTo or
     * WriteRawTo) or from a snarkjs proof.json (bytes starting with '{'). Commitments are always hashed with gnark's
     * Solidity hash-to-field (legacy Keccak-256): the container's proofFlags do not choose it.
     */
    public static Groth16Proof parse(byte[] bytes) throws MalformedInputException {
        return Guard.run(() -> {
            if (bytes == null) {
                throw new MalformedInputException("proof is missing");
            }
            if (ArtifactHeader.isContainer(bytes)) {
                ArtifactHeader.Container c = ArtifactHeader.read(bytes, "groth16-proof");
                Groth16Proof p = decode(c.payload(), Optional.of(c.header()));
                if (p.commitments.size() != c.header().commitments()) {
                    throw new MalformedInputException("proof header says " + c.header().commitments()
                            + " commitments, the proof has " + p.commitments.size());
                }
                return p;
            }
            if (bytes.length > 0 && bytes[0] == '{') {
                return fromSnarkjsJson(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
            }
            return decode(bytes, Optional.empty());
        });
    }

    /** Reads gnark's raw proof bytes (WriteTo or WriteRawTo), without a container. */
    public static Groth16Proof parseGnark(byte[] bytes) throws MalformedInputException {
        return Guard.run(() -> {
            if (bytes == null) {
                throw new MalformedInputException("proof is missing");
            }
            return decode(bytes, Optional.empty());
        });
    }

    /** Reads a snarkjs proof.json (protocol "groth16" and curve "bn128" or "bn254" required). */
    public static Groth16Proof fromSnarkjsJson(String json) throws MalformedInputException {
        return Guard.run(() -> {
            JsonNode n = Snarkjs.object(json, "snarkjs proof");
            Snarkjs.expectProtocolAndCurve(n, "snarkjs proof");
            G1Affine a = Snarkjs.g1(Snarkjs.field(n, "pi_a", "snarkjs proof"), "pi_a");
            G2Affine b = Snarkjs.g2(Snarkjs.field(n, "pi_b", "snarkjs proof"), "pi_b");
            G1Affine c = Snarkjs.g1(Snarkjs.field(n, "pi_c", "snarkjs proof"), "pi_c");
            return new Groth16Proof(a, b, c, List.of(), G1Affine.INFINITY, Optional.empty());
        });
    }

    private static Groth16Proof decode(byte[] bytes, Optional<ArtifactHeader> header)
            throws MalformedInputException {
        ByteReader r = new ByteReader(bytes, 0, "Groth16 proof");
        G1Affine ar = r.g1("Ar");
        G2Affine bs = r.g2("Bs");
        G1Affine krs = r.g1("Krs");
        G1Affine[] cms = r.g1Slice("Commitments", Limits.MAX_COMMITMENTS);
        G1Affine pok = r.g1("CommitmentPok");
        r.end();
        return new Groth16Proof(ar, bs, krs, List.of(cms), pok, header);
    }

    /** The container header, when the proof came in one. */
    public Optional<ArtifactHeader> header() {
        return header;
    }

    public int commitmentCount() {
        return commitments.size();
    }
}
