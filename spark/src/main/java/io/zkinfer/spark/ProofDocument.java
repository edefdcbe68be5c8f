package io.zkinfer.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkinfer.verifier.MalformedInputException;
import io.zkinfer.verifier.StrictJson;
import io.zkinfer.verifier.StrictNumbers;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code proof} column: a complete PROOF.json document ({@code zkinfer-proof/1}, docs/cli.md "PROOF.json"), the
 * same bytes {@code zkinfer prove} writes, so that any row can be taken out and checked with {@code zkinfer verify}.
 * Read back strictly (verifier's StrictJson and StrictNumbers), as the CLI does.
 */
final class ProofDocument {
    static final String FORMAT = "zkinfer-proof/1";
    private static final ObjectMapper JSON = StrictJson.mapper();

    /** What {@link #read} gives back: the proof bytes and public values, and the prover's claims about them. */
    record Parsed(String circuitHash, String verifyingKeySha256, String backend, byte[] proof,
                  List<BigInteger> publicInputs, Map<String, double[]> outputs, Map<String, BigInteger> commitments) {}

    private ProofDocument() {}

    static String write(String circuitHash, String verifyingKeySha256, String backend, byte[] proof,
                        List<BigInteger> publicInputs, Map<String, double[]> outputs,
                        Map<String, BigInteger> commitments, String solidityProof) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("circuitHash", circuitHash);
        if (verifyingKeySha256 != null) {
            root.put("verifyingKeySha256", verifyingKeySha256);
        }
        root.put("backend", backend);
        root.put("target", "native");
        root.put("proof", Base64.getEncoder().encodeToString(proof));
        ArrayNode pub = root.putArray("publicInputs");
        publicInputs.forEach(v -> pub.add(v.toString()));
        ArrayNode outs = root.putArray("outputs");
        ArrayNode names = root.putArray("outputNames");
        outputs.forEach((k, v) -> {
            names.add(k);
            ArrayNode a = outs.addArray();
            for (double d : v) {
                a.add(d);
            }
        });
        if (!commitments.isEmpty()) {
            ObjectNode c = root.putObject("commitments");
            commitments.forEach((k, v) -> c.put(k, v.toString()));
        }
        root.put("solidityProof", solidityProof);
        return text(root);
    }

    static String outputsJson(Map<String, double[]> outputs) {
        ObjectNode o = JSON.createObjectNode();
        outputs.forEach((k, v) -> {
            ArrayNode a = o.putArray(k);
            for (double d : v) {
                a.add(d);
            }
        });
        return text(o);
    }

    /** {tensor: decimal} of the committed tensors, or null when the model commits to nothing. */
    static String commitmentsJson(Map<String, BigInteger> commitments) {
        if (commitments.isEmpty()) {
            return null;
        }
        ObjectNode o = JSON.createObjectNode();
        commitments.forEach((k, v) -> o.put(k, v.toString()));
        return text(o);
    }

    static Parsed read(String text) throws MalformedInputException {
        JsonNode root = StrictJson.readObject(text, "proof");
        if (!FORMAT.equals(root.path("format").asText())) {
            throw new MalformedInputException("not a zkinfer proof (\"format\": \"" + FORMAT + "\" missing)");
        }
        byte[] proof;
        try {
            proof = Base64.getDecoder().decode(root.path("proof").asText());
        } catch (IllegalArgumentException e) {
            throw new MalformedInputException("\"proof\" is not base64");
        }
        JsonNode pub = root.path("publicInputs");
        if (!pub.isArray()) {
            throw new MalformedInputException("\"publicInputs\" must be an array of decimal strings");
        }
        List<BigInteger> values = new ArrayList<>();
        for (int i = 0; i < pub.size(); i++) {
            values.add(decimal(pub.get(i), "publicInputs[" + i + "]"));
        }
        Map<String, double[]> outputs = outputsOf(root.path("outputs"), root.path("outputNames"));
        Map<String, BigInteger> commitments = new LinkedHashMap<>();
        JsonNode c = root.path("commitments");
        for (var it = c.fields(); it.hasNext(); ) {
            var e = it.next();
            commitments.put(e.getKey(), decimal(e.getValue(), "commitment " + e.getKey()));
        }
        return new Parsed(root.path("circuitHash").asText(), root.path("verifyingKeySha256").asText(null),
                root.path("backend").asText(), proof, values, outputs, commitments);
    }

    /** The {@code outputs} column ({name: [numbers]}) read back strictly. */
    static Map<String, double[]> readOutputsColumn(String text) throws MalformedInputException {
        JsonNode o = StrictJson.readObject(text, "outputs column");
        Map<String, double[]> r = new LinkedHashMap<>();
        for (var it = o.fields(); it.hasNext(); ) {
            var e = it.next();
            r.put(e.getKey(), numbers(e.getValue(), "outputs column '" + e.getKey() + "'"));
        }
        return r;
    }

    /** The {@code commitments} column ({tensor: decimal}) read back strictly. */
    static Map<String, BigInteger> readCommitmentsColumn(String text) throws MalformedInputException {
        JsonNode o = StrictJson.readObject(text, "commitments column");
        Map<String, BigInteger> r = new LinkedHashMap<>();
        for (var it = o.fields(); it.hasNext(); ) {
            var e = it.next();
            r.put(e.getKey(), decimal(e.getValue(), "commitments column '" + e.getKey() + "'"));
        }
        return r;
    }

    private static Map<String, double[]> outputsOf(JsonNode outs, JsonNode names) throws MalformedInputException {
        if (!outs.isArray() || !names.isArray() || outs.size() != names.size()) {
            throw new MalformedInputException("\"outputs\" and \"outputNames\" must be arrays of the same length");
        }
        Map<String, double[]> r = new LinkedHashMap<>();
        for (int i = 0; i < outs.size(); i++) {
            if (r.put(names.get(i).asText(), numbers(outs.get(i), "outputs[" + i + "]")) != null) {
                throw new MalformedInputException("output " + names.get(i).asText() + " is named twice");
            }
        }
        return r;
    }

    private static double[] numbers(JsonNode a, String what) throws MalformedInputException {
        if (!a.isArray()) {
            throw new MalformedInputException(what + " must be an array of numbers");
        }
        double[] d = new double[a.size()];
        for (int j = 0; j < d.length; j++) {
            if (!a.get(j).isNumber()) {
                throw new MalformedInputException(what + "[" + j + "] is not a number");
            }
            d[j] = a.get(j).doubleValue();
        }
        return d;
    }

    private static BigInteger decimal(JsonNode v, String what) throws MalformedInputException {
        if (v == null || !v.isTextual()) {
            throw new MalformedInputException(what + " must be a decimal string");
        }
        return StrictNumbers.parseDecimal(v.asText(), what);
    }

    private static String text(JsonNode n) {
        try {
            return JSON.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
