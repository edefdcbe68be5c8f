package io.zkinfer.circuits.quant;

import static org.assertj.core.api.Assertions.assertThat;

import io.zkinfer.circuits.model.ElemType;
import io.zkinfer.circuits.model.Tensor;
import io.zkinfer.circuits.model.ValueInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rule for input ranges from fewer than 10 calibration samples (CalibrationRanges' javadoc). */
class CalibrationRangesTest {

    private static final ValueInfo X = new ValueInfo("x", new int[] {1, 3}, ElemType.FLOAT);

    private static List<Map<String, Tensor>> samples(double[]... rows) {
        List<Map<String, Tensor>> l = new ArrayList<>();
        for (double[] r : rows) {
            l.add(Map.of("x", Tensor.of(new int[] {1, 3}, r)));
        }
        return l;
    }

    @Test
    void oneSampleIsWidenedByTheTensorsOwnScale() {
        assertThat(CalibrationRanges.widened(X, samples(new double[] {1, 1, 1}))).get()
                .isEqualTo(new double[] {0, 2});                       // no spread: the magnitude, 1
        assertThat(CalibrationRanges.widened(X, samples(new double[] {0.2, 0.9, 0.5}))).get()
                .isEqualTo(new double[] {0.2 - 0.9, 0.9 + 0.9});          // magnitude 0.9 > spread 0.7
        assertThat(CalibrationRanges.widened(X, samples(new double[] {-4, 4, 0}))).get()
                .isEqualTo(new double[] {-12, 12});                    // spread 8 > magnitude 4
        assertThat(CalibrationRanges.widened(X, samples(new double[] {0, 0, 0}))).get()
                .isEqualTo(new double[] {-1, 1});                      // nothing to go by: width 1
    }

    @Test
    void integerInputsGetIntegerBoundsAndBooleansNone() {
        ValueInfo n = new ValueInfo("x", new int[] {1, 3}, ElemType.INT);
        assertThat(CalibrationRanges.widened(n, samples(new double[] {2, 3, 3}))).get()
                .isEqualTo(new double[] {-1, 6});
        ValueInfo b = new ValueInfo("x", new int[] {1, 3}, ElemType.BOOL);
        assertThat(CalibrationRanges.widened(b, samples(new double[] {1, 0, 1}))).isEmpty();
    }

    @Test
    void tenSamplesOrMoreKeepTheCompilersCalibration() {
        double[][] rows = new double[CalibrationRanges.MIN_SAMPLES][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new double[] {i, i, i};
        }
        assertThat(CalibrationRanges.widened(X, samples(rows))).isEmpty();
        assertThat(CalibrationRanges.widened(X, samples(java.util.Arrays.copyOf(rows, rows.length - 1)))).isPresent();
        assertThat(CalibrationRanges.widened(X, List.of())).isEmpty();
    }
}
