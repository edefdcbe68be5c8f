package io.zkinfer.circuits.ir;

/** Malformed IR bytes (or IR JSON); {@link #offset()} is the byte offset (JSON: -1) where the problem was found. */
public final class IrFormatException extends RuntimeException {

    private final long offset;

    public IrFormatException(long offset, String message) {
        super(offset >= 0 ? "invalid IR at byte " + offset + ": " + message : "invalid IR: " + message);
        this.offset = offset;
    }

    public IrFormatException(long offset, String message, Throwable cause) {
        this(offset, message);
        initCause(cause);
    }

    public long offset() {
        return offset;
    }
}
