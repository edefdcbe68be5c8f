package io.zkinfer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.zkinfer.circuits.field.Fr;
import io.zkinfer.circuits.ir.Circuit;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The public values of a model circuit grouped by tensor (docs/cli.md, "PROOF.json"): public inputs
 * {@code in:X[i]}, public outputs {@code out:Y[i]}, commitments {@code commit:Z}, in the circuit's order, with the
 * fixed-point scales of the bundle's settings.json to decode and encode them.
 */
final class ModelValues {

    enum Kind { INPUT, OUTPUT, COMMITMENT, OTHER }

    /** One tensor's public values: names (as the circuit calls them) and positions, and its scale (2^-scale). */
    record Tensor(Kind kind, String name, int scale, List<String> names, List<Integer> positions) {
        int size() {
            return names.size();
        }
    }

    private final List<Tensor> tensors;

    private ModelValues(List<Tensor> tensors) {
        this.tensors = tensors;
    }

    List<Tensor> tensors() {
        return tensors;
    }

    static ModelValues of(Circuit c, JsonNode settings) {
        List<String> names = new ArrayList<>(c.publicInputs());
        c.outputs().forEach(o -> names.add(o.name()));
        Map<String, Integer> inScale = scales(settings.path("inputs"));
        Map<String, Integer> outScale = scales(settings.path("outputs"));
        Map<String, Tensor> byKey = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            Kind kind;
            String tensor;
            if (n.startsWith("in:") && n.endsWith("]") && n.lastIndexOf('[') > 3) {
                kind = Kind.INPUT;
                tensor = n.substring(3, n.lastIndexOf('['));
            } else if (n.startsWith("out:") && n.endsWith("]") && n.lastIndexOf('[') > 4) {
                kind = Kind.OUTPUT;
                tensor = n.substring(4, n.lastIndexOf('['));
            } else if (n.startsWith("commit:")) {
                kind = Kind.COMMITMENT;
                tensor = n.substring(7);
            } else {
                kind = Kind.OTHER;
                tensor = n;
            }
            int scale = switch (kind) {
                case INPUT -> inScale.getOrDefault(tensor, 0);
                case OUTPUT -> outScale.getOrDefault(tensor, 0);
                default -> 0;
            };
            Tensor t = byKey.computeIfAbsent(kind + "/" + tensor,
                    k -> new Tensor(kind, tensor, scale, new ArrayList<>(), new ArrayList<>()));
            t.names().add(n);
            t.positions().add(i);
        }
        return new ModelValues(List.copyOf(byKey.values()));
    }

    private static Map<String, Integer> scales(JsonNode arr) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (JsonNode o : arr) {
            m.put(o.path("name").asText(), o.path("scale").asInt(0));
        }
        return m;
    }

    Optional<Tensor> find(Kind kind, String name) {
        return tensors.stream().filter(t -> t.kind() == kind && t.name().equals(name)).findFirst();
    }

    /** The names of the tensors of one kind (for error messages). */
    List<String> names(Kind kind) {
        return tensors.stream().filter(t -> t.kind() == kind).map(Tensor::name).toList();
    }

    /** A field element as the real number it encodes at {@code scale} (signed: p − |x| is −|x|). */
    static double decode(BigInteger v, int scale) {
        return Fr.toSigned(v).doubleValue() / Math.pow(2, scale);
    }

    /** The field element of the nearest fixed-point value (how prove quantizes: round(x · 2^scale)). */
    static BigInteger quantize(double x, int scale) {
        return Fr.fromSigned(Math.round(x * Math.pow(2, scale)));
    }

    /**
     * The field element that encodes {@code x} exactly at {@code scale}, if there is one (PROOF.json's decoded outputs
     * are exact: anything else cannot be what the proof proves).
     */
    static Optional<BigInteger> exact(double x, int scale) {
        double q = x * Math.pow(2, scale);
        if (!Double.isFinite(q) || q != Math.rint(q) || Math.abs(q) > 0x1p62) {
            return Optional.empty();
        }
        return Optional.of(Fr.fromSigned((long) q));
    }

    /** Vectors longer than this are summarised in human output (all of them with --full, in PROOF.json, --json). */
    static final int SHOWN = 8;

    /** A vector for one line: all of it when short (or {@code full}), else {@code [a, b, c, d, … 192 values]}. */
    static String summarise(List<String> items, boolean full) {
        if (full || items.size() <= SHOWN) {
            return "[" + String.join(", ", items) + "]";
        }
        return "[" + String.join(", ", items.subList(0, 4)) + ", \u2026 " + items.size() + " values]";
    }

    static String summarise(List<String> items) {
        return summarise(items, false);
    }

    /** {@link #summarise} of real numbers, each printed as Java prints a double. */
    static String summarise(double[] values, boolean full) {
        List<String> s = new ArrayList<>(values.length);
        for (double d : values) {
            s.add(Double.toString(d));
        }
        return summarise(s, full);
    }

    static String lower(Kind k) {
        return k.name().toLowerCase(Locale.ROOT);
    }
}
