package io.zkinfer.circuits.data.sign;

import io.zkinfer.circuits.field.Fr;
import io.zkinfer.circuits.field.Poseidon2;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * EdDSA over gnark-crypto's twisted Edwards curve on the BN254 scalar field ({@code ecc/bn254/twistededwards}:
 * {@code a = -1}, cofactor 8, prime subgroup order {@link #ORDER}), with the challenge
 * {@code h = Poseidon2(R.x, R.y, A.x, A.y, msg)} over field elements — exactly what gnark's
 * {@code std/signature/eddsa.Verify} computes in-circuit with {@code std/hash/poseidon2} and what gnark-crypto's
 * {@code PublicKey.Verify} computes natively with {@code poseidon2.NewMerkleDamgardHasher()} when the message is the
 * 32-byte big-endian encoding of one field element. Verification: {@code [8]([s]B) = [8](R + [h]A)}, {@code s < ORDER}.
 *
 * <p>Key generation and nonces are this library's own (a uniform secret scalar; a deterministic nonce
 * {@code SHA-512(prefix ‖ msg) mod ORDER} as in RFC 8032); any valid signature verifies the same way.
 */
public final class EdDsa {

    static final BigInteger P = Fr.MODULUS;
    static final BigInteger A = P.subtract(BigInteger.ONE); // -1
    static final BigInteger D = new BigInteger(
            "12181644023421730124874158521699555681764249180949974110617291017600649128846");
    public static final BigInteger ORDER = new BigInteger(
            "2736030358979909402780800718157159386076813972158567259200215660948447373041");
    public static final Point BASE = new Point(
            new BigInteger("9671717474070082183213120605117400219616337014328744928644933853176787189663"),
            new BigInteger("16950150798460657717958625567821834550301663161624707787222815936182638968203"));

    private EdDsa() {
    }

    /** An affine point (canonical coordinates). */
    public record Point(BigInteger x, BigInteger y) {
        public static final Point IDENTITY = new Point(BigInteger.ZERO, BigInteger.ONE);

        public Point {
            Fr.requireCanonical(x, "point x");
            Fr.requireCanonical(y, "point y");
        }

        public boolean isOnCurve() {
            BigInteger x2 = x.multiply(x).mod(P);
            BigInteger y2 = y.multiply(y).mod(P);
            BigInteger lhs = A.multiply(x2).add(y2).mod(P);
            BigInteger rhs = BigInteger.ONE.add(D.multiply(x2).multiply(y2)).mod(P);
            return lhs.equals(rhs);
        }

        public Point add(Point o) {
            BigInteger x1y2 = x.multiply(o.y);
            BigInteger y1x2 = y.multiply(o.x);
            BigInteger y1y2 = y.multiply(o.y);
            BigInteger x1x2 = x.multiply(o.x);
            BigInteger t = D.multiply(x1x2).mod(P).multiply(y1y2).mod(P);
            BigInteger x3 = x1y2.add(y1x2).multiply(BigInteger.ONE.add(t).modInverse(P)).mod(P);
            BigInteger y3 = y1y2.subtract(A.multiply(x1x2)).multiply(BigInteger.ONE.subtract(t).mod(P).modInverse(P))
                    .mod(P);
            return new Point(x3, y3);
        }

        public Point negate() {
            return new Point(x.negate().mod(P), y);
        }

        /** {@code [k]this} for {@code k >= 0} (double-and-add; the formulas are complete on this curve). */
        public Point multiply(BigInteger k) {
            if (k.signum() < 0) {
                throw new IllegalArgumentException("scalar must be >= 0");
            }
            Point acc = IDENTITY;
            for (int i = k.bitLength() - 1; i >= 0; i--) {
                acc = acc.add(acc);
                if (k.testBit(i)) {
                    acc = acc.add(this);
                }
            }
            return acc;
        }
    }

    /** An issuer's public key {@code A = [secret]B}. */
    public record PublicKey(Point a) {
        public PublicKey {
            Objects.requireNonNull(a, "public key point");
            if (!a.isOnCurve()) {
                throw new IllegalArgumentException("public key (" + a.x() + ", " + a.y() + ") is not on the curve");
            }
            if (isSmallOrder(a)) {
                throw new IllegalArgumentException("public key (" + a.x() + ", " + a.y() + ") has small order "
                        + "([8]A = O): it would accept forged signatures; it is not a point of the prime-order subgroup");
            }
            if (!a.multiply(ORDER).equals(Point.IDENTITY)) {
                throw new IllegalArgumentException("public key is not a point of the prime-order subgroup");
            }
        }
    }

    /** A private key: the secret scalar and the nonce prefix. Keep it secret. */
    public record PrivateKey(BigInteger scalar, byte[] noncePrefix, PublicKey publicKey) {
        public PrivateKey {
            if (scalar.signum() <= 0 || scalar.compareTo(ORDER) >= 0) {
                throw new IllegalArgumentException("secret scalar must lie in [1, order)");
            }
            noncePrefix = noncePrefix.clone();
            Objects.requireNonNull(publicKey);
        }

        @Override public byte[] noncePrefix() { return noncePrefix.clone(); }

        @Override public String toString() { return "PrivateKey[public=" + publicKey + "]"; }
    }

    /** A signature {@code (R, s)}. */
    public record Signature(Point r, BigInteger s) {
        public Signature {
            Objects.requireNonNull(r);
            Objects.requireNonNull(s);
        }
    }

    public static PrivateKey generate(SecureRandom random) {
        byte[] b = new byte[48];
        random.nextBytes(b);
        BigInteger k = new BigInteger(1, b).mod(ORDER.subtract(BigInteger.ONE)).add(BigInteger.ONE);
        byte[] prefix = new byte[32];
        random.nextBytes(prefix);
        return fromScalar(k, prefix);
    }

    public static PrivateKey fromScalar(BigInteger scalar, byte[] noncePrefix) {
        return new PrivateKey(scalar, noncePrefix, new PublicKey(BASE.multiply(scalar)));
    }

    /** The challenge {@code Poseidon2(R.x, R.y, A.x, A.y, msg)}, a field element used unreduced as the scalar. */
    public static BigInteger challenge(Point r, PublicKey pk, BigInteger msg) {
        return Poseidon2.hash(r.x(), r.y(), pk.a().x(), pk.a().y(), Fr.requireCanonical(msg, "message"));
    }

    /** Signs one field element (e.g. a record commitment). */
    public static Signature sign(PrivateKey key, BigInteger msg) {
        Fr.requireCanonical(msg, "message");
        BigInteger nonce;
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-512");
            sha.update("zkinfer-eddsa-nonce".getBytes(StandardCharsets.US_ASCII));
            sha.update(key.noncePrefix);
            sha.update(Fr.toBytes32(msg));
            nonce = new BigInteger(1, sha.digest()).mod(ORDER);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 is missing from this JDK", e);
        }
        if (nonce.signum() == 0) {
            nonce = BigInteger.ONE;
        }
        Point r = BASE.multiply(nonce);
        BigInteger h = challenge(r, key.publicKey(), msg);
        BigInteger s = nonce.add(h.multiply(key.scalar())).mod(ORDER);
        return new Signature(r, s);
    }

    /**
     * Whether {@code [8]p = O}: the identity and the other seven points of the 8-torsion. Such a key cancels out of the
     * cofactored equation, so with it {@code R = [s]B} "signs" every message.
     */
    public static boolean isSmallOrder(Point p) {
        return p.multiply(BigInteger.valueOf(8)).equals(Point.IDENTITY);
    }

    /**
     * The check gnark's circuit makes: {@code [8]A ≠ O}, {@code s < ORDER}, R on the curve,
     * {@code [8]([s]B − [h]A − R) = O}.
     */
    public static boolean verify(PublicKey pk, BigInteger msg, Signature sig) {
        return Fr.isCanonical(msg) && check(pk.a().x(), pk.a().y(), sig.r().x(), sig.r().y(), sig.s(), msg) == null;
    }

    /**
     * The semantics of the IR op {@code eddsa_verify} on canonical field elements: {@code null} if it holds, else why
     * not. A and R must be on the curve, A not of small order ({@code [8]A ≠ O}), {@code s < ORDER},
     * {@code [8]([s]B − [h]A − R) = O}.
     */
    public static String check(BigInteger pkX, BigInteger pkY, BigInteger rX, BigInteger rY, BigInteger s,
                               BigInteger msg) {
        Point a = new Point(pkX, pkY);
        Point r = new Point(rX, rY);
        if (!a.isOnCurve()) {
            return "public key (" + pkX + ", " + pkY + ") is not on the curve";
        }
        if (isSmallOrder(a)) {
            return "public key (" + pkX + ", " + pkY + ") has small order ([8]A = O) and would accept any signature";
        }
        if (!r.isOnCurve()) {
            return "signature point R is not on the curve";
        }
        if (s.signum() < 0 || s.compareTo(ORDER) >= 0) {
            return "signature scalar s is not below the subgroup order";
        }
        BigInteger h = Poseidon2.hash(rX, rY, pkX, pkY, msg);
        Point q = BASE.multiply(s).add(a.multiply(h).negate()).add(r.negate());
        return q.multiply(BigInteger.valueOf(8)).equals(Point.IDENTITY) ? null
                : "the signature does not verify for this public key and message";
    }
}
