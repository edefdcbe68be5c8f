package io.zkinfer.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.zkinfer.verifier.bn254.Fr;
import io.zkinfer.verifier.bn254.G1Affine;
import io.zkinfer.verifier.bn254.G1Jac;
import io.zkinfer.verifier.bn254.G2Affine;
import io.zkinfer.verifier.bn254.G2Prepared;
import io.zkinfer.verifier.bn254.Pairing;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PLONK forgeries with a known-trapdoor SRS (vectorgen "forgery": a gnark key and proof from an SRS whose τ is in
 * tau.txt). Knowing τ, anyone can open a KZG commitment at any point to any value: (τ − x)⁻¹·(C − v·G) is a valid
 * opening proof. That lets these tests build proofs of a false statement that satisfy every check of the verifier but
 * one, so each test fails when that one check is removed:
 *
 * <ul>
 *   <li>both KZG openings valid, the linearised-polynomial relation broken (the check {@code constLin == cv[0]});
 *   <li>the linearised relation and the opening at ζ valid, the opening of Z at ζω stale (the shifted opening, which
 *       the verifier folds in with a random λ: λ = 0 would drop it).
 * </ul>
 *
 * <p>The algebra below restates gnark's backend/plonk/bn254/verify.go (as PlonkVerifyingKey does); it reproduces
 * gnark's own opening proofs of the honest proof exactly, which checks it.
 */
class PlonkTrapdoorForgeryTest {
    static final int KZG_LINES_BYTES = 2 * 2 * 66 * 2 * 2 * 32;

    byte[] keyBytes;
    byte[] proofBytes;
    PlonkVerifyingKey vk;
    Key key;
    Proof honest;
    List<BigInteger> pub;
    BigInteger tau;

    void load(String name) throws Exception {
        Path dir = Vectors.root().resolve("forgery").resolve(name);
        keyBytes = Vectors.bytes(dir.resolve("vk.zkinfer"));
        proofBytes = Vectors.bytes(dir.resolve("proof.zkinfer"));
        vk = PlonkVerifyingKey.parse(keyBytes);
        key = Key.decode(GnarkGroth16Test.payload(keyBytes));
        honest = Proof.decode(GnarkGroth16Test.payload(proofBytes));
        pub = Vectors.publicInputs(dir);
        tau = new BigInteger(Vectors.text(dir.resolve("tau.txt")).trim());
        assertThat(G2Affine.GENERATOR.mul(tau)).as("tau.txt is the key's trapdoor").isEqualTo(key.kzgG2[1]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"plonk-trapdoor", "plonk-commit2"})
    void honestProofVerifiesAndTheForgerReproducesGnarksOpenings(String name) throws Exception {
        load(name);
        assertThat(vk.verify(proofBytes, pub)).isTrue();
        assertThat(key.qcp).as("BSB22 commitments").hasSize(name.equals("plonk-commit2") ? 2 : 1);
        for (int i = 0; i < pub.size(); i++) {
            List<BigInteger> other = new ArrayList<>(pub);
            other.set(i, Fr.add(pub.get(i), BigInteger.ONE));
            assertThat(vk.verify(proofBytes, other)).as("public value %d changed", i).isFalse();
        }
        Proof p = honest.copy();
        Challenges ch = key.challenges(pub, p);
        assertThat(key.constLin(ch, pub, p)).isEqualTo(p.cv[0]);
        key.openBoth(ch, p, tau);
        assertThat(p.batchedH).isEqualTo(honest.batchedH);
        assertThat(p.zsH).isEqualTo(honest.zsH);
    }

    /** A proof of another statement: challenges recomputed, both openings re-made with τ, cv[0] left as it was. */
    @ParameterizedTest
    @ValueSource(strings = {"plonk-trapdoor", "plonk-commit2"})
    void brokenLinearisedRelationWithValidOpeningsIsRejected(String name) throws Exception {
        load(name);
        List<BigInteger> falseStatement = withLastPlusOne(pub);
        Proof forged = honest.copy();
        Challenges ch = key.challenges(falseStatement, forged);
        key.openBoth(ch, forged, tau);

        assertThat(key.constLin(ch, falseStatement, forged)).as("linearised relation").isNotEqualTo(forged.cv[0]);
        assertThat(key.openingAtZetaHolds(ch, forged)).isTrue();
        assertThat(key.shiftedOpeningHolds(ch, forged)).isTrue();
        assertThat(vk.verify(reencode(forged), falseStatement)).isFalse();
    }

    /**
     * A proof of another statement whose z(ζω) is chosen so that the linearised relation holds, with a valid opening
     * at ζ re-made with τ; the opening of Z at ζω is left from the honest proof (for another point and value).
     */
    @ParameterizedTest
    @ValueSource(strings = {"plonk-trapdoor", "plonk-commit2"})
    void staleShiftedOpeningIsRejected(String name) throws Exception {
        load(name);
        List<BigInteger> falseStatement = withLastPlusOne(pub);
        Proof forged = honest.copy();
        Challenges ch = key.challenges(falseStatement, forged);
        // constLin = −(t1·t2·(o+γ)·α·zu − α²·L0(ζ) + PI(ζ)): solve constLin = cv[0] for zu
        BigInteger zero = key.constLinWith(ch, falseStatement, forged, BigInteger.ZERO);
        BigInteger slope = Fr.sub(key.constLinWith(ch, falseStatement, forged, BigInteger.ONE), zero);
        forged.zu = Fr.mul(Fr.sub(forged.cv[0], zero), Fr.inverse(slope));
        forged.batchedH = key.openAtZeta(ch, forged, tau);

        assertThat(key.constLin(ch, falseStatement, forged)).as("linearised relation").isEqualTo(forged.cv[0]);
        assertThat(key.openingAtZetaHolds(ch, forged)).isTrue();
        assertThat(key.shiftedOpeningHolds(ch, forged)).isFalse();
        assertThat(vk.verify(reencode(forged), falseStatement)).isFalse();
    }

    /** Both forgeries also fail on the honest statement's own challenges (cv[0] + 1, z(ζω) + 1). */
    @ParameterizedTest
    @ValueSource(strings = {"plonk-trapdoor", "plonk-commit2"})
    void singleValueForgeriesOnTheTrueStatementAreRejected(String name) throws Exception {
        load(name);
        Proof a = honest.copy();
        a.cv[0] = Fr.add(a.cv[0], BigInteger.ONE);
        Challenges ch = key.challenges(pub, a);
        key.openBoth(ch, a, tau);
        assertThat(key.openingAtZetaHolds(ch, a)).isTrue();
        assertThat(vk.verify(reencode(a), pub)).isFalse();

        Proof b = honest.copy();
        b.zu = Fr.add(b.zu, BigInteger.ONE);
        b.cv[0] = key.constLin(ch, pub, b);
        b.batchedH = key.openAtZeta(ch, b, tau);
        assertThat(key.openingAtZetaHolds(ch, b)).isTrue();
        assertThat(key.shiftedOpeningHolds(ch, b)).isFalse();
        assertThat(vk.verify(reencode(b), pub)).isFalse();
    }

    /** The two BSB22 commitments swapped, and each claimed value of a commitment polynomial changed. */
    @Test
    void swappedCommitmentsOrTheirClaimedValuesAreRejected() throws Exception {
        load("plonk-commit2");
        Proof swapped = honest.copy();
        swapped.bsb22 = new G1Affine[] {honest.bsb22[1], honest.bsb22[0]};
        assertThat(vk.verify(reencode(swapped), pub)).isFalse();
        for (int i = 6; i < honest.cv.length; i++) {
            Proof p = honest.copy();
            p.cv[i] = Fr.add(p.cv[i], BigInteger.ONE);
            assertThat(vk.verify(reencode(p), pub)).as("claimed value %d", i).isFalse();
        }
    }

    private static List<BigInteger> withLastPlusOne(List<BigInteger> pub) {
        List<BigInteger> out = new ArrayList<>(pub);
        out.set(out.size() - 1, Fr.add(out.get(out.size() - 1), BigInteger.ONE));
        return out;
    }

    private byte[] reencode(Proof p) {
        return MutationTest.reseal(proofBytes, p.encode());
    }

    record Challenges(BigInteger gamma, BigInteger beta, BigInteger alpha, BigInteger zeta) {}

    /** gnark's raw PLONK proof, mutable. */
    static final class Proof {
        G1Affine[] lro;
        G1Affine z;
        G1Affine[] h;
        G1Affine batchedH;
        BigInteger[] cv;
        G1Affine zsH;
        BigInteger zu;
        G1Affine[] bsb22;

        static Proof decode(byte[] b) throws MalformedInputException {
            ByteReader r = new ByteReader(b, 0, "proof");
            Proof p = new Proof();
            p.lro = new G1Affine[] {r.g1("L"), r.g1("R"), r.g1("O")};
            p.z = r.g1("Z");
            p.h = new G1Affine[] {r.g1("H0"), r.g1("H1"), r.g1("H2")};
            p.batchedH = r.g1("BatchedProof.H");
            p.cv = r.frSlice("ClaimedValues", 64);
            p.zsH = r.g1("ZShiftedOpening.H");
            p.zu = r.fr("ZShiftedOpening.ClaimedValue");
            p.bsb22 = r.g1Slice("Bsb22");
            r.end();
            return p;
        }

        Proof copy() {
            Proof p = new Proof();
            p.lro = lro.clone();
            p.z = z;
            p.h = h.clone();
            p.batchedH = batchedH;
            p.cv = cv.clone();
            p.zsH = zsH;
            p.zu = zu;
            p.bsb22 = bsb22.clone();
            return p;
        }

        byte[] encode() {
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            for (G1Affine q : lro) {
                o.writeBytes(q.toRawBytes());
            }
            o.writeBytes(z.toRawBytes());
            for (G1Affine q : h) {
                o.writeBytes(q.toRawBytes());
            }
            o.writeBytes(batchedH.toRawBytes());
            o.writeBytes(u32(cv.length));
            for (BigInteger v : cv) {
                o.writeBytes(Fr.toBytes(v));
            }
            o.writeBytes(zsH.toRawBytes());
            o.writeBytes(Fr.toBytes(zu));
            o.writeBytes(u32(bsb22.length));
            for (G1Affine q : bsb22) {
                o.writeBytes(q.toRawBytes());
            }
            return o.toByteArray();
        }

        private static byte[] u32(int n) {
            return new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n};
        }
    }

    /** gnark's raw PLONK verifying key, and the verifier's algebra over it. */
    record Key(long size, BigInteger sizeInv, BigInteger generator, long nbPublic, BigInteger cosetShift, G1Affine[] s,
            G1Affine[] q, G1Affine[] qcp, G1Affine kzgG1, G2Affine[] kzgG2, long[] cci) {

        static Key decode(byte[] b) throws MalformedInputException {
            ByteReader r = new ByteReader(b, 0, "key");
            long size = r.u64("Size");
            if (size == 0) {
                r.u64("version");
                size = r.u64("Size");
            }
            BigInteger sizeInv = r.fr("SizeInv");
            BigInteger generator = r.fr("Generator");
            long nbPublic = r.u64("NbPublicVariables");
            BigInteger cosetShift = r.fr("CosetShift");
            G1Affine[] s = {r.g1("S0"), r.g1("S1"), r.g1("S2")};
            G1Affine[] q = {r.g1("Ql"), r.g1("Qr"), r.g1("Qm"), r.g1("Qo"), r.g1("Qk")};
            G1Affine[] qcp = r.g1Slice("Qcp");
            G1Affine kzgG1 = r.g1("Kzg.G1");
            G2Affine[] kzgG2 = {r.g2("Kzg.G2[0]"), r.g2("Kzg.G2[1]")};
            r.skip(KZG_LINES_BYTES, "lines");
            int n = r.length("cci", 8);
            long[] cci = new long[n];
            for (int i = 0; i < n; i++) {
                cci[i] = r.u64("cci");
            }
            r.end();
            return new Key(size, sizeInv, generator, nbPublic, cosetShift, s, q, qcp, kzgG1, kzgG2, cci);
        }

        Challenges challenges(List<BigInteger> pub, Proof p) {
            Transcript fs = new Transcript("gamma", "beta", "alpha", "zeta");
            for (G1Affine x : s) {
                fs.bind("gamma", x.toRawBytes());
            }
            for (G1Affine x : q) {
                fs.bind("gamma", x.toRawBytes());
            }
            for (G1Affine x : qcp) {
                fs.bind("gamma", x.toRawBytes());
            }
            for (BigInteger w : pub) {
                fs.bind("gamma", Fr.toBytes(w));
            }
            for (G1Affine x : p.lro) {
                fs.bind("gamma", x.toRawBytes());
            }
            BigInteger gamma = Fr.fromBytesReduced(fs.compute("gamma"));
            BigInteger beta = Fr.fromBytesReduced(fs.compute("beta"));
            for (G1Affine x : p.bsb22) {
                fs.bind("alpha", x.toRawBytes());
            }
            fs.bind("alpha", p.z.toRawBytes());
            BigInteger alpha = Fr.fromBytesReduced(fs.compute("alpha"));
            for (G1Affine x : p.h) {
                fs.bind("zeta", x.toRawBytes());
            }
            BigInteger zeta = Fr.fromBytesReduced(fs.compute("zeta"));
            return new Challenges(gamma, beta, alpha, zeta);
        }

        BigInteger zh(Challenges ch) {
            return Fr.sub(Fr.pow(ch.zeta, BigInteger.valueOf(size)), BigInteger.ONE);
        }

        BigInteger lagrangeZero(Challenges ch) {
            return Fr.mul(Fr.mul(Fr.inverse(Fr.sub(ch.zeta, BigInteger.ONE)), zh(ch)), sizeInv);
        }

        /** PI(ζ): the public values and the BSB22 commitment hashes at their constraints. */
        BigInteger pi(Challenges ch, List<BigInteger> pub, Proof p) {
            BigInteger pi = BigInteger.ZERO;
            BigInteger w = BigInteger.ONE;
            for (BigInteger x : pub) {
                BigInteger li = Fr.mul(Fr.mul(Fr.mul(zh(ch), Fr.inverse(Fr.sub(ch.zeta, w))), sizeInv), w);
                pi = Fr.add(pi, Fr.mul(li, x));
                w = Fr.mul(w, generator);
            }
            for (int i = 0; i < qcp.length; i++) {
                BigInteger hashed = HashToField.rfc9380(p.bsb22[i].toRawBytes(), HashToField.PLONK_COMMITMENT_DST);
                BigInteger wi = Fr.pow(generator, BigInteger.valueOf(nbPublic + cci[i]));
                BigInteger li = Fr.mul(Fr.mul(Fr.mul(zh(ch), wi), Fr.inverse(Fr.sub(ch.zeta, wi))), sizeInv);
                pi = Fr.add(pi, Fr.mul(li, hashed));
            }
            return pi;
        }

        BigInteger constLin(Challenges ch, List<BigInteger> pub, Proof p) {
            return constLinWith(ch, pub, p, p.zu);
        }

        /** The value the linearised polynomial must open to at ζ, for a given z(ζω). */
        BigInteger constLinWith(Challenges ch, List<BigInteger> pub, Proof p, BigInteger zu) {
            BigInteger[] cv = p.cv;
            BigInteger t1 = Fr.add(Fr.add(Fr.mul(ch.beta, cv[4]), ch.gamma), cv[1]);
            BigInteger t2 = Fr.add(Fr.add(Fr.mul(ch.beta, cv[5]), ch.gamma), cv[2]);
            BigInteger c = Fr.mul(Fr.mul(Fr.mul(Fr.mul(t1, t2), Fr.add(cv[3], ch.gamma)), ch.alpha), zu);
            BigInteger a2l0 = Fr.mul(Fr.mul(lagrangeZero(ch), ch.alpha), ch.alpha);
            return Fr.neg(Fr.add(Fr.sub(c, a2l0), pi(ch, pub, p)));
        }

        /** The commitment to the linearised polynomial the verifier builds from the key, the proof and ζ. */
        G1Affine linDigest(Challenges ch, Proof p) {
            BigInteger[] cv = p.cv;
            BigInteger l = cv[1], r = cv[2], o = cv[3], s1 = cv[4], s2 = cv[5];
            BigInteger beta = ch.beta, gamma = ch.gamma, alpha = ch.alpha, zeta = ch.zeta;
            BigInteger t1 = Fr.add(Fr.add(Fr.mul(beta, s1), gamma), l);
            BigInteger t2 = Fr.add(Fr.add(Fr.mul(beta, s2), gamma), r);
            BigInteger sc1 = Fr.mul(Fr.mul(Fr.mul(Fr.mul(t1, t2), beta), alpha), p.zu);
            BigInteger u = cosetShift;
            BigInteger sc2 = Fr.add(Fr.add(Fr.mul(beta, zeta), gamma), l);
            sc2 = Fr.mul(sc2, Fr.add(Fr.add(Fr.mul(Fr.mul(beta, u), zeta), r), gamma));
            sc2 = Fr.mul(sc2, Fr.add(Fr.add(Fr.mul(Fr.mul(Fr.mul(beta, u), u), zeta), o), gamma));
            sc2 = Fr.neg(Fr.mul(sc2, alpha));
            BigInteger a2l0 = Fr.mul(Fr.mul(lagrangeZero(ch), alpha), alpha);
            BigInteger coeffZ = Fr.add(a2l0, sc2);
            BigInteger zn2 = Fr.pow(zeta, BigInteger.valueOf(size + 2));
            BigInteger zhv = zh(ch);
            G1Jac acc = G1Jac.INFINITY;
            for (int i = 0; i < p.bsb22.length; i++) {
                acc = acc.add(p.bsb22[i].toJacobian().mul(cv[6 + i]));
            }
            acc = acc.add(q[0].toJacobian().mul(l)).add(q[1].toJacobian().mul(r))
                    .add(q[2].toJacobian().mul(Fr.mul(l, r))).add(q[3].toJacobian().mul(o)).add(q[4].toJacobian())
                    .add(s[2].toJacobian().mul(sc1)).add(p.z.toJacobian().mul(coeffZ))
                    .add(p.h[0].toJacobian().mul(Fr.neg(zhv)))
                    .add(p.h[1].toJacobian().mul(Fr.neg(Fr.mul(zn2, zhv))))
                    .add(p.h[2].toJacobian().mul(Fr.neg(Fr.mul(Fr.mul(zn2, zn2), zhv))));
            return acc.toAffine();
        }

        /** gnark's FoldProof: the folded digest Σ γ'ⁱ·Dᵢ and value Σ γ'ⁱ·vᵢ of the openings at ζ. */
        Object[] fold(Challenges ch, Proof p) {
            G1Affine[] digests = new G1Affine[6 + qcp.length];
            digests[0] = linDigest(ch, p);
            System.arraycopy(p.lro, 0, digests, 1, 3);
            digests[4] = s[0];
            digests[5] = s[1];
            System.arraycopy(qcp, 0, digests, 6, qcp.length);
            Transcript kfs = new Transcript("gamma");
            kfs.bind("gamma", Fr.toBytes(ch.zeta));
            for (G1Affine d : digests) {
                kfs.bind("gamma", d.toRawBytes());
            }
            for (BigInteger v : p.cv) {
                kfs.bind("gamma", Fr.toBytes(v));
            }
            kfs.bind("gamma", Fr.toBytes(p.zu));
            BigInteger g = Fr.fromBytesReduced(kfs.compute("gamma"));
            G1Jac d = G1Jac.INFINITY;
            BigInteger v = BigInteger.ZERO;
            BigInteger gi = BigInteger.ONE;
            for (int i = 0; i < digests.length; i++) {
                d = d.add(digests[i].toJacobian().mul(gi));
                v = Fr.add(v, Fr.mul(gi, p.cv[i]));
                gi = Fr.mul(gi, g);
            }
            return new Object[] {d.toAffine(), v};
        }

        /** A KZG opening made with the trapdoor: (τ − x)⁻¹·(C − v·G₁). */
        G1Affine open(G1Affine c, BigInteger v, BigInteger x, BigInteger tau) {
            return c.add(kzgG1.mul(v).neg()).mul(Fr.inverse(Fr.sub(tau, x)));
        }

        G1Affine openAtZeta(Challenges ch, Proof p, BigInteger tau) {
            Object[] f = fold(ch, p);
            return open((G1Affine) f[0], (BigInteger) f[1], ch.zeta, tau);
        }

        void openBoth(Challenges ch, Proof p, BigInteger tau) {
            p.batchedH = openAtZeta(ch, p, tau);
            p.zsH = open(p.z, p.zu, Fr.mul(ch.zeta, generator), tau);
        }

        /** KZG's pairing check e(C − v·G₁ + x·H, [1]₂)·e(−H, [τ]₂) = 1, with the key's SRS points. */
        boolean kzgHolds(G1Affine c, BigInteger v, BigInteger x, G1Affine h) {
            G1Affine lhs = c.add(kzgG1.mul(v).neg()).add(h.mul(x));
            return Pairing.check(new G1Affine[] {lhs, h.neg()},
                    new G2Prepared[] {G2Prepared.of(kzgG2[0]), G2Prepared.of(kzgG2[1])});
        }

        boolean openingAtZetaHolds(Challenges ch, Proof p) {
            Object[] f = fold(ch, p);
            return kzgHolds((G1Affine) f[0], (BigInteger) f[1], ch.zeta, p.batchedH);
        }

        boolean shiftedOpeningHolds(Challenges ch, Proof p) {
            return kzgHolds(p.z, p.zu, Fr.mul(ch.zeta, generator), p.zsH);
        }
    }
}
