package io.zkinfer.prover.internal;

import io.zkinfer.prover.ArtifactIoException;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Consumer;

/**
 * Writes a file through a temporary file in the same folder and an atomic move, so that a failed or interrupted write
 * never leaves a half-written artifact under the final name.
 */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    /** Calls {@code writer} with a temporary path next to {@code target}, then moves it onto {@code target}. */
    public static void write(Path target, Consumer<Path> writer) {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
        } catch (IOException e) {
            throw new ArtifactIoException("cannot write " + abs + ": " + e, e);
        }
        boolean moved = false;
        try {
            writer.accept(tmp);
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } catch (IOException e) {
            throw new ArtifactIoException("cannot write " + abs + ": " + e, e);
        } finally {
            if (!moved) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the original failure is the one worth reporting
                }
            }
        }
    }

    public static void writeBytes(Path target, byte[] bytes) {
        write(target, tmp -> {
            try {
                Files.write(tmp, bytes);
            } catch (IOException e) {
                throw new ArtifactIoException("cannot write " + target.toAbsolutePath() + ": " + e, e);
            }
        });
    }
}
