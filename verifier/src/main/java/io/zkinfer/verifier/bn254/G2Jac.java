package io.zkinfer.verifier.bn254;

import java.math.BigInteger;

/** A point of G2 (on the twist) in Jacobian coordinates (x/z², y/z³), immutable; infinity has z = 0. */
public final class G2Jac {
    public static final G2Jac INFINITY = new G2Jac(Fp2.ONE, Fp2.ONE, Fp2.ZERO);

    final Fp2 x, y, z;

    G2Jac(Fp2 x, Fp2 y, Fp2 z) {
        this.x = x;
        this.y = y;
        this.z = z;
    }

    public boolean isInfinity() {
        return z.isZero();
    }

    public G2Jac neg() {
        return new G2Jac(x, y.neg(), z);
    }

    public G2Jac dbl() {
        if (isInfinity()) {
            return this;
        }
        Fp2 a = x.square();
        Fp2 b = y.square();
        Fp2 c = b.square();
        Fp2 d = x.add(b).square().sub(a).sub(c).dbl();
        Fp2 e = a.dbl().add(a);
        Fp2 f = e.square();
        Fp2 x3 = f.sub(d.dbl());
        Fp2 y3 = e.mul(d.sub(x3)).sub(c.dbl().dbl().dbl());
        Fp2 z3 = y.mul(z).dbl();
        return new G2Jac(x3, y3, z3);
    }

    public G2Jac add(G2Jac o) {
        if (isInfinity()) {
            return o;
        }
        if (o.isInfinity()) {
            return this;
        }
        Fp2 z1z1 = z.square();
        Fp2 z2z2 = o.z.square();
        Fp2 u1 = x.mul(z2z2);
        Fp2 u2 = o.x.mul(z1z1);
        Fp2 s1 = y.mul(o.z).mul(z2z2);
        Fp2 s2 = o.y.mul(z).mul(z1z1);
        Fp2 h = u2.sub(u1);
        Fp2 r = s2.sub(s1).dbl();
        if (h.isZero()) {
            return r.isZero() ? dbl() : INFINITY;
        }
        Fp2 i = h.dbl().square();
        Fp2 j = h.mul(i);
        Fp2 v = u1.mul(i);
        Fp2 x3 = r.square().sub(j).sub(v.dbl());
        Fp2 y3 = r.mul(v.sub(x3)).sub(s1.mul(j).dbl());
        Fp2 z3 = z.add(o.z).square().sub(z1z1).sub(z2z2).mul(h);
        return new G2Jac(x3, y3, z3);
    }

    /** this + a for an affine a (cheaper than {@link #add}). */
    public G2Jac addMixed(G2Affine a) {
        if (a.isInfinity()) {
            return this;
        }
        if (isInfinity()) {
            return a.toJacobian();
        }
        Fp2 z1z1 = z.square();
        Fp2 u2 = a.x().mul(z1z1);
        Fp2 s2 = a.y().mul(z).mul(z1z1);
        Fp2 h = u2.sub(x);
        Fp2 r = s2.sub(y).dbl();
        if (h.isZero()) {
            return r.isZero() ? dbl() : INFINITY;
        }
        Fp2 hh = h.square();
        Fp2 i = hh.dbl().dbl();
        Fp2 j = h.mul(i);
        Fp2 v = x.mul(i);
        Fp2 x3 = r.square().sub(j).sub(v.dbl());
        Fp2 y3 = r.mul(v.sub(x3)).sub(y.mul(j).dbl());
        Fp2 z3 = z.add(h).square().sub(z1z1).sub(hh);
        return new G2Jac(x3, y3, z3);
    }

    /** [k]this for any k ≥ 0 (not reduced: [r]P is infinity for P in G2). */
    public G2Jac mul(BigInteger k) {
        return Msm.g2(new G2Jac[] {this}, new BigInteger[] {k});
    }

    public G2Affine toAffine() {
        if (isInfinity()) {
            return G2Affine.INFINITY;
        }
        Fp2 zi = z.inverse();
        Fp2 zi2 = zi.square();
        return new G2Affine(x.mul(zi2), y.mul(zi2).mul(zi));
    }

    public boolean equalsPoint(G2Jac o) {
        if (isInfinity() || o.isInfinity()) {
            return isInfinity() && o.isInfinity();
        }
        Fp2 z1z1 = z.square();
        Fp2 z2z2 = o.z.square();
        return x.mul(z2z2).equals(o.x.mul(z1z1))
                && y.mul(z2z2).mul(o.z).equals(o.y.mul(z1z1).mul(z));
    }

    private static final Fp2 ENDO_U = Fp2.of(
            "21575463638280843010398324269430826099269044274347216827212613867836435027261",
            "10307601595873709700152284273816112264069230130616436755625194854815875713954");
    private static final Fp2 ENDO_V = Fp2.of(
            "2821565182194536844548159561693502659359617185244120367078079554186484126554",
            "3505843767911556378687030309984248845540243509899259641013678093033130930403");
    static final BigInteger SEED = new BigInteger("4965661367192848881");

    /** ψ = untwist ∘ Frobenius ∘ twist, an endomorphism of the twist. */
    G2Jac psi() {
        return new G2Jac(x.conjugate().mul(ENDO_U), y.conjugate().mul(ENDO_V), z.conjugate());
    }

    /**
     * Membership in the order-r subgroup (the twist has a large cofactor), by the check of eprint 2022/348 that gnark
     * uses: [r]P = 0 ⇔ [x₀+1]P + ψ([x₀]P) + ψ²([x₀]P) = ψ³([2x₀]P). The caller checks that P is on the curve.
     */
    boolean isInSubgroupOnCurve() {
        return isInSubgroupOnCurve(mul(SEED));
    }

    /** {@link #isInSubgroupOnCurve()} given a = [x₀]this. */
    boolean isInSubgroupOnCurve(G2Jac a) {
        G2Jac b = a.psi();
        a = a.add(this);
        G2Jac res = b.psi();
        G2Jac c = res.add(b).add(a);
        res = res.psi().dbl();
        return res.equalsPoint(c);
    }
}
