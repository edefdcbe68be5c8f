package io.zkinfer.circuits.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zkinfer.circuits.model.FloatExecutor;
import io.zkinfer.circuits.model.Graph;
import io.zkinfer.circuits.model.ModelException;
import io.zkinfer.circuits.model.Tensor;
import io.zkinfer.circuits.model.ValueInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The Java float executor agrees with onnxruntime on every conformance model it imports. */
class FloatExecutorConformanceTest {

    static final Path CONFORMANCE = Path.of("../../shared/conformance/ezkl").toAbsolutePath().normalize();

    static Stream<String> models() throws Exception {
        Path dir = Files.isDirectory(CONFORMANCE) ? CONFORMANCE : Path.of("/work/shared/conformance/ezkl");
        Assumptions.assumeTrue(Files.isDirectory(dir), "conformance models not present");
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.exists(p.resolve("network.onnx"))).map(p -> p.toString()).sorted().toList().stream();
        }
    }

    static Map<String, Tensor> inputs(Graph g, Path json) throws Exception {
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        JsonNode data = root.get("input_data");
        Map<String, Tensor> in = new LinkedHashMap<>();
        for (int i = 0; i < g.inputs().size(); i++) {
            ValueInfo vi = g.inputs().get(i);
            JsonNode arr = data.get(i);
            List<Double> vals = new ArrayList<>();
            arr.forEach(v -> vals.add(v.asDouble()));
            double[] d = vals.stream().mapToDouble(Double::doubleValue).toArray();
            in.put(vi.name(), new Tensor(vi.shape(), java.util.Arrays.copyOf(d, io.zkinfer.circuits.model.Shapes.size(vi.shape())), vi.type()));
        }
        return in;
    }

    @ParameterizedTest
    @MethodSource("models")
    void agreesWithOnnxruntime(String dirName) throws Exception {
        Path dir = Path.of(dirName);
        Path onnx = dir.resolve("network.onnx");
        Graph g;
        try {
            g = OnnxImporter.load(onnx);
        } catch (ModelException e) {
            System.out.println(dir.getFileName() + ": " + e.getMessage());
            Assumptions.abort(e.getMessage());
            return;
        }
        Assumptions.assumeTrue(Files.exists(dir.resolve("input.json")));
        Map<String, Tensor> in = inputs(g, dir.resolve("input.json"));
        Map<String, Tensor> ours = FloatExecutor.run(g, in);
        Map<String, Tensor> ref;
        try {
            ref = OrtReference.run(onnx, g, in);
        } catch (ai.onnxruntime.OrtException e) {
            Assumptions.abort("onnxruntime rejects the model: " + e.getMessage());
            return;
        }
        for (var e : ref.entrySet()) {
            Tensor o = ours.get(e.getKey());
            assertThat(o).as("output " + e.getKey()).isNotNull();
            assertThat(o.size()).as(e.getKey() + " size").isEqualTo(e.getValue().size());
            for (int i = 0; i < o.size(); i++) {
                double r = e.getValue().get(i);
                assertThat(o.get(i)).as(dir.getFileName() + " " + e.getKey() + "[" + i + "]")
                        .isCloseTo(r, org.assertj.core.data.Offset.offset(1e-4 + 1e-4 * Math.abs(r)));
            }
        }
    }
}
