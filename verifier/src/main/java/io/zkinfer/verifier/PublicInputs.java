package io.zkinfer.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zkinfer.verifier.bn254.Fr;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** Public inputs: parsing from JSON and the canonical-field-element check every verifier applies. */
public final class PublicInputs {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_DIGITS = 200;

    private PublicInputs() {}

    /**
     * Parses a JSON array of field elements: decimal strings (snarkjs public.json), "0x…" hex strings, or JSON
     * integers. Values are not reduced: anything outside [0, r) is rejected by {@link #check}.
     */
    public static List<BigInteger> parseJson(String json) throws MalformedInputException {
        JsonNode n;
        try {
            n = JSON.readTree(json);
        } catch (IOException | RuntimeException e) {
            throw new MalformedInputException("public inputs are not valid JSON", e);
        }
        if (n == null || !n.isArray()) {
            throw new MalformedInputException("public inputs must be a JSON array");
        }
        List<BigInteger> out = new ArrayList<>(n.size());
        for (int i = 0; i < n.size(); i++) {
            out.add(parseValue(n.get(i), "public input " + i));
        }
        return List.copyOf(out);
    }

    static BigInteger parseValue(JsonNode v, String what) throws MalformedInputException {
        String s;
        if (v.isTextual()) {
            s = v.asText().trim();
        } else if (v.isIntegralNumber()) {
            s = v.bigIntegerValue().toString();
        } else {
            throw new MalformedInputException(what + " must be a string or an integer");
        }
        return parseNumber(s, what);
    }

    static BigInteger parseNumber(String s, String what) throws MalformedInputException {
        try {
            if (s.length() > MAX_DIGITS) {
                throw new NumberFormatException();
            }
            if (s.startsWith("0x") || s.startsWith("0X")) {
                return new BigInteger(s.substring(2), 16);
            }
            return new BigInteger(s);
        } catch (NumberFormatException e) {
            throw new MalformedInputException(what + " is not a number: " + abbreviate(s));
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    /** Rejects a null list, null values and values outside [0, r); returns an immutable copy. */
    static BigInteger[] check(List<BigInteger> inputs, int expected) throws MalformedInputException {
        if (inputs == null) {
            throw new MalformedInputException("public inputs are missing");
        }
        if (inputs.size() != expected) {
            throw new MalformedInputException("expected " + expected + " public inputs, got " + inputs.size());
        }
        BigInteger[] out = new BigInteger[expected];
        for (int i = 0; i < expected; i++) {
            BigInteger v = inputs.get(i);
            if (v == null || !Fr.isCanonical(v)) {
                throw new MalformedInputException("public input " + i + " is not a canonical field element "
                        + "(0 ≤ v < r)");
            }
            out[i] = v;
        }
        return out;
    }
}
