package io.zkinfer.circuits.quant;

import static org.assertj.core.api.Assertions.assertThat;

import io.zkinfer.circuits.ir.Circuit;
import io.zkinfer.circuits.ir.CircuitEvaluator;
import io.zkinfer.circuits.ir.Witness;
import io.zkinfer.circuits.model.Graph;
import io.zkinfer.circuits.model.Tensor;
import io.zkinfer.circuits.onnx.OnnxImporter;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Quantize the test-vector models, compare with onnxruntime's outputs, and check circuit = executor. */
class QuantizedPipelineTest {

    static Map<String, double[]> ranges(Graph g, List<Map<String, Tensor>> samples) {
        Map<String, double[]> r = new HashMap<>();
        for (var in : g.inputs()) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (var s : samples) {
                for (double v : s.get(in.name()).toArray()) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
            double m = 0.25 * (hi - lo);
            r.put(in.name(), new double[]{lo - m, hi + m});
        }
        return r;
    }

    @ParameterizedTest
    @ValueSource(strings = {"digits_cnn", "digits_mlp", "breast_cancer_logreg", "breast_cancer_gbt"})
    void quantizedAgreesWithFloatAndCircuitWithExecutor(String name) throws Exception {
        TestVectors tv = TestVectors.load(name);
        Graph g = OnnxImporter.load(tv.onnx());
        QuantizedGraph q = Quantizer.quantize(g, new QuantSettings(12, 12, 16), ranges(g, tv.calibrationSamples()));
        int agree = 0;
        double maxErr = 0;
        String probs = "probabilities";
        for (int i = 0; i < tv.test().size(); i++) {
            QuantizedExecutor.Result r = QuantizedExecutor.run(q, tv.sample(tv.test().get(i)));
            double[] p = r.dequantized(q).get(probs);
            double[] ref = tv.outputs().get(probs).get(i);
            for (int k = 0; k < p.length; k++) {
                maxErr = Math.max(maxErr, Math.abs(p[k] - ref[k]));
            }
            long label = r.outputs().get("label")[0];
            if (label == (long) tv.outputs().get("label").get(i)[0]) {
                agree++;
            }
        }
        double agreement = agree / (double) tv.test().size();
        System.out.printf("%s: argmax agreement %.4f, max |prob err| %.4f, ops %d%n", name, agreement, maxErr,
                q.ops().size());
        assertThat(agreement).isGreaterThanOrEqualTo(0.99);
        assertThat(maxErr).isLessThan(0.05);

        Circuit c = Lowering.lower(q, ModelVisibility.defaults());
        for (int i = 0; i < 3; i++) {
            QuantizedExecutor.Result r = QuantizedExecutor.run(q, tv.sample(tv.test().get(i)));
            Map<String, BigInteger> in = new HashMap<>();
            r.inputs().forEach((k, v) -> {
                for (int j = 0; j < v.length; j++) {
                    in.put(Lowering.inputName(k, j), BigInteger.valueOf(v[j]));
                }
            });
            r.advice().forEach((k, v) -> in.put(Lowering.adviceName(k), BigInteger.valueOf(v)));
            Witness w = CircuitEvaluator.evaluate(c, in);
            Map<String, BigInteger> outs = w.signedOutputs();
            r.outputs().forEach((k, v) -> {
                for (int j = 0; j < v.length; j++) {
                    assertThat(outs.get(Lowering.outputName(k, j))).as(k + "[" + j + "]")
                            .isEqualTo(BigInteger.valueOf(v[j]));
                }
            });
        }
        System.out.printf("%s: circuit ops %d, constants %d, tables %d%n", name, c.ops().size(),
                c.constants().size(), c.tables().size());
    }
}
