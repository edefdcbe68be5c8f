package io.zkinfer.verifier;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The one way to verify a proof against what the verifier trusts (the shape of Google Tink's primitives): built once
 * from a verifying key from a setup the verifier trusts and the circuit hash of the statement it expects, it checks
 * every proof and every claim that comes with it, and answers a {@link Verdict}.
 *
 * <pre>{@code
 * TrustedVerifier verifier = TrustedVerifier.create(trustedVkBytes, expectedCircuitHash, publicValueNames);
 * Verdict v = verifier.verify(proofBytes, Claims.publicValues(values)
 *         .claim("commit:input", claimedCommitment)        // what the prover says: checked
 *         .expect("out:label[0]", BigInteger.ONE)          // what the verifier requires: checked
 *         .build());
 * if (v.isValid()) { ... }
 * }</pre>
 *
 * <p>What it refuses to trust: a key whose container header names another circuit than the expected one (a key of
 * another model or scale), keys without a container header (snarkjs JSON, raw gnark bytes: nothing binds them to a
 * circuit), a proof or claims made for another circuit or key, claimed values the proof does not prove. It cannot
 * tell a key from a compromised setup from a good one: where the key comes from is the caller's trust decision.
 * Instances are immutable and thread-safe.
 */
public final class TrustedVerifier {
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

    private final PreparedVerifier key;
    private final ArtifactHeader keyHeader;
    private final String circuitHash;
    private final String verifyingKeySha256;
    private final List<String> names;
    private final Map<String, Integer> index;

    private TrustedVerifier(PreparedVerifier key, ArtifactHeader keyHeader, String circuitHash, String keySha256,
            List<String> names) {
        this.key = key;
        this.keyHeader = keyHeader;
        this.circuitHash = circuitHash;
        this.verifyingKeySha256 = keySha256;
        this.names = Collections.unmodifiableList(new ArrayList<>(names));
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            m.put(names.get(i), i);
        }
        this.index = Collections.unmodifiableMap(m);
    }

    /**
     * A verifier for proofs of the circuit {@code expectedCircuitHash}, under the trusted {@code verifyingKey} (a zkinfer
     * artifact container), with public values named {@code public[0]}, {@code public[1]}, ...
     *
     * @throws MalformedInputException when the key is malformed, not a container, or for another circuit
     */
    public static TrustedVerifier create(byte[] verifyingKey, String expectedCircuitHash)
            throws MalformedInputException {
        return create(verifyingKey, expectedCircuitHash, null);
    }

    /**
     * Like {@link #create(byte[], String)} with the names of the circuit's public values, in its order (public inputs,
     * then outputs), which {@link Claims} and {@link Verdict} use.
     *
     * @throws MalformedInputException when the key is malformed, not a container, for another circuit, or has another
     *                                 number of public values than {@code publicValueNames}
     */
    public static TrustedVerifier create(byte[] verifyingKey, String expectedCircuitHash, List<String> publicValueNames)
            throws MalformedInputException {
        return Guard.run(() -> {
            if (expectedCircuitHash == null || !HASH.matcher(expectedCircuitHash).matches()) {
                throw new MalformedInputException("the expected circuit hash must be 64 lower-case hex digits (SHA-256 "
                        + "of the circuit IR), got " + (expectedCircuitHash == null ? "none"
                        : shown(expectedCircuitHash)));
            }
            if (verifyingKey == null) {
                throw new MalformedInputException("verifying key is missing");
            }
            if (!ArtifactHeader.isContainer(verifyingKey)) {
                throw new MalformedInputException("the verifying key is not a zkinfer artifact container: a snarkjs or "
                        + "raw gnark key carries no circuit hash, so nothing binds it to the expected circuit");
            }
            ArtifactHeader header = ArtifactHeader.peek(verifyingKey);
            if (!header.circuit().equals(expectedCircuitHash)) {
                throw new MalformedInputException("the verifying key is for circuit " + header.circuit()
                        + ", the expected circuit is " + expectedCircuitHash);
            }
            PreparedVerifier key = VerifyingKeys.parse(verifyingKey);
            List<String> names = publicValueNames;
            if (names == null) {
                List<String> generated = new ArrayList<>();
                for (int i = 0; i < key.publicInputCount(); i++) {
                    generated.add("public[" + i + "]");
                }
                names = generated;
            } else {
                if (names.size() != key.publicInputCount()) {
                    throw new MalformedInputException("the verifying key has " + key.publicInputCount()
                            + " public values, the circuit names " + names.size());
                }
                if (names.stream().anyMatch(n -> n == null) || names.stream().distinct().count() != names.size()) {
                    throw new MalformedInputException("public value names must be distinct and not null");
                }
            }
            String sha = HexFormat.of().formatHex(HashToField.sha256().digest(verifyingKey));
            return new TrustedVerifier(key, header, expectedCircuitHash, sha, names);
        });
    }

    /** The circuit hash every proof must be for. */
    public String circuitHash() {
        return circuitHash;
    }

    /** SHA-256 (hex) of the trusted key's bytes: publish it next to the circuit hash. */
    public String verifyingKeySha256() {
        return verifyingKeySha256;
    }

    public ProofSystem proofSystem() {
        return key.proofSystem();
    }

    /** The trusted key's container header (backend, versions, counts). */
    public ArtifactHeader keyHeader() {
        return keyHeader;
    }

    /** The names of the public values, in the circuit's order. */
    public List<String> publicValueNames() {
        return names;
    }

    /**
     * Verifies {@code proof} (a zkinfer proof container or gnark's raw proof bytes) with {@code claims}. Never throws:
     * a malformed input is a {@link Verdict.Status#MALFORMED} verdict.
     */
    public Verdict verify(byte[] proof, Claims claims) {
        try {
            return Guard.run(() -> check(proof, claims));
        } catch (MalformedInputException e) {
            return Verdict.malformed(e.getMessage());
        }
    }

    private Verdict check(byte[] proof, Claims claims) throws MalformedInputException {
        if (claims == null) {
            throw new MalformedInputException("claims are missing");
        }
        if (proof == null) {
            throw new MalformedInputException("proof is missing");
        }
        if (claims.circuitHash().isPresent() && !claims.circuitHash().get().equals(circuitHash)) {
            throw new MalformedInputException("the proof says it is for circuit "
                    + shown(claims.circuitHash().get()) + ", the trusted key is for circuit "
                    + circuitHash);
        }
        if (claims.verifyingKeySha256().isPresent() && !claims.verifyingKeySha256().get().equals(verifyingKeySha256)) {
            throw new MalformedInputException("the proof says it was made for the verifying key with SHA-256 "
                    + shown(claims.verifyingKeySha256().get()) + ", the trusted key's SHA-256 is "
                    + verifyingKeySha256);
        }
        List<BigInteger> values = claims.publicValues();
        if (values.size() != names.size()) {
            throw new MalformedInputException("the circuit has " + names.size() + " public values, the proof comes with "
                    + values.size());
        }
        for (String name : claims.expected().keySet()) {
            if (!index.containsKey(name)) {
                throw new MalformedInputException("an expectation names the public value " + name
                        + ", which the circuit does not have (it has " + summary(names) + ")");
            }
        }
        boolean verifies = key.verify(proof, values);
        List<Verdict.CheckedValue> checked = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            checked.add(new Verdict.CheckedValue(i, names.get(i), values.get(i),
                    claims.expected().containsKey(names.get(i))));
        }
        if (!verifies) {
            return new Verdict(Verdict.Status.INVALID, "the proof does not verify for its public values under the "
                    + "trusted key", checked);
        }
        for (Map.Entry<String, BigInteger> c : claims.claimed().entrySet()) {
            Integer i = index.get(c.getKey());
            if (i == null) {
                return new Verdict(Verdict.Status.INVALID, "the prover claims a public value " + c.getKey()
                        + " that the circuit does not have", checked);
            }
            if (!values.get(i).equals(c.getValue())) {
                return new Verdict(Verdict.Status.INVALID, "the prover claims " + c.getKey() + " = " + c.getValue()
                        + ", the proof proves " + values.get(i), checked);
            }
        }
        for (Map.Entry<String, BigInteger> e : claims.expected().entrySet()) {
            BigInteger proven = values.get(index.get(e.getKey()));
            if (!proven.equals(e.getValue())) {
                return new Verdict(Verdict.Status.INVALID, "expected " + e.getKey() + " = " + e.getValue()
                        + ", the proof proves " + proven, checked);
            }
        }
        return new Verdict(Verdict.Status.VALID, "the proof is valid for circuit " + circuitHash
                + " under the trusted key" + (claims.claimed().isEmpty() && claims.expected().isEmpty() ? ""
                : ", and every claimed and expected value holds"), checked);
    }

    /** A prover-supplied string in a message: whole when it could be a hash, cut when it is long. */
    private static String shown(String s) {
        return s.length() <= 128 ? s : s.substring(0, 64) + "… (" + s.length() + " chars)";
    }

    private static String summary(List<String> names) {
        return names.size() <= 8 ? names.toString()
                : names.subList(0, 6) + " ... " + names.get(names.size() - 1) + " (" + names.size() + " values)";
    }
}
