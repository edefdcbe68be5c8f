package io.zkinfer.circuits.quant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zkinfer.circuits.model.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads test-vectors/models/NAME.json (written by test-vectors/generate.py). */
record TestVectors(Path onnx, String input, int[] shape, List<double[]> calibration, List<double[]> test,
                   int[] labels, Map<String, List<double[]>> outputs) {

    static Path dir() {
        Path p = Path.of("../test-vectors/models");
        return Files.isDirectory(p) ? p : Path.of("/work/main/test-vectors/models");
    }

    static TestVectors load(String name) throws IOException {
        JsonNode r = new ObjectMapper().readTree(dir().resolve(name + ".json").toFile());
        int[] shape = new int[r.get("inputShape").size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = r.get("inputShape").get(i).asInt();
        }
        Map<String, List<double[]>> outs = new LinkedHashMap<>();
        r.get("outputs").fields().forEachRemaining(e -> outs.put(e.getKey(), rows(e.getValue())));
        int[] labels = new int[r.get("labels").size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = r.get("labels").get(i).asInt();
        }
        return new TestVectors(dir().resolve(r.get("model").asText()), r.get("input").asText(), shape,
                rows(r.get("calibration")), rows(r.get("test")), labels, outs);
    }

    private static List<double[]> rows(JsonNode a) {
        List<double[]> out = new ArrayList<>();
        for (JsonNode row : a) {
            double[] d = new double[row.size()];
            for (int i = 0; i < d.length; i++) {
                d[i] = row.get(i).asDouble();
            }
            out.add(d);
        }
        return out;
    }

    Map<String, Tensor> sample(double[] row) {
        return Map.of(input, new Tensor(shape, row, io.zkinfer.circuits.model.ElemType.FLOAT));
    }

    List<Map<String, Tensor>> calibrationSamples() {
        return calibration.stream().map(this::sample).toList();
    }
}
