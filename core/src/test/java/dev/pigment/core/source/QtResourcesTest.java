package dev.pigment.core.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigment.core.BadInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading Qt resource files written here in the exact binary format of Qt's {@code rcc -binary}. */
class QtResourcesTest {
    @TempDir
    Path dir;

    private static final byte[] README = "not an image".getBytes(StandardCharsets.UTF_8);
    private static final byte[] A = pattern(5000, 3);
    private static final byte[] B = pattern(300, 11);

    private static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) ((i * seed) % 17 + (i / 100));   // compressible, not constant
        }
        return b;
    }

    /** A node of the tree to write: a directory (children) or a file (content, zlib-compressed or stored). */
    private record Node(String name, List<Node> children, byte[] content, int flags) {
        static Node dir(String name, Node... children) {
            return new Node(name, List.of(children), null, 2);
        }

        static Node file(String name, byte[] content, int flags) {
            return new Node(name, List.of(), content, flags);
        }
    }

    /** root: {@code img/} (a.bin compressed, b.bin stored), {@code readme.txt} stored. */
    private static Node sample() {
        return Node.dir("", Node.dir("img", Node.file("a.bin", A, 1), Node.file("b.bin", B, 0)),
                Node.file("readme.txt", README, 0));
    }

    /**
     * The bytes of a resource file of {@code version} holding {@code root}: header, data, names, then the tree in
     * breadth-first order (each directory's children contiguous), as Qt's rcc lays it out.
     */
    static byte[] write(Node root, int version) {
        List<Node> order = new ArrayList<>(List.of(root));
        for (int i = 0; i < order.size(); i++) {
            order.addAll(order.get(i).children());
        }
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        ByteArrayOutputStream names = new ByteArrayOutputStream();
        int[] dataAt = new int[order.size()];
        int[] nameAt = new int[order.size()];
        for (int i = 0; i < order.size(); i++) {
            Node n = order.get(i);
            nameAt[i] = names.size();
            byte[] chars = n.name().getBytes(StandardCharsets.UTF_16BE);
            names.writeBytes(ByteBuffer.allocate(6).putShort((short) n.name().length()).putInt(n.name().hashCode())
                    .array());
            names.writeBytes(chars);
            if (n.content() != null) {
                byte[] stored = (n.flags() & 1) != 0 ? qCompress(n.content()) : n.content();
                dataAt[i] = data.size();
                data.writeBytes(ByteBuffer.allocate(4).putInt(stored.length).array());
                data.writeBytes(stored);
            }
        }
        int header = version >= 3 ? 24 : 20;
        int nodeSize = version >= 2 ? 22 : 14;
        ByteBuffer out = ByteBuffer.allocate(header + data.size() + names.size() + order.size() * nodeSize);
        int dataOffset = header;
        int namesOffset = dataOffset + data.size();
        int treeOffset = namesOffset + names.size();
        out.put("qres".getBytes(StandardCharsets.US_ASCII)).putInt(version).putInt(treeOffset).putInt(dataOffset)
                .putInt(namesOffset);
        if (version >= 3) {
            out.putInt(0);
        }
        out.put(data.toByteArray()).put(names.toByteArray());
        int next = 1;
        for (int i = 0; i < order.size(); i++) {
            Node n = order.get(i);
            out.putInt(nameAt[i]).putShort((short) n.flags());
            if (n.content() == null) {
                out.putInt(n.children().size()).putInt(next);
                next += n.children().size();
            } else {
                out.putShort((short) 0).putShort((short) 1).putInt(dataAt[i]);
            }
            if (version >= 2) {
                out.putLong(1_700_000_000_000L);
            }
        }
        return out.array();
    }

    /** Qt's {@code qCompress}: the size, big-endian, then a zlib stream. */
    private static byte[] qCompress(byte[] content) {
        Deflater d = new Deflater(9);
        d.setInput(content);
        d.finish();
        byte[] buf = new byte[content.length + 64];
        int n = d.deflate(buf);
        d.end();
        return ByteBuffer.allocate(4 + n).putInt(content.length).put(buf, 0, n).array();
    }

    private Path file(byte[] bytes) throws IOException {
        return Files.write(dir.resolve("test.rcc"), bytes);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void readsEveryFileOfEachVersionWithItsPathAndBytes(int version) throws IOException {
        Map<String, byte[]> files = QtResources.read(file(write(sample(), version)), p -> true);
        assertEquals(List.of("/img/a.bin", "/img/b.bin", "/readme.txt"), List.copyOf(files.keySet()));
        assertArrayEquals(A, files.get("/img/a.bin"));
        assertArrayEquals(B, files.get("/img/b.bin"));
        assertArrayEquals(README, files.get("/readme.txt"));
    }

    @Test
    void readsOnlyTheWantedFiles() throws IOException {
        Map<String, byte[]> files = QtResources.read(file(write(sample(), 3)), p -> p.endsWith(".bin"));
        assertEquals(List.of("/img/a.bin", "/img/b.bin"), List.copyOf(files.keySet()));
        assertTrue(QtResources.read(file(write(sample(), 3)), p -> false).isEmpty());
    }

    @Test
    void namesTheFileAndTheProblemForBadInput() throws IOException {
        byte[] good = write(sample(), 3);
        assertProblem(Arrays.copyOf("PK\3\4 a zip, not a resource file".getBytes(StandardCharsets.US_ASCII), 40),
                "not a Qt resource file");
        byte[] v4 = good.clone();
        ByteBuffer.wrap(v4).putInt(4, 4);
        assertProblem(v4, "version 4");
        assertProblem(Arrays.copyOf(good, good.length - 30), "truncated or corrupt");
        byte[] badTree = good.clone();
        ByteBuffer.wrap(badTree).putInt(8, good.length - 3);
        assertProblem(badTree, "truncated or corrupt");
        assertProblem(new byte[0], "not a Qt resource file");
    }

    @Test
    void reportsZstdCompressionAndAWrongDeclaredSize() throws IOException {
        assertProblem(write(Node.dir("", Node.file("z.webp", A, 4)), 3), "/z.webp is compressed with zstd");
        byte[] wrongSize = write(Node.dir("", Node.file("a.bin", A, 1)), 2);
        int at = 20 + 4;   // the first data entry's compressed bytes: its declared size first
        ByteBuffer.wrap(wrongSize).putInt(at, A.length + 7);
        assertProblem(wrongSize, "/a.bin inflates to " + A.length + " bytes, not the " + (A.length + 7));
        ByteBuffer.wrap(wrongSize).putInt(at, A.length - 7);
        assertProblem(wrongSize, "/a.bin inflates to more than the " + (A.length - 7) + " bytes");
        byte[] cut = write(Node.dir("", Node.file("a.bin", A, 1)), 2);
        int stored = ByteBuffer.wrap(cut).getInt(20);
        ByteBuffer.wrap(cut).putInt(20, stored / 2);   // the stored length halved: half the zlib stream
        assertProblem(cut, "/a.bin is a truncated zlib stream");
    }

    @Test
    void aTreeThatLoopsIsAnErrorNotAHang() throws IOException {
        byte[] loop = write(Node.dir("", Node.dir("d", Node.file("x", B, 0))), 2);
        int tree = ByteBuffer.wrap(loop).getInt(8);
        ByteBuffer.wrap(loop).putInt(tree + 22 + 10, 0);   // directory "d" lists the root as its child
        assertProblem(loop, "loops");
    }

    @Test
    void aNodeReachedTwiceIsAnErrorNotAnExplosion() throws IOException {
        // root: d1, d2; d1: x; d2: y. Pointing d2's children at x as well makes x reachable twice
        byte[] shared = write(Node.dir("", Node.dir("d1", Node.file("x", B, 0)), Node.dir("d2", Node.file("y", B, 0))),
                2);
        int tree = ByteBuffer.wrap(shared).getInt(8);
        int firstOfD1 = ByteBuffer.wrap(shared).getInt(tree + 22 + 10);
        ByteBuffer.wrap(shared).putInt(tree + 2 * 22 + 10, firstOfD1);
        assertProblem(shared, "reaches node " + firstOfD1 + " twice");
    }

    @Test
    void hugeOrOverflowingDeclaredSizesAreErrorsNotCrashes() throws IOException {
        byte[] huge = write(Node.dir("", Node.file("a.bin", B, 0)), 2);
        ByteBuffer.wrap(huge).putInt(20, Integer.MAX_VALUE - 2);   // the stored length: far beyond the file
        assertProblem(huge, "truncated or corrupt");
        byte[] overflow = write(Node.dir("", Node.file("a.bin", B, 0)), 2);
        int tree = ByteBuffer.wrap(overflow).getInt(8);
        ByteBuffer.wrap(overflow).putInt(tree + 22, Integer.MAX_VALUE);   // the file's name offset
        assertProblem(overflow, "truncated or corrupt");
        byte[] bomb = write(Node.dir("", Node.file("a.bin", A, 1)), 2);
        ByteBuffer.wrap(bomb).putInt(24, 200 << 20);   // 200 MiB declared for a few hundred compressed bytes
        assertProblem(bomb, "more than its");
    }

    private void assertProblem(byte[] bytes, String expected) throws IOException {
        Path f = file(bytes);
        BadInputException e = assertThrows(BadInputException.class, () -> QtResources.read(f, p -> true));
        assertTrue(e.getMessage().startsWith(f.toString()) && e.getMessage().contains(expected), e.getMessage());
    }
}
