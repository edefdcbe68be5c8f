package io.zkinfer.spark;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.zkinfer.circuits.field.Fr;
import io.zkinfer.circuits.model.Shapes;
import io.zkinfer.circuits.model.Tensor;
import io.zkinfer.circuits.model.ValueInfo;
import io.zkinfer.verifier.MalformedInputException;
import io.zkinfer.verifier.StrictJson;
import io.zkinfer.verifier.StrictNumbers;
import org.apache.spark.sql.Row;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one input row into the model's input tensors. Two row layouts (docs/scale-out.md, "Inputs"):
 * <ul>
 *   <li>an {@code input} string column holding an input.json object: EZKL's {@code {"input_data": [[...]]}} or
 *   zkinfer's {@code {"inputs": {"NAME": [...]}, "salts": {...}}} (what {@code zkinfer prove --input} reads);</li>
 *   <li>otherwise every column but {@code id} is one number of the model's single input, in column order (CSV and
 *   Parquet tables: one feature per column).</li>
 * </ul>
 * Anything wrong (not JSON, NaN, a missing or extra value, a word where a number belongs) is an
 * IllegalArgumentException whose message names the input and element: it becomes the row's {@code error}.
 */
final class InputRows {
    /** NaN and Infinity are read so that they can be refused with their position; duplicate keys are refused. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    record Input(Map<String, Tensor> tensors, Map<String, BigInteger> salts) {}

    private InputRows() {}

    static Input parse(Row row, List<ValueInfo> modelInputs) {
        int inputCol = indexOf(row, ZkSpark.INPUT);
        if (inputCol >= 0) {
            Object v = row.get(inputCol);
            if (!(v instanceof String text)) {
                throw new IllegalArgumentException("column 'input' must hold an input.json object as text, got "
                        + (v == null ? "null" : v.getClass().getSimpleName()));
            }
            return fromJson(text, modelInputs);
        }
        return fromColumns(row, modelInputs);
    }

    static Input fromJson(String text, List<ValueInfo> modelInputs) {
        if (text.length() > StrictJson.MAX_DOCUMENT_CHARS) {
            throw new IllegalArgumentException("input is " + text.length() + " characters, more than the "
                    + StrictJson.MAX_DOCUMENT_CHARS + " allowed");
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (IOException e) {
            String m = e.getMessage() == null ? "" : e.getMessage();
            throw new IllegalArgumentException("input is not valid JSON: " + m.lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("input must be a JSON object with \"input_data\" (EZKL) or \"inputs\"");
        }
        Map<String, double[]> flat = new LinkedHashMap<>();
        JsonNode ezkl = root.get("input_data");
        JsonNode own = root.get("inputs");
        if (ezkl != null) {
            if (!ezkl.isArray() || ezkl.size() != modelInputs.size()) {
                throw new IllegalArgumentException("\"input_data\" must hold " + modelInputs.size()
                        + " array(s), one per model input " + names(modelInputs));
            }
            for (int i = 0; i < modelInputs.size(); i++) {
                flat.put(modelInputs.get(i).name(), flatten(ezkl.get(i), "input '" + modelInputs.get(i).name() + "'"));
            }
        } else if (own != null && own.isObject()) {
            for (Iterator<String> it = own.fieldNames(); it.hasNext(); ) {
                String n = it.next();
                if (modelInputs.stream().noneMatch(v -> v.name().equals(n))) {
                    throw new IllegalArgumentException("the model has no input '" + n + "'; its inputs are "
                            + names(modelInputs));
                }
            }
            for (ValueInfo vi : modelInputs) {
                JsonNode a = own.get(vi.name());
                if (a == null) {
                    throw new IllegalArgumentException("missing input '" + vi.name() + "'");
                }
                flat.put(vi.name(), flatten(a, "input '" + vi.name() + "'"));
            }
        } else {
            throw new IllegalArgumentException("input must have \"input_data\" (EZKL format) or \"inputs\" (zkinfer)");
        }
        return new Input(tensors(flat, modelInputs), salts(root.get("salts")));
    }

    private static Input fromColumns(Row row, List<ValueInfo> modelInputs) {
        if (modelInputs.size() != 1) {
            throw new IllegalArgumentException("the model has " + modelInputs.size() + " inputs " + names(modelInputs)
                    + ": give each row as an 'input' column holding input.json (one value per column works only for "
                    + "single-input models)");
        }
        String[] fields = row.schema().fieldNames();
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < fields.length; i++) {
            if (fields[i].equals(ZkSpark.ID)) {
                continue;
            }
            Object v = row.get(i);
            String where = "column '" + fields[i] + "' (element " + values.size() + ")";
            if (v instanceof Number n) {
                values.add(n.doubleValue());
            } else if (v instanceof String s) {
                try {
                    values.add(Double.parseDouble(s.strip()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(where + " is '" + s + "', not a number");
                }
            } else {
                throw new IllegalArgumentException(where + " is " + (v == null ? "empty" : v) + ", not a number");
            }
        }
        double[] d = values.stream().mapToDouble(Double::doubleValue).toArray();
        return new Input(tensors(Map.of(modelInputs.get(0).name(), d), modelInputs), Map.of());
    }

    private static Map<String, Tensor> tensors(Map<String, double[]> flat, List<ValueInfo> modelInputs) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (ValueInfo vi : modelInputs) {
            double[] d = flat.get(vi.name());
            int size = Shapes.size(vi.shape());
            if (d.length != size) {
                throw new IllegalArgumentException("input '" + vi.name() + "' needs " + size + " values (shape "
                        + Arrays.toString(vi.shape()) + "), got " + d.length);
            }
            for (int i = 0; i < d.length; i++) {
                if (!Double.isFinite(d[i])) {
                    throw new IllegalArgumentException("input '" + vi.name() + "' element " + i + " is " + d[i]
                            + " (inputs must be finite numbers)");
                }
            }
            out.put(vi.name(), new Tensor(vi.shape(), d, vi.type()));
        }
        return out;
    }

    private static Map<String, BigInteger> salts(JsonNode s) {
        Map<String, BigInteger> salts = new LinkedHashMap<>();
        if (s == null) {
            return salts;
        }
        if (!s.isObject()) {
            throw new IllegalArgumentException("\"salts\" must be an object {tensor: decimal string}");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = s.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw new IllegalArgumentException("salt for '" + e.getKey() + "' must be a string");
            }
            try {
                BigInteger v = StrictNumbers.parse(e.getValue().asText(), "salt for '" + e.getKey() + "'");
                if (v.compareTo(Fr.MODULUS) >= 0) {
                    throw new IllegalArgumentException("salt for '" + e.getKey() + "' must be a string holding a "
                            + "BN254 scalar field element");
                }
                salts.put(e.getKey(), v);
            } catch (MalformedInputException ex) {
                throw new IllegalArgumentException(ex.getMessage(), ex);
            }
        }
        return salts;
    }

    private static double[] flatten(JsonNode node, String where) {
        List<Double> values = new ArrayList<>();
        flattenInto(node, where, values);
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void flattenInto(JsonNode node, String where, List<Double> values) {
        if (node.isArray()) {
            for (JsonNode c : node) {
                flattenInto(c, where, values);
            }
        } else if (node.isNumber()) {
            values.add(node.doubleValue());
        } else {
            throw new IllegalArgumentException(where + " element " + values.size() + " is " + node + ", not a number");
        }
    }

    private static List<String> names(List<ValueInfo> inputs) {
        return inputs.stream().map(ValueInfo::name).toList();
    }

    private static int indexOf(Row row, String field) {
        String[] names = row.schema().fieldNames();
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(field)) {
                return i;
            }
        }
        return -1;
    }
}
