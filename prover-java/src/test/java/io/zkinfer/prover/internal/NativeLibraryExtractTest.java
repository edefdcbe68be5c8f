package io.zkinfer.prover.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Extraction of the library into the cache: keyed by SHA-256, atomic, self-repairing. */
class NativeLibraryExtractTest {

    @TempDir
    Path root;

    @Test
    void extractsIntoAFolderNamedByTheHash() throws Exception {
        byte[] content = "not really a shared library".getBytes();
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));

        Path p = NativeLibrary.extract(new ByteArrayInputStream(content), root);

        assertThat(p).isEqualTo(root.resolve(sha).resolve("libzkprover.so"));
        assertThat(Files.readAllBytes(p)).isEqualTo(content);
        assertThat(onlyFile()).isEqualTo(p);
    }

    @Test
    void reusesAGoodCopyAndReplacesACorruptOne() throws Exception {
        byte[] content = new byte[100_000];
        new java.util.Random(1).nextBytes(content);
        Path p = NativeLibrary.extract(new ByteArrayInputStream(content), root);
        long modified = Files.getLastModifiedTime(p).toMillis();

        Path again = NativeLibrary.extract(new ByteArrayInputStream(content), root);
        assertThat(again).isEqualTo(p);
        assertThat(Files.getLastModifiedTime(p).toMillis()).isEqualTo(modified);

        Files.write(p, new byte[] {1, 2, 3}); // a truncated copy, e.g. from a crash of an older extractor
        Path repaired = NativeLibrary.extract(new ByteArrayInputStream(content), root);
        assertThat(Files.readAllBytes(repaired)).isEqualTo(content);
        assertThat(onlyFile()).isEqualTo(repaired);
    }

    @Test
    void aLibraryInAJarIsFoundAgainByItsEntryCrcAndADamagedCopyIsReplaced() throws Exception {
        byte[] content = new byte[200_000];
        new java.util.Random(2).nextBytes(content);
        Path jar = Files.createTempFile("zkinfer-native-test", ".jar");
        try {
            try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
                out.putNextEntry(new java.util.jar.JarEntry("lib/libzkprover.so"));
                out.write(content);
                out.closeEntry();
            }
            java.net.URL url = java.net.URI.create("jar:" + jar.toUri() + "!/lib/libzkprover.so").toURL();
            Path cache = root.resolve("native");
            Path p = NativeLibrary.cachedOrExtract(url, cache);
            assertThat(Files.readAllBytes(p)).isEqualTo(content);
            try (Stream<Path> s = Files.list(cache.resolve("index"))) {
                assertThat(s.toList()).hasSize(1);
            }
            long modified = Files.getLastModifiedTime(p).toMillis();
            assertThat(NativeLibrary.cachedOrExtract(url, cache)).isEqualTo(p);   // the fast path: same copy
            assertThat(Files.getLastModifiedTime(p).toMillis()).isEqualTo(modified);

            byte[] damaged = content.clone();   // same size, one byte flipped: the CRC-32 check must catch it
            damaged[12_345] ^= 1;
            Files.write(p, damaged);
            Path repaired = NativeLibrary.cachedOrExtract(url, cache);
            assertThat(Files.readAllBytes(repaired)).isEqualTo(content);
        } finally {
            Files.deleteIfExists(jar);
        }
    }

    @Test
    void resourceNameFollowsThePlatform() {
        assertThat(NativeLibrary.resourceName()).startsWith("io/zkinfer/prover/native/")
                .endsWith("/libzkprover.so");
        if (System.getProperty("os.name").toLowerCase().contains("linux")
                && System.getProperty("os.arch").equals("amd64")) {
            assertThat(NativeLibrary.platform()).isEqualTo("linux-x86_64");
        }
    }

    private Path onlyFile() throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            var files = s.filter(Files::isRegularFile).toList();
            assertThat(files).hasSize(1); // no temporary file left behind
            return files.getFirst();
        }
    }
}
