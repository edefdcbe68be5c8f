package io.zkinfer.prover;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A crafted artifact (valid container and checksum, hostile payload) must give an exception, never kill the JVM.
 * Checked in a child JVM, so that a failure is a failed test rather than a crashed test run.
 */
class HostileArtifactTest {

    @TempDir
    Path dir;

    @Test
    void hugeSliceLengthInAVerifyingKeyIsRefusedWithoutCrashing() throws Exception {
        var inst = TestCircuits.tiny();
        byte[] art;
        try (CompiledCircuit cc = ZkProver.compile(inst.ir(), Backend.GROTH16, CompileOptions.defaults());
             KeyPair keys = cc.setup(SetupOptions.development())) {
            art = keys.verifyingKey().toBytes();
        }
        int payload = SoundnessTest.payloadOffset(art);
        ByteBuffer.wrap(art).putInt(payload + SoundnessTest.GROTH16_K_OFFSET, 0x7fff_ffff);
        Path hostile = dir.resolve("hostile-vk.bin");
        Files.write(hostile, SoundnessTest.withRecomputedChecksum(art));

        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(List.of(java.toString(), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Child.class.getName(), hostile.toString()))
                .redirectErrorStream(true).start();
        byte[] out = child.getInputStream().readAllBytes();
        assertThat(child.waitFor(2, TimeUnit.MINUTES)).isTrue();
        String output = new String(out);
        assertThat(child.exitValue()).as("child JVM output:%n%s", output.lines().limit(20).toList()).isZero();
        assertThat(output).contains("refused:").contains("length field at byte");
    }

    /** Loads the file given as argument; exit 0 if refused with a ZkException, 2 if it loaded. */
    public static final class Child {
        public static void main(String[] args) {
            try (VerifyingKey vk = VerifyingKey.read(Path.of(args[0]))) {
                System.out.println("loaded a hostile key: " + vk.circuitHash());
                System.exit(2);
            } catch (ZkException e) {
                System.out.println("refused: " + e.getMessage());
                System.exit(0);
            }
        }
    }
}
