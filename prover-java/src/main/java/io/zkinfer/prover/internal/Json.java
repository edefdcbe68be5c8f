package io.zkinfer.prover.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zkinfer.prover.NativeFailureException;

/** Reads the small JSON objects the native library returns (info, artifact headers). */
public final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    public static JsonNode parse(String json, String what) {
        try {
            JsonNode n = MAPPER.readTree(json);
            if (n == null || !n.isObject()) {
                throw new NativeFailureException(what + " is not a JSON object: " + json);
            }
            return n;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new NativeFailureException(what + " is not valid JSON: " + json, e);
        }
    }

    public static String text(JsonNode n, String field, String what) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new NativeFailureException(what + " has no text field '" + field + "': " + n);
        }
        return v.asText();
    }

    public static long number(JsonNode n, String field, String what) {
        JsonNode v = n.get(field);
        if (v == null || !v.canConvertToLong()) {
            throw new NativeFailureException(what + " has no integer field '" + field + "': " + n);
        }
        return v.asLong();
    }

    public static long numberOr(JsonNode n, String field, long fallback) {
        JsonNode v = n.get(field);
        return v != null && v.canConvertToLong() ? v.asLong() : fallback;
    }
}
