package dev.pigment.core;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files so that a reader sees either the old file or the complete new one, never a half-written one, even
 * after a crash or power loss: the content goes to a temporary file beside the target, which is flushed to the disk
 * ({@code fsync}), renamed over the target, and the folder is flushed too, so that the rename itself lasts.
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
        Path tmp = temporaryFile(parent);
        try {
            content.writeTo(tmp);
            force(tmp);
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        forceFolder(parent);
    }

    /** Flushes a file's content to the disk. */
    private static void force(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    /** Flushes a folder's entries (a rename) to the disk, where the platform can open a folder; elsewhere nothing. */
    private static void forceFolder(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot open a folder as a channel; its renames are journaled by NTFS
        }
    }

    /** The prefix of the temporary files this class makes; {@link #isTemporary} recognises them. */
    static final String PREFIX = ".pigment-";

    /**
     * Whether {@code file} is one of the temporary files of {@link #write}: left behind only by a process killed
     * while writing, and safe to delete when no write is under way.
     */
    public static boolean isTemporary(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(PREFIX) && name.endsWith(".tmp");
    }

    /**
     * A new empty file {@code .pigment-<random>.tmp} in {@code dir} (at most 26 bytes, so any target name the file
     * system takes works), with the permissions any new file gets there (the umask's); {@link Files#createTempFile}
     * would make it, and so the target, readable by its owner only.
     */
    private static Path temporaryFile(Path dir) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve(PREFIX + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36)
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
