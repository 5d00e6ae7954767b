package dev.pigment.cli.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigment.core.color.Colorization;
import dev.pigment.core.BadFilePolicy;
import dev.pigment.core.image.Bitmap;
import dev.pigment.core.image.ImageFiles;
import dev.pigment.core.metrics.Baselines;
import dev.pigment.core.metrics.ColorizationScores;
import dev.pigment.models.colorizer.Colorizer;
import dev.pigment.models.colorizer.ColorizerConfig.Head;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The colorizer examples run end to end on a tiny budget; the wallpaper photographs are where they should be. */
class ColorizerJobTest {
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
        ColorizerJob.Result r = ColorizerJob.run(ColorizerJob.Options.defaults().small(photos, out, 2,
                128));
        assertEquals(List.of(ColorizerJob.GRAY, ColorizerJob.MEAN, "pigment regression",
                "pigment classification"), List.copyOf(r.report().scores().keySet()));
        for (Head h : Head.values()) {
            assertTrue(Files.size(r.models().get(h)) > 0);
            assertEquals(2, r.histories().get(h).epochs().size());
            ColorizationScores s = ColorizerJob.scores(r, h);
            assertEquals(2, s.images()); // 20% of 10 photos held out
            assertTrue(Double.isFinite(s.psnr()) && s.auc() > 0, s.toString());
            assertTrue(Files.exists(out.resolve("curves-" + h.name().toLowerCase() + ".png")));
        }
        String text = Files.readString(r.text());
        assertTrue(text.contains("gray (a*b* = 0)") && text.contains("pigment classification"), text);
        Bitmap grid = ImageFiles.read(r.grid());
        assertEquals(2 * 144 + 3 * 4, grid.height()); // two held-out photos
        assertEquals(4 * 256 + 5 * 4, grid.width()); // gray, two heads, original

        // the regression model trained with the default loss, and predicts without flip averaging unless asked
        Colorizer saved = Colorizer.load(r.models().get(Head.REGRESSION));
        assertEquals(new dev.pigment.models.colorizer.ColorizerHead.Regression(110f,
                dev.pigment.models.colorizer.ColorizerConfig.Loss.L2), saved.head());
        assertEquals(dev.pigment.models.TestTimeAugmentation.NONE, saved.testTimeAugmentation());
        // the saved model colorizes a folder at full resolution
        Path in = Files.createDirectories(dir.resolve("bw"));
        ImageFiles.write(photo(70, 90, 50).toGray(), in.resolve("old.png"));
        Files.writeString(in.resolve("broken.jpg"), "no");
        Colorizer.FolderResult f = Colorizer.load(r.models().get(Head.REGRESSION)).colorizeFolder(in,
                dir.resolve("colour"), 4, BadFilePolicy.SKIP);
        assertEquals(List.of(dir.resolve("colour").resolve("old.png")), f.written());
        assertEquals(1, f.report().skipped().size());
        Bitmap coloured = ImageFiles.read(f.written().get(0));
        assertEquals(70, coloured.height());
        assertEquals(90, coloured.width());
        assertEquals(3, coloured.channels());
    }

    @Test
    void theDebianPhotographsAreInstalled() throws Exception {
        // CI installs the Debian packages; DebianPhotos.files names any missing file and the packages
        Path extracted = dir.resolve("photos");
        Map<Path, String> files = DebianPhotos.files(DebianPhotos.ROOT, extracted);
        Map<String, Long> perSource = files.values().stream()
                .collect(Collectors.groupingBy(s -> s, LinkedHashMap::new, Collectors.counting()));
        assertEquals(Map.of("wallpapers", 13L, "mate-backgrounds", 12L, "plasma", 9L, "endless-sky", 283L,
                "elementary", 13L, "lxqt", 11L, "palapeli", 5L, "sddm-maldives", 1L, "gcompris", 225L), perSource);
        assertEquals(34, DebianPhotos.files(DebianPhotos.ROOT, DebianPhotos.sources(DebianPhotos.WALLPAPERS), null)
                .size());
        List<Path> list = List.copyOf(files.keySet());
        for (int i = 0; i < list.size(); i += 29) {
            assertTrue(!ImageFiles.read(list.get(i)).isGrayscale(8), list.get(i) + " is a colour photo");
        }
        // GCompris's photographs come out of its archives as WebP files that decode; a second call keeps them
        List<Path> gcompris = files.entrySet().stream().filter(e -> e.getValue().equals("gcompris"))
                .map(Map.Entry::getKey).toList();
        assertTrue(gcompris.stream().allMatch(p -> p.startsWith(extracted.resolve("gcompris"))), gcompris.toString());
        assertTrue(gcompris.contains(extracted.resolve("gcompris/explore_monuments/wonders-tajMahal.webp")));
        assertTrue(gcompris.contains(extracted.resolve("gcompris/categorization/fishes-fish1.webp")));
        assertFalse(gcompris.contains(extracted.resolve("gcompris/categorization/fishes-fish2.webp")), "a painting");
        assertTrue(gcompris.stream().noneMatch(p -> p.toString().contains("monuments-")), "duplicates");
        assertTrue(Files.readString(extracted.resolve("gcompris/erase/README.txt")).contains("alpaca.webp"),
                "the attributions come along");
        Bitmap taj = ImageFiles.read(extracted.resolve("gcompris/explore_monuments/wonders-tajMahal.webp"));
        assertEquals(1024, taj.width());
        assertTrue(!taj.isGrayscale(8));
        FileTime written = Files.getLastModifiedTime(gcompris.get(0));
        DebianPhotos.files(DebianPhotos.ROOT, DebianPhotos.sources(List.of("gcompris")), extracted);
        assertEquals(written, Files.getLastModifiedTime(gcompris.get(0)), "an unchanged photo is not rewritten");
        assertThrows(IllegalArgumentException.class,
                () -> DebianPhotos.files(DebianPhotos.ROOT, DebianPhotos.sources(List.of("gcompris")), null));
        assertThrows(IllegalArgumentException.class, () -> DebianPhotos.sources(List.of("no-such-source")));
    }

    @Test
    void scoresEachSourceApart() {
        Bitmap red = Bitmap.of(16, 16, 3, filled(768, (byte) 200, (byte) 30, (byte) 30));
        Bitmap gray = Bitmap.of(16, 16, 3, filled(768, (byte) 80, (byte) 80, (byte) 80));
        List<Bitmap> originals = List.of(red, gray, red);
        Map<String, List<Bitmap>> outputs = new LinkedHashMap<>();
        outputs.put(ColorizerJob.GRAY, List.of(Baselines.gray(red), gray, Baselines.gray(red)));
        outputs.put("perfect", originals);
        String text = ColorizerJob.perSource(originals, outputs, List.of("a", "b", "a"));
        assertTrue(text.contains("  a, 2 photos"), text);
        assertTrue(text.contains("  b, 1 photos"), text);
        assertEquals("", ColorizerJob.perSource(originals, outputs, List.of("a", "a", "a")));
    }

    private static byte[] filled(int n, byte r, byte g, byte b) {
        byte[] px = new byte[n];
        for (int i = 0; i < n; i += 3) {
            px[i] = r;
            px[i + 1] = g;
            px[i + 2] = b;
        }
        return px;
    }
}
