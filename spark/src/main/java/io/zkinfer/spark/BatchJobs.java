package io.zkinfer.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * What {@code zkinfer batch prove} and {@code zkinfer batch verify} run (the CLI calls these through reflection, so
 * that the cli module itself never loads a Spark class). Local mode on all cores unless a master is given.
 */
public final class BatchJobs {
    /** The exit codes of the CLI (cli's ExitCodes): this module does not depend on the cli. */
    static final int OK = 0;
    static final int INVALID = 1;

    private BatchJobs() {}

    /**
     * Proves every input of {@code inputs} (.jsonl: one input.json object per line, id = line number; .csv with a
     * header: one feature per column, id = the {@code id} column or the data row number; .parquet: likewise) with the
     * bundle, writing {@code out} (Parquet, or JSON lines when {@code format} is "json") through Spark's commit
     * protocol. Refuses an {@code out} that exists.
     *
     * @return 0 when the job finished (rows with errors included: they are counted and shown)
     * @throws IllegalArgumentException for bad arguments (nothing written)
     */
    public static int prove(Path bundleDir, Path inputs, Path out, String master, String format, int rowsPerTask,
                            PrintStream stdout, PrintStream stderr) {
        String fmt = outputFormat(format);
        if (!Files.exists(inputs)) {
            throw new IllegalArgumentException("inputs " + inputs + " do not exist");
        }
        refuseExisting(out);
        if (rowsPerTask < 1) {
            throw new IllegalArgumentException("--rows-per-task must be at least 1, not " + rowsPerTask);
        }
        ZkBundle bundle = ZkBundle.open(bundleDir);   // fails fast, before Spark starts
        SparkSession spark = session(master, "zkinfer batch prove");
        try {
            Dataset<Row> rows = readInputs(spark, inputs);
            long total = rows.count();
            if (total == 0) {
                throw new IllegalArgumentException("inputs " + inputs + " hold no rows");
            }
            int partitions = (int) Math.max(1, Math.min(100_000, (total + rowsPerTask - 1) / rowsPerTask));
            stderr.println("batch: proving " + total + " rows of " + inputs.getFileName() + " with " + bundle
                    + " on " + spark.sparkContext().master() + " (" + spark.sparkContext().defaultParallelism()
                    + " cores, " + partitions + " tasks)");
            // hash-partitioned by id: a retried task recomputes exactly the same rows
            Dataset<Row> proofs = ZkSpark.prove(rows.repartition(partitions, functions.col(ZkSpark.ID)), bundle);
            ProgressListener progress = new ProgressListener(total, stderr);
            spark.sparkContext().addSparkListener(progress);
            progress.start();
            long t0 = System.nanoTime();
            try {
                proofs.write().mode(SaveMode.ErrorIfExists).format(fmt).save(out.toString());
            } finally {
                progress.stop();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            Dataset<Row> written = spark.read().format(fmt).load(out.toString());
            long errors = written.filter(functions.col(ZkSpark.ERROR).isNotNull()).count();
            long proved = written.filter(functions.col(ZkSpark.PROOF).isNotNull()).count();
            stdout.printf(Locale.ROOT, "proved %d of %d rows in %.1f s (%.2f proofs/s) -> %s (%s)%n", proved, total,
                    seconds, proved / seconds, out, fmt);
            if (errors > 0) {
                stdout.println("  " + errors + " row(s) with an error (no proof; see the '" + ZkSpark.ERROR
                        + "' column):");
                for (Row r : written.filter(functions.col(ZkSpark.ERROR).isNotNull())
                        .select(ZkSpark.ID, ZkSpark.ERROR).limit(10).collectAsList()) {
                    stdout.println("    id " + r.getString(0) + ": " + r.getString(1));
                }
            }
            return OK;
        } finally {
            spark.stop();
        }
    }

    /**
     * Verifies a finished batch output under the bundle's verifying key: prints the counts of valid, invalid and
     * error rows (and duplicate ids, which a correct run never has).
     *
     * @return 0 only when every row holds a valid proof and every id is there once; 1 otherwise
     */
    public static int verify(Path bundleDir, Path out, String master, PrintStream stdout, PrintStream stderr) {
        if (!Files.isRegularFile(out.resolve("_SUCCESS"))) {
            throw new IllegalArgumentException(out + " is not a finished batch output (no _SUCCESS file: the job "
                    + "did not finish, or this is not a 'zkinfer batch prove' output)");
        }
        String fmt = formatOf(out);
        ZkVerifyingKey key = ZkVerifyingKey.fromBundle(bundleDir);
        SparkSession spark = session(master, "zkinfer batch verify");
        try {
            Dataset<Row> proofs = spark.read().format(fmt).load(out.toString());
            Dataset<Row> verdicts = ZkSpark.verify(proofs, key).cache();
            long rows = verdicts.count();
            long distinct = proofs.select(ZkSpark.ID).distinct().count();
            long valid = 0;
            long invalid = 0;
            long errors = 0;
            for (Row r : verdicts.groupBy(ZkSpark.STATUS).count().collectAsList()) {
                switch (r.getString(0)) {
                    case "VALID" -> valid += r.getLong(1);
                    case "ERROR" -> errors += r.getLong(1);
                    default -> invalid += r.getLong(1);
                }
            }
            stdout.println("batch " + out + ": " + rows + " rows, " + distinct + " distinct ids, circuit "
                    + key.circuitHash().substring(0, 16) + "... (key SHA-256 " + key.verifyingKeySha256() + ")");
            stdout.println("valid: " + valid);
            stdout.println("invalid: " + invalid);
            stdout.println("errors: " + errors);
            if (distinct != rows) {
                stdout.println("duplicates: " + (rows - distinct) + " rows repeat an id (each input must be proved "
                        + "exactly once)");
            }
            for (Row r : verdicts.filter(functions.col(ZkSpark.STATUS).notEqual("VALID")).limit(10).collectAsList()) {
                stdout.println("  " + r.getString(1) + " id " + r.getString(0) + ": " + r.getString(2));
            }
            verdicts.unpersist();
            return valid == rows && distinct == rows ? OK : INVALID;
        } finally {
            spark.stop();
        }
    }

    /** Inputs as rows of (id, input) or (id?, feature columns...), with ids that do not change between runs. */
    static Dataset<Row> readInputs(SparkSession spark, Path inputs) {
        String name = inputs.getFileName().toString().toLowerCase(Locale.ROOT);
        String path = inputs.toString();
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) {
            // one input.json object per line; id = the 1-based line number (blank lines keep their number, no row)
            JavaRDD<Row> lines = spark.read().text(path).javaRDD().zipWithIndex()
                    .filter(t -> !t._1().getString(0).isBlank())
                    .map(t -> RowFactory.create(Long.toString(t._2() + 1), t._1().getString(0)));
            StructType schema = new StructType().add(ZkSpark.ID, DataTypes.StringType, false)
                    .add(ZkSpark.INPUT, DataTypes.StringType, false);
            return spark.createDataFrame(lines, schema);
        }
        Dataset<Row> table;
        if (name.endsWith(".csv")) {
            // every column as text: a bad cell becomes that row's error, never a silent null
            table = spark.read().option("header", "true").option("mode", "PERMISSIVE").csv(path);
        } else if (name.endsWith(".parquet") || Files.isDirectory(inputs)) {
            table = spark.read().parquet(path);
        } else {
            throw new IllegalArgumentException("inputs " + inputs + ": give .jsonl (one input.json object per line), "
                    + ".csv (a header, one feature per column) or .parquet");
        }
        if (List.of(table.columns()).contains(ZkSpark.ID)) {
            return table.withColumn(ZkSpark.ID, functions.col(ZkSpark.ID).cast(DataTypes.StringType));
        }
        // no id column: the 1-based row number in file order (stable: the same file splits the same way)
        StructType schema = new StructType().add(ZkSpark.ID, DataTypes.StringType, false);
        for (StructField f : table.schema().fields()) {
            schema = schema.add(f);
        }
        JavaRDD<Row> numbered = table.javaRDD().zipWithIndex().map(t -> {
            Object[] v = new Object[t._1().size() + 1];
            v[0] = Long.toString(t._2() + 1);
            for (int i = 0; i < t._1().size(); i++) {
                v[i + 1] = t._1().get(i);
            }
            return RowFactory.create(v);
        });
        return spark.createDataFrame(numbered, schema);
    }

    static SparkSession session(String master, String app) {
        // Spark logs through SLF4J; the CLI's binding is slf4j-simple: warnings only, unless the user asked for more
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        return SparkSession.builder()
                .master(master == null || master.isBlank() ? "local[*]" : master)
                .appName(app)
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                // a failed task (a lost executor) is tried again on another; four tries as on a cluster
                .config("spark.task.maxFailures", "4")
                .getOrCreate();
    }

    private static void refuseExisting(Path out) {
        if (Files.isRegularFile(out.resolve("_SUCCESS"))) {
            throw new IllegalArgumentException(out + " already holds a finished batch: nothing was proved again "
                    + "(re-running never duplicates proofs). Check it with 'zkinfer batch verify', or choose another "
                    + "-o / delete it to prove again");
        }
        if (Files.exists(out)) {
            throw new IllegalArgumentException(out + " exists but holds no finished batch (an interrupted run?): "
                    + "delete it and run again (nothing of it was committed)");
        }
    }

    private static String outputFormat(String format) {
        String f = format == null ? "parquet" : format.toLowerCase(Locale.ROOT);
        return switch (f) {
            case "parquet", "json" -> f;
            default -> throw new IllegalArgumentException("--format must be parquet or json, not '" + format + "'");
        };
    }

    /** The format of a finished output, from its part files' names. */
    private static String formatOf(Path out) {
        try (Stream<Path> files = Files.list(out)) {
            List<String> parts = files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("part-"))
                    .toList();
            if (parts.stream().anyMatch(n -> n.contains(".parquet"))) {
                return "parquet";
            }
            if (parts.stream().anyMatch(n -> n.contains(".json"))) {
                return "json";
            }
            throw new IllegalArgumentException(out + " holds no Parquet or JSON part files: not a batch output");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rows proved so far (finished tasks' written records), rate and ETA every few seconds on stderr. */
    static final class ProgressListener extends SparkListener {
        private final long total;
        private final PrintStream err;
        private final AtomicLong done = new AtomicLong();
        private volatile long startNanos;
        private Thread printer;

        ProgressListener(long total, PrintStream err) {
            this.total = total;
            this.err = err;
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd end) {
            if (end.taskInfo().successful() && end.taskMetrics() != null) {
                done.addAndGet(end.taskMetrics().outputMetrics().recordsWritten());
            }
        }

        void start() {
            startNanos = System.nanoTime();
            long every = Long.getLong("zkinfer.batch.progressMillis", 5000);
            printer = Thread.ofPlatform().daemon().name("zkinfer-batch-progress").start(() -> {
                try {
                    while (true) {
                        Thread.sleep(every);
                        err.println(line());
                    }
                } catch (InterruptedException e) {
                    // the job is over
                }
            });
        }

        void stop() {
            printer.interrupt();
            err.println(line());
        }

        String line() {
            long n = done.get();
            double s = (System.nanoTime() - startNanos) / 1e9;
            double rate = n / Math.max(s, 1e-9);
            String eta = n == 0 ? "?" : formatDuration(Duration.ofSeconds((long) ((total - n) / rate)));
            return String.format(Locale.ROOT, "batch: %d/%d rows (%.0f%%), %.2f proofs/s, elapsed %s, ETA %s", n, total,
                    100.0 * n / total, rate, formatDuration(Duration.ofSeconds((long) s)), eta);
        }

        static String formatDuration(Duration d) {
            long s = d.toSeconds();
            return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60)
                    : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
        }
    }
}
