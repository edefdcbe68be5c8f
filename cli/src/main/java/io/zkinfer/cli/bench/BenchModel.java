package io.zkinfer.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zkinfer.circuits.model.Graph;
import io.zkinfer.circuits.model.Tensor;
import io.zkinfer.circuits.model.ValueInfo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One benchmark model from {@code benchmarks/models/models.json}: the ONNX file, the proved input and the calibration
 * set (EZKL's input.json layout, shared with the EZKL side) and onnxruntime's float outputs on that input.
 */
record BenchModel(String name, String description, Path onnx, Path input, Path calibration, int calibrationSamples,
                  Path reference, List<String> ops) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static List<BenchModel> load(Path root, Path manifest) throws IOException {
        List<BenchModel> out = new ArrayList<>();
        for (JsonNode m : JSON.readTree(manifest.toFile()).get("models")) {
            List<String> ops = new ArrayList<>();
            m.path("ops").forEach(o -> ops.add(o.asText()));
            out.add(new BenchModel(m.get("name").asText(), m.path("description").asText(""),
                    root.resolve(m.get("onnx").asText()), root.resolve(m.get("input").asText()),
                    root.resolve(m.get("calibration").asText()), m.path("calibrationSamples").asInt(1),
                    root.resolve(m.get("reference").asText()), List.copyOf(ops)));
        }
        return out;
    }

    /**
     * Reads EZKL-style {@code input_data} (one flat array per graph input) as samples for {@code g}: an array longer
     * than the input holds several samples one after the other, as EZKL's calibration files do.
     */
    static List<Map<String, Tensor>> samples(Graph g, Path file) throws IOException {
        JsonNode data = JSON.readTree(file.toFile()).get("input_data");
        if (data == null || data.size() != g.inputs().size()) {
            throw new IOException(file + ": input_data must hold one array per graph input (" + g.inputs().size() + ")");
        }
        List<Map<String, Tensor>> out = new ArrayList<>();
        int count = -1;
        for (int i = 0; i < g.inputs().size(); i++) {
            int per = size(g.inputs().get(i));
            int n = data.get(i).size() / per;
            if (data.get(i).size() % per != 0 || n == 0 || (count >= 0 && n != count)) {
                throw new IOException(file + ": input " + i + " has " + data.get(i).size() + " values, not a multiple of "
                        + per);
            }
            count = n;
        }
        for (int s = 0; s < count; s++) {
            Map<String, Tensor> sample = new LinkedHashMap<>();
            for (int i = 0; i < g.inputs().size(); i++) {
                ValueInfo in = g.inputs().get(i);
                int per = size(in);
                double[] v = new double[per];
                for (int k = 0; k < per; k++) {
                    v[k] = data.get(i).get(s * per + k).asDouble();
                }
                sample.put(in.name(), new Tensor(shape(in), v, in.type()));
            }
            out.add(sample);
        }
        return out;
    }

    /** onnxruntime's outputs by name, in graph order: {type, data}. */
    static Map<String, Reference> reference(Path file) throws IOException {
        Map<String, Reference> out = new LinkedHashMap<>();
        JSON.readTree(file.toFile()).get("outputs").fields().forEachRemaining(e -> {
            JsonNode d = e.getValue().get("data");
            double[] v = new double[d.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = d.get(i).asDouble();
            }
            out.put(e.getKey(), new Reference(e.getValue().get("type").asText(), v));
        });
        return out;
    }

    record Reference(String type, double[] data) {
        boolean isFloat() {
            return type.contains("float") || type.contains("double");
        }
    }

    private static int[] shape(ValueInfo in) {
        int[] s = in.shape().clone();
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.max(s[i], 1); // symbolic (batch) dimensions: one sample
        }
        return s;
    }

    private static int size(ValueInfo in) {
        int n = 1;
        for (int d : shape(in)) {
            n *= d;
        }
        return n;
    }
}
