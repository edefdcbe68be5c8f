package io.zkinfer.circuits.data;

import io.zkinfer.circuits.field.Fr;
import io.zkinfer.circuits.field.Poseidon2;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The commitment formats (Java side; {@link RecordGadget} builds the same in circuits).
 *
 * <ul>
 *   <li>record: {@code C = Poseidon2(schemaTag, salt, v_1, ..., v_k)} with each value as a field element
 *       (negative {@code v} is {@code r - |v|});</li>
 *   <li>tree: a binary Merkle tree of depth {@code d = ceil(log2 N)} over the row commitments in row order, padded
 *       with leaves {@code 0} to {@code 2^d}; an inner node is {@code Poseidon2(left, right)};</li>
 *   <li>dataset: {@code D = Poseidon2(schemaTag, N, root)}: binds the schema and the row count.</li>
 * </ul>
 */
public final class Commitments {

    /**
     * Deepest Merkle tree this library builds (2^30 leaves): tree sizes stay far inside {@code int} and a circuit's
     * path stays small. Deeper requests fail with a message instead of overflowing {@code 1 << depth}.
     */
    public static final int MAX_DEPTH = 30;

    private Commitments() {
    }

    /** {@code depth} if it lies in [0, {@link #MAX_DEPTH}], else a {@link DataException} naming {@code what}. */
    public static int requireDepth(int depth, String what) {
        if (depth < 0 || depth > MAX_DEPTH) {
            throw new DataException(what + ": Merkle tree depth " + depth + " is outside [0, " + MAX_DEPTH
                    + "] (at most 2^" + MAX_DEPTH + " leaves)");
        }
        return depth;
    }

    public static BigInteger record(BigInteger schemaTag, BigInteger salt, List<BigInteger> values) {
        List<BigInteger> in = new ArrayList<>(values.size() + 2);
        in.add(schemaTag);
        in.add(Fr.requireCanonical(salt, "salt"));
        values.forEach(v -> in.add(Fr.fromSigned(v)));
        return Poseidon2.hash(in);
    }

    public static BigInteger dataset(BigInteger schemaTag, long rows, BigInteger root) {
        return Poseidon2.hash(schemaTag, BigInteger.valueOf(rows), root);
    }

    public static BigInteger node(BigInteger left, BigInteger right) {
        return Poseidon2.hash(left, right);
    }

    /** Depth of the tree over {@code rows} leaves: {@code ceil(log2 rows)}, 0 for one row, at most {@link #MAX_DEPTH}. */
    public static int depth(long rows) {
        if (rows < 1) {
            throw new DataException("a dataset needs at least one row");
        }
        return requireDepth(64 - Long.numberOfLeadingZeros(rows - 1), rows + " leaves");
    }

    /** All levels of the tree: level 0 = the leaves padded to {@code 2^depth}, last level = [root]. */
    public static List<List<BigInteger>> tree(List<BigInteger> leaves, int depth) {
        requireDepth(depth, "Merkle tree");
        if (leaves.size() > (1L << depth)) {
            throw new DataException(leaves.size() + " leaves do not fit a tree of depth " + depth);
        }
        List<List<BigInteger>> levels = new ArrayList<>();
        List<BigInteger> level = new ArrayList<>(leaves);
        while (level.size() < (1L << depth)) {
            level.add(BigInteger.ZERO);
        }
        levels.add(List.copyOf(level));
        for (int d = 0; d < depth; d++) {
            List<BigInteger> up = new ArrayList<>(level.size() / 2);
            for (int i = 0; i < level.size(); i += 2) {
                up.add(node(level.get(i), level.get(i + 1)));
            }
            level = up;
            levels.add(List.copyOf(level));
        }
        return List.copyOf(levels);
    }

    public static BigInteger root(List<BigInteger> leaves, int depth) {
        List<List<BigInteger>> t = tree(leaves, depth);
        return t.get(t.size() - 1).get(0);
    }

    /** The siblings of leaf {@code index}, from the leaf level up. */
    public static List<BigInteger> path(List<List<BigInteger>> tree, int index) {
        List<BigInteger> out = new ArrayList<>();
        int i = index;
        for (int d = 0; d < tree.size() - 1; d++) {
            out.add(tree.get(d).get(i ^ 1));
            i >>= 1;
        }
        return List.copyOf(out);
    }
}
