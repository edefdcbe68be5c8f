package io.zkinfer.circuits.data;

import io.zkinfer.circuits.data.policy.Policy;
import io.zkinfer.circuits.data.policy.PolicyCompiler;
import io.zkinfer.circuits.field.Fr;
import io.zkinfer.circuits.field.Poseidon2;
import io.zkinfer.circuits.ir.Circuit;
import io.zkinfer.circuits.ir.CircuitBuilder;
import io.zkinfer.circuits.ir.Wire;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@link DatasetCheck}s over a dataset committed in the bulk format ({@link BulkFormat}): one <em>chunk</em> circuit
 * (the same for every chunk, so one setup serves them all) and one small <em>combine</em> circuit.
 *
 * <p><b>Chunk circuit</b> (B rows). Public input {@code rows_in_chunk} (n); outputs {@code chunk_leaf} and
 * {@code partials_commitment}. Private: {@code row[i].<field>} for i &lt; B, {@code active[i]}, {@code chunk_salt},
 * {@code partials_salt}. It
 * <ul>
 *   <li>range-checks every value to its declared range (code {@code u = v - min} to {@code w} bits, and
 *       {@code max - v} unless the range has exactly 2^w values; booleans asserted boolean);</li>
 *   <li>asserts {@code active} is n ones then zeros ({@code a_i} boolean, {@code a_i·(1 - a_{i-1}) = 0},
 *       {@code Σa = n}) and that inactive (padding) rows are all-zero codes ({@code (1 - a_i)·code_i = 0});</li>
 *   <li>packs the codes ({@link BulkFormat}, linear: free) and outputs
 *       {@code chunk_leaf = Poseidon2(T, chunk_salt, packed...)};</li>
 *   <li>asserts {@link DatasetCheck.ColumnRange} on active rows ({@code v - lo} and {@code hi - v} range-checked,
 *       masked linearly so that padding rows check 0);</li>
 *   <li>computes partials over active rows: counts {@code Σ a_i·policy_i}; for sums, means and variances the sums of
 *       codes {@code Σu} and {@code Σu²} (padding codes are 0, so no mask is needed); outputs
 *       {@code partials_commitment = Poseidon2(partials_salt, partials...)} (salted: per-chunk statistics stay
 *       hidden).</li>
 * </ul>
 *
 * <p><b>Combine circuit</b>. Public {@code dataset_commitment}, then {@code chunk_leaf[j]} and
 * {@code partials_commitment[j]} for each chunk; private each chunk's partials and salt. Opens each partials
 * commitment, rebuilds the chunk tree from the leaves in chunk order, asserts {@code D = Poseidon2(T, N, root)}, adds
 * the partials, turns code sums into value sums ({@code Σv = Σu + N·min}, {@code Σv² = Σu² + 2·min·Σu + N·min²}:
 * linear) and asserts the totals' checks exactly as {@link DatasetProver} does (cross-multiplied, no division).
 *
 * <p><b>A verifier</b> (1) verifies the combine proof against public values whose first is D from the public
 * commitment file, (2) for every chunk j verifies one chunk proof against {@link #chunkPublicValues}: {@code [n_j,
 * chunk_leaf[j], partials_commitment[j]]} taken from the combine proof, with {@code n_j} computed from N and B. Both
 * circuits are rebuilt from public parameters (schema, N, B, checks), so the keys' circuit hashes are known.
 */
public final class BulkProver {

    public static final String ROWS_IN_CHUNK = "rows_in_chunk";
    public static final String CHUNK_LEAF = "chunk_leaf";
    public static final String PARTIALS_COMMITMENT = "partials_commitment";

    private BulkProver() {
    }

    // ------------------------------------------------------------------ chunk

    /** The chunk circuit: depends on schema, chunk size and checks only. */
    public static Circuit chunkCircuit(Schema schema, int chunkSize, List<DatasetCheck> checks) {
        DatasetProver.validate(schema, checks);
        BulkFormat f = new BulkFormat(schema, chunkSize);
        int k = schema.size();
        CircuitBuilder b = new CircuitBuilder("bulk-chunk:" + schema.name() + ":B=" + chunkSize + ":" + checks);
        Wire n = b.publicInput(ROWS_IN_CHUNK);
        Wire one = b.constant(1);
        Wire zero = b.constant(0);
        List<List<Wire>> values = new ArrayList<>(chunkSize);
        List<Wire> codes = new ArrayList<>(chunkSize);
        List<Wire> active = new ArrayList<>(chunkSize);
        for (int i = 0; i < chunkSize; i++) {
            List<Wire> row = new ArrayList<>(k);
            List<BigInteger> coefs = new ArrayList<>(k);
            BigInteger bias = BigInteger.ZERO;
            for (int c = 0; c < k; c++) {
                Schema.Field fd = schema.fields().get(c);
                Wire v = b.privateInput("row[" + i + "]." + fd.name());
                RecordGadget.rangeCheck(b, fd.type(), v);
                row.add(v);
                BigInteger p = BigInteger.ONE.shiftLeft(f.offset(c));
                coefs.add(p);
                bias = bias.subtract(p.multiply(fd.type().min()));
            }
            values.add(row);
            // the row's code Σ (v - min)·2^offset: every code is range-checked, so this is injective
            codes.add(b.linearCombination(coefs, row, Fr.reduce(bias)));
            Wire a = b.privateInput("active[" + i + "]");
            b.assertBoolean(a);
            if (i > 0) {
                // a_i = 1 only if a_{i-1} = 1: the active rows are a prefix
                b.assertEqual(b.mul(a, b.sub(one, active.get(i - 1))), zero);
            }
            // padding rows are all-zero codes (v = min for every field)
            b.assertEqual(b.mul(b.sub(one, a), codes.get(i)), zero);
            active.add(a);
        }
        b.assertEqual(b.sum(active), n);

        // chunk leaf over the packed rows
        List<Wire> leafIn = new ArrayList<>();
        leafIn.add(b.constant(f.tag()));
        leafIn.add(b.privateInput("chunk_salt"));
        int r = f.rowsPerElement();
        for (int e = 0; e < f.elementsPerChunk(); e++) {
            List<BigInteger> coefs = new ArrayList<>();
            List<Wire> ws = new ArrayList<>();
            for (int t = 0; t < r && e * r + t < chunkSize; t++) {
                coefs.add(BigInteger.ONE.shiftLeft(t * f.rowBits()));
                ws.add(codes.get(e * r + t));
            }
            leafIn.add(b.linearCombination(coefs, ws, BigInteger.ZERO));
        }
        b.output(CHUNK_LEAF, b.poseidon2(leafIn));

        List<Wire> partials = new ArrayList<>();
        for (DatasetCheck ch : checks) {
            switch (ch) {
                case DatasetCheck.ColumnRange cr -> {
                    int col = schema.require(cr.column());
                    FieldType t = schema.fields().get(col).type();
                    BigInteger lo = DatasetProver.parseValue(t, cr.lo(), cr.column());
                    BigInteger hi = DatasetProver.parseValue(t, cr.hi(), cr.column());
                    if (lo.compareTo(hi) > 0) {
                        throw new DataException("column '" + cr.column() + "': empty range [" + cr.lo() + ", "
                                + cr.hi() + "]");
                    }
                    int w = RecordGadget.bitsFor(hi.subtract(lo), "range of '" + cr.column() + "'");
                    BigInteger min = t.min();
                    for (int i = 0; i < chunkSize; i++) {
                        Wire v = values.get(i).get(col);
                        Wire a = active.get(i);
                        // active: v - lo; padding (v = min): (v - min) + a·(min - lo) = 0
                        b.rangeCheck(b.linearCombination(List.of(BigInteger.ONE, Fr.reduce(min.subtract(lo))),
                                List.of(v, a), Fr.reduce(min.negate())), w);
                        // active: hi - v; padding: -v + a·(hi - min) + min = 0
                        b.rangeCheck(b.linearCombination(List.of(Fr.reduce(BigInteger.ONE.negate()),
                                Fr.reduce(hi.subtract(min))), List.of(v, a), Fr.reduce(min)), w);
                    }
                }
                case DatasetCheck.Count cnt -> partials.add(maskedCount(b, schema, values, active, cnt.policy()));
                case DatasetCheck.Sum s -> partials.add(codeSum(b, schema, values, s.column(), false));
                case DatasetCheck.Mean m -> partials.add(codeSum(b, schema, values, m.column(), false));
                case DatasetCheck.Variance v -> {
                    partials.add(codeSum(b, schema, values, v.column(), false));
                    partials.add(codeSum(b, schema, values, v.column(), true));
                }
                case DatasetCheck.ParityGap p -> {
                    List<Wire> na = new ArrayList<>();
                    List<Wire> nb = new ArrayList<>();
                    List<Wire> pa = new ArrayList<>();
                    List<Wire> pb = new ArrayList<>();
                    for (int i = 0; i < chunkSize; i++) {
                        List<Wire> row = values.get(i);
                        Wire pos = PolicyCompiler.compile(p.positive(), schema, b, c -> row.get(schema.require(c)));
                        Wire ga = b.mul(active.get(i), PolicyCompiler.compile(p.groupA(), schema, b,
                                c -> row.get(schema.require(c))));
                        Wire gb = b.mul(active.get(i), PolicyCompiler.compile(p.groupB(), schema, b,
                                c -> row.get(schema.require(c))));
                        na.add(ga);
                        nb.add(gb);
                        pa.add(b.mul(ga, pos));
                        pb.add(b.mul(gb, pos));
                    }
                    partials.add(b.sum(na));
                    partials.add(b.sum(nb));
                    partials.add(b.sum(pa));
                    partials.add(b.sum(pb));
                }
            }
        }
        b.output(PARTIALS_COMMITMENT, b.commit(b.privateInput("partials_salt"), partials));
        return b.build();
    }

    private static Wire maskedCount(CircuitBuilder b, Schema schema, List<List<Wire>> values, List<Wire> active,
                                    Policy policy) {
        List<Wire> terms = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            List<Wire> row = values.get(i);
            terms.add(b.mul(active.get(i), PolicyCompiler.compile(policy, schema, b, c -> row.get(schema.require(c)))));
        }
        return b.sum(terms);
    }

    /** {@code Σ (v - min)} or {@code Σ (v - min)²} over all rows (padding codes are 0). */
    private static Wire codeSum(CircuitBuilder b, Schema schema, List<List<Wire>> values, String column,
                                boolean squares) {
        int col = schema.require(column);
        BigInteger negMin = Fr.reduce(schema.fields().get(col).type().min().negate());
        List<Wire> terms = new ArrayList<>(values.size());
        for (List<Wire> row : values) {
            Wire u = b.linearCombination(List.of(BigInteger.ONE), List.of(row.get(col)), negMin);
            terms.add(squares ? b.mul(u, u) : u);
        }
        return b.sum(terms);
    }

    /** The chunk statement for chunk {@code j}: its rows (padded with all-min rows), salts and active bits. */
    public static DataStatement chunk(CommittedBulkDataset cd, int j, List<DatasetCheck> checks,
                                      BigInteger partialsSalt) {
        return chunk(chunkCircuit(cd.schema(), cd.commitment().chunkSize(), checks), cd, j, partialsSalt);
    }

    /** As {@link #chunk(CommittedBulkDataset, int, List, BigInteger)} with the chunk circuit already built. */
    public static DataStatement chunk(Circuit chunkCircuit, CommittedBulkDataset cd, int j, BigInteger partialsSalt) {
        BulkFormat f = cd.format();
        Schema schema = cd.schema();
        List<List<BigInteger>> rows = cd.chunk(j);
        Map<String, BigInteger> in = new HashMap<>();
        in.put(ROWS_IN_CHUNK, BigInteger.valueOf(rows.size()));
        for (int i = 0; i < f.chunkSize(); i++) {
            boolean real = i < rows.size();
            for (int c = 0; c < schema.size(); c++) {
                Schema.Field fd = schema.fields().get(c);
                in.put("row[" + i + "]." + fd.name(), Fr.fromSigned(real ? rows.get(i).get(c) : fd.type().min()));
            }
            in.put("active[" + i + "]", real ? BigInteger.ONE : BigInteger.ZERO);
        }
        in.put("chunk_salt", cd.chunkSalts().get(j));
        in.put("partials_salt", Fr.requireCanonical(partialsSalt, "partials salt"));
        return new DataStatement(chunkCircuit, in);
    }

    // ------------------------------------------------------------------ combine

    /** The combine circuit for N rows in chunks of B. */
    public static Circuit combineCircuit(Schema schema, int rows, int chunkSize, List<DatasetCheck> checks) {
        DatasetProver.validate(schema, checks);
        BulkFormat f = new BulkFormat(schema, chunkSize);
        int chunks = f.chunks(rows);
        CircuitBuilder b = new CircuitBuilder("bulk-combine:" + schema.name() + ":n=" + rows + ":B=" + chunkSize + ":"
                + checks);
        Wire d = b.publicInput(DatasetProver.DATASET_COMMITMENT);
        int np = DatasetProver.partialCount(checks);
        List<Wire> leaves = new ArrayList<>();
        List<List<Wire>> parts = new ArrayList<>();
        for (int j = 0; j < chunks; j++) {
            leaves.add(b.publicInput(CHUNK_LEAF + "[" + j + "]"));
            Wire pc = b.publicInput(PARTIALS_COMMITMENT + "[" + j + "]");
            List<Wire> p = new ArrayList<>();
            for (int m = 0; m < np; m++) {
                p.add(b.privateInput("partials[" + j + "][" + m + "]"));
            }
            b.assertEqual(pc, b.commit(b.privateInput("partials_salt[" + j + "]"), p));
            parts.add(p);
        }
        Wire root = RecordGadget.merkleRoot(b, leaves, f.depth(rows));
        b.assertEqual(d, b.poseidon2(b.constant(f.tag()), b.constant(rows), root));
        List<Wire> codeTotals = new ArrayList<>();
        for (int m = 0; m < np; m++) {
            final int mm = m;
            codeTotals.add(b.sum(parts.stream().map(p -> p.get(mm)).toList()));
        }
        // code sums -> value sums (linear)
        BigInteger n = BigInteger.valueOf(rows);
        List<Wire> totals = new ArrayList<>();
        int k = 0;
        for (DatasetCheck ch : checks) {
            switch (ch) {
                case DatasetCheck.ColumnRange cr -> { }
                case DatasetCheck.Count cnt -> totals.add(codeTotals.get(k++));
                case DatasetCheck.Sum s -> totals.add(valueSum(b, schema, s.column(), n, codeTotals.get(k++)));
                case DatasetCheck.Mean m -> totals.add(valueSum(b, schema, m.column(), n, codeTotals.get(k++)));
                case DatasetCheck.Variance v -> {
                    Wire su = codeTotals.get(k++);
                    Wire qu = codeTotals.get(k++);
                    BigInteger min = schema.field(v.column()).type().min();
                    totals.add(valueSum(b, schema, v.column(), n, su));
                    // Σv² = Σu² + 2·min·Σu + N·min²
                    totals.add(b.linearCombination(List.of(BigInteger.ONE, Fr.reduce(min.shiftLeft(1))),
                            List.of(qu, su), Fr.reduce(n.multiply(min).multiply(min))));
                }
                case DatasetCheck.ParityGap p -> {
                    for (int i = 0; i < 4; i++) {
                        totals.add(codeTotals.get(k++));
                    }
                }
            }
        }
        DatasetProver.finish(b, schema, rows, checks, totals);
        return b.build();
    }

    private static Wire valueSum(CircuitBuilder b, Schema schema, String column, BigInteger n, Wire codeSum) {
        BigInteger min = schema.field(column).type().min();
        return b.linearCombination(List.of(BigInteger.ONE), List.of(codeSum), Fr.reduce(n.multiply(min)));
    }

    /** The partials of chunk {@code j} as the chunk circuit computes them (canonical field elements). */
    public static List<BigInteger> partialValues(CommittedBulkDataset cd, int j, List<DatasetCheck> checks) {
        Schema schema = cd.schema();
        List<List<BigInteger>> rows = cd.chunk(j);
        List<BigInteger> out = new ArrayList<>();
        for (DatasetCheck c : checks) {
            switch (c) {
                case DatasetCheck.ColumnRange r -> { }
                case DatasetCheck.Count k -> out.add(BigInteger.valueOf(rows.stream()
                        .filter(row -> PolicyCompiler.evaluate(k.policy(), schema, row)).count()));
                case DatasetCheck.Sum s -> out.add(codeSum(schema, rows, s.column(), false));
                case DatasetCheck.Mean m -> out.add(codeSum(schema, rows, m.column(), false));
                case DatasetCheck.Variance v -> {
                    out.add(codeSum(schema, rows, v.column(), false));
                    out.add(codeSum(schema, rows, v.column(), true));
                }
                case DatasetCheck.ParityGap p -> out.addAll(DatasetProver.parityCounts(schema, rows, p));
            }
        }
        return out;
    }

    private static BigInteger codeSum(Schema schema, List<List<BigInteger>> rows, String column, boolean squares) {
        int i = schema.require(column);
        BigInteger min = schema.fields().get(i).type().min();
        BigInteger s = BigInteger.ZERO;
        for (List<BigInteger> row : rows) {
            BigInteger u = row.get(i).subtract(min);
            s = s.add(squares ? u.multiply(u) : u);
        }
        return s;
    }

    /** Every statement of a bulk proof: one per chunk (same circuit) and the combine statement. */
    public record Plan(List<DataStatement> chunks, DataStatement combine) {
        public Plan {
            chunks = List.copyOf(chunks);
            Objects.requireNonNull(combine);
        }
    }

    /** All statements, with fresh partials salts from {@code random}. */
    public static Plan prove(CommittedBulkDataset cd, List<DatasetCheck> checks, SecureRandom random) {
        Circuit chunkCircuit = chunkCircuit(cd.schema(), cd.commitment().chunkSize(), checks);
        List<DataStatement> chunks = new ArrayList<>();
        Map<String, BigInteger> in = new HashMap<>();
        in.put(DatasetProver.DATASET_COMMITMENT, cd.commitment().commitment());
        for (int j = 0; j < cd.commitment().chunks(); j++) {
            BigInteger salt = DataCommitter.randomSalt(random);
            chunks.add(chunk(chunkCircuit, cd, j, salt));
            in.putAll(combineInputs(cd, j, checks, salt));
        }
        return new Plan(chunks, new DataStatement(combineCircuit(cd.schema(), cd.size(), cd.commitment().chunkSize(),
                checks), in));
    }

    /** The combine circuit's inputs for chunk {@code j} (its leaf, partials, salt and partials commitment). */
    public static Map<String, BigInteger> combineInputs(CommittedBulkDataset cd, int j, List<DatasetCheck> checks,
                                                        BigInteger partialsSalt) {
        Map<String, BigInteger> in = new HashMap<>();
        in.put(CHUNK_LEAF + "[" + j + "]", cd.commitment().chunkLeaves().get(j));
        List<BigInteger> partials = partialValues(cd, j, checks);
        List<BigInteger> pcIn = new ArrayList<>();
        pcIn.add(partialsSalt);
        for (int m = 0; m < partials.size(); m++) {
            in.put("partials[" + j + "][" + m + "]", partials.get(m));
            pcIn.add(partials.get(m));
        }
        in.put("partials_salt[" + j + "]", partialsSalt);
        in.put(PARTIALS_COMMITMENT + "[" + j + "]", Poseidon2.hash(pcIn));
        return in;
    }

    // ------------------------------------------------------------------ verifier side

    /**
     * The public values each chunk proof must be verified against, derived from the public commitment file and the
     * combine proof's public values: chunk j gets {@code [n_j, chunk_leaf[j], partials_commitment[j]]} with
     * {@code n_j = min(B, N - j·B)}. Throws unless the combine proof's public values are
     * {@code [D, (leaf, partials commitment) × C]} with D and the leaves those of {@code commitment}.
     *
     * <p>Why this suffices: the combine proof shows that the C leaves, in this order, hash to D; verifying chunk proof
     * j against leaf j proves that leaf j opens to B range-checked rows of which exactly the first n_j are real and
     * that partials commitment j commits to those rows' partials, which the combine proof adds and checks. A chunk
     * proof for another position (swapped or duplicated) carries another leaf and fails; a missing chunk leaves a
     * position without a verified proof; another D fails the combine proof.
     */
    public static List<List<BigInteger>> chunkPublicValues(BulkCommitment commitment,
                                                           List<BigInteger> combinePublicValues) {
        int c = commitment.chunks();
        if (combinePublicValues.size() != 1 + 2 * c) {
            throw new DataException("combine proof has " + combinePublicValues.size() + " public values, expected "
                    + (1 + 2 * c) + " for " + c + " chunks");
        }
        if (!combinePublicValues.get(0).equals(commitment.commitment())) {
            throw new DataException("the combine proof is about dataset " + combinePublicValues.get(0) + ", not "
                    + commitment.commitment());
        }
        List<List<BigInteger>> out = new ArrayList<>(c);
        for (int j = 0; j < c; j++) {
            BigInteger leaf = combinePublicValues.get(1 + 2 * j);
            if (!leaf.equals(commitment.chunkLeaves().get(j))) {
                throw new DataException("chunk " + j + ": the combine proof's leaf differs from the committed leaf");
            }
            long n = Math.min(commitment.chunkSize(), commitment.rows() - (long) j * commitment.chunkSize());
            out.add(List.of(BigInteger.valueOf(n), leaf, combinePublicValues.get(2 + 2 * j)));
        }
        return out;
    }

    /**
     * Checks the public values of verified chunk proofs against {@link #chunkPublicValues}: exactly one proof per
     * chunk, in chunk order.
     */
    public static void checkChunkLinks(BulkCommitment commitment, List<List<BigInteger>> chunkProofPublicValues,
                                       List<BigInteger> combinePublicValues) {
        List<List<BigInteger>> expected = chunkPublicValues(commitment, combinePublicValues);
        if (chunkProofPublicValues.size() != expected.size()) {
            throw new DataException(chunkProofPublicValues.size() + " chunk proofs for " + expected.size()
                    + " chunks");
        }
        for (int j = 0; j < expected.size(); j++) {
            if (!expected.get(j).equals(chunkProofPublicValues.get(j))) {
                throw new DataException("chunk proof " + j + " is not about chunk " + j + " of this dataset (its row"
                        + " count, leaf or partials commitment differ from those the combine proof used)");
            }
        }
    }
}
