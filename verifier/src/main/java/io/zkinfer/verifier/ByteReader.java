package io.zkinfer.verifier;

import io.zkinfer.verifier.bn254.Fr;
import io.zkinfer.verifier.bn254.G1Affine;
import io.zkinfer.verifier.bn254.G2Affine;
import io.zkinfer.verifier.bn254.PointCodec;
import java.math.BigInteger;

/**
 * A bounds-checked cursor over gnark's binary encodings (big-endian integers, gnark-crypto points). A reader made
 * with {@link #countsOnly} skips points without decoding them (returning null): keys are read that way first, so that
 * every count is bounded and checked before the first costly point decoding (subgroup checks, square roots).
 */
final class ByteReader {
    private final byte[] b;
    private int pos;
    private final String what;
    private final boolean decodePoints;

    ByteReader(byte[] b, int pos, String what) {
        this(b, pos, what, true);
    }

    private ByteReader(byte[] b, int pos, String what, boolean decodePoints) {
        this.b = b;
        this.pos = pos;
        this.what = what;
        this.decodePoints = decodePoints;
    }

    /** A reader whose {@link #g1} and {@link #g2} only skip the point's bytes (its length is in its first byte). */
    static ByteReader countsOnly(byte[] b, String what) {
        return new ByteReader(b, 0, what, false);
    }

    int remaining() {
        return b.length - pos;
    }

    private void need(int n, String field) throws MalformedInputException {
        if (n < 0 || remaining() < n) {
            throw new MalformedInputException(what + ": truncated at " + field + " (needs " + n + " bytes, "
                    + remaining() + " left)");
        }
    }

    long u32(String field) throws MalformedInputException {
        need(4, field);
        long v = 0;
        for (int i = 0; i < 4; i++) {
            v = (v << 8) | (b[pos++] & 0xff);
        }
        return v;
    }

    long u64(String field) throws MalformedInputException {
        need(8, field);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[pos++] & 0xff);
        }
        return v;
    }

    /**
     * Slices longer than this are refused: a key with more public values (or a proof with more commitments) is not
     * one we can precompute for in bounded memory, and gnark makes nothing near it for real circuits.
     */
    static final int MAX_SLICE = 1 << 16;

    /** A slice length, checked against the bytes left so that a crafted length cannot make us allocate. */
    int length(String field, int minElementSize) throws MalformedInputException {
        return length(field, minElementSize, MAX_SLICE);
    }

    /** A slice length of at most {@code max} elements, checked against the bytes left. */
    int length(String field, int minElementSize, int max) throws MalformedInputException {
        long n = u32(field);
        if (n > max) {
            throw new MalformedInputException(what + ": " + field + " has " + n + " elements, more than the "
                    + max + " supported");
        }
        if (n * minElementSize > remaining()) {
            throw new MalformedInputException(what + ": " + field + " claims " + n + " elements but only "
                    + remaining() + " bytes are left");
        }
        return (int) n;
    }

    G1Affine g1(String field) throws MalformedInputException {
        if (!decodePoints) {
            need(1, field);
            skip(PointCodec.g1Length(b[pos]), field);
            return null;
        }
        PointCodec.Decoded<G1Affine> d = PointCodec.decodeG1(b, pos, what + " " + field);
        pos += d.length();
        return d.point();
    }

    G2Affine g2(String field) throws MalformedInputException {
        if (!decodePoints) {
            need(1, field);
            skip(PointCodec.g2Length(b[pos]), field);
            return null;
        }
        PointCodec.Decoded<G2Affine> d = PointCodec.decodeG2(b, pos, what + " " + field);
        pos += d.length();
        return d.point();
    }

    G1Affine[] g1Slice(String field) throws MalformedInputException {
        return g1Slice(field, MAX_SLICE);
    }

    G1Affine[] g1Slice(String field, int max) throws MalformedInputException {
        int n = length(field, 32, max);
        G1Affine[] out = new G1Affine[n];
        for (int i = 0; i < n; i++) {
            out[i] = g1(field + "[" + i + "]");
        }
        return out;
    }

    /** A canonical scalar-field element (32 bytes big-endian, below r), as gnark's decoder demands. */
    BigInteger fr(String field) throws MalformedInputException {
        need(32, field);
        BigInteger v = new BigInteger(1, java.util.Arrays.copyOfRange(b, pos, pos + 32));
        pos += 32;
        if (!Fr.isCanonical(v)) {
            throw new MalformedInputException(what + ": " + field + " is not a canonical scalar (≥ r)");
        }
        return v;
    }

    BigInteger[] frSlice(String field, int max) throws MalformedInputException {
        int n = length(field, 32, max);
        BigInteger[] out = new BigInteger[n];
        for (int i = 0; i < n; i++) {
            out[i] = fr(field + "[" + i + "]");
        }
        return out;
    }

    void skip(int n, String field) throws MalformedInputException {
        need(n, field);
        pos += n;
    }

    void end() throws MalformedInputException {
        if (remaining() != 0) {
            throw new MalformedInputException(what + ": " + remaining() + " unexpected bytes after the end");
        }
    }
}
