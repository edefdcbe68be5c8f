package io.zkinfer.prover;

import io.zkinfer.prover.internal.NativeLibrary;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The loaded library is the pinned gnark version (parent pom gnark.version = prover-native/go.mod). */
class NativeLibraryTest {

    @Test
    void reportsThePinnedGnarkVersion() throws IOException {
        String expected = System.getProperty("zkinfer.expected.gnark");
        assertThat(expected).as("surefire passes the parent pom's gnark.version").isNotBlank();
        NativeInfo info = ZkProver.nativeInfo();
        assertThat(info.gnark()).isEqualTo(expected);
        assertThat(info.curve()).isEqualTo("bn254");
        assertThat(info.go()).startsWith("go1.");

        // prover-native/go.mod requires the same gnark
        Path goMod = Path.of(System.getProperty("user.dir")).resolveSibling("prover-native").resolve("go.mod");
        Matcher m = Pattern.compile("(?m)^\\s*(?:require\\s+)?github\\.com/consensys/gnark\\s+(v\\S+)")
                .matcher(Files.readString(goMod));
        assertThat(m.find()).as("go.mod requires github.com/consensys/gnark").isTrue();
        assertThat(m.group(1)).isEqualTo(expected);
    }

    @Test
    void reportsThisZkinferVersion() {
        String expected = System.getProperty("zkinfer.expected.version");
        assertThat(ZkProver.nativeInfo().zkinfer()).isEqualTo(expected);
    }

    @Test
    void loadsOnceFromTheCacheOrTheOverride() {
        NativeLibrary lib = NativeLibrary.get();
        assertThat(NativeLibrary.get()).isSameAs(lib);
        assertThat(lib.path()).exists().hasFileName("libzkprover.so");
    }
}
