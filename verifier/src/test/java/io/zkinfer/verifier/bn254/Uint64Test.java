package io.zkinfer.verifier.bn254;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link Uint64#mulHigh} against BigInteger: the Java 17 replacement of Math.unsignedMultiplyHigh in Fp and Tower. */
class Uint64Test {
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    private static long expectedHigh(long a, long b) {
        BigInteger ua = new BigInteger(Long.toUnsignedString(a));
        BigInteger ub = new BigInteger(Long.toUnsignedString(b));
        return ua.multiply(ub).divide(TWO_64).longValue();
    }

    @Test
    void edgeOperandsInEveryCombinationOfSignBits() {
        // Sign-bit operands are where signed multiplyHigh differs; the Montgomery constants are the operands in use.
        long[] edges = {0, 1, 2, -1, -2, Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE + 1, 0xffffffffL,
                1L << 32, 0x8000000000000001L, Fp.Q0, Fp.Q1, Fp.Q2, Fp.Q3, 0x87d20782e4866389L};
        for (long a : edges) {
            for (long b : edges) {
                assertThat(Uint64.mulHigh(a, b)).as("mulHigh(%x, %x)", a, b).isEqualTo(expectedHigh(a, b));
            }
        }
    }

    @Test
    void randomOperands() {
        SplittableRandom random = new SplittableRandom(17);
        for (int i = 0; i < 200_000; i++) {
            long a = random.nextLong(), b = random.nextLong();
            assertThat(Uint64.mulHigh(a, b)).as("mulHigh(%x, %x)", a, b).isEqualTo(expectedHigh(a, b));
        }
    }
}
