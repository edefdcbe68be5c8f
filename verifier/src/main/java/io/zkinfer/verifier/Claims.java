package io.zkinfer.verifier;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What arrives with a proof, to be checked by a {@link TrustedVerifier}: the public values (the statement), and
 * optionally what the prover says about them and what the verifier requires of them.
 *
 * <ul>
 *   <li>{@link Builder#circuitHash} and {@link Builder#verifyingKeySha256}: the circuit and key the prover says the
 *       proof was made for (PROOF.json's {@code circuitHash} and {@code verifyingKeySha256}); a mismatch with the
 *       trusted key is {@link Verdict.Status#MALFORMED}.</li>
 *   <li>{@link Builder#claim}: a value the prover says a named public value has (a decoded output, a commitment);
 *       the proof must prove exactly that value, else {@link Verdict.Status#INVALID}.</li>
 *   <li>{@link Builder#expect}: a value the verifier requires (a model output it expects, the commitment of the record
 *       it holds); a different proven value is {@link Verdict.Status#INVALID}.</li>
 * </ul>
 * Names are those of the {@link TrustedVerifier}'s public values (for zkinfer models {@code in:X[0]},
 * {@code out:Y[1]}, {@code commit:X}). Instances are immutable.
 */
public final class Claims {
    private final List<BigInteger> publicValues;
    private final Optional<String> circuitHash;
    private final Optional<String> verifyingKeySha256;
    private final Map<String, BigInteger> claimed;
    private final Map<String, BigInteger> expected;

    private Claims(Builder b) {
        this.publicValues = Collections.unmodifiableList(new ArrayList<>(b.publicValues));
        this.circuitHash = Optional.ofNullable(b.circuitHash);
        this.verifyingKeySha256 = Optional.ofNullable(b.verifyingKeySha256);
        this.claimed = Collections.unmodifiableMap(new LinkedHashMap<>(b.claimed));
        this.expected = Collections.unmodifiableMap(new LinkedHashMap<>(b.expected));
    }

    /**
     * Starts the claims of one proof from its public values, in the circuit's order (canonical field elements: a
     * null element or one outside [0, r) is reported as malformed by {@link TrustedVerifier#verify}).
     */
    public static Builder publicValues(List<BigInteger> publicValues) {
        return new Builder(publicValues);
    }

    public List<BigInteger> publicValues() {
        return publicValues;
    }

    public Optional<String> circuitHash() {
        return circuitHash;
    }

    public Optional<String> verifyingKeySha256() {
        return verifyingKeySha256;
    }

    /** The prover's claims about named public values, in the order given. */
    public Map<String, BigInteger> claimed() {
        return claimed;
    }

    /** The verifier's requirements on named public values, in the order given. */
    public Map<String, BigInteger> expected() {
        return expected;
    }

    /** Collects claims; {@link #build()} makes the immutable {@link Claims}. */
    public static final class Builder {
        private final List<BigInteger> publicValues;
        private String circuitHash;
        private String verifyingKeySha256;
        private final Map<String, BigInteger> claimed = new LinkedHashMap<>();
        private final Map<String, BigInteger> expected = new LinkedHashMap<>();

        private Builder(List<BigInteger> publicValues) {
            this.publicValues = new ArrayList<>(Objects.requireNonNull(publicValues, "publicValues"));
        }

        /** The circuit hash (hex SHA-256 of the IR) the prover says the proof is for. */
        public Builder circuitHash(String hex) {
            this.circuitHash = Objects.requireNonNull(hex, "circuitHash");
            return this;
        }

        /** The SHA-256 (hex) of the verifying key the prover says the proof was made for. */
        public Builder verifyingKeySha256(String hex) {
            this.verifyingKeySha256 = Objects.requireNonNull(hex, "verifyingKeySha256");
            return this;
        }

        /** The prover says public value {@code name} is {@code value}; the proof must prove exactly that. */
        public Builder claim(String name, BigInteger value) {
            put(claimed, name, value, "claim");
            return this;
        }

        /** The verifier requires public value {@code name} to be {@code value}. */
        public Builder expect(String name, BigInteger value) {
            put(expected, name, value, "expectation");
            return this;
        }

        private static void put(Map<String, BigInteger> m, String name, BigInteger value, String what) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            BigInteger old = m.putIfAbsent(name, value);
            if (old != null && !old.equals(value)) {
                throw new IllegalArgumentException("two different " + what + "s for public value " + name + ": "
                        + old + " and " + value);
            }
        }

        public Claims build() {
            return new Claims(this);
        }
    }
}
