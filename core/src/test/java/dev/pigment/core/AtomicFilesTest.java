package dev.pigment.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Atomic writes: the old file or the whole new one, no temporary files left, ordinary permissions. */
class AtomicFilesTest {
    @TempDir
    Path dir;

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("out"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void replacesTheTargetOrLeavesItAsItWas() throws Exception {
        Path target = dir.resolve("out").resolve("model.pigment");
        AtomicFiles.write(target, tmp -> Files.writeString(tmp, "first"));
        assertEquals("first", Files.readString(target));
        AtomicFiles.write(target, tmp -> Files.writeString(tmp, "second"));
        assertEquals("second", Files.readString(target));
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(target, tmp -> {
            Files.writeString(tmp, "half");
            throw new IOException("disk full");
        }));
        assertEquals("disk full", e.getMessage());
        assertEquals("second", Files.readString(target));
        assertEquals(List.of("model.pigment"), names(), "no temporary file is left behind");
    }

    @Test
    void writtenFilesGetTheUsualPermissions() throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        if (Files.getFileAttributeView(out, PosixFileAttributeView.class) == null) {
            return; // not a POSIX file system: nothing to compare
        }
        Path plain = Files.createFile(out.resolve("plain.txt"));
        Path atomic = out.resolve("atomic.txt");
        AtomicFiles.write(atomic, tmp -> Files.writeString(tmp, "x"));
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(atomic),
                "an atomically written file is as readable as any new file (not owner-only)");
    }
}
