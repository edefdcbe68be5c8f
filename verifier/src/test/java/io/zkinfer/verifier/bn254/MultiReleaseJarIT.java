package io.zkinfer.verifier.bn254;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.lang.reflect.Method;
import java.math.BigInteger;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged verifier jar is multi-release: on this (Java 18+) JVM, {@code Uint64} comes from
 * META-INF/versions/18 (Math.unsignedMultiplyHigh) and agrees with BigInteger. The Java 17 base version is tested by
 * {@link Uint64Test} (unpackaged classes) and, inside the whole verifier on JDK 17, by Java17EmbeddingIT. Runs in
 * the surefire execution java17-embedding, after 'package'.
 */
class MultiReleaseJarIT {
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    @Test
    void onJava18PlusTheJarsUint64IsTheVersions18OneAndMultipliesCorrectly() throws Exception {
        String jar = System.getProperty("zkinfer.verifier.jar");
        Assumptions.assumeTrue(jar != null, "runs in the surefire execution java17-embedding, after 'package'");
        assertThat(Runtime.version().feature()).isGreaterThanOrEqualTo(18);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {Path.of(jar).toUri().toURL()}, null)) {
            try (InputStream in = loader.getResourceAsStream("io/zkinfer/verifier/bn254/Uint64.class")) {
                byte[] head = in.readNBytes(8);
                assertThat((head[6] & 0xff) << 8 | (head[7] & 0xff))
                        .as("class file version of the Uint64 this JVM loads from the jar (62 = versions/18)")
                        .isEqualTo(62);
            }
            Method mulHigh = loader.loadClass("io.zkinfer.verifier.bn254.Uint64")
                    .getDeclaredMethod("mulHigh", long.class, long.class);
            mulHigh.setAccessible(true);
            SplittableRandom random = new SplittableRandom(18);
            long[] edges = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, Fp.Q1, Fp.Q3};
            for (int i = 0; i < 20_000; i++) {
                long a = i < edges.length * edges.length ? edges[i % edges.length] : random.nextLong();
                long b = i < edges.length * edges.length ? edges[i / edges.length] : random.nextLong();
                long expected = new BigInteger(Long.toUnsignedString(a))
                        .multiply(new BigInteger(Long.toUnsignedString(b))).divide(TWO_64).longValue();
                assertThat((long) mulHigh.invoke(null, a, b)).as("mulHigh(%x, %x)", a, b).isEqualTo(expected);
            }
        }
    }
}
