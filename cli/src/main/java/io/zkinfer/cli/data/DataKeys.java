package io.zkinfer.cli.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkinfer.cli.KeyMaker;
import io.zkinfer.cli.SetupRecord;
import io.zkinfer.cli.UserInputException;
import io.zkinfer.verifier.MalformedInputException;
import io.zkinfer.verifier.SetupProvenance;
import io.zkinfer.verifier.StrictJson;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The keys directory of {@code zkinfer data setup}: statement.json (the statement in public parameters, its circuit
 * hash and backend), circuit.ir, circuit.cs, pk.bin, vk.bin and setup.json. {@link #open} checks that setup.json
 * belongs to vk.bin and that statement.json names the same circuit.
 */
record DataKeys(Path dir, StatementSpec statement, String circuitHash, SetupProvenance setup) {
    static final String FORMAT = "zkinfer-data-keys/1";
    static final String STATEMENT = "statement.json";
    static final String IR = "circuit.ir";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    static String statementJson(StatementSpec st, String circuitHash, String backend) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.set("statement", st.toJson(JSON));
        root.put("circuitHash", circuitHash);
        root.put("backend", backend);
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static DataKeys open(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new UserInputException("keys directory " + dir + " does not exist (make it with 'zkinfer data "
                    + "setup')");
        }
        for (String f : new String[] {STATEMENT, KeyMaker.CONSTRAINT_SYSTEM, KeyMaker.PK, KeyMaker.VK,
                SetupRecord.FILE}) {
            if (!Files.isRegularFile(dir.resolve(f))) {
                throw new UserInputException(dir + " is not a data keys directory: " + f + " is missing (make it "
                        + "with 'zkinfer data setup')");
            }
        }
        SetupProvenance setup;
        try {
            setup = SetupRecord.besideKey(dir.resolve(KeyMaker.VK));
        } catch (IOException e) {
            throw new UserInputException("cannot read " + dir.resolve(KeyMaker.VK) + ": " + e.getMessage(), e);
        }
        Path sf = dir.resolve(STATEMENT);
        JsonNode root;
        try {
            root = StrictJson.readObject(DataFiles.read(sf, "statement file"), sf.toString());
        } catch (MalformedInputException e) {
            throw new UserInputException(e.getMessage(), e);
        }
        if (!FORMAT.equals(root.path("format").asText())) {
            throw new UserInputException(sf + " is not a " + FORMAT + " statement file");
        }
        StatementSpec st;
        try {
            st = StatementSpec.fromJson(root.get("statement"));
        } catch (UserInputException e) {
            throw new UserInputException(sf + ": " + e.getMessage(), e);
        }
        String hash = root.path("circuitHash").asText();
        if (!hash.equals(setup.circuitHash())) {
            throw new UserInputException(sf + " names circuit " + hash + " but " + dir.resolve(SetupRecord.FILE)
                    + " was made for circuit " + setup.circuitHash() + " (mixed files: run 'zkinfer data setup' again)");
        }
        return new DataKeys(dir, st, hash, setup);
    }

    Path file(String name) {
        return dir.resolve(name);
    }

    /** Refuses keys made for another statement, naming both. */
    void requireStatement(StatementSpec proving, String provingCircuitHash) {
        if (!circuitHash.equals(provingCircuitHash)) {
            throw new UserInputException("the keys in " + dir + " are for another statement: they prove \""
                    + statement.summary() + "\" (circuit " + circuitHash.substring(0, 16) + "...), this proof states \""
                    + proving.summary() + "\" (circuit " + provingCircuitHash.substring(0, 16) + "...). Run 'zkinfer "
                    + "data setup' for this statement, or prove the statement the keys were made for");
        }
    }
}
