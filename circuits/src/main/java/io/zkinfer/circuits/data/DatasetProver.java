package io.zkinfer.circuits.data;

import io.zkinfer.circuits.data.policy.Policy;
import io.zkinfer.circuits.data.policy.PolicyCompiler;
import io.zkinfer.circuits.field.Fr;
import io.zkinfer.circuits.field.Poseidon2;
import io.zkinfer.circuits.ir.Circuit;
import io.zkinfer.circuits.ir.CircuitBuilder;
import io.zkinfer.circuits.ir.Wire;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Circuits over a committed dataset ({@link Commitments}): the dataset commitment with its row count and
 * {@link DatasetCheck}s over all rows (in one circuit, or in chunks tied together by a combine circuit), membership
 * of a row, a policy over one committed row, and model-input provenance. Circuits depend only on public parameters
 * (schema, row count, checks, chunk size); the {@code prove} methods add the private values.
 *
 * <p>Input names: {@code dataset_commitment} (public), {@code row[i].<field>} and {@code row[i].salt} (private).
 */
public final class DatasetProver {

    public static final String DATASET_COMMITMENT = "dataset_commitment";
    /** Output of a chunk circuit: how many rows the chunk proof covers. */
    public static final String ROWS_IN_CHUNK = "rows_in_chunk";

    private DatasetProver() {
    }

    // ------------------------------------------------------------------ whole dataset, one circuit

    /** Public: {@code dataset_commitment}. Private: every row and salt. Asserts D and every check. */
    public static Circuit circuit(Schema schema, int rows, List<DatasetCheck> checks) {
        validate(schema, checks);
        CircuitBuilder b = new CircuitBuilder("dataset:" + schema.name() + ":n=" + rows + ":" + describe(checks));
        Wire d = b.publicInput(DATASET_COMMITMENT);
        List<RecordGadget.RecordWires> recs = rows(b, schema, 0, rows);
        List<Wire> partials = rowChecks(b, schema, recs, checks);
        Wire root = RecordGadget.merkleRoot(b, recs.stream().map(RecordGadget.RecordWires::commitment).toList(),
                Commitments.depth(rows));
        b.assertEqual(d, datasetCommitment(b, schema, rows, root));
        finish(b, schema, rows, checks, partials);
        return b.build();
    }

    public static DataStatement prove(CommittedDataset cd, List<DatasetCheck> checks) {
        Map<String, BigInteger> in = new HashMap<>();
        in.put(DATASET_COMMITMENT, cd.commitment().commitment());
        assignRows(in, cd, 0, cd.size());
        return new DataStatement(circuit(cd.schema(), cd.size(), checks), in);
    }

    // ------------------------------------------------------------------ one row

    /**
     * Membership of a public record commitment: public {@code dataset_commitment}, {@code record_commitment}; private
     * the leaf index (bits, checked below N) and the Merkle path. Does not open the record.
     */
    public static Circuit membershipCircuit(Schema schema, int rows) {
        CircuitBuilder b = new CircuitBuilder("membership:" + schema.name() + ":n=" + rows);
        Wire d = b.publicInput(DATASET_COMMITMENT);
        Wire leaf = b.publicInput("record_commitment");
        b.assertEqual(d, pathToCommitment(b, schema, rows, leaf));
        return b.build();
    }

    public static DataStatement membership(CommittedDataset cd, int row) {
        Map<String, BigInteger> in = new HashMap<>();
        in.put(DATASET_COMMITMENT, cd.commitment().commitment());
        in.put("record_commitment", cd.rowCommitment(row));
        assignPath(in, cd, row);
        return new DataStatement(membershipCircuit(cd.schema(), cd.size()), in);
    }

    /**
     * A committed row, opened privately: public {@code dataset_commitment}; private the row, its salt and its path.
     * Optionally asserts {@code policy} over the row; outputs {@code row_commitment} if {@code revealRow}, and, if
     * {@code inputColumns} is non-empty, {@code input_commitment = Poseidon2(input_salt, columns...)}, which is what
     * {@link CircuitBuilder#commit} computes for a model input of the same values: an inference proof that commits
     * its private input with the same salt links to this row.
     */
    public static Circuit rowCircuit(Schema schema, int rows, Optional<Policy> policy, boolean revealRow,
                                     List<String> inputColumns) {
        return rowCircuit(schema, rows, policy, revealRow, inputColumns, OptionalInt.empty());
    }

    /**
     * {@link #rowCircuit(Schema, int, Optional, boolean, List)} whose {@code input_commitment}, with
     * {@code modelScale} present, commits the columns as a quantized model input: {@code round(x·2^scale)} (half up,
     * as {@code QuantizedExecutor} quantizes a float input) of each column's value {@code x} (a decimal field's
     * {@code v / 10^d}), computed in-circuit ({@link #quantize}). That is exactly what an inference circuit compiled
     * with input visibility {@code committed} and input scale {@code modelScale} commits.
     */
    public static Circuit rowCircuit(Schema schema, int rows, Optional<Policy> policy, boolean revealRow,
                                     List<String> inputColumns, OptionalInt modelScale) {
        policy.ifPresent(p -> PolicyCompiler.check(p, schema));
        inputColumns.forEach(schema::require);
        modelScale.ifPresent(s -> checkScale(s));
        CircuitBuilder b = new CircuitBuilder("row:" + schema.name() + ":n=" + rows + policy.map(p -> ":" + p)
                .orElse("") + (revealRow ? ":reveal" : "") + (inputColumns.isEmpty() ? "" : ":input=" + inputColumns)
                + (modelScale.isPresent() ? ":scale=" + modelScale.getAsInt() : ""));
        Wire d = b.publicInput(DATASET_COMMITMENT);
        RecordGadget.RecordWires rec = RecordGadget.privateRecord(b, schema, "row.");
        b.assertEqual(d, pathToCommitment(b, schema, rows, rec.commitment()));
        policy.ifPresent(p -> b.assertEqual(PolicyCompiler.compile(p, schema, b, rec::value), b.constant(1)));
        if (revealRow) {
            b.output("row_commitment", rec.commitment());
        }
        if (!inputColumns.isEmpty()) {
            Wire salt = b.privateInput("input_salt");
            List<Wire> in = new ArrayList<>();
            for (String c : inputColumns) {
                in.add(modelScale.isPresent()
                        ? quantizeWire(b, schema.field(c).type(), rec.value(c), modelScale.getAsInt(), c)
                        : rec.value(c));
            }
            b.output("input_commitment", b.commit(salt, in));
        }
        return b.build();
    }

    /** Row {@code row} of the dataset satisfies {@code policy} (the row stays hidden, even its index). */
    public static DataStatement rowPolicy(CommittedDataset cd, int row, Policy policy) {
        return rowStatement(cd, row, Optional.of(policy), false, List.of(), BigInteger.ZERO);
    }

    /**
     * Model-input provenance: the values of {@code inputColumns} of row {@code row} of dataset D are committed as
     * {@code input_commitment} with {@code inputSalt}; also reveals the row's salted commitment.
     */
    public static DataStatement provenance(CommittedDataset cd, int row, List<String> inputColumns,
                                           BigInteger inputSalt) {
        if (inputColumns.isEmpty()) {
            throw new DataException("provenance needs at least one input column");
        }
        return rowStatement(cd, row, Optional.empty(), true, inputColumns, inputSalt);
    }

    /**
     * Model-input provenance with the columns committed as a model input quantized at {@code 2^modelScale}
     * ({@link #rowCircuit(Schema, int, Optional, boolean, List, OptionalInt)}): {@code input_commitment} equals the
     * {@code commit:<input>} output of an inference circuit with committed input, the same salt and these values.
     */
    public static DataStatement provenance(CommittedDataset cd, int row, List<String> inputColumns,
                                           BigInteger inputSalt, int modelScale) {
        if (inputColumns.isEmpty()) {
            throw new DataException("provenance needs at least one input column");
        }
        return rowStatement(cd, row, Optional.empty(), true, inputColumns, inputSalt, OptionalInt.of(modelScale));
    }

    /** A row statement (policy, provenance or both), as {@link #rowCircuit} with all its options. */
    public static DataStatement rowStatement(CommittedDataset cd, int row, Optional<Policy> policy, boolean reveal,
                                             List<String> inputColumns, BigInteger inputSalt,
                                             OptionalInt modelScale) {
        if (row < 0 || row >= cd.size()) {
            throw new DataException("row index " + row + " is outside the dataset's rows 0.." + (cd.size() - 1));
        }
        DataStatement st = rowStatement(cd, row, policy, reveal, inputColumns, inputSalt);
        Map<String, BigInteger> in = new HashMap<>(st.inputs());
        if (modelScale.isPresent()) {
            for (String c : inputColumns) {
                FieldType t = cd.schema().field(c).type();
                if (decimals(t) > 0) {
                    in.put(quotientName(c), Fr.fromSigned(quantize(t, cd.data().row(row).get(cd.schema().require(c)),
                            modelScale.getAsInt())));
                }
            }
        }
        return new DataStatement(rowCircuit(cd.schema(), cd.size(), policy, reveal, inputColumns, modelScale), in);
    }

    /** {@code round(x·2^scale)}, half up, of a field's encoded value {@code v} ({@code x = v / 10^d} for decimals). */
    public static BigInteger quantize(FieldType type, BigInteger v, int scale) {
        checkScale(scale);
        int d = decimals(type);
        BigInteger ten = BigInteger.TEN.pow(d);
        BigInteger num = v.shiftLeft(scale + 1).add(ten);
        BigInteger den = ten.shiftLeft(1);
        BigInteger[] qr = num.divideAndRemainder(den);
        return qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];    // floor division
    }

    /** The value an inference circuit's {@code commit(salt, inputs)} gives for these columns quantized at a scale. */
    public static BigInteger inputCommitment(CommittedDataset cd, int row, List<String> inputColumns,
                                             BigInteger inputSalt, int modelScale) {
        List<BigInteger> in = new ArrayList<>();
        in.add(inputSalt);
        for (String c : inputColumns) {
            in.add(Fr.fromSigned(quantize(cd.schema().field(c).type(), cd.data().row(row).get(cd.schema().require(c)),
                    modelScale)));
        }
        return Poseidon2.hash(in);
    }

    private static void checkScale(int scale) {
        if (scale < 0 || scale > 64) {
            throw new DataException("model input scale " + scale + " must lie in 0..64 (value = round(x * 2^scale))");
        }
    }

    private static int decimals(FieldType t) {
        return t instanceof FieldType.DecimalType dt ? dt.scale() : 0;
    }

    private static String quotientName(String column) {
        return "input_q." + column;
    }

    /**
     * In-circuit {@code q = round(x·2^s)} of a range-checked field value {@code v}. Integers (d = 0): {@code v·2^s},
     * exact. Decimals: the prover supplies {@code q} (private {@code input_q.<column>}); with {@code den = 2·10^d},
     * {@code r = 2^(s+1)·v + 10^d − den·q} is range-checked to {@code [0, den)} and {@code q} to its range given the
     * field's, so {@code q = floor((2^(s+1)·v + 10^d) / den)} is the only value that passes (no wrap-around: all
     * magnitudes stay far below the field size).
     */
    private static Wire quantizeWire(CircuitBuilder b, FieldType type, Wire v, int scale, String column) {
        int d = decimals(type);
        if (d == 0) {
            return b.linearCombination(List.of(BigInteger.ONE.shiftLeft(scale)), List.of(v), BigInteger.ZERO);
        }
        BigInteger ten = BigInteger.TEN.pow(d);
        BigInteger den = ten.shiftLeft(1);
        Wire q = b.privateInput(quotientName(column));
        BigInteger qMin = quantize(type, type.min(), scale);
        BigInteger qMax = quantize(type, type.max(), scale);
        b.rangeCheck(b.linearCombination(List.of(BigInteger.ONE), List.of(q), qMin.negate()),
                Math.max(1, qMax.subtract(qMin).bitLength()));
        Wire r = b.linearCombination(List.of(BigInteger.ONE.shiftLeft(scale + 1), den.negate()), List.of(v, q), ten);
        int rBits = den.subtract(BigInteger.ONE).bitLength();
        b.rangeCheck(r, rBits);
        b.rangeCheck(b.linearCombination(List.of(BigInteger.ONE.negate()), List.of(r), den.subtract(BigInteger.ONE)),
                rBits);
        return q;
    }

    private static DataStatement rowStatement(CommittedDataset cd, int row, Optional<Policy> policy,
                                              boolean reveal, List<String> inputColumns, BigInteger inputSalt) {
        Map<String, BigInteger> in = new HashMap<>();
        in.put(DATASET_COMMITMENT, cd.commitment().commitment());
        in.putAll(RecordGadget.assign(cd.schema(), "row.", cd.data().row(row), cd.salt(row)));
        assignPath(in, cd, row);
        if (!inputColumns.isEmpty()) {
            in.put("input_salt", Fr.requireCanonical(inputSalt, "input salt"));
        }
        return new DataStatement(rowCircuit(cd.schema(), cd.size(), policy, reveal, inputColumns), in);
    }

    /** The value an inference circuit's {@code commit(salt, inputs)} gives for these columns of a row. */
    public static BigInteger inputCommitment(CommittedDataset cd, int row, List<String> inputColumns,
                                             BigInteger inputSalt) {
        List<BigInteger> in = new ArrayList<>();
        in.add(inputSalt);
        for (String c : inputColumns) {
            in.add(Fr.fromSigned(cd.data().row(row).get(cd.schema().require(c))));
        }
        return Poseidon2.hash(in);
    }

    // ------------------------------------------------------------------ chunks

    /**
     * How a dataset of {@code rows} rows is cut into aligned chunks of {@code chunkSize} (a power of two, at most the
     * padded size {@code 2^depth}) rows: each chunk is a subtree of the dataset tree at level {@code log2 chunkSize}.
     */
    public record ChunkPlan(int rows, int chunkSize, int depth, int chunks) {
        public static ChunkPlan of(int rows, int chunkSize) {
            int depth = Commitments.depth(rows);
            if (chunkSize < 1 || Integer.bitCount(chunkSize) != 1 || chunkSize > (1L << depth)) {
                throw new DataException("chunk size " + chunkSize + " must be a power of two and at most "
                        + (1L << depth) + " (the padded row count)");
            }
            return new ChunkPlan(rows, chunkSize, depth, (rows + chunkSize - 1) / chunkSize);
        }

        public int chunkDepth() {
            return Integer.numberOfTrailingZeros(chunkSize);
        }

        public int rowsIn(int chunk) {
            return Math.min(chunkSize, rows - chunk * chunkSize);
        }
    }

    /**
     * A chunk of {@code rowsInChunk} rows (padded with zero leaves to {@code chunkSize}). No public inputs; outputs
     * {@code rows_in_chunk} (the constant {@code rowsInChunk}, so that a verifier sees from the public values how many
     * rows a chunk proof covers), {@code chunk_root} (its subtree root) and
     * {@code partials_commitment = Poseidon2(partials_salt, partials...)}. Per-row checks
     * ({@link DatasetCheck.ColumnRange}) are asserted here; totals go to the combine circuit.
     */
    public static Circuit chunkCircuit(Schema schema, int rowsInChunk, int chunkSize, List<DatasetCheck> checks) {
        validate(schema, checks);
        CircuitBuilder b = new CircuitBuilder("chunk:" + schema.name() + ":rows=" + rowsInChunk + "/" + chunkSize
                + ":" + describe(checks));
        List<RecordGadget.RecordWires> recs = rows(b, schema, 0, rowsInChunk);
        List<Wire> partials = rowChecks(b, schema, recs, checks);
        Wire root = RecordGadget.merkleRoot(b, recs.stream().map(RecordGadget.RecordWires::commitment).toList(),
                Integer.numberOfTrailingZeros(chunkSize));
        b.output(ROWS_IN_CHUNK, b.constant(rowsInChunk));
        b.output("chunk_root", root);
        b.output("partials_commitment", b.commit(b.privateInput("partials_salt"), partials));
        return b.build();
    }

    public static DataStatement chunk(CommittedDataset cd, int chunk, int chunkSize, List<DatasetCheck> checks,
                                      BigInteger partialsSalt) {
        ChunkPlan plan = ChunkPlan.of(cd.size(), chunkSize);
        if (chunk < 0 || chunk >= plan.chunks()) {
            throw new DataException("chunk " + chunk + " is outside [0, " + plan.chunks() + ")");
        }
        Map<String, BigInteger> in = new HashMap<>();
        int first = chunk * chunkSize;
        assignRows(in, cd, first, plan.rowsIn(chunk));
        // chunk circuits number their rows from 0
        Map<String, BigInteger> renamed = new HashMap<>();
        in.forEach((k, v) -> renamed.put(renumber(k, first), v));
        renamed.put("partials_salt", Fr.requireCanonical(partialsSalt, "partials salt"));
        return new DataStatement(chunkCircuit(cd.schema(), plan.rowsIn(chunk), chunkSize, checks), renamed);
    }

    /**
     * Ties the chunks to one dataset: public {@code dataset_commitment}, then {@code chunk_root[j]} and
     * {@code partials_commitment[j]} for each chunk; private each chunk's partials and salt. Rebuilds the dataset
     * root from the chunk roots (empty subtrees are constants), asserts D and the totals' checks.
     */
    public static Circuit combineCircuit(Schema schema, int rows, int chunkSize, List<DatasetCheck> checks) {
        validate(schema, checks);
        ChunkPlan plan = ChunkPlan.of(rows, chunkSize);
        CircuitBuilder b = new CircuitBuilder("combine:" + schema.name() + ":n=" + rows + ":chunk=" + chunkSize + ":"
                + describe(checks));
        Wire d = b.publicInput(DATASET_COMMITMENT);
        int np = partialCount(checks);
        List<Wire> roots = new ArrayList<>();
        List<List<Wire>> parts = new ArrayList<>();
        for (int j = 0; j < plan.chunks(); j++) {
            roots.add(b.publicInput("chunk_root[" + j + "]"));
            Wire pc = b.publicInput("partials_commitment[" + j + "]");
            List<Wire> p = new ArrayList<>();
            for (int m = 0; m < np; m++) {
                p.add(b.privateInput("partials[" + j + "][" + m + "]"));
            }
            b.assertEqual(pc, b.commit(b.privateInput("partials_salt[" + j + "]"), p));
            parts.add(p);
        }
        BigInteger empty = Commitments.root(List.of(), plan.chunkDepth());
        List<Wire> level = new ArrayList<>(roots);
        while (level.size() < (1L << (plan.depth() - plan.chunkDepth()))) {
            level.add(b.constant(empty));
        }
        Wire root = RecordGadget.merkleRoot(b, level, plan.depth() - plan.chunkDepth());
        b.assertEqual(d, datasetCommitment(b, schema, rows, root));
        List<Wire> totals = new ArrayList<>();
        for (int m = 0; m < np; m++) {
            final int mm = m;
            totals.add(b.sum(parts.stream().map(p -> p.get(mm)).toList()));
        }
        finish(b, schema, rows, checks, totals);
        return b.build();
    }

    /** All statements of a chunked proof, with fresh partials salts. */
    public record Chunked(List<DataStatement> chunks, DataStatement combine) {
        public Chunked {
            chunks = List.copyOf(chunks);
            Objects.requireNonNull(combine);
        }
    }

    public static Chunked proveChunked(CommittedDataset cd, int chunkSize, List<DatasetCheck> checks,
                                       SecureRandom random) {
        ChunkPlan plan = ChunkPlan.of(cd.size(), chunkSize);
        List<DataStatement> chunks = new ArrayList<>();
        Map<String, BigInteger> in = new HashMap<>();
        in.put(DATASET_COMMITMENT, cd.commitment().commitment());
        for (int j = 0; j < plan.chunks(); j++) {
            BigInteger salt = DataCommitter.randomSalt(random);
            DataStatement s = chunk(cd, j, chunkSize, checks, salt);
            chunks.add(s);
            int first = j * chunkSize;
            List<BigInteger> partials = partialValues(cd, first, plan.rowsIn(j), checks);
            in.put("chunk_root[" + j + "]", Commitments.root(
                    cd.commitment().rowCommitments().subList(first, first + plan.rowsIn(j)), plan.chunkDepth()));
            List<BigInteger> pcIn = new ArrayList<>();
            pcIn.add(salt);
            for (int m = 0; m < partials.size(); m++) {
                in.put("partials[" + j + "][" + m + "]", partials.get(m));
                pcIn.add(partials.get(m));
            }
            in.put("partials_salt[" + j + "]", salt);
            in.put("partials_commitment[" + j + "]", Poseidon2.hash(pcIn));
        }
        return new Chunked(chunks, new DataStatement(combineCircuit(cd.schema(), cd.size(), chunkSize, checks), in));
    }

    /**
     * The verifier's link check for a chunked proof, on the public values of verified proofs: there must be exactly
     * one chunk proof per chunk of {@code plan}; chunk {@code j}'s {@code [rows_in_chunk, chunk_root,
     * partials_commitment]} must be {@code plan.rowsIn(j)} and the combine proof's public values {@code 1+2j, 2+2j}.
     * (Each proof is verified against its own circuit's key.)
     */
    public static void checkChunkLinks(ChunkPlan plan, List<List<BigInteger>> chunkPublicValues,
                                       List<BigInteger> combinePublicValues) {
        if (chunkPublicValues.size() != plan.chunks()) {
            throw new DataException(chunkPublicValues.size() + " chunk proofs for " + plan.chunks() + " chunks ("
                    + plan.rows() + " rows in chunks of " + plan.chunkSize() + ")");
        }
        if (combinePublicValues.size() != 1 + 2 * chunkPublicValues.size()) {
            throw new DataException("combine proof has " + combinePublicValues.size() + " public values, expected "
                    + (1 + 2 * chunkPublicValues.size()) + " for " + chunkPublicValues.size() + " chunks");
        }
        for (int j = 0; j < chunkPublicValues.size(); j++) {
            List<BigInteger> c = chunkPublicValues.get(j);
            if (c.size() != 3) {
                throw new DataException("chunk " + j + "'s proof has " + c.size() + " public values, expected 3 ("
                        + ROWS_IN_CHUNK + ", chunk_root, partials_commitment)");
            }
            if (!c.get(0).equals(BigInteger.valueOf(plan.rowsIn(j)))) {
                throw new DataException("chunk " + j + "'s proof covers " + c.get(0) + " rows, the dataset's chunk "
                        + j + " has " + plan.rowsIn(j));
            }
            if (!c.get(1).equals(combinePublicValues.get(1 + 2 * j))
                    || !c.get(2).equals(combinePublicValues.get(2 + 2 * j))) {
                throw new DataException("chunk " + j + "'s root and partials commitment differ from those the combine"
                        + " proof used");
            }
        }
    }

    // ------------------------------------------------------------------ internals

    private static String describe(List<DatasetCheck> checks) {
        return checks.toString();
    }

    /** Checks that {@code checks} fit {@code schema} (columns exist and are numeric, bounds parse, policies compile). */
    public static void validateChecks(Schema schema, List<DatasetCheck> checks) {
        validate(schema, checks);
    }

    static void validate(Schema schema, List<DatasetCheck> checks) {
        for (DatasetCheck c : checks) {
            switch (c) {
                case DatasetCheck.ColumnRange r -> {
                    FieldType t = schema.field(r.column()).type();
                    parseValue(t, r.lo(), r.column());
                    parseValue(t, r.hi(), r.column());
                }
                case DatasetCheck.Count k -> PolicyCompiler.check(k.policy(), schema);
                case DatasetCheck.Sum s -> numeric(schema, s.column());
                case DatasetCheck.Mean m -> numeric(schema, m.column());
                case DatasetCheck.Variance v -> numeric(schema, v.column());
                case DatasetCheck.ParityGap p -> {
                    PolicyCompiler.check(p.positive(), schema);
                    PolicyCompiler.check(p.groupA(), schema);
                    PolicyCompiler.check(p.groupB(), schema);
                    BigDecimal g = decimal(p.maxGap(), "parity gap");
                    if (g.signum() < 0 || g.compareTo(BigDecimal.ONE) > 0) {
                        throw new DataException("parity gap " + p.maxGap() + " must lie in [0, 1]");
                    }
                }
            }
        }
    }

    static int numeric(Schema schema, String column) {
        FieldType t = schema.field(column).type();
        return switch (t) {
            case FieldType.IntegerType i -> 0;
            case FieldType.BooleanType bo -> 0;
            case FieldType.DecimalType dt -> dt.scale();
            default -> throw new DataException("column '" + column + "' is a " + t.typeName()
                    + "; sums, means and variances need an integer, decimal or boolean column");
        };
    }

    static BigInteger parseValue(FieldType t, String text, String column) {
        try {
            return t.parse(text);
        } catch (IllegalArgumentException e) {
            throw new DataException("bound for column '" + column + "': " + e.getMessage());
        }
    }

    private static BigDecimal decimal(String text, String what) {
        try {
            return new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            throw new DataException(what + " '" + text + "' is not a decimal number");
        }
    }

    /** {@code text · 10^shift} as a fraction {@code num / 10^e}: returns {num, 10^e}. */
    private static BigInteger[] fraction(String text, int shift, String what) {
        BigDecimal v = decimal(text, what).movePointRight(shift).stripTrailingZeros();
        int e = Math.max(0, v.scale());
        return new BigInteger[] {v.movePointRight(e).toBigIntegerExact(), BigInteger.TEN.pow(e)};
    }

    private static BigInteger maxAbs(FieldType t) {
        return t.min().abs().max(t.max().abs());
    }

    private static List<RecordGadget.RecordWires> rows(CircuitBuilder b, Schema schema, int first, int count) {
        if (count < 1) {
            throw new DataException("a dataset circuit needs at least one row");
        }
        List<RecordGadget.RecordWires> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(RecordGadget.privateRecord(b, schema, "row[" + (first + i) + "]."));
        }
        return out;
    }

    private static void assignRows(Map<String, BigInteger> in, CommittedDataset cd, int first, int count) {
        for (int i = first; i < first + count; i++) {
            in.putAll(RecordGadget.assign(cd.schema(), "row[" + i + "].", cd.data().row(i), cd.salt(i)));
        }
    }

    private static String renumber(String name, int first) {
        int close = name.indexOf(']');
        int i = Integer.parseInt(name.substring(4, close));
        return "row[" + (i - first) + "]" + name.substring(close + 1);
    }

    private static Wire datasetCommitment(CircuitBuilder b, Schema schema, int rows, Wire root) {
        return b.poseidon2(b.constant(schema.tag()), b.constant(rows), root);
    }

    /** D recomputed from a leaf, private index bits (index < rows) and siblings. */
    private static Wire pathToCommitment(CircuitBuilder b, Schema schema, int rows, Wire leaf) {
        int depth = Commitments.depth(rows);
        List<Wire> bits = b.privateInputs("index_bit", depth);
        List<Wire> sib = b.privateInputs("sibling", depth);
        if (depth > 0 && rows < (1L << depth)) {
            // padding leaves are 0, not commitments: the index must name a real row
            List<BigInteger> pow = new ArrayList<>();
            for (int j = 0; j < depth; j++) {
                pow.add(BigInteger.ONE.shiftLeft(j));
            }
            Wire index = b.linearCombination(pow, bits, BigInteger.ZERO);
            b.assertEqual(b.less(index, b.constant(rows), depth), b.constant(1));
        }
        return datasetCommitment(b, schema, rows, b.merkleRoot(leaf, bits, sib));
    }

    private static void assignPath(Map<String, BigInteger> in, CommittedDataset cd, int row) {
        if (row < 0 || row >= cd.size()) {
            throw new DataException("row index " + row + " is outside [0, " + cd.size() + ")");
        }
        List<BigInteger> path = Commitments.path(cd.tree(), row);
        for (int j = 0; j < path.size(); j++) {
            in.put("index_bit[" + j + "]", BigInteger.valueOf((row >> j) & 1));
            in.put("sibling[" + j + "]", path.get(j));
        }
    }

    static int partialCount(List<DatasetCheck> checks) {
        int n = 0;
        for (DatasetCheck c : checks) {
            n += switch (c) {
                case DatasetCheck.ColumnRange r -> 0;
                case DatasetCheck.Count k -> 1;
                case DatasetCheck.Sum s -> 1;
                case DatasetCheck.Mean m -> 1;
                case DatasetCheck.Variance v -> 2;
                case DatasetCheck.ParityGap p -> 4;
            };
        }
        return n;
    }

    /** Asserts per-row checks and returns the partial sums (in {@link #partialCount} order) over these rows. */
    private static List<Wire> rowChecks(CircuitBuilder b, Schema schema, List<RecordGadget.RecordWires> recs,
                                        List<DatasetCheck> checks) {
        List<Wire> partials = new ArrayList<>();
        for (DatasetCheck c : checks) {
            switch (c) {
                case DatasetCheck.ColumnRange r -> {
                    FieldType t = schema.field(r.column()).type();
                    BigInteger lo = parseValue(t, r.lo(), r.column());
                    BigInteger hi = parseValue(t, r.hi(), r.column());
                    if (lo.compareTo(hi) > 0) {
                        throw new DataException("column '" + r.column() + "': empty range [" + r.lo() + ", " + r.hi()
                                + "]");
                    }
                    int w = RecordGadget.bitsFor(hi.subtract(lo), "range of '" + r.column() + "'");
                    for (RecordGadget.RecordWires rec : recs) {
                        Wire v = rec.value(r.column());
                        // v - lo and hi - v both in [0, 2^w): v below lo or above hi wraps to a huge field element
                        b.rangeCheck(b.linearCombination(List.of(BigInteger.ONE), List.of(v), lo.negate()), w);
                        b.rangeCheck(b.linearCombination(List.of(BigInteger.ONE.negate()), List.of(v), hi), w);
                    }
                }
                case DatasetCheck.Count k -> partials.add(b.sum(recs.stream()
                        .map(rec -> PolicyCompiler.compile(k.policy(), schema, b, rec::value)).toList()));
                case DatasetCheck.Sum s -> partials.add(b.sum(recs.stream().map(rec -> rec.value(s.column())).toList()));
                case DatasetCheck.Mean m -> partials.add(b.sum(recs.stream().map(rec -> rec.value(m.column())).toList()));
                case DatasetCheck.Variance v -> {
                    partials.add(b.sum(recs.stream().map(rec -> rec.value(v.column())).toList()));
                    partials.add(b.sum(recs.stream().map(rec -> {
                        Wire x = rec.value(v.column());
                        return b.mul(x, x);
                    }).toList()));
                }
                case DatasetCheck.ParityGap p -> {
                    List<Wire> na = new ArrayList<>();
                    List<Wire> nb = new ArrayList<>();
                    List<Wire> pa = new ArrayList<>();
                    List<Wire> pb = new ArrayList<>();
                    for (RecordGadget.RecordWires rec : recs) {
                        Wire pos = PolicyCompiler.compile(p.positive(), schema, b, rec::value);
                        Wire a = PolicyCompiler.compile(p.groupA(), schema, b, rec::value);
                        Wire g = PolicyCompiler.compile(p.groupB(), schema, b, rec::value);
                        na.add(a);
                        nb.add(g);
                        pa.add(b.mul(a, pos));
                        pb.add(b.mul(g, pos));
                    }
                    partials.add(b.sum(na));
                    partials.add(b.sum(nb));
                    partials.add(b.sum(pa));
                    partials.add(b.sum(pb));
                }
            }
        }
        return partials;
    }

    /** The partial sums of {@link #rowChecks} computed in plain Java (canonical field elements). */
    static List<BigInteger> partialValues(CommittedDataset cd, int first, int count, List<DatasetCheck> checks) {
        Schema schema = cd.schema();
        List<List<BigInteger>> rows = cd.data().rows().subList(first, first + count);
        List<BigInteger> out = new ArrayList<>();
        for (DatasetCheck c : checks) {
            switch (c) {
                case DatasetCheck.ColumnRange r -> { }
                case DatasetCheck.Count k -> out.add(BigInteger.valueOf(rows.stream()
                        .filter(row -> PolicyCompiler.evaluate(k.policy(), schema, row)).count()));
                case DatasetCheck.Sum s -> out.add(Fr.reduce(columnSum(schema, rows, s.column(), false)));
                case DatasetCheck.Mean m -> out.add(Fr.reduce(columnSum(schema, rows, m.column(), false)));
                case DatasetCheck.Variance v -> {
                    out.add(Fr.reduce(columnSum(schema, rows, v.column(), false)));
                    out.add(Fr.reduce(columnSum(schema, rows, v.column(), true)));
                }
                case DatasetCheck.ParityGap p -> out.addAll(DatasetProver.parityCounts(schema, rows, p));
            }
        }
        return out;
    }

    /** The parity-gap partials the circuits expose, in order: |A|, |B|, positives in A, positives in B. */
    static List<BigInteger> parityCounts(Schema schema, List<List<BigInteger>> rows, DatasetCheck.ParityGap p) {
        long na = 0;
        long nb = 0;
        long pa = 0;
        long pb = 0;
        for (List<BigInteger> row : rows) {
            boolean pos = PolicyCompiler.evaluate(p.positive(), schema, row);
            boolean a = PolicyCompiler.evaluate(p.groupA(), schema, row);
            boolean g = PolicyCompiler.evaluate(p.groupB(), schema, row);
            na += a ? 1 : 0;
            nb += g ? 1 : 0;
            pa += a && pos ? 1 : 0;
            pb += g && pos ? 1 : 0;
        }
        return List.of(BigInteger.valueOf(na), BigInteger.valueOf(nb), BigInteger.valueOf(pa), BigInteger.valueOf(pb));
    }

    private static BigInteger columnSum(Schema schema, List<List<BigInteger>> rows, String column, boolean squares) {
        int i = schema.require(column);
        BigInteger s = BigInteger.ZERO;
        for (List<BigInteger> row : rows) {
            BigInteger v = row.get(i);
            s = s.add(squares ? v.multiply(v) : v);
        }
        return s;
    }

    /** Asserts the checks on totals over all {@code rows} rows. */
    static void finish(CircuitBuilder b, Schema schema, int rows, List<DatasetCheck> checks, List<Wire> totals) {
        BigInteger n = BigInteger.valueOf(rows);
        int k = 0;
        for (DatasetCheck c : checks) {
            switch (c) {
                case DatasetCheck.ColumnRange r -> { }
                case DatasetCheck.Count cnt -> {
                    Wire count = totals.get(k++);
                    int bits = RecordGadget.bitsFor(n.add(BigInteger.valueOf(cnt.max())), "count");
                    assertAtLeast(b, count, BigInteger.ONE, BigInteger.valueOf(cnt.min()), bits);
                    assertAtMost(b, count, BigInteger.ONE, BigInteger.valueOf(cnt.max()), bits);
                }
                case DatasetCheck.Sum s -> {
                    Wire sum = totals.get(k++);
                    sumBounds(b, sum, BigInteger.ONE, s.lo(), s.hi(), numeric(schema, s.column()),
                            n.multiply(maxAbs(schema.field(s.column()).type())), "sum of '" + s.column() + "'");
                }
                case DatasetCheck.Mean m -> {
                    Wire sum = totals.get(k++);
                    // lo <= S / N <= hi  <=>  S >= N·lo and S <= N·hi
                    sumBounds(b, sum, n, m.lo(), m.hi(), numeric(schema, m.column()),
                            n.multiply(maxAbs(schema.field(m.column()).type())), "mean of '" + m.column() + "'");
                }
                case DatasetCheck.Variance v -> {
                    Wire s = totals.get(k++);
                    Wire q = totals.get(k++);
                    int scale = numeric(schema, v.column());
                    BigInteger m = maxAbs(schema.field(v.column()).type());
                    // N·Q − S² = N²·var, with |N·Q|, S² <= N²·M²
                    Wire nq = b.linearCombination(List.of(n), List.of(q), BigInteger.ZERO);
                    Wire t = b.sub(nq, b.mul(s, s));
                    sumBounds(b, t, n.multiply(n), v.lo(), v.hi(), 2 * scale, n.multiply(n).multiply(m).multiply(m),
                            "variance of '" + v.column() + "'");
                }
                case DatasetCheck.ParityGap p -> {
                    Wire na = totals.get(k++);
                    Wire nb = totals.get(k++);
                    Wire pa = totals.get(k++);
                    Wire pb = totals.get(k++);
                    Wire zero = b.constant(0);
                    b.assertEqual(b.isZero(na), zero);
                    b.assertEqual(b.isZero(nb), zero);
                    BigInteger[] tau = fraction(p.maxGap(), 0, "parity gap");
                    Wire x = b.sub(b.mul(pa, nb), b.mul(pb, na));       // |x| <= N²
                    Wire y = b.mul(na, nb);                              // 0 <= y <= N²
                    // den·|x| <= num·y  <=>  num·y - den·x >= 0 and num·y + den·x >= 0
                    BigInteger bound = n.multiply(n).multiply(tau[0].add(tau[1]));
                    int bits = RecordGadget.bitsFor(bound, "parity gap");
                    Wire up = b.linearCombination(List.of(tau[0], tau[1].negate()), List.of(y, x), BigInteger.ZERO);
                    Wire down = b.linearCombination(List.of(tau[0], tau[1]), List.of(y, x), BigInteger.ZERO);
                    b.assertEqual(b.less(up, zero, bits), zero);
                    b.assertEqual(b.less(down, zero, bits), zero);
                }
            }
        }
    }

    /**
     * {@code lo <= x / f <= hi} for bounds given as decimals in display units, scaled by {@code 10^scale}:
     * {@code x·den >= f·num_lo} and {@code x·den <= f·num_hi}; {@code |x| <= maxAbsX}.
     */
    private static void sumBounds(CircuitBuilder b, Wire x, BigInteger f, String lo, String hi, int scale,
                                  BigInteger maxAbsX, String what) {
        BigInteger[] l = fraction(lo, scale, what + " lower bound");
        BigInteger[] h = fraction(hi, scale, what + " upper bound");
        BigInteger den = l[1].max(h[1]);
        BigInteger lNum = l[0].multiply(den.divide(l[1]));
        BigInteger hNum = h[0].multiply(den.divide(h[1]));
        int bits = RecordGadget.bitsFor(maxAbsX.multiply(den).add(f.multiply(lNum.abs().max(hNum.abs()))), what);
        assertAtLeast(b, x, den, f.multiply(lNum), bits);
        assertAtMost(b, x, den, f.multiply(hNum), bits);
    }

    /** {@code coef·x >= c}, for {@code |coef·x - c| < 2^bits}. */
    private static void assertAtLeast(CircuitBuilder b, Wire x, BigInteger coef, BigInteger c, int bits) {
        Wire t = b.linearCombination(List.of(coef), List.of(x), c.negate());
        b.assertEqual(b.less(t, b.constant(0), bits), b.constant(0));
    }

    /** {@code coef·x <= c}. */
    private static void assertAtMost(CircuitBuilder b, Wire x, BigInteger coef, BigInteger c, int bits) {
        Wire t = b.linearCombination(List.of(coef.negate()), List.of(x), c);
        b.assertEqual(b.less(t, b.constant(0), bits), b.constant(0));
    }
}
