package io.zkinfer.cli.conformance;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkinfer.circuits.model.Graph;
import io.zkinfer.circuits.model.Tensor;
import io.zkinfer.circuits.model.ValueInfo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * onnxruntime as the float reference, through Python (the CLI module has no onnxruntime Java dependency): runs
 * {@code python3} (or {@code -Dzkinfer.python}) with the {@code onnxruntime} package on one sample. Input dtypes are
 * the ones the ONNX session declares.
 */
final class OrtPython {

    static final ObjectMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    private static final String SCRIPT = """
            import json, sys
            req = json.load(sys.stdin)
            try:
                import numpy as np, onnxruntime as ort
                so = ort.SessionOptions(); so.intra_op_num_threads = 1; so.log_severity_level = 3
                s = ort.InferenceSession(req['model'], so, providers=['CPUExecutionProvider'])
                types = {'tensor(float)': np.float32, 'tensor(double)': np.float64, 'tensor(int64)': np.int64,
                         'tensor(int32)': np.int32, 'tensor(int8)': np.int8, 'tensor(uint8)': np.uint8,
                         'tensor(bool)': np.bool_, 'tensor(float16)': np.float16}
                feed = {}
                for i in s.get_inputs():
                    d = req['inputs'][i.name]
                    feed[i.name] = np.array(d['data'], dtype=np.float64).astype(types[i.type]).reshape(d['shape'])
                outs = s.run(None, feed)
                res = {o.name: np.asarray(v, dtype=np.float64).ravel().tolist() for o, v in zip(s.get_outputs(), outs)}
                print(json.dumps({'outputs': res}))
            except Exception as e:
                print(json.dumps({'error': type(e).__name__ + ': ' + str(e)}))
            """;

    private OrtPython() {
    }

    /** The reference outputs by output name (flat), or throws {@link IllegalStateException} with onnxruntime's text. */
    static Map<String, double[]> run(Path onnx, Graph g, Map<String, Tensor> inputs) throws IOException,
            InterruptedException {
        ObjectNode req = JSON.createObjectNode();
        req.put("model", onnx.toAbsolutePath().toString());
        ObjectNode ins = req.putObject("inputs");
        for (ValueInfo vi : g.inputs()) {
            Tensor t = inputs.get(vi.name());
            ObjectNode o = ins.putObject(vi.name());
            ArrayNode shape = o.putArray("shape");
            for (int d : vi.shape()) {
                shape.add(d);
            }
            ArrayNode data = o.putArray("data");
            for (int k = 0; k < t.size(); k++) {
                data.add(t.get(k));
            }
        }
        Process p = new ProcessBuilder(System.getProperty("zkinfer.python", "python3"), "-c", SCRIPT)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (var os = p.getOutputStream()) {
            os.write(JSON.writeValueAsBytes(req));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("onnxruntime (python) timed out");
        }
        JsonNode r;
        try {
            r = JSON.readTree(out);
        } catch (IOException e) {
            throw new IllegalStateException("python3 with onnxruntime is not available (" + out.strip() + ")");
        }
        if (r == null || r.has("error")) {
            throw new IllegalStateException(r == null ? "no output from python3" : r.get("error").asText());
        }
        Map<String, double[]> res = new LinkedHashMap<>();
        r.get("outputs").fields().forEachRemaining(e -> {
            double[] d = new double[e.getValue().size()];
            for (int k = 0; k < d.length; k++) {
                d[k] = e.getValue().get(k).asDouble();
            }
            res.put(e.getKey(), d);
        });
        return res;
    }
}
