package io.zkinfer.circuits.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zkinfer.circuits.ir.CircuitEvaluator;
import io.zkinfer.circuits.ir.UnsatisfiedCircuitException;
import io.zkinfer.circuits.model.ElemType;
import io.zkinfer.circuits.model.Graph;
import io.zkinfer.circuits.model.Node;
import io.zkinfer.circuits.model.Tensor;
import io.zkinfer.circuits.model.ValueInfo;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * Calibration-observed ranges enforced in-circuit ({@link QOp.Enforce}): they narrow worst-case bounds, the executor
 * refuses an input that leaves them (naming the layer), the circuit rejects such a witness, and the settings JSON
 * rebuilds the same circuit.
 */
class EnforcedRangeTest {

    /** h = x·W (x in [-1, 1]^8, W = [ones | alternating signs]), y = Relu(h): worst case |h| <= 8, enforced 0.9. */
    private static Graph model() {
        double[] w = new double[16];
        for (int j = 0; j < 8; j++) {
            w[2 * j] = 1;
            w[2 * j + 1] = j % 2 == 0 ? 1 : -1;
        }
        return Graph.of("enforced", List.of(new ValueInfo("x", new int[]{1, 8}, ElemType.FLOAT)), List.of("y"),
                Map.of("W", Tensor.of(new int[]{8, 2}, w)),
                List.of(new Node("proj", "MatMul", "", List.of("x", "W"), List.of("h"), Map.of()),
                        new Node("act", "Relu", "", List.of("h"), List.of("y"), Map.of())), 17);
    }

    private static Map<String, Tensor> sample(double v) {
        double[] x = new double[8];
        Arrays.fill(x, v);
        return Map.of("x", Tensor.of(new int[]{1, 8}, x));
    }

    private static CompileSettings settings() {
        return new CompileSettings(CompileSettings.Target.ACCURACY, OptionalInt.of(8), OptionalInt.empty(), List.of(),
                16, ModelVisibility.defaults(), List.of(), Map.of("x", new double[]{-1, 1}), 0.1, 0.02)
                .withEnforcedRanges(Map.of("h", new double[]{-0.9, 0.9}));
    }

    @Test
    void theEnforcedRangeNarrowsTheBoundsOfTheLayersAfterIt() {
        CompiledModel m = ModelCompiler.compile(model(), settings());
        QOp.Enforce e = m.quantized().ops().stream().filter(QOp.Enforce.class::isInstance).map(QOp.Enforce.class::cast)
                .findFirst().orElseThrow();
        assertThat(e.node()).isEqualTo("act");
        assertThat(e.lo()).isEqualTo(-231); // floor(-0.9·256): the range is widened to whole units
        assertThat(e.hi()).isEqualTo(231);
        assertThat(m.trackedBounds().get("y")[1]).isEqualTo(e.hi()); // not 8·256
        CompiledModel plain = ModelCompiler.compile(model(), settings().withEnforcedRanges(Map.of()));
        assertThat(plain.trackedBounds().get("y")[1]).isEqualTo(8 * 256);
    }

    @Test
    void anInputThatLeavesTheEnforcedRangeIsRefusedNamingTheLayer() {
        CompiledModel m = ModelCompiler.compile(model(), settings());
        assertThat(m.witness(sample(0.1)).outputs().get("y")[0]).isCloseTo(0.8, org.assertj.core.data.Offset.offset(0.02));
        assertThatThrownBy(() -> m.witness(sample(30 / 256.0))) // h = 240/256 > 0.9, x inside its input range
                .isInstanceOf(QuantizationException.class)
                .hasMessageContaining("layer act")
                .hasMessageContaining("'h'")
                .hasMessageContaining("0.9375")
                .hasMessageContaining("observed in calibration");
    }

    @Test
    void theCircuitRejectsAWitnessOutsideTheEnforcedRange() {
        CompiledModel m = ModelCompiler.compile(model(), settings());
        CompiledModel.ModelWitness honest = m.witness(sample(0.1));
        var circuit = m.circuit();
        Map<String, BigInteger> in = new HashMap<>();
        for (int i = 0; i < circuit.privateInputs().size(); i++) {
            in.put(circuit.privateInputs().get(i), honest.witness().privateInputs().get(i));
        }
        // h = 240 at scale 8: above the enforced 231, below 2^8, so only the enforcement can reject it
        for (int j = 0; j < 8; j++) {
            in.put(Lowering.inputName("x", j), BigInteger.valueOf(30));
        }
        assertThatThrownBy(() -> CircuitEvaluator.evaluate(circuit, in))
                .isInstanceOf(UnsatisfiedCircuitException.class);
        for (int j = 0; j < 8; j++) {
            in.put(Lowering.inputName("x", j), BigInteger.valueOf(28)); // h = 224: inside, accepted
        }
        assertThat(CircuitEvaluator.evaluate(circuit, in).outputs()).isNotEmpty();
    }

    @Test
    void theSettingsJsonRecordsTheRangesAndRebuildsTheSameCircuit() throws Exception {
        CompiledModel m = ModelCompiler.compile(model(), settings());
        assertThat(m.settingsJson()).contains("\"enforcedRanges\"");
        // fromSettings reads an ONNX file: rebuild from the graph and the recorded settings instead
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(m.settingsJson());
        Map<String, double[]> recorded = ModelCompiler.enforcedRanges(json.get("enforcedRanges"));
        CompiledModel again = ModelCompiler.compile(model(), settings().withEnforcedRanges(recorded));
        assertThat(again.circuit().hash()).isEqualTo(m.circuit().hash());
    }

    @Test
    void theBundlesQuantizedModelFileKeepsTheEnforcement() {
        CompiledModel m = ModelCompiler.compile(model(), settings());
        CompiledModel decoded = QuantizedModelCodec.decode(QuantizedModelCodec.encode(m), m.circuit());
        assertThat(decoded.witness(sample(0.1)).quantized().get("y")).containsExactly(
                m.witness(sample(0.1)).quantized().get("y"));
        assertThatThrownBy(() -> decoded.witness(sample(30 / 256.0))).hasMessageContaining("layer act");
    }
}
