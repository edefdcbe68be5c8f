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
 * The public file of a bulk-committed dataset ({@link BulkFormat}, format {@value #FORMAT}): schema name, bulk tag,
 * row count N, chunk size B, tree depth, root, {@code D} and the salted chunk leaves (which reveal nothing but N).
 */
public record BulkCommitment(String schemaName, BigInteger tag, long rows, int chunkSize, int depth, BigInteger root,
                             BigInteger commitment, List<BigInteger> chunkLeaves) {

    public static final String FORMAT = "zkinfer-bulk-dataset-commitment-v1";
    private static final ObjectMapper JSON = new ObjectMapper();

    public BulkCommitment {
        Objects.requireNonNull(schemaName, "schemaName");
        Fr.requireCanonical(tag, "tag");
        Fr.requireCanonical(root, "root");
        Fr.requireCanonical(commitment, "commitment");
        chunkLeaves = List.copyOf(chunkLeaves);
        if (rows < 1 || chunkSize < 1 || chunkLeaves.size() != (rows + chunkSize - 1) / chunkSize
                || depth != Commitments.depth(chunkLeaves.size())) {
            throw new DataException("bulk commitment: rows " + rows + ", chunk size " + chunkSize + ", depth " + depth
                    + " and " + chunkLeaves.size() + " chunk leaves do not agree");
        }
    }

    public int chunks() {
        return chunkLeaves.size();
    }

    /** Recomputes the root and {@code D} from the leaves and checks the tag against the schema. */
    public BulkCommitment checked(Schema schema) {
        BulkFormat f = new BulkFormat(schema, chunkSize);
        if (!f.tag().equals(tag)) {
            throw new DataException("bulk commitment was made under tag " + tag + ", schema '" + schema.name()
                    + "' with chunk size " + chunkSize + " has tag " + f.tag());
        }
        BigInteger r = Commitments.root(chunkLeaves, depth);
        if (!r.equals(root)) {
            throw new DataException("bulk commitment: the chunk leaves hash to root " + r + ", the file says " + root);
        }
        if (!f.dataset(rows, root).equals(commitment)) {
            throw new DataException("bulk commitment: Poseidon2(tag, rows, root) differs from the commitment");
        }
        return this;
    }

    public String toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("format", FORMAT);
        o.put("schema", schemaName);
        o.put("tag", tag.toString());
        o.put("rows", rows);
        o.put("chunkSize", chunkSize);
        o.put("depth", depth);
        o.put("root", root.toString());
        o.put("commitment", commitment.toString());
        chunkLeaves.forEach(l -> o.withArray("chunkLeaves").add(l.toString()));
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses and checks the file against the schema it claims to commit to. */
    public static BulkCommitment parse(String json, Schema schema) {
        try {
            JsonNode o = JSON.readTree(json);
            if (o == null || !FORMAT.equals(o.path("format").asText())) {
                throw new DataException("not a " + FORMAT + " file (\"format\" is missing or different)");
            }
            List<BigInteger> leaves = new ArrayList<>();
            o.path("chunkLeaves").forEach(n -> leaves.add(new BigInteger(n.asText())));
            return new BulkCommitment(o.path("schema").asText(), new BigInteger(o.path("tag").asText()),
                    o.path("rows").asLong(), o.path("chunkSize").asInt(), o.path("depth").asInt(),
                    new BigInteger(o.path("root").asText()), new BigInteger(o.path("commitment").asText()), leaves)
                    .checked(schema);
        } catch (IOException | NumberFormatException e) {
            throw new DataException("bulk commitment file is malformed: " + e.getMessage(), e);
        }
    }
}
