package dev.pigment.cli.view;

import dev.pigment.core.image.Bitmap;
import dev.pigment.models.inspect.FeatureMap;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;

/** Feature maps drawn as images for the explorer: activation grids, filters, saliency overlays. */
public final class Tiles {
    /** Pixels between tiles. */
    static final int GAP = 1;

    /** Units per row when a layer's output is a vector. */
    static final int VECTOR_COLUMNS = 32;

    /**
     * A grid of tiles, one per channel shown.
     *
     * @param shown the channels drawn, the first ones
     * @param columns tiles per row
     */
    public record Grid(Bitmap image, int shown, int columns, int tileHeight, int tileWidth) {
    }

    private Tiles() {
    }

    /**
     * A layer's activations: a spatial map as one tile per channel (the first {@code max}), a vector as rows of
     * {@value #VECTOR_COLUMNS} one-pixel units; all on one colour scale from the smallest to the largest value shown.
     */
    public static Grid activations(FeatureMap m, int max) {
        if (m.isVector()) {
            int n = m.channels();
            int columns = Math.min(n, VECTOR_COLUMNS);
            int rows = (n + columns - 1) / columns;
            float[] range = range(m.values(), n);
            byte[] px = new byte[rows * columns * 3];
            for (int i = 0; i < n; i++) {
                colour(m.values()[i], range, px, i * 3);
            }
            return new Grid(Bitmap.of(rows, columns, 3, px), n, columns, 1, 1);
        }
        int shown = Math.min(max, m.channels());
        int columns = (int) Math.ceil(Math.sqrt(shown));
        int rows = (shown + columns - 1) / columns;
        int h = m.height();
        int w = m.width();
        int height = rows * h + (rows - 1) * GAP;
        int width = columns * w + (columns - 1) * GAP;
        float min = Float.POSITIVE_INFINITY;
        float maxValue = Float.NEGATIVE_INFINITY;
        for (int c = 0; c < shown; c++) {
            float[] r = m.range(c);
            min = Math.min(min, r[0]);
            maxValue = Math.max(maxValue, r[1]);
        }
        float[] range = {min, maxValue};
        byte[] px = new byte[height * width * 3];
        java.util.Arrays.fill(px, (byte) 255);
        for (int c = 0; c < shown; c++) {
            int oy = (c / columns) * (h + GAP);
            int ox = (c % columns) * (w + GAP);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    colour(m.get(y, x, c), range, px, ((oy + y) * width + ox + x) * 3);
                }
            }
        }
        return new Grid(Bitmap.of(height, width, 3, px), shown, columns, h, w);
    }

    /**
     * First-layer filters, each on its own scale symmetric about zero (mid-gray is 0), in colour when they read three
     * channels, else their first channel; {@code scale} screen pixels per weight.
     */
    public static Bitmap filters(List<FeatureMap> filters) {
        int scale = 8;
        int n = filters.size();
        int columns = (int) Math.ceil(Math.sqrt(n));
        int rows = (n + columns - 1) / columns;
        FeatureMap f0 = filters.get(0);
        int th = f0.height() * scale;
        int tw = f0.width() * scale;
        int gap = 2;
        int height = rows * th + (rows - 1) * gap;
        int width = columns * tw + (columns - 1) * gap;
        byte[] px = new byte[height * width * 3];
        java.util.Arrays.fill(px, (byte) 255);
        for (int k = 0; k < n; k++) {
            FeatureMap f = filters.get(k);
            float a = 1e-12f;
            for (float v : f.values()) {
                a = Math.max(a, Math.abs(v));
            }
            boolean rgb = f.channels() == 3;
            int oy = (k / columns) * (th + gap);
            int ox = (k % columns) * (tw + gap);
            for (int y = 0; y < th; y++) {
                for (int x = 0; x < tw; x++) {
                    int i = ((oy + y) * width + ox + x) * 3;
                    for (int c = 0; c < 3; c++) {
                        float v = f.get(y / scale, x / scale, rgb ? c : 0);
                        px[i + c] = (byte) Math.round(127.5f + 127.5f * v / a);
                    }
                }
            }
        }
        return Bitmap.of(height, width, 3, px);
    }

    /**
     * The input in gray with the saliency over it: red where brightening raises the class's probability, blue where
     * it lowers it, stronger where the gradient is larger; 8 screen pixels per input pixel.
     */
    public static Bitmap saliency(FeatureMap input, FeatureMap gradient) {
        int scale = 8;
        int h = gradient.height();
        int w = gradient.width();
        float a = 1e-12f;
        for (float v : gradient.values()) {
            a = Math.max(a, Math.abs(v));
        }
        float[] in = input.range(0);
        byte[] px = new byte[h * scale * w * scale * 3];
        for (int y = 0; y < h * scale; y++) {
            for (int x = 0; x < w * scale; x++) {
                float g = gradient.get(y / scale, x / scale, 0) / a;
                float base = 0;
                for (int c = 0; c < input.channels(); c++) {
                    base += input.get(y / scale, x / scale, c);
                }
                base = base / input.channels();
                float gray = (in[1] > in[0] ? (base - in[0]) / (in[1] - in[0]) : 0) * 0.6f * 255;
                float t = Math.min(1, Math.abs(g));
                float[] tint = g > 0 ? new float[] {230, 40, 30} : new float[] {30, 90, 230};
                int i = (y * w * scale + x) * 3;
                for (int c = 0; c < 3; c++) {
                    px[i + c] = (byte) Math.round(gray * (1 - t) + tint[c] * t);
                }
            }
        }
        return Bitmap.of(h * scale, w * scale, 3, px);
    }

    /** PNG bytes. */
    public static byte[] png(Bitmap b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            javax.imageio.ImageIO.write(b.toBufferedImage(), "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A PNG data URL, for images inside a JSON answer. */
    public static String dataUrl(Bitmap b) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png(b));
    }

    private static float[] range(float[] values, int n) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            min = Math.min(min, values[i]);
            max = Math.max(max, values[i]);
        }
        return new float[] {min, max};
    }

    /** Colours value {@code v} on the scale {@code range}: dark blue through teal to yellow. */
    private static void colour(float v, float[] range, byte[] px, int i) {
        float t = range[1] > range[0] ? (v - range[0]) / (range[1] - range[0]) : 0;
        t = Math.max(0, Math.min(1, t));
        // three stops of a viridis-like scale
        float[][] stops = {{68, 1, 84}, {33, 145, 140}, {253, 231, 37}};
        float s = t * 2;
        int k = Math.min(1, (int) s);
        float f = s - k;
        for (int c = 0; c < 3; c++) {
            px[i + c] = (byte) Math.round(stops[k][c] * (1 - f) + stops[k + 1][c] * f);
        }
    }
}
