package io.zkinfer.circuits.quant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zkinfer.circuits.model.Tensor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads model inputs from JSON: EZKL's {@code {"input_data": [[...], ...]}} (one flat row-major array per graph
 * input, in order; booleans allowed) or zkinfer's {@code {"inputs": {"name": [...]}}}. Values are reshaped to the
 * model's input shapes; counts are checked.
 */
public final class InputData {

    private InputData() {
    }

    public static Map<String, Tensor> parse(String json, QuantizedGraph q) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new QuantizationException("input JSON is malformed: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new QuantizationException("input JSON must be an object with 'input_data' or 'inputs'");
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        List<QuantizedGraph.Input> ins = q.inputs();
        if (root.has("input_data")) {
            JsonNode data = root.get("input_data");
            if (!data.isArray() || data.size() != ins.size()) {
                throw new QuantizationException("input_data must hold " + ins.size() + " array(s), one per model input "
                        + names(ins));
            }
            for (int i = 0; i < ins.size(); i++) {
                out.put(ins.get(i).name(), tensor(ins.get(i), data.get(i)));
            }
        } else if (root.has("inputs")) {
            JsonNode data = root.get("inputs");
            for (QuantizedGraph.Input in : ins) {
                if (!data.has(in.name())) {
                    throw new QuantizationException("inputs lacks model input '" + in.name() + "'");
                }
                out.put(in.name(), tensor(in, data.get(in.name())));
            }
        } else {
            throw new QuantizationException("input JSON must have 'input_data' (EZKL) or 'inputs' (by name)");
        }
        return out;
    }

    private static String names(List<QuantizedGraph.Input> ins) {
        return ins.stream().map(QuantizedGraph.Input::name).toList().toString();
    }

    private static Tensor tensor(QuantizedGraph.Input in, JsonNode arr) {
        List<Double> vals = new ArrayList<>();
        flatten(arr, vals, in.name());
        if (vals.size() != in.size()) {
            throw new QuantizationException("input '" + in.name() + "' has " + vals.size() + " values, the model expects "
                    + in.size() + " (shape " + java.util.Arrays.toString(in.shape()) + ")");
        }
        double[] d = vals.stream().mapToDouble(Double::doubleValue).toArray();
        return new Tensor(in.shape(), d, in.type());
    }

    private static void flatten(JsonNode n, List<Double> out, String name) {
        if (n.isArray()) {
            n.forEach(c -> flatten(c, out, name));
        } else if (n.isBoolean()) {
            out.add(n.asBoolean() ? 1.0 : 0.0);
        } else if (n.isNumber()) {
            out.add(n.asDouble());
        } else if (n.isTextual() && List.of("NaN", "Infinity", "-Infinity").contains(n.asText())) {
            out.add(Double.parseDouble(n.asText()));
        } else {
            throw new QuantizationException("input '" + name + "' holds a non-numeric value " + n);
        }
    }
}
