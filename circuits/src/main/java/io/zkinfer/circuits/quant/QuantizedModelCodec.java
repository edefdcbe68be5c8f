package io.zkinfer.circuits.quant;

import io.zkinfer.circuits.ir.Circuit;
import io.zkinfer.circuits.model.Graph;
import io.zkinfer.circuits.model.ValueInfo;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The quantized model in ready form (a bundle's {@code model.qg}): what {@code prove} needs to compute a witness (the
 * {@link QuantizedGraph}, visibility, input ranges, the model's input/output names and shapes), so that proving does
 * not re-import and re-quantize the ONNX file (1.9 s of a 4.6 s prove on a small CNN).
 *
 * <p>The encoding is generic over records: each record is its components in declaration order; a sealed interface
 * ({@link QOp}) is prefixed by the implementing record's simple name; lists and arrays by their length; maps by their
 * size, keys in iteration order (sorted for {@code Map.of}/{@code Map.copyOf} maps, whose order is unspecified, so the
 * file is the same for the same model). A new {@code QOp} needs no codec change as long as its components are of the
 * supported types (strings, primitives, their arrays and 2-D arrays, enums, lists, string-keyed maps, records);
 * anything else fails at compile time, never at prove time.
 *
 * <p>The file starts with the circuit hash it was compiled with; {@link #decode} refuses a file of another circuit.
 * The bundle binds the file's SHA-256 in its manifest as well.
 */
public final class QuantizedModelCodec {

    static final String MAGIC = "zkinfer-qgraph";
    /** Bump when the encoding (not the op set) changes; an old bundle then falls back to recompiling its ONNX. */
    static final int VERSION = 1;
    private static final int MAX_LENGTH = 1 << 28;

    private QuantizedModelCodec() {
    }

    /** Everything {@link #decode} restores; encoded with the generic record encoding. */
    record ModelFile(String circuitHash, String graphName, List<ValueInfo> inputs, List<ValueInfo> outputs,
                     QuantizedGraph quantized, ModelVisibility visibility, Map<String, double[]> inputRanges,
                     int lookupBits, int scale, int paramScale, String target) {
    }

    public static byte[] encode(CompiledModel m) {
        ModelFile f = new ModelFile(m.circuit().hash(), m.graph().name(), m.graph().inputs(), m.graph().outputs(),
                m.quantized(), m.visibility(), m.inputRanges(), m.lookupBits(), m.report().chosenScale(),
                m.report().chosenParamScale(), m.report().target());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC.getBytes(StandardCharsets.US_ASCII));
            out.writeInt(VERSION);
            write(out, f, ModelFile.class);
        } catch (IOException e) {
            throw new IllegalStateException(e);   // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    /**
     * The compiled model of {@code circuit} from an encoded file. The float graph is reduced to the model's inputs and
     * outputs (names, shapes, types): proving needs no more, and nothing here runs the float model.
     *
     * @throws QuantizationException if the file is not one, is of another encoding version, or of another circuit
     */
    public static CompiledModel decode(byte[] data, Circuit circuit) {
        ModelFile f;
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte[] magic = new byte[MAGIC.length()];
            in.readFully(magic);
            if (!MAGIC.equals(new String(magic, StandardCharsets.US_ASCII))) {
                throw new QuantizationException("not a quantized model file (no '" + MAGIC + "' header)");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new QuantizationException("quantized model file of encoding version " + version
                        + ", this zkinfer reads version " + VERSION);
            }
            f = (ModelFile) read(in, ModelFile.class);
            if (in.read() != -1) {
                throw new QuantizationException("quantized model file has trailing bytes");
            }
        } catch (EOFException e) {
            throw new QuantizationException("quantized model file is truncated");
        } catch (IOException | ReflectiveOperationException | RuntimeException e) {
            if (e instanceof QuantizationException q) {
                throw q;
            }
            throw new QuantizationException("quantized model file is malformed: " + e);
        }
        if (!f.circuitHash().equals(circuit.hash())) {
            throw new QuantizationException("quantized model file is of circuit " + f.circuitHash() + ", not "
                    + circuit.hash());
        }
        Map<String, int[]> shapes = new HashMap<>();
        Map<String, io.zkinfer.circuits.model.ElemType> types = new HashMap<>();
        for (ValueInfo v : f.inputs()) {
            shapes.put(v.name(), v.shape());
            types.put(v.name(), v.type());
        }
        for (ValueInfo v : f.outputs()) {
            shapes.put(v.name(), v.shape());
            types.put(v.name(), v.type());
        }
        Graph g = new Graph(f.graphName(), f.inputs(), f.outputs(), Map.of(), List.of(), shapes, types, 0);
        FidelityReport report = new FidelityReport(List.of(), f.scale(), f.paramScale(), f.target());
        return new CompiledModel(g, f.quantized(), circuit, f.visibility(), report, f.inputRanges(), f.lookupBits());
    }

    // ------------------------------------------------------------------------------------------- the encoding

    private static void write(DataOutputStream out, Object v, Type type) throws IOException {
        Class<?> c = raw(type);
        if (c == String.class) {
            byte[] b = ((String) v).getBytes(StandardCharsets.UTF_8);
            out.writeInt(b.length);
            out.write(b);
        } else if (c == int.class || c == Integer.class) {
            out.writeInt((Integer) v);
        } else if (c == long.class || c == Long.class) {
            out.writeLong((Long) v);
        } else if (c == boolean.class || c == Boolean.class) {
            out.writeBoolean((Boolean) v);
        } else if (c == double.class || c == Double.class) {
            out.writeDouble((Double) v);
        } else if (c.isArray()) {
            int n = java.lang.reflect.Array.getLength(v);
            out.writeInt(n);
            for (int i = 0; i < n; i++) {
                write(out, java.lang.reflect.Array.get(v, i), c.getComponentType());
            }
        } else if (c.isEnum()) {
            write(out, ((Enum<?>) v).name(), String.class);
        } else if (c == List.class) {
            List<?> l = (List<?>) v;
            out.writeInt(l.size());
            for (Object e : l) {
                write(out, e, typeArgument(type, 0));
            }
        } else if (c == Map.class) {
            Map<?, ?> m = (Map<?, ?>) v;
            if (typeArgument(type, 0) != String.class) {
                throw unsupported(type);
            }
            List<String> keys = new ArrayList<>();
            m.keySet().forEach(k -> keys.add((String) k));
            if (m.getClass().getName().startsWith("java.util.ImmutableCollections")) {
                keys.sort(null);   // Map.of / Map.copyOf: iteration order varies between runs
            }
            out.writeInt(keys.size());
            for (String k : keys) {
                write(out, k, String.class);
                write(out, m.get(k), typeArgument(type, 1));
            }
        } else if (c.isSealed() && c.isInterface()) {
            if (!c.isInstance(v) || !v.getClass().isRecord()) {
                throw unsupported(v.getClass());
            }
            write(out, v.getClass().getSimpleName(), String.class);
            write(out, v, v.getClass());
        } else if (c.isRecord()) {
            for (RecordComponent rc : c.getRecordComponents()) {
                try {
                    rc.getAccessor().setAccessible(true);
                    write(out, rc.getAccessor().invoke(v), rc.getGenericType());
                } catch (IllegalAccessException | InvocationTargetException e) {
                    throw new IllegalStateException("cannot read " + c.getSimpleName() + "." + rc.getName(), e);
                }
            }
        } else {
            throw unsupported(type);
        }
    }

    private static Object read(DataInputStream in, Type type) throws IOException, ReflectiveOperationException {
        Class<?> c = raw(type);
        if (c == String.class) {
            byte[] b = new byte[length(in)];
            in.readFully(b);
            return new String(b, StandardCharsets.UTF_8);
        } else if (c == int.class || c == Integer.class) {
            return in.readInt();
        } else if (c == long.class || c == Long.class) {
            return in.readLong();
        } else if (c == boolean.class || c == Boolean.class) {
            return in.readBoolean();
        } else if (c == double.class || c == Double.class) {
            return in.readDouble();
        } else if (c.isArray()) {
            int n = length(in);
            Class<?> e = c.getComponentType();
            if (e == int.class) {
                int[] a = new int[n];
                for (int i = 0; i < n; i++) {
                    a[i] = in.readInt();
                }
                return a;
            } else if (e == long.class) {
                long[] a = new long[n];
                for (int i = 0; i < n; i++) {
                    a[i] = in.readLong();
                }
                return a;
            }
            Object a = java.lang.reflect.Array.newInstance(e, n);
            for (int i = 0; i < n; i++) {
                java.lang.reflect.Array.set(a, i, read(in, e));
            }
            return a;
        } else if (c.isEnum()) {
            String name = (String) read(in, String.class);
            for (Object k : c.getEnumConstants()) {
                if (((Enum<?>) k).name().equals(name)) {
                    return k;
                }
            }
            throw new QuantizationException("unknown " + c.getSimpleName() + " '" + name + "'");
        } else if (c == List.class) {
            int n = length(in);
            List<Object> l = new ArrayList<>(Math.min(n, 1 << 16));
            for (int i = 0; i < n; i++) {
                l.add(read(in, typeArgument(type, 0)));
            }
            return l;
        } else if (c == Map.class) {
            int n = length(in);
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                String k = (String) read(in, String.class);
                m.put(k, read(in, typeArgument(type, 1)));
            }
            return m;
        } else if (c.isSealed() && c.isInterface()) {
            String name = (String) read(in, String.class);
            for (Class<?> sub : c.getPermittedSubclasses()) {
                if (sub.getSimpleName().equals(name)) {
                    return read(in, sub);
                }
            }
            throw new QuantizationException("unknown " + c.getSimpleName() + " '" + name + "' (a newer zkinfer?)");
        } else if (c.isRecord()) {
            RecordComponent[] rcs = c.getRecordComponents();
            Object[] args = new Object[rcs.length];
            Class<?>[] types = new Class<?>[rcs.length];
            for (int i = 0; i < rcs.length; i++) {
                args[i] = read(in, rcs[i].getGenericType());
                types[i] = rcs[i].getType();
            }
            Constructor<?> k = c.getDeclaredConstructor(types);
            k.setAccessible(true);
            return k.newInstance(args);
        }
        throw unsupported(type);
    }

    private static int length(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_LENGTH) {
            throw new QuantizationException("quantized model file has a length field of " + n);
        }
        return n;
    }

    private static Class<?> raw(Type t) {
        if (t instanceof Class<?> c) {
            return c;
        }
        if (t instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        throw unsupported(t);
    }

    private static Type typeArgument(Type t, int i) {
        if (t instanceof ParameterizedType p) {
            return p.getActualTypeArguments()[i];
        }
        throw unsupported(t);
    }

    private static IllegalStateException unsupported(Type t) {
        return new IllegalStateException("QuantizedModelCodec cannot encode " + t.getTypeName()
                + ": add the type to the codec (a new QOp component type?)");
    }
}
