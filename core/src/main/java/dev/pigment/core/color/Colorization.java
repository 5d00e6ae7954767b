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
     * photo's size with {@link Resampling} (bilinear when enlarging), as 8-bit sRGB of the photo's size. The rows are
     * upsampled and joined in one pass, on every core for a large photo.
     *
     * @throws IllegalArgumentException if {@code ab} does not hold {@code ah × aw × 2} values
     */
    public static Bitmap join(Bitmap photo, float[] ab, int ah, int aw) {
        if (ab.length != ah * aw * 2) {
            throw new IllegalArgumentException("a*b* must hold " + ah + "x" + aw + "x2 values, got " + ab.length);
        }
        int h = photo.height();
        int w = photo.width();
        byte[] px = photo.toRgb().toBytes();
        byte[] out = new byte[h * w * 3];
        Resampling.resizeRows(ab, ah, aw, 2, h, w, (y, abRow) -> {
            for (int x = 0, i = 3 * y * w; x < w; x++, i += 3) {
                double luminance = Lab.luminance8(px[i] & 0xFF, px[i + 1] & 0xFF, px[i + 2] & 0xFF);
                int rgb = Lab.toSrgb8KeepingLuminance(luminance, abRow[2 * x], abRow[2 * x + 1]);
                out[i] = (byte) (rgb >> 16);
                out[i + 1] = (byte) (rgb >> 8);
                out[i + 2] = (byte) rgb;
            }
        });
        return Bitmap.of(h, w, 3, out);
    }

    /**
     * L*a*b* → 8-bit sRGB, written to {@code out}: in-gamut colours as {@link Lab#toSrgb8}; others with a* and b*
     * scaled down (by bisection, to within 1/4096) until the colour lies in the gamut. L* is clipped to [0, 100].
     */
    public static void toSrgb8KeepingLightness(double l, double a, double b, int[] out) {
        int rgb = Lab.toSrgb8KeepingLuminance(Lab.luminance(Math.max(0, Math.min(100, l))), a, b);
        out[0] = rgb >> 16 & 0xFF;
        out[1] = rgb >> 8 & 0xFF;
        out[2] = rgb & 0xFF;
    }
}
