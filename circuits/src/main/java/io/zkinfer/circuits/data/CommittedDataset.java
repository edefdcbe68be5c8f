package io.zkinfer.circuits.data;

import java.math.BigInteger;
import java.util.List;
import java.util.Objects;

/**
 * A dataset together with its salts and public commitment: everything a prover needs. Built by
 * {@link DataCommitter}, or re-assembled from the CSV, schema and salts file with {@link #open}, which checks that the
 * data still hashes to the commitment.
 */
public record CommittedDataset(Dataset data, SaltFile salts, DatasetCommitment commitment) {

    public CommittedDataset {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(salts, "salts");
        Objects.requireNonNull(commitment, "commitment");
        if (salts.salts().size() != data.size() || commitment.rows() != data.size()) {
            throw new DataException("dataset has " + data.size() + " rows, salts file " + salts.salts().size()
                    + ", commitment " + commitment.rows());
        }
        if (!salts.commitment().equals(commitment.commitment())) {
            throw new DataException("the salts file belongs to dataset commitment " + salts.commitment()
                    + ", not " + commitment.commitment());
        }
    }

    /** Re-assembles and checks every row against its commitment; names the first row that differs. */
    public static CommittedDataset open(Dataset data, SaltFile salts, DatasetCommitment commitment) {
        CommittedDataset cd = new CommittedDataset(data, salts, commitment.checked());
        BigInteger tag = data.schema().tag();
        if (!tag.equals(commitment.schemaTag())) {
            throw new DataException("schema '" + data.schema().name() + "' has tag " + tag
                    + ", the commitment was made under tag " + commitment.schemaTag());
        }
        for (int i = 0; i < data.size(); i++) {
            if (!cd.rowCommitment(i).equals(commitment.rowCommitments().get(i))) {
                throw new DataException("row differs from the committed row (wrong data or salt)", i + 1, "");
            }
        }
        return cd;
    }

    public Schema schema() {
        return data.schema();
    }

    public int size() {
        return data.size();
    }

    public BigInteger salt(int row) {
        return salts.salts().get(row);
    }

    public BigInteger rowCommitment(int row) {
        return Commitments.record(schema().tag(), salt(row), data.row(row));
    }

    public List<List<BigInteger>> tree() {
        return Commitments.tree(commitment.rowCommitments(), commitment.depth());
    }
}
