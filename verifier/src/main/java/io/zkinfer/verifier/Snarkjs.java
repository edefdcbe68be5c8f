package io.zkinfer.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zkinfer.verifier.bn254.Fp;
import io.zkinfer.verifier.bn254.Fp2;
import io.zkinfer.verifier.bn254.G1Affine;
import io.zkinfer.verifier.bn254.G2Affine;
import java.io.IOException;
import java.math.BigInteger;

/**
 * snarkjs JSON (verification_key.json, proof.json): decimal strings, projective coordinates with z = 1 (z = 0 for
 * infinity), G2 coordinates as [c0, c1]. Every point is checked on the curve, G2 points in the subgroup.
 */
final class Snarkjs {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Snarkjs() {}

    static JsonNode object(String json, String what) throws MalformedInputException {
        JsonNode n;
        try {
            n = JSON.readTree(json);
        } catch (IOException | RuntimeException e) {
            throw new MalformedInputException(what + " is not valid JSON", e);
        }
        if (n == null || !n.isObject()) {
            throw new MalformedInputException(what + " must be a JSON object");
        }
        return n;
    }

    static JsonNode field(JsonNode n, String name, String what) throws MalformedInputException {
        JsonNode v = n.get(name);
        if (v == null || v.isNull()) {
            throw new MalformedInputException(what + " lacks \"" + name + "\"");
        }
        return v;
    }

    static void expectText(JsonNode n, String name, String expected, String what) throws MalformedInputException {
        JsonNode v = n.get(name);
        if (v != null && !(v.isTextual() && v.asText().equalsIgnoreCase(expected))) {
            throw new MalformedInputException(what + ": \"" + name + "\" must be \"" + expected + "\"");
        }
    }

    private static BigInteger number(JsonNode v, String what) throws MalformedInputException {
        return PublicInputs.parseValue(v, what);
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
        BigInteger z = number(v.get(2), what + " z");
        if (z.signum() == 0) {
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
        JsonNode zs = array(v.get(2), 2, what + " z");
        BigInteger z0 = number(zs.get(0), what + " z"), z1 = number(zs.get(1), what + " z");
        if (z0.signum() == 0 && z1.signum() == 0) {
            return G2Affine.INFINITY;
        }
        if (!z0.equals(BigInteger.ONE) || z1.signum() != 0) {
            throw new MalformedInputException(what + ": only z = [1, 0] (or [0, 0] for infinity) is supported");
        }
        JsonNode x = array(v.get(0), 2, what + " x"), y = array(v.get(1), 2, what + " y");
        G2Affine p = new G2Affine(new Fp2(fp(x.get(0), what + " x.c0"), fp(x.get(1), what + " x.c1")),
                new Fp2(fp(y.get(0), what + " y.c0"), fp(y.get(1), what + " y.c1")));
        if (p.isInfinity() || !p.isOnCurve()) {
            throw new MalformedInputException(what + ": point is not on the twist curve");
        }
        if (!p.isInSubgroup()) {
            throw new MalformedInputException(what + ": G2 point is not in the prime-order subgroup");
        }
        return p;
    }
}
