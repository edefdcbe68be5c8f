package io.zkinfer.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.zkinfer.cli.Main;
import io.zkinfer.verifier.Verdict;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Local mode, end to end with real gnark proofs: `zkinfer batch prove` over a few dozen inputs of the breast-cancer
 * logistic-regression test vector (three of them bad), `zkinfer batch verify`, the API on a CSV table, and the
 * soundness checks of a row's verification (tampered outputs column, public values, commitments).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ZkSparkLocalTest {
    static final Path VECTORS = Path.of("../test-vectors/models/breast_cancer_logreg.json");
    static final Path MODEL = Path.of("../test-vectors/models/breast_cancer_logreg.onnx");
    static final ObjectMapper JSON = new ObjectMapper();
    static final int GOOD = 24;

    @TempDir
    static Path dir;
    static Path bundle;
    static Path inputs;
    static Path out;
    static JsonNode vectors;
    /** line numbers (= ids) of the bad rows, and what their error must say */
    static final Map<String, String> BAD = Map.of("5", "NaN", "11", "needs 30 values", "17", "outside the calibrated");

    record Run(int code, String out, String err) {}

    static Run cli(String... args) {
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true));
        System.setErr(new PrintStream(e, true));
        int code;
        try {
            code = Main.run(args);
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
        Run r = new Run(code, o.toString(), e.toString());
        savedOut.println("$ zkinfer " + String.join(" ", args) + "  -> " + code + "\n" + r.out + r.err);
        return r;
    }

    /** A committed-input bundle (scale 8: a small sigmoid table, a quick setup; its 0.13 error needs --tolerance) and the input lines. */
    @BeforeAll
    static void bundleAndInputs() throws IOException {
        vectors = JSON.readTree(VECTORS.toFile());
        ArrayNode all = JSON.createArrayNode();
        vectors.get("calibration").forEach(row -> row.forEach(all::add));
        ObjectNode cal = JSON.createObjectNode();
        cal.putArray("input_data").add(all);
        Path calibration = dir.resolve("calibration.json");
        Files.writeString(calibration, cal.toString());
        bundle = dir.resolve("bundle");
        assertThat(cli("compile", MODEL.toString(), "-o", bundle.toString(), "--calibration", calibration.toString(),
                "--scale", "8", "--tolerance", "0.2", "--input-visibility", "committed").code).isZero();
        assertThat(cli("setup", bundle.toString()).code).isZero();

        List<String> lines = new ArrayList<>();
        int good = 0;
        for (int line = 1; good < GOOD || lines.size() < 17; line++) {
            String id = Integer.toString(line);
            if (id.equals("5")) {
                lines.add("{\"input_data\": [[NaN" + ", 1.0".repeat(29) + "]]}");
            } else if (id.equals("11")) {
                lines.add("{\"input_data\": [[1.0, 2.0, 3.0]]}");
            } else if (id.equals("17")) {
                lines.add("{\"input_data\": [[1e9" + ", 1.0".repeat(29) + "]]}");
            } else {
                ObjectNode in = JSON.createObjectNode();
                in.putArray("input_data").add(vectors.get("test").get(good++));
                lines.add(in.toString());
            }
        }
        inputs = dir.resolve("inputs.jsonl");
        Files.write(inputs, lines);
        out = dir.resolve("out");
    }

    @AfterAll
    static void stopSpark() {
        SparkSession.getActiveSession().foreach(s -> {
            s.stop();
            return null;
        });
        BundleProver.releaseAllNow();
    }

    @Test
    @Order(1)
    void batchProveThenVerifyCountsValidAndErrorRows() throws IOException {
        int loadsBefore = BundleProver.LOADS.get();
        long t0 = System.nanoTime();
        Run p = cli("batch", "prove", bundle.toString(), "--inputs", inputs.toString(), "-o", out.toString(),
                "--master", "local[2]", "--rows-per-task", "4");
        System.out.printf("batch prove of %d rows: %.1f s%n", GOOD + BAD.size(), (System.nanoTime() - t0) / 1e9);
        assertThat(p.code).as(p.err).isZero();
        assertThat(p.out).contains("proved " + GOOD + " of " + (GOOD + BAD.size()) + " rows")
                .contains(BAD.size() + " row(s) with an error");
        assertThat(p.err).contains("batch: " + (GOOD + BAD.size()) + "/" + (GOOD + BAD.size()) + " rows (100%)");
        assertThat(out.resolve("_SUCCESS")).exists();
        // the executor (this JVM, in local mode) loaded the bundle once for all its tasks
        assertThat(BundleProver.LOADS.get() - loadsBefore).isEqualTo(1);

        // every input exactly once, under its line number; the bad ones as errors that say what is wrong
        SparkSession spark = BatchJobs.session("local[2]", "test");
        List<Row> rows = spark.read().parquet(out.toString()).collectAsList();
        Map<String, Row> byId = rows.stream().collect(Collectors.toMap(r -> r.getString(0), r -> r));
        assertThat(rows).hasSize(GOOD + BAD.size());
        assertThat(byId).hasSize(GOOD + BAD.size());
        BAD.forEach((id, why) -> {
            assertThat(byId.get(id).getString(4)).as("row " + id).contains(why);
            assertThat(byId.get(id).isNullAt(3)).isTrue();
        });
        Row first = byId.get("1");
        assertThat(first.isNullAt(4)).isTrue();
        assertThat(JSON.readTree(first.getString(1)).get("label").get(0).asDouble())
                .isEqualTo(vectors.get("outputs").get("label").get(0).get(0).asDouble());
        assertThat(JSON.readTree(first.getString(2)).has("X")).isTrue();   // the committed input's commitment

        // a row's proof column is a PROOF.json that the ordinary `zkinfer verify` accepts
        Path proofFile = dir.resolve("row1.json");
        Files.writeString(proofFile, first.getString(3));
        assertThat(cli("verify", bundle.toString(), "--proof", proofFile.toString()).code).isZero();

        Run v = cli("batch", "verify", bundle.toString(), out.toString(), "--master", "local[2]");
        assertThat(v.out).contains("valid: " + GOOD).contains("invalid: 0").contains("errors: " + BAD.size())
                .contains("setup: DEVELOPMENT");
        assertThat(v.code).as("error rows: not every proof is valid").isEqualTo(1);

        // the proved rows alone: all valid (batch verify stopped the shared session: a new one)
        spark = BatchJobs.session("local[2]", "test");
        Dataset<Row> provedOnly = spark.read().parquet(out.toString()).filter(functions.col("error").isNull());
        List<Row> verdicts = ZkSpark.verify(provedOnly, ZkVerifyingKey.fromBundle(bundle)).collectAsList();
        assertThat(verdicts).hasSize(GOOD).allSatisfy(r -> assertThat(r.getString(1)).isEqualTo("VALID"));
    }

    @Test
    @Order(2)
    void reRunOverAFinishedOutputIsRefusedAndWritesNothing() throws IOException {
        long before;
        try (var files = Files.walk(out)) {
            before = files.count();
        }
        Run again = cli("batch", "prove", bundle.toString(), "--inputs", inputs.toString(), "-o", out.toString(),
                "--master", "local[2]");
        assertThat(again.code).isEqualTo(2);
        assertThat(again.err).contains("already holds a finished batch");
        try (var files = Files.walk(out)) {
            assertThat(files.count()).isEqualTo(before);
        }
        Run unfinished = cli("batch", "verify", bundle.toString(), dir.toString());
        assertThat(unfinished.code).isEqualTo(2);
        assertThat(unfinished.err).contains("not a finished batch output");
    }

    /** Soundness of a row's verdict: each claim a reader of the table relies on is checked against the proof. */
    @Test
    @Order(3)
    void tamperedRowsAreInvalid() throws IOException {
        SparkSession spark = BatchJobs.session("local[2]", "test");
        Row row = spark.read().parquet(out.toString()).filter(functions.col("id").equalTo("1")).first();
        ZkVerifyingKey key = ZkVerifyingKey.fromBundle(bundle);
        String proof = row.getString(3);
        String outputs = row.getString(1);
        String commitments = row.getString(2);
        assertThat(ZkSpark.verifyRow(key, proof, outputs, commitments).status()).isEqualTo(Verdict.Status.VALID);

        // the outputs column says the other label: what the proof proves disagrees
        ObjectNode o = (ObjectNode) JSON.readTree(outputs);
        double label = o.get("label").get(0).asDouble();
        ((ArrayNode) o.get("label")).set(0, JSON.getNodeFactory().numberNode(1.0 - label));
        Verdict v = ZkSpark.verifyRow(key, proof, o.toString(), commitments);
        assertThat(v.status()).isEqualTo(Verdict.Status.INVALID);

        // the commitments column names another commitment
        ObjectNode c = (ObjectNode) JSON.readTree(commitments);
        c.put("X", new BigInteger(c.get("X").asText()).add(BigInteger.ONE).toString());
        assertThat(ZkSpark.verifyRow(key, proof, outputs, c.toString()).status()).isEqualTo(Verdict.Status.INVALID);

        // a public value of the proof changed
        ObjectNode d = (ObjectNode) JSON.readTree(proof);
        ArrayNode pub = (ArrayNode) d.get("publicInputs");
        pub.set(0, TextNode.valueOf(new BigInteger(pub.get(0).asText()).add(BigInteger.ONE).toString()));
        assertThat(ZkSpark.verifyRow(key, d.toString(), outputs, commitments).isValid()).isFalse();
    }

    /** A table input (CSV, one feature per column): a word in a cell is that row's error, the others are proved. */
    @Test
    @Order(4)
    void csvTableRowsWithOneBadCell() throws IOException {
        StringBuilder csv = new StringBuilder();
        for (int j = 0; j < 30; j++) {
            csv.append(j == 0 ? "" : ",").append("f").append(j);
        }
        csv.append('\n');
        for (int i = 0; i < 3; i++) {
            JsonNode r = vectors.get("test").get(100 + i);
            List<String> cells = new ArrayList<>();
            r.forEach(x -> cells.add(x.asText()));
            if (i == 1) {
                cells.set(7, "abc");
            }
            csv.append(String.join(",", cells)).append('\n');
        }
        Path file = dir.resolve("table.csv");
        Files.writeString(file, csv);
        SparkSession spark = BatchJobs.session("local[2]", "test");
        List<Row> rows = ZkSpark.prove(BatchJobs.readInputs(spark, file), ZkBundle.open(bundle)).collectAsList();
        Map<String, Row> byId = rows.stream().collect(Collectors.toMap(r -> r.getString(0), r -> r));
        assertThat(byId.keySet()).containsExactlyInAnyOrder("1", "2", "3");
        assertThat(byId.get("2").getString(4)).contains("column 'f7'").contains("'abc', not a number");
        assertThat(byId.get("1").isNullAt(4)).isTrue();
        assertThat(ZkSpark.verifyRow(ZkVerifyingKey.fromBundle(bundle), byId.get("3").getString(3),
                byId.get("3").getString(1), byId.get("3").getString(2)).isValid()).isTrue();
    }

    /** The native memory is given back once no task has used the bundle for the idle time. */
    @Test
    @Order(5)
    void idleBundleIsReleased() throws InterruptedException {
        String before = System.getProperty(BundleProver.IDLE_RELEASE_PROPERTY);
        System.setProperty(BundleProver.IDLE_RELEASE_PROPERTY, "1");
        try {
            ZkBundle b = ZkBundle.open(bundle);
            BundleProver p = BundleProver.acquire(b);
            assertThat(BundleProver.isLoaded(b)).isTrue();
            p.release();
            for (int i = 0; i < 50 && BundleProver.isLoaded(b); i++) {
                Thread.sleep(100);
            }
            assertThat(BundleProver.isLoaded(b)).isFalse();
            assertThat(p.circuit.isClosed()).isTrue();
        } finally {
            if (before == null) {
                System.clearProperty(BundleProver.IDLE_RELEASE_PROPERTY);
            } else {
                System.setProperty(BundleProver.IDLE_RELEASE_PROPERTY, before);
            }
        }
    }
}
