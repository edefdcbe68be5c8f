package io.zkinfer.verifier;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * gnark-crypto's Fiat–Shamir transcript (fiat-shamir/transcript.go) with SHA-256, for challenges computed in their
 * declared order: challenge = H(name ‖ previous challenge ‖ bindings).
 */
final class Transcript {
    private final String[] names;
    private final ByteArrayOutputStream[] bindings;
    private final byte[][] values;

    Transcript(String... names) {
        this.names = names;
        this.bindings = new ByteArrayOutputStream[names.length];
        this.values = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            bindings[i] = new ByteArrayOutputStream();
        }
    }

    private int index(String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("unknown challenge " + name);
    }

    void bind(String name, byte[] value) {
        int i = index(name);
        if (values[i] != null) {
            throw new IllegalStateException("challenge " + name + " already computed");
        }
        bindings[i].writeBytes(value);
    }

    byte[] compute(String name) {
        int i = index(name);
        if (values[i] != null) {
            return values[i];
        }
        MessageDigest h = HashToField.sha256();
        h.update(name.getBytes(StandardCharsets.UTF_8));
        if (i > 0) {
            if (values[i - 1] == null) {
                throw new IllegalStateException("previous challenge not computed");
            }
            h.update(values[i - 1]);
        }
        h.update(bindings[i].toByteArray());
        values[i] = h.digest();
        return values[i];
    }
}
