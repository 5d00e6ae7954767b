package dev.pigment.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigment.core.BadFilePolicy;
import dev.pigment.core.BadInputException;
import dev.pigment.core.TestImages;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFilesTest {
    @TempDir
    Path dir;

    private BadInputException bad(Path file) {
        BadInputException e = assertThrows(BadInputException.class, () -> ImageFiles.read(file));
        assertEquals(file, e.file());
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        return e;
    }

    @Test
    void losslessFormatsRoundTripExactly() throws IOException {
        Bitmap rgb = TestImages.pattern(21, 34, 3, 1);
        for (String ext : List.of("png", "bmp")) {
            Path f = dir.resolve("img." + ext);
            ImageFiles.write(rgb, f);
            assertEquals(rgb, ImageFiles.read(f), ext);
        }
        Bitmap gray = TestImages.pattern(13, 8, 1, 2);
        Path g = dir.resolve("gray.png");
        ImageFiles.write(gray, g);
        assertEquals(gray, ImageFiles.read(g));
    }

    @Test
    void jpegIsDecodedInRgbOrderNotBgr() throws IOException {
        Path f = dir.resolve("red.jpg");
        ImageFiles.write(TestImages.solid(16, 16, 230, 20, 10), f);
        Bitmap b = ImageFiles.read(f);
        assertEquals(230, b.get(8, 8, 0), 4);
        assertEquals(20, b.get(8, 8, 1), 4);
        assertEquals(10, b.get(8, 8, 2), 4);
    }

    @Test
    void rgbaAndSixteenBitPngsAreConverted() throws IOException {
        BufferedImage rgba = new BufferedImage(2, 1, BufferedImage.TYPE_4BYTE_ABGR);
        rgba.setRGB(0, 0, 0xFF0000FF);                  // opaque blue
        rgba.setRGB(1, 0, 0x00123456);                  // fully transparent -> white
        Path a = dir.resolve("rgba.png");
        ImageIO.write(rgba, "png", a.toFile());
        Bitmap b = ImageFiles.read(a);
        assertEquals(3, b.channels());
        assertEquals(255, b.get(0, 0, 2));
        assertEquals(0, b.get(0, 0, 0));
        assertEquals(255, b.get(0, 1, 0));
        assertEquals(255, b.get(0, 1, 1));

        BufferedImage g16 = new BufferedImage(3, 1, BufferedImage.TYPE_USHORT_GRAY);
        g16.getRaster().setSample(0, 0, 0, 0);
        g16.getRaster().setSample(1, 0, 0, 257 * 100);
        g16.getRaster().setSample(2, 0, 0, 65535);
        Path g = dir.resolve("g16.png");
        ImageIO.write(g16, "png", g.toFile());
        Bitmap gb = ImageFiles.read(g);
        assertEquals(1, gb.channels());
        assertEquals(0, gb.get(0, 0, 0));
        assertEquals(100, gb.get(0, 1, 0));
        assertEquals(255, gb.get(0, 2, 0));
    }

    @Test
    void cmykJpegsAreConvertedToRgb() throws IOException {
        int[][] inks = {{0, 0, 0, 0}, {255, 0, 0, 0}, {0, 255, 0, 0}, {0, 0, 255, 0}, {0, 0, 0, 255}};
        int[][] rgb = {{255, 255, 255}, {0, 255, 255}, {255, 0, 255}, {255, 255, 0}, {0, 0, 0}};
        for (int i = 0; i < inks.length; i++) {
            Path f = dir.resolve("cmyk" + i + ".jpg");
            Files.write(f, TestImages.cmykJpeg(16, 16, inks[i]));
            Bitmap b = ImageFiles.read(f);
            assertEquals(3, b.channels());
            for (int c = 0; c < 3; c++) {
                assertEquals(rgb[i][c], b.get(8, 8, c), 3, "ink " + i + " channel " + c);
            }
        }
    }

    @Test
    void missingEmptyAndNonImageFilesAreNamed() throws IOException {
        assertTrue(bad(dir.resolve("nope.png")).problem().contains("does not exist"));
        assertTrue(bad(Files.createFile(dir.resolve("empty.jpg"))).problem().contains("empty (0 bytes)"));
        Path text = Files.writeString(dir.resolve("notes.jpg"), "<!DOCTYPE html> not an image",
                StandardCharsets.US_ASCII);
        BadInputException e = bad(text);
        assertTrue(e.problem().contains("not an image"), e.problem());
        assertTrue(e.problem().contains("3C 21 44 4F"), e.problem());
        assertTrue(bad(dir).problem().contains("directory"));
    }

    @Test
    void truncatedAndCorruptFilesAreRejectedNotHalfDecoded() throws IOException {
        Path jpg = dir.resolve("full.jpg");
        ImageFiles.write(TestImages.noise(64, 64, 3, 4), jpg);
        long size = Files.size(jpg);
        for (int keep : new int[] {(int) size - 2, (int) size / 2, 300}) {
            Path t = TestImages.truncated(jpg, dir.resolve("cut" + keep + ".jpg"), keep);
            assertTrue(bad(t).problem().contains("corrupt or truncated"));
        }
        Path png = dir.resolve("full.png");
        ImageFiles.write(TestImages.noise(64, 64, 3, 5), png);
        Path tp = TestImages.truncated(png, dir.resolve("cut.png"), (int) Files.size(png) / 2);
        assertTrue(bad(tp).problem().contains("corrupt or truncated"));

        byte[] garbage = TestImages.noise(1, 4000, 1, 6).toBytes();
        garbage[0] = (byte) 0xFF;
        garbage[1] = (byte) 0xD8;
        garbage[2] = (byte) 0xFF;
        Path g = dir.resolve("garbage.jpg");
        Files.write(g, garbage);
        assertTrue(bad(g).problem().contains("corrupt or truncated"));
    }

    @Test
    void listFindsImagesRecursivelyInSortedOrderAndSkipsHiddenFiles() throws IOException {
        ImageFiles.write(TestImages.solid(4, 4, 1, 2, 3), dir.resolve("b/x.png"));
        ImageFiles.write(TestImages.solid(4, 4, 1, 2, 3), dir.resolve("a/y.JPG"));
        ImageFiles.write(TestImages.solid(4, 4, 1, 2, 3), dir.resolve(".hidden/z.png"));
        Files.writeString(dir.resolve("a/readme.txt"), "hi");
        assertEquals(List.of(dir.resolve("a/y.JPG"), dir.resolve("b/x.png")), ImageFiles.list(dir));
        assertThrows(BadInputException.class, () -> ImageFiles.list(dir.resolve("missing")));
    }

    @Test
    void listingFollowsLinkedFoldersAndReportsLoopsOnce() throws IOException {
        Path root = Files.createDirectories(dir.resolve("root"));
        ImageFiles.write(TestImages.solid(4, 4, 1, 2, 3), root.resolve("a/x.png"));
        Path outside = Files.createDirectories(dir.resolve("outside"));
        ImageFiles.write(TestImages.solid(4, 4, 1, 2, 3), outside.resolve("y.png"));
        Files.createSymbolicLink(root.resolve("linked"), outside);
        Files.createSymbolicLink(root.resolve("a/up"), root);
        Files.createSymbolicLink(root.resolve("dangling.txt"), dir.resolve("nowhere"));
        Files.createSymbolicLink(root.resolve("dangling.png"), dir.resolve("nowhere.png"));
        ImageFiles.Listing l = ImageFiles.scan(root, null, BadFilePolicy.SKIP);
        assertEquals(List.of(root.resolve("a/x.png"), root.resolve("linked/y.png")), l.files());
        assertEquals(2, l.skipped().size(), l.skipped().toString());
        assertTrue(l.skipped().toString().contains("a loop") && l.skipped().toString().contains("dangling.png"),
                l.skipped().toString());
        // a dangling image link fails a strict listing, naming it; the loop alone does not
        BadInputException e = assertThrows(BadInputException.class, () -> ImageFiles.list(root));
        assertTrue(e.getMessage().contains("dangling.png"), e.getMessage());
        Files.delete(root.resolve("dangling.png"));
        assertEquals(2, ImageFiles.list(root).size());
        // an excluded sub-tree (an output folder inside the input) is not listed
        assertEquals(List.of(root.resolve("a/x.png")), ImageFiles.scan(root, root.resolve("linked"),
                BadFilePolicy.FAIL).files());
    }

    @Test
    void writeIsAtomicAndLeavesNoTemporaryFiles() throws IOException {
        Path f = dir.resolve("out/img.png");
        ImageFiles.write(TestImages.solid(4, 4, 9, 9, 9), f);
        assertThrows(IllegalArgumentException.class, () -> ImageFiles.write(TestImages.solid(4, 4, 9, 9, 9),
                dir.resolve("out/img.xyz")));
        try (var s = Files.list(f.getParent())) {
            assertEquals(List.of(f), s.toList());
        }
    }
}
