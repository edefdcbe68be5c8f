package io.zkinfer.spark;

import io.zkinfer.circuits.field.Fr;
import io.zkinfer.circuits.quant.Lowering;
import io.zkinfer.verifier.Claims;
import io.zkinfer.verifier.MalformedInputException;
import io.zkinfer.verifier.Verdict;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.TaskCompletionListener;

import java.io.Serial;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Batch proving and verification on Spark (docs/scale-out.md). The one obvious way:
 * <pre>{@code
 * Dataset<Row> proofs = ZkSpark.prove(inputs, ZkBundle.open(bundleDir));   // id, outputs, commitments, proof, error
 * proofs.write().parquet(out);                                             // Spark's commit protocol: once per id
 * Dataset<Row> verdicts = ZkSpark.verify(spark.read().parquet(out), ZkVerifyingKey.fromBundle(bundleDir));
 * }</pre>
 * Each executor JVM loads the bundle (model, constraint system, proving key) once and proves one row at a time per
 * task, so one input per core. A bad row (NaN, wrong shape, out of the calibrated range, not JSON) becomes a row with
 * {@code error} set and no proof; the job goes on. Ids come from the input ({@code id} column) and are carried
 * through unchanged, so a re-run or a retried task produces the same rows.
 */
public final class ZkSpark {
    public static final String ID = "id";
    public static final String INPUT = "input";
    public static final String OUTPUTS = "outputs";
    public static final String COMMITMENTS = "commitments";
    public static final String PROOF = "proof";
    public static final String ERROR = "error";
    public static final String STATUS = "status";
    public static final String MESSAGE = "message";

    /** prove's result: outputs {name: [numbers]}, commitments {tensor: decimal}, proof = PROOF.json (text). */
    public static final StructType PROOF_SCHEMA = new StructType()
            .add(ID, DataTypes.StringType, true)
            .add(OUTPUTS, DataTypes.StringType, true)
            .add(COMMITMENTS, DataTypes.StringType, true)
            .add(PROOF, DataTypes.StringType, true)
            .add(ERROR, DataTypes.StringType, true);

    /** verify's result: status is VALID, INVALID, MALFORMED or ERROR (the row had no proof: its error). */
    public static final StructType VERDICT_SCHEMA = new StructType()
            .add(ID, DataTypes.StringType, true)
            .add(STATUS, DataTypes.StringType, false)
            .add(MESSAGE, DataTypes.StringType, true);

    private ZkSpark() {}

    /**
     * Proves every row of {@code inputs}: an {@code id} column plus either an {@code input} column (input.json text)
     * or one numeric column per element of the model's single input. Lazy, like every Dataset: the proving happens
     * when the result is written or collected.
     */
    public static Dataset<Row> prove(Dataset<Row> inputs, ZkBundle bundle) {
        List<String> columns = Arrays.asList(inputs.columns());
        if (!columns.contains(ID)) {
            throw new IllegalArgumentException("the inputs need an '" + ID + "' column (stable across runs, so that a "
                    + "re-run or a retried task never duplicates a proof); they have " + columns);
        }
        ZkBundle shipped = bundle.distribute(inputs.sparkSession());
        return inputs.mapPartitions(new ProvePartition(shipped), Encoders.row(PROOF_SCHEMA));
    }

    /** Verifies every row of {@code proofs} (prove's schema) under {@code key}: one verdict row per input row. */
    public static Dataset<Row> verify(Dataset<Row> proofs, ZkVerifyingKey key) {
        List<String> columns = Arrays.asList(proofs.columns());
        for (String c : List.of(ID, OUTPUTS, COMMITMENTS, PROOF, ERROR)) {
            if (!columns.contains(c)) {
                throw new IllegalArgumentException("not zkinfer proof rows: column '" + c + "' is missing (has "
                        + columns + ")");
            }
        }
        return proofs.select(ID, OUTPUTS, COMMITMENTS, PROOF, ERROR)
                .mapPartitions(new VerifyPartition(key), Encoders.row(VERDICT_SCHEMA));
    }

    /** One task's rows: the JVM's loaded bundle is leased for the task and given back when the task ends. */
    static final class ProvePartition implements MapPartitionsFunction<Row, Row> {
        @Serial
        private static final long serialVersionUID = 1L;
        private final ZkBundle bundle;

        ProvePartition(ZkBundle bundle) {
            this.bundle = bundle;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            BundleProver prover = BundleProver.acquire(bundle);
            AtomicBoolean released = new AtomicBoolean();
            Runnable release = () -> {
                if (released.compareAndSet(false, true)) {
                    prover.release();
                }
            };
            TaskContext task = TaskContext.get();
            if (task != null) {   // also when the task fails or is killed half-way
                task.addTaskCompletionListener((TaskCompletionListener) ctx -> release.run());
            }
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    boolean more = rows.hasNext();
                    if (!more) {
                        release.run();
                    }
                    return more;
                }

                @Override
                public Row next() {
                    return proveRow(prover, rows.next());
                }
            };
        }
    }

    static Row proveRow(BundleProver prover, Row row) {
        Object idValue = row.getAs(ID);
        if (idValue == null) {
            return RowFactory.create(null, null, null, null, "the row has no id");
        }
        String id = idValue.toString();
        try {
            BundleProver.Proved p = prover.prove(InputRows.parse(row, prover.model.graph().inputs()));
            return RowFactory.create(id, p.outputsJson(), p.commitmentsJson(), p.proofJson(), null);
        } catch (OutOfMemoryError e) {
            throw e;   // not the row's fault: the task fails and Spark retries it
        } catch (RuntimeException e) {
            // bad input (IllegalArgumentException, the quantizer's or the solver's refusal) is the row's error; so is
            // anything unexpected, named by its class, so that one odd row never stops a million-row job
            boolean input = e instanceof IllegalArgumentException
                    || e instanceof io.zkinfer.circuits.model.ModelException
                    || e instanceof io.zkinfer.prover.UnsatisfiedWitnessException
                    || e instanceof io.zkinfer.circuits.ir.UnsatisfiedCircuitException;
            String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return RowFactory.create(id, null, null, null, input ? m : "internal error: " + e.getClass().getName()
                    + ": " + m);
        }
    }

    static final class VerifyPartition implements MapPartitionsFunction<Row, Row> {
        @Serial
        private static final long serialVersionUID = 1L;
        private final ZkVerifyingKey key;

        VerifyPartition(ZkVerifyingKey key) {
            this.key = key;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return rows.hasNext();
                }

                @Override
                public Row next() {
                    Row r = rows.next();
                    String id = r.isNullAt(0) ? null : r.getString(0);
                    if (!r.isNullAt(4)) {
                        return RowFactory.create(id, "ERROR", r.getString(4));
                    }
                    if (r.isNullAt(3)) {
                        return RowFactory.create(id, "MALFORMED", "the row has neither a proof nor an error");
                    }
                    Verdict v = verifyRow(key, r.getString(3), r.isNullAt(1) ? null : r.getString(1),
                            r.isNullAt(2) ? null : r.getString(2));
                    return RowFactory.create(id, v.status().name(), v.isValid() ? null : v.message());
                }
            };
        }
    }

    /**
     * One row's verdict: the proof under the trusted key for its public values, and every claim that comes with it
     * (the document's circuit and key hashes, its decoded outputs and commitments, and the row's outputs and
     * commitments columns, which are what a reader of the table sees) must be what the public values prove.
     */
    static Verdict verifyRow(ZkVerifyingKey key, String proofJson, String outputsColumn, String commitmentsColumn) {
        ProofDocument.Parsed d;
        Claims.Builder claims;
        try {
            d = ProofDocument.read(proofJson);
            claims = Claims.publicValues(d.publicInputs()).circuitHash(d.circuitHash());
            if (d.verifyingKeySha256() != null) {
                claims.verifyingKeySha256(d.verifyingKeySha256());
            }
            String falseClaim = claimOutputs(key, d.outputs(), claims, "the proof's outputs");
            if (falseClaim == null && outputsColumn != null) {
                falseClaim = claimOutputs(key, ProofDocument.readOutputsColumn(outputsColumn), claims,
                        "the outputs column");
            }
            d.commitments().forEach((k, v) -> claims.claim(Lowering.commitmentName(k), v));
            if (commitmentsColumn != null) {
                ProofDocument.readCommitmentsColumn(commitmentsColumn)
                        .forEach((k, v) -> claims.claim(Lowering.commitmentName(k), v));
            }
            if (falseClaim != null) {
                return new Verdict(Verdict.Status.INVALID, falseClaim, List.of());
            }
        } catch (MalformedInputException e) {
            return new Verdict(Verdict.Status.MALFORMED, e.getMessage(), List.of());
        } catch (IllegalArgumentException e) {  // two different claims for one public value
            return new Verdict(Verdict.Status.INVALID, e.getMessage(), List.of());
        }
        return key.trusted().verify(d.proof(), claims.build());
    }

    /** Claims each public output value; returns why a claim no public value can encode is false, else null. */
    private static String claimOutputs(ZkVerifyingKey key, Map<String, double[]> outputs, Claims.Builder claims,
                                       String where) {
        for (ZkVerifyingKey.Output o : key.outputs()) {
            List<String> names = key.publicNames(o);
            double[] claimed = outputs.get(o.name());
            if (names.isEmpty() || claimed == null) {
                continue;  // not public (nothing proved) or not claimed
            }
            if (claimed.length != names.size()) {
                return where + " claim " + claimed.length + " values for " + o.name() + ", the circuit has "
                        + names.size();
            }
            for (int j = 0; j < claimed.length; j++) {
                double q = claimed[j] * Math.pow(2, o.scale());
                if (!Double.isFinite(q) || q != Math.rint(q) || Math.abs(q) > 0x1p62) {
                    return where + " claim " + o.name() + "[" + j + "] = " + claimed[j] + ", which no value at the "
                            + "output's scale 2^-" + o.scale() + " encodes";
                }
                claims.claim(names.get(j), Fr.fromSigned((long) q));
            }
        }
        return null;
    }
}
