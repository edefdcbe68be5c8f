package io.zkinfer.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.zkinfer.circuits.model.Shapes;
import io.zkinfer.circuits.model.Tensor;
import io.zkinfer.circuits.model.ValueInfo;
import io.zkinfer.verifier.MalformedInputException;
import io.zkinfer.verifier.StrictNumbers;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads model inputs (for prove) and calibration samples (for compile) from JSON, in either of two formats:
 * <ul>
 *   <li>EZKL's: {@code {"input_data": [[...], ...]}}, one flat row-major array per graph input, in graph order;</li>
 *   <li>zkinfer's: {@code {"inputs": {"NAME": [...], ...}, "salts": {"NAME": "decimal"}}}, arrays flat or nested.</li>
 * </ul>
 * For calibration an array may hold several samples back to back (a multiple of the input's size).
 * NaN and Infinity are read (so that they can be refused with the element's position), never accepted.
 */
final class InputData {

    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** One proof's inputs plus the salts for committed tensors (may be empty). */
    record Inputs(Map<String, Tensor> tensors, Map<String, BigInteger> salts) {}

    private InputData() {}

    static JsonNode readJson(Path file, String what) {
        byte[] bytes = CliFiles.readBytes(file, what);
        try {
            JsonNode n = JSON.readTree(bytes);
            if (n == null || n.isMissingNode()) {
                throw new UserInputException(what + " " + file + " is empty");
            }
            return n;
        } catch (IOException e) {
            throw new UserInputException(what + " " + file + " is not valid JSON: " + firstLine(e.getMessage()));
        }
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** The inputs of one proof, checked against the model's inputs (names, sizes, finite values). */
    static Inputs readInputs(Path file, List<ValueInfo> modelInputs) {
        JsonNode root = readJson(file, "input file");
        Map<String, double[]> flat = flatArrays(root, file, modelInputs);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (ValueInfo vi : modelInputs) {
            double[] d = flat.get(vi.name());
            int size = Shapes.size(vi.shape());
            if (d.length != size) {
                throw new UserInputException(file + ": input '" + vi.name() + "' needs " + size + " values (shape "
                        + Arrays.toString(vi.shape()) + "), got " + d.length);
            }
            checkFinite(file, vi.name(), d, size);
            tensors.put(vi.name(), new Tensor(vi.shape(), d, vi.type()));
        }
        Map<String, BigInteger> salts = new LinkedHashMap<>();
        JsonNode s = root.get("salts");
        if (s != null) {
            if (!s.isObject()) {
                throw new UserInputException(file + ": \"salts\" must be an object {tensor: decimal string}");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = s.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isTextual()) {
                    throw new UserInputException(file + ": salt for '" + e.getKey() + "' must be a string");
                }
                BigInteger v;
                try {
                    v = StrictNumbers.parse(e.getValue().asText(), file + ": salt for '" + e.getKey() + "'");
                } catch (MalformedInputException ex) {
                    throw new UserInputException(ex.getMessage(), ex);
                }
                if (v.compareTo(io.zkinfer.circuits.field.Fr.MODULUS) >= 0) {
                    throw new UserInputException(file + ": salt for '" + e.getKey() + "' is not a field element "
                            + "(outside the BN254 scalar field)");
                }
                salts.put(e.getKey(), v);
            }
        }
        return new Inputs(tensors, salts);
    }

    /** Calibration samples: every input array holds k samples back to back, the same k for all inputs. */
    static List<Map<String, Tensor>> readCalibration(Path file, List<ValueInfo> modelInputs) {
        JsonNode root = readJson(file, "calibration file");
        Map<String, double[]> flat = flatArrays(root, file, modelInputs);
        int samples = -1;
        for (ValueInfo vi : modelInputs) {
            double[] d = flat.get(vi.name());
            int size = Shapes.size(vi.shape());
            if (size == 0 || d.length == 0 || d.length % size != 0) {
                throw new UserInputException(file + ": calibration data for input '" + vi.name() + "' has " + d.length
                        + " values, not a positive multiple of its size " + size + " (shape "
                        + Arrays.toString(vi.shape()) + ")");
            }
            int k = d.length / size;
            if (samples >= 0 && k != samples) {
                throw new UserInputException(file + ": inputs hold different numbers of samples (" + samples + " and "
                        + k + " for '" + vi.name() + "')");
            }
            samples = k;
            checkFinite(file, vi.name(), d, size);
        }
        List<Map<String, Tensor>> out = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            Map<String, Tensor> sample = new LinkedHashMap<>();
            for (ValueInfo vi : modelInputs) {
                int size = Shapes.size(vi.shape());
                sample.put(vi.name(), new Tensor(vi.shape(),
                        Arrays.copyOfRange(flat.get(vi.name()), i * size, (i + 1) * size), vi.type()));
            }
            out.add(sample);
        }
        return out;
    }

    private static void checkFinite(Path file, String name, double[] d, int size) {
        for (int i = 0; i < d.length; i++) {
            if (!Double.isFinite(d[i])) {
                String where = d.length > size ? "sample " + (i / size) + ", element " + (i % size) : "element " + i;
                throw new UserInputException(file + ": input '" + name + "' " + where + " is " + d[i]
                        + " (inputs must be finite numbers)");
            }
        }
    }

    /** The flat value array per model input, from either format. */
    private static Map<String, double[]> flatArrays(JsonNode root, Path file, List<ValueInfo> modelInputs) {
        Map<String, double[]> out = new LinkedHashMap<>();
        if (root == null || !root.isObject()) {
            throw new UserInputException(file + ": expected a JSON object with \"input_data\" (EZKL) or \"inputs\"");
        }
        JsonNode ezkl = root.get("input_data");
        JsonNode own = root.get("inputs");
        if (ezkl != null) {
            if (!ezkl.isArray()) {
                throw new UserInputException(file + ": \"input_data\" must be an array with one array per model input");
            }
            if (ezkl.size() != modelInputs.size()) {
                throw new UserInputException(file + ": \"input_data\" has " + ezkl.size() + " arrays but the model has "
                        + modelInputs.size() + " input(s) " + modelInputs);
            }
            for (int i = 0; i < modelInputs.size(); i++) {
                String name = modelInputs.get(i).name();
                out.put(name, flatten(ezkl.get(i), file + ": input_data[" + i + "] (input '" + name + "')"));
            }
        } else if (own != null) {
            if (!own.isObject()) {
                throw new UserInputException(file + ": \"inputs\" must be an object {input name: array}");
            }
            for (Iterator<String> it = own.fieldNames(); it.hasNext(); ) {
                String n = it.next();
                if (modelInputs.stream().noneMatch(v -> v.name().equals(n))) {
                    throw new UserInputException(file + ": the model has no input '" + n + "'; its inputs are "
                            + modelInputs);
                }
            }
            for (ValueInfo vi : modelInputs) {
                JsonNode a = own.get(vi.name());
                if (a == null) {
                    throw new UserInputException(file + ": missing input '" + vi.name() + "' (shape "
                            + Arrays.toString(vi.shape()) + ")");
                }
                out.put(vi.name(), flatten(a, file + ": input '" + vi.name() + "'"));
            }
        } else {
            throw new UserInputException(file + ": expected \"input_data\" (EZKL format) or \"inputs\" (zkinfer format)");
        }
        return out;
    }

    private static double[] flatten(JsonNode node, String where) {
        List<Double> values = new ArrayList<>();
        flattenInto(node, where, values);
        double[] d = new double[values.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = values.get(i);
        }
        return d;
    }

    private static void flattenInto(JsonNode node, String where, List<Double> values) {
        if (node.isArray()) {
            for (JsonNode c : node) {
                flattenInto(c, where, values);
            }
        } else if (node.isNumber()) {
            values.add(node.doubleValue());
        } else if (node.isBoolean()) {
            values.add(node.booleanValue() ? 1.0 : 0.0);
        } else {
            throw new UserInputException(where + ": element " + values.size() + " is " + node
                    + ", not a number");
        }
    }
}
