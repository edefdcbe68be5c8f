package io.zkinfer.verifier;

import io.zkinfer.verifier.bn254.G1Affine;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * A decoded gnark KZG PLONK proof (bn254): commitments LRO, Z, H, BSB22 commitments, and the two KZG openings. Points
 * are on the curve and scalars canonical (checked at decoding). Immutable.
 */
public final class PlonkProof {
    final G1Affine[] lro;
    final G1Affine z;
    final G1Affine[] h;
    final G1Affine batchedH;
    final BigInteger[] claimedValues;
    final G1Affine zShiftedH;
    final BigInteger zShiftedValue;
    final G1Affine[] bsb22;
    private final Optional<ArtifactHeader> header;

    private PlonkProof(G1Affine[] lro, G1Affine z, G1Affine[] h, G1Affine batchedH, BigInteger[] claimedValues,
            G1Affine zShiftedH, BigInteger zShiftedValue, G1Affine[] bsb22, Optional<ArtifactHeader> header) {
        this.lro = lro;
        this.z = z;
        this.h = h;
        this.batchedH = batchedH;
        this.claimedValues = claimedValues;
        this.zShiftedH = zShiftedH;
        this.zShiftedValue = zShiftedValue;
        this.bsb22 = bsb22;
        this.header = header;
    }

    /** Reads a zkinfer artifact container (kind plonk-proof) or gnark's raw proof bytes (WriteTo or WriteRawTo). */
    public static PlonkProof parse(byte[] bytes) throws MalformedInputException {
        return Guard.run(() -> {
            if (bytes == null) {
                throw new MalformedInputException("proof is missing");
            }
            if (ArtifactHeader.isContainer(bytes)) {
                ArtifactHeader.Container c = ArtifactHeader.read(bytes, "plonk-proof");
                PlonkProof p = decode(c.payload(), Optional.of(c.header()));
                if (p.bsb22.length != c.header().commitments()) {
                    throw new MalformedInputException("proof header says " + c.header().commitments()
                            + " commitments, the proof has " + p.bsb22.length);
                }
                return p;
            }
            return decode(bytes, Optional.empty());
        });
    }

    private static PlonkProof decode(byte[] bytes, Optional<ArtifactHeader> header) throws MalformedInputException {
        ByteReader r = new ByteReader(bytes, 0, "PLONK proof");
        G1Affine[] lro = {r.g1("LRO[0]"), r.g1("LRO[1]"), r.g1("LRO[2]")};
        G1Affine z = r.g1("Z");
        G1Affine[] h = {r.g1("H[0]"), r.g1("H[1]"), r.g1("H[2]")};
        G1Affine batchedH = r.g1("BatchedProof.H");
        BigInteger[] claimed = r.frSlice("BatchedProof.ClaimedValues", 6 + Limits.MAX_COMMITMENTS);
        G1Affine zsH = r.g1("ZShiftedOpening.H");
        BigInteger zsV = r.fr("ZShiftedOpening.ClaimedValue");
        G1Affine[] bsb22 = r.g1Slice("Bsb22Commitments", Limits.MAX_COMMITMENTS);
        r.end();
        return new PlonkProof(lro, z, h, batchedH, claimed, zsH, zsV, bsb22, header);
    }

    public Optional<ArtifactHeader> header() {
        return header;
    }

    public int commitmentCount() {
        return bsb22.length;
    }

    List<G1Affine> bsb22() {
        return List.of(bsb22);
    }
}
