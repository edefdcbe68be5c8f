package io.zkinfer.cli;

/** What the exit status of every zkinfer command means (also printed by {@code zkinfer --help}). */
public final class ExitCodes {
    /** The command did what was asked; for verify: the proof is valid. */
    public static final int OK = 0;
    /** verify: the proof was checked and is invalid. */
    public static final int INVALID = 1;
    /** Bad usage or bad input (a malformed file, a wrong shape, a key of another circuit): nothing was changed. */
    public static final int BAD_INPUT = 2;
    /** An internal failure (a bug): please report it with the message. */
    public static final int INTERNAL = 3;
    /**
     * {@code data verify --insecure-embedded-key}: the proof was checked with the verifying key the prover shipped in
     * its own file, which proves nothing to a verifier (whoever made that key can forge proofs). Even a proof that
     * checks out exits with this code, so that no script mistakes it for a trusted VALID.
     */
    public static final int INSECURE = 4;

    private ExitCodes() {}
}
