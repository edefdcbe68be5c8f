package io.zkinfer.circuits.data;

import io.zkinfer.circuits.field.Fr;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * Commits a dataset: a fresh random salt per row (from {@link SecureRandom}), the salted row commitments, their
 * Merkle root and {@code D = Poseidon2(tag, N, root)}. The public part goes to {@link DatasetCommitment#toJson()},
 * the salts to {@link SaltFile#toJson()} (keep it private).
 */
public final class DataCommitter {

    private DataCommitter() {
    }

    public static CommittedDataset commit(Path csv, Path schema) {
        Schema s = Schema.read(schema);
        return commit(Dataset.readCsv(csv, s), new SecureRandom());
    }

    public static CommittedDataset commit(String csvText, Schema schema) {
        return commit(Dataset.parseCsv(csvText, schema), new SecureRandom());
    }

    public static CommittedDataset commit(Dataset data, SecureRandom random) {
        List<BigInteger> salts = new ArrayList<>(data.size());
        for (int i = 0; i < data.size(); i++) {
            salts.add(randomSalt(random));
        }
        return commit(data, salts);
    }

    /** With given salts (tests, or re-committing); each salt must be a uniformly random field element. */
    public static CommittedDataset commit(Dataset data, List<BigInteger> salts) {
        if (salts.size() != data.size()) {
            throw new DataException(salts.size() + " salts for " + data.size() + " rows");
        }
        BigInteger tag = data.schema().tag();
        List<BigInteger> rcs = new ArrayList<>(data.size());
        for (int i = 0; i < data.size(); i++) {
            rcs.add(Commitments.record(tag, salts.get(i), data.row(i)));
        }
        int depth = Commitments.depth(data.size());
        BigInteger root = Commitments.root(rcs, depth);
        BigInteger d = Commitments.dataset(tag, data.size(), root);
        DatasetCommitment pub = new DatasetCommitment(data.schema().name(), tag, data.size(), depth, root, d, rcs);
        return new CommittedDataset(data, new SaltFile(d, salts), pub);
    }

    /** A uniform field element: 320 random bits reduced mod r (bias below 2^-64). */
    public static BigInteger randomSalt(SecureRandom random) {
        byte[] b = new byte[40];
        random.nextBytes(b);
        return Fr.reduce(new BigInteger(1, b));
    }
}
