package io.zkinfer.prover;

import java.util.Objects;

/** The keys a setup produces. Closing the pair closes both keys. */
public record KeyPair(ProvingKey provingKey, VerifyingKey verifyingKey) implements AutoCloseable {

    public KeyPair {
        Objects.requireNonNull(provingKey, "provingKey");
        Objects.requireNonNull(verifyingKey, "verifyingKey");
    }

    @Override
    public void close() {
        try {
            provingKey.close();
        } finally {
            verifyingKey.close();
        }
    }
}
