package io.zkinfer.verifier.bn254;

import java.math.BigInteger;

/** A point of G1 in Jacobian coordinates (x/z², y/z³), immutable; infinity has z = 0. */
public final class G1Jac {
    public static final G1Jac INFINITY = new G1Jac(Fp.ONE, Fp.ONE, Fp.ZERO);

    final Fp x, y, z;

    G1Jac(Fp x, Fp y, Fp z) {
        this.x = x;
        this.y = y;
        this.z = z;
    }

    public boolean isInfinity() {
        return z.isZero();
    }

    public G1Jac neg() {
        return new G1Jac(x, y.neg(), z);
    }

    public G1Jac dbl() {
        if (isInfinity()) {
            return this;
        }
        Fp a = x.square();
        Fp b = y.square();
        Fp c = b.square();
        Fp d = x.add(b).square().sub(a).sub(c).dbl();
        Fp e = a.dbl().add(a);
        Fp f = e.square();
        Fp x3 = f.sub(d.dbl());
        Fp y3 = e.mul(d.sub(x3)).sub(c.dbl().dbl().dbl());
        Fp z3 = y.mul(z).dbl();
        return new G1Jac(x3, y3, z3);
    }

    public G1Jac add(G1Jac o) {
        if (isInfinity()) {
            return o;
        }
        if (o.isInfinity()) {
            return this;
        }
        Fp z1z1 = z.square();
        Fp z2z2 = o.z.square();
        Fp u1 = x.mul(z2z2);
        Fp u2 = o.x.mul(z1z1);
        Fp s1 = y.mul(o.z).mul(z2z2);
        Fp s2 = o.y.mul(z).mul(z1z1);
        Fp h = u2.sub(u1);
        Fp r = s2.sub(s1).dbl();
        if (h.isZero()) {
            return r.isZero() ? dbl() : INFINITY;
        }
        Fp i = h.dbl().square();
        Fp j = h.mul(i);
        Fp v = u1.mul(i);
        Fp x3 = r.square().sub(j).sub(v.dbl());
        Fp y3 = r.mul(v.sub(x3)).sub(s1.mul(j).dbl());
        Fp z3 = z.add(o.z).square().sub(z1z1).sub(z2z2).mul(h);
        return new G1Jac(x3, y3, z3);
    }

    /** this + a for an affine a (cheaper than {@link #add}). */
    public G1Jac addMixed(G1Affine a) {
        if (a.isInfinity()) {
            return this;
        }
        if (isInfinity()) {
            return a.toJacobian();
        }
        Fp z1z1 = z.square();
        Fp u2 = a.x().mul(z1z1);
        Fp s2 = a.y().mul(z).mul(z1z1);
        Fp h = u2.sub(x);
        Fp r = s2.sub(y).dbl();
        if (h.isZero()) {
            return r.isZero() ? dbl() : INFINITY;
        }
        Fp hh = h.square();
        Fp i = hh.dbl().dbl();
        Fp j = h.mul(i);
        Fp v = x.mul(i);
        Fp x3 = r.square().sub(j).sub(v.dbl());
        Fp y3 = r.mul(v.sub(x3)).sub(y.mul(j).dbl());
        Fp z3 = z.add(h).square().sub(z1z1).sub(hh);
        return new G1Jac(x3, y3, z3);
    }

    /** [k]this for any k ≥ 0 (not reduced: [r]P is infinity for P in G1). */
    public G1Jac mul(BigInteger k) {
        return Msm.g1(new G1Jac[] {this}, new BigInteger[] {k});
    }

    public G1Affine toAffine() {
        if (isInfinity()) {
            return G1Affine.INFINITY;
        }
        Fp zi = z.inverse();
        Fp zi2 = zi.square();
        return new G1Affine(x.mul(zi2), y.mul(zi2).mul(zi));
    }

    public boolean equalsPoint(G1Jac o) {
        if (isInfinity() || o.isInfinity()) {
            return isInfinity() && o.isInfinity();
        }
        Fp z1z1 = z.square();
        Fp z2z2 = o.z.square();
        return x.mul(z2z2).equals(o.x.mul(z1z1))
                && y.mul(z2z2).mul(o.z).equals(o.y.mul(z1z1).mul(z));
    }
}
