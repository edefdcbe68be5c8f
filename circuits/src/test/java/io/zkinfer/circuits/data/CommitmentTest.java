package io.zkinfer.circuits.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zkinfer.circuits.field.Poseidon2;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommitmentTest {

    @Test
    void formatsMatchTheDocumentedHashes() {
        CommittedDataset cd = TestData.patients();
        Schema s = cd.schema();
        List<BigInteger> row = cd.data().row(0);
        List<BigInteger> in = new ArrayList<>(List.of(s.tag(), cd.salt(0)));
        in.addAll(row);
        assertThat(cd.rowCommitment(0)).isEqualTo(Poseidon2.hash(in));
        // 6 rows: depth 3, two zero leaves
        List<BigInteger> rc = cd.commitment().rowCommitments();
        BigInteger l01 = Poseidon2.hash(rc.get(0), rc.get(1));
        BigInteger l23 = Poseidon2.hash(rc.get(2), rc.get(3));
        BigInteger l45 = Poseidon2.hash(rc.get(4), rc.get(5));
        BigInteger l67 = Poseidon2.hash(BigInteger.ZERO, BigInteger.ZERO);
        BigInteger root = Poseidon2.hash(Poseidon2.hash(l01, l23), Poseidon2.hash(l45, l67));
        assertThat(cd.commitment().depth()).isEqualTo(3);
        assertThat(cd.commitment().root()).isEqualTo(root);
        assertThat(cd.commitment().commitment()).isEqualTo(Poseidon2.hash(s.tag(), BigInteger.valueOf(6), root));
    }

    @Test
    void filesRoundTripAndSaltsStayOutOfThePublicFile() {
        CommittedDataset cd = DataCommitter.commit(TestData.patients().data(), new SecureRandom());
        String pub = cd.commitment().toJson();
        assertThat(DatasetCommitment.parse(pub)).isEqualTo(cd.commitment());
        assertThat(SaltFile.parse(cd.salts().toJson())).isEqualTo(cd.salts());
        for (BigInteger salt : cd.salts().salts()) {
            assertThat(pub).doesNotContain(salt.toString());
        }
        assertThat(CommittedDataset.open(cd.data(), SaltFile.parse(cd.salts().toJson()),
                DatasetCommitment.parse(pub)).size()).isEqualTo(6);
    }

    @Test
    void tamperedDataOrCommitmentIsRefused() {
        CommittedDataset cd = TestData.patients();
        List<List<BigInteger>> rows = new ArrayList<>(cd.data().rows());
        List<BigInteger> r2 = new ArrayList<>(rows.get(2));
        r2.set(1, BigInteger.valueOf(39));
        rows.set(2, r2);
        Dataset tampered = new Dataset(cd.schema(), rows);
        assertThatThrownBy(() -> CommittedDataset.open(tampered, cd.salts(), cd.commitment()))
                .isInstanceOf(DataException.class).hasMessageContaining("row 3");
        String badRoot = cd.commitment().toJson().replace(cd.commitment().root().toString(), "12345");
        assertThatThrownBy(() -> DatasetCommitment.parse(badRoot)).hasMessageContaining("root");
    }

    @Test
    void pathsRebuildTheRoot() {
        CommittedDataset cd = TestData.applicants();
        List<List<BigInteger>> tree = cd.tree();
        for (int i = 0; i < cd.size(); i++) {
            BigInteger node = cd.rowCommitment(i);
            List<BigInteger> path = Commitments.path(tree, i);
            for (int d = 0; d < path.size(); d++) {
                node = ((i >> d) & 1) == 0 ? Commitments.node(node, path.get(d)) : Commitments.node(path.get(d), node);
            }
            assertThat(node).isEqualTo(cd.commitment().root());
        }
        assertThat(Commitments.depth(1)).isZero();
        assertThat(Commitments.depth(8)).isEqualTo(3);
        assertThat(Commitments.depth(9)).isEqualTo(4);
    }

    @Test
    void merkleDepthIsBoundedWithAClearErrorInsteadOfOverflowing() {
        assertThat(Commitments.depth(1L << 30)).isEqualTo(30);
        // 2^30 + 1 rows would need depth 31, where 1 << 31 overflows an int
        assertThatThrownBy(() -> Commitments.depth((1L << 30) + 1)).isInstanceOf(DataException.class)
                .hasMessageContaining("depth 31 is outside [0, 30]");
        assertThatThrownBy(() -> Commitments.depth(Long.MAX_VALUE)).hasMessageContaining("depth 63");
        assertThatThrownBy(() -> Commitments.tree(List.of(BigInteger.ONE), 31))
                .hasMessageContaining("Merkle tree: Merkle tree depth 31");
        assertThatThrownBy(() -> Commitments.tree(List.of(BigInteger.ONE), -1)).hasMessageContaining("depth -1");
        assertThatThrownBy(() -> RecordGadget.merkleRoot(new io.zkinfer.circuits.ir.CircuitBuilder("deep"),
                List.of(), 31)).hasMessageContaining("depth 31");
        assertThatThrownBy(() -> DatasetProver.ChunkPlan.of(Integer.MAX_VALUE, 1 << 10))
                .isInstanceOf(DataException.class).hasMessageContaining("depth 31");
        // 2^30 rows plan fine, with long arithmetic for the padded size
        assertThat(DatasetProver.ChunkPlan.of(1 << 30, 1 << 30).chunks()).isEqualTo(1);
        assertThatThrownBy(() -> DatasetProver.ChunkPlan.of(5, 16)).hasMessageContaining("at most 8");
    }
}
