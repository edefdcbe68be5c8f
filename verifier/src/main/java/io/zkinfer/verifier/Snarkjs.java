package io.zkinfer.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import io.zkinfer.verifier.bn254.Fp;
import io.zkinfer.verifier.bn254.Fp2;
import io.zkinfer.verifier.bn254.G1Affine;
import io.zkinfer.verifier.bn254.G2Affine;
import java.math.BigInteger;

/**
 * snarkjs JSON (verification_key.json, proof.json), read strictly: {@link StrictJson} documents, coordinates as
 * canonical decimal strings, projective coordinates with z = 1, and infinity only as snarkjs writes it, (0, 1, 0)
 * (G2: [[0,0],[1,0],[0,0]]), so that no point has two spellings. Every point is checked on the curve, G2 points in
 * the subgroup.
 */
final class Snarkjs {
    private Snarkjs() {}

    static JsonNode object(String json, String what) throws MalformedInputException {
        return StrictJson.readObject(json, what);
    }

    static JsonNode field(JsonNode n, String name, String what) throws MalformedInputException {
        JsonNode v = n.get(name);
        if (v == null || v.isNull()) {
            throw new MalformedInputException(what + " lacks \"" + name + "\"");
        }
        return v;
    }

    /** protocol "groth16" and curve "bn128" (snarkjs's name) or "bn254" are required, spelled exactly. */
    static void expectProtocolAndCurve(JsonNode n, String what) throws MalformedInputException {
        JsonNode protocol = field(n, "protocol", what);
        if (!protocol.isTextual() || !protocol.textValue().equals("groth16")) {
            throw new MalformedInputException(what + ": \"protocol\" must be \"groth16\"");
        }
        JsonNode curve = field(n, "curve", what);
        if (!curve.isTextual() || !(curve.textValue().equals("bn128") || curve.textValue().equals("bn254"))) {
            throw new MalformedInputException(what + ": \"curve\" must be \"bn128\" (or \"bn254\")");
        }
    }

    private static BigInteger number(JsonNode v, String what) throws MalformedInputException {
        if (v == null || !v.isTextual()) {
            throw new MalformedInputException(what + " must be a decimal string");
        }
        return StrictNumbers.parseDecimal(v.textValue(), what);
    }

    private static Fp fp(JsonNode v, String what) throws MalformedInputException {
        Fp f = Fp.fromCanonical(number(v, what));
        if (f == null) {
            throw new MalformedInputException(what + " is not a canonical base-field element");
        }
        return f;
    }

    private static JsonNode array(JsonNode v, int size, String what) throws MalformedInputException {
        if (v == null || !v.isArray() || v.size() != size) {
            throw new MalformedInputException(what + " must be an array of " + size);
        }
        return v;
    }

    static G1Affine g1(JsonNode v, String what) throws MalformedInputException {
        array(v, 3, what);
        BigInteger x = number(v.get(0), what + " x"), y = number(v.get(1), what + " y");
        BigInteger z = number(v.get(2), what + " z");
        if (z.signum() == 0) {
            if (x.signum() != 0 || !y.equals(BigInteger.ONE)) {
                throw new MalformedInputException(what + ": a point with z = 0 must be (0, 1, 0), the point at "
                        + "infinity as snarkjs writes it");
            }
            return G1Affine.INFINITY;
        }
        if (!z.equals(BigInteger.ONE)) {
            throw new MalformedInputException(what + ": only z = 1 (or 0 for infinity) is supported");
        }
        G1Affine p = new G1Affine(fp(v.get(0), what + " x"), fp(v.get(1), what + " y"));
        if (p.isInfinity() || !p.isOnCurve()) {
            throw new MalformedInputException(what + ": point is not on the curve");
        }
        return p;
    }

    static G2Affine g2(JsonNode v, String what) throws MalformedInputException {
        array(v, 3, what);
        JsonNode xs = array(v.get(0), 2, what + " x"), ys = array(v.get(1), 2, what + " y");
        JsonNode zs = array(v.get(2), 2, what + " z");
        BigInteger x0 = number(xs.get(0), what + " x"), x1 = number(xs.get(1), what + " x");
        BigInteger y0 = number(ys.get(0), what + " y"), y1 = number(ys.get(1), what + " y");
        BigInteger z0 = number(zs.get(0), what + " z"), z1 = number(zs.get(1), what + " z");
        if (z0.signum() == 0 && z1.signum() == 0) {
            if (x0.signum() != 0 || x1.signum() != 0 || !y0.equals(BigInteger.ONE) || y1.signum() != 0) {
                throw new MalformedInputException(what + ": a point with z = 0 must be [[0,0],[1,0],[0,0]], the "
                        + "point at infinity as snarkjs writes it");
            }
            return G2Affine.INFINITY;
        }
        if (!z0.equals(BigInteger.ONE) || z1.signum() != 0) {
            throw new MalformedInputException(what + ": only z = [1, 0] (or [0, 0] for infinity) is supported");
        }
        G2Affine p = new G2Affine(new Fp2(fp(xs.get(0), what + " x.c0"), fp(xs.get(1), what + " x.c1")),
                new Fp2(fp(ys.get(0), what + " y.c0"), fp(ys.get(1), what + " y.c1")));
        if (p.isInfinity() || !p.isOnCurve()) {
            throw new MalformedInputException(what + ": point is not on the twist curve");
        }
        if (!p.isInSubgroup()) {
            throw new MalformedInputException(what + ": G2 point is not in the prime-order subgroup");
        }
        return p;
    }
}
