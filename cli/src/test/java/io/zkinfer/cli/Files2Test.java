package io.zkinfer.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Write errors name the file and the reason, are found before the work, and public files are 0644. */
class Files2Test {

    @TempDir
    Path dir;

    @Test
    void anOutputUnderAFileIsRefusedNamingBoth() throws Exception {
        Path file = Files.writeString(dir.resolve("afile"), "x");
        assertThatThrownBy(() -> Files2.requireWritable(file.resolve("p.json"), "proof file"))
                .isInstanceOf(UserInputException.class)
                .hasMessage("cannot write proof file " + file.resolve("p.json") + ": " + file
                        + " is a file, not a folder");
        assertThatThrownBy(() -> Files2.requireWritable(dir, "proof file"))
                .hasMessageContaining("cannot write proof file " + dir + ": it is a folder");
        assertThatThrownBy(() -> Files2.requireWritableFolder(file, "bundle"))
                .hasMessageContaining("it is a file, not a folder");
    }

    @Test
    void aFolderThatTakesNoFileGivesTheSystemsReason() {
        // /proc takes no new files, even for root (a chmod 555 folder would not stop root)
        Path p = Path.of("/proc/zkinfer-write-check/p.json");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc")));
        assertThatThrownBy(() -> Files2.requireWritable(p, "proof file"))
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith("cannot write proof file " + p + ": ")
                .hasMessageContaining("(in /proc)");
    }

    @Test
    void aWritableTargetPassesAndLeavesNothingBehind() throws Exception {
        Files2.requireWritable(dir.resolve("new/sub/p.json"), "proof file");   // folders that write would create
        Files2.requireWritableFolder(dir.resolve("bundle"), "bundle");
        try (var s = Files.list(dir)) {
            assertThat(s.toList()).isEmpty();
        }
    }

    @Test
    void aFailedWriteNamesTheTargetNotItsTemporarySibling() throws Exception {
        Path file = Files.writeString(dir.resolve("afile"), "x");
        assertThatThrownBy(() -> Files2.writeString(file.resolve("p.json"), "{}"))
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith("cannot write " + file.resolve("p.json") + ": ")
                .hasMessageNotContaining(".tmp");
    }

    @Test
    void publicFilesAre0644AndSecrets0600EvenUnderAStrictUmask() throws Exception {
        Path pub = dir.resolve("proof.json");
        Path secret = dir.resolve("salts.json");
        Files2.writeString(pub, "{}");
        Files2.writeSecret(secret, new byte[] {1});
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pub))).isEqualTo("rw-r--r--");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).isEqualTo("rw-------");

        Path keys = Files.createTempDirectory(dir, "keys");   // created 0700, like setup's temporary folders
        Path pk = Files.createFile(keys.resolve("pk.bin"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------")));   // as gnark writes keys
        Files2.makeFolderPublic(keys);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys))).isEqualTo("rwxr-xr-x");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pk))).isEqualTo("rw-r--r--");
    }
}
