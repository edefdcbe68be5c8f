package io.zkinfer.circuits.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkinfer.circuits.field.Fr;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A record schema: a name and typed fields, in commitment order. The {@link #tag()} (a hash of the canonical JSON
 * rendering) goes first into every record commitment, so a commitment under one schema cannot be opened under another.
 *
 * <pre>{@code
 * {"name": "patient-v1", "fields": [
 *   {"name": "age", "type": "integer", "min": 0, "max": 150},
 *   {"name": "income", "type": "integer", "bits": 32},
 *   {"name": "hba1c", "type": "decimal", "scale": 1, "min": "3.0", "max": "20.0"},
 *   {"name": "on_warfarin", "type": "boolean"},
 *   {"name": "diagnosis", "type": "category", "codes": ["E11.9", "I10", "J45"]},
 *   {"name": "visit", "type": "date", "min": "2000-01-01", "max": "2099-12-31"}]}
 * }</pre>
 */
public record Schema(String name, List<Field> fields) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** One named, typed field. Names are identifiers so that policies can refer to them. */
    public record Field(String name, FieldType type) {
        public Field {
            Objects.requireNonNull(name, "field name");
            Objects.requireNonNull(type, "field type");
            if (name.equals("salt") || name.equals("record_commitment")) {
                throw new DataException("field name '" + name + "' is reserved (it names a circuit input)");
            }
            if (!NAME.matcher(name).matches()) {
                throw new DataException("field name '" + name + "' is not an identifier ([A-Za-z_][A-Za-z0-9_]*)");
            }
        }
    }

    public Schema {
        Objects.requireNonNull(name, "schema name");
        fields = List.copyOf(Objects.requireNonNull(fields, "schema fields"));
        if (fields.isEmpty()) {
            throw new DataException("schema '" + name + "' has no fields");
        }
        Set<String> seen = new HashSet<>();
        for (Field f : fields) {
            if (!seen.add(f.name())) {
                throw new DataException("schema '" + name + "': field '" + f.name() + "' is declared twice");
            }
        }
    }

    public int size() {
        return fields.size();
    }

    public Optional<Integer> indexOf(String fieldName) {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).name().equals(fieldName)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    /** The index of a field, or an error listing the fields. */
    public int require(String fieldName) {
        return indexOf(fieldName).orElseThrow(() -> new DataException("schema '" + name + "' has no field '"
                + fieldName + "'; its fields are " + fields.stream().map(Field::name).toList()));
    }

    public Field field(String fieldName) {
        return fields.get(require(fieldName));
    }

    /**
     * The schema tag: SHA-256 of {@code "zkinfer-schema-v1\0"} and the canonical JSON, first 31 bytes as a field
     * element (always below r).
     */
    public BigInteger tag() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("zkinfer-schema-v1\0".getBytes(StandardCharsets.US_ASCII));
            byte[] d = sha.digest(toJson().getBytes(StandardCharsets.UTF_8));
            byte[] head = new byte[31];
            System.arraycopy(d, 0, head, 0, 31);
            return Fr.requireCanonical(new BigInteger(1, head), "schema tag");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    // ---- JSON

    public static Schema read(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new DataException("cannot read schema file " + file + ": " + e.getMessage(), e);
        }
    }

    public static Schema parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new DataException("schema is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new DataException("schema must be a JSON object with \"name\" and \"fields\"");
        }
        String name = text(root, "name", "schema");
        JsonNode fs = root.get("fields");
        if (fs == null || !fs.isArray()) {
            throw new DataException("schema '" + name + "': \"fields\" must be an array");
        }
        List<Field> fields = new ArrayList<>();
        for (int i = 0; i < fs.size(); i++) {
            JsonNode f = fs.get(i);
            String where = "schema '" + name + "' field " + i;
            if (!f.isObject()) {
                throw new DataException(where + " must be an object");
            }
            String fname = text(f, "name", where);
            where = "schema '" + name + "' field '" + fname + "'";
            try {
                fields.add(new Field(fname, fieldType(f, where)));
            } catch (IllegalArgumentException e) {
                throw new DataException(where + ": " + e.getMessage());
            }
        }
        return new Schema(name, fields);
    }

    private static FieldType fieldType(JsonNode f, String where) {
        String type = text(f, "type", where);
        allowOnly(f, where, switch (type) {
            case "integer" -> Set.of("name", "type", "bits", "signed", "min", "max");
            case "decimal" -> Set.of("name", "type", "scale", "bits", "signed", "min", "max");
            case "boolean" -> Set.of("name", "type");
            case "category" -> Set.of("name", "type", "codes");
            case "date" -> Set.of("name", "type", "min", "max");
            default -> throw new DataException(where + ": unknown type '" + type
                    + "' (integer, decimal, boolean, category, date)");
        });
        return switch (type) {
            case "integer" -> {
                FieldType.IntegerType t = new FieldType.IntegerType(BigInteger.ZERO, BigInteger.ZERO);
                yield bounded(f, where, t, (min, max) -> new FieldType.IntegerType(min, max));
            }
            case "decimal" -> {
                if (!f.has("scale") || !f.get("scale").canConvertToInt()) {
                    throw new DataException(where + ": a decimal needs an integer \"scale\" (digits after the point)");
                }
                int scale = f.get("scale").asInt();
                FieldType.DecimalType t = new FieldType.DecimalType(scale, BigInteger.ZERO, BigInteger.ZERO);
                yield bounded(f, where, t, (min, max) -> new FieldType.DecimalType(scale, min, max));
            }
            case "boolean" -> new FieldType.BooleanType();
            case "category" -> {
                JsonNode codes = f.get("codes");
                if (codes == null || !codes.isArray() || codes.isEmpty()) {
                    throw new DataException(where + ": a category needs a non-empty \"codes\" array");
                }
                List<String> cs = new ArrayList<>();
                codes.forEach(c -> cs.add(c.asText()));
                yield new FieldType.CategoryType(cs);
            }
            case "date" -> {
                FieldType.DateType d = FieldType.DateType.DEFAULT;
                BigInteger min = f.has("min") ? parseBound(d, f.get("min"), where, "min") : d.min();
                BigInteger max = f.has("max") ? parseBound(d, f.get("max"), where, "max") : d.max();
                yield new FieldType.DateType(min, max);
            }
            default -> throw new IllegalStateException(type);
        };
    }

    private interface RangeFactory {
        FieldType make(BigInteger min, BigInteger max);
    }

    /** Integer and decimal bounds: {@code min}/{@code max} (in the field's own units), or {@code bits}/{@code signed}. */
    private static FieldType bounded(JsonNode f, String where, FieldType parser, RangeFactory make) {
        boolean hasBits = f.has("bits");
        boolean hasMinMax = f.has("min") || f.has("max");
        if (hasBits == hasMinMax || (hasMinMax && !(f.has("min") && f.has("max")))) {
            throw new DataException(where + ": give either \"bits\" (with optional \"signed\") or both \"min\" and"
                    + " \"max\"");
        }
        if (hasBits) {
            if (!f.get("bits").canConvertToInt()) {
                throw new DataException(where + ": \"bits\" must be an integer");
            }
            FieldType.IntegerType r = FieldType.IntegerType.ofBits(f.get("bits").asInt(),
                    f.has("signed") && f.get("signed").asBoolean());
            return make.make(r.min(), r.max());
        }
        return make.make(parseBound(parser, f.get("min"), where, "min"), parseBound(parser, f.get("max"), where, "max"));
    }

    private static BigInteger parseBound(FieldType t, JsonNode n, String where, String which) {
        try {
            return t.parse(n.asText());
        } catch (IllegalArgumentException e) {
            throw new DataException(where + ": \"" + which + "\": " + e.getMessage());
        }
    }

    private static void allowOnly(JsonNode f, String where, Set<String> allowed) {
        for (Iterator<String> it = f.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!allowed.contains(k)) {
                throw new DataException(where + ": unknown key \"" + k + "\" (allowed: " + allowed + ")");
            }
        }
    }

    private static String text(JsonNode n, String key, String where) {
        JsonNode v = n.get(key);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw new DataException(where + ": \"" + key + "\" must be a non-empty string");
        }
        return v.asText();
    }

    /** Canonical JSON (fixed key order, bounds as min/max in the field's own notation): the input of {@link #tag()}. */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("name", name);
        ArrayNode fs = root.putArray("fields");
        for (Field f : fields) {
            ObjectNode o = fs.addObject();
            o.put("name", f.name());
            o.put("type", f.type().typeName());
            switch (f.type()) {
                case FieldType.IntegerType t -> {
                    o.put("min", t.min().toString());
                    o.put("max", t.max().toString());
                }
                case FieldType.DecimalType t -> {
                    o.put("scale", t.scale());
                    o.put("min", t.format(t.min()));
                    o.put("max", t.format(t.max()));
                }
                case FieldType.BooleanType t -> { }
                case FieldType.CategoryType t -> t.codes().forEach(o.putArray("codes")::add);
                case FieldType.DateType t -> {
                    o.put("min", t.format(t.min()));
                    o.put("max", t.format(t.max()));
                }
            }
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
