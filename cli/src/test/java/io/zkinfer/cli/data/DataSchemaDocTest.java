package io.zkinfer.cli.data;

import io.zkinfer.circuits.data.Schema;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/data-properties.md's full schema example is the test vector it names, and it parses. */
class DataSchemaDocTest {

    static final String MARKER = "<!-- schema-example: test-vectors/data/patients.schema.json -->";

    @Test
    void theDocumentedSchemaIsTheTestVectorAndParses() throws Exception {
        Path vectors = DataCliTestSupport.testVectors();
        String doc = Files.readString(vectors.getParent().resolve("docs/data-properties.md"));
        int m = doc.indexOf(MARKER);
        assertThat(m).as("marker in docs/data-properties.md").isNotNegative();
        int start = doc.indexOf("```json\n", m) + "```json\n".length();
        String block = doc.substring(start, doc.indexOf("```", start));
        String file = Files.readString(vectors.resolve("data/patients.schema.json"));
        assertThat(block.strip()).isEqualTo(file.strip());
        Schema s = Schema.parse(block);
        assertThat(s.name()).isEqualTo("patient-v1");
        assertThat(s.fields()).hasSize(8);
    }
}
