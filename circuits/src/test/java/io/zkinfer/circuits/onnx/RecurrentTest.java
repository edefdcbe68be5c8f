package io.zkinfer.circuits.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zkinfer.circuits.model.FloatExecutor;
import io.zkinfer.circuits.model.Graph;
import io.zkinfer.circuits.model.Tensor;
import io.zkinfer.circuits.model.UnsupportedOperatorException;
import io.zkinfer.circuits.onnx.proto.OnnxMl;
import io.zkinfer.circuits.quant.CompileSettings;
import io.zkinfer.circuits.quant.CompiledModel;
import io.zkinfer.circuits.quant.ModelCompiler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RNN, LSTM and GRU, unrolled by {@link io.zkinfer.circuits.model.Recurrent}: the float executor agrees with onnxruntime
 * on every direction, with biases and initial states, and the compiled circuit reproduces the quantized executor.
 */
class RecurrentTest {

    @TempDir
    Path tmp;

    private static OnnxMl.ValueInfoProto value(String name, long... dims) {
        OnnxMl.TensorShapeProto.Builder sh = OnnxMl.TensorShapeProto.newBuilder();
        for (long d : dims) {
            sh.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder().setTensorType(
                OnnxMl.TypeProto.Tensor.newBuilder().setElemType(1).setShape(sh))).build();
    }

    private static OnnxMl.TensorProto random(String name, Random r, int... dims) {
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name).setDataType(1);
        int size = 1;
        for (int d : dims) {
            t.addDims(d);
            size *= d;
        }
        for (int i = 0; i < size; i++) {
            t.addFloatData((float) (r.nextGaussian() * 0.6));
        }
        return t.build();
    }

    private static OnnxMl.AttributeProto intAttr(String name, long v) {
        return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.INT)
                .setI(v).build();
    }

    private static OnnxMl.AttributeProto strAttr(String name, String v) {
        return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.STRING)
                .setS(com.google.protobuf.ByteString.copyFromUtf8(v)).build();
    }

    private static OnnxMl.AttributeProto strsAttr(String name, String... v) {
        OnnxMl.AttributeProto.Builder b = OnnxMl.AttributeProto.newBuilder().setName(name)
                .setType(OnnxMl.AttributeProto.AttributeType.STRINGS);
        for (String s : v) {
            b.addStrings(com.google.protobuf.ByteString.copyFromUtf8(s));
        }
        return b.build();
    }

    /** An RNN or LSTM over x [steps, batch, in] with random weights, biases and initial states. */
    private Path model(String op, String direction, int steps, int batch, int in, int hidden,
                       OnnxMl.AttributeProto... extra) throws Exception {
        Random r = new Random(op.hashCode() * 31L + direction.hashCode());
        int dirs = direction.equals("bidirectional") ? 2 : 1;
        int gates = op.equals("LSTM") ? 4 : op.equals("GRU") ? 3 : 1;
        List<String> ins = new ArrayList<>(List.of("x", "W", "R", "B", "", "h0"));
        List<String> outs = new ArrayList<>(List.of("Y", "Y_h"));
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder().setName(op.toLowerCase())
                .addInput(value("x", steps, batch, in))
                .addInitializer(random("W", r, dirs, gates * hidden, in))
                .addInitializer(random("R", r, dirs, gates * hidden, hidden))
                .addInitializer(random("B", r, dirs, 2 * gates * hidden))
                .addInitializer(random("h0", r, dirs, batch, hidden));
        if (op.equals("LSTM")) {
            ins.add("c0");
            outs.add("Y_c");
            g.addInitializer(random("c0", r, dirs, batch, hidden));
        }
        OnnxMl.NodeProto.Builder n = OnnxMl.NodeProto.newBuilder().setOpType(op).setName("cell").addAllInput(ins)
                .addAllOutput(outs).addAttribute(intAttr("hidden_size", hidden))
                .addAttribute(strAttr("direction", direction));
        for (OnnxMl.AttributeProto a : extra) {
            n.addAttribute(a);
        }
        g.addNode(n);
        for (String o : outs) {
            g.addOutput(OnnxMl.ValueInfoProto.newBuilder().setName(o));
        }
        byte[] bytes = OnnxMl.ModelProto.newBuilder().setIrVersion(8).setGraph(g)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setVersion(14)).build().toByteArray();
        Path p = tmp.resolve(op + "_" + direction + ".onnx");
        Files.write(p, bytes);
        return p;
    }

    private static Map<String, Tensor> sample(Graph g, long seed) {
        int[] sh = g.inputs().get(0).shape();
        Random r = new Random(seed);
        double[] v = new double[io.zkinfer.circuits.model.Shapes.size(sh)];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextDouble() * 2 - 1;
        }
        return Map.of("x", Tensor.of(sh, v));
    }

    private static void assertAgreesWithOnnxruntime(Path onnx) throws Exception {
        Graph g = OnnxImporter.load(onnx);
        Map<String, Tensor> in = sample(g, 1);
        Map<String, Tensor> ours = FloatExecutor.run(g, in);
        Map<String, Tensor> ref = OrtReference.run(onnx, g, in);
        assertThat(ref).isNotEmpty();
        for (var e : ref.entrySet()) {
            Tensor o = ours.get(e.getKey());
            assertThat(o.shape()).as(e.getKey() + " shape").containsExactly(e.getValue().shape());
            for (int i = 0; i < o.size(); i++) {
                assertThat(o.get(i)).as(onnx.getFileName() + " " + e.getKey() + "[" + i + "]")
                        .isCloseTo(e.getValue().get(i), org.assertj.core.data.Offset.offset(1e-5));
            }
        }
    }

    @Test
    void rnnInEveryDirectionAgreesWithOnnxruntime() throws Exception {
        assertAgreesWithOnnxruntime(model("RNN", "forward", 3, 2, 3, 4));
        assertAgreesWithOnnxruntime(model("RNN", "reverse", 3, 2, 3, 4, strsAttr("activations", "Relu")));
        assertAgreesWithOnnxruntime(model("RNN", "bidirectional", 3, 2, 3, 4));
    }

    @Test
    void lstmInEveryDirectionAgreesWithOnnxruntime() throws Exception {
        assertAgreesWithOnnxruntime(model("LSTM", "forward", 3, 2, 3, 4));
        assertAgreesWithOnnxruntime(model("LSTM", "reverse", 2, 1, 2, 3));
        assertAgreesWithOnnxruntime(model("LSTM", "bidirectional", 2, 1, 2, 3));
    }

    @Test
    void gruInEveryDirectionAndBothResetFormsAgreesWithOnnxruntime() throws Exception {
        assertAgreesWithOnnxruntime(model("GRU", "forward", 3, 2, 3, 4));
        assertAgreesWithOnnxruntime(model("GRU", "reverse", 2, 1, 2, 3, intAttr("linear_before_reset", 1)));
        assertAgreesWithOnnxruntime(model("GRU", "bidirectional", 2, 1, 2, 3));
    }

    @Test
    void unrolledRecurrencesCompileAndTheCircuitMatchesTheQuantizedExecutor() throws Exception {
        for (Path onnx : List.of(model("RNN", "bidirectional", 3, 1, 3, 4), model("LSTM", "forward", 3, 1, 3, 4),
                model("GRU", "forward", 3, 1, 3, 4))) {
            Graph g = OnnxImporter.load(onnx);
            List<Map<String, Tensor>> cal = List.of(sample(g, 1), sample(g, 2), sample(g, 3));
            CompiledModel m = ModelCompiler.compile(g, CompileSettings.defaults(cal).withScale(10));
            Map<String, Tensor> ref = FloatExecutor.run(g, sample(g, 2));
            var w = m.witness(sample(g, 2)); // evaluates the circuit; throws if it disagrees with the executor
            double[] y = w.outputs().get("Y");
            for (int i = 0; i < y.length; i++) {
                assertThat(y[i]).as(onnx.getFileName() + " Y[" + i + "]").isCloseTo(ref.get("Y").get(i),
                        org.assertj.core.data.Offset.offset(0.02));
            }
        }
    }

    @Test
    void unsupportedVariantsAreNamed() throws Exception {
        Path clipped = model("RNN", "forward", 2, 1, 2, 2, OnnxMl.AttributeProto.newBuilder().setName("clip")
                .setType(OnnxMl.AttributeProto.AttributeType.FLOAT).setF(1).build());
        assertThatThrownBy(() -> OnnxImporter.load(clipped)).isInstanceOf(UnsupportedOperatorException.class)
                .hasMessageContaining("RNN").hasMessageContaining("at node cell").hasMessageContaining("clip");
        Path batchFirst = model("LSTM", "forward", 2, 1, 2, 2, intAttr("layout", 1));
        assertThatThrownBy(() -> OnnxImporter.load(batchFirst)).hasMessageContaining("layout=1");
    }
}
