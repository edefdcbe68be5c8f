package io.zkinfer.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Every file the CLI reads goes through here: a size cap (files come from a prover or a download and may be hostile;
 * 64 MiB by default, raised with {@code --max-file-bytes} or {@code ZKINFER_MAX_FILE_BYTES}), and errors that name the
 * file and say what to do (exit 2). Proving keys, constraint systems and SRS files are read by the native library and
 * are not capped here.
 */
public final class CliFiles {
    /** The default cap on a file the CLI reads: 64 MiB. */
    public static final long DEFAULT_MAX_BYTES = 64L << 20;
    /** Environment variable that raises (or lowers) the cap, in bytes. */
    public static final String MAX_BYTES_ENV = "ZKINFER_MAX_FILE_BYTES";

    /** Set from {@code zkinfer --max-file-bytes}; wins over the environment. */
    private static volatile Long override;

    private CliFiles() {}

    static void setMaxBytes(Long bytes) {
        override = bytes;
    }

    /** The cap in force: the option, else the environment variable, else {@link #DEFAULT_MAX_BYTES}. */
    public static long maxBytes() {
        Long o = override;
        if (o != null) {
            return o;
        }
        String env = System.getenv(MAX_BYTES_ENV);
        if (env == null || env.isBlank()) {
            return DEFAULT_MAX_BYTES;
        }
        return parseSize(env.strip(), MAX_BYTES_ENV);
    }

    /** A positive byte count, as the option and the environment variable take it (digits only). */
    static long parseSize(String s, String what) {
        if (!s.matches("[1-9][0-9]{0,17}")) {
            throw new UserInputException(what + " must be a positive number of bytes, not '"
                    + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "'");
        }
        return Long.parseLong(s);
    }

    /** Refuses a file larger than the cap before anything reads it (for readers that take a path). */
    public static void checkSize(Path file, String what) {
        try {
            long size = Files.size(file);
            long max = maxBytes();
            if (size > max) {
                throw tooLarge(file, what, size + " bytes", max);
            }
        } catch (NoSuchFileException e) {
            throw new UserInputException(what + " " + file + " does not exist");
        } catch (IOException e) {
            throw new UserInputException("cannot read " + what + " " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a whole file, at most the cap (counted while reading too: a file may grow, /dev/zero has size 0). */
    public static byte[] readBytes(Path file, String what) {
        long max = maxBytes();
        if (Files.isDirectory(file)) {
            throw new UserInputException(what + " " + file + " is a folder, not a file");
        }
        checkSize(file, what);
        try (InputStream in = Files.newInputStream(file)) {
            int limit = (int) Math.min(max, Integer.MAX_VALUE - 16);
            byte[] b = in.readNBytes(limit);
            if (b.length == limit && in.read() != -1) {
                throw tooLarge(file, what, "more than " + limit + " bytes", max);
            }
            return b;
        } catch (NoSuchFileException e) {
            throw new UserInputException(what + " " + file + " does not exist");
        } catch (IOException e) {
            throw new UserInputException("cannot read " + what + " " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a UTF-8 text file (at most the cap); malformed UTF-8 is an error naming the file. */
    public static String readString(Path file, String what) {
        byte[] b = readBytes(file, what);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw new UserInputException(what + " " + file + " is not UTF-8 text");
        }
    }

    private static UserInputException tooLarge(Path file, String what, String size, long max) {
        return new UserInputException(what + " " + file + " is " + size + ", more than the " + max + " bytes a zkinfer "
                + "command reads from one file; if the file is genuine, raise the cap with --max-file-bytes N or "
                + MAX_BYTES_ENV + "=N");
    }
}
