package io.zkinfer.circuits.ir;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IrCodecTest {

    @Test
    void roundTripsHandWrittenCircuits() {
        for (Circuit c : new Circuit[] {Circuits.allOps(), Circuits.demo()}) {
            byte[] bytes = IrCodec.encode(c);
            Circuit back = IrCodec.decode(bytes);
            assertThat(back).isEqualTo(c);
            assertThat(IrCodec.encode(back)).isEqualTo(bytes);
            assertThat(back.hash()).isEqualTo(c.hash()).hasSize(64);
        }
    }

    @Test
    void allOpsUsesEveryOpcode() {
        var codes = Circuits.allOps().ops().stream().map(Op::opcode).distinct().sorted().toList();
        assertThat(codes).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);
    }
}
