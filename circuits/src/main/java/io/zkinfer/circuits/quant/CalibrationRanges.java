package io.zkinfer.circuits.quant;

import io.zkinfer.circuits.model.ElemType;
import io.zkinfer.circuits.model.Tensor;
import io.zkinfer.circuits.model.ValueInfo;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Input ranges from too few calibration samples. The calibrated range of an input is the min/max over the samples
 * widened by {@link CompileSettings#rangeMargin()} (10%) of its spread; from one sample (the usual "calibrate on the
 * example input") the spread is zero and the circuit accepts nothing but that sample (all ones gave [0.99896,
 * 1.00104]). Below {@link #MIN_SAMPLES} samples this rule is used instead:
 *
 * <pre>
 *   [lo, hi]  = min/max of the input's elements over the samples
 *   width     = max(hi - lo, max(|lo|, |hi|)), or 1 if both are 0      (the tensor's own scale)
 *   accepted  = [lo - width, hi + width]                               (integers: floor / ceil)
 * </pre>
 *
 * so one all-ones sample accepts [0, 2], one image with pixels in [0, 1] accepts [-1, 2]. It is a guess, not a
 * calibration: callers warn that few samples calibrate poorly and say which ranges the circuit accepts. The ranges
 * are enforced in the circuit exactly like calibrated ones (an input outside is refused, never clamped).
 */
public final class CalibrationRanges {

    /** From this many samples on, the samples' own min/max (plus the 10% margin) are the range. */
    public static final int MIN_SAMPLES = 10;

    private CalibrationRanges() {
    }

    /**
     * The widened range of {@code input} from {@code samples}, or empty when there are enough samples (the compiler's
     * own calibration applies) or the input is boolean.
     */
    public static Optional<double[]> widened(ValueInfo input, List<Map<String, Tensor>> samples) {
        if (samples.isEmpty() || samples.size() >= MIN_SAMPLES || input.type() == ElemType.BOOL) {
            return Optional.empty();
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Map<String, Tensor> s : samples) {
            Tensor t = s.get(input.name());
            if (t == null) {
                throw new QuantizationException("calibration sample lacks input '" + input.name() + "'");
            }
            for (int i = 0; i < t.size(); i++) {
                double v = t.get(i);
                if (!Double.isFinite(v)) {
                    throw new QuantizationException("calibration sample for '" + input.name() + "' has " + v);
                }
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (lo > hi) {
            return Optional.empty();   // an empty tensor: nothing to widen
        }
        double width = Math.max(hi - lo, Math.max(Math.abs(lo), Math.abs(hi)));
        if (width == 0) {
            width = 1;
        }
        if (input.type() == ElemType.INT) {
            return Optional.of(new double[] {Math.floor(lo - width), Math.ceil(hi + width)});
        }
        return Optional.of(new double[] {lo - width, hi + width});
    }
}
