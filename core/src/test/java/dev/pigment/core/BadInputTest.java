package dev.pigment.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.pigment.core.image.Bitmap;
import dev.pigment.core.image.ImageFiles;
import dev.pigment.core.source.Cifar10;
import dev.pigment.core.source.Idx;
import dev.pigment.core.source.ImageFolder;
import dev.pigment.core.source.PhotoSet;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input at the pipeline's entry points, one row each: the input, the entry point, and the outcome — a
 * {@link BadInputException} naming the file with the problem, a counted skip, or a correct decode. No row may crash
 * natively, hang, run out of memory, or give silently wrong output. (Model files: {@code ModelFileTest} and
 * {@code ColorizerMetadataTest} in pigment-models.)
 */
class BadInputTest {
    @TempDir
    Path dir;

    /** Makes the input under a folder and runs one entry point on it. */
    @FunctionalInterface
    interface Case {
        Object run(Path dir) throws Exception;
    }

    /** A row that must fail with a {@link BadInputException} whose message holds {@code problem}. */
    private static Arguments fails(String name, String problem, Case c) {
        return Arguments.of(name, c, problem, null);
    }

    /** A row that must succeed with a result {@code check} accepts. */
    private static Arguments gives(String name, Predicate<Object> check, Case c) {
        return Arguments.of(name, c, null, check);
    }

    private static Predicate<Object> channels(int h, int w, int channels) {
        return o -> o instanceof Bitmap b && b.height() == h && b.width() == w && b.channels() == channels;
    }

    static Stream<Arguments> rows() {
        return Stream.of(
                // single image files (ImageFiles.read, behind every image entry point)
                fails("zero-byte file", "empty (0 bytes)", d -> ImageFiles.read(Files.createFile(d.resolve("z.png")))),
                fails("truncated JPEG", "corrupt or truncated", d -> ImageFiles.read(TestImages.truncated(
                        write(TestImages.noise(64, 64, 3, 1), d.resolve("a.jpg")), d.resolve("t.jpg"), 700))),
                fails("truncated PNG", "corrupt or truncated", d -> ImageFiles.read(TestImages.truncated(
                        write(TestImages.noise(64, 64, 3, 2), d.resolve("a.png")), d.resolve("t.png"), 900))),
                fails("text named .jpg", "not an image", d -> ImageFiles.read(Files.writeString(d.resolve("x.jpg"),
                        "hello, not a picture"))),
                fails("PNG declaring 100000x100000", "the largest image read has", d -> ImageFiles.read(
                        Files.write(d.resolve("huge.png"), pngHeaderOnly(100_000, 100_000)))),
                fails("directory named .png", "directory", d -> ImageFiles.read(
                        Files.createDirectories(d.resolve("dir.png")))),
                fails("missing file", "does not exist", d -> ImageFiles.read(d.resolve("missing.jpg"))),
                gives("CMYK JPEG", channels(16, 16, 3), d -> ImageFiles.read(Files.write(d.resolve("cmyk.jpg"),
                        TestImages.cmykJpeg(16, 16, new int[] {0, 255, 0, 0})))),
                gives("16-bit colour PNG", channels(4, 5, 3), d -> ImageFiles.read(sixteenBitRgb(d.resolve("c16.png")))),
                gives("RGBA PNG", channels(3, 2, 3), d -> ImageFiles.read(
                        awt(new BufferedImage(2, 3, BufferedImage.TYPE_4BYTE_ABGR), d.resolve("rgba.png")))),
                gives("palette PNG", channels(3, 4, 3), d -> ImageFiles.read(palette(d.resolve("p.png")))),
                gives("1x1 image", channels(1, 1, 3), d -> ImageFiles.read(write(TestImages.solid(1, 1, 9, 8, 7),
                        d.resolve("one.png")))),
                gives("250-byte file name", channels(8, 8, 3), d -> ImageFiles.read(write(TestImages.noise(8, 8, 3, 3),
                        d.resolve("n".repeat(246) + ".png")))),
                gives("non-UTF-8 file name listed and read", o -> o.equals(1), BadInputTest::nonUtf8Name),
                // folders
                gives("dangling image link counted as a skip", o -> o.toString().contains("symbolic link to nothing"),
                        d -> {
                            write(TestImages.noise(8, 8, 3, 4), d.resolve("f/ok.png"));
                            Files.createSymbolicLink(d.resolve("f/gone.png"), d.resolve("nowhere.png"));
                            return ImageFiles.scan(d.resolve("f"), null, BadFilePolicy.SKIP).skipped();
                        }),
                fails("dangling image link under FAIL", "symbolic link to nothing", d -> {
                    write(TestImages.noise(8, 8, 3, 4), d.resolve("f/ok.png"));
                    Files.createSymbolicLink(d.resolve("f/gone.png"), d.resolve("nowhere.png"));
                    return ImageFiles.list(d.resolve("f"));
                }),
                gives("symlink loop listed once", o -> o.equals(List.of("f/ok.png")), d -> {
                    write(TestImages.noise(8, 8, 3, 4), d.resolve("f/ok.png"));
                    Files.createSymbolicLink(d.resolve("f/again"), d.resolve("f"));
                    return ImageFiles.list(d.resolve("f")).stream().map(p -> d.relativize(p).toString()).toList();
                }),
                gives("symlinked class folder", o -> o.equals(List.of("a", "b")), d -> {
                    write(TestImages.noise(8, 8, 3, 5), d.resolve("root/a/1.png"));
                    write(TestImages.noise(8, 8, 3, 6), d.resolve("elsewhere/2.png"));
                    Files.createSymbolicLink(d.resolve("root/b"), d.resolve("elsewhere"));
                    return ImageFolder.scan(d.resolve("root")).classNames();
                }),
                gives("gray photo where colour is required, skipped", o -> o.toString().contains("grayscale"), d -> {
                    write(TestImages.pattern(80, 80, 3, 1), d.resolve("p/colour.png"));
                    write(TestImages.pattern(80, 80, 1, 1), d.resolve("p/gray.png"));
                    return PhotoSet.load(d.resolve("p"), PhotoSet.Options.defaults().withMinSide(64)
                            .withPolicy(BadFilePolicy.SKIP)).report();
                }),
                gives("colour image where gray is expected, converted",
                        o -> java.util.Arrays.equals((long[]) o, new long[] {1, 8, 8, 1}),
                        d -> new Preprocessor(InputSpec.gray(8, 8), true).toBatch(List.of(ImageFiles.read(
                                write(TestImages.noise(8, 8, 3, 9), d.resolve("colour.png"))))).shape()),
                gives("gray image where colour is expected, converted",
                        o -> java.util.Arrays.equals((long[]) o, new long[] {1, 8, 8, 3}),
                        d -> new Preprocessor(InputSpec.rgb(8, 8), true).toBatch(List.of(ImageFiles.read(
                                write(TestImages.noise(8, 8, 1, 9), d.resolve("gray.png"))))).shape()),
                fails("a single class folder", "single class folder", d -> {
                    write(TestImages.noise(8, 8, 3, 7), d.resolve("root/only/1.png"));
                    return ImageFolder.scan(d.resolve("root"));
                }),
                // datasets
                fails("IDX with the labels magic read as images", "0x00000803", d -> {
                    Idx.writeLabels(new int[] {1, 2}, d.resolve("l"), false);
                    return Idx.readImages(d.resolve("l"));
                }),
                fails("IDX truncated", "truncated", d -> Idx.readImages(Files.write(d.resolve("i"), Arrays.copyOf(
                        idxImages(d), (int) idxImages(d).length - 7)))),
                fails("IDX with trailing bytes", "3 bytes after", d -> Idx.readImages(Files.write(d.resolve("i"),
                        Arrays.copyOf(idxImages(d), idxImages(d).length + 3)))),
                fails("IDX header declaring 2^31-1 images", "is truncated", d -> Idx.readImages(Files.write(
                        d.resolve("i"), ByteBuffer.allocate(16).putInt(Idx.IMAGES_MAGIC).putInt(Integer.MAX_VALUE)
                                .putInt(28).putInt(28).array()))),
                fails("IDX gzip bomb", "unpacks to more than", d -> Idx.readImages(gzipBomb(d.resolve("bomb.gz")))),
                fails("IDX truncated gzip", "truncated gzip", d -> {
                    byte[] z = gzip(idxImages(d));
                    return Idx.readImages(Files.write(d.resolve("cut.gz"), Arrays.copyOf(z, z.length / 2)));
                }),
                fails("CIFAR-10 batch of the wrong length", "not a whole number of 3073-byte", d -> {
                    Files.write(d.resolve("test_batch.bin"), new byte[3073 * 2 - 5]);
                    return Cifar10.test(d);
                }),
                fails("CIFAR-10 record with label 42", "record 1 has label 42", d -> {
                    byte[] raw = new byte[3073 * 2];
                    raw[3073] = 42;
                    Files.write(d.resolve("test_batch.bin"), raw);
                    return Cifar10.test(d);
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void eachBadInputHasItsOutcome(String name, Case c, String problem, Predicate<Object> check) throws Exception {
        Object result;
        try {
            result = c.run(dir);
        } catch (BadInputException e) {
            if (problem == null) {
                fail(name + ": expected success, got " + e.getMessage(), e);
            }
            assertTrue(e.getMessage().contains(problem), name + ": " + e.getMessage());
            assertTrue(e.getMessage().contains(dir.toString()), name + " names the file: " + e.getMessage());
            return;
        }
        assertTrue(problem == null, name + ": expected an error \"" + problem + "\", got " + result);
        assertTrue(check.test(result), name + ": got " + result);
    }

    // ------------------------------------------------------------------------------------------ inputs made here

    private static Path write(Bitmap b, Path f) throws IOException {
        ImageFiles.write(b, f);
        return f;
    }

    private static Path awt(BufferedImage image, Path f) throws IOException {
        ImageIO.write(image, "png", f.toFile());
        return f;
    }

    private static Path sixteenBitRgb(Path f) throws IOException {
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster r = cm.createCompatibleWritableRaster(5, 4);
        r.setSample(2, 1, 0, 65535);
        return awt(new BufferedImage(cm, r, false, null), f);
    }

    private static Path palette(Path f) throws IOException {
        byte[] red = {0, (byte) 255};
        byte[] green = {0, 0};
        byte[] blue = {0, 0};
        return awt(new BufferedImage(4, 3, BufferedImage.TYPE_BYTE_BINARY, new IndexColorModel(1, 2, red, green,
                blue)), f);
    }

    /** A PNG signature and IHDR chunk declaring {@code w × h} 8-bit RGB, with no image data. */
    private static byte[] pngHeaderOnly(int w, int h) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        byte[] ihdr = ByteBuffer.allocate(17).put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(w).putInt(h)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0).array();
        out.writeInt(13);
        out.write(ihdr);
        CRC32 crc = new CRC32();
        crc.update(ihdr);
        out.writeInt((int) crc.getValue());
        return bytes.toByteArray();
    }

    private static byte[] idxImages(Path d) throws IOException {
        Path f = d.resolve("source.idx");
        if (!Files.exists(f)) {
            List<Bitmap> images = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                images.add(TestImages.noise(6, 6, 1, i));
            }
            Idx.writeImages(images, f, false);
        }
        return Files.readAllBytes(f);
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(bytes)) {
            z.write(data);
        }
        return bytes.toByteArray();
    }

    /** A small gzip file that unpacks to 300 MiB of zeros behind a valid IDX header. */
    private static Path gzipBomb(Path f) throws IOException {
        try (GZIPOutputStream z = new GZIPOutputStream(Files.newOutputStream(f))) {
            z.write(ByteBuffer.allocate(16).putInt(Idx.IMAGES_MAGIC).putInt(400_000).putInt(28).putInt(28).array());
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 300; i++) {
                z.write(zeros);
            }
        }
        return f;
    }

    /** A PNG whose name holds a byte that is not UTF-8 (made by the shell), listed and read. */
    private static Object nonUtf8Name(Path d) throws Exception {
        Path folder = Files.createDirectories(d.resolve("names"));
        write(TestImages.noise(8, 8, 3, 8), folder.resolve("plain.png"));
        Process p = new ProcessBuilder("sh", "-c", "cp plain.png \"$(printf 'caf\\351.png')\" && rm plain.png")
                .directory(folder.toFile()).inheritIO().start();
        assertEquals(0, p.waitFor());
        List<Path> files = ImageFiles.list(folder);
        int read = 0;
        for (Path f : files) {
            try {
                ImageFiles.read(f);
                read++;
            } catch (BadInputException e) {
                assertTrue(e.getMessage().contains("names"), e.getMessage());   // named, never a crash
                read++;
            }
        }
        return read;
    }
}
