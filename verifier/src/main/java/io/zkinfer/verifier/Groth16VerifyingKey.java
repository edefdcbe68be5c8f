package io.zkinfer.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import io.zkinfer.verifier.bn254.Fp12;
import io.zkinfer.verifier.bn254.Fr;
import io.zkinfer.verifier.bn254.G1Affine;
import io.zkinfer.verifier.bn254.G1Jac;
import io.zkinfer.verifier.bn254.G2Affine;
import io.zkinfer.verifier.bn254.G2Prepared;
import io.zkinfer.verifier.bn254.Msm;
import io.zkinfer.verifier.bn254.Pairing;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A prepared Groth16 verifying key (BN254): gnark's (with its commitment extension) or snarkjs's. Parsing checks every
 * point and precomputes e(α, β), the Miller-loop lines of −γ and −δ, and tables of the public-input bases.
 * Verification follows gnark's backend/groth16/bn254/verify.go. Immutable and thread-safe.
 */
public final class Groth16VerifyingKey implements PreparedVerifier {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final G1Affine[] k;
    private final int[][] publicAndCommitmentCommitted;
    private final G2Affine[] commitmentG;
    private final G2Affine[] commitmentGSigmaNeg;
    private final Optional<ArtifactHeader> header;

    private final Fp12 alphaBeta;
    private final G2Prepared gammaNeg;
    private final G2Prepared deltaNeg;
    private final G2Prepared[] commitmentGSigmaNegPrepared;
    private final G2Prepared commitmentGPrepared;
    private final G1Affine[][] kTables;

    private Groth16VerifyingKey(G1Affine alpha, G2Affine beta, G2Affine gamma, G2Affine delta, G1Affine[] k,
            int[][] committed, G2Affine[] cmG, G2Affine[] cmGSigmaNeg, Optional<ArtifactHeader> header)
            throws MalformedInputException {
        if (k.length < 1 + committed.length) {
            throw new MalformedInputException("Groth16 key: " + k.length + " public-input bases for "
                    + committed.length + " commitments");
        }
        if (cmG.length != committed.length) {
            throw new MalformedInputException("Groth16 key: " + cmG.length + " commitment keys, expected "
                    + committed.length);
        }
        for (int i = 1; i < cmG.length; i++) {
            if (!cmG[i].equals(cmG[0])) {
                throw new MalformedInputException("Groth16 key: commitment keys use different G2 bases");
            }
        }
        this.k = k;
        this.publicAndCommitmentCommitted = committed;
        this.commitmentG = cmG;
        this.commitmentGSigmaNeg = cmGSigmaNeg;
        this.header = header;
        // indices of committed public wires: 1 ≤ j ≤ public witness length at the time that commitment is hashed
        int available = k.length - committed.length - 1;
        for (int[] c : committed) {
            for (int j : c) {
                if (j < 1 || j > available) {
                    throw new MalformedInputException("Groth16 key: committed public wire index " + j
                            + " is out of range");
                }
            }
            available++;
        }
        this.alphaBeta = Pairing.pair(new G1Affine[] {alpha}, new G2Affine[] {beta});
        this.gammaNeg = G2Prepared.fixed(gamma.neg());
        this.deltaNeg = G2Prepared.fixed(delta.neg());
        this.commitmentGSigmaNegPrepared = new G2Prepared[cmGSigmaNeg.length];
        for (int i = 0; i < cmGSigmaNeg.length; i++) {
            commitmentGSigmaNegPrepared[i] = G2Prepared.fixed(cmGSigmaNeg[i]);
        }
        this.commitmentGPrepared = cmG.length == 0 ? null : G2Prepared.fixed(cmG[0]);
        this.kTables = Msm.g1Tables(java.util.Arrays.copyOfRange(k, 1, k.length));
    }

    /**
     * Reads a verifying key from a zkinfer artifact container (kind groth16-verifying-key) or from gnark's raw bytes
     * (WriteTo or WriteRawTo).
     */
    public static Groth16VerifyingKey parse(byte[] bytes) throws MalformedInputException {
        return Guard.run(() -> {
            if (bytes == null) {
                throw new MalformedInputException("verifying key is missing");
            }
            if (ArtifactHeader.isContainer(bytes)) {
                ArtifactHeader.Container c = ArtifactHeader.read(bytes, "groth16-verifying-key");
                Groth16VerifyingKey vk = decode(c.payload(), Optional.of(c.header()));
                if (vk.publicInputCount() != c.header().publicValues()
                        || vk.commitmentG.length != c.header().commitments()) {
                    throw new MalformedInputException("key header (" + c.header().publicValues() + " public values, "
                            + c.header().commitments() + " commitments) disagrees with the key ("
                            + vk.publicInputCount() + ", " + vk.commitmentG.length + ")");
                }
                return vk;
            }
            return decode(bytes, Optional.empty());
        });
    }

    private static Groth16VerifyingKey decode(byte[] bytes, Optional<ArtifactHeader> header)
            throws MalformedInputException {
        ByteReader r = new ByteReader(bytes, 0, "Groth16 verifying key");
        G1Affine alpha = r.g1("G1.Alpha");
        r.g1("G1.Beta");
        G2Affine beta = r.g2("G2.Beta");
        G2Affine gamma = r.g2("G2.Gamma");
        r.g1("G1.Delta");
        G2Affine delta = r.g2("G2.Delta");
        G1Affine[] k = r.g1Slice("G1.K");
        int n = r.length("PublicAndCommitmentCommitted", 4);
        int[][] committed = new int[n][];
        for (int i = 0; i < n; i++) {
            int m = r.length("PublicAndCommitmentCommitted[" + i + "]", 8);
            committed[i] = new int[m];
            for (int j = 0; j < m; j++) {
                long v = r.u64("PublicAndCommitmentCommitted[" + i + "][" + j + "]");
                committed[i][j] = v < 0 || v > Integer.MAX_VALUE ? -1 : (int) v;
            }
        }
        int nbKeys = r.length("CommitmentKeys", 128);
        G2Affine[] g = new G2Affine[nbKeys];
        G2Affine[] gSigmaNeg = new G2Affine[nbKeys];
        for (int i = 0; i < nbKeys; i++) {
            g[i] = r.g2("CommitmentKeys[" + i + "].G");
            gSigmaNeg[i] = r.g2("CommitmentKeys[" + i + "].GSigmaNeg");
        }
        r.end();
        return new Groth16VerifyingKey(alpha, beta, gamma, delta, k, committed, g, gSigmaNeg, header);
    }

    /** Reads a snarkjs verification_key.json (protocol groth16, curve bn128). */
    public static Groth16VerifyingKey fromSnarkjsJson(String json) throws MalformedInputException {
        return Guard.run(() -> {
            String what = "snarkjs verification key";
            if (json == null) {
                throw new MalformedInputException(what + " is missing");
            }
            JsonNode n = Snarkjs.object(json, what);
            Snarkjs.expectText(n, "protocol", "groth16", what);
            Snarkjs.expectText(n, "curve", "bn128", what);
            JsonNode ic = Snarkjs.field(n, "IC", what);
            if (!ic.isArray() || ic.isEmpty() || ic.size() > ByteReader.MAX_SLICE) {
                throw new MalformedInputException(what + ": IC must be a non-empty array of at most "
                        + ByteReader.MAX_SLICE + " points");
            }
            JsonNode nPublic = n.get("nPublic");
            if (nPublic != null && (!nPublic.canConvertToInt() || nPublic.asInt() != ic.size() - 1)) {
                throw new MalformedInputException(what + ": nPublic disagrees with the length of IC");
            }
            G1Affine[] k = new G1Affine[ic.size()];
            for (int i = 0; i < k.length; i++) {
                k[i] = Snarkjs.g1(ic.get(i), "IC[" + i + "]");
            }
            return new Groth16VerifyingKey(Snarkjs.g1(Snarkjs.field(n, "vk_alpha_1", what), "vk_alpha_1"),
                    Snarkjs.g2(Snarkjs.field(n, "vk_beta_2", what), "vk_beta_2"),
                    Snarkjs.g2(Snarkjs.field(n, "vk_gamma_2", what), "vk_gamma_2"),
                    Snarkjs.g2(Snarkjs.field(n, "vk_delta_2", what), "vk_delta_2"),
                    k, new int[0][], new G2Affine[0], new G2Affine[0], Optional.empty());
        });
    }

    @Override
    public ProofSystem proofSystem() {
        return ProofSystem.GROTH16;
    }

    @Override
    public int publicInputCount() {
        return k.length - publicAndCommitmentCommitted.length - 1;
    }

    public int commitmentCount() {
        return commitmentG.length;
    }

    @Override
    public Optional<String> circuitHash() {
        return header.map(ArtifactHeader::circuit).filter(c -> !c.isEmpty());
    }

    @Override
    public boolean verify(byte[] proof, List<BigInteger> publicInputs) throws MalformedInputException {
        return verify(Groth16Proof.parse(proof), publicInputs);
    }

    /** Verifies a decoded proof (gnark or snarkjs) of the statement given by the public inputs. */
    public boolean verify(Groth16Proof proof, List<BigInteger> publicInputs) throws MalformedInputException {
        return Guard.run(() -> {
            if (proof == null) {
                throw new MalformedInputException("proof is missing");
            }
            checkSameCircuit(proof.header());
            BigInteger[] pub = PublicInputs.check(publicInputs, publicInputCount());
            return check(proof, pub);
        });
    }

    private void checkSameCircuit(Optional<ArtifactHeader> proofHeader) throws MalformedInputException {
        if (proofHeader.isPresent() && header.isPresent() && !proofHeader.get().circuit().isEmpty()
                && !proofHeader.get().circuit().equals(header.get().circuit())) {
            throw new MalformedInputException("proof is for circuit " + proofHeader.get().circuit()
                    + " but the verifying key is for circuit " + header.get().circuit());
        }
        if (proofHeader.isPresent() && proofHeader.get().publicValues() != publicInputCount()) {
            throw new MalformedInputException("proof header says " + proofHeader.get().publicValues()
                    + " public values, the key has " + publicInputCount());
        }
    }

    private boolean check(Groth16Proof proof, BigInteger[] pub) throws MalformedInputException {
        int nbCommitments = publicAndCommitmentCommitted.length;
        if (proof.commitments.size() != nbCommitments) {
            throw new MalformedInputException("proof has " + proof.commitments.size() + " commitments, the key "
                    + nbCommitments);
        }
        List<BigInteger> witness = new ArrayList<>(List.of(pub));
        ByteArrayOutputStream hashes = new ByteArrayOutputStream();
        for (int i = 0; i < nbCommitments; i++) { // gnark's solveCommitmentWire
            ByteArrayOutputStream prehash = new ByteArrayOutputStream();
            prehash.writeBytes(proof.commitments.get(i).toRawBytes());
            for (int j : publicAndCommitmentCommitted[i]) {
                prehash.writeBytes(Fr.toBytes(witness.get(j - 1)));
            }
            BigInteger h = proof.commitmentHash() == CommitmentHash.KECCAK256
                    ? HashToField.keccak256(prehash.toByteArray())
                    : HashToField.rfc9380(prehash.toByteArray(), HashToField.GROTH16_COMMITMENT_DST);
            witness.add(h);
            hashes.writeBytes(Fr.toBytes(h));
        }

        // kSum = K₀ + Σ wᵢ·Kᵢ₊₁ + Σ commitments
        G1Jac kSum = Msm.g1(kTables, witness.toArray(BigInteger[]::new)).addMixed(k[0]);
        for (G1Affine c : proof.commitments) {
            kSum = kSum.addMixed(c);
        }

        List<G1Affine> g1 = new ArrayList<>(List.of(proof.krs, proof.ar, kSum.toAffine()));
        List<G2Prepared> g2 = new ArrayList<>(List.of(deltaNeg, G2Prepared.of(proof.bs), gammaNeg));
        if (nbCommitments > 0) {
            // Pedersen proof of knowledge (gnark's pedersen.BatchVerifyMultiVk): Π e(rⁱ·Cᵢ, G·σᵢ⁻¹)·e(pok, G) = 1.
            // It is folded into the main product with a random 128-bit ρ, saving a final exponentiation: a failing
            // product survives the random power with probability 2⁻¹²⁸.
            BigInteger challenge = HashToField.rfc9380(hashes.toByteArray(), HashToField.GROTH16_CHALLENGE_DST);
            BigInteger rho = new BigInteger(128, RANDOM).setBit(127);
            BigInteger ri = rho;
            for (int i = 0; i < nbCommitments; i++) {
                g1.add(proof.commitments.get(i).mul(ri));
                g2.add(commitmentGSigmaNegPrepared[i]);
                ri = ri.multiply(challenge).mod(Fr.MODULUS);
            }
            g1.add(proof.commitmentPok.mul(rho));
            g2.add(commitmentGPrepared);
        }
        Fp12 f = Pairing.finalExponentiation(
                Pairing.millerLoop(g1.toArray(G1Affine[]::new), g2.toArray(G2Prepared[]::new)));
        return f.equals(alphaBeta);
    }
}
