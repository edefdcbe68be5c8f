package io.zkinfer.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zkinfer.circuits.model.ElemType;
import io.zkinfer.circuits.model.Graph;
import io.zkinfer.circuits.model.Tensor;
import io.zkinfer.circuits.model.ValueInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness's input reading and report rendering (no timings are asserted: those live in benchmarks/results). */
class BenchReportTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void calibrationFilesHoldSeveralSamplesBackToBack(@TempDir Path dir) throws IOException {
        Graph g = Graph.of("g", List.of(new ValueInfo("x", new int[]{1, 2}, ElemType.FLOAT)), List.of("x"), Map.of(),
                List.of(), 13);
        Path f = dir.resolve("cal.json");
        Files.writeString(f, "{\"input_data\": [[1, 2, 3, 4, 5, 6]]}");
        List<Map<String, Tensor>> s = BenchModel.samples(g, f);
        assertThat(s).hasSize(3);
        assertThat(s.get(2).get("x").toArray()).containsExactly(5, 6);
        Files.writeString(f, "{\"input_data\": [[1, 2, 3]]}");
        assertThatThrownBy(() -> BenchModel.samples(g, f)).hasMessageContaining("not a multiple of 2");
    }

    @Test
    void reportPutsBothSystemsSideBySideAndSaysLoudlyWhenEzklIsMissing(@TempDir Path dir) throws IOException {
        JsonNode zk = JSON.readTree("""
                {"system":"zkinfer","version":"t","gnark":"v0","java":"j","started":"now","runs":3,"models":[
                 {"model":"m","backend":"groth16","target":"accuracy","ok":true,"runs":3,
                  "phases":{"compile":{"medianSeconds":1},"setup":{"medianSeconds":0.5},"prove":{"medianSeconds":0.1},
                            "verify":{"medianSeconds":0.01}},
                  "peakRssKiB":102400,"verifyWarmSeconds":0.005,"constraints":100,"proofBytes":256,"vkBytes":1000,
                  "pkBytes":5000,"gas":230000,"maxAbsError":0.001,"labelsMatch":true}]}""");
        JsonNode ez = JSON.readTree("""
                {"system":"ezkl","version":"23","python":"3","models":[
                 {"model":"m","target":"resources","ok":true,"phases":{"compile":{"medianSeconds":1},
                  "setup":{"medianSeconds":20},"witness":{"medianSeconds":0.1},"prove":{"medianSeconds":9.9},
                  "verify":{"medianSeconds":0.05}},"peakRssKiB":1024000,"logrows":15,"numRows":99,"proofBytes":3072,
                  "vkBytes":60000,"pkBytes":100000000,"maxAbsError":0.002,"labelsMatch":true},
                 {"model":"m","target":"accuracy","ok":false,"error":"Unimplemented(LinearClassifier)"}]}""");
        String md = Report.write(dir, zk, ez, "test machine");
        assertThat(md).contains("| zkinfer groth16/accuracy | 3 | 1.00 | 0.50 | 0.10 |")
                .contains("| ezkl resources |").contains("100.0× met").contains("10.0× met")
                .contains("**failed**: Unimplemented(LinearClassifier)").doesNotContain("NOT MEASURED");
        assertThat(dir.resolve("prove.svg")).content().startsWith("<svg").contains("ezkl resources");
        assertThat(dir.resolve("e2e.csv")).content().contains("zkinfer,groth16/accuracy,m,3,true,1.0000");

        String missing = Report.write(dir, zk, JSON.readTree("{\"installError\":\"pip failed\"}"), "");
        assertThat(missing).contains("EZKL WAS NOT MEASURED IN THIS RUN").contains("pip failed");
    }
}
