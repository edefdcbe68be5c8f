package io.zkinfer.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

import static org.assertj.core.api.Assertions.assertThat;

class DemoCommandTest {

    private static String runCapturing(int expectedExit, String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true));
        try {
            assertThat(Main.run(args)).isEqualTo(expectedExit);
        } finally {
            System.setOut(saved);
        }
        return buf.toString();
    }

    @Test
    void demoProvesAndVerifiesOnGroth16() {
        String out = runCapturing(ExitCodes.OK, "demo");
        assertThat(out).contains("verified by gnark: true").contains("VALID").contains("eligible = 1");
    }

    @Test
    void demoProvesAnIneligibleApplicantToo() {
        String out = runCapturing(ExitCodes.OK, "demo", "--backend", "plonk", "--income", "1000", "--debt", "900");
        assertThat(out).contains("ABOVE").contains("eligible = 0");
    }

    @Test
    void badBackendIsExitCodeTwo() {
        assertThat(Main.run("demo", "--backend", "stark")).isEqualTo(ExitCodes.BAD_INPUT);
    }

    @Test
    void unknownCommandIsExitCodeTwo() {
        assertThat(Main.run("frobnicate")).isEqualTo(ExitCodes.BAD_INPUT);
    }
}
