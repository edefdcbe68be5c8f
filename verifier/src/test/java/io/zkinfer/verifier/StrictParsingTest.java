package io.zkinfer.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Untrusted numbers and JSON have one spelling: public inputs, snarkjs keys and proofs and artifact headers are read
 * with StrictNumbers and StrictJson, and every other spelling is refused with a message naming the value.
 */
class StrictParsingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SNARKJS = Vectors.root().resolve("snarkjs-groth16/multiplier/p0_valid");

    @ParameterizedTest
    @ValueSource(strings = {"+5", "05", "-5", "0x-5", "0X5", "0xAB", "0x", "٣٣", " 5", "5 ", "5\n", "1e3", "",
        "１２", "0b101"})
    void nonCanonicalNumberStringsAreRefused(String spelling) throws Exception {
        String json = JSON.writeValueAsString(List.of("7", spelling));
        assertThatThrownBy(() -> PublicInputs.parseJson(json)).isInstanceOf(MalformedInputException.class)
                .hasMessageContaining("public input 1").hasMessageContaining("canonical");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[-0]", "[-5]", "[1.0]", "[1e3]", "[05]", "[+5]", "[null]", "[true]", "[[5]]", "[{}]",
        "[5] [6]", "[5", "{\"a\":5}", "5"})
    void nonCanonicalJsonIsRefused(String json) {
        assertThatThrownBy(() -> PublicInputs.parseJson(json)).isInstanceOf(MalformedInputException.class)
                .satisfies(e -> assertThat(e.getMessage()).startsWith("public input"));
    }

    @Test
    void canonicalSpellingsAreRead() throws Exception {
        assertThat(PublicInputs.parseJson("[\"0\", \"33\", \"0x1f\", 5, 0]")).containsExactly(BigInteger.ZERO,
                BigInteger.valueOf(33), BigInteger.valueOf(31), BigInteger.valueOf(5), BigInteger.ZERO);
    }

    @Test
    void aMillionDigitNumberIsRefusedByItsLength() {
        // issue 11: new BigInteger on 10^6 digits took 19 s; the length is now checked before any conversion
        String digits = "9".repeat(1_000_000);
        assertThatThrownBy(() -> PublicInputs.parseJson("[\"" + digits + "\"]"))
                .isInstanceOf(MalformedInputException.class).hasMessageContaining("1000000 chars");
        assertThatThrownBy(() -> PublicInputs.parseJson("[" + digits + "]"))
                .isInstanceOf(MalformedInputException.class).hasMessageContaining("not valid JSON");
    }

    // snarkjs

    private static ObjectNode snarkjsKey() throws Exception {
        return (ObjectNode) JSON.readTree(Vectors.text(SNARKJS.resolve("verification_key.json")));
    }

    private static ObjectNode snarkjsProof() throws Exception {
        return (ObjectNode) JSON.readTree(Vectors.text(SNARKJS.resolve("proof.json")));
    }

    private static Verifier.Result verifySnarkjs(String key, String proof) {
        return Verifier.verifySnarkjs(key, proof, Vectors.text(SNARKJS.resolve("public.json")));
    }

    private static void assertKeyRefused(UnaryOperator<ObjectNode> edit, String message) throws Exception {
        Verifier.Result r = verifySnarkjs(edit.apply(snarkjsKey()).toString(), snarkjsProof().toString());
        assertThat(r.outcome()).as(r.message()).isEqualTo(Verifier.Outcome.MALFORMED);
        assertThat(r.message()).contains(message);
    }

    private static void assertProofRefused(UnaryOperator<ObjectNode> edit, String message) throws Exception {
        Verifier.Result r = verifySnarkjs(snarkjsKey().toString(), edit.apply(snarkjsProof()).toString());
        assertThat(r.outcome()).as(r.message()).isEqualTo(Verifier.Outcome.MALFORMED);
        assertThat(r.message()).contains(message);
    }

    @Test
    void theUnchangedSnarkjsFilesVerify() throws Exception {
        assertThat(verifySnarkjs(snarkjsKey().toString(), snarkjsProof().toString()).outcome())
                .isEqualTo(Verifier.Outcome.VALID);
        ObjectNode key = snarkjsKey();
        key.put("curve", "bn254");
        assertThat(verifySnarkjs(key.toString(), snarkjsProof().toString()).outcome())
                .isEqualTo(Verifier.Outcome.VALID);
    }

    @Test
    void protocolCurveAndNPublicAreRequired() throws Exception {
        assertKeyRefused(k -> (ObjectNode) k.without("protocol"), "lacks \"protocol\"");
        assertKeyRefused(k -> (ObjectNode) k.without("curve"), "lacks \"curve\"");
        assertKeyRefused(k -> k.put("curve", "BN128"), "\"curve\" must be \"bn128\"");
        assertKeyRefused(k -> k.put("protocol", "plonk"), "\"protocol\" must be \"groth16\"");
        assertKeyRefused(k -> (ObjectNode) k.without("nPublic"), "lacks \"nPublic\"");
        assertKeyRefused(k -> k.put("nPublic", "1"), "nPublic must be the integer 1");
        assertKeyRefused(k -> k.put("nPublic", 1.0), "nPublic must be the integer 1");
        assertKeyRefused(k -> k.put("nPublic", 2), "nPublic must be the integer 1");
        assertProofRefused(p -> (ObjectNode) p.without("protocol"), "lacks \"protocol\"");
        assertProofRefused(p -> (ObjectNode) p.without("curve"), "lacks \"curve\"");
    }

    @Test
    void infinityHasOneSpelling() throws Exception {
        // z = 0 with any other x, y used to be read as infinity: (5, 7, 0) and (0, 0, 0) are now refused
        assertProofRefused(p -> p.set("pi_a", JSON.valueToTree(List.of("5", "7", "0"))), "must be (0, 1, 0)");
        assertProofRefused(p -> p.set("pi_a", JSON.valueToTree(List.of("0", "0", "0"))), "must be (0, 1, 0)");
        assertProofRefused(p -> p.set("pi_b", JSON.valueToTree(List.of(List.of("1", "2"), List.of("1", "0"),
                List.of("0", "0")))), "must be [[0,0],[1,0],[0,0]]");
        // the snarkjs spelling is read as infinity: a well-formed proof that does not verify
        ObjectNode p = snarkjsProof();
        p.set("pi_a", JSON.valueToTree(List.of("0", "1", "0")));
        assertThat(verifySnarkjs(snarkjsKey().toString(), p.toString()).outcome()).isEqualTo(Verifier.Outcome.INVALID);
        // and refused in a key, where it is degenerate
        assertKeyRefused(k -> k.set("vk_alpha_1", JSON.valueToTree(List.of("0", "1", "0"))),
                "alpha (G1.Alpha, vk_alpha_1) is the point at infinity");
        assertKeyRefused(k -> {
            ((com.fasterxml.jackson.databind.node.ArrayNode) k.get("IC")).set(1, JSON.valueToTree(List.of("0", "1",
                    "0")));
            return k;
        }, "K[1] (G1.K, IC) is the point at infinity");
    }

    @Test
    void coordinatesAreCanonicalDecimalStrings() throws Exception {
        ObjectNode proof = snarkjsProof();
        String x = proof.get("pi_a").get(0).asText();
        assertProofRefused(p -> p.set("pi_a", JSON.valueToTree(List.of("0" + x, p.get("pi_a").get(1).asText(),
                "1"))), "not a canonical decimal");
        assertProofRefused(p -> p.set("pi_a", JSON.valueToTree(List.of(new BigInteger(x).toString(16),
                p.get("pi_a").get(1).asText(), "1"))), "pi_a x");
        assertProofRefused(p -> {
            ((com.fasterxml.jackson.databind.node.ArrayNode) p.get("pi_a")).set(2, JSON.valueToTree(1));
            return p;
        }, "must be a decimal string");
    }

    @Test
    void duplicateKeysAreRefused() throws Exception {
        String key = snarkjsKey().toString();
        String twice = key.replaceFirst("\\{", "{\"vk_alpha_1\":[\"1\",\"2\",\"1\"],");
        Verifier.Result r = verifySnarkjs(twice, snarkjsProof().toString());
        assertThat(r.outcome()).isEqualTo(Verifier.Outcome.MALFORMED);
        assertThat(r.message()).contains("Duplicate field 'vk_alpha_1'");
    }

    // artifact headers

    private static byte[] headerEdited(UnaryOperator<String> edit) {
        byte[] vk = KeyFixtures.vkContainer("groth16-mul-5");
        return KeyFixtures.container(edit.apply(KeyFixtures.headerJson(vk)), KeyFixtures.payload(vk));
    }

    private static void assertHeaderRefused(byte[] container, String message) {
        assertThatThrownBy(() -> VerifyingKeys.parse(container)).isInstanceOf(MalformedInputException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotStartWith(Guard.INTERNAL).contains(message));
    }

    @Test
    void artifactHeadersAreStrict() throws Exception {
        assertThat(VerifyingKeys.parse(headerEdited(h -> h)).publicInputCount()).isEqualTo(5);
        // a second "circuit" (two readers could see two circuit hashes), trailing content, huge counts
        assertHeaderRefused(headerEdited(h -> h.replaceFirst("\\{", "{\"circuit\":\"" + "0".repeat(64) + "\",")),
                "Duplicate field 'circuit'");
        assertHeaderRefused(headerEdited(h -> h + " {}"), "not valid JSON");
        assertHeaderRefused(headerEdited(h -> h.replace("\"commitments\":0", "\"commitments\":33")),
                "33 commitments, at most 32");
        assertHeaderRefused(headerEdited(h -> h.replace("\"outputs\":1", "\"outputs\":2147483647")),
                "public values, at most");
        assertHeaderRefused(headerEdited(h -> h.replaceAll("\"payloadSha256\":\"([0-9a-f]{64})\"",
                "\"payloadSha256\":\"X$1\"")), "payloadSha256");
    }

    @Test
    void artifactHeaderMustBeUtf8() {
        byte[] c = headerEdited(h -> h.replace("\"kind\":\"", "\"kind\":\"\u00e9"));
        // replace the two UTF-8 bytes of é by one invalid byte and a space (same header length)
        byte[] e = "\u00e9".getBytes(StandardCharsets.UTF_8);
        for (int i = 12; i + 1 < c.length; i++) {
            if (c[i] == e[0] && c[i + 1] == e[1]) {
                c[i] = (byte) 0xff;
                c[i + 1] = ' ';
                break;
            }
        }
        assertHeaderRefused(c, "not valid UTF-8");
    }

    // proof counts

    /** gnark's raw PLONK proof with every point the compressed infinity, the given numbers of values and BSB22s. */
    private static byte[] plonkProof(int claimedValues, int bsb22) {
        byte[] infinity = new byte[32];
        infinity[0] = 0x40;
        KeyFixtures.Out o = new KeyFixtures.Out();
        for (int i = 0; i < 8; i++) { // LRO, Z, H, BatchedProof.H
            o.raw(infinity);
        }
        o.u32(claimedValues);
        for (int i = 0; i < claimedValues; i++) {
            o.fr(BigInteger.ONE);
        }
        o.raw(infinity).fr(BigInteger.ONE).u32(bsb22);
        for (int i = 0; i < bsb22; i++) {
            o.raw(infinity);
        }
        return o.bytes();
    }

    @Test
    void proofCountsAreBounded() throws Exception {
        assertThat(PlonkProof.parse(plonkProof(38, 32)).commitmentCount()).isEqualTo(32);
        assertThatThrownBy(() -> PlonkProof.parse(plonkProof(39, 0))).isInstanceOf(MalformedInputException.class)
                .hasMessageContaining("ClaimedValues has 39 elements, more than the 38 supported");
        assertThatThrownBy(() -> PlonkProof.parse(plonkProof(6, 33))).isInstanceOf(MalformedInputException.class)
                .hasMessageContaining("Bsb22Commitments has 33 elements, more than the 32 supported");
    }
}
