package io.zkinfer.circuits.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zkinfer.circuits.model.ElemType;
import io.zkinfer.circuits.model.Graph;
import io.zkinfer.circuits.model.Node;
import io.zkinfer.circuits.model.Tensor;
import io.zkinfer.circuits.model.ValueInfo;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Compilation refuses a scale whose outputs are badly off on the calibration data, with the numbers. */
class CompileToleranceTest {

    /** y = 10·x on x in [0, 1]: at scale 2 the input rounds to quarters, so y is off by up to 1.25. */
    private static Graph tenTimes() {
        return Graph.of("ten_times", List.of(new ValueInfo("x", new int[]{1, 4}, ElemType.FLOAT)), List.of("y"),
                Map.of("ten", Tensor.scalar(10, ElemType.FLOAT)),
                List.of(new Node("mul", "Mul", "", List.of("x", "ten"), List.of("y"), Map.of())), 17);
    }

    private static List<Map<String, Tensor>> samples() {
        return List.of(Map.of("x", Tensor.of(new int[]{1, 4}, 0.13, 0.37, 0.61, 0.99)),
                Map.of("x", Tensor.of(new int[]{1, 4}, 0.0, 0.5, 0.87, 0.29)));
    }

    /** The search over scales 1 and 2 (both coarse): the best, 2, is off by up to 1.25. */
    private static CompileSettings coarseSearch() {
        return new CompileSettings(CompileSettings.Target.ACCURACY, java.util.OptionalInt.empty(),
                java.util.OptionalInt.of(8), List.of(1, 2), 16, ModelVisibility.defaults(), samples(), Map.of(), 0.1,
                0.02);
    }

    @Test
    void aScaleThatIsBadlyOffIsRefusedWithTheNumbers() {
        CompileSettings coarse = coarseSearch();
        assertThatThrownBy(() -> ModelCompiler.compile(tenTimes(), coarse))
                .isInstanceOf(QuantizationException.class)
                .hasMessageContaining("best quantization scale (2) is off by")
                .hasMessageContaining("output 'y'")
                .hasMessageContaining("largest float output 9.9")
                .hasMessageContaining("allows 0.495")
                .hasMessageContaining("--tolerance");
    }

    @Test
    void aFixedScaleIsCheckedOnlyAgainstAnExplicitTolerance() {
        CompileSettings fixed = CompileSettings.defaults(samples()).withScale(2);
        assertThat(ModelCompiler.compile(tenTimes(), fixed).report().chosenScale()).isEqualTo(2);
        assertThatThrownBy(() -> ModelCompiler.compile(tenTimes(), fixed.withMaxError(0.03)))
                .hasMessageContaining("best quantization scale (2) is off by");
    }

    @Test
    void aLooserToleranceAcceptsItAndAFineScalePassesTheDefault() {
        CompiledModel loose = ModelCompiler.compile(tenTimes(), coarseSearch().withMaxError(0.2));
        assertThat(loose.report().chosen().outputs().get("y").maxAbsError()).isGreaterThan(0.495);
        CompiledModel fine = ModelCompiler.compile(tenTimes(), CompileSettings.defaults(samples()));
        assertThat(fine.report().chosen().outputs().get("y").maxAbsError()).isLessThan(0.05);
    }

    @Test
    void withoutCalibrationDataThereIsNothingToMeasure() {
        CompileSettings ranged = new CompileSettings(CompileSettings.Target.ACCURACY, java.util.OptionalInt.of(2),
                java.util.OptionalInt.empty(), List.of(), 16, ModelVisibility.defaults(), List.of(),
                Map.of("x", new double[]{0, 1}), 0.1, 0.02);
        assertThat(ModelCompiler.compile(tenTimes(), ranged).report().chosenScale()).isEqualTo(2);
    }
}
