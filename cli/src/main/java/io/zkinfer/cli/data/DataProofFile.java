package io.zkinfer.cli.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkinfer.circuits.ir.Circuit;
import io.zkinfer.cli.UserInputException;
import io.zkinfer.verifier.MalformedInputException;
import io.zkinfer.verifier.StrictJson;
import io.zkinfer.verifier.StrictNumbers;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The proof file of {@code zkinfer data prove} ({@value #FORMAT}): the statement in public parameters (to rebuild the
 * circuit), the circuit hash, the backend, the public values by name (public inputs, then outputs), the proof
 * artifact and, for development, the verifying key of the prover's own single-party setup.
 */
record DataProofFile(StatementSpec statement, String backend, String circuitHash, Map<String, BigInteger> publicValues,
                     byte[] proof, Optional<byte[]> verifyingKey) {

    static final String FORMAT = "zkinfer-data-proof-v1";
    static final String DEV_SETUP_WARNING = "DEVELOPMENT setup by the prover (single-party): whoever ran it can forge"
            + " proofs. For keys a verifier can trust: 'zkinfer data setup' (PLONK with --srs FILE.ptau), then 'data prove"
            + " --keys KEYS/'; verifiers check with 'zkinfer data verify --vk KEYS/vk.bin'.";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    DataProofFile {
        publicValues = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(publicValues));
    }

    /** Public value names of a circuit, in proof order: public inputs, then outputs. */
    static List<String> publicNames(Circuit c) {
        List<String> names = new ArrayList<>(c.publicInputs());
        c.outputs().forEach(o -> names.add(o.name()));
        return names;
    }

    String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.set("statement", statement.toJson(JSON));
        root.put("backend", backend);
        root.put("circuitHash", circuitHash);
        ObjectNode pv = root.putObject("publicValues");
        publicValues.forEach((k, v) -> pv.put(k, v.toString()));
        root.put("proof", Base64.getEncoder().encodeToString(proof));
        verifyingKey.ifPresent(vk -> {
            ObjectNode o = root.putObject("verifyingKey");
            o.put("setup", "development");
            o.put("warning", DEV_SETUP_WARNING);
            o.put("base64", Base64.getEncoder().encodeToString(vk));
        });
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static DataProofFile parse(String text, String where) {
        JsonNode root;
        try {
            root = StrictJson.read(text, where);   // bounded, duplicate keys refused
        } catch (MalformedInputException e) {
            throw new UserInputException(e.getMessage(), e);
        }
        if (!root.isObject() || !FORMAT.equals(root.path("format").asText())) {
            throw new UserInputException(where + " is not a data proof (format " + FORMAT + ")");
        }
        StatementSpec st = StatementSpec.fromJson(root.get("statement"));
        String backend = requireText(root, "backend", where);
        String hash = requireText(root, "circuitHash", where);
        JsonNode pv = root.get("publicValues");
        if (pv == null || !pv.isObject()) {
            throw new UserInputException(where + ": publicValues is missing");
        }
        Map<String, BigInteger> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = pv.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw new UserInputException(where + ": public value '" + e.getKey() + "' must be a decimal string");
            }
            try {
                values.put(e.getKey(), StrictNumbers.parseDecimal(e.getValue().asText(),
                        where + ": public value '" + e.getKey() + "'"));
            } catch (MalformedInputException ex) {
                throw new UserInputException(ex.getMessage(), ex);
            }
        }
        byte[] proof = base64(requireText(root, "proof", where), where + ": proof");
        Optional<byte[]> vk = Optional.empty();
        JsonNode vkNode = root.get("verifyingKey");
        if (vkNode != null && vkNode.hasNonNull("base64")) {
            vk = Optional.of(base64(vkNode.get("base64").asText(), where + ": verifyingKey"));
        }
        return new DataProofFile(st, backend, hash, values, proof, vk);
    }

    private static String requireText(JsonNode root, String field, String where) {
        JsonNode n = root.get(field);
        if (n == null || !n.isTextual()) {
            throw new UserInputException(where + ": '" + field + "' is missing or not a string");
        }
        return n.asText();
    }

    private static byte[] base64(String s, String what) {
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new UserInputException(what + " is not valid base64");
        }
    }
}
