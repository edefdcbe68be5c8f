package io.zkinfer.cli;

import io.zkinfer.circuits.model.Tensor;
import io.zkinfer.circuits.quant.CompiledModel;
import io.zkinfer.circuits.quant.QuantizationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static io.zkinfer.cli.ModelCommandsTest.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** compile from one calibration sample: widened ranges, a warning, and the accepted ranges printed (issue 17). */
class CalibrationRangesCommandTest {

    @TempDir
    Path dir;

    private Path calibration(int samples, double value) throws IOException {
        double[] row = new double[30 * samples];   // breast_cancer_logreg: input X of shape [1, 30]
        Arrays.fill(row, value);
        for (int i = 0; i < row.length; i++) {
            row[i] += (i / 30) * 0.01;   // samples differ a little
        }
        Path p = dir.resolve("cal-" + samples + ".json");
        Files.writeString(p, "{\"input_data\": [" + Arrays.toString(row) + "]}");
        return p;
    }

    private static Map<String, Tensor> allOf(double v) {
        double[] x = new double[30];
        Arrays.fill(x, v);
        return Map.of("X", Tensor.of(new int[] {1, 30}, x));
    }

    @Test
    void oneAllOnesSampleAcceptsZeroToTwoAndSaysSo() throws IOException {
        Path bundle = dir.resolve("one");
        ModelCommandsTest.Run r = run("compile", ModelCommandsTest.MODEL.toString(), "-o", bundle.toString(),
                "--calibration", calibration(1, 1.0).toString(), "--scale", "14");
        assertThat(r.code()).isZero();
        assertThat(r.err()).contains("warning: 1 calibration sample cannot tell the range of real inputs")
                .contains("--input-range");
        assertThat(r.out()).contains("accepts (enforced in the circuit")
                .contains("X [1, 30] in [0, 2] (guessed from 1 calibration sample");

        // the circuit (its evaluator checks every constraint, the input range checks included) takes other inputs now
        CompiledModel m = Bundle.open(bundle).quantizedModel(Bundle.open(bundle).circuit(), quiet());
        assertThat(m.witness(allOf(1.7)).outputs()).containsKey("probabilities");
        assertThat(m.witness(allOf(0.05)).outputs()).containsKey("probabilities");
        assertThatThrownBy(() -> m.witness(allOf(2.5))).isInstanceOf(QuantizationException.class);
    }

    @Test
    void tenSamplesAreCalibratedAsBeforeWithoutAWarning() throws IOException {
        Path bundle = dir.resolve("ten");
        ModelCommandsTest.Run r = run("compile", ModelCommandsTest.MODEL.toString(), "-o", bundle.toString(),
                "--calibration", calibration(10, 1.0).toString(), "--scale", "14");
        assertThat(r.code()).isZero();
        assertThat(r.err()).doesNotContain("warning");
        assertThat(r.out()).contains("(calibration: 10 samples, range + 10% margin)");
        Path explicit = dir.resolve("explicit");
        r = run("compile", ModelCommandsTest.MODEL.toString(), "-o", explicit.toString(), "--calibration",
                calibration(1, 1.0).toString(), "--input-range", "X=-3:3", "--scale", "14");
        assertThat(r.code()).isZero();
        assertThat(r.err()).doesNotContain("warning");
        assertThat(r.out()).contains("X [1, 30] in [-3, 3] (--input-range)");
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream());
    }
}
