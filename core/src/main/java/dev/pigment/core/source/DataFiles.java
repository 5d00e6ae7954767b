package dev.pigment.core.source;

import dev.pigment.core.AtomicFiles;
import dev.pigment.core.BadInputException;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/** Reading whole dataset files, gzip-compressed or not (recognised by content, not by name). */
final class DataFiles {
    private DataFiles() {
    }

    /**
     * The most bytes a dataset file may hold, or unpack to: 256 MiB (Fashion-MNIST's training images are 47 MB, a
     * CIFAR-10 batch 30 MB). A larger file, or a gzip bomb, is refused before it can exhaust the heap.
     */
    static final int MAX_BYTES = 256 << 20;

    /** The file's bytes, gunzipped when it starts with the gzip magic number. */
    static byte[] readMaybeGzipped(Path file) throws BadInputException {
        byte[] raw;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new BadInputException(file, "is " + Files.size(file) + " bytes; a dataset file may hold at most "
                        + MAX_BYTES);
            }
            raw = Files.readAllBytes(file);
        } catch (BadInputException e) {
            throw e;
        } catch (IOException e) {
            throw new BadInputException(file, Files.exists(file) ? "cannot be read: " + e : "does not exist", e);
        }
        if (raw.length < 2 || (raw[0] & 0xFF) != 0x1F || (raw[1] & 0xFF) != 0x8B) {
            return raw;
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw), 1 << 16)) {
            byte[] unpacked = in.readNBytes(MAX_BYTES + 1);
            if (unpacked.length > MAX_BYTES) {
                throw new BadInputException(file, "unpacks to more than " + MAX_BYTES + " bytes (a gzip bomb?); a"
                        + " dataset file may hold at most that");
            }
            return unpacked;
        } catch (BadInputException e) {
            throw e;
        } catch (EOFException e) {
            throw new BadInputException(file, "is a truncated gzip file", e);
        } catch (ZipException e) {
            throw new BadInputException(file, "is a corrupt gzip file (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot be decompressed: " + e, e);
        }
    }

    /** The first of {@code names} (tried in order) that exists in {@code dir}. */
    static Path findOne(Path dir, List<String> names, String hint) throws BadInputException {
        if (!Files.isDirectory(dir)) {
            throw new BadInputException(dir, (Files.exists(dir) ? "is not a directory" : "does not exist")
                    + "; " + hint);
        }
        for (String name : names) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new BadInputException(dir, "holds none of " + names + "; " + hint);
    }

    /** Writes {@code data} atomically, gzip-compressed if {@code gzip}. */
    static void write(byte[] data, Path file, boolean gzip) throws IOException {
        AtomicFiles.write(file, tmp -> {
            try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(tmp), 1 << 16)
                    : Files.newOutputStream(tmp)) {
                out.write(data);
            }
        });
    }
}
