package io.zkinfer.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code zkinfer batch}: proves and verifies many inputs on Apache Spark (docs/scale-out.md). The work is done by the
 * spark module's {@code io.zkinfer.spark.BatchJobs}, reached by name: Spark (~300 MB of jars) is on the classpath
 * only when the launcher runs {@code batch} (it adds spark/target/zkinfer-spark.jar and Spark's jars from the local
 * Maven repository), so no other command loads, or waits for, a Spark class.
 */
@Command(name = "batch",
        mixinStandardHelpOptions = true,
        description = {
                "Prove or verify many inputs with Apache Spark: local mode on all cores by default, or a cluster",
                "(--master spark://HOST:7077, k8s://...). Each executor loads the bundle's keys once.",
                "Inputs: .jsonl (one input.json per line), .csv (header; one feature per column) or .parquet; a",
                "bad row becomes an error row. 'batch verify' counts valid / invalid / error rows and exits 0 only",
                "when all are valid. See docs/scale-out.md for spark-submit and the executors' JVM options.",
                "",
                "  zkinfer batch prove BUNDLE --inputs FILE -o OUT/ [--master local[*]]",
                "  zkinfer batch verify BUNDLE OUT/"},
        subcommands = {BatchCommand.Prove.class, BatchCommand.Verify.class})
final class BatchCommand implements Runnable {
    static final String JOBS = "io.zkinfer.spark.BatchJobs";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "prove", mixinStandardHelpOptions = true,
            description = {"Prove every input of FILE with the bundle; writes OUT/ (Parquet, or JSON lines with",
                    "--format json) through Spark's commit protocol, one row per input: id, outputs, commitments,",
                    "proof (a PROOF.json document) and error. Ids: the line number (.jsonl), else the 'id' column or the",
                    "row number. An OUT/ that exists is refused (a finished one is never proved twice).",
                    "Committed tensors get fresh salts unless the input gives \"salts\"; batch mode does not keep them."})
    static final class Prove implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "BUNDLE", description = "a bundle after 'zkinfer setup'")
        Path bundleDir;

        @Option(names = "--inputs", required = true, paramLabel = "FILE", description = ".jsonl, .csv or .parquet")
        Path inputs;

        @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT/", description = "output folder (new)")
        Path out;

        @Option(names = "--master", paramLabel = "URL", defaultValue = "local[*]",
                description = "Spark master (default: ${DEFAULT-VALUE}, all cores of this machine)")
        String master;

        @Option(names = "--format", paramLabel = "parquet|json", defaultValue = "parquet",
                description = "output format (default: ${DEFAULT-VALUE})")
        String format;

        @Option(names = "--rows-per-task", paramLabel = "N", defaultValue = "8",
                description = "inputs per Spark task: smaller gives finer progress and retries (default: "
                        + "${DEFAULT-VALUE})")
        int rowsPerTask;

        @Override
        public Integer call() throws Exception {
            Bundle.open(bundleDir).trusted();   // the bundle hangs together, as for 'zkinfer prove'
            return jobs("prove", new Class<?>[] {Path.class, Path.class, Path.class, String.class, String.class,
                    int.class, PrintStream.class, PrintStream.class},
                    bundleDir, inputs, out, master, format, rowsPerTask, System.out, System.err);
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Verify every row of a finished 'batch prove' output under the bundle's verifying key",
                    "(the checks of 'zkinfer verify': proof, circuit, key, outputs, commitments). Prints the counts",
                    "valid / invalid / errors (and duplicate ids); exit 0 only when every row is valid, else 1."})
    static final class Verify implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "BUNDLE", description = "the bundle whose key verifies")
        Path bundleDir;

        @Parameters(index = "1", paramLabel = "OUT/", description = "a 'batch prove' output folder")
        Path out;

        @Option(names = "--master", paramLabel = "URL", defaultValue = "local[*]",
                description = "Spark master (default: ${DEFAULT-VALUE})")
        String master;

        @Override
        public Integer call() throws Exception {
            Bundle bundle = Bundle.open(bundleDir);
            bundle.trusted();
            SetupRecord.announce(bundle.provenance(), null, System.out);   // a development setup is never silent
            return jobs("verify", new Class<?>[] {Path.class, Path.class, String.class, PrintStream.class,
                    PrintStream.class}, bundleDir, out, master, System.out, System.err);
        }
    }

    /** Calls BatchJobs by name; its exceptions come out as they are (bad input stays exit 2). */
    static int jobs(String method, Class<?>[] types, Object... args) throws Exception {
        Method m;
        try {
            m = Class.forName(JOBS).getMethod(method, types);
        } catch (ClassNotFoundException | NoClassDefFoundError e) {
            throw new UserInputException("'zkinfer batch' needs the zkinfer-spark module and Apache Spark on the "
                    + "classpath: run it through the ./zkinfer launcher (it adds them for 'batch'), or see "
                    + "docs/scale-out.md (missing: " + e.getMessage() + ")");
        }
        try {
            return (Integer) m.invoke(null, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            throw (Error) cause;
        }
    }
}
