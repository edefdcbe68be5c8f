package io.zkinfer.verifier;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/**
 * The one JSON reader for untrusted documents (keys, proofs, public values, headers): bounded document, string and
 * number lengths and nesting depth, duplicate keys refused (two spellings of one document must not exist), trailing
 * tokens refused. Its errors are {@link MalformedInputException}s naming the document.
 */
public final class StrictJson {
    /** Largest JSON document read (a snarkjs key with a few thousand IC points stays far below). */
    public static final long MAX_DOCUMENT_CHARS = 16L << 20;
    public static final int MAX_STRING_CHARS = 1 << 20;
    public static final int MAX_NUMBER_CHARS = 80;
    public static final int MAX_DEPTH = 32;

    private static final ObjectMapper MAPPER = mapper();

    private StrictJson() {}

    /** A mapper with the limits above; for modules that read untrusted JSON with data binding. */
    public static ObjectMapper mapper() {
        JsonMapper m = JsonMapper.builder()
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .disable(JsonReadFeature.ALLOW_LEADING_PLUS_SIGN_FOR_NUMBERS)
                .build();
        m.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxDocumentLength(MAX_DOCUMENT_CHARS)
                .maxStringLength(MAX_STRING_CHARS)
                .maxNumberLength(MAX_NUMBER_CHARS)
                .maxNestingDepth(MAX_DEPTH)
                .build());
        return m;
    }

    /** Parses {@code text}; {@code what} names the document in the error. Never returns null. */
    public static JsonNode read(String text, String what) throws MalformedInputException {
        if (text == null) {
            throw new MalformedInputException(what + " is missing");
        }
        try {
            JsonNode n = MAPPER.readTree(text);
            if (n == null || n.isMissingNode()) {
                throw new MalformedInputException(what + " is empty");
            }
            return n;
        } catch (IOException | RuntimeException e) {
            throw new MalformedInputException(what + " is not valid JSON: " + firstLine(e.getMessage()), e);
        }
    }

    /** Like {@link #read} but the document must be an object. */
    public static JsonNode readObject(String text, String what) throws MalformedInputException {
        JsonNode n = read(text, what);
        if (!n.isObject()) {
            throw new MalformedInputException(what + " must be a JSON object");
        }
        return n;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
