package io.zkinfer.circuits.data.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.math.BigInteger;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/** Against vectors from gnark-crypto (test-vectors/generators/eddsa), and sign/verify round trips. */
class EdDsaTest {

    private static JsonNode vectors() throws Exception {
        try (InputStream in = EdDsaTest.class.getResourceAsStream("/sign/eddsa-vectors.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static BigInteger n(JsonNode v, String k) {
        return new BigInteger(v.get(k).asText());
    }

    @Test
    void curveParametersMatchGnarkCrypto() throws Exception {
        JsonNode root = vectors();
        assertThat(EdDsa.ORDER).isEqualTo(n(root, "order"));
        assertThat(EdDsa.BASE).isEqualTo(new EdDsa.Point(n(root, "baseX"), n(root, "baseY")));
        assertThat(EdDsa.D).isEqualTo(n(root, "d"));
        assertThat(EdDsa.BASE.isOnCurve()).isTrue();
        assertThat(EdDsa.BASE.multiply(EdDsa.ORDER)).isEqualTo(EdDsa.Point.IDENTITY);
    }

    @Test
    void gnarkSignaturesVerifyAndForgeriesDoNot() throws Exception {
        int valid = 0;
        for (JsonNode v : vectors().get("vectors")) {
            EdDsa.PublicKey pk = new EdDsa.PublicKey(new EdDsa.Point(n(v, "pkX"), n(v, "pkY")));
            EdDsa.Signature sig = new EdDsa.Signature(new EdDsa.Point(n(v, "rX"), n(v, "rY")), n(v, "s"));
            assertThat(EdDsa.verify(pk, n(v, "msg"), sig)).as(v.toString()).isEqualTo(v.get("valid").asBoolean());
            valid += v.get("valid").asBoolean() ? 1 : 0;
        }
        assertThat(valid).isEqualTo(6);
    }

    @Test
    void javaSignaturesVerify() {
        EdDsa.PrivateKey key = EdDsa.generate(new SecureRandom());
        BigInteger msg = new BigInteger("123456789012345678901234567890");
        EdDsa.Signature sig = EdDsa.sign(key, msg);
        assertThat(EdDsa.verify(key.publicKey(), msg, sig)).isTrue();
        assertThat(EdDsa.sign(key, msg)).isEqualTo(sig); // deterministic nonce
        assertThat(EdDsa.verify(key.publicKey(), msg.add(BigInteger.ONE), sig)).isFalse();
        assertThat(EdDsa.verify(key.publicKey(), msg, new EdDsa.Signature(sig.r(), sig.s().add(BigInteger.ONE))))
                .isFalse();
        // s + order is the same point but is refused (malleability), as in gnark's circuit
        assertThat(EdDsa.verify(key.publicKey(), msg, new EdDsa.Signature(sig.r(), sig.s().add(EdDsa.ORDER))))
                .isFalse();
        EdDsa.PrivateKey other = EdDsa.generate(new SecureRandom());
        assertThat(EdDsa.verify(other.publicKey(), msg, sig)).isFalse();
        assertThatThrownBy(() -> new EdDsa.PublicKey(EdDsa.Point.IDENTITY)).hasMessageContaining("subgroup");
    }
}
