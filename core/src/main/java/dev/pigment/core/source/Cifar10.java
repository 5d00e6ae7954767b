package dev.pigment.core.source;

import dev.pigment.core.BadInputException;
import dev.pigment.core.image.Bitmap;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CIFAR-10's binary version (Krizhevsky 2009, <a href="https://www.cs.toronto.edu/~kriz/cifar.html">
 * cs.toronto.edu/~kriz/cifar.html</a>), as unpacked from {@code cifar-10-binary.tar.gz}: {@code data_batch_1.bin} to
 * {@code data_batch_5.bin} and {@code test_batch.bin}, each a sequence of 3073-byte records (one label byte, then
 * 1024 red, 1024 green and 1024 blue bytes of a 32×32 image, rows top to bottom), and {@code batches.meta.txt} with
 * one class name per line. The official batches hold 10,000 records each; any whole number of records is read.
 */
public final class Cifar10 {
    /** Bytes per record: one label and 32×32×3 pixels. */
    public static final int RECORD_BYTES = 1 + 3 * 32 * 32;
    /** The class names in the official {@code batches.meta.txt}, used when that file is absent. */
    public static final List<String> CLASS_NAMES = List.of("airplane", "automobile", "bird", "cat", "deer", "dog",
            "frog", "horse", "ship", "truck");

    private static final String HINT = "expected the files of cifar-10-binary.tar.gz (data_batch_1.bin .. "
            + "data_batch_5.bin, test_batch.bin, batches.meta.txt)";

    private Cifar10() {
    }

    /** The training set: {@code data_batch_1.bin} .. {@code data_batch_5.bin} in {@code dir}. */
    public static LabelledImages train(Path dir) throws BadInputException {
        List<Path> files = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            files.add(DataFiles.findOne(dir, List.of("data_batch_" + i + ".bin"), HINT));
        }
        return read(files, classNames(dir));
    }

    /** The test set: {@code test_batch.bin} in {@code dir}. */
    public static LabelledImages test(Path dir) throws BadInputException {
        return read(List.of(DataFiles.findOne(dir, List.of("test_batch.bin"), HINT)), classNames(dir));
    }

    /**
     * The class names from {@code batches.meta.txt} in {@code dir} (blank lines ignored), or {@link #CLASS_NAMES}
     * when the file is absent.
     */
    public static List<String> classNames(Path dir) throws BadInputException {
        Path meta = dir.resolve("batches.meta.txt");
        if (!Files.exists(meta)) {
            return CLASS_NAMES;
        }
        try {
            List<String> names = Files.readAllLines(meta, StandardCharsets.UTF_8).stream()
                    .map(String::strip)
                    .filter(s -> !s.isEmpty())
                    .toList();
            if (names.size() != 10) {
                throw new BadInputException(meta, "lists " + names.size() + " class names; CIFAR-10 has 10");
            }
            return names;
        } catch (IOException e) {
            throw new BadInputException(meta, "cannot be read: " + e, e);
        }
    }

    /**
     * Reads batch files in order, gzip-compressed or not.
     *
     * @throws BadInputException if a file is missing or unreadable, is not a whole number of records, or holds a
     *     label with no class name
     */
    public static LabelledImages read(List<Path> batches, List<String> classNames) throws BadInputException {
        List<Bitmap> images = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (Path file : batches) {
            byte[] data = DataFiles.readMaybeGzipped(file);
            if (data.length == 0 || data.length % RECORD_BYTES != 0) {
                throw new BadInputException(file, "is " + data.length + " bytes, not a whole number of "
                        + RECORD_BYTES + "-byte CIFAR-10 records (an official batch is " + 10_000 * RECORD_BYTES
                        + " bytes)");
            }
            byte[] hwc = new byte[32 * 32 * 3];
            for (int r = 0, n = data.length / RECORD_BYTES; r < n; r++) {
                int at = r * RECORD_BYTES;
                int label = data[at] & 0xFF;
                if (label >= classNames.size()) {
                    throw new BadInputException(file, "record " + r + " has label " + label + "; CIFAR-10 labels are "
                            + "0.." + (classNames.size() - 1));
                }
                for (int p = 0; p < 1024; p++) {
                    hwc[3 * p] = data[at + 1 + p];
                    hwc[3 * p + 1] = data[at + 1 + 1024 + p];
                    hwc[3 * p + 2] = data[at + 1 + 2048 + p];
                }
                images.add(Bitmap.of(32, 32, 3, hwc));
                labels.add(label);
            }
        }
        return new LabelledImages(images, labels.stream().mapToInt(Integer::intValue).toArray(), classNames);
    }

    /**
     * Writes 32×32 images (gray ones as R = G = B) with labels 0..255 as one uncompressed CIFAR-10 binary batch
     * file; atomic (see {@link dev.pigment.core.AtomicFiles}).
     *
     * @throws IllegalArgumentException if an image is not 32×32
     */
    public static void writeBatch(LabelledImages images, Path file) throws IOException {
        byte[] data = new byte[images.size() * RECORD_BYTES];
        for (int r = 0; r < images.size(); r++) {
            Bitmap b = images.image(r);
            if (b.height() != 32 || b.width() != 32) {
                throw new IllegalArgumentException("CIFAR-10 images are 32x32, image " + r + " is " + b);
            }
            Bitmap rgb = b.toRgb();
            int at = r * RECORD_BYTES;
            data[at] = (byte) images.label(r);
            for (int p = 0; p < 1024; p++) {
                for (int c = 0; c < 3; c++) {
                    data[at + 1 + c * 1024 + p] = (byte) rgb.get(p / 32, p % 32, c);
                }
            }
        }
        DataFiles.write(data, file, false);
    }
}
