package io.zkinfer.circuits.field;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Checks the Java port against vectors printed by gnark-crypto (test-vectors/generators/poseidon2). */
class Poseidon2Test {

    private static JsonNode vectors;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = Poseidon2Test.class.getResourceAsStream("/field/poseidon2-vectors.json")) {
            vectors = new ObjectMapper().readTree(in);
        }
    }

    private static List<BigInteger> list(JsonNode arr) {
        List<BigInteger> out = new ArrayList<>();
        arr.forEach(n -> out.add(new BigInteger(n.asText())));
        return out;
    }

    @Test
    void parametersAndRoundKeysMatchGnarkCrypto() {
        assertThat(Poseidon2.parameterString()).isEqualTo(vectors.get("parameters").asText());
        BigInteger[][] keys = Poseidon2.roundKeys();
        JsonNode expected = vectors.get("roundKeys");
        assertThat(keys.length).isEqualTo(expected.size());
        for (int i = 0; i < keys.length; i++) {
            assertThat(List.of(keys[i])).as("round %d", i).isEqualTo(list(expected.get(i)));
        }
    }

    @Test
    void permutationMatchesGnarkCrypto() {
        assertThat(vectors.get("permutation").size()).isGreaterThanOrEqualTo(4);
        for (JsonNode v : vectors.get("permutation")) {
            List<BigInteger> in = list(v.get("input"));
            assertThat(List.of(Poseidon2.permute(in.get(0), in.get(1)))).isEqualTo(list(v.get("output")));
        }
    }

    @Test
    void merkleDamgardHashMatchesGnarkCrypto() {
        int maxLen = 0;
        for (JsonNode v : vectors.get("hash")) {
            List<BigInteger> in = list(v.get("input"));
            maxLen = Math.max(maxLen, in.size());
            assertThat(Poseidon2.hash(in)).as("hash of %s", in).isEqualTo(new BigInteger(v.get("digest").asText()));
        }
        assertThat(maxLen).isEqualTo(5);
    }

    @Test
    void emptyInputHashesToTheIv() {
        assertThat(Poseidon2.hash(List.of())).isZero();
    }

    @Test
    void keccakMatchesKnownDigests() {
        assertThat(hex(Keccak256.hash(new byte[0])))
                .isEqualTo("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
        assertThat(hex(Keccak256.hash(new byte[200]))).hasSize(64); // multi-block path
        assertThat(hex(Keccak256.hash("abc".getBytes())))
                .isEqualTo("4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
    }

    private static String hex(byte[] b) {
        return java.util.HexFormat.of().formatHex(b);
    }
}
