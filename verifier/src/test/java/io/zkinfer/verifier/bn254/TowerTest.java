package io.zkinfer.verifier.bn254;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The limb-array primitives of {@link Tower} and {@link G2Tower} against BigInteger arithmetic and the immutable
 * classes, on random elements and on the edge cases of their shortcuts: values whose top limb equals p's (the rare
 * full comparison of the reductions), pairs with equal top limbs (the rare path of subtraction), 0, 1 and p − 1.
 */
class TowerTest {
    private static final BigInteger P = Fp.MODULUS;
    private static final BigInteger R = BigInteger.ONE.shiftLeft(256);
    private static final BigInteger R_INV = R.mod(P).modInverse(P);
    private final Random random = new Random(20261123);

    /** Canonical values (not Montgomery form; the additive operations do not care). */
    private List<BigInteger> values() {
        List<BigInteger> v = new ArrayList<>();
        BigInteger top = P.shiftRight(192).shiftLeft(192); // p's top limb, zeros below
        for (BigInteger e : new BigInteger[] {BigInteger.ZERO, BigInteger.ONE, BigInteger.TWO, P.subtract(BigInteger.ONE),
            P.subtract(BigInteger.TWO), P.shiftRight(1), P.shiftRight(1).add(BigInteger.ONE), top,
            top.subtract(BigInteger.ONE), top.add(BigInteger.ONE), P.subtract(BigInteger.ONE.shiftLeft(64)),
            P.subtract(BigInteger.ONE.shiftLeft(128)), P.subtract(BigInteger.ONE.shiftLeft(191))}) {
            v.add(e);
        }
        for (int i = 0; i < 60; i++) {
            BigInteger r = new BigInteger(254, random).mod(P);
            v.add(r);
            // same top limb as r, random below: subtraction's rare path
            v.add(r.shiftRight(192).shiftLeft(192).add(new BigInteger(192, random)).mod(P));
            // half of p's top limb: sums whose top limb may equal p's
            v.add(top.shiftRight(1).add(new BigInteger(192, random)));
        }
        return v;
    }

    private static long[] limbs(BigInteger v) {
        long[] l = new long[4];
        for (int i = 0; i < 4; i++) {
            l[i] = v.shiftRight(64 * i).longValue();
        }
        return l;
    }

    private static BigInteger value(long[] l, int o) {
        BigInteger v = BigInteger.ZERO;
        for (int i = 3; i >= 0; i--) {
            v = v.shiftLeft(64).or(new BigInteger(Long.toUnsignedString(l[o + i])));
        }
        return v;
    }

    @Test
    void fieldOperationsAgreeWithBigInteger() {
        List<BigInteger> v = values();
        long[] z = new long[4];
        int sumsAtTopLimb = 0, equalTopLimbs = 0;
        for (BigInteger a : v) {
            long[] x = limbs(a);
            Tower.neg(z, 0, x, 0);
            assertThat(value(z, 0)).isEqualTo(a.negate().mod(P));
            Tower.dbl(z, 0, x, 0);
            assertThat(value(z, 0)).isEqualTo(a.shiftLeft(1).mod(P));
            for (BigInteger b : v) {
                long[] y = limbs(b);
                if (a.add(b).shiftRight(192).equals(P.shiftRight(192))) {
                    sumsAtTopLimb++;
                }
                if (a.shiftRight(192).equals(b.shiftRight(192))) {
                    equalTopLimbs++;
                }
                Tower.add(z, 0, x, 0, y, 0);
                assertThat(value(z, 0)).isEqualTo(a.add(b).mod(P));
                Tower.sub(z, 0, x, 0, y, 0);
                assertThat(value(z, 0)).isEqualTo(a.subtract(b).mod(P));
                for (BigInteger c : new BigInteger[] {b, a, P.subtract(BigInteger.ONE), BigInteger.ZERO,
                    v.get(Math.floorMod(a.hashCode() + b.hashCode(), v.size()))}) {
                    Tower.subSum(z, 0, x, 0, y, 0, limbs(c), 0);
                    assertThat(value(z, 0)).isEqualTo(a.subtract(b).subtract(c).mod(P));
                }
                Tower.mul(z, 0, x, 0, y, 0);
                assertThat(value(z, 0)).isEqualTo(a.multiply(b).multiply(R_INV).mod(P));
            }
        }
        assertThat(sumsAtTopLimb).isPositive();
        assertThat(equalTopLimbs).isGreaterThan(v.size());
    }

    @Test
    void montgomeryProductOfUnreducedFactorsBelow2pIsReduced() {
        // the factors addLazy gives mul2 and sq2: sums of two reduced values, so anything below 2p
        List<BigInteger> v = new ArrayList<>(values());
        BigInteger twoP = P.shiftLeft(1);
        for (BigInteger e : new BigInteger[] {twoP.subtract(BigInteger.ONE), twoP.subtract(BigInteger.TWO), P,
            P.add(BigInteger.ONE), twoP.subtract(BigInteger.ONE.shiftLeft(192))}) {
            v.add(e);
        }
        for (int i = 0; i < 60; i++) {
            v.add(P.add(new BigInteger(254, random).mod(P)));
        }
        long[] z = new long[4];
        for (BigInteger a : v) {
            for (BigInteger b : v) {
                Tower.mul(z, 0, limbs(a), 0, limbs(b), 0);
                assertThat(value(z, 0)).isEqualTo(a.multiply(b).multiply(R_INV).mod(P));
                long[] s = new long[4];
                Tower.addLazy(s, 0, limbs(a.mod(P)), 0, limbs(b.mod(P)), 0);
                assertThat(value(s, 0)).isEqualTo(a.mod(P).add(b.mod(P)));
            }
        }
    }

    @Test
    void multiplicationByXiAgreesWithFp2() {
        List<BigInteger> v = values();
        long[] z = new long[8];
        for (int i = 0; i < v.size(); i++) {
            for (int j = 0; j < v.size(); j += 3) {
                Fp2 e = new Fp2(Fp.fromBigInteger(v.get(i)), Fp.fromBigInteger(v.get(j)));
                long[] x = Tower.fp2(e);
                Tower.nr2(z, 0, x, 0);
                assertThat(z).isEqualTo(Tower.fp2(e.mulByNonResidue()));
                Tower.nr2(x, 0, x, 0); // in place
                assertThat(x).isEqualTo(z);
            }
        }
    }

    /** A random point of the twist, almost surely outside G2 (the cofactor is about r). */
    private G2Affine randomTwistPoint() {
        while (true) {
            Fp2 x = new Fp2(Fp.fromBigInteger(new BigInteger(256, random)), Fp.fromBigInteger(new BigInteger(256, random)));
            Fp2 y = x.square().mul(x).add(G2Affine.B_TWIST).sqrt();
            if (y != null) {
                return new G2Affine(x, y);
            }
        }
    }

    @Test
    void seedMultiplicationAgreesWithTheGenericOne() {
        int outside = 0;
        for (int i = 0; i < 40; i++) {
            G2Affine p = i % 2 == 0 ? randomTwistPoint()
                    : G2Affine.GENERATOR.mul(new BigInteger(254, random));
            assertThat(p.isOnCurve()).isTrue();
            assertThat(G2Tower.mulBySeed(p).equalsPoint(p.toJacobian().mul(G2Jac.SEED))).isTrue();
            boolean slow = p.toJacobian().isInSubgroupOnCurve();
            assertThat(p.isInSubgroupOnCurve()).isEqualTo(slow).isEqualTo(i % 2 == 1);
            outside += slow ? 0 : 1;
        }
        assertThat(outside).isEqualTo(20);
    }

    @Test
    void fixedAffineLinesGiveTheSamePairingAsProjectiveOnes() {
        for (int i = 0; i < 6; i++) {
            int n = 1 + i % 3;
            G1Affine[] p = new G1Affine[n];
            G2Affine[] q = new G2Affine[n];
            G2Prepared[] projective = new G2Prepared[n], mixed = new G2Prepared[n];
            for (int k = 0; k < n; k++) {
                p[k] = G1Affine.GENERATOR.mul(new BigInteger(254, random));
                q[k] = G2Affine.GENERATOR.mul(new BigInteger(254, random));
                projective[k] = G2Prepared.of(q[k]);
                mixed[k] = k % 2 == 0 ? G2Prepared.fixed(q[k]) : G2Prepared.of(q[k]);
                assertThat(G2Prepared.fixed(q[k]).affine).isNotNull();
            }
            Fp12 expected = Pairing.finalExponentiation(Pairing.millerLoop(p, projective));
            assertThat(Pairing.finalExponentiation(Pairing.millerLoop(p, mixed))).isEqualTo(expected);
            G2Prepared[] allFixed = new G2Prepared[n];
            for (int k = 0; k < n; k++) {
                allFixed[k] = G2Prepared.fixed(q[k]);
            }
            assertThat(Pairing.finalExponentiation(Pairing.millerLoop(p, allFixed))).isEqualTo(expected);
        }
        // e(P, Q)·e(−P, Q) = 1 with one side fixed
        G1Affine p = G1Affine.GENERATOR.mul(BigInteger.valueOf(7));
        G2Affine q = G2Affine.GENERATOR.mul(BigInteger.valueOf(11));
        assertThat(Pairing.check(new G1Affine[] {p, p.neg()}, new G2Prepared[] {G2Prepared.fixed(q), G2Prepared.of(q)}))
                .isTrue();
        assertThat(G2Prepared.fixed(G2Affine.INFINITY).infinity).isTrue();
    }

    @Test
    void multiScalarMultiplicationHandlesCancellationAndInfinity() {
        G1Affine p = G1Affine.GENERATOR.mul(new BigInteger(254, random));
        BigInteger r = Fr.MODULUS;
        for (int i = 0; i < 20; i++) {
            BigInteger k = new BigInteger(254, random).mod(r);
            BigInteger j = new BigInteger(100, random);
            // k·P + (r − k)·P + j·P = j·P: the accumulator passes through P ± P and infinity on the way
            G1Jac sum = Msm.g1(new G1Affine[] {p, p, p, G1Affine.INFINITY}, new BigInteger[] {k, r.subtract(k), j, k});
            assertThat(sum.toAffine()).isEqualTo(p.mul(j));
            G1Jac doubled = Msm.g1(new G1Affine[] {p, p}, new BigInteger[] {j, j});
            assertThat(doubled.toAffine()).isEqualTo(p.mul(j.shiftLeft(1)));
        }
        assertThat(Msm.g1(new G1Affine[] {p}, new BigInteger[] {r}).isInfinity()).isTrue();
        assertThat(Msm.g1(new G1Affine[] {p}, new BigInteger[] {BigInteger.ZERO}).isInfinity()).isTrue();
    }

    @Test
    void preparedLinesGiveTheGenericPairing() {
        // bilinearity through prepared lines: e(aP, Q) = e(P, aQ)
        for (int i = 0; i < 4; i++) {
            BigInteger a = new BigInteger(200, random);
            G1Affine p = G1Affine.GENERATOR.mul(new BigInteger(254, random));
            G2Affine q = G2Affine.GENERATOR.mul(new BigInteger(254, random));
            Fp12 left = Pairing.pair(new G1Affine[] {p.mul(a)}, new G2Affine[] {q});
            Fp12 right = Pairing.pair(new G1Affine[] {p}, new G2Affine[] {q.mul(a)});
            assertThat(left).isEqualTo(right);
            assertThat(left.isOne()).isFalse();
        }
    }
}
