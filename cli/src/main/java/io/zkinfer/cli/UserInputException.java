package io.zkinfer.cli;

/** A problem with what the user gave the CLI (a file, an option value): exit code 2 with this message. */
public final class UserInputException extends RuntimeException {
    public UserInputException(String message) {
        super(message);
    }

    public UserInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
