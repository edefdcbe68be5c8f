package io.zkinfer.verifier.bn254;

import java.math.BigInteger;

/**
 * The Miller-loop line coefficients of a G2 point, computed once. A verifying key keeps its fixed G2 points prepared,
 * so a verification only walks the stored lines for them. The steps are gnark-crypto's projective doubleStep,
 * addMixedStep and lineCompute, in the order of its MillerLoop (so the loop output equals gnark's), computed
 * allocation-free by {@link G2Tower}.
 */
public final class G2Prepared {
    static final int[] LOOP = naf(new BigInteger("29793968203157093288")); // 6x₀ + 2

    static {
        if (LOOP.length != 66 || LOOP[64] != 0 || LOOP[63] != -1) {
            throw new ExceptionInInitializerError("unexpected optimal ate loop counter");
        }
    }

    /** Lines per point: the first doubling, its two lines for i = 63, one or two per remaining digit, two at the end. */
    static final int SIZE;

    static {
        int size = 1 + 2 + 2;
        for (int i = LOOP.length - 4; i >= 0; i--) {
            size += LOOP[i] == 0 ? 1 : 2;
        }
        SIZE = size;
    }

    final boolean infinity;
    /** The coefficients (r0, r1, r2) of line i as limb arrays for {@link Tower}, at 24·i, 24·i + 8, 24·i + 16. */
    final long[] lines;

    private G2Prepared(boolean infinity, long[] lines) {
        this.infinity = infinity;
        this.lines = lines;
    }

    public static G2Prepared of(G2Affine q) {
        if (q.isInfinity()) {
            return new G2Prepared(true, new long[0]);
        }
        return new G2Prepared(false, G2Tower.lines(q, SIZE));
    }

    private static int[] naf(BigInteger a) {
        int[] out = new int[a.bitLength() + 1];
        int len = 0;
        while (a.signum() != 0) {
            if (!a.testBit(0)) {
                out[len] = 0;
            } else if (a.testBit(1)) {
                out[len] = -1;
                a = a.add(BigInteger.ONE);
            } else {
                out[len] = 1;
                a = a.subtract(BigInteger.ONE);
            }
            a = a.shiftRight(1);
            len++;
        }
        return java.util.Arrays.copyOf(out, len);
    }
}
