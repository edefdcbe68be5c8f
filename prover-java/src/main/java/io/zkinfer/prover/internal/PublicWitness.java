package io.zkinfer.prover.internal;

import io.zkinfer.prover.InvalidInputException;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * gnark's binary witness layout: {@code [u32 BE nbPublic | u32 BE nbSecret | u32 BE n | n × 32-byte BE elements]}.
 */
public final class PublicWitness {

    /** The BN254 scalar field modulus r. */
    public static final BigInteger R = new BigInteger(
            "21888242871839275222246405745257275088548364400416034343698204186575808495617");

    private PublicWitness() {
    }

    /** Encodes public values (public inputs then outputs) as a public-only gnark witness. */
    public static byte[] encode(List<BigInteger> values) {
        ByteBuffer b = ByteBuffer.allocate(12 + 32 * values.size());
        b.putInt(values.size()).putInt(0).putInt(values.size());
        for (int i = 0; i < values.size(); i++) {
            BigInteger v = values.get(i);
            if (v == null || v.signum() < 0 || v.compareTo(R) >= 0) {
                throw new InvalidInputException("public input " + i + " (" + v + ") is not a canonical BN254 scalar "
                        + "field element (0 <= v < r); reduce negative values modulo r first");
            }
            byte[] raw = v.toByteArray();
            int len = Math.min(raw.length, 32);
            b.position(12 + 32 * i + 32 - len);
            b.put(raw, raw.length - len, len);
        }
        return b.array();
    }

    /** The public values of a gnark witness (full or public-only): its first nbPublic elements. */
    public static List<BigInteger> decodePublic(byte[] witness) {
        if (witness.length < 12) {
            throw new InvalidInputException("a witness needs a 12-byte header, got " + witness.length + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(witness);
        long nbPublic = Integer.toUnsignedLong(b.getInt());
        long nbSecret = Integer.toUnsignedLong(b.getInt());
        long n = Integer.toUnsignedLong(b.getInt());
        if (n != nbPublic + nbSecret || witness.length != 12 + 32 * n) {
            throw new InvalidInputException("malformed witness: header says " + nbPublic + " public + " + nbSecret
                    + " secret = " + n + " elements, but it has " + witness.length + " bytes");
        }
        List<BigInteger> out = new ArrayList<>((int) nbPublic);
        for (int i = 0; i < nbPublic; i++) {
            byte[] e = new byte[32];
            b.get(12 + 32 * i, e);
            out.add(new BigInteger(1, e));
        }
        return List.copyOf(out);
    }
}
