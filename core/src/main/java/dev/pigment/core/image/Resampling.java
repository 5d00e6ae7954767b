package dev.pigment.core.image;

/**
 * Separable resampling with a triangle (bilinear) kernel that widens by the scale factor when shrinking, so that
 * downscaling averages every source pixel instead of aliasing (the "antialiased bilinear" of Pillow's
 * {@code Image.resize(..., BILINEAR)}). Upscaling is plain bilinear interpolation with pixel centres aligned
 * ({@code align_corners=False}).
 *
 * <p>Works on planar or interleaved float data; {@link Bitmap#resize} is the 8-bit entry point.
 */
public final class Resampling {
    private Resampling() {
    }

    /** Per output index: the first source index, the number of taps and their normalised weights. */
    private record Taps(int[] first, int[] count, float[] weights, int maxTaps) {
    }

    private static Taps taps(int in, int out) {
        double scale = (double) in / out;
        double support = Math.max(scale, 1.0);
        int maxTaps = (int) Math.ceil(support) * 2 + 1;
        int[] first = new int[out];
        int[] count = new int[out];
        float[] weights = new float[out * maxTaps];
        for (int i = 0; i < out; i++) {
            double centre = (i + 0.5) * scale;
            int lo = Math.max(0, (int) Math.floor(centre - support));
            int hi = Math.min(in - 1, (int) Math.ceil(centre + support));
            double sum = 0;
            int n = 0;
            for (int j = lo; j <= hi && n < maxTaps; j++) {
                double d = Math.abs(j + 0.5 - centre) / support;
                double w = d < 1 ? 1 - d : 0;
                if (w > 0) {
                    if (n == 0) {
                        first[i] = j;
                    }
                    weights[i * maxTaps + n] = (float) w;
                    sum += w;
                    n++;
                } else if (n > 0) {
                    break;
                }
            }
            if (n == 0) {
                // centre exactly between pixels at the border: take the nearest one
                first[i] = Math.min(in - 1, Math.max(0, (int) centre));
                weights[i * maxTaps] = 1f;
                n = 1;
                sum = 1;
            }
            for (int k = 0; k < n; k++) {
                weights[i * maxTaps + k] /= (float) sum;
            }
            count[i] = n;
        }
        return new Taps(first, count, weights, maxTaps);
    }

    /**
     * Resamples interleaved {@code h × w × c} floats to {@code oh × ow × c}. Large images are resampled by rows in
     * parallel ({@link PixelRows}).
     *
     * @return a new array of {@code oh*ow*c} values
     * @throws IllegalArgumentException if {@code src} does not hold {@code h*w*c} values or a target side is below 1
     */
    public static float[] resize(float[] src, int h, int w, int c, int oh, int ow) {
        checkSource(src, h, w, c);
        checkTarget(oh, ow);
        Taps ty = taps(h, oh);
        float[] mid = horizontalPass(src, h, w, c, ow);
        float[] out = new float[oh * ow * c];
        PixelRows.forEach(oh, (long) ow * c * ty.maxTaps, y -> vertical(mid, ty, y, ow * c, out, y * ow * c));
        return out;
    }

    /** Receives the rows of a resampled image one at a time ({@link #resizeRows}). */
    @FunctionalInterface
    public interface RowSink {
        /**
         * Output row {@code y}: {@code ow × c} interleaved values, in a buffer that belongs to this call only.
         *
         * @param y the row
         * @param row its values
         */
        void accept(int y, float[] row);
    }

    /**
     * Resamples as {@link #resize(float[], int, int, int, int, int)} does, but hands each output row to {@code sink}
     * instead of keeping the whole output: for work that consumes the rows at once (such as joining upsampled
     * colour with a full-resolution photo) without a second full-size array. Rows are produced in parallel on large
     * images ({@link PixelRows}), so {@code sink} must accept rows from several threads in any order.
     *
     * @throws IllegalArgumentException if {@code src} does not hold {@code h*w*c} values or a target side is below 1
     */
    public static void resizeRows(float[] src, int h, int w, int c, int oh, int ow, RowSink sink) {
        checkSource(src, h, w, c);
        checkTarget(oh, ow);
        Taps ty = taps(h, oh);
        float[] mid = horizontalPass(src, h, w, c, ow);
        // the sink's work is counted as a few units per value
        PixelRows.forEach(oh, (long) ow * c * (ty.maxTaps + 8), y -> {
            float[] row = new float[ow * c];
            vertical(mid, ty, y, row.length, row, 0);
            sink.accept(y, row);
        });
    }

    /** Every row of {@code src} ({@code h × w × c}) resampled along x to {@code ow} columns. */
    private static float[] horizontalPass(float[] src, int h, int w, int c, int ow) {
        Taps tx = taps(w, ow);
        float[] mid = new float[h * ow * c];
        PixelRows.forEach(h, (long) ow * c * tx.maxTaps, y -> horizontal(src, y * w * c, tx, c, mid, y * ow * c));
        return mid;
    }

    private static void checkSource(float[] src, int h, int w, int c) {
        if (src.length != h * w * c) {
            throw new IllegalArgumentException("expected " + h * w * c + " values for " + h + "x" + w + "x" + c
                    + ", got " + src.length);
        }
    }

    static Bitmap resize(Bitmap src, int oh, int ow) {
        checkTarget(oh, ow);
        byte[] px = src.pixels();
        int h = src.height();
        int w = src.width();
        int c = src.channels();
        Taps tx = taps(w, ow);
        Taps ty = taps(h, oh);
        float[] mid = new float[h * ow * c];
        PixelRows.forEach(h, (long) ow * c * tx.maxTaps, y -> {
            float[] row = new float[w * c];
            for (int i = 0, from = y * w * c; i < row.length; i++) {
                row[i] = px[from + i] & 0xFF;
            }
            horizontal(row, 0, tx, c, mid, y * ow * c);
        });
        byte[] out = new byte[oh * ow * c];
        PixelRows.forEach(oh, (long) ow * c * ty.maxTaps, y -> {
            float[] row = new float[ow * c];
            vertical(mid, ty, y, row.length, row, 0);
            for (int i = 0, to = y * ow * c; i < row.length; i++) {
                out[to + i] = (byte) Math.min(255, Math.max(0, Math.round(row[i])));
            }
        });
        return Bitmap.wrap(oh, ow, c, out);
    }

    private static void checkTarget(int oh, int ow) {
        if (oh < 1 || ow < 1) {
            throw new IllegalArgumentException("target size must be >= 1x1, got " + oh + "x" + ow);
        }
    }

    /** One row resampled along x: {@code src[from..]} ({@code w × c}) into {@code dst[to..]} ({@code ow × c}). */
    private static void horizontal(float[] src, int from, Taps tx, int c, float[] dst, int to) {
        int ow = tx.first.length;
        for (int x = 0; x < ow; x++) {
            int base = from + tx.first[x] * c;
            int n = tx.count[x];
            int wi = x * tx.maxTaps;
            for (int ch = 0; ch < c; ch++) {
                float acc = 0;
                for (int k = 0; k < n; k++) {
                    acc += tx.weights[wi + k] * src[base + k * c + ch];
                }
                dst[to + x * c + ch] = acc;
            }
        }
    }

    /** Output row {@code y} along y: the weighted sum of rows of {@code mid} (each {@code rowLen} long). */
    private static void vertical(float[] mid, Taps ty, int y, int rowLen, float[] dst, int to) {
        int base = ty.first[y];
        int n = ty.count[y];
        for (int k = 0; k < n; k++) {
            float wk = ty.weights[y * ty.maxTaps + k];
            int m = (base + k) * rowLen;
            for (int i = 0; i < rowLen; i++) {
                dst[to + i] += wk * mid[m + i];
            }
        }
    }

}
