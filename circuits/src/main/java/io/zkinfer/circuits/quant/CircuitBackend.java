package io.zkinfer.circuits.quant;

import io.zkinfer.circuits.ir.CircuitBuilder;
import io.zkinfer.circuits.ir.Wire;
import java.math.BigInteger;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Emits IR ops through a {@link CircuitBuilder}; tables are declared once per {@link LookupTable} instance. */
public final class CircuitBackend implements Backend<Wire> {

    private final CircuitBuilder cb;
    private final Map<LookupTable, CircuitBuilder.TableRef> tables = new IdentityHashMap<>();

    public CircuitBackend(CircuitBuilder cb) {
        this.cb = cb;
    }

    public CircuitBuilder builder() {
        return cb;
    }

    @Override
    public Wire constant(long c) {
        return cb.constant(c);
    }

    @Override
    public Wire lincomb(long[] coefs, List<Wire> xs, long bias) {
        return cb.linearCombination(coefs, xs, bias);
    }

    @Override
    public Wire mul(Wire a, Wire b) {
        return cb.mul(a, b);
    }

    @Override
    public Wire rescale(Wire a, int shift, int bits) {
        return cb.rescale(a, shift, bits);
    }

    @Override
    public Wire less(Wire a, Wire b, int bits) {
        return cb.less(a, b, bits);
    }

    @Override
    public Wire max(Wire a, Wire b, int bits) {
        return cb.max(a, b, bits);
    }

    @Override
    public Wire relu(Wire a, int bits) {
        return cb.relu(a, bits);
    }

    @Override
    public Wire select(Wire cond, Wire a, Wire b) {
        return cb.select(cond, a, b);
    }

    @Override
    public Wire isZero(Wire a) {
        return cb.isZero(a);
    }

    @Override
    public void rangeCheck(Wire a, int bits) {
        cb.rangeCheck(a, bits);
    }

    @Override
    public void assertEqual(Wire a, Wire b) {
        cb.assertEqual(a, b);
    }

    @Override
    public Wire lookup(LookupTable table, Wire a) {
        CircuitBuilder.TableRef ref = tables.computeIfAbsent(table, t -> cb.table(t.name(), t.minKey(),
                java.util.Arrays.stream(t.values()).mapToObj(BigInteger::valueOf).toList()));
        return cb.lookup(ref, a);
    }

    @Override
    public List<Wire> divAdvice(String name, Wire a, Wire d) {
        return List.of(cb.privateInput(name + "_q"), cb.privateInput(name + "_r"));
    }
}
