package io.zkinfer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkinfer.circuits.field.Fr;
import io.zkinfer.circuits.ir.Circuit;
import io.zkinfer.circuits.quant.Lowering;

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
 * circuit's order: public inputs then outputs), the de-quantized outputs, the circuit hash and backend, and for
 * Solidity proofs gnark's MarshalSolidity bytes (hex).
 */
record ProofFile(String circuitHash, String backend, String target, byte[] proof, List<BigInteger> publicInputs,
                 Map<String, double[]> outputs, Map<String, BigInteger> commitments, Optional<String> solidityProof) {

    static final String FORMAT = "zkinfer-proof/1";

    void write(Path file) throws IOException {
        ObjectNode root = InputData.JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("circuitHash", circuitHash);
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

    /** Reads PROOF.json; anything missing or mistyped is a {@link UserInputException} naming the field. */
    static ProofFile read(Path file) {
        JsonNode root = InputData.readJson(file, "proof file");
        if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText())) {
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
            JsonNode v = pub.get(i);
            try {
                if (!(v.isTextual() || v.isIntegralNumber())) {
                    throw new NumberFormatException("not a string or integer");
                }
                values.add(new BigInteger(v.asText().trim()));
            } catch (NumberFormatException e) {
                throw new UserInputException(file + ": publicInputs[" + i + "] = " + v + " is not a decimal integer");
            }
        }
        Map<String, double[]> outputs = new LinkedHashMap<>();
        JsonNode outs = root.path("outputs");
        JsonNode names = root.path("outputNames");
        if (!outs.isArray() || !names.isArray() || outs.size() != names.size()) {
            throw new UserInputException(file + ": \"outputs\" and \"outputNames\" must be arrays of the same length");
        }
        for (int i = 0; i < outs.size(); i++) {
            JsonNode a = outs.get(i);
            if (!a.isArray()) {
                throw new UserInputException(file + ": outputs[" + i + "] must be an array of numbers");
            }
            double[] d = new double[a.size()];
            for (int j = 0; j < d.length; j++) {
                if (!a.get(j).isNumber()) {
                    throw new UserInputException(file + ": outputs[" + i + "][" + j + "] is not a number");
                }
                d[j] = a.get(j).doubleValue();
            }
            outputs.put(names.get(i).asText(), d);
        }
        Map<String, BigInteger> commitments = new LinkedHashMap<>();
        root.path("commitments").fields().forEachRemaining(e -> {
            try {
                commitments.put(e.getKey(), new BigInteger(e.getValue().asText()));
            } catch (NumberFormatException ex) {
                throw new UserInputException(file + ": commitment " + e.getKey() + " is not a decimal integer");
            }
        });
        Optional<String> sol = Optional.ofNullable(root.get("solidityProof")).map(JsonNode::asText);
        if (sol.isPresent()) {
            try {
                HexFormat.of().parseHex(strip0x(sol.get()));
            } catch (IllegalArgumentException e) {
                throw new UserInputException(file + ": \"solidityProof\" is not hex");
            }
        }
        return new ProofFile(text(root, "circuitHash", file), text(root, "backend", file),
                root.path("target").asText("native"), proof, values, outputs, commitments, sol);
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
