package io.zkinfer.prover.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The cache folder: ZKINFER_CACHE, XDG_CACHE_HOME, $HOME (not only user.home), a temp folder; the first that works. */
class NativeLibraryCacheTest {

    @TempDir
    Path dir;

    @Test
    void candidatesInOrderWithHomeFromTheEnvironment() {
        List<Path> dirs = NativeLibrary.cacheDirectories(Map.of("ZKINFER_CACHE", "/z", "XDG_CACHE_HOME", "/x",
                "HOME", "/h", "USER", "ann"), "/passwd-home", "/t");
        assertThat(dirs).containsExactly(Path.of("/z"), Path.of("/x/zkinfer"), Path.of("/h/.cache/zkinfer"),
                Path.of("/passwd-home/.cache/zkinfer"), Path.of("/t/zkinfer-ann"));
        assertThat(NativeLibrary.cacheDirectories(Map.of("XDG_CACHE_HOME", " ", "HOME", "/h"), "/h", "/t"))
                .containsExactly(Path.of("/h/.cache/zkinfer"), Path.of("/t/zkinfer-user"));
    }

    @Test
    void anUnwritableCacheFallsBackToTheNext() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");   // a folder under a file cannot be made
        Path good = dir.resolve("good");
        // any resource: extraction is a copy
        java.net.URL resource = NativeLibrary.class.getClassLoader().getResource(
                "io/zkinfer/prover/internal/NativeLibrary.class");
        Path lib = NativeLibrary.extractToFirstWritable(resource, List.of(file.resolve("cache"), good));
        assertThat(lib).startsWith(good.resolve("native"));
        assertThat(lib).exists();
    }

    @Test
    void noWritableCacheIsOneMessageNamingEveryFolder() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        java.net.URL resource = NativeLibrary.class.getClassLoader().getResource(
                "io/zkinfer/prover/internal/NativeLibrary.class");
        assertThatThrownBy(() -> NativeLibrary.extractToFirstWritable(resource,
                List.of(file.resolve("one"), file.resolve("two"))))
                .hasMessageContaining(file.resolve("one").toString()).hasMessageContaining(file.resolve("two").toString())
                .hasMessageContaining("ZKINFER_CACHE");
    }
}
