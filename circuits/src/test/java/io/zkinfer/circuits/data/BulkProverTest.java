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
import io.zkinfer.circuits.ir.UnsatisfiedCircuitException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bulk format and its chunk/combine circuits, checked with the Java evaluator (fast; real proofs: prover-java). */
class BulkProverTest {

    private static final int N = 40;
    private static final int B = 16;            // chunks of 16, 16 and 8 rows
    private static final Dataset DATA = SyntheticPopulation.generate(N, 7);
    private static final CommittedBulkDataset CD = CommittedBulkDataset.commit(DATA, B, new SecureRandom());
    private static final Policy HIGH = Policy.parse("income >= 60000 && age < 50");

    private static long count() {
        return DATA.rows().stream().filter(r -> io.zkinfer.circuits.data.policy.PolicyCompiler.evaluate(HIGH, DATA.schema(), r)).count();
    }

    private static BigDecimal mean(int col) {
        long s = 0;
        for (List<BigInteger> r : DATA.rows()) {
            s += r.get(col).longValue();
        }
        return BigDecimal.valueOf(s).divide(BigDecimal.valueOf(N), MathContext.DECIMAL64);
    }

    private static List<DatasetCheck> trueChecks() {
        long k = count();
        BigDecimal m = mean(1);
        return List.of(new ColumnRange("age", "18", "95"), new Count(HIGH, k, k),
                new Mean("income", m.subtract(BigDecimal.ONE).toPlainString(), m.add(BigDecimal.ONE).toPlainString()),
                new Variance("age", "0", "1000"), new Sum("employed", "0", String.valueOf(N)));
    }

    private static void fails(DataStatement s) {
        assertThatThrownBy(s::witness).isInstanceOf(UnsatisfiedCircuitException.class);
    }

    @Test
    void formatPacksRowsAndCommitsChunks() {
        BulkFormat f = CD.format();
        assertThat(f.rowBits()).isEqualTo(28);
        assertThat(f.rowsPerElement()).isEqualTo(9);
        assertThat(f.elementsPerChunk()).isEqualTo(2);
        assertThat(f.chunks(N)).isEqualTo(3);
        assertThat(f.rowsIn(N, 2)).isEqualTo(8);
        assertThat(f.tag()).isNotEqualTo(DATA.schema().tag()).isNotEqualTo(new BulkFormat(DATA.schema(), 32).tag());
        BulkCommitment c = BulkCommitment.parse(CD.commitment().toJson(), DATA.schema());
        assertThat(c).isEqualTo(CD.commitment());
        assertThat(CommittedBulkDataset.open(DATA, CD.chunkSalts(), c).commitment()).isEqualTo(c);
        List<List<BigInteger>> changed = new ArrayList<>(DATA.rows());
        changed.set(20, List.of(BigInteger.valueOf(30), BigInteger.valueOf(1000), BigInteger.ONE));
        assertThatThrownBy(() -> CommittedBulkDataset.open(new Dataset(DATA.schema(), changed), CD.chunkSalts(), c))
                .hasMessageContaining("chunk 1");
    }

    @Test
    void honestChunksAndCombineHoldAndLinkUp() {
        BulkProver.Plan plan = BulkProver.prove(CD, trueChecks(), new SecureRandom());
        assertThat(plan.chunks()).hasSize(3);
        assertThat(plan.chunks().stream().map(s -> s.circuit().hash()).distinct()).hasSize(1);
        List<List<BigInteger>> chunkPub = new ArrayList<>();
        for (int j = 0; j < 3; j++) {
            List<BigInteger> pub = plan.chunks().get(j).publicValues();
            assertThat(pub.get(0)).isEqualTo(BigInteger.valueOf(CD.format().rowsIn(N, j)));
            assertThat(pub.get(1)).isEqualTo(CD.commitment().chunkLeaves().get(j));
            chunkPub.add(pub);
        }
        List<BigInteger> combinePub = plan.combine().publicValues();
        BulkProver.checkChunkLinks(CD.commitment(), chunkPub, combinePub);

        // swapped, duplicated, missing chunks
        assertThatThrownBy(() -> BulkProver.checkChunkLinks(CD.commitment(),
                List.of(chunkPub.get(1), chunkPub.get(0), chunkPub.get(2)), combinePub)).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> BulkProver.checkChunkLinks(CD.commitment(),
                List.of(chunkPub.get(0), chunkPub.get(0), chunkPub.get(2)), combinePub)).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> BulkProver.checkChunkLinks(CD.commitment(), chunkPub.subList(0, 2), combinePub))
                .isInstanceOf(DataException.class);
        // a different D
        List<BigInteger> otherD = new ArrayList<>(combinePub);
        otherD.set(0, Fr.add(otherD.get(0), BigInteger.ONE));
        assertThatThrownBy(() -> BulkProver.chunkPublicValues(CD.commitment(), otherD)).isInstanceOf(DataException.class);
        fails(plan.combine().with(DatasetProver.DATASET_COMMITMENT, otherD.get(0)));
        // leaves in another order do not hash to D
        fails(plan.combine().with("chunk_leaf[0]", CD.commitment().chunkLeaves().get(1))
                .with("chunk_leaf[1]", CD.commitment().chunkLeaves().get(0)));
    }

    @Test
    void chunkRefusesOutOfRangeValuesAndBadPadding() {
        List<DatasetCheck> checks = trueChecks();
        DataStatement last = BulkProver.chunk(CD, 2, checks, BigInteger.TWO);
        last.witness();
        // a value outside the schema's declared range, or outside the checked column range
        fails(last.with("row[0].age", BigInteger.valueOf(121)));
        fails(last.with("row[0].age", Fr.fromSigned(-1)));
        fails(last.with("row[0].age", BigInteger.valueOf(17)));
        fails(last.with("row[0].employed", BigInteger.TWO));
        fails(last.with("row[0].income", BigInteger.valueOf(1_000_001)));
        // padding rows (8..15) must be all-min rows and inactive; the active rows are exactly the first n
        fails(last.with("row[9].income", BigInteger.ONE));
        fails(last.with("active[8]", BigInteger.ONE));
        fails(last.with("active[8]", BigInteger.ONE).with("active[7]", BigInteger.ZERO));
        fails(last.with(BulkProver.ROWS_IN_CHUNK, BigInteger.valueOf(9)));
        fails(last.with(BulkProver.ROWS_IN_CHUNK, BigInteger.valueOf(16)));
        // a padding row below the column range is fine (masked), a real one is not
        DataStatement full = BulkProver.chunk(CD, 0, List.of(new ColumnRange("age", "30", "95")), BigInteger.ONE);
        boolean young = DATA.rows().subList(0, B).stream().anyMatch(r -> r.get(0).intValue() < 30);
        assertThat(young).isTrue();
        fails(full);
        DataStatement lastOnly = BulkProver.chunk(CD, 2, List.of(new ColumnRange("age", "18", "95")), BigInteger.ONE);
        lastOnly.witness();
    }

    @Test
    void falseTotalsHaveNoCombine() {
        long k = count();
        fails(BulkProver.prove(CD, List.of(new Count(HIGH, k + 1, N)), new SecureRandom()).combine());
        fails(BulkProver.prove(CD, List.of(new Count(HIGH, 0, k - 1)), new SecureRandom()).combine());
        BigDecimal m = mean(1);
        fails(BulkProver.prove(CD, List.of(new Mean("income", m.add(BigDecimal.ONE).toPlainString(), "1000000")),
                new SecureRandom()).combine());
        fails(BulkProver.prove(CD, List.of(new Variance("age", "0", "1")), new SecureRandom()).combine());
        // forged partials do not open the chunk's partials commitment
        BulkProver.Plan plan = BulkProver.prove(CD, List.of(new Count(HIGH, 0, N)), new SecureRandom());
        plan.combine().witness();
        fails(plan.combine().with("partials[0][0]", BigInteger.ZERO.equals(plan.combine().inputs()
                .get("partials[0][0]")) ? BigInteger.ONE : BigInteger.ZERO));
    }

    @Test
    void totalsMatchTheWholeDatasetCircuit() {
        // the bulk totals agree with the per-row format's statistics on the same rows
        List<DatasetCheck> checks = List.of(new ParityGap(Policy.parse("employed"), Policy.parse("age < 40"),
                Policy.parse("age >= 40"), "1"));
        BulkProver.prove(CD, checks, new SecureRandom()).combine().witness();
        CommittedDataset rowFormat = DataCommitter.commit(DATA, new SecureRandom());
        BigInteger s = BigInteger.ZERO;
        for (int j = 0; j < 3; j++) {
            s = s.add(BulkProver.partialValues(CD, j, List.of(new Sum("age", "0", "1"))).get(0));
        }
        // code sum + N·min (min 0 for age)
        assertThat(s).isEqualTo(DatasetProver.partialValues(rowFormat, 0, N, List.of(new Sum("age", "0", "1"))).get(0));
    }
}
