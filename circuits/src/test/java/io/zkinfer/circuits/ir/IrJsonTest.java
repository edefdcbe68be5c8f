package io.zkinfer.circuits.ir;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IrJsonTest {

    private static String demo() {
        return IrJson.render(Circuits.demo());
    }

    @Test
    void rejectsMalformedJson() {
        assertThatThrownBy(() -> IrJson.parse("{")).isInstanceOf(IrFormatException.class).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> IrJson.parse(demo().replace("\"version\" : 1", "\"version\" : 2")))
                .isInstanceOf(IrFormatException.class).hasMessageContaining("unsupported IR version 2");
        assertThatThrownBy(() -> IrJson.parse(demo().replace("\"op\" : \"mul\"", "\"op\" : \"eddsa_verify\"")))
                .isInstanceOf(IrFormatException.class).hasMessageContaining("expects 6 input wires, got 2");
        assertThatThrownBy(() -> IrJson.parse(demo().replace("\"op\" : \"mul\"", "\"op\" : \"div\"")))
                .hasMessageContaining("op #0 (div): unknown op");
        assertThatThrownBy(() -> IrJson.parse(demo().replace("\"32768\"", "\"-1\"")))
                .hasMessageContaining("canonical decimal strings");
        assertThatThrownBy(() -> IrJson.parse(demo().replace("\"out\" : [ 3 ]", "\"out\" : [ 4 ]")))
                .hasMessageContaining("\"out\" is [4] but it creates wires [3]");
        assertThatThrownBy(() -> IrJson.parse(demo().replace("\"bits\" : 32", "\"bits\" : 241")))
                .isInstanceOf(IrFormatException.class).hasMessageContaining("rescale: bits 241");
        assertThatThrownBy(() -> IrJson.parse(demo().replace("\"wire\" : 5", "\"wire\" : 50")))
                .isInstanceOf(IrFormatException.class).hasMessageContaining("names wire 50");
    }
}
