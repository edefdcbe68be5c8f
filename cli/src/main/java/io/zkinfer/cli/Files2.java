package io.zkinfer.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * File writes that never leave a half-written file or bundle behind: a temporary sibling, written and fsync'd, then an
 * atomic rename. Public files (PROOF.json, keys, commitments, Verifier.sol) get mode 0644, secrets (salts) 0600.
 * The proving key is not a secret (anyone may prove with it; the toxic waste is what must stay secret): 0644 too.
 * A write that fails says which file and why ("cannot write /dir/p.json: permission denied"), exit 2; commands
 * call {@link #requireWritable} on their outputs before the long work, so that it fails first.
 */
public final class Files2 {
    private static final String PUBLIC = "rw-r--r--";
    private static final String SECRET = "rw-------";

    private Files2() {}

    /** Writes a public file (mode 0644). */
    static void writeString(Path target, String content) {
        writeBytes(target, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes a public file (mode 0644). */
    static void writeBytes(Path target, byte[] content) {
        write(target, content, false);
    }

    /** Writes a secret file (mode 0600 from its creation on: never readable by others, not even briefly). */
    static void writeSecret(Path target, byte[] content) {
        write(target, content, true);
    }

    private static void write(Path target, byte[] content, boolean secret) {
        try {
            Path tmp = writeTemp(target, content, secret);
            try {
                move(tmp, target);
                syncFolder(target.toAbsolutePath().getParent());
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw cannotWrite(target, e);
        }
    }

    /**
     * Refuses, before any long work starts, an output file that could not be written at the end: the path is a
     * folder, or its folder (or the nearest existing folder above it) is not a folder or does not take a new file.
     * Probed by creating and deleting an empty hidden file: the one test that catches read-only mounts, ACLs and
     * permissions alike (Files.isWritable is always true for root). Nothing is left behind.
     */
    public static void requireWritable(Path target, String what) {
        Path abs = target.toAbsolutePath().normalize();
        if (Files.isDirectory(abs)) {
            throw new UserInputException("cannot write " + what + " " + target + ": it is a folder");
        }
        probeFolder(target, abs.getParent(), what);
    }

    /** {@link #requireWritable} for an output folder (a bundle, a keys folder): its parent must take new entries. */
    public static void requireWritableFolder(Path folder, String what) {
        Path abs = folder.toAbsolutePath().normalize();
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            throw new UserInputException("cannot write " + what + " " + folder + ": it is a file, not a folder");
        }
        probeFolder(folder, Files.isDirectory(abs) ? abs : abs.getParent(), what);
    }

    private static void probeFolder(Path target, Path dir, String what) {
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            throw new UserInputException("cannot write " + what + " " + target + ": no folder above it exists");
        }
        if (!Files.isDirectory(existing)) {
            throw new UserInputException("cannot write " + what + " " + target + ": " + existing
                    + " is a file, not a folder");
        }
        try {
            Files.delete(Files.createTempFile(existing, ".zkinfer-write-check-", ".tmp"));
        } catch (IOException e) {
            throw new UserInputException("cannot write " + what + " " + target + ": " + reason(e)
                    + (existing.equals(dir) ? "" : " (in " + existing + ")"), e);
        }
    }

    /** "cannot write FILE: REASON" (exit 2): names the file the user asked for, never a temporary sibling. */
    public static UserInputException cannotWrite(Path target, IOException e) {
        return new UserInputException("cannot write " + target + ": " + reason(e), e);
    }

    /** The operating system's reason for a failed file operation, in words ("permission denied", "disk full"). */
    public static String reason(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file or folder";
        }
        if (e instanceof java.nio.file.NotDirectoryException) {
            return "not a folder";
        }
        if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
            String r = fse.getReason();
            return r.isEmpty() ? r : Character.toLowerCase(r.charAt(0)) + r.substring(1);
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    /**
     * Writes {@code content} to a new temporary sibling of {@code target} with the final mode (0600 when
     * {@code secret}, else 0644) and forces it to disk; the caller renames it into place (or deletes it).
     */
    public static Path writeTemp(Path target, byte[] content, boolean secret) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");   // created 0600
        try {
            setMode(tmp, secret ? SECRET : PUBLIC);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer b = ByteBuffer.wrap(content);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            return tmp;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    /**
     * Gives a file written by someone else (the native library: vk.bin) the public mode 0644 and forces it to disk,
     * before the caller renames it into place.
     */
    public static void makePublic(Path file) throws IOException {
        setMode(file, PUBLIC);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    /**
     * Makes a finished output folder public before it is renamed into place: the folder 0755 (a temporary folder is
     * created 0700) and every file in it 0644 (the native library writes keys 0600). Only for folders without secrets.
     */
    public static void makeFolderPublic(Path dir) throws IOException {
        setMode(dir, "rwxr-xr-x");
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(f)) {
                    makePublic(f);
                }
            }
        }
    }

    private static void setMode(Path p, String mode) throws IOException {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the folder's protection applies
        }
    }

    /** Makes a rename durable (best effort: not every file system lets a folder be opened). */
    public static void syncFolder(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            // best effort
        }
    }

    /** Renames atomically where the file system can (same folder: it can), replacing {@code target}. */
    public static void move(Path from, Path target) throws IOException {
        try {
            Files.move(from, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Deletes a folder tree; quiet about what is already gone. */
    public static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root + ": " + e.getMessage(), e);
        }
    }

    static boolean isNonEmptyDirectory(Path p) throws IOException {
        if (!Files.isDirectory(p)) {
            return false;
        }
        try (var s = Files.list(p)) {
            return s.findAny().isPresent();
        }
    }
}
