package io.zkinfer.prover.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.zkinfer.prover.ArtifactIoException;
import io.zkinfer.prover.NativeFailureException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The JSON header of zkinfer's artifact container ({@code "ZKINFER\0" | u32 BE length | header JSON | payload},
 * docs/native-abi.md), read in Java so that small artifacts (proofs) can be described without a native call.
 */
public record ArtifactHeader(String kind, String backend, String circuit, long flags, JsonNode json) {

    private static final byte[] MAGIC = "ZKINFER\0".getBytes(StandardCharsets.US_ASCII);

    public static ArtifactHeader parse(byte[] artifact, String what) {
        if (artifact.length < 12 || !Arrays.equals(artifact, 0, 8, MAGIC, 0, 8)) {
            throw new ArtifactIoException(what + " is not a zkinfer artifact (no ZKINFER magic)");
        }
        long len = Integer.toUnsignedLong(ByteBuffer.wrap(artifact, 8, 4).getInt());
        if (len > artifact.length - 12) {
            throw new ArtifactIoException(what + " is truncated: its header claims " + len + " bytes but only "
                    + (artifact.length - 12) + " follow");
        }
        String text = new String(artifact, 12, (int) len, StandardCharsets.UTF_8);
        JsonNode n;
        try {
            n = Json.parse(text, what + " header");
        } catch (NativeFailureException e) {
            throw new ArtifactIoException(what + " has a corrupt header: " + e.getMessage(), e);
        }
        return fromJson(n, what);
    }

    public static ArtifactHeader fromJson(JsonNode n, String what) {
        try {
            return new ArtifactHeader(Json.text(n, "kind", what), n.path("backend").asText(""),
                    n.path("circuit").asText(""), Json.numberOr(n, "flags", 0), n);
        } catch (NativeFailureException e) {
            throw new ArtifactIoException(what + " has a corrupt header: " + e.getMessage(), e);
        }
    }
}
