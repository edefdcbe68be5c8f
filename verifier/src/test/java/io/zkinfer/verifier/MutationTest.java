package io.zkinfer.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.zkinfer.verifier.bn254.Fr;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * 10,000+ random mutations of proofs, public inputs and verifying keys (seeded): none is accepted, and nothing but
 * {@link MalformedInputException} escapes (nor does any input reach the library's internal-error safety net).
 * Payload mutants are re-sealed (header checksum recomputed) so that they reach point decoding and verification.
 */
class MutationTest {
    private final Random rnd = new Random(20260123);
    private int rejectedFalse;
    private int rejectedMalformed;

    private static final String[] CASES = {"groth16-range-5", "groth16-mul-5", "groth16-range-20", "plonk-range-5",
        "plonk-mul-5", "plonk-range-1"};

    interface Check {
        boolean run() throws MalformedInputException;
    }

    /** Runs one mutant: it must be refused (false or MalformedInputException), unless {@code mayAccept}. */
    private void expectRejected(String what, Check c, boolean mayAccept) {
        try {
            boolean ok = c.run();
            if (ok && !mayAccept) {
                fail("mutant accepted: " + what);
            }
            if (!ok) {
                rejectedFalse++;
            }
        } catch (MalformedInputException e) {
            assertThat(e.getMessage()).as(what).doesNotStartWith(Guard.INTERNAL);
            rejectedMalformed++;
        } catch (RuntimeException e) {
            throw new AssertionError("unexpected " + e + " for " + what, e);
        }
    }

    byte[] mutate(byte[] in, int from, int to) {
        byte[] b = in.clone();
        int pos = from + rnd.nextInt(Math.max(1, to - from));
        switch (rnd.nextInt(8)) {
            case 0, 1 -> b[pos] ^= (byte) (1 << rnd.nextInt(8)); // bit flip
            case 2 -> b[pos] = (byte) (b[pos] + 1 + rnd.nextInt(255)); // another byte value
            case 3 -> b = Arrays.copyOf(b, pos); // truncation
            case 4 -> { // extension
                b = Arrays.copyOf(b, b.length + 1 + rnd.nextInt(40));
                rnd.nextBytes(new byte[0]);
            }
            case 5 -> { // deletion
                byte[] d = new byte[b.length - 1];
                System.arraycopy(b, 0, d, 0, pos);
                System.arraycopy(b, pos + 1, d, pos, b.length - pos - 1);
                b = d;
            }
            case 6 -> { // 32-byte word replaced by random bytes
                byte[] w = new byte[32];
                rnd.nextBytes(w);
                System.arraycopy(w, 0, b, pos, Math.min(32, b.length - pos));
            }
            default -> { // two words swapped
                int other = from + rnd.nextInt(Math.max(1, to - from));
                int n = Math.min(32, Math.min(b.length - pos, b.length - other));
                byte[] t = Arrays.copyOfRange(b, pos, pos + n);
                System.arraycopy(b, other, b, pos, n);
                System.arraycopy(t, 0, b, other, n);
                if (Arrays.equals(b, in)) {
                    b[pos] ^= 1;
                }
            }
        }
        return b;
    }

    static int headerEnd(byte[] container) {
        return 12 + (((container[8] & 0xff) << 24) | ((container[9] & 0xff) << 16) | ((container[10] & 0xff) << 8)
                | (container[11] & 0xff));
    }

    /** A container with the given payload and a correct checksum. */
    static byte[] reseal(byte[] container, byte[] payload) {
        int end = headerEnd(container);
        String header = new String(container, 12, end - 12, StandardCharsets.UTF_8);
        String sum = HexFormat.of().formatHex(HashToField.sha256().digest(payload));
        header = header.replaceAll("\"payloadSha256\":\"[0-9a-f]{64}\"", "\"payloadSha256\":\"" + sum + "\"");
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[12 + h.length + payload.length];
        System.arraycopy(container, 0, out, 0, 8);
        out[8] = (byte) (h.length >>> 24);
        out[9] = (byte) (h.length >>> 16);
        out[10] = (byte) (h.length >>> 8);
        out[11] = (byte) h.length;
        System.arraycopy(h, 0, out, 12, h.length);
        System.arraycopy(payload, 0, out, 12 + h.length, payload.length);
        return out;
    }

    @Test
    void tenThousandMutantsAreAllRejected() throws Exception {
        int mutants = 0;
        for (String name : CASES) {
            Path dir = Vectors.gnark(name);
            byte[] vkBytes = Vectors.bytes(dir.resolve("vk.zkinfer"));
            PreparedVerifier vk = VerifyingKeys.parse(vkBytes);
            List<BigInteger> pub = Vectors.publicInputs(dir);
            for (String file : new String[] {"proof.zkinfer", "proof-solidity.zkinfer"}) {
                byte[] proof = Vectors.bytes(dir.resolve(file));
                assertThat(vk.verify(proof, pub)).isTrue();
                byte[] payload = Arrays.copyOfRange(proof, headerEnd(proof), proof.length);
                // proof payloads, re-sealed: decoding and verification see them
                for (int i = 0; i < 550; i++, mutants++) {
                    byte[] m = reseal(proof, mutate(payload, 0, payload.length));
                    expectRejected(name + " proof payload " + i, () -> vk.verify(m, pub), false);
                }
                // whole containers (header, checksum, payload): accepted only if every checked field is intact
                ArtifactHeader original = ArtifactHeader.peek(proof);
                for (int i = 0; i < 120; i++, mutants++) {
                    byte[] m = mutate(proof, 0, proof.length);
                    expectRejected(name + " proof container " + i + ": " + describe(m),
                            () -> vk.verify(m, pub), sameCheckedFields(original, m));
                }
            }
            // public inputs
            byte[] proof = Vectors.bytes(dir.resolve("proof.zkinfer"));
            for (int i = 0; i < 300; i++, mutants++) {
                List<BigInteger> m = mutateInputs(pub);
                expectRejected(name + " public inputs " + m, () -> vk.verify(proof, m), false);
            }
            // verifying keys, re-sealed; unused bytes (G1.Beta/G1.Delta, gnark's precomputed KZG lines) may change
            // the key without changing what it verifies, so acceptance is allowed only when they alone changed
            byte[] vkPayload = Arrays.copyOfRange(vkBytes, headerEnd(vkBytes), vkBytes.length);
            int used = name.startsWith("plonk") ? plonkLinesStart(name) : vkPayload.length;
            for (int i = 0; i < 180; i++, mutants++) {
                // PLONK keys are mostly gnark's precomputed lines, which we ignore: mutate mostly elsewhere
                byte[] mp = i % 5 == 0 ? mutate(vkPayload, 0, vkPayload.length) : mutate(vkPayload, 0, used);
                byte[] m = reseal(vkBytes, mp);
                boolean mayAccept = onlyUnusedBytesChanged(name, vkPayload, mp);
                expectRejected(name + " key " + i, () -> VerifyingKeys.parse(m).verify(proof, pub), mayAccept);
            }
        }
        mutants += snarkjsMutants();
        assertThat(mutants).isGreaterThanOrEqualTo(10_000);
        assertThat(rejectedFalse + rejectedMalformed).isGreaterThanOrEqualTo(9_900);
        assertThat(rejectedFalse).as("mutants that reached the pairing check").isGreaterThan(500);
        System.out.printf("mutants %d: %d invalid, %d malformed%n", mutants, rejectedFalse, rejectedMalformed);
    }

    private int snarkjsMutants() {
        Path dir = Vectors.root().resolve("snarkjs-groth16/multiplier/p0_valid");
        String vkJson = Vectors.text(dir.resolve("verification_key.json"));
        String proofJson = Vectors.text(dir.resolve("proof.json"));
        String pubJson = Vectors.text(dir.resolve("public.json"));
        assertThat(Verifier.verifySnarkjs(vkJson, proofJson, pubJson).isValid()).isTrue();
        int n = 0;
        for (int i = 0; i < 600; i++, n++) {
            byte[] p = proofJson.getBytes(StandardCharsets.UTF_8);
            String m = new String(mutate(p, 0, p.length), StandardCharsets.UTF_8);
            Verifier.Result r = Verifier.verifySnarkjs(vkJson, m, pubJson);
            if (r.isValid()) {
                // only a mutation that leaves the points' values intact (whitespace, unknown fields…) may pass
                assertThat(values(m, PROOF_FIELDS)).as(m).isEqualTo(values(proofJson, PROOF_FIELDS));
            } else {
                assertThat(r.message()).doesNotStartWith(Guard.INTERNAL);
                count(r);
            }
        }
        for (int i = 0; i < 300; i++, n++) {
            byte[] k = vkJson.getBytes(StandardCharsets.UTF_8);
            String m = new String(mutate(k, 0, k.length), StandardCharsets.UTF_8);
            Verifier.Result r = Verifier.verifySnarkjs(m, proofJson, pubJson);
            if (r.isValid()) {
                // vk_alphabeta_12 is ignored (recomputed), as are unknown fields and the optional nPublic
                assertThat(values(m, KEY_FIELDS)).as(m).isEqualTo(values(vkJson, KEY_FIELDS));
            } else {
                assertThat(r.message()).doesNotStartWith(Guard.INTERNAL);
                count(r);
            }
        }
        return n;
    }

    private void count(Verifier.Result r) {
        if (r.outcome() == Verifier.Outcome.INVALID) {
            rejectedFalse++;
        } else {
            rejectedMalformed++;
        }
    }

    private static final String[] PROOF_FIELDS = {"pi_a", "pi_b", "pi_c"};
    private static final String[] KEY_FIELDS = {"vk_alpha_1", "vk_beta_2", "vk_gamma_2", "vk_delta_2", "IC"};

    /** The numeric values of the given fields (an empty list when the JSON does not parse). */
    private static List<BigInteger> values(String json, String[] fields) {
        List<BigInteger> out = new ArrayList<>();
        try {
            com.fasterxml.jackson.databind.JsonNode n = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
            for (String f : fields) {
                flatten(n.get(f), out);
            }
        } catch (Exception e) {
            out.clear();
        }
        return out;
    }

    private static void flatten(com.fasterxml.jackson.databind.JsonNode n, List<BigInteger> out)
            throws MalformedInputException {
        if (n.isArray()) {
            for (com.fasterxml.jackson.databind.JsonNode c : n) {
                flatten(c, out);
            }
        } else {
            out.add(StrictNumbers.parseDecimal(n.asText(), "value"));
        }
    }

    private List<BigInteger> mutateInputs(List<BigInteger> pub) {
        List<BigInteger> m = new ArrayList<>(pub);
        int i = rnd.nextInt(pub.size());
        switch (rnd.nextInt(7)) {
            case 0 -> m.set(i, Fr.add(m.get(i), BigInteger.ONE));
            case 1 -> m.set(i, new BigInteger(253, rnd));
            case 2 -> m.set(i, m.get(i).add(Fr.MODULUS)); // congruent but not canonical
            case 3 -> m.set(i, m.get(i).negate().subtract(BigInteger.ONE));
            case 4 -> m.remove(i);
            case 5 -> m.add(BigInteger.valueOf(rnd.nextInt(1000)));
            default -> m.set(i, null);
        }
        if (m.equals(pub)) {
            m.set(i, Fr.add(pub.get(i), BigInteger.TWO));
        }
        return java.util.Collections.unmodifiableList(m);
    }

    private static String describe(byte[] m) {
        String head = HexFormat.of().formatHex(m, 0, Math.min(16, m.length));
        try {
            return head + " " + ArtifactHeader.peek(m);
        } catch (MalformedInputException | RuntimeException e) {
            return head + " " + e;
        }
    }

    private static boolean sameCheckedFields(ArtifactHeader original, byte[] mutant) {
        try {
            ArtifactHeader h = ArtifactHeader.peek(mutant);
            return h.kind().equals(original.kind()) && h.circuit().equals(original.circuit())
                    && h.publicValues() == original.publicValues() && h.commitments() == original.commitments()
                    // proofFlags are informative: the verifier always hashes commitments with Keccak-256
                    && (h.payloadBytes().isEmpty() || h.payloadBytes().equals(original.payloadBytes()))
                    && h.format() == original.format() && h.gnarkVersion().equals(original.gnarkVersion());
        } catch (MalformedInputException | RuntimeException e) {
            return false;
        }
    }

    private static int plonkLinesStart(String name) {
        int nbQcp = name.contains("range") ? 1 : 0;
        return 8 + 8 + 8 + 32 + 32 + 8 + 32 + 3 * 64 + 5 * 64 + 4 + nbQcp * 64 + 64 + 2 * 128;
    }

    /** Whether payloads differ only inside key bytes the verification does not use. */
    private static boolean onlyUnusedBytesChanged(String name, byte[] a, byte[] b) {
        if (a.length != b.length) {
            return false;
        }
        List<int[]> unused = new ArrayList<>();
        if (name.startsWith("groth16")) {
            unused.add(new int[] {64, 128}); // G1.Beta (uncompressed)
            unused.add(new int[] {128 + 256, 128 + 256 + 64}); // G1.Delta
        } else {
            int lines = plonkLinesStart(name);
            unused.add(new int[] {lines, lines + 2 * 2 * 66 * 2 * 2 * 32});
        }
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                final int pos = i;
                if (unused.stream().noneMatch(r -> pos >= r[0] && pos < r[1])) {
                    return false;
                }
            }
        }
        return true;
    }
}
