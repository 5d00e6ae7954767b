package dev.pigment.core.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigment.core.BadInputException;
import dev.pigment.core.TestImages;
import dev.pigment.core.image.Bitmap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10Test {
    @TempDir
    Path dir;

    private static LabelledImages batch(int n, int offset) {
        List<Bitmap> images = new ArrayList<>();
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            images.add(TestImages.noise(32, 32, 3, offset + i));
            labels[i] = (offset + i) % 10;
        }
        return new LabelledImages(images, labels, Cifar10.CLASS_NAMES);
    }

    @Test
    void recordsArePlanarRgbWithALeadingLabelByte() throws IOException {
        Path f = dir.resolve("test_batch.bin");
        Bitmap img = TestImages.noise(32, 32, 3, 1);
        Cifar10.writeBatch(new LabelledImages(List.of(img), new int[] {7}, Cifar10.CLASS_NAMES), f);
        byte[] raw = Files.readAllBytes(f);
        assertEquals(Cifar10.RECORD_BYTES, raw.length);
        assertEquals(7, raw[0]);
        // pixel (row 1, column 2): red at 1 + 34, green at 1 + 1024 + 34, blue at 1 + 2048 + 34
        assertEquals(img.get(1, 2, 0), raw[1 + 34] & 0xFF);
        assertEquals(img.get(1, 2, 1), raw[1 + 1024 + 34] & 0xFF);
        assertEquals(img.get(1, 2, 2), raw[1 + 2048 + 34] & 0xFF);
        LabelledImages back = Cifar10.test(dir);
        assertEquals(img, back.image(0));
        assertEquals(7, back.label(0));
    }

    @Test
    void trainReadsFiveBatchesInOrderWithNamesFromMeta() throws IOException {
        for (int b = 1; b <= 5; b++) {
            Cifar10.writeBatch(batch(6, b * 100), dir.resolve("data_batch_" + b + ".bin"));
        }
        List<String> names = List.of("a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9");
        Files.writeString(dir.resolve("batches.meta.txt"), String.join("\n", names) + "\n\n");
        LabelledImages train = Cifar10.train(dir);
        assertEquals(30, train.size());
        assertEquals(names, train.classNames());
        assertEquals(batch(6, 300).image(2), train.image(14));
        assertEquals(302 % 10, train.label(14));
    }

    @Test
    void missingMetaFallsBackToTheOfficialNames() throws IOException {
        Cifar10.writeBatch(batch(2, 0), dir.resolve("test_batch.bin"));
        assertEquals(Cifar10.CLASS_NAMES, Cifar10.test(dir).classNames());
    }

    @Test
    void wrongLengthBadLabelBadMetaAndMissingBatchesAreNamed() throws IOException {
        Path f = dir.resolve("test_batch.bin");
        Cifar10.writeBatch(batch(3, 0), f);
        byte[] raw = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(raw, raw.length - 100));
        BadInputException e = assertThrows(BadInputException.class, () -> Cifar10.test(dir));
        assertEquals(f, e.file());
        assertTrue(e.problem().contains("not a whole number of 3073-byte"), e.problem());

        raw[Cifar10.RECORD_BYTES] = 42;
        Files.write(f, raw);
        e = assertThrows(BadInputException.class, () -> Cifar10.test(dir));
        assertTrue(e.problem().contains("record 1 has label 42"), e.problem());

        Files.writeString(dir.resolve("batches.meta.txt"), "cat\ndog\n");
        e = assertThrows(BadInputException.class, () -> Cifar10.test(dir));
        assertTrue(e.problem().contains("2 class names"), e.problem());

        e = assertThrows(BadInputException.class, () -> Cifar10.train(dir));
        assertTrue(e.problem().contains("data_batch_1.bin"), e.problem());
    }
}
