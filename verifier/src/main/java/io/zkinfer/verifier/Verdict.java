package io.zkinfer.verifier;

import java.math.BigInteger;
import java.util.List;
import java.util.Objects;

/**
 * The answer of {@link TrustedVerifier#verify}: a status, a message a person can act on, and the public values the
 * proof was checked against (named, in the circuit's order; empty when the proof could not be checked at all).
 *
 * @param status  {@link Status#VALID} only when the proof verifies under the trusted key and every claim and
 *                expectation holds
 * @param message why, in one line
 * @param values  the public values checked, each with its name and whether the verifier pinned it ({@code expected})
 */
public record Verdict(Status status, String message, List<CheckedValue> values) {

    public enum Status {
        /** The proof verifies under the trusted key, for these public values, and every claim and expectation holds. */
        VALID,
        /** Well-formed, and false: the proof does not verify, or a claim or expectation does not hold. */
        INVALID,
        /**
         * The proof, values or claims are malformed, or were made for another circuit or key than the trusted one, or
         * an expectation names a value the circuit does not have.
         */
        MALFORMED
    }

    /** One public value: its position, name, value, and whether an expectation pinned it. */
    public record CheckedValue(int index, String name, BigInteger value, boolean expected) {
        public CheckedValue {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }

    public Verdict {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(message, "message");
        values = List.copyOf(values);
    }

    public boolean isValid() {
        return status == Status.VALID;
    }

    static Verdict malformed(String message) {
        return new Verdict(Status.MALFORMED, message, List.of());
    }
}
