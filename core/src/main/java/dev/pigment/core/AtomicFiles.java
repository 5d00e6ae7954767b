package dev.pigment.core;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files so that a reader sees either the old file or the complete new one, never a half-written one: the
 * content goes to a temporary file beside the target, which is then renamed over it.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Writes the content of a file to the path it is given. */
    @FunctionalInterface
    public interface Content {
        /**
         * Writes the complete content to {@code file}, an empty temporary file beside the target.
         *
         * @throws IOException if writing fails; the target is then left as it was
         */
        void writeTo(Path file) throws IOException;
    }

    /**
     * Writes {@code target} atomically; parent folders are created. If {@code content} fails, the target is left
     * as it was and the temporary file is removed. Where the file system cannot move atomically, a plain replacing
     * move is used.
     *
     * @throws IOException if a folder or the temporary file cannot be created, {@code content} fails, or the move
     *     fails
     */
    public static void write(Path target, Content content) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = temporaryFile(parent, target.getFileName().toString());
        try {
            content.writeTo(tmp);
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * A new empty file {@code .<name>.<random>.tmp} in {@code dir}, with the permissions any new file gets there
     * (the umask's); {@link Files#createTempFile} would make it, and so the target, readable by its owner only.
     */
    private static Path temporaryFile(Path dir, String name) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve("." + name + "." + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36)
                    + ".tmp");
            try {
                return Files.createFile(tmp);
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 100) {
                    throw e;
                }
            }
        }
    }
}
