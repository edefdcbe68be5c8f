package io.zkinfer.spark;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Opt-in (-Dzkinfer.spark.cluster=true; minutes): a standalone master and two workers on loopback, started by the
 * test, each executor in its own JVM. One executor is killed (SIGKILL) while the job runs; Spark retries its tasks
 * and the output must still hold every input's proof exactly once, each valid.
 */
@EnabledIfSystemProperty(named = "zkinfer.spark.cluster", matches = "true")
class ZkSparkClusterTest {
    static final int ROWS = 40;
    static final List<Process> DAEMONS = new ArrayList<>();
    static String masterUrl;

    @BeforeAll
    static void cluster() throws Exception {
        ZkSparkLocalTest.dir = Files.createTempDirectory("zkinfer-spark-cluster-");
        ZkSparkLocalTest.bundleAndInputs();   // the same committed-input bundle
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        masterUrl = "spark://127.0.0.1:" + port;
        DAEMONS.add(daemon("master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
                Integer.toString(port), "--webui-port", "0"));
        Thread.sleep(3000);
        for (int i = 1; i <= 2; i++) {
            DAEMONS.add(daemon("worker" + i, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                    "--cores", "1", "--memory", "3g", "--webui-port", "0", masterUrl));
        }
    }

    /** A Spark daemon in its own JVM with this test's classpath (Spark comes from ~/.m2, there is no SPARK_HOME). */
    static Process daemon(String name, String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(System.getProperty("zkinfer.spark.jvmOptions").split(" ")));
        cmd.addAll(List.of("-Xmx512m", "-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(List.of(args));
        Path home = Files.createTempDirectory("zkinfer-spark-home-");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ZkSparkLocalTest.dir.resolve(name + ".log").toFile());
        // the worker builds executor command lines from SPARK_HOME; with these it uses spark.executor.extraClassPath
        pb.environment().put("SPARK_HOME", home.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("SPARK_TESTING", "1");
        pb.environment().put("SPARK_WORKER_DIR", home.resolve("work").toString());
        return pb.start();
    }

    @AfterAll
    static void stop() {
        SparkSession.getActiveSession().foreach(s -> {
            s.stop();
            return null;
        });
        for (Process p : DAEMONS) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    @Test
    void killedExecutorStillGivesEveryProofExactlyOnce() throws Exception {
        List<String> lines = new ArrayList<>();
        var test = ZkSparkLocalTest.vectors.get("test");
        for (int i = 0; i < ROWS; i++) {
            ObjectNode in = ZkSparkLocalTest.JSON.createObjectNode();
            in.putArray("input_data").add(test.get(i));
            lines.add(in.toString());
        }
        Path inputs = ZkSparkLocalTest.dir.resolve("cluster-inputs.jsonl");
        Files.write(inputs, lines);
        Path out = ZkSparkLocalTest.dir.resolve("cluster-out");

        SparkSession spark = SparkSession.builder().master(masterUrl).appName("zkinfer cluster test")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false")
                .config("spark.executor.memory", "1g")
                .config("spark.executor.extraClassPath", System.getProperty("java.class.path"))
                .config("spark.executor.extraJavaOptions", System.getProperty("zkinfer.spark.jvmOptions"))
                .config("spark.task.maxFailures", "4")
                .getOrCreate();
        AtomicInteger tasksDone = new AtomicInteger();
        AtomicInteger executorsLost = new AtomicInteger();
        spark.sparkContext().addSparkListener(new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd e) {
                if (e.taskInfo().successful()) {
                    tasksDone.incrementAndGet();
                }
            }

            @Override
            public void onExecutorRemoved(SparkListenerExecutorRemoved e) {
                executorsLost.incrementAndGet();
            }
        });
        Dataset<Row> rows = BatchJobs.readInputs(spark, inputs);
        Dataset<Row> proofs = ZkSpark.prove(rows.repartition(ROWS / 2, functions.col(ZkSpark.ID)),
                ZkBundle.open(ZkSparkLocalTest.bundle));
        CompletableFuture<Void> job = CompletableFuture.runAsync(() ->
                proofs.write().mode(SaveMode.ErrorIfExists).parquet(out.toString()));

        // once some tasks are done, kill one executor JVM (a child of worker 1) with SIGKILL
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (tasksDone.get() < 3 && System.nanoTime() < deadline && !job.isDone()) {
            Thread.sleep(200);
        }
        // a worker starts nothing but executor JVMs (their command lines, ~200 jars long, may come back truncated)
        List<ProcessHandle> executors = DAEMONS.get(1).descendants()
                .filter(p -> p.info().command().orElse("").endsWith("java")).toList();
        assertThat(executors).as("worker 1's executor JVM").isNotEmpty();
        executors.forEach(ProcessHandle::destroyForcibly);
        System.out.println("killed executor(s) " + executors + " after " + tasksDone.get() + " tasks");

        job.get(15, TimeUnit.MINUTES);
        assertThat(executorsLost.get()).as("the executor loss was noticed").isPositive();
        assertThat(out.resolve("_SUCCESS")).exists();
        Dataset<Row> written = spark.read().parquet(out.toString()).cache();
        assertThat(written.count()).isEqualTo(ROWS);
        assertThat(written.select(ZkSpark.ID).distinct().count()).isEqualTo(ROWS);
        assertThat(written.filter(functions.col(ZkSpark.ERROR).isNotNull()).count()).isZero();
        List<Row> verdicts = ZkSpark.verify(written, ZkVerifyingKey.fromBundle(ZkSparkLocalTest.bundle))
                .collectAsList();
        assertThat(verdicts).hasSize(ROWS).allSatisfy(r -> assertThat(r.getString(1)).isEqualTo("VALID"));
        new File(out.toString()).deleteOnExit();
    }
}
