package io.zkinfer.cli;

import io.zkinfer.prover.Backend;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Reads a {@code --backend} value. */
final class Backends {
    private Backends() {}

    static Backend parse(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (Backend b : Backend.values()) {
            if (b.id().equals(wanted)) {
                return b;
            }
        }
        throw new UserInputException("unknown backend '" + name + "': use one of "
                + Arrays.stream(Backend.values()).map(Backend::id).collect(Collectors.joining(", ")));
    }
}
