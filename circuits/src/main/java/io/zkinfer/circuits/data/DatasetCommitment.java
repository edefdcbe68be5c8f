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
 * The public commitment file of a dataset: schema name and tag, row count, tree depth and root, the dataset
 * commitment {@code D = Poseidon2(tag, N, root)} and the salted row commitments (hiding: each has its own random salt,
 * so publishing them reveals only N; they let single-record proofs and inference proofs refer to one row).
 */
public record DatasetCommitment(String schemaName, BigInteger schemaTag, int rows, int depth, BigInteger root,
                                BigInteger commitment, List<BigInteger> rowCommitments) {

    public static final String FORMAT = "zkinfer-dataset-commitment-v1";
    private static final ObjectMapper JSON = new ObjectMapper();

    public DatasetCommitment {
        Objects.requireNonNull(schemaName, "schemaName");
        Fr.requireCanonical(schemaTag, "schemaTag");
        Fr.requireCanonical(root, "root");
        Fr.requireCanonical(commitment, "commitment");
        rowCommitments = List.copyOf(rowCommitments);
        if (rows != rowCommitments.size() || depth != Commitments.depth(rows)) {
            throw new DataException("commitment file: rows " + rows + ", depth " + depth + " and "
                    + rowCommitments.size() + " row commitments do not agree");
        }
    }

    /** Recomputes root and {@code D} from the row commitments; throws if the file is inconsistent. */
    public DatasetCommitment checked() {
        BigInteger r = Commitments.root(rowCommitments, depth);
        if (!r.equals(root)) {
            throw new DataException("commitment file: the row commitments hash to root " + r + ", the file says "
                    + root);
        }
        if (!Commitments.dataset(schemaTag, rows, root).equals(commitment)) {
            throw new DataException("commitment file: Poseidon2(tag, rows, root) differs from the commitment");
        }
        return this;
    }

    public String toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("format", FORMAT);
        o.put("schema", schemaName);
        o.put("schemaTag", schemaTag.toString());
        o.put("rows", rows);
        o.put("depth", depth);
        o.put("root", root.toString());
        o.put("commitment", commitment.toString());
        rowCommitments.forEach(o.putArray("rowCommitments")::add);
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static DatasetCommitment parse(String json) {
        try {
            JsonNode o = JSON.readTree(json);
            if (o == null || !FORMAT.equals(o.path("format").asText())) {
                throw new DataException("not a " + FORMAT + " file (\"format\" is missing or different)");
            }
            List<BigInteger> rcs = new ArrayList<>();
            o.path("rowCommitments").forEach(n -> rcs.add(new BigInteger(n.asText())));
            return new DatasetCommitment(o.path("schema").asText(), new BigInteger(o.path("schemaTag").asText()),
                    o.path("rows").asInt(), o.path("depth").asInt(), new BigInteger(o.path("root").asText()),
                    new BigInteger(o.path("commitment").asText()), rcs).checked();
        } catch (IOException | NumberFormatException e) {
            throw new DataException("commitment file is malformed: " + e.getMessage(), e);
        }
    }
}
