package io.zkinfer.circuits.model;

/** An operator, or one of its attributes or input kinds, that zkinfer cannot compile (yet). */
public final class UnsupportedOperatorException extends ModelException {

    private final String opType;
    private final String node;

    public UnsupportedOperatorException(String opType, String detail, String node) {
        super("unsupported operator " + opType + (detail.isEmpty() ? "" : " (" + detail + ")") + " at node " + node);
        this.opType = opType;
        this.node = node;
    }

    public String opType() {
        return opType;
    }

    public String node() {
        return node;
    }
}
