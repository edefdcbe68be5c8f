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
        assertThatThrownBy(() -> new EdDsa.PublicKey(EdDsa.Point.IDENTITY)).hasMessageContaining("small order");
    }

    /** One point of each small order 1, 2, 4, 8 (the order-8 point as gnark-crypto finds it: [order]P for P with y = 2). */
    static java.util.List<EdDsa.Point> smallOrderPoints() {
        BigInteger p = EdDsa.P;
        BigInteger sqrtMinusOne = BigInteger.valueOf(5).modPow(p.subtract(BigInteger.ONE).shiftRight(2), p);
        return java.util.List.of(
                EdDsa.Point.IDENTITY,
                new EdDsa.Point(BigInteger.ZERO, p.subtract(BigInteger.ONE)),
                new EdDsa.Point(sqrtMinusOne, BigInteger.ZERO),
                new EdDsa.Point(
                        new BigInteger("438929327410846936349781937479275998929723622237267896546408861753155634789"),
                        new BigInteger("4826523245007015323400664741523384119579596407052839571721035538011798951543")));
    }

    @Test
    void smallOrderKeysAreRefusedBySignerVerifierAndTheOpSemantics() {
        BigInteger msg = BigInteger.valueOf(31337);
        BigInteger s = BigInteger.valueOf(123456789);
        EdDsa.Point r = EdDsa.BASE.multiply(s); // the keyless forgery: R = [s]B
        int order = 1;
        for (EdDsa.Point a : smallOrderPoints()) {
            assertThat(a.isOnCurve()).isTrue();
            assertThat(a.multiply(BigInteger.valueOf(order))).as("order %d", order).isEqualTo(EdDsa.Point.IDENTITY);
            if (order > 1) {
                assertThat(a.multiply(BigInteger.valueOf(order / 2))).isNotEqualTo(EdDsa.Point.IDENTITY);
            }
            assertThat(EdDsa.isSmallOrder(a)).isTrue();
            // the forgery satisfies the cofactored equation: only the key check stands in its way
            BigInteger h = io.zkinfer.circuits.field.Poseidon2.hash(r.x(), r.y(), a.x(), a.y(), msg);
            EdDsa.Point q = EdDsa.BASE.multiply(s).add(a.multiply(h).negate()).add(r.negate());
            assertThat(q.multiply(BigInteger.valueOf(8))).isEqualTo(EdDsa.Point.IDENTITY);
            assertThat(EdDsa.check(a.x(), a.y(), r.x(), r.y(), s, msg)).contains("small order");
            assertThatThrownBy(() -> new EdDsa.PublicKey(a)).hasMessageContaining("small order");
            order *= 2;
        }
        assertThat(EdDsa.isSmallOrder(EdDsa.BASE)).isFalse();
    }
}
