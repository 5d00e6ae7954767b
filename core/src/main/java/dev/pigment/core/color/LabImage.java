package dev.pigment.core.color;

import dev.pigment.core.image.Bitmap;

/**
 * An image in CIE L*a*b*, as three planes of {@code height × width} floats: L* (0..100), a* and b* (signed).
 *
 * @param height rows
 * @param width columns
 * @param l L* plane, row-major
 * @param a a* plane, row-major
 * @param b b* plane, row-major
 */
public record LabImage(int height, int width, float[] l, float[] a, float[] b) {

    /**
     * Checks the size and the planes.
     *
     * @throws IllegalArgumentException if a side is below 1 or a plane does not hold {@code height × width} values
     */
    public LabImage {
        int n = height * width;
        if (height < 1 || width < 1 || l.length != n || a.length != n || b.length != n) {
            throw new IllegalArgumentException("planes must each hold " + height + "x" + width + " values, got "
                    + l.length + ", " + a.length + ", " + b.length);
        }
    }

    /** Converts an 8-bit sRGB (or gray, taken as R = G = B) bitmap. */
    public static LabImage of(Bitmap bitmap) {
        int h = bitmap.height();
        int w = bitmap.width();
        int n = h * w;
        float[] l = new float[n];
        float[] a = new float[n];
        float[] b = new float[n];
        byte[] px = bitmap.toBytes();
        int c = bitmap.channels();
        double[] lab = new double[3];
        for (int i = 0; i < n; i++) {
            int r = px[i * c] & 0xFF;
            int g = c == 3 ? px[i * c + 1] & 0xFF : r;
            int bl = c == 3 ? px[i * c + 2] & 0xFF : r;
            Lab.fromSrgb8(r, g, bl, lab);
            l[i] = (float) lab[0];
            a[i] = (float) lab[1];
            b[i] = (float) lab[2];
        }
        return new LabImage(h, w, l, a, b);
    }

    /** Converts back to 8-bit sRGB, clipping colours outside the gamut. */
    public Bitmap toBitmap() {
        int n = height * width;
        byte[] out = new byte[n * 3];
        int[] rgb = new int[3];
        for (int i = 0; i < n; i++) {
            Lab.toSrgb8(l[i], a[i], b[i], rgb);
            out[3 * i] = (byte) rgb[0];
            out[3 * i + 1] = (byte) rgb[1];
            out[3 * i + 2] = (byte) rgb[2];
        }
        return Bitmap.of(height, width, 3, out);
    }
}
