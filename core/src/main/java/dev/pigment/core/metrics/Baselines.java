package dev.pigment.core.metrics;

import dev.pigment.core.color.Lab;
import dev.pigment.core.image.Bitmap;
import java.util.Collection;

/**
 * The trivial colorizations a model must beat: the photo's own L* with a* = b* = 0 (gray) and with the mean a*b*
 * of the training photos (Zhang, Isola and Efros, ECCV 2016, use both as references).
 */
public final class Baselines {
    private Baselines() {
    }

    /** The photo's L* with a* = b* = 0, in sRGB: the neutral gray a colorizer starts from. */
    public static Bitmap gray(Bitmap photo) {
        return constantAb(photo, 0, 0);
    }

    /** The photo's L* with the same a*, b* at every pixel, converted to 8-bit sRGB (clipped to the gamut). */
    public static Bitmap constantAb(Bitmap photo, double a, double b) {
        Bitmap rgb = photo.toRgb();
        int n = rgb.height() * rgb.width();
        byte[] px = rgb.toBytes();
        byte[] out = new byte[n * 3];
        int[] srgb = new int[3];
        for (int i = 0; i < n; i++) {
            double l = Lab.lightness8(px[3 * i] & 0xFF, px[3 * i + 1] & 0xFF, px[3 * i + 2] & 0xFF);
            Lab.toSrgb8(l, a, b, srgb);
            out[3 * i] = (byte) srgb[0];
            out[3 * i + 1] = (byte) srgb[1];
            out[3 * i + 2] = (byte) srgb[2];
        }
        return Bitmap.of(rgb.height(), rgb.width(), 3, out);
    }

    /**
     * The mean a* and b* over every pixel of {@code photos}, as {a*, b*}.
     *
     * @throws IllegalArgumentException if there are no photos
     */
    public static double[] meanAb(Collection<Bitmap> photos) {
        if (photos.isEmpty()) {
            throw new IllegalArgumentException("no photos to take the mean a*b* of");
        }
        double sa = 0;
        double sb = 0;
        long n = 0;
        double[] lab = new double[3];
        for (Bitmap p : photos) {
            byte[] px = p.toRgb().toBytes();
            for (int i = 0; i < px.length; i += 3) {
                Lab.fromSrgb8(px[i] & 0xFF, px[i + 1] & 0xFF, px[i + 2] & 0xFF, lab);
                sa += lab[1];
                sb += lab[2];
            }
            n += px.length / 3;
        }
        return new double[] {sa / n, sb / n};
    }
}
