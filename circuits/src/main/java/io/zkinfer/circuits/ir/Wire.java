package io.zkinfer.circuits.ir;

/**
 * A wire of a circuit: an index into its values (public inputs, then private inputs, then op results; docs/ir.md).
 * Wires handed out by a {@link CircuitBuilder} are builder handles, renumbered by {@link CircuitBuilder#build()}.
 */
public record Wire(int index) implements Comparable<Wire> {

    public Wire {
        if (index < 0) {
            throw new IllegalArgumentException("wire index must be >= 0, got " + index);
        }
    }

    @Override
    public int compareTo(Wire o) {
        return Integer.compare(index, o.index);
    }

    @Override
    public String toString() {
        return "w" + index;
    }
}
