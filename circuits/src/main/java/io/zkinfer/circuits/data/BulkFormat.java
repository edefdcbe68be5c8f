package io.zkinfer.circuits.data;

import io.zkinfer.circuits.field.Fr;
import io.zkinfer.circuits.field.Poseidon2;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The bulk (chunked, packed) dataset commitment format, {@code zkinfer-bulk-v1}: the second commitment format, for
 * datasets too large for one salted commitment per row (docs/data-properties.md, "Large datasets").
 *
 * <ul>
 *   <li>every value is stored as its <em>code</em> {@code u = v - min} in {@code w = width()} bits of its field type
 *       (booleans 1 bit); a row is the bit string of its codes in schema order, field 0 in the low bits, {@code W = Σw}
 *       bits in all ({@code W ≤ 253});</li>
 *   <li>rows are packed {@code R = floor(253 / W)} per field element: row {@code t} of an element sits at bit
 *       {@code t·W}; a packed element is below {@code 2^253 < r}, so packing range-checked codes is injective;</li>
 *   <li>rows are grouped in chunks of {@code B = chunkSize} rows ({@code E = ceil(B / R)} elements); the last chunk is
 *       padded with all-zero rows (codes 0);</li>
 *   <li>chunk leaf {@code L_j = Poseidon2(T, s_j, e_0, ..., e_{E-1})} with a fresh uniform salt {@code s_j} per chunk;
 *   <li>a binary Merkle tree of depth {@code ceil(log2 C)} over the {@code C = ceil(N / B)} leaves in chunk order,
 *       padded with leaves {@code 0}, node {@code Poseidon2(left, right)};</li>
 *   <li>{@code D = Poseidon2(T, N, root)}.</li>
 * </ul>
 *
 * {@code T} is the bulk tag: the first 31 bytes of SHA-256({@code "zkinfer-bulk-v1\0"} ‖ canonical schema JSON ‖
 * {@code "\0"} ‖ decimal B). It differs from the per-row schema tag, so a D of one format is never a D of the other.
 */
public record BulkFormat(Schema schema, int chunkSize) {

    /** Bits of a packed field element: {@code 2^253 < r}. */
    public static final int PACK_BITS = 253;
    /** Largest chunk: 2^16 rows (keeps per-chunk sums of squares and circuits within bounds). */
    public static final int MAX_CHUNK = 1 << 16;

    public BulkFormat {
        Objects.requireNonNull(schema, "schema");
        if (chunkSize < 1 || chunkSize > MAX_CHUNK) {
            throw new DataException("bulk chunk size " + chunkSize + " must lie in [1, " + MAX_CHUNK + "]");
        }
        int w = 0;
        for (Schema.Field f : schema.fields()) {
            w += f.type().width();
        }
        if (w > PACK_BITS) {
            throw new DataException("schema '" + schema.name() + "': a row takes " + w + " bits, the bulk format packs"
                    + " at most " + PACK_BITS + " bits per field element; narrow the field ranges");
        }
    }

    /** Bits of each field's code, in schema order. */
    public int width(int field) {
        return schema.fields().get(field).type().width();
    }

    /** Bit offset of field {@code field} within a row. */
    public int offset(int field) {
        int o = 0;
        for (int i = 0; i < field; i++) {
            o += width(i);
        }
        return o;
    }

    /** {@code W}: bits of one row. */
    public int rowBits() {
        return offset(schema.size());
    }

    /** {@code R}: rows per packed field element. */
    public int rowsPerElement() {
        return PACK_BITS / rowBits();
    }

    /** {@code E}: packed field elements per chunk. */
    public int elementsPerChunk() {
        return (chunkSize + rowsPerElement() - 1) / rowsPerElement();
    }

    /** Number of chunks for {@code rows} rows. */
    public int chunks(long rows) {
        if (rows < 1) {
            throw new DataException("a dataset needs at least one row");
        }
        long c = (rows + chunkSize - 1) / chunkSize;
        if (c > (1 << 24)) {
            throw new DataException(rows + " rows make more than 2^24 chunks; use larger chunks");
        }
        return (int) c;
    }

    /** Real rows of chunk {@code j} of a dataset of {@code rows} rows. */
    public int rowsIn(long rows, int j) {
        if (j < 0 || j >= chunks(rows)) {
            throw new DataException("chunk " + j + " is outside [0, " + chunks(rows) + ")");
        }
        return (int) Math.min(chunkSize, rows - (long) j * chunkSize);
    }

    /** Depth of the chunk tree. */
    public int depth(long rows) {
        return Commitments.depth(chunks(rows));
    }

    /** The bulk tag {@code T}. */
    public BigInteger tag() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("zkinfer-bulk-v1\0".getBytes(StandardCharsets.US_ASCII));
            sha.update(schema.toJson().getBytes(StandardCharsets.UTF_8));
            byte[] d = sha.digest(("\0" + chunkSize).getBytes(StandardCharsets.US_ASCII));
            byte[] head = new byte[31];
            System.arraycopy(d, 0, head, 0, 31);
            return new BigInteger(1, head);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** A row's packed code {@code Σ (v_f - min_f)·2^offset_f} (values checked against their declared ranges). */
    public BigInteger rowCode(List<BigInteger> row) {
        if (row.size() != schema.size()) {
            throw new DataException("row has " + row.size() + " values, schema '" + schema.name() + "' has "
                    + schema.size());
        }
        BigInteger code = BigInteger.ZERO;
        for (int f = 0; f < schema.size(); f++) {
            FieldType t = schema.fields().get(f).type();
            BigInteger v = row.get(f);
            if (v.compareTo(t.min()) < 0 || v.compareTo(t.max()) > 0) {
                throw new DataException("value " + v + " of field '" + schema.fields().get(f).name()
                        + "' is outside its declared range");
            }
            code = code.or(v.subtract(t.min()).shiftLeft(offset(f)));
        }
        return code;
    }

    /** The {@code E} packed elements of a chunk of at most {@code B} rows (missing rows are zero). */
    public List<BigInteger> pack(List<List<BigInteger>> rows) {
        if (rows.isEmpty() || rows.size() > chunkSize) {
            throw new DataException("a chunk has 1 to " + chunkSize + " rows, not " + rows.size());
        }
        int r = rowsPerElement();
        int w = rowBits();
        List<BigInteger> out = new ArrayList<>(elementsPerChunk());
        for (int e = 0; e < elementsPerChunk(); e++) {
            BigInteger x = BigInteger.ZERO;
            for (int t = 0; t < r && e * r + t < rows.size(); t++) {
                x = x.or(rowCode(rows.get(e * r + t)).shiftLeft(t * w));
            }
            out.add(x);
        }
        return out;
    }

    /** {@code L = Poseidon2(T, salt, packed elements)}. */
    public BigInteger leaf(BigInteger salt, List<List<BigInteger>> rows) {
        List<BigInteger> in = new ArrayList<>();
        in.add(tag());
        in.add(Fr.requireCanonical(salt, "chunk salt"));
        in.addAll(pack(rows));
        return Poseidon2.hash(in);
    }

    /** {@code D = Poseidon2(T, N, root)}. */
    public BigInteger dataset(long rows, BigInteger root) {
        return Poseidon2.hash(tag(), BigInteger.valueOf(rows), root);
    }
}
