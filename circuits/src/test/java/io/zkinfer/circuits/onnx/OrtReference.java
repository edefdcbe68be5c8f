package io.zkinfer.circuits.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.zkinfer.circuits.model.ElemType;
import io.zkinfer.circuits.model.Graph;
import io.zkinfer.circuits.model.Tensor;
import io.zkinfer.circuits.model.ValueInfo;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** onnxruntime as the float reference in tests (never on the main path). */
public final class OrtReference {

    private OrtReference() {
    }

    public static Map<String, Tensor> run(Path onnx, Graph g, Map<String, Tensor> inputs) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setIntraOpNumThreads(1);
            try (OrtSession s = env.createSession(onnx.toString(), opts)) {
                Map<String, OnnxTensor> feed = new LinkedHashMap<>();
                try {
                    for (ValueInfo in : g.inputs()) {
                        Tensor t = inputs.get(in.name());
                        long[] shape = java.util.Arrays.stream(in.shape()).asLongStream().toArray();
                        OnnxTensor ot;
                        if (in.type() == ElemType.FLOAT) {
                            float[] f = new float[t.size()];
                            for (int i = 0; i < f.length; i++) {
                                f[i] = (float) t.get(i);
                            }
                            ot = OnnxTensor.createTensor(env, FloatBuffer.wrap(f), shape);
                        } else if (in.type() == ElemType.BOOL) {
                            boolean[] b = new boolean[t.size()];
                            for (int i = 0; i < b.length; i++) {
                                b[i] = t.get(i) != 0;
                            }
                            ot = OnnxTensor.createTensor(env, reshapeBool(b, in.shape()));
                        } else {
                            ot = OnnxTensor.createTensor(env, LongBuffer.wrap(t.toLongs()), shape);
                        }
                        feed.put(in.name(), ot);
                    }
                    Map<String, Tensor> out = new LinkedHashMap<>();
                    try (OrtSession.Result r = s.run(feed)) {
                        for (Map.Entry<String, OnnxValue> e : r) {
                            if (!(e.getValue() instanceof OnnxTensor ot)) {
                                continue;
                            }
                            long[] shape = ot.getInfo().getShape();
                            int[] ishape = java.util.Arrays.stream(shape).mapToInt(v -> (int) v).toArray();
                            double[] d = flatten(ot.getValue());
                            out.put(e.getKey(), new Tensor(ishape, d, ElemType.FLOAT));
                        }
                    }
                    return out;
                } finally {
                    feed.values().forEach(OnnxTensor::close);
                }
            }
        }
    }

    private static Object reshapeBool(boolean[] b, int[] shape) {
        if (shape.length == 1) {
            return b;
        }
        if (shape.length == 2) {
            boolean[][] r = new boolean[shape[0]][shape[1]];
            for (int i = 0; i < shape[0]; i++) {
                System.arraycopy(b, i * shape[1], r[i], 0, shape[1]);
            }
            return r;
        }
        throw new IllegalArgumentException("bool input of rank " + shape.length);
    }

    static double[] flatten(Object v) {
        java.util.List<Double> acc = new java.util.ArrayList<>();
        walk(v, acc);
        return acc.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void walk(Object v, java.util.List<Double> acc) {
        if (v instanceof float[] f) {
            for (float x : f) {
                acc.add((double) x);
            }
        } else if (v instanceof double[] f) {
            for (double x : f) {
                acc.add(x);
            }
        } else if (v instanceof long[] f) {
            for (long x : f) {
                acc.add((double) x);
            }
        } else if (v instanceof int[] f) {
            for (int x : f) {
                acc.add((double) x);
            }
        } else if (v instanceof boolean[] f) {
            for (boolean x : f) {
                acc.add(x ? 1.0 : 0.0);
            }
        } else if (v instanceof Object[] arr) {
            for (Object o : arr) {
                walk(o, acc);
            }
        } else if (v instanceof Float f) {
            acc.add(f.doubleValue());
        } else if (v instanceof Long f) {
            acc.add(f.doubleValue());
        } else if (v instanceof Boolean f) {
            acc.add(f ? 1.0 : 0.0);
        } else if (v instanceof Number f) {
            acc.add(f.doubleValue());
        } else {
            throw new IllegalArgumentException("unexpected onnxruntime value " + v.getClass());
        }
    }
}
