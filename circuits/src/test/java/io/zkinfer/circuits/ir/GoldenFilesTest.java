package io.zkinfer.circuits.ir;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkinfer.circuits.field.Fr;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The golden files under src/test/resources/ir/ (read by the Go decoder's tests too): the encoder must reproduce
 * them byte for byte. Regenerate after an intended change with {@code -Dzkinfer.golden.write=true}.
 */
class GoldenFilesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    static Circuit circuit(String name) {
        return switch (name) {
            case "all-ops" -> Circuits.allOps();
            case "demo" -> Circuits.demo();
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** Input values (signed decimal strings) for each golden circuit. */
    static Map<String, BigInteger> inputs(String name) {
        Map<String, BigInteger> in = new LinkedHashMap<>();
        switch (name) {
            case "all-ops" -> {
                in.put("x", BigInteger.valueOf(1));
                in.put("y", BigInteger.valueOf(-2));
                in.put("w", BigInteger.valueOf(5));
                in.put("flag", BigInteger.ONE);
                in.put("salt", new BigInteger("123456789012345678901234567890"));
            }
            case "demo" -> {
                in.put("x", BigInteger.valueOf(3));
                in.put("w", BigInteger.valueOf(-200));
                in.put("b", BigInteger.valueOf(77));
            }
            default -> throw new IllegalArgumentException(name);
        }
        return in;
    }

    static String inputsJson(String name) throws IOException {
        Circuit c = circuit(name);
        Witness w = CircuitEvaluator.evaluate(c, inputs(name));
        ObjectNode root = MAPPER.createObjectNode();
        root.put("circuit", c.name());
        root.put("hash", c.hash());
        ObjectNode in = root.putObject("inputs");
        inputs(name).forEach((k, v) -> in.put(k, v.toString()));
        ObjectNode out = root.putObject("outputs");
        w.outputs().forEach((k, v) -> out.put(k, v.toString()));
        ObjectNode signed = root.putObject("signedOutputs");
        w.outputs().forEach((k, v) -> signed.put(k, Fr.toSigned(v).toString()));
        root.put("witness", HexFormat.of().formatHex(w.toGnarkBinary()));
        root.put("publicWitness", HexFormat.of().formatHex(w.publicToGnarkBinary()));
        DefaultPrettyPrinter pp = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("  ", "\n"));
        return MAPPER.writer(pp).writeValueAsString(root) + "\n";
    }

    @ParameterizedTest
    @ValueSource(strings = {"all-ops", "demo"})
    void encoderReproducesGoldenFiles(String name) throws IOException {
        Circuit c = circuit(name);
        byte[] zkir = c.encode();
        String json = IrJson.render(c);
        String inputs = inputsJson(name);
        if (Boolean.getBoolean("zkinfer.golden.write")) {
            Path dir = Path.of("src/test/resources/ir");
            Files.createDirectories(dir);
            Files.write(dir.resolve(name + ".zkir"), zkir);
            Files.writeString(dir.resolve(name + ".json"), json);
            Files.writeString(dir.resolve(name + ".inputs.json"), inputs);
        }
        assertThat(resource(name + ".zkir")).as("%s.zkir", name).isEqualTo(zkir);
        assertThat(new String(resource(name + ".json"), StandardCharsets.UTF_8)).isEqualTo(json);
        assertThat(new String(resource(name + ".inputs.json"), StandardCharsets.UTF_8)).isEqualTo(inputs);
        // and back: the golden bytes and JSON decode to the same circuit
        assertThat(IrCodec.decode(resource(name + ".zkir"))).isEqualTo(c);
        assertThat(IrJson.parse(json)).isEqualTo(c);
    }

    private static byte[] resource(String file) throws IOException {
        try (InputStream in = GoldenFilesTest.class.getResourceAsStream("/ir/" + file)) {
            assertThat(in).as("golden file %s (regenerate with -Dzkinfer.golden.write=true)", file).isNotNull();
            return in.readAllBytes();
        }
    }
}
