package io.zkinfer.circuits.quant;

import io.zkinfer.circuits.model.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * How {@link ModelCompiler} compiles a model.
 *
 * @param target          {@code ACCURACY}: the largest candidate scale that fits; {@code RESOURCES}: the smallest
 *                        scale whose fidelity on the calibration data meets {@code tolerance}
 * @param scale           a fixed activation/input scale exponent (skips the search), or empty
 * @param paramScale      significant bits of weights (defaults to the activation scale)
 * @param candidateScales scales the calibration tries
 * @param calibration     sample inputs (by input name); they set the input ranges and measure fidelity
 * @param inputRanges     explicit float ranges per input, overriding the calibrated ones
 * @param rangeMargin     fraction of the calibrated range added on each side (inputs beyond are rejected)
 * @param tolerance       for {@code RESOURCES}: max abs error allowed on the calibration data (absolute)
 * @param maxError        compilation is refused when the chosen scale's max abs error on the calibration data, for
 *                        some float output, exceeds {@code maxError · max(1, max |float output|)}: a proof of a badly
 *                        wrong output is worse than no proof ({@link #DEFAULT_MAX_ERROR} by default; no calibration
 *                        data, no check; with a fixed {@code scale}, checked only when set to another value)
 * @param enforcedRanges  float ranges of intermediate tensors that the circuit enforces (see {@link QOp.Enforce});
 *                        empty: the compiler derives them from the calibration data when plain worst-case bounds
 *                        fail (overflow) or miss {@code maxError}, and records them so the circuit can be rebuilt
 */
public record CompileSettings(Target target, OptionalInt scale, OptionalInt paramScale, List<Integer> candidateScales,
                              int lookupBits, ModelVisibility visibility, List<Map<String, Tensor>> calibration,
                              Map<String, double[]> inputRanges, double rangeMargin, double tolerance,
                              double maxError, Map<String, double[]> enforcedRanges) {

    /**
     * Default of {@link #maxError}: looser than the conformance suite's pass criterion ({@code 0.01 + 0.02·max|ref|})
     * for every output size, so it refuses only models that are clearly wrong.
     */
    public static final double DEFAULT_MAX_ERROR = 0.05;

    public enum Target { ACCURACY, RESOURCES }

    public CompileSettings {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(scale, "scale");
        Objects.requireNonNull(paramScale, "paramScale");
        candidateScales = List.copyOf(candidateScales);
        Objects.requireNonNull(visibility, "visibility");
        calibration = List.copyOf(calibration);
        inputRanges = Map.copyOf(inputRanges);
        if (candidateScales.isEmpty() && scale.isEmpty()) {
            throw new IllegalArgumentException("no scale and no candidate scales");
        }
        if (rangeMargin < 0) {
            throw new IllegalArgumentException("rangeMargin must be >= 0");
        }
        enforcedRanges = Map.copyOf(enforcedRanges);
        if (!(maxError > 0)) {
            throw new IllegalArgumentException("maxError must be > 0, got " + maxError);
        }
    }

    /** Settings with the default {@link #maxError}. */
    public CompileSettings(Target target, OptionalInt scale, OptionalInt paramScale, List<Integer> candidateScales,
                           int lookupBits, ModelVisibility visibility, List<Map<String, Tensor>> calibration,
                           Map<String, double[]> inputRanges, double rangeMargin, double tolerance) {
        this(target, scale, paramScale, candidateScales, lookupBits, visibility, calibration, inputRanges, rangeMargin,
                tolerance, DEFAULT_MAX_ERROR, Map.of());
    }

    public static CompileSettings defaults(List<Map<String, Tensor>> calibration) {
        return new CompileSettings(Target.ACCURACY, OptionalInt.empty(), OptionalInt.empty(),
                List.of(6, 7, 8, 9, 10, 11, 12, 13, 14), 16, ModelVisibility.defaults(), calibration, Map.of(), 0.1,
                0.02);
    }

    public CompileSettings withTarget(Target t) {
        return new CompileSettings(t, scale, paramScale, candidateScales, lookupBits, visibility, calibration,
                inputRanges, rangeMargin, tolerance, maxError, enforcedRanges);
    }

    public CompileSettings withScale(int s) {
        return new CompileSettings(target, OptionalInt.of(s), paramScale, candidateScales, lookupBits, visibility,
                calibration, inputRanges, rangeMargin, tolerance, maxError, enforcedRanges);
    }

    public CompileSettings withVisibility(ModelVisibility v) {
        return new CompileSettings(target, scale, paramScale, candidateScales, lookupBits, v, calibration, inputRanges,
                rangeMargin, tolerance, maxError, enforcedRanges);
    }

    public CompileSettings withInputRanges(Map<String, double[]> r) {
        return new CompileSettings(target, scale, paramScale, candidateScales, lookupBits, visibility, calibration, r,
                rangeMargin, tolerance, maxError, enforcedRanges);
    }

    public CompileSettings withMaxError(double e) {
        return new CompileSettings(target, scale, paramScale, candidateScales, lookupBits, visibility, calibration,
                inputRanges, rangeMargin, tolerance, e, enforcedRanges);
    }

    public CompileSettings withEnforcedRanges(Map<String, double[]> r) {
        return new CompileSettings(target, scale, paramScale, candidateScales, lookupBits, visibility, calibration,
                inputRanges, rangeMargin, tolerance, maxError, r);
    }
}
