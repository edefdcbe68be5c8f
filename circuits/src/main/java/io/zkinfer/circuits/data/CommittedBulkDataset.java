package io.zkinfer.circuits.data;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A dataset committed in the bulk format ({@link BulkFormat}) with its private chunk salts and public
 * {@link BulkCommitment}: what a bulk prover needs. The chunk salts are private (publishing them makes the leaves
 * brute-forceable).
 */
public record CommittedBulkDataset(Dataset data, List<BigInteger> chunkSalts, BulkCommitment commitment) {

    public CommittedBulkDataset {
        Objects.requireNonNull(data, "data");
        chunkSalts = List.copyOf(chunkSalts);
        Objects.requireNonNull(commitment, "commitment");
        if (commitment.rows() != data.size() || chunkSalts.size() != commitment.chunks()) {
            throw new DataException("bulk dataset has " + data.size() + " rows and " + chunkSalts.size()
                    + " chunk salts, the commitment " + commitment.rows() + " rows in " + commitment.chunks()
                    + " chunks");
        }
    }

    /** Commits {@code data} in chunks of {@code chunkSize} rows with fresh uniform salts. */
    public static CommittedBulkDataset commit(Dataset data, int chunkSize, SecureRandom random) {
        BulkFormat f = new BulkFormat(data.schema(), chunkSize);
        List<BigInteger> salts = new ArrayList<>();
        for (int j = 0; j < f.chunks(data.size()); j++) {
            salts.add(DataCommitter.randomSalt(random));
        }
        return commit(data, chunkSize, salts);
    }

    /** With given salts (each must be a uniformly random field element). */
    public static CommittedBulkDataset commit(Dataset data, int chunkSize, List<BigInteger> salts) {
        BulkFormat f = new BulkFormat(data.schema(), chunkSize);
        int c = f.chunks(data.size());
        if (salts.size() != c) {
            throw new DataException(salts.size() + " chunk salts for " + c + " chunks");
        }
        List<BigInteger> leaves = new ArrayList<>(c);
        for (int j = 0; j < c; j++) {
            leaves.add(f.leaf(salts.get(j), chunkRows(data, f, j)));
        }
        int depth = Commitments.depth(c);
        BigInteger root = Commitments.root(leaves, depth);
        return new CommittedBulkDataset(data, salts, new BulkCommitment(data.schema().name(), f.tag(), data.size(),
                chunkSize, depth, root, f.dataset(data.size(), root), leaves));
    }

    /** Re-assembles data, salts and public file; checks every chunk leaf (names the first chunk that differs). */
    public static CommittedBulkDataset open(Dataset data, List<BigInteger> salts, BulkCommitment commitment) {
        CommittedBulkDataset cd = new CommittedBulkDataset(data, salts, commitment.checked(data.schema()));
        for (int j = 0; j < commitment.chunks(); j++) {
            if (!cd.format().leaf(salts.get(j), chunkRows(data, cd.format(), j)).equals(commitment.chunkLeaves()
                    .get(j))) {
                throw new DataException("chunk " + j + " (rows " + (j * (long) commitment.chunkSize() + 1)
                        + "..) differs from the committed chunk (wrong data or salt)");
            }
        }
        return cd;
    }

    public BulkFormat format() {
        return new BulkFormat(data.schema(), commitment.chunkSize());
    }

    public Schema schema() {
        return data.schema();
    }

    public int size() {
        return data.size();
    }

    /** The rows of chunk {@code j} (without padding). */
    public List<List<BigInteger>> chunk(int j) {
        return chunkRows(data, format(), j);
    }

    static List<List<BigInteger>> chunkRows(Dataset data, BulkFormat f, int j) {
        int first = j * f.chunkSize();
        return data.rows().subList(first, first + f.rowsIn(data.size(), j));
    }
}
