package io.zkinfer.circuits.quant;

import java.util.List;
import java.util.Map;

/**
 * What calibration tried and found: per candidate scale either the fidelity of the quantized model against the float
 * model on the calibration data, or why it failed (which layer overflows and why).
 */
public record FidelityReport(List<Candidate> candidates, int chosenScale, int chosenParamScale, String target) {

    public FidelityReport {
        candidates = List.copyOf(candidates);
    }

    /** Fidelity of one output: absolute errors and, for class scores or labels, argmax/label agreement (or NaN). */
    public record OutputFidelity(double maxAbsError, double meanAbsError, double argmaxAgreement) {
    }

    /**
     * @param failure empty when the candidate compiled and ran; otherwise the reason
     * @param cost    an estimate of circuit size: IR ops plus lookup-table entries
     */
    public record Candidate(int scale, int paramScale, String failure, Map<String, OutputFidelity> outputs,
                            long cost) {
        public Candidate {
            outputs = Map.copyOf(outputs);
        }

        public boolean ok() {
            return failure.isEmpty();
        }
    }

    public Candidate chosen() {
        return candidates.stream().filter(c -> c.scale() == chosenScale && c.ok()).findFirst().orElseThrow();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("fidelity report (target " + target + ", chosen scale " + chosenScale
                + ", param scale " + chosenParamScale + ")\n");
        for (Candidate c : candidates) {
            sb.append("  scale ").append(c.scale()).append(": ");
            if (!c.ok()) {
                sb.append("FAILED: ").append(c.failure()).append('\n');
                continue;
            }
            sb.append("cost ").append(c.cost());
            c.outputs().forEach((k, v) -> sb.append(String.format("; %s max %.3g mean %.3g argmax %.4f", k,
                    v.maxAbsError(), v.meanAbsError(), v.argmaxAgreement())));
            sb.append('\n');
        }
        return sb.toString();
    }
}
