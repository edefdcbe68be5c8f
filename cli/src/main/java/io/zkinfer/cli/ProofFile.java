package io.zkinfer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkinfer.circuits.field.Fr;
import io.zkinfer.circuits.ir.Circuit;
import io.zkinfer.circuits.quant.Lowering;
import io.zkinfer.verifier.MalformedInputException;
import io.zkinfer.verifier.StrictJson;
import io.zkinfer.verifier.StrictNumbers;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * PROOF.json (docs/cli.md, "PROOF.json"): the proof artifact (base64), its public values (decimal strings, in the
 * circuit's order: public inputs then outputs), the de-quantized outputs, the commitments, the circuit hash, the
 * SHA-256 of the verifying key it was made for, the backend, and for Solidity proofs gnark's MarshalSolidity bytes
 * (hex). Everything but the proof bytes and public values is the prover's claim: {@code verify} checks each one.
 * Read strictly (verifier's StrictJson and StrictNumbers): duplicate keys, non-canonical numbers and oversized
 * documents are refused.
 */
record ProofFile(String circuitHash, Optional<String> verifyingKeySha256, String backend, String target, byte[] proof,
                 List<BigInteger> publicInputs, Map<String, double[]> outputs, Map<String, BigInteger> commitments,
                 Optional<String> solidityProof) {

    static final String FORMAT = "zkinfer-proof/1";

    void write(Path file) throws IOException {
        ObjectNode root = InputData.JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("circuitHash", circuitHash);
        verifyingKeySha256.ifPresent(h -> root.put("verifyingKeySha256", h));
        root.put("backend", backend);
        root.put("target", target);
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
        solidityProof.ifPresent(s -> root.put("solidityProof", s));
        Files2.writeString(file, InputData.JSON.writer().with(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(root) + "\n");
    }

    /** Reads PROOF.json; anything missing, mistyped or non-canonical is a {@link UserInputException} naming it. */
    static ProofFile read(Path file) {
        String text = CliFiles.readString(file, "proof file");
        JsonNode root;
        try {
            root = StrictJson.readObject(text, "proof file " + file);
        } catch (MalformedInputException e) {
            throw new UserInputException(e.getMessage(), e);
        }
        if (!FORMAT.equals(root.path("format").asText())) {
            throw new UserInputException(file + ": not a zkinfer proof file (\"format\": \"" + FORMAT + "\" missing)");
        }
        byte[] proof;
        try {
            proof = Base64.getDecoder().decode(text(root, "proof", file));
        } catch (IllegalArgumentException e) {
            throw new UserInputException(file + ": \"proof\" is not base64: " + e.getMessage());
        }
        JsonNode pub = root.get("publicInputs");
        if (pub == null || !pub.isArray()) {
            throw new UserInputException(file + ": \"publicInputs\" must be an array of decimal strings");
        }
        List<BigInteger> values = new ArrayList<>();
        for (int i = 0; i < pub.size(); i++) {
            values.add(decimal(pub.get(i), file + ": publicInputs[" + i + "]"));
        }
        Map<String, double[]> outputs = new LinkedHashMap<>();
        JsonNode outs = root.path("outputs");
        JsonNode names = root.path("outputNames");
        if (!outs.isArray() || !names.isArray() || outs.size() != names.size()) {
            throw new UserInputException(file + ": \"outputs\" and \"outputNames\" must be arrays of the same length");
        }
        for (int i = 0; i < outs.size(); i++) {
            JsonNode a = outs.get(i);
            if (!a.isArray() || !names.get(i).isTextual()) {
                throw new UserInputException(file + ": outputs[" + i + "] must be an array of numbers, outputNames["
                        + i + "] a string");
            }
            double[] d = new double[a.size()];
            for (int j = 0; j < d.length; j++) {
                if (!a.get(j).isNumber()) {
                    throw new UserInputException(file + ": outputs[" + i + "][" + j + "] is not a number");
                }
                d[j] = a.get(j).doubleValue();
            }
            if (outputs.put(names.get(i).asText(), d) != null) {
                throw new UserInputException(file + ": output " + names.get(i).asText() + " is named twice");
            }
        }
        Map<String, BigInteger> commitments = new LinkedHashMap<>();
        JsonNode c = root.get("commitments");
        if (c != null) {
            if (!c.isObject()) {
                throw new UserInputException(file + ": \"commitments\" must be an object {tensor: decimal string}");
            }
            for (var it = c.fields(); it.hasNext(); ) {
                var e = it.next();
                commitments.put(e.getKey(), decimal(e.getValue(), file + ": commitment " + e.getKey()));
            }
        }
        Optional<String> sol = Optional.ofNullable(root.get("solidityProof")).map(JsonNode::asText);
        if (sol.isPresent()) {
            try {
                HexFormat.of().parseHex(strip0x(sol.get()));
            } catch (IllegalArgumentException e) {
                throw new UserInputException(file + ": \"solidityProof\" is not hex");
            }
        }
        Optional<String> vkSha = Optional.empty();
        if (root.has("verifyingKeySha256")) {
            String h = root.get("verifyingKeySha256").asText();
            if (!root.get("verifyingKeySha256").isTextual() || !h.matches("[0-9a-f]{64}")) {
                throw new UserInputException(file + ": \"verifyingKeySha256\" must be 64 lower-case hex digits");
            }
            vkSha = Optional.of(h);
        }
        return new ProofFile(text(root, "circuitHash", file), vkSha, text(root, "backend", file),
                root.path("target").asText("native"), proof, values, outputs, commitments, sol);
    }

    /** A canonical decimal string (StrictNumbers): no sign, spaces, leading zeros or other digits than 0-9. */
    private static BigInteger decimal(JsonNode v, String what) {
        if (v == null || !v.isTextual()) {
            throw new UserInputException(what + " must be a decimal string");
        }
        try {
            return StrictNumbers.parseDecimal(v.asText(), what);
        } catch (MalformedInputException e) {
            throw new UserInputException(e.getMessage(), e);
        }
    }

    static String strip0x(String s) {
        return s.startsWith("0x") || s.startsWith("0X") ? s.substring(2) : s;
    }

    private static String text(JsonNode root, String field, Path file) {
        JsonNode n = root.get(field);
        if (n == null || !n.isTextual() || n.asText().isEmpty()) {
            throw new UserInputException(file + ": \"" + field + "\" is missing or not a string");
        }
        return n.asText();
    }

    /**
     * The outputs that the public values prove, de-quantized with the scales in the bundle's settings: what a verifier
     * may believe. Empty for outputs that are not public.
     */
    static Map<String, double[]> provenOutputs(Circuit circuit, JsonNode settings, List<BigInteger> publicValues) {
        Map<String, double[]> r = new LinkedHashMap<>();
        int base = circuit.publicInputs().size();
        Map<String, Integer> position = new LinkedHashMap<>();
        for (int i = 0; i < circuit.outputs().size(); i++) {
            position.put(circuit.outputs().get(i).name(), base + i);
        }
        for (JsonNode o : settings.path("outputs")) {
            String name = o.path("name").asText();
            int scale = o.path("scale").asInt();
            int size = 1;
            for (JsonNode d : o.path("shape")) {
                size *= d.asInt();
            }
            if (!position.containsKey(Lowering.outputName(name, 0))) {
                continue;
            }
            double[] d = new double[size];
            for (int j = 0; j < size; j++) {
                Integer p = position.get(Lowering.outputName(name, j));
                if (p == null || p >= publicValues.size()) {
                    return Map.of();
                }
                d[j] = Fr.toSigned(publicValues.get(p)).doubleValue() / Math.pow(2, scale);
            }
            r.put(name, d);
        }
        return r;
    }
}
