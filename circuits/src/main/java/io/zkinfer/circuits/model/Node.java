package io.zkinfer.circuits.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One operator application. Empty input names mean an omitted optional input (ONNX convention).
 *
 * @param name   the node's name (ONNX name, or a generated {@code opType_index} when the file has none)
 * @param domain "" for the default ONNX domain, "ai.onnx.ml" for the ML operators
 */
public record Node(String name, String opType, String domain, List<String> inputs, List<String> outputs,
                   Map<String, Attribute> attributes) {

    public Node {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        attributes = Map.copyOf(attributes);
    }

    public String input(int i) {
        return i < inputs.size() ? inputs.get(i) : "";
    }

    public boolean hasInput(int i) {
        return !input(i).isEmpty();
    }

    public Optional<Attribute> attr(String key) {
        return Optional.ofNullable(attributes.get(key));
    }

    public long attrInt(String key, long dflt) {
        Attribute a = attributes.get(key);
        if (a == null) {
            return dflt;
        }
        if (a instanceof Attribute.Int i) {
            return i.value();
        }
        throw bad(key, "expected an integer");
    }

    public double attrFloat(String key, double dflt) {
        Attribute a = attributes.get(key);
        if (a == null) {
            return dflt;
        }
        if (a instanceof Attribute.Float f) {
            return f.value();
        }
        if (a instanceof Attribute.Int i) {
            return i.value();
        }
        throw bad(key, "expected a float");
    }

    public String attrString(String key, String dflt) {
        Attribute a = attributes.get(key);
        if (a == null) {
            return dflt;
        }
        if (a instanceof Attribute.Str s) {
            return s.value();
        }
        throw bad(key, "expected a string");
    }

    public Optional<long[]> attrInts(String key) {
        Attribute a = attributes.get(key);
        if (a == null) {
            return Optional.empty();
        }
        if (a instanceof Attribute.Ints i) {
            return Optional.of(i.values().stream().mapToLong(Long::longValue).toArray());
        }
        if (a instanceof Attribute.Int i) {
            return Optional.of(new long[]{i.value()});
        }
        throw bad(key, "expected a list of integers");
    }

    public Optional<double[]> attrFloats(String key) {
        Attribute a = attributes.get(key);
        if (a == null) {
            return Optional.empty();
        }
        if (a instanceof Attribute.Floats f) {
            return Optional.of(f.values().stream().mapToDouble(Double::doubleValue).toArray());
        }
        throw bad(key, "expected a list of floats");
    }

    public Optional<List<String>> attrStrings(String key) {
        Attribute a = attributes.get(key);
        if (a == null) {
            return Optional.empty();
        }
        if (a instanceof Attribute.Strs s) {
            return Optional.of(s.values());
        }
        throw bad(key, "expected a list of strings");
    }

    public UnsupportedOperatorException unsupported(String detail) {
        return new UnsupportedOperatorException(opType, detail, name);
    }

    private ModelException bad(String key, String what) {
        return new ModelException("malformed attribute " + key + " of " + opType + " at node " + name + ": " + what);
    }

    @Override
    public String toString() {
        return opType + " '" + name + "'";
    }
}
