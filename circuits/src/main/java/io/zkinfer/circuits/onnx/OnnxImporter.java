package io.zkinfer.circuits.onnx;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.zkinfer.circuits.model.Attribute;
import io.zkinfer.circuits.model.ElemType;
import io.zkinfer.circuits.model.Graph;
import io.zkinfer.circuits.model.ModelException;
import io.zkinfer.circuits.model.Node;
import io.zkinfer.circuits.model.Tensor;
import io.zkinfer.circuits.model.UnsupportedOperatorException;
import io.zkinfer.circuits.model.ValueInfo;
import io.zkinfer.circuits.onnx.proto.OnnxMl;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an ONNX model (protobuf) into a {@link Graph}: initializers and Constant nodes become constants, symbolic
 * dimensions of inputs are fixed to 1 (one sample per proof), constant subgraphs are folded and every tensor gets a
 * static shape. Supports default-domain opsets 9 and newer and ai.onnx.ml; ZipMap is dropped.
 */
public final class OnnxImporter {

    public static final int MIN_OPSET = 9;
    public static final int MAX_OPSET = 23;

    private OnnxImporter() {
    }

    public static Graph load(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ModelException("cannot read ONNX file " + file + ": " + e.getMessage(), e);
        }
        return parse(bytes, file.getFileName().toString());
    }

    public static Graph parse(byte[] bytes, String source) {
        OnnxMl.ModelProto model;
        try {
            model = OnnxMl.ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new ModelException("malformed ONNX file " + source + ": not a valid ModelProto (" + e.getMessage() + ")", e);
        }
        if (!model.hasGraph() || model.getIrVersion() == 0) {
            throw new ModelException("malformed ONNX file " + source + ": no graph or no ir_version");
        }
        int opset = -1;
        for (OnnxMl.OperatorSetIdProto o : model.getOpsetImportList()) {
            String d = o.getDomain();
            if (d.isEmpty() || d.equals("ai.onnx")) {
                opset = Math.max(opset, (int) o.getVersion());
            } else if (!d.equals("ai.onnx.ml")) {
                throw new ModelException("ONNX file " + source + " imports operator set domain '" + d
                        + "' which zkinfer does not support");
            }
        }
        if (opset < 0) {
            opset = MIN_OPSET; // pure ai.onnx.ml models: no default-domain node needs a version
        }
        if (opset < MIN_OPSET || opset > MAX_OPSET) {
            throw new ModelException("ONNX file " + source + " uses opset " + opset + "; zkinfer supports opsets "
                    + MIN_OPSET + " to " + MAX_OPSET);
        }
        OnnxMl.GraphProto g = model.getGraph();
        Map<String, Tensor> constants = new LinkedHashMap<>();
        for (OnnxMl.TensorProto t : g.getInitializerList()) {
            constants.put(t.getName(), tensor(t, "initializer " + t.getName()));
        }
        if (g.getSparseInitializerCount() > 0) {
            throw new ModelException("ONNX file " + source + " has sparse initializers, which zkinfer does not support");
        }
        List<ValueInfo> inputs = new ArrayList<>();
        for (OnnxMl.ValueInfoProto v : g.getInputList()) {
            if (constants.containsKey(v.getName())) {
                continue;
            }
            inputs.add(valueInfo(v, source));
        }
        if (inputs.isEmpty()) {
            throw new ModelException("ONNX file " + source + " has no graph input (all inputs are initializers)");
        }
        List<Node> nodes = new ArrayList<>();
        Set<String> dropped = new HashSet<>();
        int k = 0;
        for (OnnxMl.NodeProto np : g.getNodeList()) {
            String name = np.getName().isEmpty() ? np.getOpType() + "_" + k : np.getName();
            k++;
            String domain = np.getDomain().equals("ai.onnx") ? "" : np.getDomain();
            if (domain.equals("ai.onnx.ml") && np.getOpType().equals("ZipMap")) {
                dropped.addAll(np.getOutputList());
                continue; // a dictionary view of the probabilities: the tensor it reads stays available
            }
            if (!domain.isEmpty() && !domain.equals("ai.onnx.ml")) {
                throw new UnsupportedOperatorException(np.getOpType(), "domain " + domain, name);
            }
            Map<String, Attribute> attrs = new LinkedHashMap<>();
            for (OnnxMl.AttributeProto a : np.getAttributeList()) {
                attrs.put(a.getName(), attribute(a, name));
            }
            nodes.add(new Node(name, np.getOpType(), domain, np.getInputList(), np.getOutputList(), attrs));
        }
        List<String> outputs = new ArrayList<>();
        for (OnnxMl.ValueInfoProto v : g.getOutputList()) {
            if (!dropped.contains(v.getName())) {
                outputs.add(v.getName());
            }
        }
        if (outputs.isEmpty()) {
            throw new ModelException("ONNX file " + source + " has no graph output");
        }
        String gname = g.getName().isEmpty() ? source : g.getName();
        return Graph.of(gname, inputs, outputs, constants, nodes, opset);
    }

    private static ValueInfo valueInfo(OnnxMl.ValueInfoProto v, String source) {
        if (!v.getType().hasTensorType()) {
            throw new ModelException("input '" + v.getName() + "' of " + source + " is not a tensor");
        }
        OnnxMl.TypeProto.Tensor tt = v.getType().getTensorType();
        int[] shape = new int[tt.getShape().getDimCount()];
        for (int i = 0; i < shape.length; i++) {
            OnnxMl.TensorShapeProto.Dimension d = tt.getShape().getDim(i);
            // Symbolic or unknown dimensions (batch) are fixed to 1: a proof covers one sample.
            shape[i] = d.hasDimValue() && d.getDimValue() > 0 ? (int) d.getDimValue() : 1;
        }
        return new ValueInfo(v.getName(), shape, ElemType.fromOnnx(tt.getElemType(), "input " + v.getName()));
    }

    static Attribute attribute(OnnxMl.AttributeProto a, String node) {
        return switch (a.getType()) {
            case INT -> new Attribute.Int(a.getI());
            case FLOAT -> new Attribute.Float(a.getF());
            case STRING -> new Attribute.Str(a.getS().toStringUtf8());
            case INTS -> new Attribute.Ints(a.getIntsList());
            case FLOATS -> new Attribute.Floats(a.getFloatsList().stream().map(Float::doubleValue).toList());
            case STRINGS -> new Attribute.Strs(a.getStringsList().stream().map(ByteString::toStringUtf8).toList());
            case TENSOR -> new Attribute.TensorValue(tensor(a.getT(), "attribute " + a.getName() + " of node " + node));
            default -> new Attribute.Other(a.getType().name());
        };
    }

    /** Decodes a TensorProto from its typed fields or raw_data (little-endian). */
    public static Tensor tensor(OnnxMl.TensorProto t, String where) {
        if (t.getDataLocation() == OnnxMl.TensorProto.DataLocation.EXTERNAL) {
            throw new ModelException(where + " keeps its data in an external file, which zkinfer does not read");
        }
        // The element count must fit an int and be backed by the data present, before anything is allocated
        // (a crafted shape must not allocate gigabytes; found by OnnxImporterFuzzTest).
        int[] shape = new int[t.getDimsCount()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            long d = t.getDims(i);
            if (d < 0) {
                throw new ModelException(where + " has a negative dimension");
            }
            if (d > Integer.MAX_VALUE || (count = count * d) > Integer.MAX_VALUE) {
                throw new ModelException(where + " has more than 2^31 - 1 elements");
            }
            shape[i] = (int) d;
        }
        int n = (int) count;
        int dt = t.getDataType();
        ElemType type = ElemType.fromOnnx(dt, where);
        ByteString raw = t.getRawData();
        double[] v;
        if (!raw.isEmpty()) {
            ByteBuffer b = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            int width = switch (dt) {
                case 1, 6, 12 -> 4;
                case 7, 11, 13 -> 8;
                case 2, 3, 9 -> 1;
                case 4, 5, 10, 16 -> 2;
                default -> throw new ModelException(where + ": unsupported element type " + dt);
            };
            if (raw.size() != (long) n * width) {
                throw new ModelException(where + ": raw_data has " + raw.size() + " bytes, expected " + (long) n * width);
            }
            v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = switch (dt) {
                    case 1 -> b.getFloat();
                    case 11 -> b.getDouble();
                    case 6 -> b.getInt();
                    case 12 -> Integer.toUnsignedLong(b.getInt());
                    case 7, 13 -> b.getLong();
                    case 2, 9 -> Byte.toUnsignedInt(b.get());
                    case 3 -> b.get();
                    case 4 -> Short.toUnsignedInt(b.getShort());
                    case 5 -> b.getShort();
                    case 10 -> Float.float16ToFloat(b.getShort());
                    case 16 -> Float.intBitsToFloat(Short.toUnsignedInt(b.getShort()) << 16);
                    default -> throw new IllegalStateException();
                };
            }
        } else {
            List<? extends Number> src = switch (dt) {
                case 1 -> t.getFloatDataList();
                case 11 -> t.getDoubleDataList();
                case 7 -> t.getInt64DataList();
                case 13, 12 -> t.getUint64DataList();
                case 2, 3, 4, 5, 6, 9 -> t.getInt32DataList();
                case 10, 16 -> t.getInt32DataList();
                default -> throw new ModelException(where + ": unsupported element type " + dt);
            };
            if (src.size() != n) {
                throw new ModelException(where + ": has " + src.size() + " values, its shape needs " + n);
            }
            v = new double[n];
            for (int i = 0; i < n; i++) {
                double x = src.get(i).doubleValue();
                if (dt == 10) {
                    x = Float.float16ToFloat((short) src.get(i).intValue());
                } else if (dt == 16) {
                    x = Float.intBitsToFloat(src.get(i).intValue() << 16);
                }
                v[i] = x;
            }
        }
        return new Tensor(shape, v, type);
    }
}
