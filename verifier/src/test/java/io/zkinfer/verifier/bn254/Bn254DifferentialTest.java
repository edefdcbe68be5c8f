package io.zkinfer.verifier.bn254;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zkinfer.verifier.MalformedInputException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Differential tests against gnark-crypto v0.21.0: vectors from verifier/src/test/go/vectorgen ("arith"). */
class Bn254DifferentialTest {
    private static JsonNode vectors;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = Bn254DifferentialTest.class.getResourceAsStream("/vectors/arith.json.gz")) {
            vectors = new ObjectMapper().readTree(new GZIPInputStream(in));
        }
    }

    static byte[] hex(JsonNode n) {
        return HexFormat.of().parseHex(n.asText());
    }

    static G1Affine g1(JsonNode n) throws MalformedInputException {
        return PointCodec.decodeG1(hex(n), 0, "test").point();
    }

    static G2Affine g2(JsonNode n) throws MalformedInputException {
        return PointCodec.decodeG2(hex(n), 0, "test").point();
    }

    @Test
    void g1Addition() throws Exception {
        JsonNode cases = vectors.get("g1Add");
        assertThat(cases.size()).isGreaterThanOrEqualTo(1000);
        for (JsonNode c : cases) {
            G1Affine a = g1(c.get("a")), b = g1(c.get("b"));
            assertThat(a.add(b)).isEqualTo(g1(c.get("r")));
            assertThat(a.toJacobian().addMixed(b).toAffine()).isEqualTo(g1(c.get("r")));
        }
    }

    @Test
    void g2Addition() throws Exception {
        JsonNode cases = vectors.get("g2Add");
        assertThat(cases.size()).isGreaterThanOrEqualTo(1000);
        for (JsonNode c : cases) {
            assertThat(g2(c.get("a")).add(g2(c.get("b")))).isEqualTo(g2(c.get("r")));
        }
    }

    @Test
    void g1ScalarMultiplication() throws Exception {
        JsonNode cases = vectors.get("g1Mul");
        assertThat(cases.size()).isGreaterThanOrEqualTo(1000);
        for (JsonNode c : cases) {
            BigInteger k = c.get("k").asText().isEmpty() ? BigInteger.ZERO : new BigInteger(c.get("k").asText(), 16);
            assertThat(g1(c.get("p")).mul(k)).isEqualTo(g1(c.get("r")));
        }
    }

    @Test
    void g2ScalarMultiplication() throws Exception {
        JsonNode cases = vectors.get("g2Mul");
        assertThat(cases.size()).isGreaterThanOrEqualTo(1000);
        for (JsonNode c : cases) {
            BigInteger k = c.get("k").asText().isEmpty() ? BigInteger.ZERO : new BigInteger(c.get("k").asText(), 16);
            assertThat(g2(c.get("p")).mul(k)).isEqualTo(g2(c.get("r")));
        }
    }

    @Test
    void pairingsAndMultiPairings() throws Exception {
        JsonNode cases = vectors.get("pairing");
        assertThat(cases.size()).isGreaterThanOrEqualTo(1000);
        for (JsonNode c : cases) {
            int n = c.get("p").size();
            G1Affine[] p = new G1Affine[n];
            G2Affine[] q = new G2Affine[n];
            for (int i = 0; i < n; i++) {
                p[i] = g1(c.get("p").get(i));
                q[i] = g2(c.get("q").get(i));
            }
            Fp[] coeffs = Pairing.pair(p, q).coefficients();
            byte[] expected = hex(c.get("e"));
            for (int i = 0; i < 12; i++) {
                assertThat(coeffs[i]).isEqualTo(Fp.fromBytesCanonical(expected, 32 * i));
            }
        }
    }

    @Test
    void compressedEncodingsDecodeLikeGnark() throws Exception {
        for (JsonNode c : vectors.get("g1Encoding")) {
            assertThat(g1(c.get("compressed"))).isEqualTo(g1(c.get("raw")));
        }
        for (JsonNode c : vectors.get("g2Encoding")) {
            assertThat(g2(c.get("compressed"))).isEqualTo(g2(c.get("raw")));
        }
    }

    @Test
    void g2SubgroupCheckAgreesWithGnark() throws Exception {
        int outside = 0;
        for (JsonNode c : vectors.get("g2Subgroup")) {
            byte[] raw = hex(c.get("p"));
            boolean in = c.get("inSubgroup").asBoolean();
            Fp2 x = new Fp2(Fp.fromBytesCanonical(raw, 32), Fp.fromBytesCanonical(raw, 0));
            Fp2 y = new Fp2(Fp.fromBytesCanonical(raw, 96), Fp.fromBytesCanonical(raw, 64));
            G2Affine p = new G2Affine(x, y);
            assertThat(p.isOnCurve()).isTrue();
            assertThat(p.isInSubgroup()).isEqualTo(in);
            if (!in) {
                outside++;
                assertThatThrownBy(() -> PointCodec.decodeG2(raw, 0, "q"))
                        .isInstanceOf(MalformedInputException.class)
                        .hasMessageContaining("subgroup");
            }
        }
        assertThat(outside).isGreaterThan(50);
    }

    @Test
    void bilinearity() {
        BigInteger a = new BigInteger("123456789123456789123456789");
        BigInteger b = new BigInteger("987654321987654321");
        Fp12 lhs = Pairing.pair(new G1Affine[] {G1Affine.GENERATOR.mul(a)}, new G2Affine[] {G2Affine.GENERATOR.mul(b)});
        Fp12 rhs = Pairing.pair(new G1Affine[] {G1Affine.GENERATOR.mul(a.multiply(b))},
                new G2Affine[] {G2Affine.GENERATOR});
        assertThat(lhs).isEqualTo(rhs);
        assertThat(lhs.isOne()).isFalse();
    }
}
