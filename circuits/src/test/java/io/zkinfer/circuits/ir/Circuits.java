package io.zkinfer.circuits.ir;

import java.math.BigInteger;
import java.util.List;

/** Small circuits shared by the tests; {@code allOps} and {@code demo} are the golden files' sources. */
final class Circuits {

    private Circuits() {
    }

    /** Uses every op of IR v1 at least once; inputs are declared out of order on purpose. */
    static Circuit allOps() {
        CircuitBuilder b = new CircuitBuilder("all-ops");
        Wire x = b.publicInput("x");
        Wire w = b.privateInput("w");
        Wire y = b.publicInput("y");
        Wire flag = b.privateInput("flag");
        Wire salt = b.privateInput("salt");
        Wire three = b.constant(3);
        Wire minusOne = b.constant(-1);
        Wire s = b.add(x, w);                       // x + w
        Wire d = b.sub(s, three);                   // x + w - 3
        Wire p = b.mul(d, y);                       // (x + w - 3) * y
        Wire lc = b.linearCombination(new long[] {2, -5}, List.of(p, x), 7);
        b.assertBoolean(flag);
        Wire sel = b.select(flag, lc, minusOne);
        b.rangeCheck(w, 8);
        Wire q = b.rescale(lc, 2, 16);
        Wire lt = b.less(x, y, 16);
        Wire mx = b.max(q, y, 16);
        Wire r = b.relu(q, 16);
        CircuitBuilder.TableRef sq = b.table("square", -4,
                List.of(16, 9, 4, 1, 0, 1, 4, 9, 16).stream().map(BigInteger::valueOf).toList());
        Wire lk = b.lookup(sq, b.sub(x, y));
        Wire h = b.poseidon2(x, w, salt);
        Wire z = b.isZero(b.sub(lt, b.constant(1)));
        b.assertEqual(b.add(sel, minusOne), b.sub(sel, b.constant(1)));
        b.output("sel", sel);
        b.output("q", q);
        b.output("lt", lt);
        b.output("max", mx);
        b.output("relu", r);
        b.output("sq", lk);
        b.output("hash", h);
        b.output("isOne", z);
        return b.build();
    }

    /** The example of docs/ir.md: y = rescale(x * w + b). */
    static Circuit demo() {
        CircuitBuilder b = new CircuitBuilder("demo");
        Wire x = b.publicInput("x");
        Wire w = b.privateInput("w");
        Wire bias = b.privateInput("b");
        Wire y = b.rescale(b.add(b.mul(x, w), bias), 8, 32);
        b.rangeCheck(b.add(y, b.constant(1 << 15)), 16);
        b.output("y", y);
        return b.build();
    }
}
