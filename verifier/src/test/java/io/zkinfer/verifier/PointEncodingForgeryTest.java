package io.zkinfer.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkinfer.verifier.bn254.Fp;
import io.zkinfer.verifier.bn254.Fp2;
import io.zkinfer.verifier.bn254.G1Affine;
import io.zkinfer.verifier.bn254.G2Affine;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Point-encoding forgeries, in gnark's binary encodings (uncompressed and compressed) and in snarkjs JSON: a
 * coordinate plus p (the same point, non-canonically encoded: a verifier that reduces would accept a different byte
 * string for the same proof or key), points off the curve, a point on the twist outside G2's prime-order subgroup, and
 * misused infinity flags. Each must be refused as malformed, naming the problem.
 */
class PointEncodingForgeryTest {
    static final BigInteger P = Fp.MODULUS;
    static final ObjectMapper JSON = new ObjectMapper();

    // --- gnark binary -------------------------------------------------------------------------------------------

    static final Path G16 = Vectors.gnark("groth16-mul-5");

    static Groth16VerifyingKey g16Key() throws MalformedInputException {
        return Groth16VerifyingKey.parse(Vectors.bytes(G16.resolve("vk.zkinfer")));
    }

    static byte[] g16Proof() {
        return Vectors.bytes(G16.resolve("proof-solidity.zkinfer"));
    }

    /** The container with bytes [off, off + old) of its payload replaced by {@code replacement}. */
    static byte[] splice(byte[] container, int off, int old, byte[] replacement) {
        byte[] payload = Arrays.copyOfRange(container, MutationTest.headerEnd(container), container.length);
        byte[] out = new byte[payload.length - old + replacement.length];
        System.arraycopy(payload, 0, out, 0, off);
        System.arraycopy(replacement, 0, out, off, replacement.length);
        System.arraycopy(payload, off + old, out, off + replacement.length, payload.length - off - old);
        byte[] sealed = MutationTest.reseal(container, out);
        // payloadBytes, when present, must follow the new length
        String h = new String(sealed, 12, MutationTest.headerEnd(sealed) - 12, StandardCharsets.UTF_8);
        return reheader(sealed, h.replaceAll("\"payloadBytes\":\\d+", "\"payloadBytes\":" + out.length));
    }

    private static byte[] reheader(byte[] container, String header) {
        byte[] payload = Arrays.copyOfRange(container, MutationTest.headerEnd(container), container.length);
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

    static byte[] word(BigInteger v) {
        byte[] b = v.toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(32, b.length);
        System.arraycopy(b, b.length - n, out, 32 - n, n);
        return out;
    }

    static BigInteger wordAt(byte[] container, int off) {
        int start = MutationTest.headerEnd(container) + off;
        return new BigInteger(1, Arrays.copyOfRange(container, start, start + 32));
    }

    /** A point on the twist y² = x³ + 3/(9+u) that is not in G2 (the twist's cofactor is large, so almost any is). */
    static G2Affine twistPointOutsideG2() {
        for (int k = 1; ; k++) {
            Fp2 x = new Fp2(Fp.fromLong(k), Fp.ZERO);
            Fp2 y = x.square().mul(x).add(bTwist()).sqrt();
            if (y != null) {
                G2Affine p = new G2Affine(x, y);
                assertThat(p.isOnCurve()).isTrue();
                if (!p.isInSubgroup()) {
                    return p;
                }
            }
        }
    }

    static Fp2 bTwist() {
        // b' = 3/(9+u), read off the generator: y² − x³
        G2Affine g = G2Affine.GENERATOR;
        return g.y().square().sub(g.x().square().mul(g.x()));
    }

    static byte[] compressedG2(G2Affine p, boolean largest) {
        byte[] raw = p.toRawBytes();
        byte[] out = Arrays.copyOf(raw, 64);
        out[0] |= (byte) (largest ? 0xC0 : 0x80);
        return out;
    }

    @Test
    void honestVectorsVerify() throws Exception {
        assertThat(g16Key().verify(g16Proof(), Vectors.publicInputs(G16))).isTrue();
    }

    /** Ar.y + p and Bs.x.A0 + p: the same valid proof, non-canonically encoded. */
    @Test
    void coordinatePlusPInAProofIsMalformed() throws Exception {
        Groth16VerifyingKey vk = g16Key();
        byte[] proof = g16Proof();
        List<BigInteger> pub = Vectors.publicInputs(G16);
        for (int off : new int[] {32, 64 + 32, 64 + 96, 64 + 128 + 32}) { // Ar.Y, Bs.X.A0, Bs.Y.A0, Krs.Y
            byte[] forged = splice(proof, off, 32, word(wordAt(proof, off).add(P)));
            assertThatThrownBy(() -> vk.verify(forged, pub)).as("offset %d", off)
                    .isInstanceOf(MalformedInputException.class).hasMessageContaining("canonical");
        }
    }

    /** Compressed Ar whose x is written as x + p (when x + p leaves the two flag bits free). */
    @Test
    void compressedCoordinatePlusPIsMalformed() throws Exception {
        // the G1 generator (1, 2): 1 + p < 2²⁵⁴, so the flag bits stay free
        for (int flag : new int[] {0x80, 0xC0}) {
            byte[] c = word(BigInteger.ONE.add(P));
            c[0] |= (byte) flag;
            byte[] forged = splice(g16Proof(), 0, 64, c);
            assertThatThrownBy(() -> g16Key().verify(forged, Vectors.publicInputs(G16)))
                    .isInstanceOf(MalformedInputException.class).hasMessageContaining("canonical");
        }
    }

    /** The key's G2 points, with x.A0 + p (Beta, Gamma, Delta): the same key, another byte string. */
    @Test
    void coordinatePlusPInAKeyIsMalformed() throws Exception {
        byte[] vk = Vectors.bytes(G16.resolve("vk.zkinfer"));
        for (int off : new int[] {128 + 32, 256 + 32, 384 + 64 + 32}) { // G2.Beta, G2.Gamma, G2.Delta x.A0
            byte[] forged = splice(vk, off, 32, word(wordAt(vk, off).add(P)));
            assertThatThrownBy(() -> Groth16VerifyingKey.parse(forged)).as("offset %d", off)
                    .isInstanceOf(MalformedInputException.class).hasMessageContaining("canonical");
        }
    }

    @Test
    void pointsOffTheCurveAreMalformed() throws Exception {
        byte[] proof = g16Proof();
        byte[] offG1 = splice(proof, 32, 32, word(wordAt(proof, 32).add(BigInteger.ONE).mod(P)));
        assertThatThrownBy(() -> g16Key().verify(offG1, Vectors.publicInputs(G16)))
                .isInstanceOf(MalformedInputException.class).hasMessageContaining("not on the curve");
        byte[] offG2 = splice(proof, 64 + 96, 32, word(wordAt(proof, 64 + 96).add(BigInteger.ONE).mod(P)));
        assertThatThrownBy(() -> g16Key().verify(offG2, Vectors.publicInputs(G16)))
                .isInstanceOf(MalformedInputException.class).hasMessageContaining("not on the twist");
        // compressed: an x with no curve point
        BigInteger x = BigInteger.ONE;
        while (Fp.fromBigInteger(x.pow(3).add(BigInteger.valueOf(3)).mod(P)).sqrt() != null) {
            x = x.add(BigInteger.ONE);
        }
        byte[] c = word(x);
        c[0] |= (byte) 0x80;
        byte[] noPoint = splice(proof, 0, 64, c);
        assertThatThrownBy(() -> g16Key().verify(noPoint, Vectors.publicInputs(G16)))
                .isInstanceOf(MalformedInputException.class).hasMessageContaining("abscissa");
    }

    /** Bs on the twist but outside G2, uncompressed and compressed (both flags), in a proof and in a key. */
    @Test
    void twistPointOutsideG2IsMalformed() throws Exception {
        G2Affine bad = twistPointOutsideG2();
        byte[] proof = g16Proof();
        List<BigInteger> pub = Vectors.publicInputs(G16);
        for (byte[] enc : new byte[][] {bad.toRawBytes(), compressedG2(bad, false), compressedG2(bad, true)}) {
            byte[] forged = splice(proof, 64, 128, enc);
            assertThatThrownBy(() -> g16Key().verify(forged, pub)).isInstanceOf(MalformedInputException.class)
                    .hasMessageContaining("subgroup");
        }
        byte[] vk = Vectors.bytes(G16.resolve("vk.zkinfer"));
        for (int off : new int[] {128, 256, 384 + 64}) { // G2.Beta, G2.Gamma, G2.Delta
            byte[] forged = splice(vk, off, 128, bad.toRawBytes());
            assertThatThrownBy(() -> Groth16VerifyingKey.parse(forged)).isInstanceOf(MalformedInputException.class)
                    .hasMessageContaining("subgroup");
        }
    }

    /** The compressed-infinity flag (01) with other bits set, in G1 and G2; an uncompressed "infinity" with flags. */
    @Test
    void misusedInfinityFlagsAreMalformed() throws Exception {
        byte[] proof = g16Proof();
        List<BigInteger> pub = Vectors.publicInputs(G16);
        byte[] g1 = new byte[32];
        g1[0] = 0x40;
        g1[31] = 1;
        byte[] forgedA = splice(proof, 0, 64, g1);
        assertThatThrownBy(() -> g16Key().verify(forgedA, pub)).isInstanceOf(MalformedInputException.class)
                .hasMessageContaining("infinity");
        byte[] g1High = new byte[32];
        g1High[0] = 0x41; // a stray bit beside the flag
        byte[] forgedA2 = splice(proof, 0, 64, g1High);
        assertThatThrownBy(() -> g16Key().verify(forgedA2, pub)).isInstanceOf(MalformedInputException.class)
                .hasMessageContaining("infinity");
        byte[] g2 = new byte[64];
        g2[0] = 0x40;
        g2[40] = 1;
        byte[] forgedB = splice(proof, 64, 128, g2);
        assertThatThrownBy(() -> g16Key().verify(forgedB, pub)).isInstanceOf(MalformedInputException.class)
                .hasMessageContaining("infinity");
    }

    static byte[] compressed(G1Affine p) {
        byte[] out = Arrays.copyOf(p.toRawBytes(), 32);
        out[0] |= (byte) (p.y().lexicographicallyLargest() ? 0xC0 : 0x80);
        return out;
    }

    static byte[] compressed(G2Affine p) {
        return compressedG2(p, p.y().lexicographicallyLargest());
    }

    /** The honest proof with Ar, Bs, Krs compressed verifies; with a compression flag flipped (the other y) it fails. */
    @Test
    void compressedProofVerifiesAndItsSignBitMatters() throws Exception {
        Groth16VerifyingKey vk = g16Key();
        List<BigInteger> pub = Vectors.publicInputs(G16);
        byte[] proof = g16Proof();
        byte[] payload = GnarkGroth16Test.payload(proof);
        ByteReader r = new ByteReader(payload, 0, "proof");
        G1Affine ar = r.g1("Ar");
        G2Affine bs = r.g2("Bs");
        G1Affine krs = r.g1("Krs");
        byte[] cAr = compressed(ar), cBs = compressed(bs), cKrs = compressed(krs);
        // the PoK (infinity: this circuit has no commitment) as compressed infinity: flag 01, all else zero
        int pokAt = 64 + 128 + 64 + 4;
        assertThat(Arrays.copyOfRange(payload, pokAt, pokAt + 64)).containsOnly(0);
        byte[] infinity = new byte[32];
        infinity[0] = 0x40;
        byte[] all = splice(splice(splice(splice(proof, pokAt, 64, infinity), 64 + 128, 64, cKrs), 64, 128, cBs), 0,
                64, cAr);
        assertThat(vk.verify(all, pub)).isTrue();
        for (int[] flip : new int[][] {{0}, {32}, {32 + 64}}) { // Ar, Bs, Krs first bytes in the compressed proof
            byte[] body = GnarkGroth16Test.payload(all);
            body[flip[0]] ^= 0x40; // 10 <-> 11: the other square root
            byte[] flipped = MutationTest.reseal(all, body);
            assertThat(vk.verify(flipped, pub)).as("flag flipped at %d", flip[0]).isFalse();
        }
    }

    /** A point cut short, in each encoding: refused as truncated (not an internal error). */
    @Test
    void truncatedPointsAreMalformed() throws Exception {
        byte[] proof = g16Proof();
        List<BigInteger> pub = Vectors.publicInputs(G16);
        int len = GnarkGroth16Test.payload(proof).length;
        byte[] g1Compressed = compressed(G1Affine.GENERATOR);
        byte[] g2Compressed = compressed(G2Affine.GENERATOR);
        byte[] infinity = new byte[32];
        infinity[0] = 0x40;
        byte[][] cases = {
            splice(proof, 20, len - 20, new byte[0]), // inside uncompressed Ar
            splice(proof, 40, len - 40, new byte[0]), // inside uncompressed Ar, past its first 32 bytes
            splice(proof, 0, len, Arrays.copyOf(g1Compressed, 20)), // inside compressed Ar
            splice(proof, 0, len, Arrays.copyOf(infinity, 20)), // inside compressed-infinity Ar
            splice(proof, 64 + 100, len - 164, new byte[0]), // inside uncompressed Bs
            splice(proof, 64 + 40, len - 104, new byte[0]), // inside uncompressed Bs, past its first 32 bytes
            splice(proof, 64, len - 64, Arrays.copyOf(g2Compressed, 40)), // inside compressed Bs
            splice(proof, 64, len - 64, Arrays.copyOf(new byte[] {0x40}, 40)), // inside compressed-infinity Bs
        };
        for (byte[] c : cases) {
            assertThatThrownBy(() -> g16Key().verify(c, pub)).isInstanceOf(MalformedInputException.class)
                    .hasMessageContaining("truncated").hasMessageNotContaining(Guard.INTERNAL);
        }
        assertThatThrownBy(() -> g16Key().verify(new byte[0], pub)).isInstanceOf(MalformedInputException.class)
                .hasMessageNotContaining(Guard.INTERNAL);
    }

    /** A committed public wire index beyond the public values known when that commitment is hashed. */
    @Test
    void committedWireIndexOutOfRangeIsMalformed() throws Exception {
        Path dir = Vectors.root().resolve("forgery").resolve("groth16-commit2");
        byte[] vk = Vectors.bytes(dir.resolve("vk.zkinfer"));
        Groth16VerifyingKey honest = Groth16VerifyingKey.parse(vk);
        // α, β (G1, G2), γ, δ (G1, G2) uncompressed; K (u32 + 5 points); u32 2; u32 1; u64 index of commitment 0
        int nbK = honest.publicInputCount() + 1 + honest.commitmentCount();
        int firstIndex = 64 + 64 + 128 + 128 + 64 + 128 + 4 + 64 * nbK + 4 + 4;
        int at = MutationTest.headerEnd(vk) + firstIndex;
        assertThat(Arrays.copyOfRange(vk, at - 8, at + 8)).as("2 commitments, the first covering 1 wire: X1 (1)")
                .containsExactly(0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1);
        // commitment 0 may cover public values 1..2; 3 is the hash of commitment 0 itself
        byte[] forged = splice(vk, firstIndex, 8, new byte[] {0, 0, 0, 0, 0, 0, 0, 3});
        assertThatThrownBy(() -> Groth16VerifyingKey.parse(forged)).isInstanceOf(MalformedInputException.class)
                .hasMessageContaining("out of range");
    }

    /** One byte appended to a payload (proof or key, Groth16 or PLONK): refused, so proof bytes stay unique. */
    @Test
    void trailingBytesAreMalformed() throws Exception {
        byte[] g16 = g16Proof();
        byte[] g16Extended = splice(g16, GnarkGroth16Test.payload(g16).length, 0, new byte[1]);
        assertThatThrownBy(() -> g16Key().verify(g16Extended, Vectors.publicInputs(G16)))
                .isInstanceOf(MalformedInputException.class).hasMessageContaining("unexpected bytes");
        byte[] g16Key = Vectors.bytes(G16.resolve("vk.zkinfer"));
        byte[] g16KeyExtended = splice(g16Key, GnarkGroth16Test.payload(g16Key).length, 0, new byte[1]);
        assertThatThrownBy(() -> Groth16VerifyingKey.parse(g16KeyExtended))
                .isInstanceOf(MalformedInputException.class).hasMessageContaining("unexpected bytes");
        Path plonk = Vectors.gnark("plonk-range-5");
        byte[] pProof = Vectors.bytes(plonk.resolve("proof.zkinfer"));
        byte[] pProofExtended = splice(pProof, GnarkGroth16Test.payload(pProof).length, 0, new byte[1]);
        PlonkVerifyingKey pvk = PlonkVerifyingKey.parse(Vectors.bytes(plonk.resolve("vk.zkinfer")));
        assertThatThrownBy(() -> pvk.verify(pProofExtended, Vectors.publicInputs(plonk)))
                .isInstanceOf(MalformedInputException.class).hasMessageContaining("unexpected bytes");
        byte[] pKey = Vectors.bytes(plonk.resolve("vk.zkinfer"));
        byte[] pKeyExtended = splice(pKey, GnarkGroth16Test.payload(pKey).length, 0, new byte[1]);
        assertThatThrownBy(() -> PlonkVerifyingKey.parse(pKeyExtended))
                .isInstanceOf(MalformedInputException.class).hasMessageContaining("unexpected bytes");
    }

    @Test
    void plonkProofOfAnotherCircuitIsMalformed() throws Exception {
        PlonkVerifyingKey vk = PlonkVerifyingKey.parse(Vectors.bytes(Vectors.gnark("plonk-mul-5").resolve("vk.zkinfer")));
        byte[] proof = Vectors.bytes(Vectors.gnark("plonk-range-5").resolve("proof.zkinfer"));
        assertThatThrownBy(() -> vk.verify(proof, Vectors.publicInputs(Vectors.gnark("plonk-range-5"))))
                .isInstanceOf(MalformedInputException.class).hasMessageContaining("circuit");
    }

    // --- snarkjs JSON -------------------------------------------------------------------------------------------

    static final Path SNARKJS = Vectors.root().resolve("snarkjs-groth16/multiplier/p0_valid");

    static Verifier.Result snarkjs(String vk, String proof) {
        return Verifier.verifySnarkjs(vk, proof, Vectors.text(SNARKJS.resolve("public.json")));
    }

    static ObjectNode tree(String file) throws Exception {
        return (ObjectNode) JSON.readTree(Vectors.text(SNARKJS.resolve(file)));
    }

    static BigInteger num(JsonNode n) {
        return new BigInteger(n.asText());
    }

    static void assertMalformed(Verifier.Result r, String fragment) {
        assertThat(r.outcome()).as(r.message()).isEqualTo(Verifier.Outcome.MALFORMED);
        assertThat(r.message()).contains(fragment).doesNotStartWith(Guard.INTERNAL);
    }

    @Test
    void snarkjsHonestProofVerifies() throws Exception {
        assertThat(snarkjs(Vectors.text(SNARKJS.resolve("verification_key.json")),
                Vectors.text(SNARKJS.resolve("proof.json"))).isValid()).isTrue();
    }

    /** The same valid proof with pi_a.y + p, pi_b.x.c0 + p, pi_c.x + p; the same key with vk_alpha_1.x + p. */
    @Test
    void snarkjsCoordinatePlusPIsMalformed() throws Exception {
        String vk = Vectors.text(SNARKJS.resolve("verification_key.json"));
        ObjectNode a = tree("proof.json");
        ((ArrayNode) a.get("pi_a")).set(1, JSON.getNodeFactory().textNode(num(a.get("pi_a").get(1)).add(P).toString()));
        assertMalformed(snarkjs(vk, a.toString()), "canonical");
        ObjectNode b = tree("proof.json");
        ((ArrayNode) b.get("pi_b").get(0)).set(0,
                JSON.getNodeFactory().textNode(num(b.get("pi_b").get(0).get(0)).add(P).toString()));
        assertMalformed(snarkjs(vk, b.toString()), "canonical");
        ObjectNode c = tree("proof.json");
        ((ArrayNode) c.get("pi_c")).set(0, JSON.getNodeFactory().textNode(num(c.get("pi_c").get(0)).add(P).toString()));
        assertMalformed(snarkjs(vk, c.toString()), "canonical");
        ObjectNode k = tree("verification_key.json");
        ((ArrayNode) k.get("vk_alpha_1")).set(0,
                JSON.getNodeFactory().textNode(num(k.get("vk_alpha_1").get(0)).add(P).toString()));
        assertMalformed(snarkjs(k.toString(), Vectors.text(SNARKJS.resolve("proof.json"))), "canonical");
    }

    @Test
    void snarkjsPointsOffTheCurveAreMalformed() throws Exception {
        String vk = Vectors.text(SNARKJS.resolve("verification_key.json"));
        ObjectNode c = tree("proof.json");
        ((ArrayNode) c.get("pi_c")).set(1,
                JSON.getNodeFactory().textNode(num(c.get("pi_c").get(1)).add(BigInteger.ONE).mod(P).toString()));
        assertMalformed(snarkjs(vk, c.toString()), "not on the curve");
        ObjectNode b = tree("proof.json");
        ((ArrayNode) b.get("pi_b").get(1)).set(1,
                JSON.getNodeFactory().textNode(num(b.get("pi_b").get(1).get(1)).add(BigInteger.ONE).mod(P).toString()));
        assertMalformed(snarkjs(vk, b.toString()), "not on the twist");
        ObjectNode k = tree("verification_key.json");
        ArrayNode ic0 = (ArrayNode) k.get("IC").get(0);
        ic0.set(1, JSON.getNodeFactory().textNode(num(ic0.get(1)).add(BigInteger.ONE).mod(P).toString()));
        assertMalformed(snarkjs(k.toString(), Vectors.text(SNARKJS.resolve("proof.json"))), "not on the curve");
    }

    @Test
    void snarkjsTwistPointOutsideG2IsMalformed() throws Exception {
        G2Affine bad = twistPointOutsideG2();
        ArrayNode g2 = JSON.createArrayNode();
        g2.add(JSON.createArrayNode().add(bad.x().a0.toBigInteger().toString()).add(bad.x().a1.toBigInteger().toString()));
        g2.add(JSON.createArrayNode().add(bad.y().a0.toBigInteger().toString()).add(bad.y().a1.toBigInteger().toString()));
        g2.add(JSON.createArrayNode().add("1").add("0"));
        ObjectNode proof = tree("proof.json");
        proof.set("pi_b", g2);
        assertMalformed(snarkjs(Vectors.text(SNARKJS.resolve("verification_key.json")), proof.toString()), "subgroup");
        for (String field : new String[] {"vk_beta_2", "vk_gamma_2", "vk_delta_2"}) {
            ObjectNode k = tree("verification_key.json");
            k.set(field, g2.deepCopy());
            assertMalformed(snarkjs(k.toString(), Vectors.text(SNARKJS.resolve("proof.json"))), "subgroup");
        }
    }

    /** Another protocol or curve, in the key or the proof, and an nPublic that contradicts IC: refused. */
    @Test
    void snarkjsWrongProtocolCurveOrCountIsMalformed() throws Exception {
        String vk = Vectors.text(SNARKJS.resolve("verification_key.json"));
        String proof = Vectors.text(SNARKJS.resolve("proof.json"));
        for (String[] change : new String[][] {{"protocol", "plonk"}, {"curve", "bls12381"}}) {
            ObjectNode k = tree("verification_key.json");
            k.put(change[0], change[1]);
            assertThat(snarkjs(k.toString(), proof).outcome()).as("key " + change[0])
                    .isEqualTo(Verifier.Outcome.MALFORMED);
            ObjectNode p = tree("proof.json");
            p.put(change[0], change[1]);
            assertThat(snarkjs(vk, p.toString()).outcome()).as("proof " + change[0])
                    .isEqualTo(Verifier.Outcome.MALFORMED);
        }
        ObjectNode k = tree("verification_key.json");
        k.put("nPublic", k.get("IC").size());
        assertThat(snarkjs(k.toString(), proof).outcome()).isEqualTo(Verifier.Outcome.MALFORMED);
    }

    /** z = 0 is infinity only as (0, 1, 0): with any other x or y it is refused, coordinate by coordinate. */
    @Test
    void snarkjsInfinityMustBeCanonical() throws Exception {
        String vk = Vectors.text(SNARKJS.resolve("verification_key.json"));
        String[][] g2Infinity = {{"0", "0"}, {"1", "0"}, {"0", "0"}};
        for (int coordinate = -1; coordinate < 4; coordinate++) {
            String[][] v = {g2Infinity[0].clone(), g2Infinity[1].clone(), g2Infinity[2].clone()};
            if (coordinate >= 0) {
                v[coordinate / 2][coordinate % 2] = "5";
            }
            ObjectNode proof = tree("proof.json");
            ArrayNode b = JSON.createArrayNode();
            for (String[] pair : v) {
                b.add(JSON.createArrayNode().add(pair[0]).add(pair[1]));
            }
            proof.set("pi_b", b);
            Verifier.Result r = snarkjs(vk, proof.toString());
            if (coordinate < 0) {
                assertThat(r.outcome()).as(r.message()).isEqualTo(Verifier.Outcome.INVALID); // well-formed, wrong
            } else {
                assertMalformed(r, "z = 0");
            }
        }
        String[] g1Infinity = {"0", "1", "0"};
        for (int coordinate = -1; coordinate < 2; coordinate++) {
            String[] v = g1Infinity.clone();
            if (coordinate >= 0) {
                v[coordinate] = "5";
            }
            ObjectNode proof = tree("proof.json");
            proof.set("pi_a", JSON.createArrayNode().add(v[0]).add(v[1]).add(v[2]));
            Verifier.Result r = snarkjs(vk, proof.toString());
            if (coordinate < 0) {
                assertThat(r.outcome()).as(r.message()).isEqualTo(Verifier.Outcome.INVALID);
            } else {
                assertMalformed(r, "z = 0");
            }
        }
    }

    /** Projective z other than 1 (or 0 for infinity) is refused; a point "at infinity" never makes a proof valid. */
    @Test
    void snarkjsMisusedInfinityIsNotAccepted() throws Exception {
        String vk = Vectors.text(SNARKJS.resolve("verification_key.json"));
        ObjectNode two = tree("proof.json");
        ((ArrayNode) two.get("pi_a")).set(2, JSON.getNodeFactory().textNode("2"));
        assertMalformed(snarkjs(vk, two.toString()), "z");
        ObjectNode twoG2 = tree("proof.json");
        ((ArrayNode) twoG2.get("pi_b").get(2)).set(1, JSON.getNodeFactory().textNode("1"));
        assertMalformed(snarkjs(vk, twoG2.toString()), "z");
        for (String field : new String[] {"pi_a", "pi_c"}) {
            ObjectNode inf = tree("proof.json");
            ((ArrayNode) inf.get(field)).set(2, JSON.getNodeFactory().textNode("0"));
            assertThat(snarkjs(vk, inf.toString()).isValid()).as(field + " at infinity").isFalse();
        }
        ObjectNode infB = tree("proof.json");
        ArrayNode zb = (ArrayNode) infB.get("pi_b").get(2);
        zb.set(0, JSON.getNodeFactory().textNode("0"));
        assertThat(snarkjs(vk, infB.toString()).isValid()).isFalse();
    }
}
