package io.zkinfer.prover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zkinfer.circuits.data.CommittedDataset;
import io.zkinfer.circuits.data.DataCommitter;
import io.zkinfer.circuits.data.DataStatement;
import io.zkinfer.circuits.data.Dataset;
import io.zkinfer.circuits.data.DatasetCheck;
import io.zkinfer.circuits.data.DatasetProver;
import io.zkinfer.circuits.data.PolicyProver;
import io.zkinfer.circuits.data.Schema;
import io.zkinfer.circuits.data.policy.Policy;
import io.zkinfer.circuits.ir.Circuit;
import io.zkinfer.circuits.ir.Witness;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Data-property circuits (circuits module, io.zkinfer.circuits.data) proved and verified with real Groth16 proofs:
 * honest statements verify, violating ones get no proof from the native prover, tampered public values do not
 * verify. Writes the constraint counts of every data circuit to target/data-circuit-stats.txt (docs/data-properties.md).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DataPropertyProofTest {

    private static final Path DATA = locate();
    private static final String TRIAL = "age >= 18 && age <= 65 && hba1c in [6.5, 9.0] && diagnosis in {\"E11.9\"}"
            + " && !on_warfarin && consent";
    private static final String LOAN = "age >= 18 && monthly_income >= 3000.00"
            + " && monthly_debt <= 0.35 * monthly_income && credit_score >= 680 && !delinquent_90d"
            + " && country not in {KP, IR}";

    private final CommittedDataset patients = load("patients");
    private final CommittedDataset applicants = load("applicants");
    private final Map<String, CircuitStats> stats = new LinkedHashMap<>();

    private static Path locate() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("test-vectors/data"))) {
                return p.resolve("test-vectors/data");
            }
        }
        throw new IllegalStateException("test-vectors/data not found");
    }

    private static CommittedDataset load(String name) {
        Schema s = Schema.read(DATA.resolve(name + ".schema.json"));
        return DataCommitter.commit(Dataset.readCsv(DATA.resolve(name + ".csv"), s), new SecureRandom());
    }

    /** Compiles, sets up, proves and verifies; returns the verified proof's public values. */
    private List<BigInteger> proveAndVerify(String label, DataStatement st) {
        Witness w = st.witness();
        try (CompiledCircuit cc = ZkProver.compile(st.circuit(), Backend.GROTH16, CompileOptions.defaults());
             KeyPair keys = cc.setup(SetupOptions.development())) {
            stats.put(label, cc.stats());
            Proof proof = cc.prove(keys.provingKey(), w, ProofTarget.NATIVE);
            assertThat(keys.verifyingKey().verify(proof, w.publicValues())).as(label).isTrue();
            // a tampered public value does not verify
            List<BigInteger> tampered = new ArrayList<>(w.publicValues());
            tampered.set(0, tampered.get(0).add(BigInteger.ONE).mod(io.zkinfer.circuits.field.Fr.MODULUS));
            assertThat(keys.verifyingKey().verify(proof, tampered)).as(label + " tampered").isFalse();
            return w.publicValues();
        }
    }

    /** The native prover refuses a statement that does not hold (inputs only: gnark's solver computes the rest). */
    private void nativeRefuses(DataStatement st, List<BigInteger> claimedOutputs) {
        Circuit c = st.circuit();
        List<BigInteger> pub = c.publicInputs().stream().map(n -> st.inputs().get(n)).toList();
        List<BigInteger> priv = c.privateInputs().stream().map(n -> st.inputs().get(n)).toList();
        try (CompiledCircuit cc = ZkProver.compile(c, Backend.GROTH16, CompileOptions.defaults());
             KeyPair keys = cc.setup(SetupOptions.development())) {
            assertThatThrownBy(() -> cc.proveGnarkWitness(keys.provingKey(),
                    TestCircuits.witness(pub, claimedOutputs, priv), ProofTarget.NATIVE))
                    .isInstanceOf(UnsatisfiedWitnessException.class);
        }
    }

    @Test
    void trialEligibilityProvesAndAnIneligiblePatientCannot() {
        Policy p = Policy.parse(TRIAL);
        proveAndVerify("policy: trial eligibility (8-field record, 6 predicates)", PolicyProver.prove(patients, 0, p));
        nativeRefuses(PolicyProver.prove(patients, 1, p), List.of()); // 71 years old
    }

    @Test
    void lenderPolicyAndSelectiveOpening() {
        proveAndVerify("policy: loan (income, debt-to-income, score, blocked countries)",
                PolicyProver.prove(applicants, 0, Policy.parse(LOAN)));
        nativeRefuses(PolicyProver.prove(applicants, 1, Policy.parse(LOAN)), List.of()); // DTI 0.46
        List<BigInteger> pub = proveAndVerify("opening: record, discloses 1 field",
                PolicyProver.opening(patients.schema(), patients.data().row(2), patients.salt(2), List.of("sex")));
        assertThat(pub).containsExactly(patients.rowCommitment(2), BigInteger.ONE);
    }

    @Test
    void recordSignedByIssuerWithJavaSignatureProvesInGnark() {
        var issuer = io.zkinfer.circuits.data.sign.EdDsa.generate(new SecureRandom());
        var sig = PolicyProver.sign(issuer, patients.schema(), patients.data().row(0), patients.salt(0));
        proveAndVerify("signed record: issuer EdDSA + trial policy", PolicyProver.proveSigned(patients.schema(),
                Optional.of(Policy.parse(TRIAL)), patients.data().row(0), patients.salt(0), issuer.publicKey(), sig));
        // a signature over row 0 does not sign row 4 (which meets the policy too)
        nativeRefuses(PolicyProver.proveSigned(patients.schema(), Optional.of(Policy.parse(TRIAL)),
                patients.data().row(4), patients.salt(4), issuer.publicKey(), sig), List.of());
    }

    @Test
    void datasetStatisticsProveAndFalseBoundsCannot() {
        List<DatasetCheck> checks = List.of(new DatasetCheck.ColumnRange("age", "18", "75"),
                new DatasetCheck.Count(Policy.parse(TRIAL), 2, 2), new DatasetCheck.Mean("age", "49.8", "49.9"),
                new DatasetCheck.Variance("hba1c", "1.59", "1.60"));
        proveAndVerify("dataset: commitment only, N=6", DatasetProver.prove(patients, List.of()));
        proveAndVerify("dataset: range + count + mean + variance, N=6", DatasetProver.prove(patients, checks));
        // the mean is 49.83: a claimed mean >= 50 has no proof
        nativeRefuses(DatasetProver.prove(patients, List.of(new DatasetCheck.Mean("age", "50", "60"))), List.of());
        proveAndVerify("dataset: demographic parity gap, N=8", DatasetProver.prove(applicants, List.of(
                new DatasetCheck.ParityGap(Policy.parse("approved"), Policy.parse("group == A"),
                        Policy.parse("group == B"), "0.25"))));
    }

    @Test
    void membershipProvenanceAndChunks() {
        proveAndVerify("membership: public record commitment, N=6", DatasetProver.membership(patients, 4));
        proveAndVerify("row policy: hidden row of D satisfies trial policy, N=6",
                DatasetProver.rowPolicy(patients, 4, Policy.parse(TRIAL)));
        BigInteger salt = DataCommitter.randomSalt(new SecureRandom());
        List<BigInteger> pub = proveAndVerify("provenance: row of D -> input commitment (2 columns), N=6",
                DatasetProver.provenance(patients, 3, List.of("age", "hba1c"), salt));
        assertThat(pub.get(2)).isEqualTo(DatasetProver.inputCommitment(patients, 3, List.of("age", "hba1c"), salt));

        List<DatasetCheck> checks = List.of(new DatasetCheck.Mean("age", "49.8", "49.9"));
        DatasetProver.Chunked ch = DatasetProver.proveChunked(patients, 2, checks, new SecureRandom());
        List<List<BigInteger>> chunkPublic = new ArrayList<>();
        for (DataStatement c : ch.chunks()) {
            chunkPublic.add(proveAndVerify("chunk: 2 rows, mean partials", c));
        }
        List<BigInteger> combinePublic = proveAndVerify("combine: 3 chunks of 2, N=6, mean", ch.combine());
        DatasetProver.ChunkPlan plan = DatasetProver.ChunkPlan.of(patients.size(), 2);
        DatasetProver.checkChunkLinks(plan, chunkPublic, combinePublic);
        // each verified chunk proof states its row count (public value 0, tampered in proveAndVerify): a proof of a
        // shorter chunk is refused by the link check
        assertThat(chunkPublic).extracting(c -> c.get(0)).containsOnly(BigInteger.TWO);
        List<List<BigInteger>> shorter = new ArrayList<>(chunkPublic);
        shorter.set(1, List.of(BigInteger.ONE, chunkPublic.get(1).get(1), chunkPublic.get(1).get(2)));
        assertThatThrownBy(() -> DatasetProver.checkChunkLinks(plan, shorter, combinePublic))
                .hasMessageContaining("chunk 1's proof covers 1 rows");
    }

    /**
     * Dishonest witnesses for the data circuits, refused by gnark itself (not only by the Java evaluator, which each
     * case also consults to show the statement is false or the input crafted). Claimed outputs are what the cheater
     * would claim, so the failure comes from the check under test, not from an output mismatch.
     */
    @Test
    void dishonestDataWitnessesGetNoProofFromGnark() {
        // membership with index >= N: leaf 6 of a 6-row dataset is a padding leaf 0 whose path does reach the root, so
        // only the in-circuit index < N check refuses the "record" 0
        int padding = patients.size();
        List<BigInteger> path = io.zkinfer.circuits.data.Commitments.path(patients.tree(), padding);
        BigInteger node = BigInteger.ZERO;
        for (int j = 0; j < path.size(); j++) {
            node = ((padding >> j) & 1) == 0 ? io.zkinfer.circuits.data.Commitments.node(node, path.get(j))
                    : io.zkinfer.circuits.data.Commitments.node(path.get(j), node);
        }
        assertThat(node).as("the padding leaf's path reaches the root").isEqualTo(patients.commitment().root());
        DataStatement member = DatasetProver.membership(patients, 0);
        for (int j = 0; j < path.size(); j++) {
            member = member.with("index_bit[" + j + "]", BigInteger.valueOf((padding >> j) & 1))
                    .with("sibling[" + j + "]", path.get(j));
        }
        refusedByGnark(member.with("record_commitment", BigInteger.ZERO), Map.of());

        // off-by-one provenance quotients: hba1c 5.6 at scale 4 is round(89.6) = 90; 89 and 91 are refused
        BigInteger salt = DataCommitter.randomSalt(new SecureRandom());
        DataStatement prov = DatasetProver.provenance(patients, 3, List.of("age", "hba1c"), salt, 4);
        for (long q : new long[] {89, 91}) {
            BigInteger claimed = io.zkinfer.circuits.field.Poseidon2.hash(List.of(salt, BigInteger.valueOf(720),
                    BigInteger.valueOf(q)));
            Map<String, BigInteger> outs = new LinkedHashMap<>(prov.witness().outputs());
            outs.put("input_commitment", claimed);
            refusedByGnark(prov.with("input_q.hba1c", BigInteger.valueOf(q)), outs);
        }

        // false count, variance and parity statements (honest data, false bounds)
        refusedByGnark(DatasetProver.prove(patients, List.of(new DatasetCheck.Count(Policy.parse(TRIAL), 3, 6))),
                Map.of());
        refusedByGnark(DatasetProver.prove(patients, List.of(new DatasetCheck.Variance("hba1c", "1.61", "1.70"))),
                Map.of());
        refusedByGnark(DatasetProver.prove(applicants, List.of(new DatasetCheck.ParityGap(Policy.parse("approved"),
                Policy.parse("group == A"), Policy.parse("group == B"), "0"))), Map.of());

        // tampered chunk and combine witnesses: a changed row under the honest chunk root; a changed partial sum
        // under the honest partials commitment; a changed partials commitment (public) against the chunk's
        DatasetProver.Chunked ch = DatasetProver.proveChunked(patients, 2,
                List.of(new DatasetCheck.Mean("age", "49.8", "49.9")), new SecureRandom());
        DataStatement chunk0 = ch.chunks().get(0);
        BigInteger age = chunk0.inputs().get("row[0].age");
        DataStatement tamperedChunk = chunk0.with("row[0].age", age.add(BigInteger.ONE));
        Map<String, BigInteger> honestOut = chunk0.witness().outputs();
        // (a chunk has no public inputs: the evaluator just computes another root; gnark is held to the honest one)
        assertThat(tamperedChunk.witness().outputs().get("chunk_root")).isNotEqualTo(honestOut.get("chunk_root"));
        nativeRefuses(tamperedChunk, tamperedChunk.circuit().outputs().stream().map(o -> honestOut.get(o.name()))
                .toList());
        DataStatement combine = ch.combine();
        refusedByGnark(combine.with("partials[1][0]", combine.inputs().get("partials[1][0]").add(BigInteger.ONE)),
                Map.of());
        refusedByGnark(combine.with("partials_commitment[1]",
                combine.inputs().get("partials_commitment[1]").add(BigInteger.ONE)), Map.of());
    }

    /**
     * The statement is false for the Java evaluator and gnark's prover refuses it, with {@code claimed} outputs (by
     * name, one for every output of the circuit).
     */
    private void refusedByGnark(DataStatement st, Map<String, BigInteger> claimed) {
        assertThatThrownBy(st::witness).isInstanceOf(io.zkinfer.circuits.ir.UnsatisfiedCircuitException.class);
        Circuit c = st.circuit();
        List<BigInteger> outs = c.outputs().stream().map(o -> {
            BigInteger v = claimed.get(o.name());
            if (v == null) {
                throw new IllegalArgumentException("no claimed value for output " + o.name());
            }
            return v;
        }).toList();
        nativeRefuses(st, outs);
    }

    @AfterAll
    void writeStats() throws IOException {
        // per-row cost: a 32-row dataset, compile only
        List<List<BigInteger>> rows = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            rows.add(patients.data().row(i % patients.size()));
        }
        CommittedDataset big = DataCommitter.commit(new Dataset(patients.schema(), rows), new SecureRandom());
        for (var e : Map.of("dataset: commitment only, N=32", DatasetProver.circuit(big.schema(), 32, List.of()),
                "dataset: range + count + mean + variance, N=32", DatasetProver.circuit(big.schema(), 32, List.of(
                        new DatasetCheck.ColumnRange("age", "18", "75"), new DatasetCheck.Count(Policy.parse(TRIAL), 0, 32),
                        new DatasetCheck.Mean("age", "0", "150"), new DatasetCheck.Variance("hba1c", "0", "100"))),
                "membership: N=1024", DatasetProver.membershipCircuit(big.schema(), 1024),
                "row policy: N=1024", DatasetProver.rowCircuit(big.schema(), 1024, Optional.of(Policy.parse(TRIAL)),
                        false, List.of())).entrySet()) {
            try (CompiledCircuit cc = ZkProver.compile(e.getValue(), Backend.GROTH16, CompileOptions.defaults())) {
                stats.put(e.getKey(), cc.stats());
            }
        }
        StringBuilder sb = new StringBuilder("# Groth16 (R1CS) constraint counts of the data-property circuits\n");
        stats.forEach((k, v) -> sb.append(k).append('\t').append(v.constraints()).append('\n'));
        Path out = Path.of("target", "data-circuit-stats.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, sb.toString());
    }
}
