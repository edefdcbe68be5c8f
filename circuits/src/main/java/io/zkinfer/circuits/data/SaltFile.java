package io.zkinfer.circuits.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkinfer.circuits.field.Fr;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The private salts of a committed dataset, one per row, kept by the data holder and never published. It names the
 * dataset commitment it belongs to so that a salts file is not used with another dataset.
 */
public record SaltFile(BigInteger commitment, List<BigInteger> salts) {

    public static final String FORMAT = "zkinfer-dataset-salts-v1";
    private static final ObjectMapper JSON = new ObjectMapper();

    public SaltFile {
        Fr.requireCanonical(commitment, "commitment");
        salts = List.copyOf(Objects.requireNonNull(salts, "salts"));
        salts.forEach(s -> Fr.requireCanonical(s, "salt"));
    }

    public String toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("format", FORMAT);
        o.put("commitment", commitment.toString());
        salts.forEach(o.putArray("salts")::add);
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static SaltFile parse(String json) {
        try {
            JsonNode o = JSON.readTree(json);
            if (o == null || !FORMAT.equals(o.path("format").asText())) {
                throw new DataException("not a " + FORMAT + " file (\"format\" is missing or different)");
            }
            List<BigInteger> s = new ArrayList<>();
            o.path("salts").forEach(n -> s.add(new BigInteger(n.asText())));
            return new SaltFile(new BigInteger(o.path("commitment").asText()), s);
        } catch (IOException | NumberFormatException e) {
            throw new DataException("salts file is malformed: " + e.getMessage(), e);
        }
    }
}
