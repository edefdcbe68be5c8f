package io.zkinfer.circuits.model;

/** A model cannot be imported, quantized or compiled; the message says what and where, in words a user can act on. */
public class ModelException extends RuntimeException {

    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
