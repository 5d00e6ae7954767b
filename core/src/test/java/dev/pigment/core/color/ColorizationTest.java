package dev.pigment.core.color;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigment.core.TestImages;
import dev.pigment.core.image.Bitmap;
import dev.pigment.core.image.Resampling;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ColorizationTest {
    @Test
    void eightBitEncodingByTableMatchesThePowerFunction() {
        for (int k = 0; k < 256; k++) {
            assertEquals(k, Lab.linearToSrgb8(Lab.srgbToLinear(k / 255.0)), "code " + k);
        }
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < 100_000; i++) {
            double v = r.nextDouble(-0.1, 1.1);
            long expected = Math.round(255 * Lab.linearToSrgb(Math.min(1, Math.max(0, v))));
            assertEquals(expected, Lab.linearToSrgb8(v), "linear " + v);
        }
        for (int k = 0; k < 255; k++) {
            double threshold = Lab.srgbToLinear((k + 0.5) / 255.0);
            assertEquals(k + 1, Lab.linearToSrgb8(threshold), "at the threshold above code " + k);
            assertEquals(k, Lab.linearToSrgb8(Math.nextDown(threshold)), "just below the threshold above code " + k);
        }
        assertEquals(0, Lab.linearToSrgb8(Double.NaN));
    }

    @Test
    void lightnessOfRedAndGray() {
        float[] l = Colorization.lightness(TestImages.solid(2, 2, 255, 0, 0));
        assertEquals(53.2408, l[3], 1e-3);
        assertEquals(53.5850, Colorization.lightness(Bitmap.of(1, 1, 1, new byte[] {(byte) 128}))[0], 1e-3);
    }

    @Test
    void joiningAPhotosOwnColoursGivesThePhotoBack() {
        Bitmap photo = TestImages.pattern(23, 31, 3, 9);
        LabImage lab = LabImage.of(photo);
        float[] ab = new float[23 * 31 * 2];
        for (int i = 0; i < 23 * 31; i++) {
            ab[2 * i] = lab.a()[i];
            ab[2 * i + 1] = lab.b()[i];
        }
        Bitmap back = Colorization.join(photo, ab, 23, 31);
        byte[] p = photo.toBytes();
        byte[] q = back.toBytes();
        for (int i = 0; i < p.length; i++) {
            assertTrue(Math.abs((p[i] & 0xFF) - (q[i] & 0xFF)) <= 1, "value " + i);
        }
    }

    @Test
    void anyColoursKeepThePhotosLightnessAndSize() {
        Bitmap photo = TestImages.pattern(40, 60, 3, 2);
        float[] ab = randomAb(10 * 15, 120, 1); // mostly outside the gamut
        Bitmap out = Colorization.join(photo, ab, 10, 15);
        assertEquals(40, out.height());
        assertEquals(60, out.width());
        float[] l0 = Colorization.lightness(photo);
        float[] l1 = Colorization.lightness(out);
        double worst = 0;
        for (int i = 0; i < l0.length; i++) {
            worst = Math.max(worst, Math.abs(l0[i] - l1[i]));
        }
        assertTrue(worst < 1.0, "largest L* change " + worst);
        // a gray input gets colour
        Bitmap gray = photo.toGray();
        assertTrue(Colorization.join(gray, ab, 10, 15).channels() == 3);
        assertThrows(IllegalArgumentException.class, () -> Colorization.join(photo, new float[7], 10, 15));
    }

    @Test
    void joinIsTheUpsampledColourConvertedPixelByPixel() {
        Bitmap photo = TestImages.pattern(45, 70, 3, 4);
        float[] ab = randomAb(9 * 14, 90, 8);
        byte[] out = Colorization.join(photo, ab, 9, 14).toBytes();
        float[] full = Resampling.resize(ab, 9, 14, 2, 45, 70);
        byte[] px = photo.toBytes();
        int[] rgb = new int[3];
        for (int i = 0; i < 45 * 70; i++) {
            double l = Lab.lightness8(px[3 * i] & 0xFF, px[3 * i + 1] & 0xFF, px[3 * i + 2] & 0xFF);
            Colorization.toSrgb8KeepingLightness(l, full[2 * i], full[2 * i + 1], rgb);
            for (int c = 0; c < 3; c++) {
                assertTrue(Math.abs(rgb[c] - (out[3 * i + c] & 0xFF)) <= 1, "pixel " + i + " channel " + c);
            }
        }
    }

    @Test
    void outOfGamutColoursLoseChromaNotLightness() {
        int[] rgb = new int[3];
        // L* 50 with a* 200 is far outside sRGB
        Colorization.toSrgb8KeepingLightness(50, 200, 0, rgb);
        double[] lab = Lab.fromSrgb8(rgb[0], rgb[1], rgb[2]);
        assertEquals(50, lab[0], 0.5);
        assertTrue(lab[1] > 40, "still reddish: a* " + lab[1]);
        Colorization.toSrgb8KeepingLightness(0, 0, 0, rgb);
        assertEquals(0, rgb[0] + rgb[1] + rgb[2]);
        Colorization.toSrgb8KeepingLightness(100, 0, 0, rgb);
        assertEquals(255 * 3, rgb[0] + rgb[1] + rgb[2]);
    }

    @Test
    void outOfGamutColoursKeepNearlyAllTheChromaThatFits() {
        SplittableRandom r = new SplittableRandom(11);
        int[] fast = new int[3];
        double[] lin = new double[3];
        int outside = 0;
        for (int i = 0; i < 20_000; i++) {
            double l = r.nextDouble(1, 99);
            double a = r.nextDouble(-150, 150);
            double b = r.nextDouble(-150, 150);
            Lab.toLinear(l, a, b, lin);
            if (inUnitCube(lin)) {
                continue;
            }
            outside++;
            double lo = 0;
            double hi = 1;
            for (int s = 0; s < 40; s++) {
                double mid = 0.5 * (lo + hi);
                Lab.toLinear(l, a * mid, b * mid, lin);
                if (inUnitCube(lin)) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            int[] reference = new int[3];
            Lab.toLinear(l, a * lo, b * lo, lin);
            for (int c = 0; c < 3; c++) {
                reference[c] = Lab.linearToSrgb8(lin[c]);
            }
            Colorization.toSrgb8KeepingLightness(l, a, b, fast);
            for (int c = 0; c < 3; c++) {
                assertTrue(Math.abs(fast[c] - reference[c]) <= 3, "L* " + l + " a* " + a + " b* " + b + ": "
                        + java.util.Arrays.toString(fast) + " against " + java.util.Arrays.toString(reference));
            }
        }
        assertTrue(outside > 10_000, "most samples fall outside the gamut: " + outside);
    }

    /** Interleaved a*, b* of {@code pixels} pixels, each uniform in (-range, range). */
    private static float[] randomAb(int pixels, double range, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] ab = new float[pixels * 2];
        for (int i = 0; i < ab.length; i++) {
            ab[i] = (float) r.nextDouble(-range, range);
        }
        return ab;
    }

    private static boolean inUnitCube(double[] lin) {
        return lin[0] >= 0 && lin[0] <= 1 && lin[1] >= 0 && lin[1] <= 1 && lin[2] >= 0 && lin[2] <= 1;
    }
}
