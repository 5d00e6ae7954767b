package dev.pigment.core.color;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigment.core.image.Bitmap;
import java.util.List;
import org.junit.jupiter.api.Test;

class AbBinsTest {
    /** {@code red} pure red pixels and {@code blue} pure blue ones, in one row. */
    private static Bitmap redAndBlue(int red, int blue) {
        byte[] px = new byte[(red + blue) * 3];
        for (int i = 0; i < red + blue; i++) {
            px[3 * i] = (byte) (i < red ? 255 : 0);
            px[3 * i + 2] = (byte) (i < red ? 0 : 255);
        }
        return Bitmap.of(1, red + blue, 3, px);
    }

    @Test
    void cellsAndPriorComeFromThePhotos() {
        AbBins bins = AbBins.fromPhotos(List.of(redAndBlue(3, 1)), 10, 0.5);
        assertEquals(2, bins.size());
        // red is a* 80.09, b* 67.20: the cell [80, 90) x [60, 70), centre (85, 65); blue (79.19, -107.86): (75, -105)
        int red = bins.nearest(80.09, 67.20);
        int blue = bins.nearest(79.19, -107.86);
        assertEquals(85, bins.a(red), 1e-9);
        assertEquals(65, bins.b(red), 1e-9);
        assertEquals(75, bins.a(blue), 1e-9);
        assertEquals(-105, bins.b(blue), 1e-9);
        assertEquals(0.75, bins.prior(red), 1e-12);
        assertEquals(0.25, bins.prior(blue), 1e-12);
        // the cells are 170 apart, so smoothing leaves the prior; λ = 0.5, Q = 2:
        // w ∝ 1/(0.5·0.75 + 0.25) = 1.6 and 1/(0.5·0.25 + 0.25) = 2.667, scaled so that Σ p·w = 1
        assertEquals(0.857142857, bins.weight(red), 1e-6);
        assertEquals(1.428571429, bins.weight(blue), 1e-6);
        // λ = 1 weighs every cell alike
        AbBins uniform = AbBins.fromPhotos(List.of(redAndBlue(3, 1)), 10, 1);
        assertEquals(1, uniform.weight(0), 1e-9);
        assertEquals(1, uniform.weight(1), 1e-9);
    }

    @Test
    void allOfSrgbFills268Cells() {
        // every 8-bit colour, as 4096 x 4096 pixels; 268 cells of [10k, 10k + 10) was checked independently (numpy).
        // The paper counts 313 for its grid: its cells are centred on the grid points and it tests the continuous
        // gamut.
        byte[] px = new byte[256 * 256 * 256 * 3];
        for (int i = 0; i < 256 * 256 * 256; i++) {
            px[3 * i] = (byte) (i >> 16);
            px[3 * i + 1] = (byte) (i >> 8);
            px[3 * i + 2] = (byte) i;
        }
        AbBins bins = AbBins.fromPhotos(List.of(Bitmap.of(4096, 4096, 3, px)), 10, 0.5);
        assertEquals(268, bins.size());
    }

    @Test
    void softEncodingSumsToTheScaleAndFavoursTheNearest() {
        AbBins bins = AbBins.fromPhotos(List.of(redAndBlue(3, 1)), 10, 0.5);
        float[] out = new float[2 * bins.size()];
        int red = bins.nearest(85, 65);
        assertEquals(red, bins.softEncode(85, 65, out, bins.size(), false));
        assertEquals(1.0, out[bins.size() + red], 1e-6);
        assertEquals(0, out[bins.size() + 1 - red], 1e-6);
        assertEquals(0, out[0]);
        // rebalanced: the encoding sums to the nearest cell's weight
        float[] weighted = new float[2];
        int blue = bins.softEncode(75, -105, weighted, 0, true);
        assertEquals(bins.weight(blue), weighted[0] + weighted[1], 1e-6);
        // halfway between the two centres: equal weights
        float[] mid = new float[2];
        bins.softEncode(80, -20, mid, 0, false);
        assertEquals(0.5, mid[0], 1e-6);
        assertEquals(0.5, mid[1], 1e-6);
    }

    @Test
    void annealedMeanByHand() {
        AbBins bins = AbBins.fromPhotos(List.of(redAndBlue(1, 1)), 10, 0.5);
        int red = bins.nearest(85, 65);
        float[] p = new float[2];
        p[red] = 0.75f;
        p[1 - red] = 0.25f;
        double[] ab = new double[2];
        bins.annealedMean(p, 0, 1, ab);
        assertEquals(0.75 * 85 + 0.25 * 75, ab[0], 1e-6);
        assertEquals(0.75 * 65 + 0.25 * -105, ab[1], 1e-6);
        // T = 0.5 squares the probabilities: 0.5625 : 0.0625 = 0.9 : 0.1
        bins.annealedMean(p, 0, 0.5, ab);
        assertEquals(0.9 * 85 + 0.1 * 75, ab[0], 1e-6);
        assertEquals(0.9 * 65 + 0.1 * -105, ab[1], 1e-6);
        assertThrows(IllegalArgumentException.class, () -> bins.annealedMean(p, 0, 0, ab));
    }

    @Test
    void textRoundTripsAndBadTextIsAnError() {
        AbBins bins = AbBins.fromPhotos(List.of(redAndBlue(5, 2)), 10, 0.5);
        AbBins back = AbBins.parse(bins.encode());
        assertEquals(bins.size(), back.size());
        for (int q = 0; q < bins.size(); q++) {
            assertEquals(bins.a(q), back.a(q));
            assertEquals(bins.b(q), back.b(q));
            assertEquals(bins.prior(q), back.prior(q));
            assertEquals(bins.weight(q), back.weight(q));
        }
        assertThrows(IllegalArgumentException.class, () -> AbBins.parse("10"));
        assertThrows(IllegalArgumentException.class, () -> AbBins.parse("10 1:2:3"));
        assertThrows(IllegalArgumentException.class, () -> AbBins.parse("10 x:2:3:4"));
        assertThrows(IllegalArgumentException.class, () -> AbBins.fromPhotos(List.of(), 10, 0.5));
        assertThrows(IllegalArgumentException.class, () -> AbBins.fromPhotos(List.of(redAndBlue(1, 1)), 10, 2));
    }

    @Test
    void softEncodingMatchesAFullSearch() {
        // many cells: every 8-bit colour with a step of 5
        int n = 52 * 52 * 52;
        byte[] px = new byte[n * 3];
        int i = 0;
        for (int r = 0; r < 256; r += 5) {
            for (int g = 0; g < 256; g += 5) {
                for (int bl = 0; bl < 256; bl += 5) {
                    px[3 * i] = (byte) r;
                    px[3 * i + 1] = (byte) g;
                    px[3 * i + 2] = (byte) bl;
                    i++;
                }
            }
        }
        AbBins bins = AbBins.fromPhotos(List.of(Bitmap.of(1, n, 3, px)), 10, 0.5);
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
        for (int t = 0; t < 20_000; t++) {
            double a = rnd.nextDouble(-130, 130);
            double b = rnd.nextDouble(-130, 130);
            float[] fast = new float[bins.size()];
            bins.softEncode(a, b, fast, 0, true);
            // the full search, written out
            Integer[] order = new Integer[bins.size()];
            for (int q = 0; q < order.length; q++) {
                order[q] = q;
            }
            java.util.Arrays.sort(order, java.util.Comparator.comparingDouble(
                    q -> Math.pow(bins.a(q) - a, 2) + Math.pow(bins.b(q) - b, 2)));
            for (int j = 0; j < AbBins.NEIGHBOURS; j++) {
                assertTrue(fast[order[j]] > 0, "colour " + a + ", " + b + ": neighbour " + j + " missing");
            }
            assertEquals(bins.nearest(a, b), order[0]);
        }
    }
}
