package io.zkinfer.verifier;

/**
 * The library's boundary: whatever a crafted input provokes, only {@link MalformedInputException} leaves. An
 * unexpected runtime exception is a bug of ours, and an Error (a StackOverflowError or OutOfMemoryError that some
 * input provoked) must not escape as anything but a refusal either: both are reported as malformed input (fail
 * closed: never "valid").
 */
final class Guard {
    private Guard() {}

    interface Body<T> {
        T run() throws MalformedInputException;
    }

    static <T> T run(Body<T> body) throws MalformedInputException {
        try {
            return body.run();
        } catch (MalformedInputException e) {
            throw e;
        } catch (RuntimeException | Error e) {
            throw new MalformedInputException(INTERNAL + e, e);
        }
    }

    /** Message prefix of {@link #run}'s safety net; the tests assert that no input reaches it. */
    static final String INTERNAL = "internal error on this input (please report): ";
}
