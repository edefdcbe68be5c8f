package io.zkinfer.prover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zkinfer.circuits.data.BulkProver;
import io.zkinfer.circuits.data.CommittedBulkDataset;
import io.zkinfer.circuits.data.DataException;
import io.zkinfer.circuits.data.DataStatement;
import io.zkinfer.circuits.data.Dataset;
import io.zkinfer.circuits.data.DatasetCheck;
import io.zkinfer.circuits.data.SyntheticPopulation;
import io.zkinfer.circuits.data.policy.Policy;
import io.zkinfer.circuits.data.policy.PolicyCompiler;
import io.zkinfer.circuits.field.Fr;
import io.zkinfer.circuits.ir.Circuit;
import io.zkinfer.circuits.ir.Witness;
import io.zkinfer.verifier.Verifier;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Bulk-format dataset proofs (io.zkinfer.circuits.data.BulkProver) with real Groth16 proofs: 160 rows in 3 chunks of
 * 64 (the last one 32 rows + padding), one chunk key for all chunks, one combine proof. Honest proofs verify natively
 * and with the pure-Java verifier; swapped, duplicated and missing chunks, another D, out-of-range values and false
 * totals are rejected. (The 100,000-row run is benchmarks/data-at-scale.sh.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BulkDataProofTest {

    private static final int N = 160;
    private static final int B = 64;
    private static final Policy HIGH = Policy.parse("income >= 60000 && employed");

    private final Dataset data = SyntheticPopulation.generate(N, 11);
    private final CommittedBulkDataset cd = CommittedBulkDataset.commit(data, B, new SecureRandom());
    private final long k = data.rows().stream().filter(r -> PolicyCompiler.evaluate(HIGH, data.schema(), r)).count();
    private final List<DatasetCheck> checks = List.of(new DatasetCheck.ColumnRange("age", "18", "95"),
            new DatasetCheck.Count(HIGH, k, k), new DatasetCheck.Mean("income", "20000", "90000"),
            new DatasetCheck.Variance("age", "50", "500"));

    private CompiledCircuit chunkCc;
    private KeyPair chunkKeys;
    private BulkProver.Plan plan;
    private final List<Proof> chunkProofs = new ArrayList<>();
    private Proof combineProof;
    private byte[] chunkVk;
    private byte[] combineVk;
    private List<BigInteger> combinePublic;

    @BeforeAll
    void proveAll() {
        assertThat(k).isBetween(1L, (long) N - 1);
        plan = BulkProver.prove(cd, checks, new SecureRandom());
        chunkCc = ZkProver.compile(plan.chunks().get(0).circuit(), Backend.GROTH16, CompileOptions.defaults());
        chunkKeys = chunkCc.setup(SetupOptions.development());
        chunkVk = chunkKeys.verifyingKey().toBytes();
        for (DataStatement s : plan.chunks()) {
            assertThat(s.circuit().hash()).isEqualTo(chunkCc.circuitHash());   // one setup, every chunk
            chunkProofs.add(chunkCc.prove(chunkKeys.provingKey(), s.witness(), ProofTarget.NATIVE));
        }
        try (CompiledCircuit cc = ZkProver.compile(plan.combine().circuit(), Backend.GROTH16,
                CompileOptions.defaults()); KeyPair keys = cc.setup(SetupOptions.development())) {
            Witness w = plan.combine().witness();
            combineProof = cc.prove(keys.provingKey(), w, ProofTarget.NATIVE);
            combinePublic = w.publicValues();
            combineVk = keys.verifyingKey().toBytes();
        }
    }

    @AfterAll
    void close() {
        if (chunkKeys != null) {
            chunkKeys.close();
        }
        if (chunkCc != null) {
            chunkCc.close();
        }
    }

    private static boolean bothVerify(byte[] vk, Proof proof, List<BigInteger> publicValues) {
        boolean java = Verifier.verify(vk, proof.toBytes(), publicValues).isValid();
        try (VerifyingKey key = VerifyingKey.fromBytes(vk)) {
            boolean nat = key.verify(proof, publicValues);
            assertThat(nat).as("native and Java verifiers agree").isEqualTo(java);
        }
        return java;
    }

    @Test
    void honestProofsVerifyAgainstTheCommitment() {
        assertThat(bothVerify(combineVk, combineProof, combinePublic)).isTrue();
        List<List<BigInteger>> expected = BulkProver.chunkPublicValues(cd.commitment(), combinePublic);
        assertThat(expected).hasSize(3);
        assertThat(expected.get(2).get(0)).isEqualTo(BigInteger.valueOf(32));
        for (int j = 0; j < 3; j++) {
            assertThat(bothVerify(chunkVk, chunkProofs.get(j), expected.get(j))).as("chunk " + j).isTrue();
        }
        BulkProver.checkChunkLinks(cd.commitment(), chunkProofs.stream().map(Proof::publicInputs).toList(),
                combinePublic);
    }

    @Test
    void swappedDuplicatedAndMissingChunksAreRejected() {
        List<List<BigInteger>> expected = BulkProver.chunkPublicValues(cd.commitment(), combinePublic);
        // chunk 1's proof in chunk 0's place, chunk 0's proof twice
        assertThat(bothVerify(chunkVk, chunkProofs.get(1), expected.get(0))).isFalse();
        assertThat(bothVerify(chunkVk, chunkProofs.get(0), expected.get(1))).isFalse();
        // the last chunk claimed as full (64 rows)
        List<BigInteger> full = new ArrayList<>(expected.get(2));
        full.set(0, BigInteger.valueOf(B));
        assertThat(bothVerify(chunkVk, chunkProofs.get(2), full)).isFalse();
        List<List<BigInteger>> pub = chunkProofs.stream().map(Proof::publicInputs).toList();
        assertThatThrownBy(() -> BulkProver.checkChunkLinks(cd.commitment(), List.of(pub.get(1), pub.get(0),
                pub.get(2)), combinePublic)).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> BulkProver.checkChunkLinks(cd.commitment(), List.of(pub.get(0), pub.get(0),
                pub.get(2)), combinePublic)).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> BulkProver.checkChunkLinks(cd.commitment(), pub.subList(0, 2), combinePublic))
                .isInstanceOf(DataException.class);
    }

    @Test
    void anotherDatasetCommitmentIsRejected() {
        List<BigInteger> tampered = new ArrayList<>(combinePublic);
        tampered.set(0, Fr.add(tampered.get(0), BigInteger.ONE));
        assertThat(bothVerify(combineVk, combineProof, tampered)).isFalse();
        // the same rows committed again (other salts) are another D: the proofs are not about it
        CommittedBulkDataset again = CommittedBulkDataset.commit(data, B, new SecureRandom());
        assertThatThrownBy(() -> BulkProver.chunkPublicValues(again.commitment(), combinePublic))
                .isInstanceOf(DataException.class);
        List<BigInteger> otherD = new ArrayList<>(combinePublic);
        otherD.set(0, again.commitment().commitment());
        assertThat(bothVerify(combineVk, combineProof, otherD)).isFalse();
    }

    /** gnark's solver refuses (inputs only: it computes everything else itself). */
    private static void nativeRefuses(CompiledCircuit cc, KeyPair keys, DataStatement st, List<BigInteger> outputs) {
        Circuit c = st.circuit();
        List<BigInteger> pub = c.publicInputs().stream().map(n -> st.inputs().get(n)).toList();
        List<BigInteger> priv = c.privateInputs().stream().map(n -> st.inputs().get(n)).toList();
        assertThatThrownBy(() -> cc.proveGnarkWitness(keys.provingKey(), TestCircuits.witness(pub, outputs, priv),
                ProofTarget.NATIVE)).isInstanceOf(UnsatisfiedWitnessException.class);
    }

    /**
     * The outputs {@code [chunk_leaf, partials_commitment]} the chunk circuit computes for these inputs, ignoring its
     * assertions (so that a refusal can only come from the assertion under test). Specific to {@link #checks}: every
     * field has min 0, the partials are [count(HIGH) over active rows, Σ income, Σ age, Σ age²] over all rows.
     */
    private List<BigInteger> outputsIgnoringAssertions(DataStatement st) {
        var f = cd.format();
        var schema = cd.schema();
        List<BigInteger> packed = new ArrayList<>();
        BigInteger count = BigInteger.ZERO;
        BigInteger income = BigInteger.ZERO;
        BigInteger age = BigInteger.ZERO;
        BigInteger age2 = BigInteger.ZERO;
        for (int i = 0; i < B; i++) {
            List<BigInteger> row = new ArrayList<>();
            BigInteger code = BigInteger.ZERO;
            for (int c = 0; c < schema.size(); c++) {
                BigInteger v = st.inputs().get("row[" + i + "]." + schema.fields().get(c).name());
                row.add(Fr.toSigned(v));
                code = Fr.add(code, Fr.mul(v, BigInteger.ONE.shiftLeft(f.offset(c))));
            }
            int e = i / f.rowsPerElement();
            if (packed.size() <= e) {
                packed.add(BigInteger.ZERO);
            }
            packed.set(e, Fr.add(packed.get(e), Fr.mul(code, BigInteger.ONE.shiftLeft((i % f.rowsPerElement())
                    * f.rowBits()))));
            if (st.inputs().get("active[" + i + "]").signum() != 0 && PolicyCompiler.evaluate(HIGH, schema, row)) {
                count = count.add(BigInteger.ONE);
            }
            income = Fr.add(income, Fr.reduce(row.get(1)));
            age = Fr.add(age, Fr.reduce(row.get(0)));
            age2 = Fr.add(age2, Fr.mul(Fr.reduce(row.get(0)), Fr.reduce(row.get(0))));
        }
        List<BigInteger> leafIn = new ArrayList<>(List.of(f.tag(), st.inputs().get("chunk_salt")));
        leafIn.addAll(packed);
        return List.of(io.zkinfer.circuits.field.Poseidon2.hash(leafIn), io.zkinfer.circuits.field.Poseidon2.hash(
                st.inputs().get("partials_salt"), count, income, age, age2));
    }

    @Test
    void outOfRangeValuesAndBadPaddingHaveNoChunkProof() {
        DataStatement last = plan.chunks().get(2);
        // the helper reproduces the honest outputs
        assertThat(outputsIgnoringAssertions(last)).isEqualTo(chunkProofs.get(2).publicInputs().subList(1, 3));
        for (DataStatement bad : List.of(
                last.with("row[0].age", BigInteger.valueOf(17)),      // below the checked range [18, 95]
                last.with("row[0].age", BigInteger.valueOf(121)),     // above the schema's [0, 120] (fits 7 bits)
                last.with("row[3].employed", BigInteger.TWO).with("row[3].income", BigInteger.valueOf(1000)),  // not 0/1
                last.with("row[40].income", BigInteger.ONE),           // a padding row that is not all-min
                last.with(BulkProver.ROWS_IN_CHUNK, BigInteger.valueOf(B)))) {   // padding claimed as rows
            nativeRefuses(chunkCc, chunkKeys, bad, outputsIgnoringAssertions(bad));
        }
    }

    @Test
    void falseTotalsHaveNoCombineProof() {
        for (List<DatasetCheck> lie : List.of(List.<DatasetCheck>of(new DatasetCheck.Count(HIGH, k + 1, N)),
                List.<DatasetCheck>of(new DatasetCheck.Sum("income", "0", "1000")))) {
            DataStatement combine = BulkProver.prove(cd, lie, new SecureRandom()).combine();
            try (CompiledCircuit cc = ZkProver.compile(combine.circuit(), Backend.GROTH16, CompileOptions.defaults());
                 KeyPair keys = cc.setup(SetupOptions.development())) {
                nativeRefuses(cc, keys, combine, List.of());
            }
        }
    }
}
