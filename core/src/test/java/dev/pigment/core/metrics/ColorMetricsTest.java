package dev.pigment.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigment.core.TestImages;
import dev.pigment.core.image.Bitmap;
import java.util.List;
import org.junit.jupiter.api.Test;

class ColorMetricsTest {
    /** An {@code h × w} RGB bitmap whose pixel i is {@code rgb[i % rgb.length]}. */
    private static Bitmap pixels(int h, int w, int[]... rgb) {
        byte[] px = new byte[h * w * 3];
        for (int i = 0; i < h * w; i++) {
            for (int c = 0; c < 3; c++) {
                px[3 * i + c] = (byte) rgb[i % rgb.length][c];
            }
        }
        return Bitmap.of(h, w, 3, px);
    }

    @Test
    void psnrPoolsTheSquaredErrorOverPixelsAndChannels() {
        Bitmap black = TestImages.solid(2, 2, 0, 0, 0);
        Bitmap oneOff = pixels(2, 2, new int[] {10, 0, 0}, new int[] {0, 0, 0}, new int[] {0, 0, 0},
                new int[] {0, 0, 0});
        assertEquals(100, ColorMetrics.squaredError(black, oneOff));
        // MSE = 100 / 12; 10·log10(255² · 12 / 100) = 10·log10(7803)
        assertEquals(38.92262, ColorMetrics.psnr(black, oneOff), 1e-4);
        assertEquals(Double.POSITIVE_INFINITY, ColorMetrics.psnr(black, black));
        // a gray bitmap counts as R = G = B
        Bitmap gray = Bitmap.of(2, 2, 1, new byte[] {10, 10, 10, 10});
        assertEquals(4 * 3 * 100, ColorMetrics.squaredError(black, gray));
    }

    @Test
    void ssimOfIdenticalImagesIsOne() {
        Bitmap p = TestImages.pattern(20, 17, 3, 7);
        assertEquals(1.0, ColorMetrics.ssim(p, p), 1e-12);
    }

    @Test
    void ssimOfTwoFlatImagesIsTheLuminanceTerm() {
        // no variance: SSIM = (2·100·110 + C1) / (100² + 110² + C1), C1 = (0.01·255)² = 6.5025
        Bitmap a = TestImages.solid(11, 11, 100, 100, 100);
        Bitmap b = TestImages.solid(11, 11, 110, 110, 110);
        assertEquals(0.9954764, ColorMetrics.ssim(a, b), 1e-7);
        // larger images: every window is the same
        assertEquals(0.9954764, ColorMetrics.ssim(TestImages.solid(30, 25, 100, 100, 100),
                TestImages.solid(30, 25, 110, 110, 110)), 1e-7);
    }

    @Test
    void ssimOfAShiftedImageInOneWindow() {
        // y = x + 20 in one 11×11 window: variances and covariance are equal, so the structure term is 1 and
        // SSIM = (2μ(μ + 20) + C1) / (μ² + (μ + 20)² + C1) with μ the Gaussian mean of x. x = 100 with a bright
        // centre of 200: μ = 100 + 100·g(0)², g the normalised 1-D window.
        byte[] x = new byte[121];
        byte[] y = new byte[121];
        for (int i = 0; i < 121; i++) {
            x[i] = (byte) (i == 60 ? 200 : 100);
            y[i] = (byte) ((x[i] & 0xFF) + 20);
        }
        double g0 = ColorMetrics.gaussian()[5];
        assertEquals(0.26601172, g0, 1e-8); // 1 / Σ exp(-k²/4.5), k = -5..5
        double mu = 100 + 100 * g0 * g0;
        double c1 = 6.5025;
        double expected = (2 * mu * (mu + 20) + c1) / (mu * mu + (mu + 20) * (mu + 20) + c1);
        assertEquals(expected, ColorMetrics.ssim(Bitmap.of(11, 11, 1, x), Bitmap.of(11, 11, 1, y)), 1e-9);
        assertTrue(expected < 1);
    }

    @Test
    void ssimOfAnInvertedPatternIsNegative() {
        Bitmap p = TestImages.noise(16, 16, 1, 3);
        byte[] inv = p.toBytes();
        for (int i = 0; i < inv.length; i++) {
            inv[i] = (byte) (255 - (inv[i] & 0xFF));
        }
        assertTrue(ColorMetrics.ssim(p, Bitmap.of(16, 16, 1, inv)) < -0.9);
    }

    @Test
    void ssimRejectsImagesSmallerThanTheWindow() {
        Bitmap small = TestImages.solid(10, 40, 1, 2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ColorMetrics.ssim(small, small));
        assertTrue(e.getMessage().contains("11x11"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> ColorMetrics.psnr(small, TestImages.solid(10, 41, 1, 2, 3)));
    }

    @Test
    void rawAccuracyAndItsArea() {
        double[] d = {0, 75, 150, 300};
        assertEquals(0.25, ColorMetrics.rawAccuracy(d, 0));
        assertEquals(0.5, ColorMetrics.rawAccuracy(d, 75));
        assertEquals(0.75, ColorMetrics.rawAccuracy(d, 150));
        // (1 + 0.5 + 0 + 0) / 4
        assertEquals(0.375, ColorMetrics.rawAccuracyAuc(d), 1e-12);
        assertEquals(0.9, ColorMetrics.rawAccuracyAuc(new double[] {15, 15}), 1e-12);
    }

    @Test
    void abDistancesOfRedAgainstItsGray() {
        Bitmap red = TestImages.solid(2, 3, 255, 0, 0);
        double[] d = ColorMetrics.abDistances(red, Baselines.gray(red));
        // red is a* 80.0925, b* 67.2032; its gray has a* = b* = 0 (within 8-bit rounding)
        for (double v : d) {
            assertEquals(Math.hypot(80.0925, 67.2032), v, 0.5);
        }
        assertEquals(0, ColorMetrics.abDistances(red, red)[0]);
    }

    @Test
    void colourfulnessByHand() {
        assertEquals(0, ColorMetrics.colourfulness(TestImages.solid(4, 4, 90, 90, 90)), 1e-12);
        // pure red: rg = 255, yb = 127.5, no spread: 0.3·√(255² + 127.5²)
        assertEquals(85.52961, ColorMetrics.colourfulness(TestImages.solid(3, 3, 255, 0, 0)), 1e-4);
        // half red, half green: rg = ±255 (σ 255, μ 0), yb = 127.5 (σ 0): 255 + 0.3·127.5
        Bitmap redGreen = pixels(2, 2, new int[] {255, 0, 0}, new int[] {0, 255, 0});
        assertEquals(293.25, ColorMetrics.colourfulness(redGreen), 1e-9);
    }

    @Test
    void scoresPoolPsnrAndAverageThePhotos() {
        Bitmap black = TestImages.solid(11, 11, 0, 0, 0);
        Bitmap redBy5 = TestImages.solid(11, 11, 5, 0, 0);
        Bitmap redBy10 = TestImages.solid(11, 11, 10, 0, 0);
        ColorizationScores s = ColorizationScores.of(List.of(black, black), List.of(redBy5, redBy10));
        assertEquals(2, s.images());
        // pooled MSE (121·25 + 121·100) / 726 = 20.8333: 10·log10(65025 / 20.8333)
        assertEquals(34.94322, s.psnr(), 1e-4);
        // per photo: MSE 8.3333 → 38.92262 dB, MSE 33.3333 → 32.90202 dB
        assertEquals((38.92262 + 32.90202) / 2, s.meanPsnr(), 1e-4);
        assertEquals(0, s.originalColourfulness());
        assertTrue(Double.isNaN(s.colourfulnessRatio()));
        assertThrows(IllegalArgumentException.class, () -> ColorizationScores.of(List.of(black), List.of()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ColorizationScores.of(List.of(black), List.of(TestImages.solid(12, 11, 0, 0, 0))));
        assertTrue(e.getMessage().startsWith("photo 0:"), e.getMessage());
    }

    @Test
    void baselinesKeepLightness() {
        Bitmap photo = TestImages.pattern(6, 5, 3, 11);
        Bitmap gray = Baselines.gray(photo);
        byte[] px = gray.toBytes();
        for (int i = 0; i < px.length; i += 3) {
            assertEquals(px[i], px[i + 1]);
            assertEquals(px[i], px[i + 2]);
        }
        // mean a*b* of a half red, half blue photo: the mean of red (80.0925, 67.2032) and blue (79.1875, -107.8602)
        double[] ab = Baselines.meanAb(List.of(pixels(2, 2, new int[] {255, 0, 0}, new int[] {0, 0, 255})));
        assertEquals(79.64, ab[0], 0.005);
        assertEquals(-20.3285, ab[1], 0.005);
        assertThrows(IllegalArgumentException.class, () -> Baselines.meanAb(List.of()));
    }

    @Test
    void reportScoresEachMethodAndTilesThePhotos() {
        Bitmap a = TestImages.pattern(20, 30, 3, 1);
        Bitmap b = TestImages.pattern(24, 20, 3, 2);
        java.util.Map<String, List<Bitmap>> outputs = new java.util.LinkedHashMap<>();
        outputs.put("gray", List.of(Baselines.gray(a), Baselines.gray(b)));
        outputs.put("perfect", List.of(a, b));
        ColorizationReport r = ColorizationReport.of(List.of(a, b), outputs);
        assertEquals(Double.POSITIVE_INFINITY, r.scores("perfect").psnr());
        assertEquals(1.0, r.scores("perfect").auc(), 1e-12);
        assertTrue(r.scores("gray").psnr() < 40);
        assertTrue(r.text().contains("perfect") && r.text().contains("photo  2:"), r.text());
        Bitmap grid = r.grid(List.of("gray", "perfect"), 10, 12);
        // two rows of three 10x12 tiles with 4-pixel gaps
        assertEquals(2 * 10 + 3 * 4, grid.height());
        assertEquals(3 * 12 + 4 * 4, grid.width());
        assertThrows(IllegalArgumentException.class, () -> r.scores("other"));
        assertThrows(IllegalArgumentException.class, () -> ColorizationReport.of(List.of(a), outputs));
    }
}
