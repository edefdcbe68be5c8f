package io.zkinfer.circuits.onnx;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.zkinfer.circuits.model.ModelException;

/**
 * Fuzz target for ONNX import from bytes (docs/security.md, "Fuzzing"). Contract: any bytes either import to a
 * graph or are refused with a {@link ModelException} (its subclasses included); no other exception, no Error, no
 * allocation driven by a declared size that the file does not back. Seeds (small real models) and past findings:
 * OnnxImporterFuzzTestInputs/parse/ (resources).
 */
class OnnxImporterFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void parse(byte[] input) {
        try {
            OnnxImporter.parse(input, "fuzz.onnx");
        } catch (ModelException refused) {
            // the documented refusal
        }
    }
}
