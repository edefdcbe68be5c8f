package io.zkinfer.circuits.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** model.qg: the quantized model that prove reads instead of re-quantizing the ONNX model. */
class QuantizedModelCodecTest {

    @ParameterizedTest
    @ValueSource(strings = {"digits_cnn:8", "breast_cancer_gbt:14", "breast_cancer_logreg:14"})
    void decodesToTheSameCircuitAndWitness(String nameAndScale) throws Exception {
        // one fixed scale each (no search: faster), one the compiler accepts as accurate enough for that model
        String name = nameAndScale.split(":")[0];
        int scale = Integer.parseInt(nameAndScale.split(":")[1]);
        TestVectors tv = TestVectors.load(name);
        CompiledModel m = ModelCompiler.compile(tv.onnx(), CompileSettings.defaults(tv.calibrationSamples())
                .withScale(scale));
        byte[] qg = QuantizedModelCodec.encode(m);

        CompiledModel back = QuantizedModelCodec.decode(qg, m.circuit());

        assertThat(Lowering.lower(back.quantized(), back.visibility()).hash()).isEqualTo(m.circuit().hash());
        assertThat(back.graph().inputs()).isEqualTo(m.graph().inputs());
        assertThat(back.report().chosenScale()).isEqualTo(scale);
        var sample = tv.sample(tv.test().get(0));
        var want = m.witness(sample);
        var got = back.witness(sample);
        assertThat(got.witness().wires()).isEqualTo(want.witness().wires());
        want.outputs().forEach((k, v) -> assertThat(got.outputs().get(k)).containsExactly(v));
        // the same model gives the same bytes (map order is not left to the JVM's hash seed)
        assertThat(QuantizedModelCodec.encode(back)).isEqualTo(qg);
    }

    @ParameterizedTest
    @ValueSource(strings = {"breast_cancer_logreg"})
    void refusesAnotherCircuitsFileAndDamagedFiles(String name) throws Exception {
        TestVectors tv = TestVectors.load(name);
        CompileSettings s = CompileSettings.defaults(tv.calibrationSamples());
        CompiledModel at8 = ModelCompiler.compile(tv.onnx(), s.withScale(14));   // "8" and "9": two scales
        CompiledModel at9 = ModelCompiler.compile(tv.onnx(), s.withScale(13));
        byte[] qg = QuantizedModelCodec.encode(at8);

        assertThatThrownBy(() -> QuantizedModelCodec.decode(qg, at9.circuit()))
                .isInstanceOf(QuantizationException.class).hasMessageContaining("of circuit " + at8.circuit().hash());
        assertThatThrownBy(() -> QuantizedModelCodec.decode(Arrays.copyOf(qg, qg.length - 3), at8.circuit()))
                .isInstanceOf(QuantizationException.class).hasMessageContaining("truncated");
        byte[] longer = Arrays.copyOf(qg, qg.length + 1);
        assertThatThrownBy(() -> QuantizedModelCodec.decode(longer, at8.circuit()))
                .isInstanceOf(QuantizationException.class).hasMessageContaining("trailing");
        byte[] otherVersion = qg.clone();
        otherVersion[QuantizedModelCodec.MAGIC.length() + 3] = 99;
        assertThatThrownBy(() -> QuantizedModelCodec.decode(otherVersion, at8.circuit()))
                .isInstanceOf(QuantizationException.class).hasMessageContaining("encoding version 99");
    }
}
