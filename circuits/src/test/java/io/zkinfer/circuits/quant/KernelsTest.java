package io.zkinfer.circuits.quant;

import static org.assertj.core.api.Assertions.assertThat;

import io.zkinfer.circuits.ir.Circuit;
import io.zkinfer.circuits.ir.CircuitBuilder;
import io.zkinfer.circuits.ir.CircuitEvaluator;
import io.zkinfer.circuits.ir.Wire;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** Kernel semantics: the long backend and the circuit agree, and match the float definition. */
class KernelsTest {

    @Property(tries = 200)
    void roundHalfEvenMatchesRint(@ForAll @LongRange(min = -5000, max = 5000) long x,
                                  @ForAll @IntRange(min = 1, max = 6) int s) {
        Fx<Long> fx = new Fx<>(new LongBackend());
        long got = Kernels.roundHalfEven(fx, new Val<>(x, -5000, 5000), s).v() instanceof Long l ? l
                : Kernels.roundHalfEven(fx, new Val<>(x, -5000, 5000), s).constValue();
        assertThat(got).isEqualTo((long) Math.rint(x / Math.pow(2, s)));

        CircuitBuilder cb = new CircuitBuilder("round");
        Wire in = cb.privateInput("x");
        Fx<Wire> cf = new Fx<>(new CircuitBackend(cb));
        Val<Wire> r = Kernels.roundHalfEven(cf, new Val<>(in, -5000, 5000), s);
        cb.output("y", r.v());
        Circuit c = cb.build();
        var w = CircuitEvaluator.evaluate(c, Map.of("x", BigInteger.valueOf(x)));
        assertThat(w.signedOutputs().get("y")).isEqualTo(BigInteger.valueOf(got));
    }

    @Property(tries = 200)
    void rescaleRoundIsRoundHalfUpInBothBackends(@ForAll @LongRange(min = -5000, max = 5000) long x,
                                                @ForAll @IntRange(min = 1, max = 6) int s) {
        long expected = (long) Math.floor(x / Math.pow(2, s) + 0.5);
        Val<Long> r = new Fx<>(new LongBackend()).rescaleRound(new Val<>(x, -5000, 5000), s);
        assertThat(r.v()).isEqualTo(expected);
        assertThat(r.lo()).isLessThanOrEqualTo(expected);
        assertThat(r.hi()).isGreaterThanOrEqualTo(expected);

        CircuitBuilder cb = new CircuitBuilder("rescaleRound");
        Wire in = cb.privateInput("x");
        Val<Wire> rc = new Fx<>(new CircuitBackend(cb)).rescaleRound(new Val<>(in, -5000, 5000), s);
        cb.output("y", rc.v());
        var w = CircuitEvaluator.evaluate(cb.build(), Map.of("x", BigInteger.valueOf(x)));
        assertThat(w.signedOutputs().get("y")).isEqualTo(BigInteger.valueOf(expected));
    }

    @Property(tries = 200)
    void divFloorMatchesFloorDiv(@ForAll @LongRange(min = -100000, max = 100000) long a,
                                 @ForAll @LongRange(min = 1, max = 3000) long d) {
        LongBackend lb = new LongBackend();
        Fx<Long> fx = new Fx<>(lb);
        Val<Long> q = fx.divFloor(new Val<>(a, -100000, 100000), new Val<>(d, 1, 3000));
        assertThat(q.v()).isEqualTo(Math.floorDiv(a, d));
        assertThat(q.lo()).isLessThanOrEqualTo(q.v());
        assertThat(q.hi()).isGreaterThanOrEqualTo(q.v());
        assertThat(lb.advice()).containsKeys("div0_q", "div0_r");
        assertThat(List.copyOf(lb.advice().values()).get(1)).isBetween(0L, d - 1);
    }
}
