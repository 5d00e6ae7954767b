package dev.pigment.core.color;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigment.core.TestImages;
import dev.pigment.core.image.Bitmap;
import org.junit.jupiter.api.Test;

class LabTest {
    private static void assertLab(int r, int g, int b, double l, double a, double bb) {
        double[] lab = Lab.fromSrgb8(r, g, b);
        assertEquals(l, lab[0], 0.005, "L* of " + r + "," + g + "," + b);
        assertEquals(a, lab[1], 0.005, "a* of " + r + "," + g + "," + b);
        assertEquals(bb, lab[2], 0.005, "b* of " + r + "," + g + "," + b);
    }

    @Test
    void referenceValues() {
        // Bruce Lindbloom's calculator, sRGB D65, reference white D65
        assertLab(255, 0, 0, 53.2408, 80.0925, 67.2032);
        assertLab(0, 255, 0, 87.7347, -86.1827, 83.1793);
        assertLab(0, 0, 255, 32.2970, 79.1875, -107.8602);
        assertLab(255, 255, 255, 100.0, 0.0, 0.0);
        assertLab(0, 0, 0, 0.0, 0.0, 0.0);
        assertLab(128, 128, 128, 53.5850, 0.0, 0.0);
    }

    @Test
    void unitScaleAgreesWithEightBit() {
        double[] a = Lab.fromSrgb(1, 0.5, 0.25);
        double[] b = Lab.fromSrgb8(255, 0, 0);
        double[] red = Lab.fromSrgb(1, 0, 0);
        assertArrayEquals(b, red, 1e-6);
        assertEquals(Lab.fromSrgb(0.2, 0.4, 0.6)[0], Lab.lightness8(51, 102, 153), 1e-6);
        assertEquals(3, a.length);
    }

    @Test
    void inverseIsExactInDoublePrecision() {
        for (double[] rgb : new double[][] {{1, 0, 0}, {0.2, 0.7, 0.1}, {0.01, 0.02, 0.03}, {0.9, 0.9, 0.95}}) {
            double[] lab = Lab.fromSrgb(rgb[0], rgb[1], rgb[2]);
            assertArrayEquals(rgb, Lab.toSrgb(lab[0], lab[1], lab[2]), 1e-9);
        }
    }

    @Test
    void cubeRootAgreesWithTheLibraryOne() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        for (int i = 0; i < 1_000_000; i++) {
            double t = i < 10 ? Math.pow(10, -i) : 216.0 / 24389 + r.nextDouble() * 1.5;
            assertEquals(Math.cbrt(t), Lab.cbrt(t), 1e-14 * Math.cbrt(t), "cube root of " + t);
        }
        for (double t : new double[] {0, -8, Double.MIN_VALUE, 1e-310, Double.MAX_VALUE, Double.POSITIVE_INFINITY}) {
            assertEquals(Math.cbrt(t), Lab.cbrt(t), "cube root of " + t);
        }
        assertTrue(Double.isNaN(Lab.cbrt(Double.NaN)));
    }

    @Test
    void everyEightBitColourRoundTrips() {
        double[] lab = new double[3];
        int[] rgb = new int[3];
        for (int r = 0; r < 256; r++) {
            for (int g = 0; g < 256; g++) {
                for (int b = 0; b < 256; b++) {
                    Lab.fromSrgb8(r, g, b, lab);
                    Lab.toSrgb8(lab[0], lab[1], lab[2], rgb);
                    if (rgb[0] != r || rgb[1] != g || rgb[2] != b) {
                        assertArrayEquals(new int[] {r, g, b}, rgb, "round trip of " + r + "," + g + "," + b);
                    }
                }
            }
        }
    }

    @Test
    void labImageRoundTripsABitmapAndKeepsGrayNeutral() {
        Bitmap img = TestImages.pattern(17, 23, 3, 5);
        assertEquals(img, LabImage.of(img).toBitmap());
        LabImage gray = LabImage.of(TestImages.pattern(9, 9, 1, 2));
        for (int i = 0; i < 81; i++) {
            assertEquals(0, gray.a()[i], 1e-4);
            assertEquals(0, gray.b()[i], 1e-4);
        }
    }

    @Test
    void outOfGamutColoursAreClippedWhenConvertedToEightBit() {
        int[] rgb = new int[3];
        Lab.toSrgb8(50, 120, 0, rgb);
        assertEquals(255, rgb[0]);
        assertEquals(0, rgb[1]);
    }
}
