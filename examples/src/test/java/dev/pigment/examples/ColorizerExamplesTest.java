package dev.pigment.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigment.core.color.Colorization;
import dev.pigment.core.image.Bitmap;
import dev.pigment.core.image.ImageFiles;
import dev.pigment.core.metrics.ColorizationScores;
import dev.pigment.models.colorizer.Colorizer;
import dev.pigment.models.colorizer.ColorizerConfig.Head;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The colorizer examples run end to end on a tiny budget; the wallpaper photographs are where they should be. */
class ColorizerExamplesTest {
    @TempDir
    Path dir;

    /** A photo whose colour follows its lightness, over smooth shapes. */
    static Bitmap photo(int h, int w, long seed) {
        java.util.Random r = new java.util.Random(seed);
        double f = 0.03 + 0.05 * r.nextDouble();
        double phase = 6.28 * r.nextDouble();
        byte[] px = new byte[h * w * 3];
        int[] rgb = new int[3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double l = 50 + 40 * Math.sin(f * x + phase) * Math.cos(f * y);
                Colorization.toSrgb8KeepingLightness(l, 50 * Math.sin(l / 15), 50 * Math.cos(l / 20), rgb);
                for (int c = 0; c < 3; c++) {
                    px[(y * w + x) * 3 + c] = (byte) rgb[c];
                }
            }
        }
        return Bitmap.of(h, w, 3, px);
    }

    @Test
    void trainsBothHeadsAndReportsThemAgainstTheBaselines() throws Exception {
        Path photos = Files.createDirectories(dir.resolve("photos"));
        for (int i = 0; i < 10; i++) {
            ImageFiles.write(photo(96, 128, i), photos.resolve("p" + i + ".png"));
        }
        Path out = dir.resolve("out");
        ColorizerExample.Result r = ColorizerExample.run(ColorizerExample.Options.defaults().small(photos, out, 2,
                128));
        assertEquals(List.of(ColorizerExample.GRAY, ColorizerExample.MEAN, "pigment regression",
                "pigment classification"), List.copyOf(r.report().scores().keySet()));
        for (Head h : Head.values()) {
            assertTrue(Files.size(r.models().get(h)) > 0);
            assertEquals(2, r.histories().get(h).epochs().size());
            ColorizationScores s = ColorizerExample.scores(r, h);
            assertEquals(2, s.images()); // 20% of 10 photos held out
            assertTrue(Double.isFinite(s.psnr()) && s.auc() > 0, s.toString());
            assertTrue(Files.exists(out.resolve("curves-" + h.name().toLowerCase() + ".png")));
        }
        String text = Files.readString(r.text());
        assertTrue(text.contains("gray (a*b* = 0)") && text.contains("pigment classification"), text);
        Bitmap grid = ImageFiles.read(r.grid());
        assertEquals(2 * 144 + 3 * 4, grid.height()); // two held-out photos
        assertEquals(4 * 256 + 5 * 4, grid.width()); // gray, two heads, original

        // the saved model colorizes a folder at full resolution
        Path in = Files.createDirectories(dir.resolve("bw"));
        ImageFiles.write(photo(70, 90, 50).toGray(), in.resolve("old.png"));
        Files.writeString(in.resolve("broken.jpg"), "no");
        Colorizer.FolderResult f = ColorizeFolderExample.run(r.models().get(Head.REGRESSION), in,
                dir.resolve("colour"), 4, 0);
        assertEquals(List.of(dir.resolve("colour").resolve("old.png")), f.written());
        assertEquals(1, f.report().skipped().size());
        Bitmap coloured = ImageFiles.read(f.written().get(0));
        assertEquals(70, coloured.height());
        assertEquals(90, coloured.width());
        assertEquals(3, coloured.channels());
    }

    @Test
    void theWallpaperPhotographsAreInstalled() throws Exception {
        // CI installs the Debian packages; DebianPhotos.files names any missing file and the packages
        List<Path> files = DebianPhotos.files(DebianPhotos.ROOT);
        assertEquals(34, files.size());
        for (Path f : List.of(files.get(0), files.get(20), files.get(33))) {
            assertTrue(!ImageFiles.read(f).isGrayscale(8), f + " is a colour photo");
        }
    }
}
