package dev.pigment.core.color;

import dev.pigment.core.image.Bitmap;
import dev.pigment.core.image.PixelRows;
import dev.pigment.core.image.Resampling;

/**
 * The full-resolution half of colorization, without the model: the L* plane of a photo, and the join of a photo's
 * own L* with a*b* predicted at a smaller working size — upsampled bilinearly to the photo's size — into 8-bit
 * sRGB.
 * Colours that fall outside the sRGB gamut keep their L* and hue and lose chroma until they fit, so the output's L*
 * equals the input's up to 8-bit rounding (clipping R, G, B instead would change it).
 */
public final class Colorization {
    private static final int GAMUT_STEPS = 12;

    private Colorization() {
    }

    /** L* (0..100) of every pixel, row-major; a gray bitmap counts as R = G = B. */
    public static float[] lightness(Bitmap photo) {
        byte[] px = photo.toRgb().toBytes();
        float[] l = new float[photo.height() * photo.width()];
        int w = photo.width();
        PixelRows.forEach(photo.height(), w, y -> {
            for (int i = y * w, end = i + w; i < end; i++) {
                l[i] = (float) Lab.lightness8(px[3 * i] & 0xFF, px[3 * i + 1] & 0xFF, px[3 * i + 2] & 0xFF);
            }
        });
        return l;
    }

    /**
     * The photo's own L* joined with {@code ab} (interleaved a*, b* of an {@code ah × aw} image), resized to the
     * photo's size with {@link Resampling} (bilinear when enlarging), as 8-bit sRGB of the photo's size.
     *
     * @throws IllegalArgumentException if {@code ab} does not hold {@code ah × aw × 2} values
     */
    public static Bitmap join(Bitmap photo, float[] ab, int ah, int aw) {
        if (ab.length != ah * aw * 2) {
            throw new IllegalArgumentException("a*b* must hold " + ah + "x" + aw + "x2 values, got " + ab.length);
        }
        int h = photo.height();
        int w = photo.width();
        float[] full = ah == h && aw == w ? ab : Resampling.resize(ab, ah, aw, 2, h, w);
        byte[] px = photo.toRgb().toBytes();
        byte[] out = new byte[h * w * 3];
        PixelRows.forEach(h, w, y -> {
            int[] rgb = new int[3];
            double[] tmp = new double[3];
            for (int i = y * w, end = i + w; i < end; i++) {
                double l = Lab.lightness8(px[3 * i] & 0xFF, px[3 * i + 1] & 0xFF, px[3 * i + 2] & 0xFF);
                toSrgb8KeepingLightness(l, full[2 * i], full[2 * i + 1], rgb, tmp);
                out[3 * i] = (byte) rgb[0];
                out[3 * i + 1] = (byte) rgb[1];
                out[3 * i + 2] = (byte) rgb[2];
            }
        });
        return Bitmap.of(h, w, 3, out);
    }

    /**
     * L*a*b* → 8-bit sRGB, written to {@code out}: in-gamut colours as {@link Lab#toSrgb8}; others with a* and b*
     * scaled down (by bisection, to within 1/4096) until the colour lies in the gamut.
     */
    public static void toSrgb8KeepingLightness(double l, double a, double b, int[] out) {
        toSrgb8KeepingLightness(l, a, b, out, new double[3]);
    }

    private static void toSrgb8KeepingLightness(double l, double a, double b, int[] out, double[] lin) {
        double lc = Math.max(0, Math.min(100, l));
        Lab.toLinear(lc, a, b, lin);
        if (!inGamut(lin)) {
            double lo = 0;
            double hi = 1;
            for (int s = 0; s < GAMUT_STEPS; s++) {
                double mid = 0.5 * (lo + hi);
                Lab.toLinear(lc, a * mid, b * mid, lin);
                if (inGamut(lin)) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            Lab.toLinear(lc, a * lo, b * lo, lin);
        }
        for (int c = 0; c < 3; c++) {
            out[c] = Lab.linearToSrgb8(lin[c]);
        }
    }

    private static boolean inGamut(double[] lin) {
        final double tolerance = 1e-9;
        return lin[0] >= -tolerance && lin[0] <= 1 + tolerance && lin[1] >= -tolerance && lin[1] <= 1 + tolerance
                && lin[2] >= -tolerance && lin[2] <= 1 + tolerance;
    }
}
