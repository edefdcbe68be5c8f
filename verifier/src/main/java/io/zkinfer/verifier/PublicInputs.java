package io.zkinfer.verifier;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.zkinfer.verifier.bn254.Fr;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** Public inputs: parsing from JSON and the canonical-field-element check every verifier applies. */
public final class PublicInputs {
    private static final JsonFactory JSON = StrictJson.mapper().getFactory();

    private PublicInputs() {}

    /**
     * Parses a JSON array of field elements (snarkjs public.json, zkinfer's public values): canonical decimal strings,
     * lower-case "0x" hex strings or canonical JSON integers, each checked by {@link StrictNumbers} before a
     * BigInteger is built ("+5", "05", "-0", "0x-5", "٣٣", " 5", 1e3 and million-digit numbers are refused). Values
     * are not reduced: anything outside [0, r) is rejected by {@link #check}.
     */
    public static List<BigInteger> parseJson(String json) throws MalformedInputException {
        if (json == null) {
            throw new MalformedInputException("public inputs are missing");
        }
        // a token stream, not a tree: a JSON integer is checked in its own spelling (a tree would turn -0 into 0)
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new MalformedInputException("public inputs must be a JSON array");
            }
            List<BigInteger> out = new ArrayList<>();
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                String what = "public input " + out.size();
                if (out.size() == Limits.MAX_PUBLIC_VALUES) {
                    throw new MalformedInputException("more than " + Limits.MAX_PUBLIC_VALUES + " public inputs");
                }
                if (t == JsonToken.VALUE_STRING) {
                    out.add(StrictNumbers.parse(p.getText(), what));
                } else if (t == JsonToken.VALUE_NUMBER_INT) {
                    out.add(StrictNumbers.parseDecimal(p.getText(), what));
                } else {
                    throw new MalformedInputException(what + " must be a string or an integer, got "
                            + (t == null ? "the end of the document" : t.asString() == null ? t : t.asString()));
                }
            }
            if (p.nextToken() != null) {
                throw new MalformedInputException("public inputs: unexpected content after the array");
            }
            return List.copyOf(out);
        } catch (IOException | RuntimeException e) {
            throw new MalformedInputException("public inputs are not valid JSON: " + firstLine(e.getMessage()), e);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
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
