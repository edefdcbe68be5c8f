package io.zkinfer.verifier;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Entry point for loading a verifying key of any supported kind into a {@link PreparedVerifier}. */
public final class VerifyingKeys {
    /** Keys larger than this are refused before reading (a PLONK key is about 35 KB, a Groth16 key far less). */
    public static final long MAX_KEY_BYTES = 64L << 20;

    private VerifyingKeys() {}

    /**
     * Parses a zkinfer artifact container (groth16-verifying-key or plonk-verifying-key) or a snarkjs
     * verification_key.json (bytes starting with '{'). Raw gnark keys carry no kind: use
     * {@link Groth16VerifyingKey#parse} or {@link PlonkVerifyingKey#parse}.
     */
    public static PreparedVerifier parse(byte[] bytes) throws MalformedInputException {
        return Guard.run(() -> {
            if (bytes == null) {
                throw new MalformedInputException("verifying key is missing");
            }
            if (ArtifactHeader.isContainer(bytes)) {
                String kind = ArtifactHeader.peek(bytes).kind();
                return switch (kind) {
                    case "groth16-verifying-key" -> Groth16VerifyingKey.parse(bytes);
                    case "plonk-verifying-key" -> PlonkVerifyingKey.parse(bytes);
                    default -> throw new MalformedInputException("expected a verifying key artifact, got " + kind);
                };
            }
            if (bytes.length > 0 && bytes[0] == '{') {
                return Groth16VerifyingKey.fromSnarkjsJson(new String(bytes, StandardCharsets.UTF_8));
            }
            throw new MalformedInputException("not a zkinfer verifying key artifact nor a snarkjs verification key");
        });
    }

    /** Reads and parses a key file; see {@link #parse}. */
    public static PreparedVerifier read(Path path) throws IOException, MalformedInputException {
        return parse(readBounded(path, MAX_KEY_BYTES));
    }

    static byte[] readBounded(Path path, long max) throws IOException, MalformedInputException {
        long size = Files.size(path);
        if (size > max) {
            throw new MalformedInputException(path + " is " + size + " bytes, more than the " + max + " accepted");
        }
        return Files.readAllBytes(path);
    }
}
