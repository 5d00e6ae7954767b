package dev.pigment.core.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigment.core.BadInputException;
import dev.pigment.core.TestImages;
import dev.pigment.core.image.Bitmap;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
    @TempDir
    Path dir;

    private static List<Bitmap> images(int n) {
        List<Bitmap> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(TestImages.noise(5, 4, 1, i));
        }
        return list;
    }

    private String problem(ThrowingRead read, Path file) {
        BadInputException e = assertThrows(BadInputException.class, read::run);
        assertEquals(file, e.file());
        return e.problem();
    }

    private interface ThrowingRead {
        void run() throws Exception;
    }

    @Test
    void readsRawAndGzippedFilesExactly() throws IOException {
        List<Bitmap> imgs = images(7);
        int[] labels = {0, 1, 2, 9, 4, 5, 1};
        for (boolean gz : new boolean[] {false, true}) {
            Path i = dir.resolve("x-images" + gz);
            Path l = dir.resolve("x-labels" + gz);
            Idx.writeImages(imgs, i, gz);
            Idx.writeLabels(labels, l, gz);
            assertEquals(gz, (Files.readAllBytes(i)[0] & 0xFF) == 0x1F);
            LabelledImages set = Idx.read(i, l, Idx.DIGITS);
            assertEquals(7, set.size());
            assertArrayEquals(labels, set.labels());
            for (int k = 0; k < 7; k++) {
                assertEquals(imgs.get(k), set.image(k));
            }
        }
    }

    @Test
    void readSplitFindsMnistFileNames() throws IOException {
        Idx.writeImages(images(3), dir.resolve("t10k-images-idx3-ubyte"), false);
        Idx.writeLabels(new int[] {1, 2, 3}, dir.resolve("t10k-labels-idx1-ubyte.gz"), true);
        assertEquals(3, Idx.readSplit(dir, "t10k", Idx.DIGITS, "hint").size());
        BadInputException e = assertThrows(BadInputException.class,
                () -> Idx.readSplit(dir, "train", Idx.DIGITS, "install the package"));
        assertTrue(e.problem().contains("train-images-idx3-ubyte") && e.problem().contains("install the package"));
    }

    @Test
    void wrongMagicNumberIsNamed() throws IOException {
        Path l = dir.resolve("labels");
        Idx.writeLabels(new int[] {1, 2}, l, false);
        String p = problem(() -> Idx.readImages(l), l);
        assertTrue(p.contains("0x00000801") && p.contains("0x00000803"), p);
    }

    @Test
    void truncatedAndOverlongFilesAreRejected() throws IOException {
        Path i = dir.resolve("images");
        Idx.writeImages(images(4), i, false);
        byte[] all = Files.readAllBytes(i);
        Path cut = dir.resolve("cut");
        Files.write(cut, Arrays.copyOf(all, all.length - 7));
        assertTrue(problem(() -> Idx.readImages(cut), cut).contains("truncated"));
        Path header = dir.resolve("header");
        Files.write(header, Arrays.copyOf(all, 10));
        assertTrue(problem(() -> Idx.readImages(header), header).contains("header"));
        Path longer = dir.resolve("longer");
        Files.write(longer, Arrays.copyOf(all, all.length + 3));
        assertTrue(problem(() -> Idx.readImages(longer), longer).contains("3 bytes after"));
        Path gz = dir.resolve("images.gz");
        Idx.writeImages(images(40), gz, true);
        byte[] z = Files.readAllBytes(gz);
        Path cutGz = dir.resolve("cut.gz");
        Files.write(cutGz, Arrays.copyOf(z, z.length / 2));
        assertTrue(problem(() -> Idx.readImages(cutGz), cutGz).contains("truncated gzip"));
    }

    @Test
    void countMismatchAndUnknownLabelsAreRejected() throws IOException {
        Path i = dir.resolve("i");
        Path l = dir.resolve("l");
        Idx.writeImages(images(3), i, false);
        Idx.writeLabels(new int[] {1, 2}, l, false);
        assertTrue(problem(() -> Idx.read(i, l, Idx.DIGITS), l).contains("2 labels but"));
        Idx.writeLabels(new int[] {1, 2, 12}, l, false);
        assertTrue(problem(() -> Idx.read(i, l, Idx.DIGITS), l).contains("label 12 of item 2"));
    }

    @Test
    void negativeCountsInTheHeaderAreRejected() throws IOException {
        Path f = dir.resolve("neg");
        Files.write(f, ByteBuffer.allocate(16).putInt(Idx.IMAGES_MAGIC).putInt(-1).putInt(28).putInt(28).array());
        assertTrue(problem(() -> Idx.readImages(f), f).contains("-1 images"));
    }
}
