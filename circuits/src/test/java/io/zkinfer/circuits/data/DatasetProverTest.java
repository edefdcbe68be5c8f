package io.zkinfer.circuits.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zkinfer.circuits.data.DatasetCheck.ColumnRange;
import io.zkinfer.circuits.data.DatasetCheck.Count;
import io.zkinfer.circuits.data.DatasetCheck.Mean;
import io.zkinfer.circuits.data.DatasetCheck.ParityGap;
import io.zkinfer.circuits.data.DatasetCheck.Sum;
import io.zkinfer.circuits.data.DatasetCheck.Variance;
import io.zkinfer.circuits.data.policy.Policy;
import io.zkinfer.circuits.field.Fr;
import io.zkinfer.circuits.ir.CircuitBuilder;
import io.zkinfer.circuits.ir.CircuitEvaluator;
import io.zkinfer.circuits.ir.UnsatisfiedCircuitException;
import io.zkinfer.circuits.ir.Witness;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DatasetProverTest {

    // patients: ages 54 71 38 45 62 29 (sum 299, mean 49.83, population variance 201.81), hba1c 7.2 8.1 6.9 5.6 8.8 9.4
    private static final CommittedDataset P = TestData.patients();
    private static final CommittedDataset A = TestData.applicants();

    private static void holds(DataStatement s) {
        assertThat(s.witness().publicValues()).isNotEmpty();
    }

    private static void fails(DataStatement s) {
        assertThatThrownBy(s::witness).isInstanceOf(UnsatisfiedCircuitException.class);
    }

    @Test
    void datasetCommitmentWithRowCount() {
        DataStatement s = DatasetProver.prove(P, List.of());
        assertThat(s.witness().publicValues()).containsExactly(P.commitment().commitment());
        fails(s.with(DatasetProver.DATASET_COMMITMENT, P.commitment().commitment().add(BigInteger.ONE)));
        fails(s.with("row[3].hba1c", BigInteger.valueOf(57)));
        // the row count is bound: the same rows claimed as a 7-row dataset (with a zero leaf as row 7) differ
        BigInteger d7 = Commitments.dataset(P.schema().tag(), 7, P.commitment().root());
        fails(s.with(DatasetProver.DATASET_COMMITMENT, d7));
    }

    @Test
    void everyValueInRange() {
        holds(DatasetProver.prove(P, List.of(new ColumnRange("age", "18", "75"), new ColumnRange("hba1c", "5.0", "10"))));
        fails(DatasetProver.prove(P, List.of(new ColumnRange("age", "30", "75"))));   // 29
        fails(DatasetProver.prove(P, List.of(new ColumnRange("age", "18", "70"))));   // 71
        fails(DatasetProver.prove(P, List.of(new ColumnRange("hba1c", "5.7", "9.4")))); // 5.6
    }

    @Test
    void countOfMatchingRows() {
        Policy eligible = Policy.parse(PolicyTest.TRIAL); // rows 0 and 4
        holds(DatasetProver.prove(P, List.of(new Count(eligible, 2, 2))));
        holds(DatasetProver.prove(P, List.of(new Count(eligible, 1, 6))));
        fails(DatasetProver.prove(P, List.of(new Count(eligible, 3, 6))));
        fails(DatasetProver.prove(P, List.of(new Count(eligible, 0, 1))));
        holds(DatasetProver.prove(P, List.of(new Count(Policy.parse("sex == F"), 3, 3))));
    }

    @Test
    void sumMeanVarianceWithoutDivision() {
        holds(DatasetProver.prove(P, List.of(new Sum("age", "299", "299"), new Mean("age", "49.8", "49.9"),
                new Variance("age", "201.8", "201.9"), new Mean("hba1c", "7.66", "7.67"))));
        fails(DatasetProver.prove(P, List.of(new Sum("age", "300", "400"))));
        fails(DatasetProver.prove(P, List.of(new Mean("age", "49.84", "60"))));
        fails(DatasetProver.prove(P, List.of(new Mean("age", "0", "49.83"))));
        fails(DatasetProver.prove(P, List.of(new Variance("age", "0", "201.8"))));
        fails(DatasetProver.prove(P, List.of(new Variance("age", "201.81", "1000"))));
        // hba1c: mean 7.6667, variance 1.5922
        holds(DatasetProver.prove(P, List.of(new Variance("hba1c", "1.59", "1.60"))));
        fails(DatasetProver.prove(P, List.of(new Variance("hba1c", "1.593", "2"))));
        assertThatThrownBy(() -> DatasetProver.circuit(P.schema(), 6, List.of(new Mean("sex", "0", "1"))))
                .hasMessageContaining("category");
    }

    @Test
    void demographicParityGap() {
        // approvals: group A 3/4, group B 2/4: gap 0.25
        Policy approved = Policy.parse("approved");
        Policy a = Policy.parse("group == A");
        Policy b = Policy.parse("group == B");
        holds(DatasetProver.prove(A, List.of(new ParityGap(approved, a, b, "0.25"))));
        holds(DatasetProver.prove(A, List.of(new ParityGap(approved, b, a, "0.3"))));
        fails(DatasetProver.prove(A, List.of(new ParityGap(approved, a, b, "0.249"))));
        fails(DatasetProver.prove(A, List.of(new ParityGap(approved, b, a, "0.2"))));
        // an empty group is not a pass
        fails(DatasetProver.prove(A, List.of(new ParityGap(approved, a, Policy.parse("age > 100"), "1"))));
    }

    @Test
    void membershipOfAPublicRecordCommitment() {
        for (int i = 0; i < P.size(); i++) {
            DataStatement s = DatasetProver.membership(P, i);
            assertThat(s.witness().publicValues()).containsExactly(P.commitment().commitment(),
                    P.commitment().rowCommitments().get(i));
        }
        DataStatement s = DatasetProver.membership(P, 2);
        fails(s.with("record_commitment", P.commitment().rowCommitments().get(3)));
        fails(s.with("index_bit[0]", BigInteger.ONE));
        // a padding leaf (index 6, leaf 0) is not a row
        List<List<BigInteger>> tree = P.tree();
        List<BigInteger> path = Commitments.path(tree, 6);
        DataStatement pad = s.with("record_commitment", BigInteger.ZERO).with("index_bit[0]", BigInteger.ZERO)
                .with("index_bit[1]", BigInteger.ONE).with("index_bit[2]", BigInteger.ONE)
                .with("sibling[0]", path.get(0)).with("sibling[1]", path.get(1)).with("sibling[2]", path.get(2));
        // the path itself is valid (padding leaves are in the tree): only the index < N check refuses it
        assertThatThrownBy(pad::witness).isInstanceOf(UnsatisfiedCircuitException.class)
                .hasMessageContaining("op #4 (assert_eq");
    }

    @Test
    void policyOverAHiddenRowOfTheDataset() {
        Policy eligible = Policy.parse(PolicyTest.TRIAL);
        DataStatement s = DatasetProver.rowPolicy(P, 4, eligible);
        assertThat(s.witness().publicValues()).containsExactly(P.commitment().commitment());
        fails(DatasetProver.rowPolicy(P, 1, eligible));
    }

    @Test
    void modelInputProvenanceLinksToAnInferenceCommitment() {
        BigInteger inputSalt = DataCommitter.randomSalt(new SecureRandom());
        List<String> cols = List.of("age", "hba1c");
        DataStatement s = DatasetProver.provenance(P, 3, cols, inputSalt);
        Witness w = s.witness();
        assertThat(w.outputs().get("row_commitment")).isEqualTo(P.commitment().rowCommitments().get(3));
        BigInteger inputCommitment = w.outputs().get("input_commitment");
        assertThat(inputCommitment).isEqualTo(DatasetProver.inputCommitment(P, 3, cols, inputSalt));

        // an inference circuit that commits its private input the usual way yields the same value
        CircuitBuilder b = new CircuitBuilder("model");
        var x = b.privateInputs("x", 2);
        var salt = b.privateInput("salt");
        b.output("input_commitment", b.commit(salt, x));
        b.output("y", b.add(x.get(0), x.get(1)));
        Witness inf = CircuitEvaluator.evaluate(b.build(), Map.of("x[0]", BigInteger.valueOf(45), "x[1]",
                BigInteger.valueOf(56), "salt", inputSalt));
        assertThat(inf.outputs().get("input_commitment")).isEqualTo(inputCommitment);
        fails(s.with(DatasetProver.DATASET_COMMITMENT, TestData.applicants().commitment().commitment()));
    }

    @Test
    void provenanceCommitsTheQuantizedModelInput() {
        BigInteger inputSalt = DataCommitter.randomSalt(new SecureRandom());
        List<String> cols = List.of("age", "hba1c");
        // row 3: age 45, hba1c 5.6 (encoded 56); at scale 4 the model sees round(45·16) = 720, round(5.6·16 = 89.6) = 90
        DataStatement s = DatasetProver.provenance(P, 3, cols, inputSalt, 4);
        Witness w = s.witness();
        BigInteger expected = io.zkinfer.circuits.field.Poseidon2.hash(List.of(inputSalt, BigInteger.valueOf(720),
                BigInteger.valueOf(90)));
        assertThat(w.outputs().get("input_commitment")).isEqualTo(expected)
                .isEqualTo(DatasetProver.inputCommitment(P, 3, cols, inputSalt, 4));
        assertThat(DatasetProver.quantize(P.schema().field("hba1c").type(), BigInteger.valueOf(56), 4)).isEqualTo(90);
        assertThat(DatasetProver.quantize(new FieldType.DecimalType(2, BigInteger.valueOf(-500), BigInteger.valueOf(500)),
                BigInteger.valueOf(-125), 1)).isEqualTo(-2);   // round(-1.25·2 = -2.5) half up = -2, like Math.round
        // a dishonest quotient (off by one, or off by a multiple of the field) cannot pass
        fails(s.with("input_q.hba1c", BigInteger.valueOf(89)));
        fails(s.with("input_q.hba1c", BigInteger.valueOf(91)));
        fails(s.with("input_q.hba1c", BigInteger.valueOf(90).add(Fr.MODULUS.subtract(BigInteger.ONE).divide(BigInteger.TWO))));
        assertThat(s.circuit().name()).endsWith(":scale=4");
    }

    @Test
    void chunkedProofRebuildsTheDatasetCommitment() {
        List<DatasetCheck> checks = List.of(new ColumnRange("age", "18", "75"), new Mean("age", "49.8", "49.9"),
                new Variance("age", "201", "202"), new Count(Policy.parse(PolicyTest.TRIAL), 2, 2));
        DatasetProver.Chunked ch = DatasetProver.proveChunked(P, 2, checks, new SecureRandom());
        assertThat(ch.chunks()).hasSize(3); // rows 0-1, 2-3, 4-5; the fourth subtree is empty
        List<List<BigInteger>> chunkPublic = new ArrayList<>();
        for (DataStatement c : ch.chunks()) {
            chunkPublic.add(c.witness().publicValues());
        }
        List<BigInteger> combinePublic = ch.combine().witness().publicValues();
        assertThat(combinePublic.get(0)).isEqualTo(P.commitment().commitment());
        DatasetProver.ChunkPlan plan = DatasetProver.ChunkPlan.of(P.size(), 2);
        DatasetProver.checkChunkLinks(plan, chunkPublic, combinePublic);
        // a chunk proof from a different chunk breaks the link
        List<List<BigInteger>> swapped = new ArrayList<>(chunkPublic);
        swapped.set(0, chunkPublic.get(1));
        assertThatThrownBy(() -> DatasetProver.checkChunkLinks(plan, swapped, combinePublic))
                .hasMessageContaining("chunk 0");
        // each chunk proof states how many rows it covers, and the verifier checks it against the plan
        assertThat(chunkPublic).extracting(c -> c.get(0)).containsExactly(BigInteger.TWO, BigInteger.TWO,
                BigInteger.TWO);
        List<List<BigInteger>> fewerRows = new ArrayList<>(chunkPublic);
        fewerRows.set(2, List.of(BigInteger.ONE, chunkPublic.get(2).get(1), chunkPublic.get(2).get(2)));
        assertThatThrownBy(() -> DatasetProver.checkChunkLinks(plan, fewerRows, combinePublic))
                .hasMessageContaining("chunk 2's proof covers 1 rows, the dataset's chunk 2 has 2");
        assertThatThrownBy(() -> DatasetProver.checkChunkLinks(plan, chunkPublic.subList(0, 2), combinePublic))
                .hasMessageContaining("2 chunk proofs for 3 chunks");
        // totals are checked in the combine step
        fails(DatasetProver.proveChunked(P, 2, List.of(new Mean("age", "50", "60")), new SecureRandom()).combine());
        // per-row checks in the chunks
        fails(DatasetProver.proveChunked(P, 2, List.of(new ColumnRange("age", "30", "75")), new SecureRandom())
                .chunks().get(2));
        // chunks of 5 rows (8 padded, one chunk of 4 plus one of 1) and of 8
        DatasetProver.Chunked c5 = DatasetProver.proveChunked(A, 4, List.of(), new SecureRandom());
        assertThat(c5.chunks()).hasSize(2);
        holds(c5.combine());
        // a tampered partials commitment or chunk root is refused by the combine circuit
        fails(ch.combine().with("partials_commitment[1]", Fr.add(ch.combine().inputs()
                .get("partials_commitment[1]"), BigInteger.ONE)));
        fails(ch.combine().with("chunk_root[2]", BigInteger.ONE));
        fails(ch.combine().with("partials[0][0]", BigInteger.valueOf(100)));
        assertThatThrownBy(() -> DatasetProver.ChunkPlan.of(6, 3)).hasMessageContaining("power of two");
    }

    @Test
    void rowCircuitDependsOnlyOnPublicParameters() {
        assertThat(DatasetProver.rowCircuit(P.schema(), 6, Optional.empty(), true, List.of("age")))
                .isEqualTo(DatasetProver.provenance(P, 0, List.of("age"), BigInteger.ONE).circuit());
    }
}
