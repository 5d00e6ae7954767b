package dev.pigment.core.source;

import dev.pigment.core.BadInputException;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads the files inside a Qt binary resource file ({@code .rcc}, written by Qt's {@code rcc -binary}; the format of
 * {@code QResourceRoot} in Qt's {@code qresource.cpp}), as some Debian packages ship their images. Big-endian: the
 * magic {@code "qres"}, the format version (1 to 3), then the offsets of the tree, the data and the names, and for
 * version 3 a flags word. The tree is an array of nodes (14 bytes, 22 from version 2 on: a name offset, flags, then
 * a directory's child count and first child index, or a file's locale and data offset, then a time stamp); node 0 is
 * the root directory. A name is a 16-bit length, a 32-bit hash and UTF-16 characters; a file's data is a 32-bit
 * length and the bytes, which a zlib-compressed file (flag 1) begins with its 32-bit uncompressed size. Files
 * compressed with zstd (flag 4, Qt 5.13 on) are reported, not read.
 */
public final class QtResources {
    private static final int COMPRESSED = 0x01;
    private static final int DIRECTORY = 0x02;
    private static final int COMPRESSED_ZSTD = 0x04;
    /** The deepest directory nesting read. */
    private static final int MAX_DEPTH = 64;
    /** zlib's largest expansion: 1032 bytes out per byte in. */
    private static final int MAX_ZLIB_RATIO = 1032;
    /** The largest file pigment inflates: 256 MiB. */
    private static final int MAX_FILE = 256 << 20;

    private QtResources() {
    }

    /**
     * The files of {@code rcc} whose paths ({@code "/dir/name.ext"}, as Qt's {@code ":/dir/name.ext"} without the
     * colon) {@code wanted} accepts, each with its (decompressed) bytes, in the archive's order.
     *
     * @throws BadInputException naming the file, if it cannot be read, is not a resource file of versions 1 to 3,
     *     its structure points outside the file or reaches a node twice, or a wanted file is compressed in a way
     *     pigment does not read or does not inflate to its declared size
     */
    public static Map<String, byte[]> read(Path rcc, Predicate<String> wanted) throws BadInputException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(rcc);
        } catch (IOException e) {
            throw new BadInputException(rcc, "cannot be read: " + e.getMessage(), e);
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        try {
            new Reader(rcc, ByteBuffer.wrap(bytes), wanted, files).read();
        } catch (BufferUnderflowException | IndexOutOfBoundsException | IllegalArgumentException
                 | ArithmeticException e) {
            throw new BadInputException(rcc, "is truncated or corrupt: its resource tree points outside the file",
                    e);
        }
        return files;
    }

    /** One pass over one archive's tree. */
    private static final class Reader {
        private final Path rcc;
        private final ByteBuffer buf;
        private final Predicate<String> wanted;
        private final Map<String, byte[]> files;
        private int tree;
        private int data;
        private int names;
        private int nodeSize;
        /** Nodes already read: in rcc's output each node has one parent, so a node reached twice is corruption. */
        private final BitSet visited = new BitSet();

        Reader(Path rcc, ByteBuffer buf, Predicate<String> wanted, Map<String, byte[]> files) {
            this.rcc = rcc;
            this.buf = buf;
            this.wanted = wanted;
            this.files = files;
        }

        void read() throws BadInputException {
            if (buf.limit() < 20 || buf.getInt(0) != 0x71726573) {   // "qres"
                throw new BadInputException(rcc, "is not a Qt resource file (no \"qres\" header)");
            }
            int version = buf.getInt(4);
            if (version < 1 || version > 3) {
                throw new BadInputException(rcc, "is a Qt resource file of version " + version
                        + "; pigment reads versions 1 to 3");
            }
            tree = buf.getInt(8);
            data = buf.getInt(12);
            names = buf.getInt(16);
            nodeSize = version >= 2 ? 22 : 14;
            if ((buf.getShort(node(0) + 4) & DIRECTORY) == 0) {
                throw new BadInputException(rcc, "has no root directory");
            }
            walk(0, "", 0);
        }

        private int node(int index) {
            long at = tree + (long) index * nodeSize;
            if (index < 0 || at < 0 || at + nodeSize > buf.limit()) {
                throw new IndexOutOfBoundsException("node " + index);
            }
            return (int) at;
        }

        private void walk(int index, String path, int depth) throws BadInputException {
            if (depth > MAX_DEPTH) {
                throw new BadInputException(rcc, "nests directories deeper than " + MAX_DEPTH + " levels");
            }
            int at = node(index);
            if (visited.get(index)) {
                throw new BadInputException(rcc, "is corrupt: its resource tree reaches node " + index + " twice");
            }
            visited.set(index);
            int flags = buf.getShort(at + 4) & 0xFFFF;
            if ((flags & DIRECTORY) != 0) {
                int count = buf.getInt(at + 6);
                int first = buf.getInt(at + 10);
                if (count < 0 || first < 0 || (long) first + count > buf.limit() / nodeSize) {
                    throw new IndexOutOfBoundsException("children of node " + index);
                }
                if (count > 0 && first <= index) {   // rcc lists children after their parent: this would loop
                    throw new BadInputException(rcc, "is corrupt: its resource tree loops (node " + index
                            + " lists node " + first + " as a child)");
                }
                for (int child = first; child < first + count; child++) {
                    walk(child, path + "/" + name(buf.getInt(node(child))), depth + 1);
                }
            } else if (wanted.test(path)) {
                files.put(path, content(path, flags, buf.getInt(at + 10)));
            }
        }

        private String name(int offset) {
            int at = Math.addExact(names, offset);
            int length = buf.getShort(at) & 0xFFFF;
            byte[] chars = new byte[2 * length];
            buf.get(at + 6, chars);
            return new String(chars, StandardCharsets.UTF_16BE);
        }

        private byte[] content(String path, int flags, int offset) throws BadInputException {
            int at = Math.addExact(data, offset);
            int length = buf.getInt(at);
            if (length < 0 || (long) at + 4 + length > buf.limit()) {   // checked before allocating
                throw new IndexOutOfBoundsException("data of " + path);
            }
            byte[] stored = new byte[length];
            buf.get(at + 4, stored);
            if ((flags & COMPRESSED_ZSTD) != 0) {
                throw new BadInputException(rcc, path + " is compressed with zstd, which pigment does not read");
            }
            return (flags & COMPRESSED) != 0 ? inflate(path, stored) : stored;
        }

        /** Qt's {@code qCompress} format: the uncompressed size (32-bit, big-endian), then a zlib stream. */
        private byte[] inflate(String path, byte[] stored) throws BadInputException {
            if (stored.length < 4) {
                throw new BadInputException(rcc, path + " is compressed but holds only " + stored.length + " bytes");
            }
            int size = ByteBuffer.wrap(stored).getInt();
            if (size < 0 || size > MAX_FILE) {
                throw new BadInputException(rcc, path + " declares " + Integer.toUnsignedString(size)
                        + " bytes uncompressed; pigment reads at most " + MAX_FILE);
            }
            if (size > (stored.length - 4L) * MAX_ZLIB_RATIO + 64) {
                throw new BadInputException(rcc, path + " declares " + size + " bytes uncompressed, more than its "
                        + (stored.length - 4) + " compressed bytes can hold");
            }
            byte[] out = new byte[size + 1];   // one byte more: a stream longer than declared shows itself
            Inflater inflater = new Inflater();
            try {
                inflater.setInput(stored, 4, stored.length - 4);
                int n = 0;
                while (!inflater.finished() && n <= size) {
                    int got = inflater.inflate(out, n, out.length - n);
                    if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                        break;   // the stream ends early
                    }
                    n += got;
                }
                if (n > size) {
                    throw new BadInputException(rcc, path + " inflates to more than the " + size + " bytes it declares");
                }
                if (!inflater.finished()) {
                    throw new BadInputException(rcc, path + " is a truncated zlib stream (" + n + " of the " + size
                            + " bytes it declares)");
                }
                if (n != size) {
                    throw new BadInputException(rcc, path + " inflates to " + n + " bytes, not the " + size
                            + " it declares");
                }
            } catch (DataFormatException e) {
                throw new BadInputException(rcc, path + " is not valid zlib data: " + e.getMessage(), e);
            } finally {
                inflater.end();
            }
            return Arrays.copyOf(out, size);
        }
    }
}
