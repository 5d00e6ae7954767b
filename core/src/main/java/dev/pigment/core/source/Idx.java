package dev.pigment.core.source;

import dev.pigment.core.BadInputException;
import dev.pigment.core.image.Bitmap;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The IDX format of MNIST and Fashion-MNIST (<a href="http://yann.lecun.com/exdb/mnist/">LeCun et al.</a>): a
 * big-endian header {@code 0x00 0x00 type dims}, one 32-bit size per dimension, then the data. pigment reads
 * unsigned-byte images ({@code 0x00000803}: count, rows, columns) and labels ({@code 0x00000801}: count), raw or
 * gzip-compressed, and checks that the data length matches the header exactly.
 */
public final class Idx {
    /** Magic number of an unsigned-byte, 3-dimensional (images) IDX file. */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of an unsigned-byte, 1-dimensional (labels) IDX file. */
    public static final int LABELS_MAGIC = 0x00000801;
    /** Class names of MNIST digits. */
    public static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    private Idx() {
    }

    /** Reads an images file: each image becomes a 1-channel bitmap. */
    public static List<Bitmap> readImages(Path file) throws BadInputException {
        byte[] data = DataFiles.readMaybeGzipped(file);
        ByteBuffer buf = header(file, data, IMAGES_MAGIC, "images");
        int n = buf.getInt();
        int rows = buf.getInt();
        int cols = buf.getInt();
        if (n < 0 || rows < 1 || cols < 1) {
            throw new BadInputException(file, "declares " + n + " images of " + rows + "x" + cols);
        }
        checkLength(file, data, 16, (long) n * rows * cols, n + " images of " + rows + "x" + cols);
        List<Bitmap> images = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            images.add(Bitmap.of(rows, cols, 1, data, 16 + i * rows * cols));
        }
        return images;
    }

    /** Reads a labels file. */
    public static int[] readLabels(Path file) throws BadInputException {
        byte[] data = DataFiles.readMaybeGzipped(file);
        ByteBuffer buf = header(file, data, LABELS_MAGIC, "labels");
        int n = buf.getInt();
        if (n < 0) {
            throw new BadInputException(file, "declares " + n + " labels");
        }
        checkLength(file, data, 8, n, n + " labels");
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = data[8 + i] & 0xFF;
        }
        return labels;
    }

    /**
     * Reads matching images and labels files.
     *
     * @throws BadInputException if either file is bad, their counts differ, or a label has no class name
     */
    public static LabelledImages read(Path imagesFile, Path labelsFile, List<String> classNames)
            throws BadInputException {
        List<Bitmap> images = readImages(imagesFile);
        int[] labels = readLabels(labelsFile);
        if (images.size() != labels.length) {
            throw new BadInputException(labelsFile, "holds " + labels.length + " labels but " + imagesFile
                    + " holds " + images.size() + " images");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= classNames.size()) {
                throw new BadInputException(labelsFile, "label " + labels[i] + " of item " + i
                        + " has no class name (" + classNames.size() + " classes)");
            }
        }
        return new LabelledImages(images, labels, classNames);
    }

    /**
     * Reads the files of one split in the MNIST naming, {@code <prefix>-images-idx3-ubyte[.gz]} and
     * {@code <prefix>-labels-idx1-ubyte[.gz]} in {@code dir}, with prefix {@code train} or {@code t10k}.
     */
    public static LabelledImages readSplit(Path dir, String prefix, List<String> classNames, String hint)
            throws BadInputException {
        String images = prefix + "-images-idx3-ubyte";
        String labels = prefix + "-labels-idx1-ubyte";
        return read(DataFiles.findOne(dir, List.of(images + ".gz", images), hint),
                DataFiles.findOne(dir, List.of(labels + ".gz", labels), hint), classNames);
    }

    private static ByteBuffer header(Path file, byte[] data, int expected, String kind) throws BadInputException {
        if (data.length < 4) {
            throw new BadInputException(file, "is " + data.length + " bytes, too short for an IDX header");
        }
        ByteBuffer buf = ByteBuffer.wrap(data);
        int magic = buf.getInt();
        if (magic != expected) {
            throw new BadInputException(file, String.format(
                    "has magic number 0x%08X; an IDX %s file starts with 0x%08X (unsigned bytes, %d dimensions)",
                    magic, kind, expected, expected & 0xFF));
        }
        int headerBytes = 4 + 4 * (expected & 0xFF);
        if (data.length < headerBytes) {
            throw new BadInputException(file, "is truncated inside its header (" + data.length + " bytes)");
        }
        return buf;
    }

    private static void checkLength(Path file, byte[] data, int headerBytes, long expected, String what)
            throws BadInputException {
        long actual = data.length - headerBytes;
        if (actual < expected) {
            throw new BadInputException(file, "is truncated: it declares " + what + " (" + expected
                    + " bytes of data) but holds " + actual);
        }
        if (actual > expected) {
            throw new BadInputException(file, "has " + (actual - expected) + " bytes after the " + what
                    + " its header declares");
        }
    }

    /**
     * Writes 1-channel images of one size as an IDX images file, gzip-compressed if {@code gzip}; atomic.
     *
     * @throws IllegalArgumentException if there are no images, or they are not all 1-channel of one size
     */
    public static void writeImages(List<Bitmap> images, Path file, boolean gzip) throws IOException {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("no images to write");
        }
        Bitmap first = images.get(0);
        int size = first.height() * first.width();
        ByteBuffer buf = ByteBuffer.allocate(16 + images.size() * size);
        buf.putInt(IMAGES_MAGIC).putInt(images.size()).putInt(first.height()).putInt(first.width());
        for (Bitmap b : images) {
            if (b.channels() != 1 || b.height() != first.height() || b.width() != first.width()) {
                throw new IllegalArgumentException("IDX images must all be 1-channel " + first.height() + "x"
                        + first.width() + ", got " + b);
            }
            buf.put(b.toBytes());
        }
        DataFiles.write(buf.array(), file, gzip);
    }

    /**
     * Writes labels 0..255 as an IDX labels file, gzip-compressed if {@code gzip}; atomic.
     *
     * @throws IllegalArgumentException if a label is outside 0..255
     */
    public static void writeLabels(int[] labels, Path file, boolean gzip) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(8 + labels.length);
        buf.putInt(LABELS_MAGIC).putInt(labels.length);
        for (int label : labels) {
            if (label < 0 || label > 255) {
                throw new IllegalArgumentException("IDX labels are bytes 0..255, got " + label);
            }
            buf.put((byte) label);
        }
        DataFiles.write(buf.array(), file, gzip);
    }
}
