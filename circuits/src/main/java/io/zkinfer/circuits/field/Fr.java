package io.zkinfer.circuits.field;

import java.math.BigInteger;
import java.util.Objects;

/**
 * The BN254 scalar field {@code Fr}: the values that circuit wires carry.
 *
 * <p>Signed integers use the usual embedding: {@code -x} is {@code r - x}; {@link #toSigned} reads every element
 * above {@code (r - 1) / 2} as negative. Canonical means {@code 0 <= v < r}.
 */
public final class Fr {

    /** The field modulus r (a 254-bit prime). */
    public static final BigInteger MODULUS = new BigInteger(
            "21888242871839275222246405745257275088548364400416034343698204186575808495617");

    /** {@code (r - 1) / 2}: the largest element read as non-negative by {@link #toSigned}. */
    public static final BigInteger HALF = MODULUS.subtract(BigInteger.ONE).shiftRight(1);

    /** Bytes of a big-endian encoded element. */
    public static final int BYTES = 32;

    private Fr() {
    }

    /** Any integer (negative included) reduced to its canonical representative. */
    public static BigInteger reduce(BigInteger v) {
        Objects.requireNonNull(v, "value");
        return v.mod(MODULUS);
    }

    /** A signed integer as a canonical field element ({@code -1} becomes {@code r - 1}). */
    public static BigInteger fromSigned(long v) {
        return reduce(BigInteger.valueOf(v));
    }

    /**
     * A signed integer as a canonical field element. Its magnitude must be at most {@code (r - 1) / 2}, so that
     * {@link #toSigned} gives it back; larger values are ambiguous and rejected.
     */
    public static BigInteger fromSigned(BigInteger v) {
        Objects.requireNonNull(v, "value");
        if (v.abs().compareTo(HALF) > 0) {
            throw new IllegalArgumentException("signed value " + v + " is outside [-(r-1)/2, (r-1)/2] and has no"
                    + " unique field representation; pass a canonical element with reduce() if that is meant");
        }
        return reduce(v);
    }

    /** A canonical element read as a signed integer: values above {@code (r - 1) / 2} are negative. */
    public static BigInteger toSigned(BigInteger v) {
        requireCanonical(v, "value");
        return v.compareTo(HALF) > 0 ? v.subtract(MODULUS) : v;
    }

    public static boolean isCanonical(BigInteger v) {
        return v != null && v.signum() >= 0 && v.compareTo(MODULUS) < 0;
    }

    /** Returns {@code v} if it is canonical, else throws naming {@code what}. */
    public static BigInteger requireCanonical(BigInteger v, String what) {
        Objects.requireNonNull(v, what);
        if (!isCanonical(v)) {
            throw new IllegalArgumentException(what + " = " + v + " is not a canonical BN254 scalar field element"
                    + " (0 <= v < r)");
        }
        return v;
    }

    public static BigInteger add(BigInteger a, BigInteger b) {
        return a.add(b).mod(MODULUS);
    }

    public static BigInteger sub(BigInteger a, BigInteger b) {
        return a.subtract(b).mod(MODULUS);
    }

    public static BigInteger mul(BigInteger a, BigInteger b) {
        return a.multiply(b).mod(MODULUS);
    }

    public static BigInteger neg(BigInteger a) {
        return a.negate().mod(MODULUS);
    }

    /** 32-byte big-endian encoding of a canonical element (gnark's {@code fr.Element.Bytes()}). */
    public static byte[] toBytes32(BigInteger v) {
        requireCanonical(v, "value");
        byte[] raw = v.toByteArray();
        byte[] out = new byte[BYTES];
        int n = Math.min(raw.length, BYTES);
        System.arraycopy(raw, raw.length - n, out, BYTES - n, n);
        return out;
    }

    /** Reads 32 big-endian bytes as a canonical element; a value {@code >= r} is rejected. */
    public static BigInteger fromBytes32(byte[] b) {
        if (b.length != BYTES) {
            throw new IllegalArgumentException("expected " + BYTES + " bytes, got " + b.length);
        }
        return requireCanonical(new BigInteger(1, b), "element");
    }
}
