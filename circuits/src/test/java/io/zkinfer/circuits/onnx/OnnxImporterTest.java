package io.zkinfer.circuits.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zkinfer.circuits.model.Graph;
import io.zkinfer.circuits.model.ModelException;
import io.zkinfer.circuits.model.UnsupportedOperatorException;
import io.zkinfer.circuits.onnx.proto.OnnxMl;
import java.util.List;
import org.junit.jupiter.api.Test;

class OnnxImporterTest {

    static OnnxMl.ValueInfoProto input(String name, long... dims) {
        OnnxMl.TensorShapeProto.Builder sh = OnnxMl.TensorShapeProto.newBuilder();
        sh.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("batch"));
        for (long d : dims) {
            sh.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder().setTensorType(
                OnnxMl.TypeProto.Tensor.newBuilder().setElemType(1).setShape(sh))).build();
    }

    static byte[] model(int opset, List<OnnxMl.NodeProto> nodes, String out) {
        OnnxMl.GraphProto g = OnnxMl.GraphProto.newBuilder().setName("t").addInput(input("x", 4)).addAllNode(nodes)
                .addOutput(OnnxMl.ValueInfoProto.newBuilder().setName(out)).build();
        return OnnxMl.ModelProto.newBuilder().setIrVersion(8).setGraph(g)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setVersion(opset)).build().toByteArray();
    }

    static OnnxMl.NodeProto node(String op, String name, List<String> in, String out, OnnxMl.AttributeProto... attrs) {
        return OnnxMl.NodeProto.newBuilder().setOpType(op).setName(name).addAllInput(in).addOutput(out)
                .addAllAttribute(List.of(attrs)).build();
    }

    @Test
    void importsAndFixesTheBatchDimension() {
        Graph g = OnnxImporter.parse(model(13, List.of(node("Relu", "r", List.of("x"), "y")), "y"), "t.onnx");
        assertThat(g.inputs().get(0).shape()).containsExactly(1, 4);
        assertThat(g.shape("y")).containsExactly(1, 4);
        assertThat(g.nodes()).hasSize(1);
    }

    @Test
    void unknownOperatorIsNamedWithItsNode() {
        assertThatThrownBy(() -> OnnxImporter.parse(model(13, List.of(node("FooBar", "n7", List.of("x"), "y")), "y"),
                "t.onnx")).isInstanceOf(UnsupportedOperatorException.class)
                .hasMessage("unsupported operator FooBar at node n7");
    }

    @Test
    void unsupportedAttributeIsNamed() {
        OnnxMl.AttributeProto ks = OnnxMl.AttributeProto.newBuilder().setName("kernel_shape")
                .setType(OnnxMl.AttributeProto.AttributeType.INTS).addInts(2).build();
        OnnxMl.AttributeProto ceil = OnnxMl.AttributeProto.newBuilder().setName("ceil_mode")
                .setType(OnnxMl.AttributeProto.AttributeType.INT).setI(1).build();
        OnnxMl.GraphProto g = OnnxMl.GraphProto.newBuilder().setName("t").addInput(input("x", 2, 4))
                .addNode(node("MaxPool", "pool1", List.of("x"), "y", ks, ceil))
                .addOutput(OnnxMl.ValueInfoProto.newBuilder().setName("y")).build();
        byte[] m = OnnxMl.ModelProto.newBuilder().setIrVersion(8).setGraph(g)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setVersion(13)).build().toByteArray();
        assertThatThrownBy(() -> OnnxImporter.parse(m, "t.onnx")).isInstanceOf(UnsupportedOperatorException.class)
                .hasMessage("unsupported operator MaxPool (attribute ceil_mode=1) at node pool1");
    }

    @Test
    void malformedFilesGetClearErrors() {
        assertThatThrownBy(() -> OnnxImporter.parse(new byte[]{1, 2, 3, 4, 5}, "bad.onnx"))
                .isInstanceOf(ModelException.class).hasMessageContaining("malformed ONNX file bad.onnx");
        assertThatThrownBy(() -> OnnxImporter.parse(new byte[0], "empty.onnx"))
                .hasMessageContaining("no graph or no ir_version");
        assertThatThrownBy(() -> OnnxImporter.parse(model(7, List.of(node("Relu", "r", List.of("x"), "y")), "y"),
                "old.onnx")).hasMessageContaining("opset 7; zkinfer supports opsets 9 to");
        assertThatThrownBy(() -> OnnxImporter.parse(model(13, List.of(node("Relu", "r", List.of("nope"), "y")), "y"),
                "t.onnx")).hasMessageContaining("needs [nope]");
    }
}
