package io.zkinfer.circuits.ir;

/**
 * The given inputs break a constraint or a declared bound of the circuit: no honest proof exists for them.
 * {@link #opIndex()} and {@link #op()} name the op (in IR wire numbering).
 */
public final class UnsatisfiedCircuitException extends RuntimeException {

    private final int opIndex;
    private final Op op;

    public UnsatisfiedCircuitException(int opIndex, Op op, String detail) {
        super("op #" + opIndex + " (" + op.mnemonic() + " " + op + ") is not satisfied: " + detail);
        this.opIndex = opIndex;
        this.op = op;
    }

    public int opIndex() {
        return opIndex;
    }

    public Op op() {
        return op;
    }
}
