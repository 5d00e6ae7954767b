package dev.pigment.core.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBufferByte;
import java.awt.image.DirectColorModel;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;

/** Java 2D → {@link Bitmap} conversion; see {@link Bitmap#fromBufferedImage} for the rules. */
final class BufferedImages {
    private BufferedImages() {
    }

    static Bitmap toBitmap(BufferedImage image) {
        ColorModel cm = image.getColorModel();
        boolean componentModel = cm instanceof ComponentColorModel || cm instanceof DirectColorModel;
        int csType = cm.getColorSpace().getType();
        if (componentModel && csType == ColorSpace.TYPE_GRAY) {
            return fromSamples(image, 1);
        }
        if (componentModel && csType == ColorSpace.TYPE_RGB && cm.getNumColorComponents() == 3) {
            return fromSamples(image, 3);
        }
        return fromArgb(image);
    }

    /** Reads colour bands 0..colours-1 (and alpha, if any) straight from the raster, at any bit depth. */
    private static Bitmap fromSamples(BufferedImage image, int colours) {
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        int h = image.getHeight();
        int w = image.getWidth();
        boolean alpha = cm.hasAlpha();
        boolean premultiplied = cm.isAlphaPremultiplied();
        int bands = colours + (alpha ? 1 : 0);
        long[] max = new long[bands];
        boolean all8 = true;
        for (int b = 0; b < bands; b++) {
            int bits = cm.getComponentSize(b);
            max[b] = (1L << bits) - 1;
            all8 &= bits == 8;
        }
        byte[] out = new byte[h * w * colours];
        if (all8 && raster.getDataBuffer() instanceof DataBufferByte db
                && raster.getSampleModel() instanceof PixelInterleavedSampleModel sm
                && raster.getSampleModelTranslateX() == 0 && raster.getSampleModelTranslateY() == 0) {
            copyInterleaved8(db.getData(), sm, h, w, colours, alpha, premultiplied, out);
            return Bitmap.wrap(h, w, colours, out);
        }
        int[][] rows = new int[bands][w];
        for (int y = 0; y < h; y++) {
            for (int b = 0; b < bands; b++) {
                raster.getSamples(0, y, w, 1, b, rows[b]);
            }
            for (int x = 0; x < w; x++) {
                double a = alpha ? rows[colours][x] / (double) max[colours] : 1.0;
                for (int c = 0; c < colours; c++) {
                    double v = rows[c][x] / (double) max[c];
                    out[(y * w + x) * colours + c] = (byte) (int) Math.round(255.0 * over(v, a, premultiplied));
                }
            }
        }
        return Bitmap.wrap(h, w, colours, out);
    }

    private static void copyInterleaved8(byte[] data, PixelInterleavedSampleModel sm, int h, int w, int colours,
                                         boolean alpha, boolean premultiplied, byte[] out) {
        int[] offsets = sm.getBandOffsets();
        int stride = sm.getPixelStride();
        int scan = sm.getScanlineStride();
        for (int y = 0; y < h; y++) {
            int row = y * scan;
            for (int x = 0; x < w; x++) {
                int p = row + x * stride;
                int o = (y * w + x) * colours;
                if (alpha) {
                    double a = (data[p + offsets[colours]] & 0xFF) / 255.0;
                    for (int c = 0; c < colours; c++) {
                        double v = (data[p + offsets[c]] & 0xFF) / 255.0;
                        out[o + c] = (byte) (int) Math.round(255.0 * over(v, a, premultiplied));
                    }
                } else {
                    for (int c = 0; c < colours; c++) {
                        out[o + c] = data[p + offsets[c]];
                    }
                }
            }
        }
    }

    /** Any other colour model (palette, CMYK, ...): Java 2D's conversion to 8-bit sRGB, alpha over white. */
    private static Bitmap fromArgb(BufferedImage image) {
        int h = image.getHeight();
        int w = image.getWidth();
        byte[] out = new byte[h * w * 3];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int argb = row[x];
                double a = (argb >>> 24) / 255.0;
                int o = (y * w + x) * 3;
                for (int c = 0; c < 3; c++) {
                    double v = ((argb >> (16 - 8 * c)) & 0xFF) / 255.0;
                    out[o + c] = (byte) (int) Math.round(255.0 * over(v, a, false));
                }
            }
        }
        return Bitmap.wrap(h, w, 3, out);
    }

    /** A colour value in [0, 1] with alpha {@code a}, composited over white. */
    private static double over(double v, double a, boolean premultiplied) {
        double c = premultiplied ? v : v * a;
        return Math.min(1.0, c + (1.0 - a));
    }
}
