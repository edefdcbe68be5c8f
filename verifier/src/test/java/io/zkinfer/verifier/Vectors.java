package io.zkinfer.verifier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Access to the committed test vectors under src/test/resources/vectors. */
final class Vectors {
    private Vectors() {}

    static Path root() {
        try {
            return Path.of(Vectors.class.getResource("/vectors").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path gnark(String name) {
        return root().resolve("gnark").resolve(name);
    }

    static List<String> gnarkCases(String backend) {
        try (Stream<Path> s = Files.list(root().resolve("gnark"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(backend + "-")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(Path p) {
        return new String(bytes(p), java.nio.charset.StandardCharsets.UTF_8);
    }

    static List<BigInteger> publicInputs(Path caseDir) throws MalformedInputException {
        return PublicInputs.parseJson(text(caseDir.resolve("public.json")));
    }
}
