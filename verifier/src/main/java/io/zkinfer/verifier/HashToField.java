package io.zkinfer.verifier;

import io.zkinfer.verifier.bn254.Fr;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.bouncycastle.crypto.digests.KeccakDigest;

/** The hash-to-field functions of gnark's verifiers. */
final class HashToField {
    static final byte[] GROTH16_CHALLENGE_DST = "G16-BSB22".getBytes(StandardCharsets.US_ASCII);
    static final byte[] PLONK_COMMITMENT_DST = "BSB22-Plonk".getBytes(StandardCharsets.US_ASCII);

    private HashToField() {}

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    /** RFC 9380 expand_message_xmd with SHA-256 (gnark-crypto field/hash.ExpandMsgXmd). */
    static byte[] expandMsgXmd(byte[] msg, byte[] dst, int lenInBytes) {
        MessageDigest h = sha256();
        int ell = (lenInBytes + 31) / 32;
        if (ell > 255 || dst.length > 255) {
            throw new IllegalArgumentException("expand_message_xmd: output or DST too long");
        }
        h.update(new byte[64]);
        h.update(msg);
        h.update(new byte[] {(byte) (lenInBytes >> 8), (byte) lenInBytes, 0});
        h.update(dst);
        h.update((byte) dst.length);
        byte[] b0 = h.digest();
        h.update(b0);
        h.update((byte) 1);
        h.update(dst);
        h.update((byte) dst.length);
        byte[] bi = h.digest();
        byte[] out = new byte[lenInBytes];
        System.arraycopy(bi, 0, out, 0, Math.min(32, lenInBytes));
        for (int i = 2; i <= ell; i++) {
            byte[] x = new byte[32];
            for (int j = 0; j < 32; j++) {
                x[j] = (byte) (b0[j] ^ bi[j]);
            }
            h.update(x);
            h.update((byte) i);
            h.update(dst);
            h.update((byte) dst.length);
            bi = h.digest();
            System.arraycopy(bi, 0, out, 32 * (i - 1), Math.min(32, lenInBytes - 32 * (i - 1)));
        }
        return out;
    }

    /** gnark-crypto fr.Hash(msg, dst, 1): 48 bytes of expand_message_xmd, big-endian, reduced mod r. */
    static BigInteger rfc9380(byte[] msg, byte[] dst) {
        return Fr.fromBytesReduced(expandMsgXmd(msg, dst, 48));
    }

    /**
     * Legacy Keccak-256 (Ethereum), big-endian, reduced mod r: gnark's Solidity hash-to-field, the one zkinfer uses
     * for every Groth16 commitment (gnark's default RFC 9380 one is never accepted).
     */
    static BigInteger keccak256(byte[] msg) {
        KeccakDigest d = new KeccakDigest(256);
        d.update(msg, 0, msg.length);
        byte[] out = new byte[32];
        d.doFinal(out, 0);
        return Fr.fromBytesReduced(out);
    }
}
