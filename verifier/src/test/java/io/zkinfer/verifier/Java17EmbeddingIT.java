package io.zkinfer.verifier;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The verifier embedded in a Java 17 application: docs/verifier.md's example program ({@code src/example/java}) is
 * compiled and run by a JDK 17 against the packaged verifier jar and its dependency jars, on a real bundle's vk.bin,
 * setup.json and PROOF.json ({@code src/test/resources/embedding}). Runs after {@code package} (surefire execution
 * {@code java17-embedding}, so {@code ./mvnw verify} and {@code ./test.sh} run it). {@link DocExampleTest} checks
 * that docs/verifier.md shows this same program.
 *
 * <p>The JDK 17 is {@code $ZKINFER_JDK17_HOME} or a JDK 17 under /usr/lib/jvm. Without one the test is skipped with a
 * message, unless the environment variable {@code CI} is set: CI must run it.
 */
class Java17EmbeddingIT {
    private static final Path EXAMPLE = Path.of("src/example/java/VerifyProof.java");
    private static final Path BUNDLE = Path.of("src/test/resources/embedding/1l_mlp");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;
    private static Path jdk17;
    private static String classpath;
    private static Path classes;

    @BeforeAll
    static void findJdk17AndTheBuiltJars() throws IOException {
        // Only the java17-embedding execution (after 'package') has a jar to test; the unit-test execution runs this
        // class only when -Dtest names it.
        Assumptions.assumeTrue(System.getProperty("zkinfer.verifier.jar") != null,
                "runs in the surefire execution java17-embedding, after 'package'");
        Path jar = Path.of(property("zkinfer.verifier.jar"));
        assertThat(jar).as("the packaged verifier jar (this test runs after 'package')").isRegularFile();
        try (JarFile jf = new JarFile(jar.toFile()); InputStream in = jf.getInputStream(
                jf.getJarEntry("io/zkinfer/verifier/bn254/Fp.class"))) {
            byte[] head = in.readNBytes(8);
            assertThat((head[6] & 0xff) << 8 | (head[7] & 0xff))
                    .as("class file version of the jar's classes (61 = Java 17)").isEqualTo(61);
        }
        classpath = jar.toAbsolutePath() + java.io.File.pathSeparator + property("zkinfer.verifier.runtimeClasspath");

        Optional<Path> found = findJdk17();
        if (found.isEmpty()) {
            String msg = "no JDK 17 found (set ZKINFER_JDK17_HOME, or install openjdk-17-jdk-headless)";
            if (System.getenv("CI") != null && !System.getenv("CI").isEmpty()) {
                fail(msg + ": CI is set, and CI must run the Java 17 embedding test");
            }
            Assumptions.abort(msg + "; skipped because the environment variable CI is unset");
        }
        jdk17 = found.get();
        classes = compileExample();
    }

    @Test
    void theJava17ExampleSaysValidForTheRealProof() throws Exception {
        Run run = runExample(classes, BUNDLE.resolve("PROOF.json"));
        assertThat(run.exit).as(run.output).isZero();
        assertThat(run.output).startsWith("setup: DEVELOPMENT")
                .contains("\nVALID: the proof is valid for circuit " + Files.readString(BUNDLE.resolve("circuit.hash")).trim())
                .contains("public[0] = 4484", "public[1] = 10625");
    }

    @Test
    void theJava17ExampleSaysInvalidForAChangedPublicValue(@TempDir Path dir) throws Exception {
        ObjectNode proof = (ObjectNode) JSON.readTree(BUNDLE.resolve("PROOF.json").toFile());
        ((ArrayNode) proof.get("publicInputs")).set(0, "4485"); // the first output, one quantum higher
        Path tampered = dir.resolve("tampered.json");
        JSON.writeValue(tampered.toFile(), proof);

        Run run = runExample(classes, tampered);
        assertThat(run.exit).as(run.output).isEqualTo(1);
        assertThat(run.output).contains("INVALID: the proof does not verify");
    }

    @Test
    void theJava17ExampleSaysMalformedForAChangedProofByte(@TempDir Path dir) throws Exception {
        ObjectNode proof = (ObjectNode) JSON.readTree(BUNDLE.resolve("PROOF.json").toFile());
        byte[] bytes = proof.get("proof").binaryValue();
        bytes[bytes.length - 1] ^= 1; // the payload no longer matches the container's SHA-256
        proof.put("proof", bytes);
        Path tampered = dir.resolve("tampered.json");
        JSON.writeValue(tampered.toFile(), proof);

        Run run = runExample(classes, tampered);
        assertThat(run.exit).as(run.output).isEqualTo(2);
        assertThat(run.output).contains("MALFORMED: ");
    }

    private static Path compileExample() throws IOException {
        Path classes = Files.createDirectories(work.resolve("classes"));
        Run javac = exec(List.of(jdk17.resolve("bin/javac").toString(), "-Xlint:all", "-Werror", "-cp", classpath,
                "-d", classes.toString(), EXAMPLE.toString()));
        assertThat(javac.exit).as("javac 17 on %s:%n%s", EXAMPLE, javac.output).isZero();
        return classes;
    }

    private static Run runExample(Path classes, Path proof) throws IOException {
        return exec(List.of(jdk17.resolve("bin/java").toString(), "-cp",
                classes + java.io.File.pathSeparator + classpath, "VerifyProof", BUNDLE.toString(), proof.toString()));
    }

    private record Run(int exit, String output) {}

    private static Run exec(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("timed out: " + command);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + command, e);
        }
        return new Run(p.exitValue(), out);
    }

    private static String property(String name) {
        String v = System.getProperty(name);
        assertThat(v).as("system property %s (set by verifier/pom.xml)", name).isNotBlank();
        return v;
    }

    private static Optional<Path> findJdk17() throws IOException {
        List<Path> candidates = new ArrayList<>();
        String env = System.getenv("ZKINFER_JDK17_HOME");
        if (env != null && !env.isEmpty()) {
            candidates.add(Path.of(env));
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> s = Files.list(jvms)) {
                s.sorted().forEach(candidates::add);
            }
        }
        for (Path home : candidates) {
            Path release = home.resolve("release");
            if (Files.isExecutable(home.resolve("bin/javac")) && Files.isRegularFile(release)
                    && Files.readString(release).contains("JAVA_VERSION=\"17")) {
                return Optional.of(home);
            }
        }
        return Optional.empty();
    }
}
