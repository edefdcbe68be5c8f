package io.zkinfer.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import io.zkinfer.verifier.bn254.Fp;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A prepared Groth16 verifying key (BN254): gnark's (with its commitment extension) or snarkjs's. Parsing bounds every
 * count before decoding a point, checks every point, refuses degenerate keys (see {@code validate}) and precomputes e(α, β), the Miller-loop lines of −γ and −δ, and tables of the public-input bases.
 * Verification follows gnark's backend/groth16/bn254/verify.go. Immutable and thread-safe.
 */
public final class Groth16VerifyingKey implements PreparedVerifier {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final G1Affine alpha;
    private final G2Affine beta;
    private final G2Affine gamma;
    private final G2Affine delta;
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
        checkCounts(k.length, committed, cmG.length);
        validate(alpha, beta, gamma, delta, k, cmG, cmGSigmaNeg);
        this.alpha = alpha;
        this.beta = beta;
        this.gamma = gamma;
        this.delta = delta;
        this.k = k;
        this.publicAndCommitmentCommitted = committed;
        this.commitmentG = cmG;
        this.commitmentGSigmaNeg = cmGSigmaNeg;
        this.header = header;
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
     * The counts of a key, checked before any of its points is decoded: at most {@link Limits#MAX_COMMITMENTS}
     * commitments with one key each, one K point per public value, per commitment and for the constant wire, and
     * committed public-wire indexes 1 ≤ j ≤ the public witness length at the time that commitment is hashed.
     */
    private static void checkCounts(int nbK, int[][] committed, int nbCommitmentKeys) throws MalformedInputException {
        if (committed.length > Limits.MAX_COMMITMENTS) {
            throw new MalformedInputException("Groth16 key: " + committed.length + " commitments, at most "
                    + Limits.MAX_COMMITMENTS + " are supported");
        }
        if (nbCommitmentKeys != committed.length) {
            throw new MalformedInputException("Groth16 key: " + nbCommitmentKeys + " commitment keys for "
                    + committed.length + " commitments");
        }
        if (nbK < 1 + committed.length || nbK - 1 - committed.length > Limits.MAX_PUBLIC_VALUES) {
            throw new MalformedInputException("Groth16 key: " + nbK + " K (IC) points do not fit " + committed.length
                    + " commitments and at most " + Limits.MAX_PUBLIC_VALUES + " public values");
        }
        int available = nbK - committed.length - 1;
        for (int i = 0; i < committed.length; i++) {
            if (committed[i].length > available) {
                throw new MalformedInputException("Groth16 key: commitment " + i + " commits to "
                        + committed[i].length + " public wires, only " + available + " exist");
            }
            for (int j : committed[i]) {
                if (j < 1 || j > available) {
                    throw new MalformedInputException("Groth16 key: committed public wire index " + j
                            + " of commitment " + i + " is out of range 1.." + available);
                }
            }
            available++;
        }
    }

    /**
     * Refuses degenerate keys: each of them makes forging easy. A point at infinity where the equation needs a
     * generator, γ = ±δ (what an uncontributed phase 2 exports: A = α, B = β, C = ∓IC(x) then "proves" any x), two
     * K points with one abscissa (K_i = ±K_j: the same proof verifies a whole line of public inputs), a Pedersen key
     * at infinity (its proof of knowledge then holds for any commitment).
     */
    private static void validate(G1Affine alpha, G2Affine beta, G2Affine gamma, G2Affine delta, G1Affine[] k,
            G2Affine[] cmG, G2Affine[] cmGSigmaNeg) throws MalformedInputException {
        notInfinity(alpha.isInfinity(), "alpha (G1.Alpha, vk_alpha_1)");
        notInfinity(beta.isInfinity(), "beta (G2.Beta, vk_beta_2)");
        notInfinity(gamma.isInfinity(), "gamma (G2.Gamma, vk_gamma_2)");
        notInfinity(delta.isInfinity(), "delta (G2.Delta, vk_delta_2)");
        if (gamma.equals(delta)) {
            throw new MalformedInputException("Groth16 key: gamma equals delta, a degenerate setup (an unfinished "
                    + "phase 2?) for which anyone can forge a proof of any statement");
        }
        if (gamma.equals(delta.neg())) {
            throw new MalformedInputException("Groth16 key: gamma equals -delta, a degenerate setup for which anyone "
                    + "can forge a proof of any statement");
        }
        Map<Fp, Integer> abscissae = new HashMap<>();
        for (int i = 0; i < k.length; i++) {
            notInfinity(k[i].isInfinity(), "K[" + i + "] (G1.K, IC)");
            Integer j = abscissae.putIfAbsent(k[i].x(), i);
            if (j != null) {
                throw new MalformedInputException("Groth16 key: K[" + j + "] and K[" + i + "] (G1.K, IC) are "
                        + (k[i].equals(k[j]) ? "equal" : "opposite") + " points, so public values " + (j - 1)
                        + " and " + (i - 1) + " are not bound separately");
            }
        }
        for (int i = 0; i < cmG.length; i++) {
            notInfinity(cmG[i].isInfinity(), "commitment key " + i + " G");
            notInfinity(cmGSigmaNeg[i].isInfinity(), "commitment key " + i + " GSigmaNeg");
            if (!cmG[i].equals(cmG[0])) {
                throw new MalformedInputException("Groth16 key: commitment keys use different G2 bases");
            }
        }
    }

    private static void notInfinity(boolean infinity, String what) throws MalformedInputException {
        if (infinity) {
            throw new MalformedInputException("Groth16 key: " + what + " is the point at infinity");
        }
    }

    /**
     * Reads a verifying key from a zkinfer artifact container (kind groth16-verifying-key) or from gnark's raw bytes
     * (WriteTo or WriteRawTo). The bytes are walked twice: first for the counts alone (bounded and checked, and
     * compared with the container header), then for the points.
     */
    public static Groth16VerifyingKey parse(byte[] bytes) throws MalformedInputException {
        return Guard.run(() -> {
            if (bytes == null) {
                throw new MalformedInputException("verifying key is missing");
            }
            if (ArtifactHeader.isContainer(bytes)) {
                ArtifactHeader.Container c = ArtifactHeader.read(bytes, "groth16-verifying-key");
                return decode(c.payload(), Optional.of(c.header()));
            }
            return decode(bytes, Optional.empty());
        });
    }

    private static Groth16VerifyingKey decode(byte[] bytes, Optional<ArtifactHeader> header)
            throws MalformedInputException {
        Layout counts = Layout.read(ByteReader.countsOnly(bytes, WHAT));
        checkCounts(counts.k.length, counts.committed, counts.g.length);
        if (header.isPresent()) {
            int nbPublic = counts.k.length - counts.committed.length - 1;
            ArtifactHeader h = header.get();
            if (nbPublic != h.publicValues() || counts.committed.length != h.commitments()) {
                throw new MalformedInputException("key header (" + h.publicValues() + " public values, "
                        + h.commitments() + " commitments) disagrees with the key (" + nbPublic + ", "
                        + counts.committed.length + ")");
            }
        }
        Layout l = Layout.read(new ByteReader(bytes, 0, WHAT));
        return new Groth16VerifyingKey(l.alpha, l.beta, l.gamma, l.delta, l.k, l.committed, l.g, l.gSigmaNeg, header);
    }

    private static final String WHAT = "Groth16 verifying key";

    /** gnark's VerifyingKey encoding (backend/groth16/bn254/marshal.go); points are null for a counts-only reader. */
    private record Layout(G1Affine alpha, G2Affine beta, G2Affine gamma, G2Affine delta, G1Affine[] k,
            int[][] committed, G2Affine[] g, G2Affine[] gSigmaNeg) {
        static Layout read(ByteReader r) throws MalformedInputException {
            G1Affine alpha = r.g1("G1.Alpha");
            r.g1("G1.Beta");
            G2Affine beta = r.g2("G2.Beta");
            G2Affine gamma = r.g2("G2.Gamma");
            r.g1("G1.Delta");
            G2Affine delta = r.g2("G2.Delta");
            G1Affine[] k = r.g1Slice("G1.K");
            int n = r.length("PublicAndCommitmentCommitted", 4, Limits.MAX_COMMITMENTS);
            int[][] committed = new int[n][];
            for (int i = 0; i < n; i++) {
                int m = r.length("PublicAndCommitmentCommitted[" + i + "]", 8, k.length);
                committed[i] = new int[m];
                for (int j = 0; j < m; j++) {
                    long v = r.u64("PublicAndCommitmentCommitted[" + i + "][" + j + "]");
                    // no (int) truncation: an index outside 1..K count is out of range however large it is
                    committed[i][j] = v < 1 || v > k.length ? -1 : (int) v;
                }
            }
            int nbKeys = r.length("CommitmentKeys", 128, Limits.MAX_COMMITMENTS);
            G2Affine[] g = new G2Affine[nbKeys];
            G2Affine[] gSigmaNeg = new G2Affine[nbKeys];
            for (int i = 0; i < nbKeys; i++) {
                g[i] = r.g2("CommitmentKeys[" + i + "].G");
                gSigmaNeg[i] = r.g2("CommitmentKeys[" + i + "].GSigmaNeg");
            }
            r.end();
            return new Layout(alpha, beta, gamma, delta, k, committed, g, gSigmaNeg);
        }
    }

    /**
     * Reads a snarkjs verification_key.json: protocol "groth16", curve "bn128" (or "bn254"), nPublic a JSON integer
     * equal to the number of IC points less one; numbers are canonical decimal strings.
     */
    public static Groth16VerifyingKey fromSnarkjsJson(String json) throws MalformedInputException {
        return Guard.run(() -> {
            String what = "snarkjs verification key";
            JsonNode n = Snarkjs.object(json, what);
            Snarkjs.expectProtocolAndCurve(n, what);
            JsonNode ic = Snarkjs.field(n, "IC", what);
            if (!ic.isArray() || ic.isEmpty() || ic.size() - 1 > Limits.MAX_PUBLIC_VALUES) {
                throw new MalformedInputException(what + ": IC must be a non-empty array of at most "
                        + (Limits.MAX_PUBLIC_VALUES + 1) + " points");
            }
            JsonNode nPublic = Snarkjs.field(n, "nPublic", what);
            if (!nPublic.isIntegralNumber() || !nPublic.canConvertToInt() || nPublic.intValue() != ic.size() - 1) {
                throw new MalformedInputException(what + ": nPublic must be the integer " + (ic.size() - 1)
                        + " (the number of IC points less one), got " + StrictNumbers.abbreviate(nPublic.toString()));
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

    /**
     * The key's points, for code generators that bake the key into another verifier (the NEAR contract): α, β, γ,
     * δ, the K points (constant wire, public values, then one per commitment), each commitment's committed
     * public-wire indexes (1-based) and its Pedersen key (G, G·σ⁻¹ negated). Checked like every parsed key.
     */
    public record Points(G1Affine alpha, G2Affine beta, G2Affine gamma, G2Affine delta, List<G1Affine> k,
            List<List<Integer>> committed, List<G2Affine> commitmentG, List<G2Affine> commitmentGSigmaNeg) {}

    public Points points() {
        List<List<Integer>> committed = new ArrayList<>();
        for (int[] c : publicAndCommitmentCommitted) {
            committed.add(java.util.Arrays.stream(c).boxed().toList());
        }
        return new Points(alpha, beta, gamma, delta, List.of(k), List.copyOf(committed), List.of(commitmentG),
                List.of(commitmentGSigmaNeg));
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
            // the verifier decides the hash, not the proof: always gnark's Solidity one (legacy Keccak-256), so
            // that one proof verifies in Java, gnark and the EVM, and a prover cannot pick among hash functions
            BigInteger h = HashToField.keccak256(prehash.toByteArray());
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
