package io.zkinfer.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The JSON header of a zkinfer artifact container (docs/native-abi.md, "Artifact container"):
 * {@code "ZKINFER\0" ‖ u32 BE header length ‖ header JSON ‖ payload}, the payload being gnark's WriteRawTo encoding.
 *
 * <p>Fields as prover-native (internal/artifact) writes them; {@code outputs}, {@code privateInputs},
 * {@code proofFlags} and {@code payloadBytes} may be absent (0, empty). Unknown fields are ignored,
 * and so is the zkinfer version: this library reads any artifact whose gnark encodings it knows (gnark
 * {@value #GNARK_VERSION}).
 *
 * @param kind e.g. {@code groth16-verifying-key}, {@code plonk-proof}
 * @param circuit the circuit hash (hex SHA-256 of the IR); required for keys and proofs, which must carry the same
 * @param flags the compile flags (bit 1: COMPILE_NO_COMMITMENT)
 * @param proofFlags proofs only: the prove flags (bit 1: TARGET_SOLIDITY); informative only, the verifier always
 *     hashes Groth16 commitments with Keccak-256 whatever they say
 * @param publicInputs public inputs of the circuit; a statement has {@link #publicValues()} = publicInputs + outputs
 */
public record ArtifactHeader(int format, String kind, String backend, String curve, String zkinferVersion,
        String gnarkVersion, String circuit, int flags, OptionalInt proofFlags, int publicInputs, int outputs,
        int privateInputs, int commitments, OptionalLong payloadBytes, String payloadSha256) {

    static final byte[] MAGIC = "ZKINFER\0".getBytes(StandardCharsets.US_ASCII);
    /** The gnark version whose binary formats this library reads. */
    public static final String GNARK_VERSION = "v0.16.3";
    public static final int FLAG_TARGET_SOLIDITY = 1;
    private static final int MAX_HEADER = 1 << 16;

    /** The number of public values a statement has: public inputs followed by outputs. */
    public int publicValues() {
        return publicInputs + outputs;
    }

    /**
     * Whether the prover says it made the proof for the Solidity verifier. Informative only: it does not choose the
     * commitment hash, which is always Keccak-256.
     */
    public boolean targetsSolidity() {
        return proofFlags.isPresent() && (proofFlags.getAsInt() & FLAG_TARGET_SOLIDITY) != 0;
    }

    /** A parsed container: its header and the payload bytes (checksum verified). */
    record Container(ArtifactHeader header, byte[] payload) {}

    /** Whether {@code bytes} start with the container magic {@code "ZKINFER\0"}. */
    public static boolean isContainer(byte[] bytes) {
        return bytes != null && bytes.length >= MAGIC.length
                && Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    /**
     * The header of a container, parsed strictly, without checking the payload (to dispatch on its kind, or to read
     * the circuit hash of a key or proof). The one container-header parser of zkinfer's Java modules.
     */
    public static ArtifactHeader peek(byte[] bytes) throws MalformedInputException {
        if (!isContainer(bytes) || bytes.length < 12) {
            throw new MalformedInputException("not a zkinfer artifact (missing the ZKINFER magic)");
        }
        long len = headerLength(bytes);
        return parseJson(utf8(bytes, 12, (int) len));
    }

    private static long headerLength(byte[] bytes) throws MalformedInputException {
        long len = ((bytes[8] & 0xffL) << 24) | ((bytes[9] & 0xff) << 16) | ((bytes[10] & 0xff) << 8) | (bytes[11] & 0xff);
        if (len > MAX_HEADER || len > bytes.length - 12) {
            throw new MalformedInputException("zkinfer artifact header length " + len + " exceeds the file ("
                    + (bytes.length - 12) + " bytes left)");
        }
        return len;
    }

    /** Reads a container, checking in order: magic, header JSON, kind, curve and gnark version, payload checksum. */
    static Container read(byte[] bytes, String expectedKind) throws MalformedInputException {
        if (!isContainer(bytes)) {
            throw new MalformedInputException("not a zkinfer artifact (missing the ZKINFER magic)");
        }
        if (bytes.length < 12) {
            throw new MalformedInputException("zkinfer artifact truncated in its header length");
        }
        long len = headerLength(bytes);
        ArtifactHeader h = parseJson(utf8(bytes, 12, (int) len));
        if (!h.kind.equals(expectedKind)) {
            throw new MalformedInputException("expected a " + expectedKind + " artifact, got " + h.kind);
        }
        if (!h.kind.startsWith(h.backend + "-")) {
            throw new MalformedInputException("artifact kind " + h.kind + " does not match its backend " + h.backend);
        }
        if (h.circuit.isEmpty()) {
            throw new MalformedInputException("artifact header lacks the circuit hash of its " + h.kind);
        }
        if (h.format != 1) {
            throw new MalformedInputException("unsupported zkinfer artifact format " + h.format);
        }
        if (!h.curve.equals("bn254")) {
            throw new MalformedInputException("unsupported curve " + h.curve + " (only bn254)");
        }
        if (!h.gnarkVersion.equals(GNARK_VERSION)) {
            throw new MalformedInputException("artifact written by gnark " + h.gnarkVersion + "; this verifier reads "
                    + GNARK_VERSION + " encodings");
        }
        byte[] payload = Arrays.copyOfRange(bytes, 12 + (int) len, bytes.length);
        if (h.payloadBytes.isPresent() && h.payloadBytes.getAsLong() != payload.length) {
            throw new MalformedInputException("artifact payload is " + payload.length + " bytes, its header says "
                    + h.payloadBytes.getAsLong() + " (truncated or corrupt)");
        }
        byte[] sum = HashToField.sha256().digest(payload);
        if (!MessageDigest.isEqual(sum, HexFormat.of().parseHex(h.payloadSha256))) {
            throw new MalformedInputException("artifact payload is corrupt or truncated (SHA-256 mismatch)");
        }
        return new Container(h, payload);
    }

    /** The header's UTF-8 bytes, decoded strictly (a malformed sequence is an error, not a replacement character). */
    private static String utf8(byte[] bytes, int off, int len) throws MalformedInputException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, off, len)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedInputException("zkinfer artifact header is not valid UTF-8");
        }
    }

    private static ArtifactHeader parseJson(String text) throws MalformedInputException {
        // StrictJson: duplicate keys (two readers could see different values), trailing bytes and huge numbers refused
        JsonNode n = StrictJson.readObject(text, "zkinfer artifact header");
        String sha = text(n, "payloadSha256");
        if (!sha.matches("[0-9a-f]{64}")) {
            throw new MalformedInputException("artifact header payloadSha256 is not 64 lower-case hex digits");
        }
        OptionalInt proofFlags = n.has("proofFlags") ? OptionalInt.of(integer(n, "proofFlags")) : OptionalInt.empty();
        OptionalLong payloadBytes = OptionalLong.empty();
        if (n.has("payloadBytes")) {
            JsonNode v = n.get("payloadBytes");
            if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
                throw new MalformedInputException("artifact header payloadBytes is not a non-negative integer");
            }
            payloadBytes = OptionalLong.of(v.asLong());
        }
        int publicInputs = integer(n, "publicInputs");
        int outputs = optionalInteger(n, "outputs");
        if (publicInputs + (long) outputs > Limits.MAX_PUBLIC_VALUES) {
            throw new MalformedInputException("artifact header counts " + (publicInputs + (long) outputs)
                    + " public values, at most " + Limits.MAX_PUBLIC_VALUES + " are supported");
        }
        int commitments = integer(n, "commitments");
        if (commitments > Limits.MAX_COMMITMENTS) {
            throw new MalformedInputException("artifact header counts " + commitments + " commitments, at most "
                    + Limits.MAX_COMMITMENTS + " are supported");
        }
        return new ArtifactHeader(integer(n, "format"), text(n, "kind"), text(n, "backend"), text(n, "curve"),
                text(n, "zkinfer"), text(n, "gnark"), n.has("circuit") ? text(n, "circuit") : "",
                integer(n, "flags"), proofFlags, publicInputs, outputs, optionalInteger(n, "privateInputs"),
                commitments, payloadBytes, sha);
    }

    private static int optionalInteger(JsonNode n, String field) throws MalformedInputException {
        return n.has(field) ? integer(n, field) : 0;
    }

    private static String text(JsonNode n, String field) throws MalformedInputException {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new MalformedInputException("artifact header lacks the string field \"" + field + "\"");
        }
        return v.asText();
    }

    private static int integer(JsonNode n, String field) throws MalformedInputException {
        JsonNode v = n.get(field);
        if (v == null || !v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 0) {
            throw new MalformedInputException("artifact header lacks the non-negative integer field \"" + field
                    + "\"");
        }
        return v.asInt();
    }
}
