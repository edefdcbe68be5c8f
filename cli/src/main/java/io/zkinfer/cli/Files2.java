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
 */
public final class Files2 {
    private static final String PUBLIC = "rw-r--r--";
    private static final String SECRET = "rw-------";

    private Files2() {}

    /** Writes a public file (mode 0644). */
    static void writeString(Path target, String content) throws IOException {
        writeBytes(target, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes a public file (mode 0644). */
    static void writeBytes(Path target, byte[] content) throws IOException {
        write(target, content, false);
    }

    /** Writes a secret file (mode 0600 from its creation on: never readable by others, not even briefly). */
    static void writeSecret(Path target, byte[] content) throws IOException {
        write(target, content, true);
    }

    private static void write(Path target, byte[] content, boolean secret) throws IOException {
        Path tmp = writeTemp(target, content, secret);
        try {
            move(tmp, target);
            syncFolder(target.toAbsolutePath().getParent());
        } finally {
            Files.deleteIfExists(tmp);
        }
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
    static void makePublic(Path file) throws IOException {
        setMode(file, PUBLIC);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ch.force(true);
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
