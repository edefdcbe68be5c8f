package io.zkinfer.verifier.bn254;

import java.math.BigInteger;

/** The scalar field 𝔽r of BN254 (the field of circuit values); a few BigInteger helpers, all results in [0, r). */
public final class Fr {
    public static final BigInteger MODULUS =
            new BigInteger("21888242871839275222246405745257275088548364400416034343698204186575808495617");

    private Fr() {}

    public static boolean isCanonical(BigInteger v) {
        return v.signum() >= 0 && v.compareTo(MODULUS) < 0;
    }

    public static BigInteger add(BigInteger a, BigInteger b) {
        BigInteger s = a.add(b);
        return s.compareTo(MODULUS) >= 0 ? s.subtract(MODULUS) : s;
    }

    public static BigInteger sub(BigInteger a, BigInteger b) {
        BigInteger s = a.subtract(b);
        return s.signum() < 0 ? s.add(MODULUS) : s;
    }

    public static BigInteger mul(BigInteger a, BigInteger b) {
        return a.multiply(b).mod(MODULUS);
    }

    public static BigInteger neg(BigInteger a) {
        return a.signum() == 0 ? a : MODULUS.subtract(a);
    }

    /** Inverse; zero maps to zero, as in gnark-crypto (whose verifiers rely on it). */
    public static BigInteger inverse(BigInteger a) {
        return a.signum() == 0 ? BigInteger.ZERO : a.modInverse(MODULUS);
    }

    public static BigInteger pow(BigInteger a, BigInteger e) {
        return a.modPow(e, MODULUS);
    }

    /** Big-endian bytes reduced mod r (gnark's fr.Element.SetBytes). */
    public static BigInteger fromBytesReduced(byte[] b) {
        return new BigInteger(1, b).mod(MODULUS);
    }

    /** 32 big-endian bytes (gnark's fr.Element.Marshal). */
    public static byte[] toBytes(BigInteger v) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - n, out, 32 - n, n);
        return out;
    }
}
