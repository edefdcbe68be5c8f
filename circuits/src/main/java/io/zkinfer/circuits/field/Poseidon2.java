package io.zkinfer.circuits.field;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * Poseidon2 over the BN254 scalar field, width 2, exactly as gnark-crypto v0.21.0 defines it
 * ({@code ecc/bn254/fr/poseidon2}: {@code GetDefaultParameters()} = t=2, 6 full rounds, 50 partial rounds, S-box
 * x^5, round keys derived by Keccak-256 from the parameter string), and the Merkle–Damgård hash that both
 * {@code poseidon2.NewMerkleDamgardHasher()} and gnark's in-circuit {@code std/hash/poseidon2} compute: state starts
 * at 0 and absorbs one field element per block with {@code state = compress(state, x)}, where
 * {@code compress(l, r) = P(l, r)[1] + r}. An empty input hashes to 0.
 */
public final class Poseidon2 {

    public static final int WIDTH = 2;
    public static final int FULL_ROUNDS = 6;
    public static final int PARTIAL_ROUNDS = 50;

    private static final BigInteger R = Fr.MODULUS;
    /** roundKeys[i] has 2 entries for full rounds and 1 for partial rounds, as in gnark-crypto. */
    private static final BigInteger[][] ROUND_KEYS = deriveRoundKeys();

    private Poseidon2() {
    }

    /** gnark-crypto's parameter string, the seed of the round keys. */
    public static String parameterString() {
        return "Poseidon2-BN254[t=" + WIDTH + ",rF=" + FULL_ROUNDS + ",rP=" + PARTIAL_ROUNDS + ",d=5]";
    }

    /** The round keys (a copy): one array per round, 2 keys for a full round, 1 for a partial round. */
    public static BigInteger[][] roundKeys() {
        BigInteger[][] copy = new BigInteger[ROUND_KEYS.length][];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = ROUND_KEYS[i].clone();
        }
        return copy;
    }

    private static BigInteger[][] deriveRoundKeys() {
        // gnark-crypto initRC: rnd = keccak(seed); then each key is keccak(previous rnd), read as big-endian mod r
        byte[] rnd = Keccak256.hash(parameterString().getBytes(StandardCharsets.US_ASCII));
        int rounds = FULL_ROUNDS + PARTIAL_ROUNDS;
        BigInteger[][] keys = new BigInteger[rounds][];
        for (int i = 0; i < rounds; i++) {
            boolean full = i < FULL_ROUNDS / 2 || i >= FULL_ROUNDS / 2 + PARTIAL_ROUNDS;
            keys[i] = new BigInteger[full ? WIDTH : 1];
            for (int j = 0; j < keys[i].length; j++) {
                rnd = Keccak256.hash(rnd);
                keys[i][j] = new BigInteger(1, rnd).mod(R);
            }
        }
        return keys;
    }

    /** The permutation on a state of two canonical elements; returns the new state. */
    public static BigInteger[] permute(BigInteger s0, BigInteger s1) {
        BigInteger[] s = {Fr.requireCanonical(s0, "s0"), Fr.requireCanonical(s1, "s1")};
        external(s);
        int rf = FULL_ROUNDS / 2;
        for (int i = 0; i < rf; i++) {
            fullRound(s, i);
        }
        for (int i = rf; i < rf + PARTIAL_ROUNDS; i++) {
            s[0] = sbox(s[0].add(ROUND_KEYS[i][0]).mod(R));
            // internal matrix [[2,1],[1,3]]
            BigInteger sum = s[0].add(s[1]);
            s[0] = s[0].add(sum).mod(R);
            s[1] = s[1].shiftLeft(1).add(sum).mod(R);
        }
        for (int i = rf + PARTIAL_ROUNDS; i < FULL_ROUNDS + PARTIAL_ROUNDS; i++) {
            fullRound(s, i);
        }
        return s;
    }

    private static void fullRound(BigInteger[] s, int round) {
        s[0] = sbox(s[0].add(ROUND_KEYS[round][0]).mod(R));
        s[1] = sbox(s[1].add(ROUND_KEYS[round][1]).mod(R));
        external(s);
    }

    /** External matrix circ(2, 1). */
    private static void external(BigInteger[] s) {
        BigInteger sum = s[0].add(s[1]);
        s[0] = sum.add(s[0]).mod(R);
        s[1] = sum.add(s[1]).mod(R);
    }

    private static BigInteger sbox(BigInteger x) {
        BigInteger x2 = x.multiply(x).mod(R);
        return x2.multiply(x2).mod(R).multiply(x).mod(R);
    }

    /** gnark-crypto's 2-to-1 compression: {@code P(left, right)[1] + right}. */
    public static BigInteger compress(BigInteger left, BigInteger right) {
        BigInteger[] s = permute(left, right);
        return s[1].add(right).mod(R);
    }

    /** The Merkle–Damgård hash of canonical elements (IV 0, one element per block). */
    public static BigInteger hash(List<BigInteger> inputs) {
        Objects.requireNonNull(inputs, "inputs");
        BigInteger state = BigInteger.ZERO;
        for (int i = 0; i < inputs.size(); i++) {
            state = compress(state, Fr.requireCanonical(inputs.get(i), "input " + i));
        }
        return state;
    }

    public static BigInteger hash(BigInteger... inputs) {
        return hash(List.of(inputs));
    }
}
