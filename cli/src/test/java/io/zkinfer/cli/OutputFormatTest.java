package io.zkinfer.cli;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Long vectors are summarised for people; --full and the files keep every value. */
class OutputFormatTest {

    @Test
    void longVectorsAreSummarisedWithTheirLength() {
        double[] v = IntStream.range(0, 192).mapToDouble(i -> i / 4.0).toArray();
        assertThat(ModelValues.summarise(v, false)).isEqualTo("[0.0, 0.25, 0.5, 0.75, \u2026 192 values]");
        assertThat(ModelValues.summarise(v, true)).startsWith("[0.0, 0.25, 0.5").endsWith(", 47.75]")
                .doesNotContain("\u2026");
        assertThat(ModelValues.summarise(List.of("1", "2", "3"), false)).isEqualTo("[1, 2, 3]");
    }
}
