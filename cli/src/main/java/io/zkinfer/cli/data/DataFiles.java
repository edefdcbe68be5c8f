package io.zkinfer.cli.data;

import io.zkinfer.circuits.data.DataException;
import io.zkinfer.cli.CliFiles;
import io.zkinfer.cli.Files2;
import io.zkinfer.cli.UserInputException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** File helpers of the data commands: reads with clear errors, and all-or-nothing writes (temp file + atomic move). */
final class DataFiles {
    private DataFiles() {}

    /** Reads a UTF-8 text file, at most the CLI's file-size cap ({@link CliFiles}). */
    static String read(Path file, String what) {
        return CliFiles.readString(file, what);
    }

    /** Reads a file's bytes, at most the CLI's file-size cap ({@link CliFiles}). */
    static byte[] readBytes(Path file, String what) {
        return CliFiles.readBytes(file, what);
    }

    /** A value given inline or, as {@code @FILE}, read from a file (trailing whitespace trimmed). */
    static String inlineOrFile(String value, String what) {
        if (value.startsWith("@")) {
            return read(Path.of(value.substring(1)), what + " file").strip();
        }
        return value;
    }

    /** Runs {@code work}, turning a {@link DataException} (bad data, schema or policy) into exit code 2. */
    static <T> T data(String what, Supplier<T> work) {
        try {
            return work.get();
        } catch (DataException e) {
            throw new UserInputException(what + ": " + e.getMessage(), e);
        }
    }

    /** One file to write: its final path, its text and whether only the owner may read it (mode 600). */
    record Output(Path path, byte[] bytes, boolean privateFile) {
        Output(Path path, String text, boolean privateFile) {
            this(path, text.getBytes(StandardCharsets.UTF_8), privateFile);
        }
    }

    /**
     * Writes every file to a temp file next to its target, then moves them into place; if anything fails, nothing
     * new is left behind (files already moved are removed again).
     */
    static void writeAll(List<Output> outputs) {
        List<Path> temps = new ArrayList<>();
        List<Path> moved = new ArrayList<>();
        Path current = null;
        try {
            for (Output o : outputs) {
                current = o.path();
                Path target = o.path().toAbsolutePath();
                Path dir = target.getParent();
                if (!Files.isDirectory(dir)) {
                    throw new UserInputException("cannot write " + o.path() + ": directory " + dir + " does not exist");
                }
                temps.add(Files2.writeTemp(target, o.bytes(), o.privateFile()));   // 0600 or 0644, fsync'd
            }
            for (int i = 0; i < outputs.size(); i++) {
                current = outputs.get(i).path();
                Path target = current.toAbsolutePath();
                Files2.move(temps.get(i), target);
                moved.add(target);
            }
            outputs.stream().map(o -> o.path().toAbsolutePath().getParent()).distinct().forEach(Files2::syncFolder);
        } catch (IOException e) {
            cleanUp(temps, moved);
            throw Files2.cannotWrite(current, e);
        } catch (RuntimeException e) {
            cleanUp(temps, moved);
            throw e;
        }
    }

    /** Checks, before any long work, that every output can be written ({@link Files2#requireWritable}). */
    static void requireWritable(Path... files) {
        for (Path f : files) {
            if (f != null) {
                Files2.requireWritable(f, "output");
            }
        }
    }

    /** Refuses to replace an existing file (salts: replacing them loses the only way to open a commitment). */
    static void requireAbsent(Path file, String what, String flag) {
        if (Files.exists(file)) {
            throw new UserInputException(what + " " + file + " already exists; it may be the only copy of the salts of"
                    + " another commitment. Move it away, choose another path, or pass " + flag);
        }
    }

    private static void cleanUp(List<Path> temps, List<Path> moved) {
        for (Path p : temps) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // best effort
            }
        }
        for (Path p : moved) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // best effort
            }
        }
    }
}
