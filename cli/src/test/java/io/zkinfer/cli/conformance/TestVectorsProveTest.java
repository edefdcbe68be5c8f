package io.zkinfer.cli.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zkinfer.circuits.model.ElemType;
import io.zkinfer.circuits.model.Tensor;
import io.zkinfer.circuits.quant.CompileSettings;
import io.zkinfer.circuits.quant.CompiledModel;
import io.zkinfer.circuits.quant.FidelityReport;
import io.zkinfer.circuits.quant.ModelCompiler;
import io.zkinfer.circuits.quant.ModelVisibility;
import io.zkinfer.circuits.quant.QuantizationException;
import io.zkinfer.circuits.quant.Visibility;
import io.zkinfer.prover.Backend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each test-vector model (test-vectors/models: breast-cancer logistic regression and gradient-boosted trees, digits
 * MLP and CNN) end to end on Groth16 and PLONK: compile (target resources on the model's calibration split), gnark
 * compile, development setup, prove the first held-out sample inside the calibrated range, verify with the pure-Java
 * verifier. The proven outputs must equal the quantized executor's, the label must equal onnxruntime's (stored in the
 * JSON by test-vectors/generate.py) and every probability must be within the error the chosen scale explains: twice
 * the calibration split's max abs error at that scale plus one quantization step 2^-scale.
 *
 * <p>Opt-in (about 20 minutes on a loaded 2-core machine, PLONK setups most of it):
 * {@code ./mvnw -B -q -pl cli test -Dtest=TestVectorsProveTest -Dzkinfer.e2e.prove=true}. The table it prints (and
 * writes to cli/target/proved-end-to-end.md) is docs/models.md's "Proved end to end".
 */
@EnabledIfSystemProperty(named = "zkinfer.e2e.prove", matches = "true")
class TestVectorsProveTest {

    static final List<String> ROWS = new ArrayList<>();

    static Path dir() {
        Path p = Path.of("../test-vectors/models");
        return Files.isDirectory(p) ? p : Path.of("/work/main/test-vectors/models");
    }

    static double[] row(JsonNode a) {
        double[] d = new double[a.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = a.get(i).asDouble();
        }
        return d;
    }

    @ParameterizedTest
    @ValueSource(strings = {"breast_cancer_logreg", "breast_cancer_gbt", "digits_mlp", "digits_cnn"})
    void provesOnGroth16AndPlonk(String name) throws Exception {
        JsonNode v = OrtPython.JSON.readTree(dir().resolve(name + ".json").toFile());
        String input = v.get("input").asText();
        int[] shape = new int[v.get("inputShape").size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = v.get("inputShape").get(i).asInt();
        }
        List<Map<String, Tensor>> calibration = new ArrayList<>();
        for (JsonNode r : v.get("calibration")) {
            calibration.add(Map.of(input, new Tensor(shape, row(r), ElemType.FLOAT)));
        }
        long t0 = System.nanoTime();
        CompiledModel m = ModelCompiler.compile(dir().resolve(v.get("model").asText()),
                CompileSettings.defaults(calibration).withTarget(CompileSettings.Target.RESOURCES)
                        .withVisibility(new ModelVisibility(Visibility.PRIVATE, Visibility.PUBLIC, Visibility.PUBLIC)));
        double compileModelS = ProvingPipeline.secs(t0);
        int scale = m.report().chosenScale();
        FidelityReport.Candidate chosen = m.report().chosen();

        // the first held-out sample inside the calibrated range (others are refused, as they must be)
        int sample = -1;
        CompiledModel.ModelWitness w = null;
        for (int i = 0; i < v.get("test").size() && w == null; i++) {
            try {
                w = m.witness(Map.of(input, new Tensor(shape, row(v.get("test").get(i)), ElemType.FLOAT)));
                sample = i;
            } catch (QuantizationException e) {
                // outside the calibrated range
            }
        }
        assertThat(w).as("a held-out sample inside the calibrated range").isNotNull();
        double[] refProb = row(v.get("outputs").get("probabilities").get(sample));
        double refLabel = v.get("outputs").get("label").get(sample).get(0).asDouble();
        double calErr = chosen.outputs().get("probabilities").maxAbsError();
        double bound = 2 * calErr + Math.pow(2, -scale);

        for (Backend b : List.of(Backend.GROTH16, Backend.PLONK)) {
            ProvingPipeline.Outcome o = ProvingPipeline.run(m, w, b, Long.MAX_VALUE);
            System.out.printf(Locale.ROOT, "%s %s: %s%n", name, b.id(), o);
            assertThat(o.failure()).as(name + " on " + b.id()).isNull();
            double[] prob = o.proven().get("probabilities");
            double[] label = o.proven().get("label");
            assertThat(label).as("proven label").containsExactly(refLabel);
            double err = 0;
            for (int k = 0; k < refProb.length; k++) {
                err = Math.max(err, Math.abs(prob[k] - refProb[k]));
            }
            assertThat(err).as(name + " proven probabilities vs onnxruntime").isLessThanOrEqualTo(bound);
            String row = String.format(Locale.ROOT,
                    "| %s | %s | %d | %d | %d | %.1f | %.2f | %.2f | %.3f | %d | %.2g (bound %.2g) |",
                    name, b.id(), scale, m.circuit().ops().size(), o.constraints(), compileModelS,
                    o.compileS() + o.setupS(), o.proveS(), o.verifyS(), o.proofBytes(), err, bound);
            ROWS.add(row);
            // as soon as it is known: surefire shows test output only when the class ends
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target/proved-end-to-end-rows.md"), row + "\n", StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
    }

    @AfterAll
    static void table() throws Exception {
        if (ROWS.isEmpty()) {
            return;
        }
        String md = "| model | backend | scale | IR ops | constraints | compile model s | setup s | prove s | verify s "
                + "| proof bytes | max abs error vs onnxruntime |\n|---|---|---|---|---|---|---|---|---|---|---|\n"
                + String.join("\n", ROWS) + "\n";
        System.out.println(md);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/proved-end-to-end.md"), md);
    }
}
