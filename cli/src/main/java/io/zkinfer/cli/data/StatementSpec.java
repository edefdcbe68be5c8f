package io.zkinfer.cli.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkinfer.circuits.data.DataException;
import io.zkinfer.circuits.data.DatasetCheck;
import io.zkinfer.circuits.data.DatasetProver;
import io.zkinfer.circuits.data.Schema;
import io.zkinfer.circuits.data.policy.Policy;
import io.zkinfer.circuits.ir.Circuit;
import io.zkinfer.cli.UserInputException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a data proof states, in public parameters only: the schema, the row count and either dataset-wide checks
 * ({@code kind = dataset}) or a statement about one hidden row ({@code kind = row}: a policy, and/or model-input
 * provenance with the input columns and the model's input scale). {@link #circuit} rebuilds the circuit from it, so a
 * verifier knows the circuit hash without the data.
 *
 * @param checks canonical check texts ({@link #parseCheck} / {@link #describe})
 * @param policy canonical policy text ({@link Policy#toString()})
 */
record StatementSpec(String kind, Schema schema, int rows, List<String> checks, Optional<String> policy,
                     List<String> inputColumns, OptionalInt inputScale) {

    static final String DATASET = "dataset";
    static final String ROW = "row";

    StatementSpec {
        checks = List.copyOf(checks);
        inputColumns = List.copyOf(inputColumns);
        if (!kind.equals(DATASET) && !kind.equals(ROW)) {
            throw new UserInputException("statement kind '" + kind + "' is not 'dataset' or 'row'");
        }
    }

    boolean revealsRow() {
        return !inputColumns.isEmpty();
    }

    List<DatasetCheck> datasetChecks() {
        return checks.stream().map(c -> parseCheck(c, schema)).toList();
    }

    Optional<Policy> parsedPolicy() {
        return policy.map(p -> DataFiles.data("policy", () -> Policy.parse(p)));
    }

    Circuit circuit() {
        return DataFiles.data("statement", () -> kind.equals(DATASET)
                ? DatasetProver.circuit(schema, rows, datasetChecks())
                : DatasetProver.rowCircuit(schema, rows, parsedPolicy(), revealsRow(), inputColumns, inputScale));
    }

    /** A one-line description for people. */
    String summary() {
        if (kind.equals(DATASET)) {
            return "all " + rows + " rows of the committed dataset" + (checks.isEmpty()
                    ? " are known to the prover (no further checks)" : " satisfy " + String.join(", ", checks));
        }
        StringBuilder sb = new StringBuilder("a hidden row of the committed dataset (" + rows + " rows)");
        policy.ifPresent(p -> sb.append(" satisfies ").append(p));
        if (!inputColumns.isEmpty()) {
            sb.append(policy.isPresent() ? ", and" : "").append(" has its columns ").append(inputColumns)
                    .append(" committed as input_commitment")
                    .append(inputScale.isPresent() ? " (quantized model input, scale 2^" + inputScale.getAsInt() + ")"
                            : " (encoded values)");
        }
        return sb.toString();
    }

    ObjectNode toJson(ObjectMapper m) {
        ObjectNode o = m.createObjectNode();
        o.put("kind", kind);
        try {
            o.set("schema", m.readTree(schema.toJson()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        o.put("rows", rows);
        if (kind.equals(DATASET)) {
            ArrayNode a = o.putArray("checks");
            checks.forEach(a::add);
        } else {
            policy.ifPresent(p -> o.put("policy", p));
            if (!inputColumns.isEmpty()) {
                ArrayNode a = o.putArray("inputColumns");
                inputColumns.forEach(a::add);
                inputScale.ifPresent(s -> o.put("inputScale", s));
            }
        }
        return o;
    }

    static StatementSpec fromJson(JsonNode o) {
        if (o == null || !o.isObject()) {
            throw new UserInputException("proof file: 'statement' is missing or not an object");
        }
        String kind = text(o, "kind");
        JsonNode schemaNode = o.get("schema");
        if (schemaNode == null || !schemaNode.isObject()) {
            throw new UserInputException("proof file: statement.schema is missing");
        }
        Schema schema = DataFiles.data("proof file: statement.schema", () -> Schema.parse(schemaNode.toString()));
        JsonNode rows = o.get("rows");
        if (rows == null || !rows.canConvertToInt() || rows.asInt() < 1) {
            throw new UserInputException("proof file: statement.rows must be a positive integer");
        }
        List<String> checks = strings(o, "checks");
        List<String> cols = strings(o, "inputColumns");
        JsonNode scale = o.get("inputScale");
        if (scale != null && !scale.canConvertToInt()) {
            throw new UserInputException("proof file: statement.inputScale must be an integer");
        }
        Optional<String> policy = o.hasNonNull("policy") ? Optional.of(text(o, "policy")) : Optional.empty();
        return new StatementSpec(kind, schema, rows.asInt(), checks, policy, cols,
                scale == null ? OptionalInt.empty() : OptionalInt.of(scale.asInt()));
    }

    private static String text(JsonNode o, String field) {
        JsonNode n = o.get(field);
        if (n == null || !n.isTextual()) {
            throw new UserInputException("proof file: statement." + field + " is missing or not a string");
        }
        return n.asText();
    }

    private static List<String> strings(JsonNode o, String field) {
        JsonNode n = o.get(field);
        List<String> out = new ArrayList<>();
        if (n == null) {
            return out;
        }
        if (!n.isArray()) {
            throw new UserInputException("proof file: statement." + field + " must be an array of strings");
        }
        for (JsonNode e : n) {
            if (!e.isTextual()) {
                throw new UserInputException("proof file: statement." + field + " must be an array of strings");
            }
            out.add(e.asText());
        }
        return out;
    }

    // ------------------------------------------------------------------ --check

    static final String CHECK_FORMS = "range:COLUMN:LO:HI, sum:COLUMN:LO:HI, mean:COLUMN:LO:HI, variance:COLUMN:LO:HI,"
            + " count:MIN:MAX:POLICY, parity:MAX_GAP:POSITIVE:GROUP_A:GROUP_B";

    /** Parses a {@code --check} value (see {@link #CHECK_FORMS}) and validates it against the schema. */
    static DatasetCheck parseCheck(String text, Schema schema) {
        String t = text.strip();
        int colon = t.indexOf(':');
        String kind = colon < 0 ? t : t.substring(0, colon);
        try {
            DatasetCheck c = switch (kind) {
                case "range", "sum", "mean", "variance" -> {
                    String[] p = parts(t, 4, text);
                    schema.require(p[1]);
                    yield switch (kind) {
                        case "range" -> new DatasetCheck.ColumnRange(p[1], p[2], p[3]);
                        case "sum" -> new DatasetCheck.Sum(p[1], p[2], p[3]);
                        case "mean" -> new DatasetCheck.Mean(p[1], p[2], p[3]);
                        default -> new DatasetCheck.Variance(p[1], p[2], p[3]);
                    };
                }
                case "count" -> {
                    String[] p = parts(t, 4, text);
                    yield new DatasetCheck.Count(Policy.parse(p[3]), count(p[1], text), count(p[2], text));
                }
                case "parity" -> {
                    String[] p = parts(t, 5, text);
                    yield new DatasetCheck.ParityGap(Policy.parse(p[2]), Policy.parse(p[3]), Policy.parse(p[4]), p[1]);
                }
                default -> throw new UserInputException("--check '" + text + "': unknown check '" + kind
                        + "'; use one of " + CHECK_FORMS);
            };
            DatasetProver.validateChecks(schema, List.of(c));
            return c;
        } catch (DataException e) {
            throw new UserInputException("--check '" + text + "': " + e.getMessage(), e);
        }
    }

    /** The canonical text of a check (policies in their canonical form), which the proof file records. */
    static String describe(DatasetCheck c) {
        return switch (c) {
            case DatasetCheck.ColumnRange r -> "range:" + r.column() + ":" + r.lo() + ":" + r.hi();
            case DatasetCheck.Sum s -> "sum:" + s.column() + ":" + s.lo() + ":" + s.hi();
            case DatasetCheck.Mean m -> "mean:" + m.column() + ":" + m.lo() + ":" + m.hi();
            case DatasetCheck.Variance v -> "variance:" + v.column() + ":" + v.lo() + ":" + v.hi();
            case DatasetCheck.Count k -> "count:" + k.min() + ":" + k.max() + ":" + k.policy();
            case DatasetCheck.ParityGap p -> "parity:" + p.maxGap() + ":" + p.positive() + ":" + p.groupA() + ":"
                    + p.groupB();
        };
    }

    private static String[] parts(String t, int n, String original) {
        String[] p = t.split(":", n);
        if (p.length != n) {
            throw new UserInputException("--check '" + original + "' needs " + n + " parts separated by ':'; use one of "
                    + CHECK_FORMS);
        }
        for (int i = 0; i < n; i++) {
            p[i] = p[i].strip();
            if (p[i].isEmpty()) {
                throw new UserInputException("--check '" + original + "': part " + (i + 1) + " is empty");
            }
        }
        return p;
    }

    private static long count(String s, String original) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new UserInputException("--check '" + original + "': '" + s + "' is not a whole number");
        }
    }
}
