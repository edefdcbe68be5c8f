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
        DatasetProver.checkChunkLinks(chunkPublic, combinePublic);
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
