package io.zkinfer.cli;

import io.zkinfer.verifier.Claims;
import io.zkinfer.verifier.MalformedInputException;
import io.zkinfer.verifier.StrictNumbers;

import java.math.BigInteger;
import java.util.List;

/**
 * {@code verify --expect-output NAME=V1,V2,..}, {@code --expect-input NAME=..} and {@code --expect-commitment
 * NAME=DEC}: the values a verifier pins, turned into {@link Claims.Builder#expect} on the circuit's public values. A
 * NAME that is not a public tensor of that kind, or a wrong number of values, is bad usage (exit 2).
 */
final class Expectations {
    private Expectations() {}

    static void add(ModelValues layout, List<String> outputs, List<String> inputs, List<String> commitments,
            Claims.Builder claims) {
        for (String spec : outputs) {
            vector(layout, ModelValues.Kind.OUTPUT, "--expect-output", spec, claims);
        }
        for (String spec : inputs) {
            vector(layout, ModelValues.Kind.INPUT, "--expect-input", spec, claims);
        }
        for (String spec : commitments) {
            String[] nv = split("--expect-commitment", spec);
            ModelValues.Tensor t = tensor(layout, ModelValues.Kind.COMMITMENT, "--expect-commitment", nv[0]);
            try {
                claims.expect(t.names().get(0), StrictNumbers.parse(nv[1].strip(), "--expect-commitment " + nv[0]));
            } catch (MalformedInputException e) {
                throw new UserInputException(e.getMessage(), e);
            }
        }
    }

    private static void vector(ModelValues layout, ModelValues.Kind kind, String option, String spec,
            Claims.Builder claims) {
        String[] nv = split(option, spec);
        ModelValues.Tensor t = tensor(layout, kind, option, nv[0]);
        String[] parts = nv[1].split(",", -1);
        if (parts.length != t.size()) {
            throw new UserInputException(option + " " + nv[0] + ": " + parts.length + " value(s) given, the "
                    + ModelValues.lower(kind) + " has " + t.size());
        }
        for (int j = 0; j < parts.length; j++) {
            double d;
            try {
                d = Double.parseDouble(parts[j].strip());
            } catch (NumberFormatException e) {
                throw new UserInputException(option + " " + nv[0] + ": value " + j + " '" + parts[j].strip()
                        + "' is not a number");
            }
            if (!Double.isFinite(d)) {
                throw new UserInputException(option + " " + nv[0] + ": value " + j + " is not finite");
            }
            try {
                claims.expect(t.names().get(j), ModelValues.quantize(d, t.scale()));
            } catch (IllegalArgumentException e) {
                throw new UserInputException(option + " " + nv[0] + ": " + e.getMessage(), e);
            }
        }
    }

    private static String[] split(String option, String spec) {
        int eq = spec.indexOf('=');
        if (eq <= 0 || eq == spec.length() - 1) {
            throw new UserInputException(option + " takes NAME=VALUE(S), not '" + spec + "'");
        }
        return new String[] {spec.substring(0, eq).strip(), spec.substring(eq + 1)};
    }

    private static ModelValues.Tensor tensor(ModelValues layout, ModelValues.Kind kind, String option, String name) {
        return layout.find(kind, name).orElseThrow(() -> new UserInputException(option + " " + name + ": the circuit "
                + "has no public " + ModelValues.lower(kind) + " '" + name + "' (its public "
                + ModelValues.lower(kind) + "s: " + (layout.names(kind).isEmpty() ? "none"
                : String.join(", ", layout.names(kind))) + ")" + (kind == ModelValues.Kind.COMMITMENT ? ""
                : "; a committed tensor is pinned with --expect-commitment")));
    }
}
