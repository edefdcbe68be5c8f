package io.zkinfer.circuits.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zkinfer.circuits.ir.CircuitEvaluator;
import io.zkinfer.circuits.ir.UnsatisfiedCircuitException;
import io.zkinfer.circuits.model.ElemType;
import io.zkinfer.circuits.model.Tensor;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelCompilerTest {

    @ParameterizedTest
    @ValueSource(strings = {"digits_cnn", "digits_mlp", "breast_cancer_logreg", "breast_cancer_gbt"})
    void heldOutArgmaxAgreementIsAtLeast99Percent(String name) throws Exception {
        TestVectors tv = TestVectors.load(name);
        CompiledModel m = ModelCompiler.compile(tv.onnx(), CompileSettings.defaults(tv.calibrationSamples()));
        int agree = 0;
        int skipped = 0;
        double maxErr = 0;
        double sumErr = 0;
        long n = 0;
        for (int i = 0; i < tv.test().size(); i++) {
            CompiledModel.ModelWitness w;
            try {
                w = m.witness(tv.sample(tv.test().get(i)));
            } catch (QuantizationException e) {
                skipped++; // outside the calibrated range: refused, as it must be
                continue;
            }
            if (w.quantized().get("label")[0] == (long) tv.outputs().get("label").get(i)[0]) {
                agree++;
            }
            double[] p = w.outputs().get("probabilities");
            double[] ref = tv.outputs().get("probabilities").get(i);
            for (int k = 0; k < p.length; k++) {
                double e = Math.abs(p[k] - ref[k]);
                maxErr = Math.max(maxErr, e);
                sumErr += e;
                n++;
            }
        }
        int total = tv.test().size();
        double agreement = agree / (double) (total - skipped);
        System.out.printf("%s: scale %d, held-out %d (refused %d), label agreement %.4f, probabilities max abs err "
                        + "%.5f mean %.6f, circuit ops %d, tables %d%n%s", name, m.report().chosenScale(), total,
                skipped, agreement, maxErr, sumErr / n, m.circuit().ops().size(), m.circuit().tables().size(),
                m.report());
        assertThat(agreement).isGreaterThanOrEqualTo(0.99);
        assertThat(skipped).isLessThanOrEqualTo(total / 20);
        assertThat(m.settingsJson()).contains("\"circuitHash\"", "\"bounds\"", "\"calibration\"");
    }

    @Test
    void resourcesTargetPicksASmallerScaleThanAccuracy() throws Exception {
        TestVectors tv = TestVectors.load("digits_mlp");
        CompileSettings s = CompileSettings.defaults(tv.calibrationSamples());
        CompiledModel acc = ModelCompiler.compile(tv.onnx(), s);
        CompiledModel res = ModelCompiler.compile(tv.onnx(), s.withTarget(CompileSettings.Target.RESOURCES));
        assertThat(res.report().chosenScale()).isLessThan(acc.report().chosenScale());
        assertThat(res.report().chosen().cost()).isLessThan(acc.report().chosen().cost());
    }

    @Test
    void settingsJsonRebuildsTheSameCircuitAndInputJsonIsRead() throws Exception {
        TestVectors tv = TestVectors.load("breast_cancer_gbt");
        CompiledModel m = ModelCompiler.compile(tv.onnx(), CompileSettings.defaults(tv.calibrationSamples()));
        CompiledModel again = ModelCompiler.fromSettings(tv.onnx(), m.settingsJson());
        assertThat(again.circuit().hash()).isEqualTo(m.circuit().hash());
        String json = "{\"input_data\": [" + java.util.Arrays.toString(tv.test().get(3)) + "]}";
        var w = again.witness(InputData.parse(json, again.quantized()));
        assertThat(w.quantized().get("label")[0]).isEqualTo((long) tv.outputs().get("label").get(3)[0]);
        String wrong = m.settingsJson().replace(m.circuit().hash(), "00");
        assertThatThrownBy(() -> ModelCompiler.fromSettings(tv.onnx(), wrong)).hasMessageContaining("do not match");
        assertThatThrownBy(() -> InputData.parse("{\"input_data\": [[1, 2]]}", m.quantized()))
                .hasMessageContaining("has 2 values, the model expects 30");
    }

    @Test
    void badInputsAreRefusedWithClearErrors() throws Exception {
        TestVectors tv = TestVectors.load("digits_mlp");
        CompiledModel m = ModelCompiler.compile(tv.onnx(), CompileSettings.defaults(tv.calibrationSamples())
                .withScale(8));
        assertThatThrownBy(() -> m.witness(Map.of(tv.input(), Tensor.of(new int[]{1, 3}, 1, 2, 3))))
                .isInstanceOf(QuantizationException.class).hasMessageContaining("has 3 values");
        double[] row = tv.test().get(0).clone();
        row[5] = Double.NaN;
        assertThatThrownBy(() -> m.witness(tv.sample(row))).hasMessageContaining("NaN");
        row[5] = 1000;
        assertThatThrownBy(() -> m.witness(tv.sample(row))).hasMessageContaining("outside the calibrated range");
        assertThatThrownBy(() -> m.witness(Map.of())).hasMessageContaining("missing model input");
    }

    @Test
    void circuitRejectsAnInputOutsideItsBoundsEvenWhenTheProverCheats() throws Exception {
        TestVectors tv = TestVectors.load("breast_cancer_logreg");
        CompiledModel m = ModelCompiler.compile(tv.onnx(), CompileSettings.defaults(tv.calibrationSamples())
                .withScale(8));
        CompiledModel.ModelWitness w = m.witness(tv.sample(tv.test().get(0)));
        Map<String, BigInteger> in = new HashMap<>();
        var circuit = m.circuit();
        for (int i = 0; i < circuit.publicInputs().size(); i++) {
            in.put(circuit.publicInputs().get(i), w.witness().publicInputs().get(i));
        }
        for (int i = 0; i < circuit.privateInputs().size(); i++) {
            in.put(circuit.privateInputs().get(i), w.witness().privateInputs().get(i));
        }
        QuantizedGraph.Input x = m.quantized().inputs().get(0);
        in.put(Lowering.inputName(x.name(), 3), BigInteger.valueOf(x.hi() + 1));
        assertThatThrownBy(() -> CircuitEvaluator.evaluate(circuit, in)).isInstanceOf(UnsatisfiedCircuitException.class);
    }

    @Test
    void dishonestDivisionAdviceHasNoWitness() throws Exception {
        TestVectors tv = TestVectors.load("digits_mlp");
        CompiledModel m = ModelCompiler.compile(tv.onnx(), CompileSettings.defaults(tv.calibrationSamples())
                .withScale(8));
        CompiledModel.ModelWitness w = m.witness(tv.sample(tv.test().get(0)));
        var c = m.circuit();
        Map<String, BigInteger> in = new HashMap<>();
        for (int i = 0; i < c.privateInputs().size(); i++) {
            in.put(c.privateInputs().get(i), w.witness().privateInputs().get(i));
        }
        for (String cheat : new String[]{"advice:div0_q", "advice:div0_r"}) {
            Map<String, BigInteger> bad = new HashMap<>(in);
            bad.put(cheat, bad.get(cheat).add(BigInteger.ONE));
            assertThatThrownBy(() -> CircuitEvaluator.evaluate(c, bad)).isInstanceOf(UnsatisfiedCircuitException.class);
        }
        // shifting quotient and remainder together keeps a = q*d + r but breaks 0 <= r < d
        Map<String, BigInteger> bad = new HashMap<>(in);
        bad.put("advice:div0_q", bad.get("advice:div0_q").subtract(BigInteger.ONE));
        assertThatThrownBy(() -> CircuitEvaluator.evaluate(c, bad)).isInstanceOf(UnsatisfiedCircuitException.class);
    }

    @Test
    void committedInputsPublishASaltedCommitment() throws Exception {
        TestVectors tv = TestVectors.load("breast_cancer_logreg");
        CompiledModel m = ModelCompiler.compile(tv.onnx(), CompileSettings.defaults(tv.calibrationSamples())
                .withScale(10).withVisibility(new ModelVisibility(Visibility.COMMITTED, Visibility.PUBLIC,
                        Visibility.PUBLIC)));
        Map<String, Tensor> x = tv.sample(tv.test().get(1));
        var a = m.witness(x, Map.of(tv.input(), BigInteger.valueOf(12345)));
        var b = m.witness(x, Map.of(tv.input(), BigInteger.valueOf(12345)));
        var c = m.witness(x, Map.of(tv.input(), BigInteger.valueOf(777)));
        assertThat(a.commitments()).containsKey(tv.input());
        assertThat(a.commitments()).isEqualTo(b.commitments());
        assertThat(a.commitments().get(tv.input())).isNotEqualTo(c.commitments().get(tv.input()));
        assertThat(m.circuit().publicInputs()).isEmpty();
        assertThat(m.circuit().privateInputs()).contains("salt:" + tv.input());
    }

    @ParameterizedTest
    @ValueSource(strings = {"digits_mlp", "digits_cnn"})
    void committedParametersMatchPublicParametersAndBindTheWeights(String name) throws Exception {
        TestVectors tv = TestVectors.load(name);
        CompileSettings pub = CompileSettings.defaults(tv.calibrationSamples()).withScale(10);
        CompileSettings com = pub.withVisibility(new ModelVisibility(Visibility.PRIVATE, Visibility.COMMITTED,
                Visibility.PUBLIC));
        CompiledModel a = ModelCompiler.compile(tv.onnx(), pub);
        CompiledModel b = ModelCompiler.compile(tv.onnx(), com);
        assertThat(b.quantized().params()).isNotEmpty();
        assertThat(b.circuit().privateInputs()).contains("salt:params");
        int agree = 0;
        for (int i = 0; i < 40; i++) {
            var x = tv.sample(tv.test().get(i));
            var wa = a.witness(x);
            var wb = b.witness(x, Map.of(Lowering.PARAMS, BigInteger.TEN));
            agree += wa.quantized().get("label")[0] == wb.quantized().get("label")[0] ? 1 : 0;
            assertThat(wb.commitments()).containsKey(Lowering.PARAMS);
        }
        assertThat(agree).isGreaterThanOrEqualTo(39);
        // the weights are private inputs: changing one changes the commitment (or breaks a bound)
        var x = tv.sample(tv.test().get(0));
        var w = b.witness(x, Map.of(Lowering.PARAMS, BigInteger.TEN));
        Map<String, BigInteger> in = new HashMap<>();
        var c = b.circuit();
        for (int i = 0; i < c.privateInputs().size(); i++) {
            in.put(c.privateInputs().get(i), w.witness().privateInputs().get(i));
        }
        String p0 = c.privateInputs().stream().filter(s -> s.startsWith("param:")).findFirst().orElseThrow();
        in.put(p0, in.get(p0).add(BigInteger.ONE));
        try {
            var other = CircuitEvaluator.evaluate(c, in);
            assertThat(other.outputs().get("commit:params")).isNotEqualTo(w.commitments().get(Lowering.PARAMS));
        } catch (UnsatisfiedCircuitException e) {
            // the nudged weight left its published bound: no proof at all
        }
        System.out.printf("%s committed params: %d private parameter elements, %d IR ops (public params: %d)%n", name,
                b.quantized().params().values().stream().mapToInt(v -> v.length).sum(), c.ops().size(),
                a.circuit().ops().size());
    }

    @Test
    void privateParametersOfOtherOperatorsAreRefusedClearly() throws Exception {
        TestVectors tv = TestVectors.load("breast_cancer_logreg");
        CompileSettings s = CompileSettings.defaults(tv.calibrationSamples()).withScale(8)
                .withVisibility(new ModelVisibility(Visibility.PRIVATE, Visibility.PRIVATE, Visibility.PUBLIC));
        assertThatThrownBy(() -> ModelCompiler.compile(tv.onnx(), s))
                .hasMessageContaining("unsupported operator Scaler (private parameters");
    }

    static Tensor row(double... v) {
        return new Tensor(new int[]{1, v.length}, v, ElemType.FLOAT);
    }
}
