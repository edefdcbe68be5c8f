package io.zkinfer.circuits.ir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz target for the IR decoder (docs/security.md, "Fuzzing"). Contract: any bytes either decode to a circuit or
 * are refused with an {@link IrFormatException}; no other exception, no Error (stack overflow, out of memory), no
 * hang. A decoded circuit re-encodes to the very same bytes: the encoding is canonical, so the circuit hash (the
 * SHA-256 of these bytes) names one circuit. Seeds and past findings: IrCodecFuzzTestInputs/decode/ (resources).
 */
class IrCodecFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void decode(byte[] input) {
        Circuit c;
        try {
            c = IrCodec.decode(input);
        } catch (IrFormatException refused) {
            return;
        }
        assertArrayEquals(input, IrCodec.encode(c), "decoded IR does not re-encode to the same bytes");
    }
}
